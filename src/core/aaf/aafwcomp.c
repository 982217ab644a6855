/*
 * aafwcomp.c: tracks, clips, fades, effects and markers of a written AAF.
 *
 * Fades are Transitions (MonoAudioDissolve) in the track's Sequence: a
 * transition overlaps its neighbours by its length, so a fade in is
 * Filler + Transition before the clip, a fade out Transition + Filler
 * after it, and a crossfade a Transition between two clips that overlap
 * by exactly its length.  Positions are exact in the track's edit units.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aaf/aafwcomp.h"
#include "log.h"
#include "xalloc.h"

/* Decibels at or below this are silence (amplitude 0), as the reader
 * reads an amplitude of 0 back. */
#define SILENCE_DB -144.0

struct comp {
	const struct session *s;
	struct aafwmedia *mm;
	struct aafwdict *d;
	uint32_t *slot_ids;	/* per track */
	bool track_pan;		/* the current track's pan is written once, for it */
	struct errbuf *eb;
};

void aafwcomp_ratio(double x, int32_t *num, int32_t *den)
{
	int64_t h0 = 0, h1 = 1, k0 = 1, k1 = 0;
	double f = x;

	if (!(x > 0) || isnan(x)) {
		*num = 0;
		*den = 1;
		return;
	}
	if (x >= INT32_MAX) {
		*num = INT32_MAX;
		*den = 1;
		return;
	}
	for (int i = 0; i < 64; i++) {
		double a = floor(f);
		int64_t h2, k2;

		if (a > INT32_MAX)
			break;
		h2 = (int64_t)a * h1 + h0;
		k2 = (int64_t)a * k1 + k0;
		if (h2 > INT32_MAX || k2 > INT32_MAX)
			break;
		h0 = h1;
		h1 = h2;
		k0 = k1;
		k1 = k2;
		if (f == a)
			break;
		f = 1.0 / (f - a);
	}
	*num = (int32_t)h1;
	*den = (int32_t)k1;
}

static bool rate_fits(struct rational r)
{
	return rational_valid(r) && r.num <= INT32_MAX && r.den <= INT32_MAX;
}

/* ---- components ------------------------------------------------------------------ */

static struct aafwrite_obj *component(struct comp *cp, enum aaf_class k, enum aafwdict_def data,
				      int64_t length)
{
	struct aafwrite_obj *o = aafwrite_obj_new(k);

	aafwdict_ref(cp->d, o, PID_COMPONENT_DATADEF, data);
	aafwrite_i64(o, PID_COMPONENT_LENGTH, length);
	return o;
}

static struct aafwrite_obj *rational_value(struct comp *cp, enum aafwdict_def param, double v)
{
	struct aafwrite_obj *cv = aafwrite_obj_new(AAF_CLASS_CONSTANT_VALUE);
	uint8_t b[8];
	int32_t num, den;

	aafwcomp_ratio(v, &num, &den);
	aafwrite_put32(b, (uint32_t)num);
	aafwrite_put32(b + 4, (uint32_t)den);
	aafwdict_use(cp->d, param);
	aafwrite_auid(cv, PID_PARAMETER_DEFINITION, aafwdict_id(param));
	aafwrite_indirect(cv, PID_CONSTANTVALUE_VALUE, &AAF_TYPE_RATIONAL, b, sizeof(b));
	return cv;
}

static struct aafwrite_obj *control_point(int32_t tnum, int32_t tden, double value)
{
	struct aafwrite_obj *pt = aafwrite_obj_new(AAF_CLASS_CONTROL_POINT);
	uint8_t b[8];
	int32_t num, den;

	aafwcomp_ratio(value, &num, &den);
	aafwrite_put32(b, (uint32_t)num);
	aafwrite_put32(b + 4, (uint32_t)den);
	aafwrite_indirect(pt, PID_CONTROLPOINT_VALUE, &AAF_TYPE_RATIONAL, b, sizeof(b));
	aafwrite_rational(pt, PID_CONTROLPOINT_TIME, tnum, tden);
	aafwrite_u8(pt, PID_CONTROLPOINT_EDITHINT, 1);	/* Proportional */
	return pt;
}

static struct aafwrite_obj *varying(struct comp *cp, enum aafwdict_def param,
				    enum aafwdict_def interp)
{
	struct aafwrite_obj *vv = aafwrite_obj_new(AAF_CLASS_VARYING_VALUE);

	aafwdict_use(cp->d, param);
	aafwrite_auid(vv, PID_PARAMETER_DEFINITION, aafwdict_id(param));
	aafwdict_ref(cp->d, vv, PID_VARYINGVALUE_INTERPOLATION, interp);
	return vv;
}

/* An OperationGroup op over one input with one parameter. */
static struct aafwrite_obj *operation(struct comp *cp, enum aafwdict_def op, int64_t length,
				      struct aafwrite_obj *input, struct aafwrite_obj *param)
{
	struct aafwrite_obj *og = component(cp, AAF_CLASS_OPERATION_GROUP, AAFWDICT_DATA_SOUND, length);

	aafwdict_ref(cp->d, og, PID_OPGROUP_OPERATION, op);
	if (input)
		aafwrite_append(og, PID_OPGROUP_INPUTS, input);
	if (param)
		aafwrite_append(og, PID_OPGROUP_PARAMETERS, param);
	return og;
}

static double amplitude(double db)
{
	return db <= SILENCE_DB ? 0.0 : pow(10.0, db / 20.0);
}

/* ---- clips -------------------------------------------------------------------------- */

static struct aafwrite_obj *source_clip(struct comp *cp, const struct track *t,
					const struct clip *c, int ch)
{
	struct aafwrite_obj *sc = component(cp, AAF_CLASS_SOURCE_CLIP, AAFWDICT_DATA_SOUND,
					    c->length_eu);
	struct aafwmedia_ref ref;

	aafwmedia_ref(cp->mm, c, ch, t->edit_rate, &ref);
	aafwrite_mobid(sc, PID_SOURCEREF_SOURCE_ID, ref.mob_id);
	aafwrite_u32(sc, PID_SOURCEREF_SLOT_ID, ref.slot);
	aafwrite_i64(sc, PID_SOURCECLIP_START, ref.start);
	return sc;
}

static struct aafwrite_obj *volume(struct comp *cp, const struct track *t, const struct clip *c)
{
	struct aafwrite_obj *vv = varying(cp, AAFWDICT_PARAM_AMPLITUDE, AAFWDICT_INTERP_LINEAR);
	int64_t len = session_eu_to_samples(c->length_eu, t->edit_rate, cp->s->sample_rate);

	for (size_t i = 0; i < c->n_volume; i++) {
		int64_t pos = c->volume[i].pos;
		int32_t num, den;

		if (len > 0 && len <= INT32_MAX && pos >= 0 && pos <= INT32_MAX) {
			num = (int32_t)pos;
			den = (int32_t)len;
		} else {
			aafwcomp_ratio(len > 0 ? (double)pos / (double)len : 0.0, &num, &den);
		}
		aafwrite_append(vv, PID_VARYINGVALUE_POINTS,
				control_point(num, den, amplitude(c->volume[i].gain_db)));
	}
	return vv;
}

/* The muted clip: a Selector playing silence, the clip its alternate,
 * marked as Media Composer marks a disabled clip. */
static struct aafwrite_obj *muted(struct comp *cp, struct aafwrite_obj *seg, int64_t length)
{
	struct aafwrite_obj *sel = component(cp, AAF_CLASS_SELECTOR, AAFWDICT_DATA_SOUND, length);
	struct aafwrite_obj *tv = aafwrite_obj_new(AAF_CLASS_TAGGED_VALUE);
	uint8_t one[4];

	aafwrite_strong(sel, PID_SELECTOR_SELECTED,
			component(cp, AAF_CLASS_FILLER, AAFWDICT_DATA_SOUND, length));
	aafwrite_append(sel, PID_SELECTOR_ALTERNATES, seg);
	aafwrite_put32(one, 1);
	aafwrite_string(tv, PID_TAGGEDVALUE_NAME, "_DISABLE_CLIP_FLAG");
	aafwrite_indirect(tv, PID_TAGGEDVALUE_VALUE, &AAF_TYPE_INT32, one, sizeof(one));
	aafwrite_append(sel, PID_AVID_COMPONENT_ATTRIBUTES, tv);
	return sel;
}

static struct aafwrite_obj *clip_segment(struct comp *cp, const struct track *t,
					 const struct clip *c)
{
	struct aafwrite_obj *seg;

	if (c->channels == 1) {
		seg = source_clip(cp, t, c, 0);
	} else {
		seg = operation(cp, AAFWDICT_OP_COMBINER, c->length_eu, NULL, NULL);
		for (int ch = 0; ch < c->channels; ch++)
			aafwrite_append(seg, PID_OPGROUP_INPUTS, source_clip(cp, t, c, ch));
	}
	if (c->has_pan && !cp->track_pan)
		seg = operation(cp, AAFWDICT_OP_PAN, c->length_eu, seg,
				rational_value(cp, AAFWDICT_PARAM_PAN, (c->pan + 1.0) / 2.0));
	if (c->n_volume)
		seg = operation(cp, AAFWDICT_OP_GAIN, c->length_eu, seg, volume(cp, t, c));
	if (c->gain_db != 0.0)
		seg = operation(cp, AAFWDICT_OP_GAIN, c->length_eu, seg,
				rational_value(cp, AAFWDICT_PARAM_AMPLITUDE, amplitude(c->gain_db)));
	if (c->mute)
		seg = muted(cp, seg, c->length_eu);
	return seg;
}

/* ---- sequences ------------------------------------------------------------------- */

static enum aafwdict_def interp_for(enum fade_shape sh)
{
	switch (sh) {
	case FADE_SHAPE_EQUAL_POWER: return AAFWDICT_INTERP_POWER;
	case FADE_SHAPE_LOG: case FADE_SHAPE_EXP: return AAFWDICT_INTERP_LOG;
	case FADE_SHAPE_SCURVE: return AAFWDICT_INTERP_BSPLINE;
	default: return AAFWDICT_INTERP_LINEAR;
	}
}

static struct aafwrite_obj *transition(struct comp *cp, int64_t length, int64_t cut,
				       enum fade_shape shape)
{
	struct aafwrite_obj *tr = component(cp, AAF_CLASS_TRANSITION, AAFWDICT_DATA_SOUND, length);
	struct aafwrite_obj *level = varying(cp, AAFWDICT_PARAM_LEVEL, interp_for(shape));

	aafwrite_append(level, PID_VARYINGVALUE_POINTS, control_point(0, 1, 0.0));
	aafwrite_append(level, PID_VARYINGVALUE_POINTS, control_point(1, 1, 1.0));
	aafwrite_strong(tr, PID_TRANSITION_OPGROUP,
			operation(cp, AAFWDICT_OP_DISSOLVE, length, NULL, level));
	aafwrite_i64(tr, PID_TRANSITION_CUTPOINT, cut);
	return tr;
}

struct seq {
	struct comp *cp;
	struct aafwrite_obj *obj;
	int64_t at;		/* where the next segment starts */
};

static void seq_add(struct seq *q, struct aafwrite_obj *o, int64_t length, bool is_transition)
{
	aafwrite_append(q->obj, PID_SEQUENCE_COMPONENTS, o);
	q->at += is_transition ? -length : length;
}

static void seq_filler(struct seq *q, int64_t length)
{
	if (length > 0)
		seq_add(q, component(q->cp, AAF_CLASS_FILLER, AAFWDICT_DATA_SOUND, length), length, false);
}

/* What comes between the clip before (NULL: none) and clip c. */
static enum err seq_gap(struct seq *q, const struct clip *prev, const struct clip *c)
{
	int64_t fo = prev ? prev->fade_out.length_eu : 0, fi = c->fade_in.length_eu;

	if (prev && c->pos_eu < q->at) {
		int64_t x = q->at - c->pos_eu;

		if (x > prev->length_eu || x > c->length_eu)
			return err_set(q->cp->eb, ERR_INVALID, "clips '%s' and '%s' overlap by more "
				       "than a clip", prev->name ? prev->name : "",
				       c->name ? c->name : "");
		if (fo != x || fi != x)
			log_warn("clips '%s' and '%s' overlap: written as a crossfade of %lld units",
				 prev->name ? prev->name : "", c->name ? c->name : "", (long long)x);
		seq_add(q, transition(q->cp, x, x / 2, c->fade_in.shape), x, true);
		return ERR_OK;
	}
	if (fo > 0)
		seq_add(q, transition(q->cp, fo, fo, prev->fade_out.shape), fo, true);
	seq_filler(q, c->pos_eu + fi - q->at);
	if (fi > 0)
		seq_add(q, transition(q->cp, fi, 0, c->fade_in.shape), fi, true);
	return ERR_OK;
}

static int clip_order(const void *a, const void *b)
{
	const struct clip *x = *(const struct clip *const *)a, *y = *(const struct clip *const *)b;

	if (x->pos_eu != y->pos_eu)
		return x->pos_eu < y->pos_eu ? -1 : 1;
	return x < y ? -1 : x > y;
}

static enum err audio_sequence(struct comp *cp, const struct track *t, int64_t track_len,
			       struct aafwrite_obj **out, int64_t *length)
{
	struct seq q = { cp, component(cp, AAF_CLASS_SEQUENCE, AAFWDICT_DATA_SOUND, 0), 0 };
	const struct clip **order = xcalloc(t->n_clips + 1, sizeof(*order));
	const struct clip *prev = NULL;
	enum err e = ERR_OK;
	int64_t end;

	/* Components is required: a track with nothing on it has none */
	aafwrite_empty_vector(q.obj, PID_SEQUENCE_COMPONENTS);
	for (size_t i = 0; i < t->n_clips; i++)
		order[i] = &t->clips[i];
	qsort(order, t->n_clips, sizeof(*order), clip_order);
	for (size_t i = 0; i < t->n_clips && !e; i++) {
		const struct clip *c = order[i];

		if (c->pos_eu < 0 || c->length_eu < 0 || c->channels < 1)
			e = err_set(cp->eb, ERR_INVALID, "clip '%s': bad position, length or channels",
				    c->name ? c->name : "");
		else if (!(e = seq_gap(&q, prev, c)))
			seq_add(&q, clip_segment(cp, t, c), c->length_eu, false);
		prev = c;
	}
	end = q.at;
	if (!e && prev && prev->fade_out.length_eu > 0)
		seq_add(&q, transition(cp, prev->fade_out.length_eu, prev->fade_out.length_eu,
				       prev->fade_out.shape), prev->fade_out.length_eu, true);
	seq_filler(&q, (track_len > end ? track_len : end) - q.at);
	aafwrite_i64(q.obj, PID_COMPONENT_LENGTH, q.at);
	free(order);
	*out = q.obj;
	*length = q.at;
	return e;
}

/* ---- slots ------------------------------------------------------------------------ */

static struct aafwrite_obj *timeline_slot(uint32_t id, const char *name, uint32_t number,
					  struct rational rate, struct aafwrite_obj *seg)
{
	struct aafwrite_obj *slot = aafwrite_obj_new(AAF_CLASS_TIMELINE_MOB_SLOT);

	aafwrite_u32(slot, PID_SLOT_ID, id);
	aafwrite_string(slot, PID_SLOT_NAME, name ? name : "");
	aafwrite_u32(slot, PID_SLOT_PHYSICAL_TRACK, number);
	aafwrite_rational(slot, PID_TIMELINESLOT_EDIT_RATE, (int32_t)rate.num, (int32_t)rate.den);
	aafwrite_i64(slot, PID_TIMELINESLOT_ORIGIN, 0);
	aafwrite_strong(slot, PID_SLOT_SEGMENT, seg);
	return slot;
}

/* The smallest slot id not in ids[0..n) (0s are free places). */
static uint32_t free_id(const uint32_t *ids, size_t n, uint32_t from)
{
	for (uint32_t id = from;; id++) {
		size_t i;

		for (i = 0; i < n && ids[i] != id; i++)
			;
		if (i == n)
			return id;
	}
}

/* Slot ids: each track keeps its own when it has a unique one, the
 * timecode slot takes the lowest free id (1 for a session made by hand,
 * as Media Composer numbers them), other tracks the next free ones. */
static uint32_t assign_slot_ids(struct comp *cp)
{
	const struct session *s = cp->s;
	uint32_t tc;

	cp->slot_ids = xcalloc(s->n_tracks + 1, sizeof(*cp->slot_ids));
	for (size_t i = 0; i < s->n_tracks; i++) {
		int id = s->tracks[i].slot_id;

		if (id > 0 && free_id(cp->slot_ids, i, (uint32_t)id) == (uint32_t)id)
			cp->slot_ids[i] = (uint32_t)id;
	}
	tc = free_id(cp->slot_ids, s->n_tracks, 1);
	for (size_t i = 0; i < s->n_tracks; i++)
		if (!cp->slot_ids[i]) {
			cp->slot_ids[i] = tc;	/* a stand-in until the real one is known */
			cp->slot_ids[i] = free_id(cp->slot_ids, s->n_tracks, tc + 1);
		}
	return tc;
}

/* Track length in units of rate that covers the composition length. */
static int64_t track_length(const struct session *s, struct rational rate)
{
	int64_t len = rational_rescale(s->length_eu, s->edit_rate, rate);

	while (rational_rescale(len, rate, s->edit_rate) < s->length_eu)
		len++;
	return len;
}

static struct aafwrite_obj *timecode_slot(struct comp *cp, uint32_t id)
{
	const struct session *s = cp->s;
	struct rational rate = s->tc_rate;
	struct aafwrite_obj *tc = component(cp, AAF_CLASS_TIMECODE, AAFWDICT_DATA_TIMECODE,
					   track_length(s, rate));
	int fps = s->tc_fps > 0 ? s->tc_fps : (int)((rate.num + rate.den / 2) / rate.den);

	aafwrite_i64(tc, PID_TIMECODE_START, s->tc_start);
	aafwrite_u16(tc, PID_TIMECODE_FPS, (uint16_t)fps);
	aafwrite_bool(tc, PID_TIMECODE_DROP, s->drop_frame);
	return timeline_slot(id, "TC1", 1, rate, tc);
}

/* True when every clip of t has the same pan: the track's pan, which the
 * AAF Edit Protocol wants on the track (an operation over its sequence). */
static bool uniform_pan(const struct track *t, double *pan)
{
	for (size_t j = 0; j < t->n_clips; j++)
		if (!t->clips[j].has_pan || t->clips[j].pan != t->clips[0].pan)
			return false;
	*pan = t->n_clips ? t->clips[0].pan : 0.0;
	return t->n_clips > 0;
}

static struct aafwrite_obj *video_sequence(struct comp *cp)
{
	int64_t len = cp->s->length_eu;
	struct aafwrite_obj *seg = component(cp, AAF_CLASS_SEQUENCE, AAFWDICT_DATA_PICTURE, len);

	aafwrite_empty_vector(seg, PID_SEQUENCE_COMPONENTS);
	if (len > 0)
		aafwrite_append(seg, PID_SEQUENCE_COMPONENTS,
				component(cp, AAF_CLASS_FILLER, AAFWDICT_DATA_PICTURE, len));
	return seg;
}

static enum err track_slot(struct comp *cp, size_t i, struct aafwrite_obj **out)
{
	const struct track *t = &cp->s->tracks[i];
	struct aafwrite_obj *seg;
	enum err e;
	double pan = 0;
	int64_t length;

	*out = NULL;
	if (t->kind == TRACK_KIND_VIDEO) {
		*out = timeline_slot(cp->slot_ids[i], t->name, (uint32_t)t->index, cp->s->edit_rate,
				     video_sequence(cp));
		return ERR_OK;
	}
	if (!rate_fits(t->edit_rate))
		return err_set(cp->eb, ERR_INVALID, "track '%s': edit rate %lld/%lld", t->name ? t->name : "",
			       (long long)t->edit_rate.num, (long long)t->edit_rate.den);
	cp->track_pan = uniform_pan(t, &pan);
	e = audio_sequence(cp, t, track_length(cp->s, t->edit_rate), &seg, &length);
	if (cp->track_pan)
		seg = operation(cp, AAFWDICT_OP_PAN, length, seg,
				rational_value(cp, AAFWDICT_PARAM_PAN, (pan + 1.0) / 2.0));
	*out = timeline_slot(cp->slot_ids[i], t->name, (uint32_t)t->index, t->edit_rate, seg);
	return e;
}

/* ---- markers ---------------------------------------------------------------------- */

/* The exact place of a marker: its own edit units, else its samples. */
static struct rational marker_rate(const struct session *s, const struct marker *mk,
				   int64_t *pos, int64_t *len)
{
	if (rate_fits(mk->rate)) {
		*pos = mk->pos_eu;
		*len = mk->length_eu;
		return mk->rate;
	}
	*pos = mk->pos - s->start;
	*len = mk->length;
	return (struct rational){ s->sample_rate, 1 };
}

/* The slot id of audio track number track, 0 when none. */
static uint32_t audio_slot(const struct comp *cp, int track)
{
	for (size_t i = 0; i < cp->s->n_tracks; i++)
		if (cp->s->tracks[i].kind == TRACK_KIND_AUDIO && cp->s->tracks[i].index == track)
			return cp->slot_ids[i];
	return 0;
}

/*
 * A DescriptiveMarker as Media Composer writes one: Event::Comment holds
 * the text (the marker's name, or its comment when it has no name),
 * Avid's CommentMarkerUSer the name and CommentMarkerColor the colour
 * (16-bit components, little-endian).
 */
static struct aafwrite_obj *marker(struct comp *cp, const struct marker *mk, int64_t pos,
				   int64_t len)
{
	struct aafwrite_obj *o = aafwrite_obj_new(AAF_CLASS_DESCRIPTIVE_MARKER);
	uint32_t slot = mk->track > 0 ? audio_slot(cp, mk->track) : 0;
	const char *text = mk->comment ? mk->comment : mk->name;
	uint8_t b[6];

	aafwdict_ref(cp->d, o, PID_COMPONENT_DATADEF, AAFWDICT_DATA_DESCRIPTIVE);
	aafwrite_i64(o, PID_COMPONENT_LENGTH, len);
	aafwrite_i64(o, PID_EVENT_POSITION, pos);
	aafwrite_string(o, PID_EVENT_COMMENT, text ? text : "");
	if (slot) {
		aafwrite_put32(b, slot);
		aafwrite_data(o, PID_DESCMARKER_DESCRIBED_SLOTS, b, 4);
	}
	if (mk->name)
		aafwrite_string(o, PID_AVID_COMMENTMARKER_USER, mk->name);
	if (mk->has_color) {
		for (int k = 0; k < 3; k++)
			aafwrite_put16(b + 2 * k, mk->rgb[k]);
		aafwrite_data(o, PID_AVID_COMMENTMARKER_COLOR, b, 6);
	}
	return o;
}

/* Markers in order, one EventMobSlot per run of markers on the same track
 * at the same rate (Media Composer has one per track). */
static void marker_slots(struct comp *cp, struct aafwrite_obj *mob, uint32_t *next_id)
{
	const struct session *s = cp->s;

	for (size_t i = 0; i < s->n_markers;) {
		int64_t pos, len;
		struct rational rate = marker_rate(s, &s->markers[i], &pos, &len), r = rate;
		struct aafwrite_obj *slot, *seq = aafwrite_obj_new(AAF_CLASS_SEQUENCE);
		int track = s->markers[i].track;

		aafwdict_ref(cp->d, seq, PID_COMPONENT_DATADEF, AAFWDICT_DATA_DESCRIPTIVE);
		do {
			aafwrite_append(seq, PID_SEQUENCE_COMPONENTS, marker(cp, &s->markers[i], pos, len));
			if (++i < s->n_markers)
				r = marker_rate(s, &s->markers[i], &pos, &len);
		} while (i < s->n_markers && s->markers[i].track == track && rational_eq(r, rate));
		slot = aafwrite_obj_new(AAF_CLASS_EVENT_MOB_SLOT);
		aafwrite_u32(slot, PID_SLOT_ID, (*next_id)++);
		aafwrite_u32(slot, PID_SLOT_PHYSICAL_TRACK, track > 0 ? (uint32_t)track : 1);
		aafwrite_rational(slot, PID_EVENTSLOT_EDIT_RATE, (int32_t)rate.num, (int32_t)rate.den);
		aafwrite_strong(slot, PID_SLOT_SEGMENT, seq);
		aafwrite_append(mob, PID_MOB_SLOTS, slot);
	}
}

/* ---- the composition ------------------------------------------------------------ */

static enum err check_rates(const struct session *s, struct errbuf *eb)
{
	if (!rate_fits(s->edit_rate) || !rate_fits(s->tc_rate))
		return err_set(eb, ERR_INVALID, "composition edit rate %lld/%lld or timecode rate "
			       "%lld/%lld cannot be stored", (long long)s->edit_rate.num,
			       (long long)s->edit_rate.den, (long long)s->tc_rate.num,
			       (long long)s->tc_rate.den);
	if (s->sample_rate <= 0 || s->length_eu < 0)
		return err_set(eb, ERR_INVALID, "session sample rate %d or length %lld",
			       s->sample_rate, (long long)s->length_eu);
	return ERR_OK;
}

enum err aafwcomp_build(const struct session *s, const uint8_t id[32], struct aafwmedia *mm,
			struct aafwdict *d, struct aafwrite_obj **out, struct errbuf *eb)
{
	struct comp cp = { s, mm, d, NULL, false, eb };
	struct aafwrite_obj *mob;
	uint32_t tc_id, next_id;
	enum err e;

	*out = NULL;
	e = check_rates(s, eb);
	if (e)
		return e;
	mob = aafwrite_obj_new(AAF_CLASS_COMPOSITION_MOB);
	aafwrite_mobid(mob, PID_MOB_ID, id);
	aafwrite_string(mob, PID_MOB_NAME, s->composition_name ? s->composition_name : "");
	aafwrite_fixed_date(mob, PID_MOB_LAST_MODIFIED);
	aafwrite_fixed_date(mob, PID_MOB_CREATION_TIME);
	aafwrite_auid(mob, PID_MOB_USAGE_CODE, &AAF_USAGE_TOP_LEVEL);
	tc_id = assign_slot_ids(&cp);
	aafwrite_append(mob, PID_MOB_SLOTS, timecode_slot(&cp, tc_id));
	for (size_t i = 0; i < s->n_tracks && !e; i++) {
		struct aafwrite_obj *slot;

		e = track_slot(&cp, i, &slot);
		if (slot)
			aafwrite_append(mob, PID_MOB_SLOTS, slot);
	}
	next_id = free_id(cp.slot_ids, s->n_tracks, tc_id + 1);
	for (size_t i = 0; i < s->n_tracks; i++)
		if (cp.slot_ids[i] >= next_id)
			next_id = cp.slot_ids[i] + 1;
	if (!e)
		marker_slots(&cp, mob, &next_id);
	free(cp.slot_ids);
	if (e) {
		aafwrite_obj_free(mob);
		return e;
	}
	*out = mob;
	return ERR_OK;
}

/*
 * timeline.c: builds the session from the AAF object tree.
 *
 * Positions follow AAF's sequence rule: segments advance the position by
 * their length, a transition steps it back by its own length so that the
 * two neighbours overlap under it.  Every source clip is followed through
 * master mobs and sub-clips to the first source mob whose descriptor is a
 * file (WAVE, AIFC, PCM …); the offset is carried exactly, converted at
 * each hop between the slots' edit rates.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aaf/chain.h"
#include "aaf/descriptor.h"
#include "aaf/timeline.h"
#include "aaf/vendor.h"
#include "log.h"
#include "xalloc.h"

static const struct aaf_auid USAGE_TOP_LEVEL = {
	0x0d010102, 0x0101, 0x0700, { 0x06, 0x0e, 0x2b, 0x34, 0x04, 0x01, 0x01, 0x01 }
};

/* What encloses a segment while walking: effects that apply to the clips
 * found inside. */
struct ctx {
	double gain_db;
	bool has_pan;
	double pan;
	bool mute;
	struct aaf_obj *volume;		/* a VaryingValue of clip gain */
	int64_t volume_len;
	int depth;
	/* NestedScope slots visible to ScopeReferences */
	struct aaf_obj **scope;
	size_t n_scope, scope_at;
};


/* ---- walking a composition slot ---------------------------------------------- */

struct walk {
	struct tl *t;
	struct track *track;
	size_t first_new;	/* clips added by the current component */
};

static void walk_segment(struct walk *w, struct aaf_obj *seg, int64_t pos, int64_t len,
			 struct ctx *cx);

static void apply_ctx(struct clip *c, const struct ctx *cx)
{
	c->gain_db += cx->gain_db;
	if (cx->has_pan) {
		c->has_pan = true;
		c->pan = cx->pan;
	}
	c->mute = c->mute || cx->mute;
}

/* Clip volume automation: VaryingValue points at times 0..1 of the
 * operation's length, values as amplitude. */
static void apply_volume(struct clip *c, const struct ctx *cx, struct rational rate, int sr)
{
	struct aaf_obj **pts;
	size_t n;

	if (!cx->volume)
		return;
	n = aafobj_strong_list(cx->volume, PID_VARYINGVALUE_POINTS, &pts);
	free(c->volume);
	c->volume = xcalloc(n ? n : 1, sizeof(*c->volume));
	c->n_volume = 0;
	for (size_t i = 0; i < n; i++) {
		struct rational tm;
		double amp;
		const struct aaf_prop *v = aafobj_prop(pts[i], PID_CONTROLPOINT_VALUE);

		double at;

		if (!aafobj_rational(pts[i], PID_CONTROLPOINT_TIME, &tm) || tm.den <= 0 ||
		    !aaf_indirect_number(v, &amp) || !isfinite(amp))
			continue;
		/* times run 0..1 over the operation's length */
		at = (double)tm.num / (double)tm.den;
		at = at < 0 ? 0 : at > 1 ? 1 : at;
		c->volume[c->n_volume].pos = (int64_t)llround(at *
			(double)session_eu_to_samples(cx->volume_len, rate, sr));
		c->volume[c->n_volume].gain_db = amp > 0 ? 20.0 * log10(amp) : -144.0;
		c->n_volume++;
	}
	free(pts);
}

static struct clip *add_clip(struct walk *w, int64_t pos, int64_t len, int channels,
			     const struct ctx *cx)
{
	struct clip *c;

	/* each clip costs more than a visit: a million clips is the most a
	 * file may ask the reader to hold */
	for (int i = 0; i < TL_WORK_BUDGET / 1000000L - 1; i++)
		tl_spend(w->t);
	c = track_add_clip(w->track);

	c->pos_eu = pos;
	c->length_eu = len;
	clip_set_channels(c, channels);
	apply_ctx(c, cx);
	return c;
}

/* Fills channel ch of c from the source clip sc. */
static void source_into(struct walk *w, struct clip *c, int ch, struct aaf_obj *sc)
{
	struct source src;
	int64_t start = 0;

	memset(&src, 0, sizeof(src));
	if (chain_follow(w->t, sc, 0, w->track->edit_rate, &src)) {
		int media = chain_media_for(w->t, &src);

		c->sources[ch].media = media;
		c->sources[ch].channel = chain_channel_of(w->t, media, &src);
		chain_note_essence(w->t, &src, media);
		c->sources[ch].offset = src.offset;
		c->sources[ch].offset_rate = src.rate;
		if (ch == 0) {
			/* the offset in the track's units, from the file's */
			c->source_offset_eu = rational_valid(src.rate) ?
				rational_rescale(src.offset, src.rate, w->track->edit_rate) : 0;
		}
	} else if (ch == 0 && aafobj_i64(sc, PID_SOURCECLIP_START, &start)) {
		c->source_offset_eu = start;
	}
	if (!c->name && src.name)
		c->name = xstrdup(src.name);
	free(src.name);
}

static void walk_source_clip(struct walk *w, struct aaf_obj *sc, int64_t pos, int64_t len,
			     struct ctx *cx)
{
	struct clip *c;

	/* kept even when its source cannot be followed: the clip is on the
	 * timeline, and its media is reported unknown rather than dropped */
	c = add_clip(w, pos, len, 1, cx);
	source_into(w, c, 0, sc);
	apply_volume(c, cx, w->track->edit_rate, w->t->s->sample_rate);
}

/* The source clip a channel input of a combiner stands for. */
static struct aaf_obj *leaf_clip(struct aaf_obj *seg, struct ctx *cx, int depth)
{
	struct aaf_obj **items, *found = NULL;
	size_t n;

	if (!seg || depth > TL_MAX_DEPTH)
		return NULL;
	if (aafobj_isa(seg, AAF_CLASS_SOURCE_CLIP))
		return seg;
	if (aafobj_isa(seg, AAF_CLASS_OPERATION_GROUP) || aafobj_isa(seg, AAF_CLASS_SEQUENCE)) {
		n = aafobj_strong_list(seg, aafobj_isa(seg, AAF_CLASS_SEQUENCE) ?
				       PID_SEQUENCE_COMPONENTS : PID_OPGROUP_INPUTS, &items);
		for (size_t i = 0; i < n && !found; i++)
			found = leaf_clip(items[i], cx, depth + 1);
		free(items);
		return found;
	}
	if (aafobj_isa(seg, AAF_CLASS_SELECTOR))
		return leaf_clip(aafobj_strong(seg, PID_SELECTOR_SELECTED), cx, depth + 1);
	return NULL;
}

static void walk_combiner(struct walk *w, struct aaf_obj **in, size_t n, int64_t pos,
			  int64_t len, struct ctx *cx)
{
	struct clip *c;
	int channels = n > 64 ? 64 : (int)n;

	if (!n)
		return;
	c = add_clip(w, pos, len, channels, cx);
	for (int ch = 0; ch < channels; ch++) {
		struct aaf_obj *sc = leaf_clip(in[ch], cx, cx->depth + 1);

		if (sc)
			source_into(w, c, ch, sc);
	}
	apply_volume(c, cx, w->track->edit_rate, w->t->s->sample_rate);
}

static struct aaf_obj *param_of(struct aaf_obj **params, size_t n, const struct aaf_auid *def)
{
	for (size_t i = 0; i < n; i++) {
		struct aaf_auid d;

		if (aafobj_auid(params[i], PID_PARAMETER_DEFINITION, &d) && aaf_auid_eq(&d, def))
			return params[i];
	}
	return NULL;
}

/* A VaryingValue whose points all hold one value (Premiere writes clip
 * gain so) is a constant: its value in *v. */
static bool flat_varying(struct aaf_obj *p, double *v)
{
	struct aaf_obj **pts;
	size_t n = aafobj_strong_list(p, PID_VARYINGVALUE_POINTS, &pts);
	bool flat = n > 0;

	for (size_t i = 0; i < n && flat; i++) {
		double x;

		if (!aaf_indirect_number(aafobj_prop(pts[i], PID_CONTROLPOINT_VALUE), &x))
			flat = false;
		else if (i == 0)
			*v = x;
		else if (fabs(x - *v) > 1e-9)
			flat = false;
	}
	free(pts);
	return flat;
}

static void walk_operation(struct walk *w, struct aaf_obj *op, int64_t pos, int64_t len,
			   struct ctx *cx)
{
	struct aaf_obj **in, **params;
	size_t n_in = aafobj_strong_list(op, PID_OPGROUP_INPUTS, &in);
	size_t n_par = aafobj_strong_list(op, PID_OPGROUP_PARAMETERS, &params);
	struct aaf_auid opdef;
	struct ctx inner = *cx;
	struct aaf_obj *p;
	double v;

	inner.depth++;
	memset(&opdef, 0, sizeof(opdef));
	aafobj_weak_auid(op, PID_OPGROUP_OPERATION, &opdef);
	if (aaf_auid_eq(&opdef, &AAF_OPDEF_AUDIO_CHANNEL_COMBINER)) {
		walk_combiner(w, in, n_in, pos, len, &inner);
		goto out;
	}
	if (aaf_auid_eq(&opdef, &AAF_OPDEF_MONO_AUDIO_GAIN) ||
	    aaf_auid_eq(&opdef, &AAF_OPDEF_STEREO_AUDIO_GAIN)) {
		p = param_of(params, n_par, &AAF_PARAMDEF_AMPLITUDE);
		if (p && aafobj_isa(p, AAF_CLASS_CONSTANT_VALUE) &&
		    aaf_indirect_number(aafobj_prop(p, PID_CONSTANTVALUE_VALUE), &v) && v > 0)
			inner.gain_db += 20.0 * log10(v);
		else if (p && aafobj_isa(p, AAF_CLASS_VARYING_VALUE)) {
			if (flat_varying(p, &v)) {
				if (v > 0)
					inner.gain_db += 20.0 * log10(v);
			} else {
				inner.volume = p;
				inner.volume_len = len;
			}
		}
	} else if (aaf_auid_eq(&opdef, &AAF_OPDEF_MONO_AUDIO_PAN)) {
		p = param_of(params, n_par, &AAF_PARAMDEF_PAN);
		/* AAF pan runs 0 (left) .. 1 (right); automation that never
		 * moves is a constant */
		if (p && ((aafobj_isa(p, AAF_CLASS_CONSTANT_VALUE) &&
			   aaf_indirect_number(aafobj_prop(p, PID_CONSTANTVALUE_VALUE), &v)) ||
			  (aafobj_isa(p, AAF_CLASS_VARYING_VALUE) && flat_varying(p, &v)))) {
			inner.has_pan = true;
			inner.pan = v * 2.0 - 1.0;
		}
	}
	if (n_in)
		walk_segment(w, in[0], pos, len, &inner);
out:
	free(in);
	free(params);
}

/* Fade shape of a transition: the interpolation of its Level curve. */
static enum fade_shape transition_shape(struct aaf_obj *tr)
{
	struct aaf_obj *op = aafobj_strong(tr, PID_TRANSITION_OPGROUP), **params, *lvl;
	size_t n = op ? aafobj_strong_list(op, PID_OPGROUP_PARAMETERS, &params) : 0;
	enum fade_shape sh = FADE_SHAPE_LINEAR;
	struct aaf_auid in;

	if (!n)
		return sh;
	lvl = param_of(params, n, &AAF_PARAMDEF_LEVEL);
	if (lvl && aafobj_isa(lvl, AAF_CLASS_VARYING_VALUE) &&
	    aafobj_weak_auid(lvl, PID_VARYINGVALUE_INTERPOLATION, &in)) {
		if (aaf_auid_eq(&in, &AAF_INTERP_POWER))
			sh = FADE_SHAPE_EQUAL_POWER;
		else if (aaf_auid_eq(&in, &AAF_INTERP_LOG))
			sh = FADE_SHAPE_LOG;
		else if (aaf_auid_eq(&in, &AAF_INTERP_BSPLINE))
			sh = FADE_SHAPE_SCURVE;
	}
	free(params);
	return sh;
}

static void walk_sequence(struct walk *w, struct aaf_obj *seq, int64_t pos, struct ctx *cx)
{
	struct aaf_obj **items;
	size_t n = aafobj_strong_list(seq, PID_SEQUENCE_COMPONENTS, &items);
	size_t prev_first = w->track->n_clips, prev_end = w->track->n_clips;
	int64_t fade_in = 0;
	enum fade_shape shape_in = FADE_SHAPE_NONE;

	for (size_t i = 0; i < n; i++) {
		int64_t len = chain_comp_length(items[i]);
		size_t before = w->track->n_clips;

		/* a sequence this long is damage, not a timeline */
		if (pos > TL_POS_LIMIT || pos < -TL_POS_LIMIT)
			break;

		if (aafobj_isa(items[i], AAF_CLASS_TRANSITION)) {
			enum fade_shape sh = transition_shape(items[i]);

			pos -= len;
			for (size_t k = prev_first; k < prev_end; k++) {
				w->track->clips[k].fade_out.length_eu = len;
				w->track->clips[k].fade_out.shape = sh;
			}
			fade_in = len;
			shape_in = sh;
			prev_first = prev_end = before;
			continue;
		}
		walk_segment(w, items[i], pos, len, cx);
		for (size_t k = before; k < w->track->n_clips && fade_in; k++) {
			w->track->clips[k].fade_in.length_eu = fade_in;
			w->track->clips[k].fade_in.shape = shape_in;
		}
		fade_in = 0;
		prev_first = before;
		prev_end = w->track->n_clips;
		pos += len;
	}
	free(items);
}

static void walk_segment(struct walk *w, struct aaf_obj *seg, int64_t pos, int64_t len,
			 struct ctx *cx)
{
	struct aaf_obj **items;
	size_t n;

	if (!seg || cx->depth > TL_MAX_DEPTH || !tl_spend(w->t))
		return;
	cx->depth++;
	if (aafobj_isa(seg, AAF_CLASS_SOURCE_CLIP)) {
		walk_source_clip(w, seg, pos, len, cx);
	} else if (aafobj_isa(seg, AAF_CLASS_SEQUENCE)) {
		walk_sequence(w, seg, pos, cx);
	} else if (aafobj_isa(seg, AAF_CLASS_OPERATION_GROUP)) {
		walk_operation(w, seg, pos, len, cx);
	} else if (aafobj_isa(seg, AAF_CLASS_SELECTOR)) {
		struct aaf_obj *sel = aafobj_strong(seg, PID_SELECTOR_SELECTED);

		if (sel && aafobj_isa(sel, AAF_CLASS_FILLER)) {
			/* a muted clip: the alternate plays nothing */
			struct ctx inner = *cx;

			inner.mute = true;
			n = aafobj_strong_list(seg, PID_SELECTOR_ALTERNATES, &items);
			if (n)
				walk_segment(w, items[0], pos, len, &inner);
			free(items);
		} else {
			walk_segment(w, sel, pos, len, cx);
		}
	} else if (aafobj_isa(seg, AAF_CLASS_ESSENCE_GROUP)) {
		n = aafobj_strong_list(seg, PID_ESSENCEGROUP_CHOICES, &items);
		if (n)
			walk_segment(w, items[0], pos, len, cx);
		free(items);
	} else if (aafobj_isa(seg, AAF_CLASS_NESTED_SCOPE)) {
		struct ctx inner = *cx;

		n = aafobj_strong_list(seg, PID_NESTEDSCOPE_SLOTS, &items);
		inner.scope = items;
		inner.n_scope = n;
		inner.scope_at = n ? n - 1 : 0;
		if (n)
			walk_segment(w, items[n - 1], pos, len, &inner);
		free(items);
	} else if (aafobj_isa(seg, AAF_CLASS_SCOPE_REFERENCE)) {
		uint32_t scope = 0, rel = 0;

		aafobj_u32(seg, PID_SCOPEREF_RELATIVE_SCOPE, &scope);
		aafobj_u32(seg, PID_SCOPEREF_RELATIVE_SLOT, &rel);
		if (scope == 0 && cx->scope && rel >= 1 && rel <= cx->scope_at) {
			struct ctx inner = *cx;

			inner.scope_at = cx->scope_at - rel;
			walk_segment(w, cx->scope[inner.scope_at], pos, len, &inner);
		}
	}
	cx->depth--;
}

/* ---- the composition --------------------------------------------------------- */

static bool mob_is_top_level(const struct aaf_obj *mob)
{
	struct aaf_auid usage;

	return aafobj_auid(mob, PID_MOB_USAGE_CODE, &usage) && aaf_auid_eq(&usage, &USAGE_TOP_LEVEL);
}

static struct aaf_obj *pick_composition(struct tl *t)
{
	struct aaf_obj *first_comp = NULL, *first_master = NULL;

	for (size_t i = 0; i < t->n_mobs; i++) {
		struct aaf_obj *m = t->order[i];

		if (aafobj_isa(m, AAF_CLASS_COMPOSITION_MOB)) {
			if (mob_is_top_level(m))
				return m;
			if (!first_comp)
				first_comp = m;
		} else if (aafobj_isa(m, AAF_CLASS_MASTER_MOB) && !first_master) {
			first_master = m;
		}
	}
	return first_comp ? first_comp : first_master;
}

static void read_timecode(struct tl *t, struct aaf_obj *seg, struct rational rate, int depth)
{
	struct aaf_obj **items;
	size_t n;
	int64_t start;
	uint16_t fps;
	bool drop = false;

	if (!seg || depth > 8)
		return;
	if (aafobj_isa(seg, AAF_CLASS_SEQUENCE)) {
		n = aafobj_strong_list(seg, PID_SEQUENCE_COMPONENTS, &items);
		for (size_t i = 0; i < n; i++)
			if (aafobj_isa(items[i], AAF_CLASS_TIMECODE)) {
				read_timecode(t, items[i], rate, depth + 1);
				break;
			}
		free(items);
		return;
	}
	if (!aafobj_isa(seg, AAF_CLASS_TIMECODE) || !aafobj_i64(seg, PID_TIMECODE_START, &start) ||
	    !aafobj_u16(seg, PID_TIMECODE_FPS, &fps) || fps == 0)
		return;
	aafobj_bool(seg, PID_TIMECODE_DROP, &drop);
	t->s->tc_fps = fps;
	t->s->drop_frame = drop;
	t->s->tc_start = start;
	t->s->tc_rate = rational_valid(rate) ? rate : (struct rational){ fps, 1 };
}

/* Audio track number of the composition slot slot_id; 0 when none. */
static int track_of_slot(const struct session *s, uint32_t slot_id)
{
	for (size_t i = 0; i < s->n_tracks; i++)
		if (s->tracks[i].kind == TRACK_KIND_AUDIO && s->tracks[i].slot_id == (int)slot_id)
			return s->tracks[i].index;
	return 0;
}

static void read_marker(struct tl *t, struct aaf_obj *ev, struct rational rate)
{
	struct marker *mk;
	const struct aaf_prop *p;
	uint16_t color_pid = aaf_file_pid_for(t->f, &AAF_PROP_COMMENT_MARKER_COLOR);
	int64_t pos = 0;

	if (!aafobj_i64(ev, PID_EVENT_POSITION, &pos) || pos < 0 || pos > ((int64_t)1 << 40))
		return;
	mk = session_add_marker(t->s);
	mk->pos_eu = pos;
	mk->rate = rate;
	mk->length_eu = chain_comp_length(ev);
	/* Media Composer keeps the marker's name in an extension property and
	 * its text in Comment; others have only the text */
	{
		uint16_t user_pid = aaf_file_pid_for(t->f, &AAF_PROP_AVID_COMMENTMARKER_USER);

		mk->comment = aafobj_string(ev, PID_EVENT_COMMENT);
		mk->name = user_pid ? aafobj_string(ev, user_pid) : NULL;
		if (!mk->name || !*mk->name) {
			free(mk->name);
			mk->name = mk->comment ? xstrdup(mk->comment) : NULL;
		}
	}
	p = aafobj_prop(ev, PID_DESCMARKER_DESCRIBED_SLOTS);
	if (p && p->form == AAF_FORM_DATA && p->len >= 4)
		mk->track = track_of_slot(t->s, (uint32_t)p->data[0] | (uint32_t)p->data[1] << 8 |
					  (uint32_t)p->data[2] << 16 | (uint32_t)p->data[3] << 24);
	p = color_pid ? aafobj_prop(ev, color_pid) : NULL;
	if (p && p->form == AAF_FORM_DATA && p->len == 6) {
		for (int i = 0; i < 3; i++)
			mk->rgb[i] = (uint16_t)(p->data[2 * i] | p->data[2 * i + 1] << 8);
		mk->has_color = true;
	}
}

/* Markers: the events of the composition's event slots. */
static void read_events(struct tl *t, struct aaf_obj *slot)
{
	struct aaf_obj *seg = aafobj_strong(slot, PID_SLOT_SEGMENT), **items;
	struct rational rate = chain_slot_rate(slot);
	size_t n;

	if (!seg || !rational_valid(rate))
		return;
	if (aafobj_isa(seg, AAF_CLASS_EVENT)) {
		read_marker(t, seg, rate);
		return;
	}
	if (!aafobj_isa(seg, AAF_CLASS_SEQUENCE))
		return;
	n = aafobj_strong_list(seg, PID_SEQUENCE_COMPONENTS, &items);
	for (size_t i = 0; i < n; i++)
		if (aafobj_isa(items[i], AAF_CLASS_EVENT))
			read_marker(t, items[i], rate);
	free(items);
}

static void read_slot(struct tl *t, struct aaf_obj *slot, bool *have_tc)
{
	struct aaf_obj *seg = aafobj_strong(slot, PID_SLOT_SEGMENT);
	struct rational rate = chain_slot_rate(slot);
	struct track *tr;
	struct walk w;
	struct ctx cx;
	uint32_t id = 0;

	if (!seg)
		return;
	if (aafobj_isa(seg, AAF_CLASS_TIMECODE) ||
	    chain_is_kind(seg, &AAF_DATADEF_TIMECODE, &AAF_DATADEF_LEGACY_TIMECODE)) {
		if (!*have_tc) {
			read_timecode(t, seg, rate, 0);
			*have_tc = true;
		}
		return;
	}
	if (!aafobj_isa(slot, AAF_CLASS_TIMELINE_MOB_SLOT) || !rational_valid(rate))
		return;
	if (!chain_is_sound(seg)) {
		if (chain_is_picture(seg)) {
			int64_t len = rational_rescale(chain_comp_length(seg), rate, t->s->edit_rate);

			session_add_track(t->s, TRACK_KIND_VIDEO)->name = aafobj_string(slot, PID_SLOT_NAME);
			if (len > t->s->length_eu)
				t->s->length_eu = len;
		}
		return;
	}
	tr = session_add_track(t->s, TRACK_KIND_AUDIO);
	tr->name = aafobj_string(slot, PID_SLOT_NAME);
	if (!tr->name)
		tr->name = xstrdup("");
	tr->edit_rate = rate;
	aafobj_u32(slot, PID_SLOT_ID, &id);
	tr->slot_id = (int)id;
	{
		int64_t len = rational_rescale(chain_comp_length(seg), rate, t->s->edit_rate);

		if (len > t->s->length_eu)
			t->s->length_eu = len;
	}
	memset(&cx, 0, sizeof(cx));
	w.t = t;
	w.track = tr;
	w.first_new = 0;
	walk_segment(&w, seg, 0, chain_comp_length(seg), &cx);
}

/* The composition's edit rate: its picture slot's, else its timecode
 * slot's, else its first timeline slot's. */
static void composition_rate(struct session *s, struct aaf_obj **slots, size_t n)
{
	struct rational first = { 0, 1 }, tc = { 0, 1 };

	for (size_t i = 0; i < n; i++) {
		struct aaf_obj *seg = aafobj_strong(slots[i], PID_SLOT_SEGMENT);
		struct rational r = chain_slot_rate(slots[i]);

		if (!seg || !rational_valid(r) || !aafobj_isa(slots[i], AAF_CLASS_TIMELINE_MOB_SLOT))
			continue;
		if (chain_is_picture(seg)) {
			s->edit_rate = r;
			return;
		}
		if (!rational_valid(tc) && (aafobj_isa(seg, AAF_CLASS_TIMECODE) ||
		    chain_is_kind(seg, &AAF_DATADEF_TIMECODE, &AAF_DATADEF_LEGACY_TIMECODE)))
			tc = r;
		if (!rational_valid(first))
			first = r;
	}
	if (rational_valid(tc))
		s->edit_rate = tc;
	else if (rational_valid(first))
		s->edit_rate = first;
}

static void read_identification(struct tl *t, struct aaf_obj *header)
{
	struct aaf_obj **ids;
	size_t n = aafobj_strong_list(header, PID_HEADER_IDENTIFICATIONS, &ids);

	/* the last entry is the application that wrote the file last: the
	 * one whose export this is */
	if (n) {
		char *name = aafobj_string(ids[n - 1], PID_IDENT_PRODUCT_NAME);

		t->s->product_version = aafobj_string(ids[n - 1], PID_IDENT_PRODUCT_VERSION_STRING);
		t->vendor = vendor_detect(name);
		t->s->product = xstrdup(vendor_product_name(t->vendor, name));
		free(name);
	}
	free(ids);
}

/* The rate positions are expressed in: the most common among the
 * essences (file source mob slots) the audio clips play (ties: the first
 * met); 48000 when there is none. */
static int dominant_rate(const struct tl *t)
{
	int best = 0;
	size_t best_n = 0;

	for (size_t i = 0; i < t->n_uses; i++) {
		size_t c = 0;

		if (t->uses[i].rate <= 0)
			continue;
		for (size_t j = 0; j < t->n_uses; j++)
			c += t->uses[j].rate == t->uses[i].rate;
		if (c > best_n) {
			best_n = c;
			best = t->uses[i].rate;
		}
	}
	return best ? best : 48000;
}

enum err timeline_build(struct aaf_file *f, const struct aaf_options *opt,
			struct session **out, struct errbuf *eb)
{
	struct tl t;
	struct aaf_obj *header = aaf_file_header(f), *content, *comp, **slots;
	size_t n;
	bool have_tc = false;

	*out = NULL;
	memset(&t, 0, sizeof(t));
	t.work = TL_WORK_BUDGET;
	t.f = f;
	t.opt = opt;
	content = aafobj_strong(header, PID_HEADER_CONTENT);
	if (!content)
		return err_set(eb, ERR_AAF_MALFORMED, "header has no content storage");
	t.s = session_new();
	read_identification(&t, header);
	chain_index_mobs(&t, content);
	comp = pick_composition(&t);
	if (!comp) {
		enum err e = err_set(eb, ERR_AAF_NO_COMPOSITION, "no composition or master mob in the file%s%s",
				     aaf_file_problem(f) ? ": " : "",
				     aaf_file_problem(f) ? aaf_file_problem(f) : "");
		session_free(t.s);
		free(t.mobs);
		free(t.order);
		free(t.essence);
		return e;
	}
	t.s->composition_name = aafobj_string(comp, PID_MOB_NAME);
	if (!t.s->composition_name)
		t.s->composition_name = xstrdup("");
	n = aafobj_strong_list(comp, PID_MOB_SLOTS, &slots);
	composition_rate(t.s, slots, n);
	t.s->tc_rate = t.s->edit_rate;
	t.s->tc_fps = (int)((t.s->edit_rate.num + t.s->edit_rate.den / 2) / t.s->edit_rate.den);
	for (size_t i = 0; i < n; i++)
		read_slot(&t, slots[i], &have_tc);
	/* after the tracks, so markers can name the track they sit on */
	for (size_t i = 0; i < n; i++)
		if (aafobj_isa(slots[i], AAF_CLASS_EVENT_MOB_SLOT))
			read_events(&t, slots[i]);
	free(slots);
	if (t.work <= 0) {
		enum err e = err_set(eb, ERR_AAF_MALFORMED,
				     "timeline too complex: more than %ld segments (damaged file?)",
				     TL_WORK_BUDGET);

		session_free(t.s);
		free(t.mobs);
		free(t.order);
		free(t.essence);
		free(t.mobmedia);
		free(t.uses);
		return e;
	}
	vendor_fixup(t.vendor, t.s, opt);
	session_prune_media(t.s);
	t.s->sample_rate = opt && opt->sample_rate > 0 ? opt->sample_rate : dominant_rate(&t);
	for (size_t i = 0; i < t.s->n_tracks; i++)
		t.s->tracks[i].format = CHANNEL_FORMAT_UNKNOWN;
	for (size_t i = 0; i < t.s->n_tracks; i++) {
		struct track *tr = &t.s->tracks[i];
		int maxch = 0;

		for (size_t j = 0; j < tr->n_clips; j++)
			if (tr->clips[j].channels > maxch)
				maxch = tr->clips[j].channels;
		/* an empty audio track is a mono one, as every NLE writes them */
		tr->format = channel_format_for(maxch ? maxch : 1);
	}
	session_update_samples(t.s);
	free(t.mobs);
	free(t.order);
	free(t.essence);
	free(t.mobmedia);
	free(t.uses);
	*out = t.s;
	return ERR_OK;
}

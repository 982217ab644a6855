/* mapping.c: placing clips in a template's tracks (see mapping.h). */
#include "config.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mapping.h"
#include "xalloc.h"

static const char *const reason_names[MAPPING_REASON_COUNT] = {
	"human", "model", "tag", "uncertain", "undecided"
};

const char *mapping_reason_name(enum mapping_reason r)
{
	return (unsigned)r < MAPPING_REASON_COUNT ? reason_names[r] : "";
}

bool mapping_word_in(const char *text, const char *word)
{
	size_t n = strlen(word);

	if (!text || !n)
		return false;
	for (const char *p = text; *p; p++) {
		if (strncasecmp(p, word, n))
			continue;
		if ((p == text || !isalpha((unsigned char)p[-1])) && !isalpha((unsigned char)p[n]))
			return true;
	}
	return false;
}

/* ---- planning ------------------------------------------------------------ */

/* One copy of a template track and what is on it. */
struct slot {
	int64_t *iv;		/* start, end pairs (samples) */
	size_t n, alloc;
	bool extra;
};

struct planner {
	const struct template *t;
	const struct session *s;
	struct slot **slots;	/* per template track */
	size_t *n_slots;
	size_t *slot_of;	/* per clip: template track */
	size_t *copy_of;	/* per clip: copy index */
	bool *placed;		/* per clip */
	const struct mapping_clip *clips;
};

static bool slot_free(const struct slot *sl, int64_t b, int64_t e)
{
	for (size_t i = 0; i < sl->n; i++)
		if (b < sl->iv[2 * i + 1] && sl->iv[2 * i] < e)
			return false;
	return true;
}

static void slot_take(struct slot *sl, int64_t b, int64_t e)
{
	XGROW(sl->iv, 2 * sl->n + 2, sl->alloc);
	sl->iv[2 * sl->n] = b;
	sl->iv[2 * sl->n + 1] = e;
	sl->n++;
}

static enum channel_format clip_format(const struct clip *c, int as_channels)
{
	enum channel_format f = channel_format_for(as_channels > 0 ? as_channels : c->channels);

	return f == CHANNEL_FORMAT_UNKNOWN ? CHANNEL_FORMAT_MONO : f;
}

/* The kinds clip mc may go to, best first, and why. */
static void clip_kinds(const struct template *t, struct mapping_clip *mc,
		       struct template_kinds *out)
{
	const struct template_kinds *cls;

	out->n = 0;
	for (int b = 0; mc->analysed && !mc->human && b < TEMPLATE_TAGS; b++)
		if ((mc->tags & (1u << b)) && t->tags[b].n) {
			*out = t->tags[b];
			mc->reason = MAPPING_REASON_TAG;
			return;
		}
	if (mc->human)
		mc->reason = MAPPING_REASON_HUMAN;
	else if (!mc->analysed || mc->cls >= CLIP_CLASS_COUNT)
		mc->reason = MAPPING_REASON_UNDECIDED;
	else if (mc->confidence < t->threshold)
		mc->reason = MAPPING_REASON_UNCERTAIN;
	else
		mc->reason = MAPPING_REASON_MODEL;
	if (mc->reason != MAPPING_REASON_HUMAN && mc->reason != MAPPING_REASON_MODEL)
		return;
	/* hinted kinds of the clip's class first, then the class's own list */
	for (int k = 0; k < TEMPLATE_KIND_COUNT; k++) {
		bool hit = false;

		if (template_kind_class((enum template_kind)k) != mc->cls)
			continue;
		for (size_t i = 0; !hit && i < t->n_hints[k]; i++)
			hit = mapping_word_in(mc->hints, t->hints[k][i]);
		if (hit)
			out->v[out->n++] = (enum template_kind)k;
	}
	cls = &t->classes[mc->cls];
	for (size_t i = 0; i < cls->n; i++) {
		size_t j = 0;

		while (j < out->n && out->v[j] != cls->v[i])
			j++;
		if (j == out->n && out->n < TEMPLATE_KIND_COUNT)
			out->v[out->n++] = cls->v[i];
	}
}

static bool try_track(struct planner *p, size_t tt, size_t ci, int64_t b, int64_t e)
{
	for (size_t k = 0; k < p->n_slots[tt]; k++)
		if (slot_free(&p->slots[tt][k], b, e)) {
			slot_take(&p->slots[tt][k], b, e);
			p->slot_of[ci] = tt;
			p->copy_of[ci] = k;
			return true;
		}
	return false;
}

/* Tries the tracks of kind k: those of the clip's format first. */
static bool try_kind(struct planner *p, enum template_kind k, enum channel_format f, size_t ci,
		     int64_t b, int64_t e, size_t *first)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < p->t->n_tracks; i++) {
			const struct template_track *tt = &p->t->tracks[i];

			if (tt->kind != k || (pass == 0) != (tt->format == f))
				continue;
			if (*first == SIZE_MAX)
				*first = i;
			if (try_track(p, i, ci, b, e))
				return true;
		}
	return false;
}

static void add_extra(struct planner *p, size_t tt, size_t ci, int64_t b, int64_t e)
{
	struct slot *sl;

	p->slots[tt] = xreallocarray(p->slots[tt], p->n_slots[tt] + 1, sizeof(**p->slots));
	sl = &p->slots[tt][p->n_slots[tt]++];
	memset(sl, 0, sizeof(*sl));
	sl->extra = true;
	slot_take(sl, b, e);
	p->slot_of[ci] = tt;
	p->copy_of[ci] = p->n_slots[tt] - 1;
}

/* A clip that moves with one already placed: the next copy of the same
 * track (or any free copy of it, or one more). */
static void follow(struct planner *p, struct mapping_clip *mc, size_t ci, size_t lead,
		   int64_t b, int64_t e)
{
	size_t tt = p->slot_of[lead], n = p->n_slots[tt];

	mc->reason = p->clips[lead].reason;
	for (size_t i = 1; i <= n; i++) {
		struct slot *sl = &p->slots[tt][(p->copy_of[lead] + i) % n];

		if (slot_free(sl, b, e)) {
			slot_take(sl, b, e);
			p->slot_of[ci] = tt;
			p->copy_of[ci] = (size_t)(sl - p->slots[tt]);
			return;
		}
	}
	add_extra(p, tt, ci, b, e);
}

static bool unsure(enum mapping_reason r)
{
	return r == MAPPING_REASON_UNCERTAIN || r == MAPPING_REASON_UNDECIDED;
}

/* The first of two clips that move together decides for both: a person's
 * decision on either wins; else when either is unsure, or the two
 * disagree, both go to review. */
static void pair_kinds(struct planner *p, struct mapping_clip *mc, struct template_kinds *ks)
{
	struct mapping_clip o = p->clips[mc->with - 1];
	struct template_kinds oks;

	clip_kinds(p->t, &o, &oks);
	if (mc->human)
		return;
	if (o.human) {
		*ks = oks;
		mc->reason = MAPPING_REASON_HUMAN;
	} else if (unsure(o.reason) || (o.reason == MAPPING_REASON_MODEL &&
		   mc->reason == MAPPING_REASON_MODEL && o.cls != mc->cls)) {
		ks->n = 0;
		if (!unsure(mc->reason))
			mc->reason = MAPPING_REASON_UNCERTAIN;
	}
}

static void place(struct planner *p, struct mapping_clip *mc, size_t ci)
{
	const struct clip *c = &p->s->tracks[mc->track].clips[mc->clip];
	enum channel_format f = clip_format(c, mc->as_channels);
	int64_t b = c->start, e = c->start + (c->length > 0 ? c->length : 1);
	struct template_kinds ks;
	size_t first = SIZE_MAX;

	p->placed[ci] = true;
	if (mc->with && p->placed[mc->with - 1]) {
		follow(p, mc, ci, mc->with - 1, b, e);
		return;
	}
	clip_kinds(p->t, mc, &ks);
	if (mc->with)
		pair_kinds(p, mc, &ks);
	for (size_t i = 0; i < ks.n; i++)
		if (try_kind(p, ks.v[i], f, ci, b, e, &first))
			return;
	if (!ks.n) {
		first = p->t->review;
		if (try_track(p, first, ci, b, e))
			return;
	}
	add_extra(p, first == SIZE_MAX ? p->t->review : first, ci, b, e);
}

static _Thread_local const struct session *sort_session;
static _Thread_local const struct mapping_clip *sort_clips;

static int by_time(const void *a, const void *b)
{
	const struct mapping_clip *x = &sort_clips[*(const size_t *)a];
	const struct mapping_clip *y = &sort_clips[*(const size_t *)b];
	int64_t sx = sort_session->tracks[x->track].clips[x->clip].start;
	int64_t sy = sort_session->tracks[y->track].clips[y->clip].start;

	if (sx != sy)
		return sx < sy ? -1 : 1;
	if (x->track != y->track)
		return x->track < y->track ? -1 : 1;
	return x->clip < y->clip ? -1 : x->clip > y->clip;
}

/* The tracks in template order, with each clip's out_track. */
static void flatten(struct planner *p, struct mapping_clip *clips, size_t n, struct mapping *out)
{
	size_t **index = xcalloc(p->t->n_tracks, sizeof(*index));

	for (size_t i = 0; i < p->t->n_tracks; i++) {
		const struct template_track *tt = &p->t->tracks[i];

		index[i] = xcalloc(p->n_slots[i], sizeof(**index));
		for (size_t k = 0; k < p->n_slots[i]; k++) {
			struct mapping_track *mt;

			out->tracks = xreallocarray(out->tracks, out->n_tracks + 1,
						    sizeof(*out->tracks));
			mt = &out->tracks[out->n_tracks];
			index[i][k] = out->n_tracks++;
			mt->tmpl = i;
			mt->copy = p->n_slots[i] > 1 ? (int)k + 1 : 0;
			mt->extra = p->slots[i][k].extra;
			mt->n_clips = p->slots[i][k].n;
			mt->name = mt->copy && (tt->overflow > 1 || k > 0) ?
				xasprintf("%s %d", tt->name, mt->copy) : xstrdup(tt->name);
		}
	}
	for (size_t c = 0; c < n; c++)
		clips[c].out_track = index[p->slot_of[c]][p->copy_of[c]];
	for (size_t i = 0; i < p->t->n_tracks; i++)
		free(index[i]);
	free(index);
}

void mapping_plan(const struct template *t, const struct session *s, struct mapping_clip *clips,
		  size_t n, struct mapping *out)
{
	struct planner p = { t, s, NULL, NULL, NULL, NULL, NULL, clips };
	size_t *order = xcalloc(n ? n : 1, sizeof(*order));

	memset(out, 0, sizeof(*out));
	p.slots = xcalloc(t->n_tracks, sizeof(*p.slots));
	p.n_slots = xcalloc(t->n_tracks, sizeof(*p.n_slots));
	p.slot_of = xcalloc(n ? n : 1, sizeof(*p.slot_of));
	p.copy_of = xcalloc(n ? n : 1, sizeof(*p.copy_of));
	p.placed = xcalloc(n ? n : 1, sizeof(*p.placed));
	for (size_t i = 0; i < n; i++)
		if (clips[i].with > n)
			clips[i].with = 0;	/* not a clip of the list */
	for (size_t i = 0; i < t->n_tracks; i++) {
		p.n_slots[i] = (size_t)t->tracks[i].overflow;
		p.slots[i] = xcalloc(p.n_slots[i], sizeof(**p.slots));
	}
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	sort_session = s;
	sort_clips = clips;
	qsort(order, n, sizeof(*order), by_time);
	for (size_t i = 0; i < n; i++)
		place(&p, &clips[order[i]], order[i]);
	flatten(&p, clips, n, out);
	for (size_t i = 0; i < t->n_tracks; i++) {
		for (size_t k = 0; k < p.n_slots[i]; k++)
			free(p.slots[i][k].iv);
		free(p.slots[i]);
	}
	free(p.slots);
	free(p.n_slots);
	free(p.slot_of);
	free(p.copy_of);
	free(p.placed);
	free(order);
}

void mapping_release(struct mapping *m)
{
	for (size_t i = 0; i < m->n_tracks; i++)
		free(m->tracks[i].name);
	free(m->tracks);
	memset(m, 0, sizeof(*m));
}

/* ---- moving the clips ---------------------------------------------------- */

/* Every audio clip listed exactly once. */
static bool covers(const struct session *s, const struct mapping_clip *clips, size_t n,
		   const struct mapping *m)
{
	size_t total = 0, *first = xcalloc(s->n_tracks + 1, sizeof(*first));
	bool *seen, ok = true;

	for (size_t t = 0; t < s->n_tracks; t++) {
		first[t] = total;
		total += s->tracks[t].kind == TRACK_KIND_AUDIO ? s->tracks[t].n_clips : 0;
	}
	seen = xcalloc(total ? total : 1, sizeof(*seen));
	ok = n == total;
	for (size_t i = 0; ok && i < n; i++) {
		const struct mapping_clip *c = &clips[i];

		ok = c->track < s->n_tracks && s->tracks[c->track].kind == TRACK_KIND_AUDIO &&
		     c->clip < s->tracks[c->track].n_clips && c->out_track < m->n_tracks &&
		     !seen[first[c->track] + c->clip];
		if (ok)
			seen[first[c->track] + c->clip] = true;
	}
	free(seen);
	free(first);
	return ok;
}

/* v in units of rate from, in units of rate to (rounded half up). */
static int64_t rescale(int64_t v, struct rational from, struct rational to)
{
	if (rational_eq(from, to) || !rational_valid(from) || !rational_valid(to))
		return v;
	return rational_rescale(v, from, to);
}

static void convert_clip(struct clip *c, struct rational from, struct rational to)
{
	c->pos_eu = rescale(c->pos_eu, from, to);
	c->length_eu = rescale(c->length_eu, from, to);
	c->source_offset_eu = rescale(c->source_offset_eu, from, to);
	c->fade_in.length_eu = rescale(c->fade_in.length_eu, from, to);
	c->fade_out.length_eu = rescale(c->fade_out.length_eu, from, to);
}

static _Thread_local const struct mapping_clip *apply_clips;

static int by_out(const void *a, const void *b)
{
	const struct mapping_clip *x = &apply_clips[*(const size_t *)a];
	const struct mapping_clip *y = &apply_clips[*(const size_t *)b];

	if (x->out_track != y->out_track)
		return x->out_track < y->out_track ? -1 : 1;
	return by_time(a, b);
}

static struct rational audio_rate(const struct session *s)
{
	for (size_t t = 0; t < s->n_tracks; t++)
		if (s->tracks[t].kind == TRACK_KIND_AUDIO)
			return s->tracks[t].edit_rate;
	return s->edit_rate;
}

/* New audio tracks for m, empty. */
static struct track *new_tracks(const struct mapping *m, const struct template *t,
				struct rational rate, size_t extra)
{
	struct track *v = xcalloc(m->n_tracks + extra + 1, sizeof(*v));

	for (size_t i = 0; i < m->n_tracks; i++) {
		v[i].index = (int)i + 1;
		v[i].kind = TRACK_KIND_AUDIO;
		v[i].name = xstrdup(m->tracks[i].name);
		v[i].format = t->tracks[m->tracks[i].tmpl].format;
		v[i].edit_rate = rate;
	}
	return v;
}

static void move_clips(struct session *s, struct track *v, struct mapping_clip *clips, size_t n)
{
	size_t *order = xcalloc(n ? n : 1, sizeof(*order));

	for (size_t i = 0; i < n; i++)
		order[i] = i;
	sort_session = s;
	sort_clips = apply_clips = clips;
	qsort(order, n, sizeof(*order), by_out);
	for (size_t i = 0; i < n; i++) {
		struct mapping_clip *mc = &clips[order[i]];
		struct track *from = &s->tracks[mc->track], *to = &v[mc->out_track];

		XGROW(to->clips, to->n_clips + 1, to->alloc_clips);
		to->clips[to->n_clips] = from->clips[mc->clip];
		convert_clip(&to->clips[to->n_clips], from->edit_rate, to->edit_rate);
		mc->out_clip = to->n_clips++;
	}
	free(order);
}

enum err mapping_apply(const struct mapping *m, const struct template *t,
		       struct mapping_clip *clips, size_t n, struct session *s,
		       struct errbuf *eb)
{
	size_t n_video = 0, k;
	struct track *v;

	if (!covers(s, clips, n, m))
		return err_set(eb, ERR_INVALID, "mapping does not list every clip once");
	for (size_t i = 0; i < s->n_tracks; i++)
		n_video += s->tracks[i].kind != TRACK_KIND_AUDIO;
	v = new_tracks(m, t, audio_rate(s), n_video);
	move_clips(s, v, clips, n);
	k = m->n_tracks;
	for (size_t i = 0; i < s->n_tracks; i++) {
		if (s->tracks[i].kind != TRACK_KIND_AUDIO) {
			v[k++] = s->tracks[i];	/* moved whole */
			continue;
		}
		free(s->tracks[i].clips);	/* the clips themselves moved */
		free(s->tracks[i].name);
	}
	free(s->tracks);
	s->tracks = v;
	s->n_tracks = s->alloc_tracks = k;
	for (size_t i = 0; i < s->n_markers; i++)
		s->markers[i].track = 0;
	session_update_samples(s);
	return ERR_OK;
}

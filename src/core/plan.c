/* plan.c: where each clip would land (see plan.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "strbuf.h"
#include "xalloc.h"

/* The clip's name and its media files' names, for the hint words. */
static char *clip_hints(const struct session *s, const struct clip *c)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, c->name ? c->name : "");
	for (int ch = 0; ch < c->channels; ch++) {
		int m = c->sources[ch].media;

		if (m >= 0 && (size_t)m < s->n_media && s->media[m].name)
			strbuf_addf(&sb, " %s", s->media[m].name);
	}
	return strbuf_detach(&sb);
}

static void fill_clip(const struct review *rv, const struct triage *tr, size_t i,
		      struct mapping_clip *mc)
{
	const struct review_clip *rc = &rv->clips[i];
	struct triage_decision d = { CLIP_CLASS_COUNT, false, false };

	if (tr)
		d = triage_get(tr, rc->key);
	memset(mc, 0, sizeof(*mc));
	mc->track = rc->track;
	mc->clip = rc->clip;
	mc->human = d.cls < CLIP_CLASS_COUNT;
	mc->analysed = rc->analysis.done;
	mc->cls = mc->human ? d.cls : rc->analysis.done ? rc->analysis.cls : CLIP_CLASS_COUNT;
	mc->confidence = mc->human ? 1.0 : rc->analysis.done ? rc->analysis.confidence : 0;
	mc->tags = rc->analysis.done ? rc->analysis.tags : 0;
}

/* Whether the pair with left clip l and right clip r was rejected. */
static bool pair_rejected(const struct review *rv, const struct triage *tr, size_t l, size_t r)
{
	char *key;
	bool no;

	if (!tr)
		return false;
	key = xasprintf("pair:%s+%s", rv->clips[l].key, rv->clips[r].key);
	no = triage_get_fix(tr, key) == TRIAGE_FIX_REJECTED;
	free(key);
	return no;
}

/*
 * The split pairs: a pair that is not rejected is joined into its left
 * clip (joined[right] = 1 + left: the right half lands with it); a
 * rejected one moves together as two clips (with).
 */
static void link_pairs(const struct review *rv, const struct triage *tr, struct mapping_clip *mc,
		       size_t *joined)
{
	for (size_t i = 0; i < rv->n_clips; i++) {
		const struct review_analysis *an = &rv->clips[i].analysis;
		size_t o = an->pair_with;

		if (!an->has_pair || !an->pair_left || o >= rv->n_clips || o == i || joined[i])
			continue;
		if (!pair_rejected(rv, tr, i, o)) {
			joined[o] = i + 1;
			continue;
		}
		mc[i].with = o + 1;
		mc[o].with = i + 1;
	}
}

/* Moves the clips that stay (not joined into another) to the front of
 * mc, their with links renumbered; returns how many; at[k] is the record
 * of mc[k]. */
static size_t keep_clips(struct mapping_clip *mc, const size_t *joined, size_t n, size_t *at)
{
	size_t *pos = xcalloc(n ? n : 1, sizeof(*pos));
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (!joined[i]) {
			pos[i] = k + 1;
			at[k] = i;
			mc[k++] = mc[i];
		}
	for (size_t j = 0; j < k; j++)
		mc[j].with = mc[j].with ? pos[mc[j].with - 1] : 0;
	free(pos);
	return k;
}

static void take_results(const struct template *t, const struct mapping_clip *mc, size_t k,
			 const size_t *at, const size_t *joined, struct plan *out)
{
	for (size_t j = 0; j < k; j++) {
		out->track[at[j]] = mc[j].out_track;
		out->reason[at[j]] = mc[j].reason;
	}
	for (size_t i = 0; i < out->n; i++) {
		if (joined[i]) {
			out->track[i] = out->track[joined[i] - 1];
			out->reason[i] = out->reason[joined[i] - 1];
		}
		if (out->track[i] < out->map.n_tracks &&
		    out->map.tracks[out->track[i]].tmpl == t->review)
			out->review++;
	}
}

void plan_make(const struct template *t, const struct review *rv, const struct triage *tr,
	       struct plan *out)
{
	size_t n = rv->n_clips, k;
	struct mapping_clip *mc = xcalloc(n ? n : 1, sizeof(*mc));
	char **hints = xcalloc(n ? n : 1, sizeof(*hints));
	size_t *joined = xcalloc(n ? n : 1, sizeof(*joined));
	size_t *at = xcalloc(n ? n : 1, sizeof(*at));

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		fill_clip(rv, tr, i, &mc[i]);
		hints[i] = clip_hints(rv->session, review_clip(rv, i));
		mc[i].hints = hints[i];
	}
	link_pairs(rv, tr, mc, joined);
	k = keep_clips(mc, joined, n, at);
	mapping_plan(t, rv->session, mc, k, &out->map);
	out->n = n;
	out->track = xcalloc(n ? n : 1, sizeof(*out->track));
	out->reason = xcalloc(n ? n : 1, sizeof(*out->reason));
	take_results(t, mc, k, at, joined, out);
	for (size_t i = 0; i < n; i++)
		free(hints[i]);
	free(hints);
	free(joined);
	free(at);
	free(mc);
}

const char *plan_track_name(const struct plan *p, size_t i)
{
	if (i >= p->n || p->track[i] >= p->map.n_tracks)
		return "";
	return p->map.tracks[p->track[i]].name;
}

void plan_release(struct plan *p)
{
	mapping_release(&p->map);
	free(p->track);
	free(p->reason);
	memset(p, 0, sizeof(*p));
}

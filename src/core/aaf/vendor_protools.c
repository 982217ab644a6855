/*
 * vendor_protools.c: Pro Tools' AAF habits.
 *
 * Pro Tools renders each fade as a clip of its own (its mob is named
 * "Fade ") and surrounds edits that do not fall on a frame with one-frame
 * "Sample accurate edit" clips.  An engineer wants the fades, not the
 * renders, and no slivers:
 *  - true fades: a fade render between a clip and silence becomes that
 *    clip's fade in or out, the clip stretched over it (and over the
 *    slivers beside it); between two clips it becomes a crossfade: the
 *    outgoing clip runs to the end of the render, the incoming one starts
 *    at its start;
 *  - sliver removal: each remaining sliver joins the clip before it when
 *    they touch, else the clip after it.
 * Only clips that touch are joined, and source offsets move with starts,
 * so every sample stays where Pro Tools put it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "aaf/vendor.h"
#include "xalloc.h"

enum pt_kind { PT_CLIP, PT_FADE, PT_SLIVER };

/* Pro Tools names these clips in the language of its interface. */
static const char *const sliver_names[] = {
	"Sample accurate edit",			/* en */
	"Samplegenaue Bearbeitung",		/* de */
	"Modification \u00e0 l'\u00e9chantillon pr\u00e8s",	/* fr */
	"\u30b5\u30f3\u30d7\u30eb\u7cbe\u5ea6\u7de8\u96c6",	/* ja */
	"\u7cbe\u78ba\u53d6\u6a23\u7de8\u8f2f",		/* zh_TW */
};

static const char *const fade_names[] = {
	"Fade",			/* en, de, ja */
	"Fondu",		/* fr */
	"\u6de1\u8b8a",	/* zh_TW */
};

static enum pt_kind kind_of(const struct clip *c)
{
	if (!c->name)
		return PT_CLIP;
	for (size_t i = 0; i < sizeof(sliver_names) / sizeof(sliver_names[0]); i++)
		if (!strcmp(c->name, sliver_names[i]))
			return PT_SLIVER;
	for (size_t i = 0; i < sizeof(fade_names) / sizeof(fade_names[0]); i++) {
		size_t n = strlen(fade_names[i]);

		/* "Fade " and numbered copies "Fade 2" */
		if (!strncmp(c->name, fade_names[i], n) && (c->name[n] == '\0' || c->name[n] == ' '))
			return PT_FADE;
	}
	return PT_CLIP;
}

static bool touches(const struct clip *a, const struct clip *b)
{
	return a->pos_eu + a->length_eu == b->pos_eu;
}

/* Moves c's start by delta edit units of rate (negative: earlier), with its
 * source offsets, keeping its end. */
static void move_start(struct clip *c, int64_t delta, struct rational rate)
{
	c->pos_eu += delta;
	c->length_eu -= delta;
	c->source_offset_eu += delta;
	for (int ch = 0; ch < c->channels; ch++)
		if (rational_valid(c->sources[ch].offset_rate))
			c->sources[ch].offset += rational_rescale(delta, rate, c->sources[ch].offset_rate);
}

static void extend_end(struct clip *c, const struct clip *to)
{
	c->length_eu = to->pos_eu + to->length_eu - c->pos_eu;
}

/* Turns fade renders into fades on their neighbours; gone[] marks clips
 * absorbed. */
static void true_fades(struct track *t, bool *gone)
{
	size_t n = t->n_clips;

	for (size_t i = 0; i < n; i++) {
		struct clip *f = &t->clips[i];
		size_t p = i, q = i;
		struct clip *prev = NULL, *next = NULL;
		size_t first = i, last = i;

		if (gone[i] || kind_of(f) != PT_FADE)
			continue;
		/* slivers touching the render on either side */
		while (p > 0 && !gone[p - 1] && touches(&t->clips[p - 1], &t->clips[p]) &&
		       kind_of(&t->clips[p - 1]) == PT_SLIVER)
			p--;
		while (q + 1 < n && !gone[q + 1] && touches(&t->clips[q], &t->clips[q + 1]) &&
		       kind_of(&t->clips[q + 1]) == PT_SLIVER)
			q++;
		if (p > 0 && !gone[p - 1] && touches(&t->clips[p - 1], &t->clips[p]) &&
		    kind_of(&t->clips[p - 1]) == PT_CLIP)
			prev = &t->clips[p - 1];
		if (q + 1 < n && !gone[q + 1] && touches(&t->clips[q], &t->clips[q + 1]) &&
		    kind_of(&t->clips[q + 1]) == PT_CLIP)
			next = &t->clips[q + 1];
		if (!prev && !next)
			continue;
		if (prev && next) {
			/* crossfade: out runs over the render and its slivers,
			 * in starts where the render starts */
			extend_end(prev, &t->clips[q]);
			move_start(next, f->pos_eu - next->pos_eu, t->edit_rate);
			prev->fade_out.length_eu = f->length_eu;
			prev->fade_out.shape = FADE_SHAPE_LINEAR;
			next->fade_in.length_eu = f->length_eu;
			next->fade_in.shape = FADE_SHAPE_LINEAR;
			first = p;
			last = q;
		} else if (next) {
			move_start(next, t->clips[p].pos_eu - next->pos_eu, t->edit_rate);
			next->fade_in.length_eu = f->length_eu;
			next->fade_in.shape = FADE_SHAPE_LINEAR;
			first = p;
			last = q;
		} else {
			extend_end(prev, &t->clips[q]);
			prev->fade_out.length_eu = f->length_eu;
			prev->fade_out.shape = FADE_SHAPE_LINEAR;
			first = p;
			last = q;
		}
		for (size_t k = first; k <= last; k++)
			gone[k] = true;
	}
}

static void remove_slivers(struct track *t, bool *gone)
{
	for (size_t i = 0; i < t->n_clips; i++) {
		struct clip *s = &t->clips[i];
		size_t j;

		if (gone[i] || kind_of(s) != PT_SLIVER)
			continue;
		for (j = i; j > 0 && gone[j - 1]; j--)
			;
		if (j > 0 && touches(&t->clips[j - 1], s) && kind_of(&t->clips[j - 1]) != PT_SLIVER) {
			extend_end(&t->clips[j - 1], s);
			gone[i] = true;
			continue;
		}
		for (j = i + 1; j < t->n_clips && gone[j]; j++)
			;
		if (j < t->n_clips && touches(s, &t->clips[j]) && kind_of(&t->clips[j]) != PT_SLIVER) {
			move_start(&t->clips[j], s->pos_eu - t->clips[j].pos_eu, t->edit_rate);
			gone[i] = true;
		}
	}
}

static void compact(struct track *t, const bool *gone)
{
	size_t out = 0;

	for (size_t i = 0; i < t->n_clips; i++) {
		if (gone[i]) {
			free(t->clips[i].name);
			free(t->clips[i].sources);
			free(t->clips[i].volume);
			continue;
		}
		t->clips[out++] = t->clips[i];
	}
	t->n_clips = out;
}

void vendor_protools_fixup(struct session *s, const struct aaf_options *opt)
{
	if (!opt || (!opt->pt_true_fades && !opt->pt_remove_sae))
		return;
	for (size_t i = 0; i < s->n_tracks; i++) {
		struct track *t = &s->tracks[i];
		bool *gone;

		if (t->kind != TRACK_KIND_AUDIO || !t->n_clips)
			continue;
		gone = xcalloc(t->n_clips, sizeof(*gone));
		if (opt->pt_true_fades)
			true_fades(t, gone);
		if (opt->pt_remove_sae)
			remove_slivers(t, gone);
		compact(t, gone);
		free(gone);
	}
}

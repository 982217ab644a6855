/* findings.c: channel, loudness and media findings of a whole session. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/findings.h"
#include "xalloc.h"

void findings_options_init(struct findings_options *o)
{
	memset(o, 0, sizeof(*o));
	o->loudness = true;
}

static bool stopping(const struct findings_options *o)
{
	return o->stop && atomic_load(o->stop);
}

static void alloc_items(struct findings *f, const struct session *s)
{
	size_t n = 0;

	f->first = xcalloc(s->n_tracks ? s->n_tracks : 1, sizeof(*f->first));
	for (size_t t = 0; t < s->n_tracks; t++) {
		f->first[t] = n;
		n += s->tracks[t].n_clips;
	}
	f->stereo = xcalloc(n ? n : 1, sizeof(*f->stereo));
	f->has_stereo = xcalloc(n ? n : 1, sizeof(*f->has_stereo));
	f->loud = xcalloc(n ? n : 1, sizeof(*f->loud));
	f->has_loud = xcalloc(n ? n : 1, sizeof(*f->has_loud));
}

/* The channel analysis (and loudness) of clip k of track t. */
static void measure_clip(struct findings *f, const struct session *s, size_t t, size_t k,
			 const struct findings_options *o)
{
	size_t i = f->first[t] + k;
	struct errbuf eb;

	errbuf_init(&eb);
	if (s->tracks[t].clips[k].channels >= 2 &&
	    stereo_analyze_clip(s, t, k, NULL, &f->stereo[i], &eb) == ERR_OK) {
		f->has_stereo[i] = true;
		health_add_channels(&f->health, t, k, &f->stereo[i]);
	}
	errbuf_init(&eb);
	if (o->loudness)
		f->has_loud[i] = loud_measure_clip(s, t, k, NULL, NULL, &f->loud[i], &eb) == ERR_OK;
	if (o->done)
		atomic_fetch_add(o->done, 1);
}

void findings_run(struct findings *f, const struct session *s, const struct findings_options *o)
{
	struct findings_options defaults;
	struct pairs_options po;

	if (!o) {
		findings_options_init(&defaults);
		o = &defaults;
	}
	memset(f, 0, sizeof(*f));
	alloc_items(f, s);
	health_check_session(s, &f->health);
	for (size_t t = 0; t < s->n_tracks && !f->stopped; t++) {
		if (s->tracks[t].kind != TRACK_KIND_AUDIO)
			continue;
		for (size_t k = 0; k < s->tracks[t].n_clips && !f->stopped; k++) {
			measure_clip(f, s, t, k, o);
			f->stopped = stopping(o);
		}
	}
	pairs_options_init(&po);
	if (!f->stopped)
		pairs_find(s, &po, &f->pairs);
}

void findings_release(struct findings *f)
{
	if (!f)
		return;
	health_report_release(&f->health);
	pairs_release(&f->pairs);
	free(f->stereo);
	free(f->has_stereo);
	free(f->loud);
	free(f->has_loud);
	free(f->first);
	memset(f, 0, sizeof(*f));
}

size_t findings_index(const struct findings *f, size_t t, size_t k)
{
	return f->first[t] + k;
}

bool findings_concerns(const struct health_problem *p, const struct session *s, size_t t,
		       size_t k)
{
	const struct clip *c = &s->tracks[t].clips[k];

	if (p->has_clip)
		return p->track == t && p->clip == k;
	for (int ch = 0; ch < c->channels; ch++)
		if (p->media >= 0 && c->sources[ch].media == p->media)
			return true;
	return false;
}

const struct pair *findings_pair_of(const struct findings *f, size_t t, size_t k)
{
	for (size_t i = 0; i < f->pairs.n; i++) {
		const struct pair *p = &f->pairs.v[i];

		if ((p->left.track == t && p->left.clip == k) ||
		    (p->right.track == t && p->right.clip == k))
			return p;
	}
	return NULL;
}

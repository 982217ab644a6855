/* findings.c: channel, loudness and media findings of a whole session. */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/classify.h"
#include "analysis/findings.h"
#include "xalloc.h"

#define MAX_THREADS 64

/* The clips to measure, shared by the threads that measure them. */
struct work {
	struct findings *f;
	const struct session *s;
	const struct findings_options *o;
	size_t (*items)[2];	/* track, clip */
	size_t n;
	atomic_size_t next;
	atomic_bool stopped;
};

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

/* The channel analysis (and loudness) of clip k of track t, into its
 * own slots: threads measure different clips at once.  What the health
 * report gets is added afterwards, in order (add_channels()). */
static void measure_clip(struct findings *f, const struct session *s, size_t t, size_t k,
			 const struct findings_options *o)
{
	size_t i = f->first[t] + k;
	struct errbuf eb;

	errbuf_init(&eb);
	if (s->tracks[t].clips[k].channels >= 2)
		f->has_stereo[i] = stereo_analyze_clip(s, t, k, NULL, &f->stereo[i], &eb) == ERR_OK;
	errbuf_init(&eb);
	if (o->loudness)
		f->has_loud[i] = loud_measure_clip(s, t, k, NULL, NULL, &f->loud[i], &eb) == ERR_OK;
	if (o->done)
		atomic_fetch_add(o->done, 1);
}

static void *measure_main(void *arg)
{
	struct work *w = arg;

	for (;;) {
		size_t i;

		if (stopping(w->o)) {
			atomic_store(&w->stopped, true);
			break;
		}
		i = atomic_fetch_add(&w->next, 1);
		if (i >= w->n)
			break;
		measure_clip(w->f, w->s, w->items[i][0], w->items[i][1], w->o);
	}
	return NULL;
}

static int thread_count(const struct findings_options *o, size_t n)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int t = o->jobs > 0 ? o->jobs : (int)(cores > 0 ? cores : 1);

	if (t > MAX_THREADS)
		t = MAX_THREADS;
	if ((size_t)t > n)
		t = n ? (int)n : 1;
	return t;
}

/* Measures every audio clip on o->jobs threads (the calling one among
 * them); a thread that cannot be started leaves its share to the others. */
static void measure_all(struct findings *f, const struct session *s,
			const struct findings_options *o)
{
	struct work w = { .f = f, .s = s, .o = o };
	pthread_t tid[MAX_THREADS];
	int n_threads, started = 0;
	size_t all = 0;

	for (size_t t = 0; t < s->n_tracks; t++)
		all += s->tracks[t].n_clips;
	w.items = xcalloc(all ? all : 1, sizeof(*w.items));
	for (size_t t = 0; t < s->n_tracks; t++)
		for (size_t k = 0; s->tracks[t].kind == TRACK_KIND_AUDIO &&
				   k < s->tracks[t].n_clips; k++) {
			w.items[w.n][0] = t;
			w.items[w.n][1] = k;
			w.n++;
		}
	atomic_init(&w.next, 0);
	atomic_init(&w.stopped, false);
	n_threads = thread_count(o, w.n);
	for (int i = 1; i < n_threads; i++)
		if (pthread_create(&tid[started], NULL, measure_main, &w) == 0)
			started++;
	measure_main(&w);
	for (int i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	f->stopped = atomic_load(&w.stopped);
	free(w.items);
}

/* The channel findings into the health report, in track and clip order
 * (so the report is the same however many threads measured). */
static void add_channels(struct findings *f, const struct session *s)
{
	for (size_t t = 0; t < s->n_tracks; t++)
		for (size_t k = 0; k < s->tracks[t].n_clips; k++)
			if (f->has_stereo[f->first[t] + k])
				health_add_channels(&f->health, t, k, &f->stereo[f->first[t] + k]);
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
	measure_all(f, s, o);
	add_channels(f, s);
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

unsigned findings_own_problems(const struct findings *f, const struct session *s, size_t t,
			       size_t k, unsigned problems)
{
	for (size_t i = 0; i < f->health.n; i++) {
		const struct health_problem *p = &f->health.v[i];

		if (!findings_concerns(p, s, t, k))
			continue;
		for (unsigned b = 0; b < ANALYSIS_PROBLEM_COUNT; b++)
			if (!strcmp(health_code_name(p->code), analysis_problem_name(1u << b)))
				problems &= ~(1u << b);
	}
	return problems;
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

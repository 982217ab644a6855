/* worker.c: one background thread for reading turnovers and levels. */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aaf/aaf.h"
#include "analysis/decode.h"
#include "tui/worker.h"
#include "xalloc.h"
#include "xdg.h"

struct worker {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int wake_fd;
	struct job *jobs;	/* queued */
	size_t n_jobs, alloc_jobs;
	struct job_result *results;
	size_t n_results, alloc_results;
	bool busy, quit;
	atomic_ullong levels_serial;	/* the newest levels job */
};

static void job_release(struct job *j)
{
	free(j->path);
	j->path = NULL;
}

void job_result_release(struct job_result *r)
{
	free(r->path);
	review_free(r->rv);
	triage_free(r->triage);
	free(r->state_path);
	free(r->fallback_path);
	free(r->note);
	free(r->error);
	free(r->peak);
	free(r->rms);
	memset(r, 0, sizeof(*r));
}

/* ---- JOB_LOAD -------------------------------------------------------------- */

/* The state file: read it; a broken one is moved aside, not lost. */
static void load_state(struct job_result *r)
{
	struct errbuf eb;
	enum err e;

	r->triage = triage_new();
	errbuf_init(&eb);
	e = triage_load(r->triage, r->state_path, &eb);
	if (e == ERR_OK || e == ERR_NOT_FOUND)
		return;
	if (e != ERR_IO) {
		char *aside = xasprintf("%s.broken", r->state_path);

		if (rename(r->state_path, aside) == 0)
			r->note = xasprintf("%s (kept as '%s'; starting afresh)", errbuf_msg(&eb),
					    aside);
		free(aside);
	}
	if (!r->note)
		r->note = xasprintf("%s", errbuf_msg(&eb));
}

/* $XDG_STATE_HOME/turnover, or ~/.local/state/turnover; NULL without a
 * home.  The caller frees it. */
static char *state_dir(void)
{
	return xdg_dir(XDG_STATE);
}

/* Beside the AAF; or, when only the fallback has a file, there. */
static void find_state(const char *aaf, struct job_result *r)
{
	char *dir = state_dir(), *abs = realpath(aaf, NULL);
	struct stat st;

	r->state_path = triage_state_path(aaf);
	if (dir)
		r->fallback_path = triage_fallback_path(abs ? abs : aaf, dir);
	if (r->fallback_path && stat(r->state_path, &st) != 0 && stat(r->fallback_path, &st) == 0) {
		char *swap = r->state_path;

		r->state_path = r->fallback_path;
		r->fallback_path = swap;
	}
	free(abs);
	free(dir);
}

static void run_load(const struct job *j, struct job_result *r)
{
	struct aaf_options opt;
	struct session *s = NULL;
	struct errbuf eb;

	aaf_options_init(&opt);
	errbuf_init(&eb);
	if (aaf_read_file(j->path, &opt, &s, &eb) != ERR_OK) {
		r->error = xstrdup(errbuf_msg(&eb));
		return;
	}
	r->rv = review_new(s);
	find_state(j->path, r);
	load_state(r);
}

/* ---- JOB_LEVELS ------------------------------------------------------------ */

static bool cancelled(struct worker *w, const struct job *j)
{
	return atomic_load(&w->levels_serial) != j->serial;
}

/* Adds n samples of buf, the first being sample done of the clip. */
static void add_levels(struct job_result *r, const float *buf, int64_t n, int64_t done,
		       int64_t per)
{
	for (int64_t i = 0; i < n; i++) {
		int64_t col = (done + i) / per;
		float v = fabsf(buf[i]);

		if (col >= r->n_peak)
			return;
		if (v > r->peak[col])
			r->peak[col] = v;
		r->rms[col] += v * v;
	}
}

static void finish_rms(struct job_result *r, int64_t per)
{
	for (int c = 0; c < r->n_peak; c++)
		r->rms[c] = sqrtf(r->rms[c] / (float)per);
}

static void run_levels(struct worker *w, const struct job *j, struct job_result *r)
{
	int64_t per = j->columns > 0 ? (j->frames + j->columns - 1) / j->columns : 0;
	uint64_t mask = j->channel > 0 && j->channel <= 64 ? 1ull << (j->channel - 1) : 0;
	struct decode *d = NULL;
	struct errbuf eb;
	float buf[4096];
	int64_t done = 0, n = 0;

	errbuf_init(&eb);
	if (per <= 0 || decode_open_file(j->path, j->start, j->frames, mask, &d, &eb) != ERR_OK) {
		r->error = xstrdup(per <= 0 ? "clip too short" : errbuf_msg(&eb));
		return;
	}
	r->peak = xcalloc((size_t)j->columns, sizeof(float));
	r->rms = xcalloc((size_t)j->columns, sizeof(float));
	r->n_peak = j->columns;
	while (!cancelled(w, j) && (n = decode_read(d, buf, sizeof(buf) / sizeof(buf[0]), &eb)) > 0) {
		add_levels(r, buf, n, done, per);
		done += n;
	}
	finish_rms(r, per);
	if (n < 0)
		r->error = xstrdup(errbuf_msg(&eb));
	decode_free(d);
}

/* ---- the thread ------------------------------------------------------------ */

static void deliver(struct worker *w, struct job_result *r)
{
	char byte = 1;

	pthread_mutex_lock(&w->lock);
	XGROW(w->results, w->n_results + 1, w->alloc_results);
	w->results[w->n_results++] = *r;
	pthread_mutex_unlock(&w->lock);
	if (write(w->wake_fd, &byte, 1) < 0) {
		/* the pipe is full: the UI has wake-ups enough */
	}
}

static void run(struct worker *w, struct job *j)
{
	struct job_result r = { .kind = j->kind, .sess = j->sess, .clip = j->clip,
				.serial = j->serial };

	if (j->kind == JOB_LOAD) {
		r.path = xstrdup(j->path);
		run_load(j, &r);
	}
	else if (!cancelled(w, j))
		run_levels(w, j, &r);
	deliver(w, &r);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		struct job j;

		while (!w->quit && !w->n_jobs)
			pthread_cond_wait(&w->cond, &w->lock);
		if (w->quit)
			break;
		j = w->jobs[0];
		memmove(&w->jobs[0], &w->jobs[1], (w->n_jobs - 1) * sizeof(struct job));
		w->n_jobs--;
		w->busy = true;
		pthread_mutex_unlock(&w->lock);
		run(w, &j);
		job_release(&j);
		pthread_mutex_lock(&w->lock);
		w->busy = false;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct worker *worker_new(int wake_fd)
{
	struct worker *w = xcalloc(1, sizeof(*w));

	w->wake_fd = wake_fd;
	atomic_init(&w->levels_serial, 0);
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		pthread_cond_destroy(&w->cond);
		pthread_mutex_destroy(&w->lock);
		free(w);
		return NULL;
	}
	return w;
}

void worker_free(struct worker *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->quit = true;
	atomic_store(&w->levels_serial, 0);
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	for (size_t i = 0; i < w->n_jobs; i++)
		job_release(&w->jobs[i]);
	for (size_t i = 0; i < w->n_results; i++)
		job_result_release(&w->results[i]);
	free(w->jobs);
	free(w->results);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

void worker_submit(struct worker *w, const struct job *j)
{
	struct job copy = *j;

	copy.path = j->path ? xstrdup(j->path) : NULL;
	pthread_mutex_lock(&w->lock);
	XGROW(w->jobs, w->n_jobs + 1, w->alloc_jobs);
	if (j->kind == JOB_LEVELS) {
		/* what is on screen goes first; an older request is dropped */
		atomic_store(&w->levels_serial, j->serial);
		if (w->n_jobs && w->jobs[0].kind == JOB_LEVELS) {
			job_release(&w->jobs[0]);
			w->jobs[0] = copy;
		} else {
			memmove(&w->jobs[1], &w->jobs[0], w->n_jobs * sizeof(struct job));
			w->jobs[0] = copy;
			w->n_jobs++;
		}
	} else {
		w->jobs[w->n_jobs++] = copy;
	}
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

bool worker_take(struct worker *w, struct job_result *out)
{
	bool got = false;

	pthread_mutex_lock(&w->lock);
	if (w->n_results) {
		*out = w->results[0];
		memmove(&w->results[0], &w->results[1], (w->n_results - 1) * sizeof(*out));
		w->n_results--;
		got = true;
	}
	pthread_mutex_unlock(&w->lock);
	return got;
}

bool worker_idle(struct worker *w)
{
	bool idle;

	pthread_mutex_lock(&w->lock);
	idle = !w->busy && !w->n_jobs && !w->n_results;
	pthread_mutex_unlock(&w->lock);
	return idle;
}

/*
 * worker.h: the TUI's background thread: reads turnovers (the AAF, its
 * media, the state file of decisions) and measures the level overview of
 * a clip, so the screen never waits.  Results are finished records handed
 * over whole; a byte on wake_fd says one is ready.  Core only: no curses.
 */
#ifndef TURNOVER_TUI_WORKER_H
#define TURNOVER_TUI_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "review.h"
#include "triage.h"

enum job_kind { JOB_LOAD, JOB_LEVELS };

struct job {
	enum job_kind kind;
	size_t sess, clip;
	uint64_t serial;	/* JOB_LEVELS: dropped when a newer one comes */
	char *path;		/* JOB_LOAD: the AAF; JOB_LEVELS: the media file */
	int64_t start, frames;	/* JOB_LEVELS: frames of the file */
	int channel;		/* JOB_LEVELS: 1-based channel of the file */
	int columns;		/* JOB_LEVELS: columns wanted */
};

struct job_result {
	enum job_kind kind;
	size_t sess, clip;
	uint64_t serial;
	char *path;		/* JOB_LOAD: the AAF, as in the job */
	struct review *rv;	/* JOB_LOAD; the taker owns it */
	struct triage *triage;	/* JOB_LOAD */
	char *state_path;	/* JOB_LOAD: where the decisions are */
	char *fallback_path;	/* JOB_LOAD: where they go when that cannot be written */
	char *note;		/* JOB_LOAD: about the state file; may be NULL */
	char *error;		/* why it failed; NULL when it did not */
	float *peak;		/* JOB_LEVELS: the peak of each column, 0-1 */
	float *rms;		/* JOB_LEVELS: the RMS level of each column, 0-1 */
	int n_peak;
};

struct worker;

/* Starts the thread; wake_fd is written one byte per result. */
struct worker *worker_new(int wake_fd);

/* Stops the thread (after the job in hand) and frees what is queued. */
void worker_free(struct worker *w);

/* Queues a copy of j (paths are copied). */
void worker_submit(struct worker *w, const struct job *j);

/* Takes the next result into *out; false when there is none. */
bool worker_take(struct worker *w, struct job_result *out);

/* Frees what a result holds that was not taken over (NULLs taken ones). */
void job_result_release(struct job_result *r);

/* True when nothing is queued, running or waiting to be taken. */
bool worker_idle(struct worker *w);

#endif

/*
 * job.h: analysing every audio clip of a session on several threads, with
 * a cache so that re-running or reopening a turnover skips work already
 * done.  One unreadable clip is recorded as such; the others go on.
 *
 * A job is built over a session (borrowed: it must outlive the job), run
 * in the background or to completion, and read clip by clip.  Progress
 * and results are safe to read from another thread while it runs: a
 * clip's record is published only once complete.
 *
 * Depends on the session model, classify.h and the cache.
 */
#ifndef TURNOVER_ANALYSIS_JOB_H
#define TURNOVER_ANALYSIS_JOB_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/classify.h"
#include "err.h"
#include "session.h"

/* What became of one clip. */
struct clip_analysis {
	bool done;		/* analysed, or failed for good */
	bool from_cache;
	enum err err;		/* ERR_OK when result holds the analysis */
	char *error;		/* why it failed; owned by the job */
	const char *path;	/* media file analysed (the AAF for embedded
				 * media); borrowed from the session */
	struct analysis_result result;
};

struct analysis_options {
	int jobs;		/* threads; <= 0: the number of cores */
	const char *cache_dir;	/* NULL: no cache */
};

struct analysis_job;

/* Fills opt with the defaults: all cores, no cache (the front end picks
 * the cache folder). */
void analysis_options_init(struct analysis_options *opt);

/* A job over every clip of the audio tracks of s, classified with model
 * (borrowed).  Free with analysis_job_free(). */
struct analysis_job *analysis_job_new(const struct session *s, const struct classifier *model,
				      const struct analysis_options *opt);

/* Starts the worker threads and returns.  errors: ERR_INVALID (started
 * twice), ERR_IO (no thread could be started). */
enum err analysis_job_start(struct analysis_job *j, struct errbuf *eb);

/* Waits until every clip is done (starts the job first if needed). */
enum err analysis_job_run(struct analysis_job *j, struct errbuf *eb);

/* Asks the workers to stop after their current clip; analysis_job_free()
 * waits for them. */
void analysis_job_cancel(struct analysis_job *j);

/* Clips done so far and in all. */
void analysis_job_progress(const struct analysis_job *j, size_t *done, size_t *total);

/* The record of clip c of audio track t (indices into the session's
 * arrays), or NULL while it is not done.  Borrowed from the job. */
const struct clip_analysis *analysis_job_clip(const struct analysis_job *j, size_t track,
					      size_t clip);

/* Stops and frees the job; NULL does nothing. */
void analysis_job_free(struct analysis_job *j);

/* The frame range and channels of the media file that clip c plays:
 * media index (-1: none), first frame and count at the file's own rate,
 * and the channel mask (bit 0 = first channel). */
int analysis_clip_range(const struct session *s, const struct clip *c, int64_t *start,
			int64_t *frames, uint64_t *channel_mask);

#endif

/*
 * findings.h: the channel, loudness and media findings of a session,
 * beside the classes of job.h: the health report (media and clip
 * problems, plus what the channel analysis of each stereo clip found),
 * the stereo analysis of every clip of two or more channels, the
 * loudness of every clip (when asked) and the split stereo pairs.  The
 * CLI's `analyze` and the TUI share it.
 *
 * Slow (it reads every clip), so it can be stopped from another thread
 * and says how far it got.  Results are plain records; nothing prints.
 *
 * Depends on libc, session, stereo, loudness, pairs and health.
 */
#ifndef TURNOVER_ANALYSIS_FINDINGS_H
#define TURNOVER_ANALYSIS_FINDINGS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "analysis/health.h"
#include "analysis/loudness.h"
#include "analysis/pairs.h"
#include "analysis/stereo.h"
#include "session.h"

struct findings_options {
	bool loudness;			/* measure each clip's loudness */
	const atomic_bool *stop;	/* set by another thread: stop soon; may be NULL */
	atomic_size_t *done;		/* clips measured so far, for progress; may be NULL */
	int jobs;			/* threads measuring clips; <= 0: the number of cores */
};

struct findings {
	struct health_report health;
	struct pairs pairs;
	struct stereo_result *stereo;	/* per clip, [track][clip] flattened */
	bool *has_stereo;
	struct loud_result *loud;
	bool *has_loud;
	size_t *first;			/* first item of each track */
	bool stopped;			/* stopped before the end: partial */
};

/* Fills o with the defaults: loudness, no stop flag, no progress, a
 * thread per core. */
void findings_options_init(struct findings_options *o);

/*
 * Measures every clip of s's audio tracks (channel analysis of clips of
 * two channels or more, loudness when asked), checks the session's
 * health and finds the split pairs.  o NULL: defaults.  Cannot fail:
 * what cannot be read is a health problem, or has no stereo/loudness
 * record.  The clips are measured on o->jobs threads; the results do
 * not depend on how many.  Release f with findings_release().
 */
void findings_run(struct findings *f, const struct session *s, const struct findings_options *o);

/* Frees what f holds; NULL-safe. */
void findings_release(struct findings *f);

/* Index of clip k of track t in the per-clip arrays. */
size_t findings_index(const struct findings *f, size_t t, size_t k);

/* Whether health problem p concerns clip k of track t: it names the clip,
 * or is about a media file one of its channels plays. */
bool findings_concerns(const struct health_problem *p, const struct session *s, size_t t,
		       size_t k);

/* The classifier's problems of clip k of track t (enum analysis_problem
 * bits) without those the health report already states for the clip:
 * the two share their rules (e.g. the DC offset of dcoffset.h), and the
 * report's entry has the figures, so front ends list it once. */
unsigned findings_own_problems(const struct findings *f, const struct session *s, size_t t,
			       size_t k, unsigned problems);

/* The pair clip k of track t is a half of, or NULL. */
const struct pair *findings_pair_of(const struct findings *f, size_t t, size_t k);

#endif

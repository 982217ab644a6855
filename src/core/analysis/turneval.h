/*
 * turneval.h: the classifier judged on AAF turnovers as a user meets
 * them: each AAF in a folder is read, its media found, every clip
 * analysed by an analysis job (job.h), and each clip's answer compared
 * with the ground truth beside the AAF (NAME.truth.json: a "clips" array
 * of { "track", "index", "class", "media" }, tracks counted over the
 * audio tracks from 1 and clips along a track from 1).  The figures are
 * those of the corpus evaluation (evaluate.h).
 *
 * Depends on libc, err.h, strbuf.h, json.h, the AAF reader (aaf.h),
 * job.h, corpus.h and evaluate.h.
 */
#ifndef TURNOVER_ANALYSIS_TURNEVAL_H
#define TURNOVER_ANALYSIS_TURNEVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/evaluate.h"
#include "analysis/job.h"
#include "err.h"
#include "json.h"
#include "session.h"
#include "strbuf.h"

/* One clip of the ground truth and what the analysis said of it. */
struct turneval_clip {
	size_t turnover;	/* index into turnovers[] */
	int track, index;	/* audio track and clip along it, from 1 */
	char *media;		/* the truth's media file name; owned, may be NULL */
	enum clip_class truth;
	bool analysed;		/* pred and confidence hold an answer */
	enum clip_class pred;
	double confidence;
	unsigned problems;	/* enum analysis_problem bits */
	double seconds;		/* length of the clip */
	char *error;		/* why not analysed; owned */
	struct clip_features features;	/* what was measured (analysed clips) */
	int fold;		/* turneval_held_out(): the fold of its source; else -1 */
};

struct turneval {
	char **turnovers;	/* AAF file names (no folder); owned */
	size_t n_turnovers;
	struct turneval_clip *clips;	/* in truth order, per turnover */
	size_t n_clips, alloc_clips;
	char **problems;	/* AAFs skipped and why; owned */
	size_t n_problems;
	int held_out_folds;	/* turneval_held_out() ran with this many folds; 0 not */
};

void turneval_init(struct turneval *te);
void turneval_release(struct turneval *te);

/*
 * Adds the clips of truth (a parsed NAME.truth.json) for the turnover
 * named name: each is matched to session s (by audio track and index)
 * and to its record in job j (run to completion over s).  A truth clip
 * without a match, or whose class the truth does not name, is kept as not
 * analysed with the reason.
 */
void turneval_add(struct turneval *te, const char *name, const struct session *s,
		  const struct analysis_job *j, const struct json_value *truth);

/*
 * Evaluates every AAF in folder dir that has a NAME.truth.json beside it
 * (media are looked for under dir), analysing with model and options ao.
 * An AAF that cannot be read is listed in te->problems.
 * errors: ERR_NOT_FOUND (no AAF with ground truth in dir).
 */
enum err turneval_run(struct turneval *te, const char *dir, const struct classifier *model,
		      const struct analysis_options *ao, struct errbuf *eb);

/*
 * Judges the analysed clips again, each with the cross-validation model
 * (evaluate.h, options o) that never saw the recording its media were cut
 * from, so that clips made from a training corpus give honest figures.
 * sources is a CSV file whose columns "media" and "corpus_file" name, for
 * each media file, the file of corpus c it was cut from; v, variants and
 * ok are corpus_extract()'s.  A clip whose media is not in it, or whose
 * source is not in the corpus or was not read, is no longer counted (the
 * reason is kept).  Only the folds some clip needs are trained.
 * errors: those of corpus_read_map().
 */
enum err turneval_held_out(struct turneval *te, const char *sources, const struct corpus *c,
			   const double *v, int variants, const bool *ok,
			   const struct evaluate_opts *o, struct errbuf *eb);

/* The figures over the analysed clips of turnover t (SIZE_MAX: all). */
void turneval_metrics(const struct turneval *te, size_t t, struct evaluate_metrics *m);

/* A Markdown report: overall figures, per turnover, the clips not
 * analysed, the wrong answers and the right ones under 0.90. */
void turneval_report(const struct turneval *te, struct strbuf *out);

#endif

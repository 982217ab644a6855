/*
 * evaluate.h: how well the classifier does on a labelled corpus, measured
 * honestly: k-fold cross-validation grouped by recording (corpus.h), every
 * fold's model trained (with its own calibration) on the other folds only,
 * and the figures that say whether a confidence can be trusted.
 *
 * Depends on libc, err.h, strbuf.h, corpus.h and train.h; folds run on
 * POSIX threads.
 */
#ifndef TURNOVER_ANALYSIS_EVALUATE_H
#define TURNOVER_ANALYSIS_EVALUATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"
#include "analysis/corpus.h"
#include "analysis/train.h"

/* Confidence at and above which an answer counts as confident. */
#define EVALUATE_CONFIDENT 0.90
/* Bins of the expected calibration error. */
#define EVALUATE_ECE_BINS 10

struct evaluate_opts {
	int folds;		/* >= 2 */
	uint64_t seed;		/* folds and training */
	int threads;		/* folds trained at once */
	bool by_package;	/* groups are source packages, not recordings */
	struct train_opts train;
};

/* Held-out predictions, one per corpus item. */
struct evaluate_result {
	size_t n;
	bool *used;		/* the item was readable and predicted */
	int *fold;
	double *prob;		/* n x CLIP_CLASS_COUNT calibrated probabilities */
	int *pred;		/* most probable class */
};

struct evaluate_metrics {
	size_t n, correct;
	double accuracy;
	double precision[CLIP_CLASS_COUNT], recall[CLIP_CLASS_COUNT];
	size_t confusion[CLIP_CLASS_COUNT][CLIP_CLASS_COUNT];	/* [truth][predicted] */
	double ece;		/* expected calibration error of the confidence */
	size_t confident, confident_wrong;	/* confidence >= EVALUATE_CONFIDENT */
	double coverage;	/* confident / n */
	double confident_error;	/* confident_wrong / confident */
};

/* Counts answers one at a time, for predictions that do not come from
 * cross-validation (clips of AAF turnovers: turneval.h). */
struct evaluate_tally {
	struct evaluate_metrics m;	/* counts so far */
	double bin_conf[EVALUATE_ECE_BINS], bin_acc[EVALUATE_ECE_BINS];
};

void evaluate_tally_init(struct evaluate_tally *t);

/* One answer: true class, predicted class, confidence of the prediction. */
void evaluate_tally_add(struct evaluate_tally *t, int truth, int pred, double conf);

/* The figures of the answers added so far into *out. */
void evaluate_tally_finish(struct evaluate_tally *t, struct evaluate_metrics *out);

/*
 * Trains a model (train_fit() with o) on the vectors of the readable items
 * (ok) for which keep(item, user) is true (keep NULL: all), every variant
 * of each (variant 0 clean), in corpus order; NULL when there are none.
 * The caller frees it.  What `turnover train` and each fold use.
 */
struct classifier *evaluate_fit(const struct corpus *c, const double *v, int variants,
				const bool *ok, bool (*keep)(size_t item, const void *user),
				const void *user, const struct train_opts *o);

/* The fold (0 .. o->folds - 1) of every group of c, as cross-validation
 * assigns them (balanced per class, from o->seed): fold_of_group has room
 * for c->n_groups entries. */
void evaluate_assign_folds(const struct corpus *c, const struct evaluate_opts *o,
			   int *fold_of_group);

/* The training seed of fold k's model. */
uint64_t evaluate_fold_seed(const struct evaluate_opts *o, int k);

/*
 * Cross-validates: v holds corpus_extract()'s vectors (variants per
 * item), ok which items were read.  Fills *out (release with
 * evaluate_result_release()).
 */
void evaluate_cross_validate(const struct corpus *c, const double *v, int variants,
			     const bool *ok, const struct evaluate_opts *o,
			     struct evaluate_result *out);

void evaluate_result_release(struct evaluate_result *r);

/* The figures over the items for which pick(item, user) is true (NULL:
 * all used items). */
void evaluate_metrics(const struct corpus *c, const struct evaluate_result *r,
		      bool (*pick)(const struct corpus_item *it, const void *user),
		      const void *user,
		      struct evaluate_metrics *m);

/* The overall figures as Markdown: the summary table, per-class precision
 * and recall, and the confusion matrix. */
void evaluate_report_metrics(const struct evaluate_metrics *m, struct strbuf *sb);

/* A Markdown report: the figures overall, per bandwidth group and per
 * source package, and the list of wrong answers. */
void evaluate_report(const struct corpus *c, const struct evaluate_result *r,
		     const struct evaluate_opts *o, struct strbuf *out);

#endif

/*
 * train.h: fits a classifier (classifier.h) to labelled feature vectors:
 * standardisation, networks trained by L-BFGS on the weighted
 * cross-entropy with weight decay, and a temperature fitted on held-out
 * predictions (grouped folds inside the training data), so that the
 * probabilities mean what they say.
 *
 * Deterministic: the same data, options and seed give the same model, bit
 * for bit, on one machine.  Single-threaded.
 *
 * Depends on libc, rng.h and classifier.h.
 */
#ifndef TURNOVER_ANALYSIS_TRAIN_H
#define TURNOVER_ANALYSIS_TRAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/classifier.h"

struct train_opts {
	int hidden;		/* hidden units; 0 = multinomial logistic regression */
	int nets;		/* networks averaged (different initial weights) */
	double l2;		/* weight decay on the (standardised) weights */
	int iters;		/* L-BFGS iterations per network */
	int calib_folds;	/* grouped folds for the temperature; < 2: none */
	bool balance;		/* weigh classes equally */
	bool bag;		/* each network sees a bootstrap sample of the groups */
	double subspace;	/* share of the features each network sees; >= 1 all */
	uint64_t seed;
};

/* The defaults: the settings the shipped model is made with. */
void train_opts_init(struct train_opts *o);

/* Labelled rows; all arrays are borrowed and have n entries. */
struct train_data {
	size_t n;
	const double *x;	/* n x FEATURE_COUNT feature vectors */
	const int *y;		/* enum clip_class of each row */
	const int *group;	/* rows of one recording share a group (>= 0) */
	const bool *clean;	/* rows as recorded (not augmented): the ones the
				 * temperature is fitted on; NULL: all */
};

/* Fits a classifier to d (n >= 1); the caller frees it. */
struct classifier *train_fit(const struct train_data *d, const struct train_opts *o);

/*
 * Assigns each of n_groups groups a fold in 0 .. k-1 so that the folds get
 * about equal numbers of rows of each class: group_class[g] is the class
 * of group g's rows (the majority), group_rows[g] their count.  fold_of
 * gets n_groups entries.
 */
void train_assign_folds(int n_groups, const int *group_class, const int *group_rows,
			int k, uint64_t seed, int *fold_of);

#endif

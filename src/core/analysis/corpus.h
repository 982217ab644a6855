/*
 * corpus.h: a labelled audio corpus (labels.csv: file, class,
 * source_package, source_file, offset_s, duration_s, channels,
 * bandwidth_hz; optional prod.csv: file, base_file, ...) and the feature
 * vectors of its files, for training and evaluating the classifier.
 *
 * Files are grouped so that no recording sits on both sides of a
 * cross-validation split: rows with the same source_file share a group,
 * and a production variant (prod.csv) joins the group of its dry line.
 *
 * Depends on libc, err.h, classifier.h and features.h; feature
 * extraction runs on POSIX threads.
 */
#ifndef TURNOVER_ANALYSIS_CORPUS_H
#define TURNOVER_ANALYSIS_CORPUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "analysis/classifier.h"
#include "analysis/features.h"

struct corpus_item {
	char *file;		/* as labels.csv gives it, relative to the corpus */
	char *path;		/* dir/file */
	enum clip_class cls;
	char *package;		/* source_package */
	char *source_file;
	double duration;	/* seconds, from labels.csv */
	int bandwidth_hz;	/* 0 when not given */
	int group;		/* 0 .. n_groups - 1 */
};

struct corpus {
	char *dir;
	struct corpus_item *items;
	size_t n;
	int n_groups;
};

/*
 * Reads dir/labels.csv (and dir/prod.csv when present).  Rows with an
 * unknown class are refused.  errors: ERR_NOT_FOUND (no labels.csv),
 * ERR_INVALID (malformed rows: the message names the line).
 */
enum err corpus_load(const char *dir, struct corpus **out, struct errbuf *eb);

void corpus_free(struct corpus *c);

/* Regroups by source package (a harder test: no package on both sides of a
 * split, so speakers, composers and libraries are all unseen). */
void corpus_group_by_package(struct corpus *c);

/* Called after each file's features, from the worker threads (serialised). */
/* Called per row by corpus_read_map(): the row's key and the index of the
 * item its file names (-1 when the corpus has no such file). */
typedef void (*corpus_map_fn)(const char *key, int item, void *user);

/*
 * Reads the CSV file at path (a header row naming the columns) and calls
 * fn for each row with the value of column key_col and the item that
 * column file_col names (as labels.csv names files).
 * errors: ERR_NOT_FOUND, ERR_IO, ERR_INVALID (no such columns).
 */
enum err corpus_read_map(const struct corpus *c, const char *path, const char *key_col,
			 const char *file_col, corpus_map_fn fn, void *user, struct errbuf *eb);

typedef void (*corpus_progress_fn)(size_t done, size_t total, void *user);

/*
 * Feature vectors of every item: variant 0 as recorded, variants 1 ..
 * variants-1 augmented (a random excerpt of longer files, band limits,
 * tilt, noise; see augment.h), all drawn from seed and the item's index,
 * so the result does not depend on threads.  v gets n x variants x
 * FEATURE_COUNT values; ok[i] tells whether item i could be read (its
 * vectors are zero when not).  Returns the number of unreadable items.
 */
size_t corpus_extract(const struct corpus *c, int variants, uint64_t seed, int threads,
		      double *v, bool *ok, corpus_progress_fn progress, void *user);

#endif

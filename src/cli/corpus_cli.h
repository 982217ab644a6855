/*
 * corpus_cli.h: what `turnover train` and `turnover eval` share: the
 * options of training and the corpus load with a progress line on stderr.
 */
#ifndef TURNOVER_CLI_CORPUS_CLI_H
#define TURNOVER_CLI_CORPUS_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/corpus.h"
#include "analysis/train.h"

struct corpus_cli {
	const char *dir;
	uint64_t seed;
	int variants;		/* feature vectors per file: 1 clean + augmented */
	int threads;
	bool quiet;
	const char *cache;	/* feature vectors kept here between runs */
	const char *drop;	/* comma-separated feature name prefixes left out */
	struct train_opts train;
	/* loaded */
	struct corpus *corpus;
	double *v;
	bool *ok;
};

/* The long options of training both commands take, as entries of a
 * struct option table (<getopt.h>): getopt_long() returns 0 for them and
 * corpus_cli_option() takes them by name. */
#define CORPUS_CLI_LONGOPTS \
	{ "seed", required_argument, NULL, 0 }, \
	{ "variants", required_argument, NULL, 0 }, \
	{ "threads", required_argument, NULL, 0 }, \
	{ "hidden", required_argument, NULL, 0 }, \
	{ "nets", required_argument, NULL, 0 }, \
	{ "l2", required_argument, NULL, 0 }, \
	{ "iters", required_argument, NULL, 0 }, \
	{ "quiet", no_argument, NULL, 0 }, \
	{ "cache", required_argument, NULL, 0 }, \
	{ "drop", required_argument, NULL, 0 }, \
	{ "no-bag", no_argument, NULL, 0 }, \
	{ "subspace", required_argument, NULL, 0 }

/* Defaults: seed 1, 4 variants, one thread per processor. */
void corpus_cli_init(struct corpus_cli *cc);

/*
 * Handles a training option shared by both commands (long option name
 * and its argument); returns 1 if taken, 0 if not one of them, -1 (after
 * printing why) for a bad value.
 */
int corpus_cli_option(struct corpus_cli *cc, const char *name, const char *arg);

/* The usage text of those options. */
const char *corpus_cli_usage(void);

/* Loads cc->dir and extracts its features; prints and returns false on
 * failure. */
bool corpus_cli_load(struct corpus_cli *cc);

void corpus_cli_release(struct corpus_cli *cc);

#endif

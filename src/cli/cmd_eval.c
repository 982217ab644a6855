/* cmd_eval.c: `turnover eval CORPUS_DIR [--folds K] [options]`, or
 * `turnover eval --turnovers DIR [--model FILE] [--jobs N]`. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/evaluate.h"
#include "analysis/turneval.h"
#include "commands.h"
#include "corpus_cli.h"
#include "strbuf.h"
#include "xalloc.h"

static void usage(FILE *fp)
{
	fprintf(fp, "usage: turnover eval CORPUS_DIR [--folds K] [options]\n"
		    "       turnover eval --turnovers DIR [--model FILE] [--jobs N]\n"
		    "                     [--held-out CORPUS_DIR [--folds K] [options]]\n"
		    "Cross-validates the clip classifier on CORPUS_DIR/labels.csv, grouped by\n"
		    "recording, and prints the figures as Markdown.  With --turnovers, analyses\n"
		    "every clip of the AAFs in DIR that have a NAME.truth.json and scores the\n"
		    "shipped (or --model) classifier against it; with --held-out, each clip\n"
		    "with the cross-validation model that did not see its source recording\n"
		    "(DIR/media_sources.csv: media, corpus_file).\n"
		    "  --folds K       folds (default 5)\n"
		    "  --by-package    leave one source package out at a time instead\n%s",
		    corpus_cli_usage());
}

/* --held-out CORPUS_DIR: each clip again with the cross-validation model
 * that did not see its source (DIR/media_sources.csv says which). */
static bool held_out(struct turneval *te, const char *dir, struct corpus_cli *cc, int folds)
{
	char *sources = xasprintf("%s/media_sources.csv", dir);
	struct evaluate_opts eo;
	struct errbuf eb;
	bool ok;

	errbuf_init(&eb);
	ok = corpus_cli_load(cc);
	eo.folds = folds;
	eo.by_package = false;
	eo.seed = cc->seed;
	eo.threads = cc->threads;
	eo.train = cc->train;
	if (ok && turneval_held_out(te, sources, cc->corpus, cc->v, cc->variants, cc->ok, &eo,
				    &eb) != ERR_OK) {
		cli_error("%s", errbuf_msg(&eb));
		ok = false;
	}
	free(sources);
	return ok;
}

/* --turnovers DIR: the shipped model (or the held-out ones) on AAFs with
 * ground truth. */
static int eval_turnovers(const char *dir, const char *model_path, int jobs,
			  struct corpus_cli *cc, int folds)
{
	struct analysis_options ao;
	struct classifier *model;
	struct turneval te;
	struct strbuf sb = STRBUF_INIT;
	struct errbuf eb;
	enum err e;

	cli_setup_log(0);
	errbuf_init(&eb);
	model = model_path ? classifier_load(model_path, &eb) : classifier_load_default(&eb);
	if (!model) {
		cli_error("%s", errbuf_msg(&eb));
		return 1;
	}
	analysis_options_init(&ao);
	ao.jobs = jobs;
	turneval_init(&te);
	e = turneval_run(&te, dir, model, &ao, &eb);
	if (e != ERR_OK)
		cli_error("%s", errbuf_msg(&eb));
	else if (cc->dir && !held_out(&te, dir, cc, folds))
		e = ERR_INVALID;
	if (e == ERR_OK) {
		turneval_report(&te, &sb);
		fputs(strbuf_str(&sb), stdout);
	}
	strbuf_release(&sb);
	turneval_release(&te);
	classifier_free(model);
	return e == ERR_OK ? 0 : 1;
}

int cmd_eval(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "folds", required_argument, NULL, 'k' },
		{ "by-package", no_argument, NULL, 'p' },
		CORPUS_CLI_LONGOPTS,
		{ "turnovers", required_argument, NULL, 'T' },
		{ "model", required_argument, NULL, 'M' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "held-out", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct corpus_cli cc;
	struct evaluate_opts eo;
	struct evaluate_result r;
	struct strbuf sb = STRBUF_INIT;
	const char *turnovers = NULL, *model = NULL;
	int c, idx, folds = 5, by_package = 0, jobs = 0;
	char *end;

	corpus_cli_init(&cc);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, &idx)) != -1) {
		switch (c) {
		case 'k':
			folds = (int)strtol(optarg, &end, 10);
			if (*end || folds < 2 || folds > 100) {
				cli_error("bad --folds '%s' (2 to 100)", optarg);
				return 2;
			}
			break;
		case 'p': by_package = 1; break;
		case 'T': turnovers = optarg; break;
		case 'M': model = optarg; break;
		case 'H': cc.dir = optarg; break;
		case 'j':
			jobs = (int)strtol(optarg, &end, 10);
			if (*end || jobs < 1 || jobs > 64) {
				cli_error("bad --jobs '%s' (1 to 64)", optarg);
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		case 0:
			if (corpus_cli_option(&cc, longopts[idx].name, optarg) < 0)
				return 2;
			break;
		default: usage(stderr); return 2;
		}
	}
	if (turnovers && optind == argc) {
		int status = eval_turnovers(turnovers, model, jobs, &cc, folds);

		corpus_cli_release(&cc);
		return status;
	}
	if (optind != argc - 1 || turnovers || cc.dir) {
		usage(stderr);
		return 2;
	}
	cli_setup_log(0);
	cc.dir = argv[optind];
	if (!corpus_cli_load(&cc)) {
		corpus_cli_release(&cc);
		return 1;
	}
	if (by_package) {	/* leave one package out */
		corpus_group_by_package(cc.corpus);
		folds = cc.corpus->n_groups;
	}
	eo.folds = folds;
	eo.by_package = by_package;
	eo.seed = cc.seed;
	eo.threads = cc.threads;
	eo.train = cc.train;
	evaluate_cross_validate(cc.corpus, cc.v, cc.variants, cc.ok, &eo, &r);
	evaluate_report(cc.corpus, &r, &eo, &sb);
	fputs(strbuf_str(&sb), stdout);
	strbuf_release(&sb);
	evaluate_result_release(&r);
	corpus_cli_release(&cc);
	return 0;
}

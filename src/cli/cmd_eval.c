/* cmd_eval.c: `turnover eval CORPUS_DIR [--folds K] [options]`. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/evaluate.h"
#include "commands.h"
#include "corpus_cli.h"
#include "strbuf.h"

static void usage(FILE *fp)
{
	fprintf(fp, "usage: turnover eval CORPUS_DIR [--folds K] [options]\n"
		    "Cross-validates the clip classifier on CORPUS_DIR/labels.csv, grouped by\n"
		    "recording, and prints the figures as Markdown.\n"
		    "  --folds K       folds (default 5)\n"
		    "  --by-package    leave one source package out at a time instead\n%s",
		    corpus_cli_usage());
}

int cmd_eval(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "folds", required_argument, NULL, 'k' },
		{ "by-package", no_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 0 },
		{ "variants", required_argument, NULL, 0 },
		{ "threads", required_argument, NULL, 0 },
		{ "hidden", required_argument, NULL, 0 },
		{ "nets", required_argument, NULL, 0 },
		{ "l2", required_argument, NULL, 0 },
		{ "iters", required_argument, NULL, 0 },
		{ "quiet", no_argument, NULL, 0 },
		{ "cache", required_argument, NULL, 0 },
		{ "drop", required_argument, NULL, 0 },
		{ "no-bag", no_argument, NULL, 0 },
		{ "subspace", required_argument, NULL, 0 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct corpus_cli cc;
	struct evaluate_opts eo;
	struct evaluate_result r;
	struct strbuf sb = STRBUF_INIT;
	int c, idx, folds = 5, by_package = 0;
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
		case 'h': usage(stdout); return 0;
		case 0:
			if (corpus_cli_option(&cc, longopts[idx].name, optarg) < 0)
				return 2;
			break;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
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

/* cmd_train.c: `turnover train CORPUS_DIR --out FILE [options]`. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/classifier.h"
#include "analysis/evaluate.h"
#include "analysis/rng.h"
#include "analysis/train.h"
#include "commands.h"
#include "corpus_cli.h"
#include "xalloc.h"

static void usage(FILE *fp)
{
	fprintf(fp, "usage: turnover train CORPUS_DIR --out FILE [options]\n"
		    "Trains the clip classifier on CORPUS_DIR/labels.csv.\n%s", corpus_cli_usage());
}

/* Every readable file's vectors as training rows (variant 0 is clean). */
static struct classifier *fit(const struct corpus_cli *cc)
{
	struct train_opts o = cc->train;

	o.seed = rng_mix(cc->seed, 999);
	return evaluate_fit(cc->corpus, cc->v, cc->variants, cc->ok, NULL, NULL, &o);
}

int cmd_train(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		CORPUS_CLI_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct corpus_cli cc;
	const char *out = NULL;
	struct classifier *m;
	struct errbuf eb;
	int c, idx, status = 0;

	corpus_cli_init(&cc);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, &idx)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'h': usage(stdout); return 0;
		case 0:
			if (corpus_cli_option(&cc, longopts[idx].name, optarg) < 0)
				return 2;
			break;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc - 1 || !out) {
		usage(stderr);
		return 2;
	}
	cli_setup_log(0);
	cc.dir = argv[optind];
	if (!corpus_cli_load(&cc)) {
		corpus_cli_release(&cc);
		return 1;
	}
	m = fit(&cc);
	errbuf_init(&eb);
	if (!m) {
		cli_error("'%s': no readable file to train on", cc.dir);
		status = 1;
	} else if (classifier_save(m, out, &eb) != ERR_OK) {
		cli_error("%s", errbuf_msg(&eb));
		status = 1;
	} else if (!cc.quiet) {
		fprintf(stderr, "turnover: wrote %s (%zu files, temperature %.3f)\n", out,
			cc.corpus->n, m->temperature);
	}
	classifier_free(m);
	corpus_cli_release(&cc);
	return status;
}

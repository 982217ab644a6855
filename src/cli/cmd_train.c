/* cmd_train.c: `turnover train CORPUS_DIR --out FILE [options]`. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/classifier.h"
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
	const struct corpus *c = cc->corpus;
	size_t cap = c->n * (size_t)cc->variants, rows = 0;
	double *x = xmalloc(cap * FEATURE_COUNT * sizeof(double));
	int *y = xmalloc(cap * sizeof(int)), *g = xmalloc(cap * sizeof(int));
	bool *clean = xmalloc(cap * sizeof(bool));
	struct train_data d;
	struct train_opts o = cc->train;
	struct classifier *m;

	for (size_t i = 0; i < c->n; i++)
		for (int a = 0; cc->ok[i] && a < cc->variants; a++, rows++) {
			memcpy(x + rows * FEATURE_COUNT,
			       cc->v + (i * (size_t)cc->variants + (size_t)a) * FEATURE_COUNT,
			       FEATURE_COUNT * sizeof(double));
			y[rows] = (int)c->items[i].cls;
			g[rows] = c->items[i].group;
			clean[rows] = a == 0;
		}
	d.n = rows;
	d.x = x;
	d.y = y;
	d.group = g;
	d.clean = clean;
	o.seed = rng_mix(cc->seed, 999);
	m = train_fit(&d, &o);
	free(x);
	free(y);
	free(g);
	free(clean);
	return m;
}

int cmd_train(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
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
	if (classifier_save(m, out, &eb) != ERR_OK) {
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

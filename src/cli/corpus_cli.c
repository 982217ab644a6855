/* corpus_cli.c: options and corpus loading shared by train and eval. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "corpus_cli.h"
#include "xalloc.h"

void corpus_cli_init(struct corpus_cli *cc)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	memset(cc, 0, sizeof(*cc));
	cc->seed = 1;
	cc->variants = 4;
	cc->threads = n > 0 && n < 64 ? (int)n : 1;
	train_opts_init(&cc->train);
}

static bool parse_num(const char *name, const char *arg, double lo, double hi, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(arg, &end);
	if (errno || end == arg || *end || !(*out >= lo && *out <= hi)) {
		cli_error("bad --%s '%s' (%g to %g)", name, arg, lo, hi);
		return false;
	}
	return true;
}

int corpus_cli_option(struct corpus_cli *cc, const char *name, const char *arg)
{
	double v;

	if (!strcmp(name, "quiet")) {
		cc->quiet = true;
		return 1;
	}
	if (!strcmp(name, "cache")) {
		cc->cache = arg;
		return 1;
	}
	if (!strcmp(name, "drop")) {
		cc->drop = arg;
		return 1;
	}
	if (!strcmp(name, "no-bag")) {
		cc->train.bag = false;
		return 1;
	}
	if (!strcmp(name, "seed")) {
		if (!parse_num(name, arg, 0, 4294967295.0, &v))
			return -1;
		cc->seed = (uint64_t)v;
	} else if (!strcmp(name, "variants")) {
		if (!parse_num(name, arg, 1, 32, &v))
			return -1;
		cc->variants = (int)v;
	} else if (!strcmp(name, "threads")) {
		if (!parse_num(name, arg, 1, 64, &v))
			return -1;
		cc->threads = (int)v;
	} else if (!strcmp(name, "hidden")) {
		if (!parse_num(name, arg, 0, 64, &v))
			return -1;
		cc->train.hidden = (int)v;
	} else if (!strcmp(name, "nets")) {
		if (!parse_num(name, arg, 1, 32, &v))
			return -1;
		cc->train.nets = (int)v;
	} else if (!strcmp(name, "l2")) {
		if (!parse_num(name, arg, 0, 10, &v))
			return -1;
		cc->train.l2 = v;
	} else if (!strcmp(name, "subspace")) {
		if (!parse_num(name, arg, 0.05, 1, &v))
			return -1;
		cc->train.subspace = v;
	} else if (!strcmp(name, "iters")) {
		if (!parse_num(name, arg, 1, 100000, &v))
			return -1;
		cc->train.iters = (int)v;
	} else {
		return 0;
	}
	return 1;
}

const char *corpus_cli_usage(void)
{
	return "  --seed N        seed of augmentation, folds and training (default 1)\n"
	       "  --variants N    feature vectors per file: 1 as recorded + N-1 augmented (4)\n"
	       "  --threads N     worker threads (one per processor)\n"
	       "  --hidden N      hidden units per network, 0 = logistic regression (8)\n"
	       "  --nets N        networks averaged (8)\n"
	       "  --l2 X          weight decay (0.001)\n"
	       "  --iters N       L-BFGS iterations (300)\n"
	       "  --cache FILE    keep the feature vectors in FILE and reuse them when\n"
	       "                  corpus, variants, seed and features match\n"
	       "  --subspace X    share of the features each network sees (0.5)\n"
	       "  --no-bag        train every network on all recordings (default: each on\n"
	       "                  a bootstrap sample of them)\n"
	       "  --drop LIST     leave out the features whose names start with one of\n"
	       "                  LIST (comma-separated), to measure what they bring\n"
	       "  --quiet         no progress on stderr\n";
}

static void progress(size_t done, size_t total, void *user)
{
	(void)user;
	if (done == total || done % 25 == 0)
		fprintf(stderr, "\rturnover: analysed %zu/%zu files%s", done, total,
			done == total ? "\n" : "");
}

static void cache_header(const struct corpus_cli *cc, char *buf, size_t len)
{
	snprintf(buf, len, "turnover-features 1 %zu %d %llu %d", cc->corpus->n, cc->variants,
		 (unsigned long long)cc->seed, FEATURE_COUNT);
}

/* Reads the cache; false when it is absent or does not match. */
static bool cache_read(struct corpus_cli *cc)
{
	FILE *f = fopen(cc->cache, "r");
	char want[200], line[200], name[4096];
	size_t per = (size_t)cc->variants * FEATURE_COUNT;
	bool ok = f != NULL;

	cache_header(cc, want, sizeof(want));
	ok = ok && fgets(line, sizeof(line), f) && !strncmp(line, want, strlen(want));
	for (size_t i = 0; ok && i < cc->corpus->n; i++) {
		int good;

		ok = fscanf(f, "%4095s %d", name, &good) == 2 &&
		     !strcmp(name, cc->corpus->items[i].file);
		cc->ok[i] = good;
		for (size_t k = 0; ok && k < per; k++)
			ok = fscanf(f, "%lf", &cc->v[i * per + k]) == 1;
	}
	if (f)
		fclose(f);
	return ok;
}

static void cache_write(const struct corpus_cli *cc)
{
	FILE *f = fopen(cc->cache, "w");
	char hdr[200];
	size_t per = (size_t)cc->variants * FEATURE_COUNT;

	if (!f) {
		cli_error("warning: cannot write '%s'", cc->cache);
		return;
	}
	cache_header(cc, hdr, sizeof(hdr));
	fprintf(f, "%s\n", hdr);
	for (size_t i = 0; i < cc->corpus->n; i++) {
		fprintf(f, "%s %d", cc->corpus->items[i].file, cc->ok[i]);
		for (size_t k = 0; k < per; k++)
			fprintf(f, " %.17g", cc->v[i * per + k]);
		fputc('\n', f);
	}
	if (fclose(f) != 0)
		cli_error("warning: cannot write '%s'", cc->cache);
}

/* Zeroes the dropped features: constant, they carry nothing. */
static void drop_features(struct corpus_cli *cc)
{
	size_t rows = cc->corpus->n * (size_t)cc->variants;
	char *list, *save = NULL;

	if (!cc->drop)
		return;
	list = xstrdup(cc->drop);
	for (char *p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save))
		for (int i = 0; i < FEATURE_COUNT; i++)
			if (!strncmp(feature_name(i), p, strlen(p)))
				for (size_t r = 0; r < rows; r++)
					cc->v[r * FEATURE_COUNT + (size_t)i] = 0;
	free(list);
}

bool corpus_cli_load(struct corpus_cli *cc)
{
	struct errbuf eb;
	size_t n, bad;

	errbuf_init(&eb);
	if (corpus_load(cc->dir, &cc->corpus, &eb) != ERR_OK) {
		cli_error("%s: %s", cc->dir, errbuf_msg(&eb));
		return false;
	}
	n = cc->corpus->n;
	if (n == 0) {
		cli_error("%s: no labelled files", cc->dir);
		return false;
	}
	cc->v = xcalloc(n * (size_t)cc->variants * FEATURE_COUNT, sizeof(double));
	cc->ok = xcalloc(n, sizeof(bool));
	if (cc->cache && cache_read(cc)) {
		drop_features(cc);
		return true;
	}
	bad = corpus_extract(cc->corpus, cc->variants, cc->seed, cc->threads, cc->v, cc->ok,
			     cc->quiet ? NULL : progress, NULL);
	if (cc->cache)
		cache_write(cc);
	drop_features(cc);
	for (size_t i = 0; i < n && bad; i++)
		if (!cc->ok[i])
			cli_error("warning: cannot read '%s'; left out", cc->corpus->items[i].path);
	return true;
}

void corpus_cli_release(struct corpus_cli *cc)
{
	corpus_free(cc->corpus);
	free(cc->v);
	free(cc->ok);
	cc->corpus = NULL;
	cc->v = NULL;
	cc->ok = NULL;
}

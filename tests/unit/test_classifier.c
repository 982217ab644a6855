/* test_classifier.c: the model file, training (deterministic, and it
 * learns), grouped folds, and a whole corpus run on a tiny generated
 * corpus: same corpus + same seed -> byte-identical model. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sndfile.h>

#include "analysis/corpus.h"
#include "analysis/evaluate.h"
#include "analysis/rng.h"
#include "analysis/train.h"
#include "audiogen.h"
#include "strbuf.h"
#include "xalloc.h"

#define F FEATURE_COUNT

static int setup(void **state)
{
	(void)state;
	audiogen_dir("classifier");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	audiogen_cleanup();
	return 0;
}

static char *model_text(const struct classifier *c)
{
	struct strbuf sb = STRBUF_INIT;

	classifier_write(c, &sb);
	return strbuf_detach(&sb);
}

/* Three well-separated blobs of rows, 3 rows per group. */
struct blobs {
	double x[90 * F];
	int y[90], group[90];
	struct train_data d;
};

static void make_blobs(struct blobs *b, uint64_t seed)
{
	struct rng r;

	rng_seed(&r, seed);
	for (int i = 0; i < 90; i++) {
		b->y[i] = i % 3;
		b->group[i] = i / 3;
		for (int k = 0; k < F; k++)
			b->x[i * F + k] = rng_normal(&r) + (k % 3 == b->y[i] ? 3 : 0) + 10 * k;
	}
	b->d.n = 90;
	b->d.x = b->x;
	b->d.y = b->y;
	b->d.group = b->group;
	b->d.clean = NULL;
}

static void test_train(void **state)
{
	struct blobs *b = xmalloc(sizeof(*b));
	struct train_opts o;
	struct classifier *m1, *m2, *lr;
	char *t1, *t2;
	double p[CLIP_CLASS_COUNT];

	(void)state;
	make_blobs(b, 5);
	train_opts_init(&o);
	o.hidden = 4;
	o.nets = 2;
	o.iters = 60;
	o.calib_folds = 3;
	m1 = train_fit(&b->d, &o);
	m2 = train_fit(&b->d, &o);
	t1 = model_text(m1);
	t2 = model_text(m2);
	assert_string_equal(t1, t2);
	assert_true(m1->temperature > 0.05 && m1->temperature < 20);
	for (int i = 0; i < 90; i++) {
		classifier_predict(m1, b->x + i * F, p);
		assert_true(p[b->y[i]] > 0.5);
	}
	o.seed = 2;
	classifier_free(m2);
	m2 = train_fit(&b->d, &o);
	free(t2);
	t2 = model_text(m2);
	assert_string_not_equal(t1, t2);
	o.hidden = 0;
	lr = train_fit(&b->d, &o);
	classifier_predict(lr, b->x + 4 * F, p);
	assert_true(p[b->y[4]] > 0.5);
	free(t1);
	free(t2);
	classifier_free(m1);
	classifier_free(m2);
	classifier_free(lr);
	free(b);
}

static void test_model_text(void **state)
{
	struct classifier *c = classifier_new(2, 3), *back, *lr = classifier_new(1, 0);
	struct errbuf eb;
	char *t, *u, *bad;
	double v[F], p1[CLIP_CLASS_COUNT], p2[CLIP_CLASS_COUNT];

	(void)state;
	c->temperature = 1.7;
	for (int i = 0; i < F; i++) {
		c->mean[i] = i * 0.25;
		c->scale[i] = 1.0 / (i + 1);
		v[i] = i;
	}
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < classifier_net_params(3); i++)
			c->nets[k].w1[i] = sin((double)i + k);
	c->nets[1].w2[4] = -2.5;
	c->nets[0].b2[2] = 0.75;
	t = model_text(c);
	errbuf_init(&eb);
	back = classifier_parse(t, strlen(t), &eb);
	assert_non_null(back);
	u = model_text(back);
	assert_string_equal(t, u);
	classifier_predict(c, v, p1);
	classifier_predict(back, v, p2);
	for (int j = 0; j < CLIP_CLASS_COUNT; j++)
		assert_true(fabs(p1[j] - p2[j]) < 1e-6);
	/* damaged copies are refused with a line number */
	for (size_t cut = 0; cut < strlen(t); cut += strlen(t) / 37 + 1) {
		struct classifier *x;

		errbuf_init(&eb);
		x = classifier_parse(t, cut, &eb);
		assert_null(x);
		assert_int_equal(eb.code, ERR_MODEL);
	}
	bad = xstrdup(t);
	memcpy(strstr(bad, "feature crest"), "feature crust", 13);
	errbuf_init(&eb);
	assert_null(classifier_parse(bad, strlen(bad), &eb));
	assert_non_null(strstr(eb.msg, "feature set"));
	free(bad);
	free(u);
	free(t);
	t = model_text(lr);
	classifier_free(back);
	back = classifier_parse(t, strlen(t), &eb);
	assert_non_null(back);
	free(t);
	errbuf_init(&eb);
	assert_null(classifier_load("/nonexistent/classifier.model", &eb));
	assert_int_equal(eb.code, ERR_NOT_FOUND);
	classifier_free(back);
	classifier_free(lr);
	classifier_free(c);
}

static void test_folds(void **state)
{
	int cls[40], rows[40], fold[40], again[40], per[4][3] = { { 0 } };

	(void)state;
	for (int g = 0; g < 40; g++) {
		cls[g] = g % 3;
		rows[g] = 1 + g % 2;
	}
	train_assign_folds(40, cls, rows, 4, 9, fold);
	train_assign_folds(40, cls, rows, 4, 9, again);
	assert_memory_equal(fold, again, sizeof(fold));
	for (int g = 0; g < 40; g++) {
		assert_in_range(fold[g], 0, 3);
		per[fold[g]][cls[g]] += rows[g];
	}
	for (int f = 0; f < 4; f++)	/* balanced: each fold has each class */
		for (int c = 0; c < 3; c++)
			assert_true(per[f][c] >= 3);
}

/* ---- a tiny corpus ------------------------------------------------------------------ */

static double chord(int64_t i, int ch, int rate, void *user)
{
	double t = (double)i / rate, v = 0, base = *(const double *)user;
	int step = (int)(t * 2);

	(void)ch;
	for (int n = 0; n < 3; n++)
		v += 0.1 * sin(2 * M_PI * base * pow(2, (n * 4 + step % 3) / 12.0) * t);
	return v * (0.6 + 0.4 * exp(-fmod(t, 0.5) * 6));
}

static double bursts(int64_t i, int ch, int rate, void *user)
{
	double t = (double)i / rate, k = *(const double *)user;
	uint64_t z = (uint64_t)i * 0x9e3779b97f4a7c15ULL + (uint64_t)k;

	(void)ch;
	z = (z ^ (z >> 31)) * 0xbf58476d1ce4e5b9ULL;
	return 0.3 * exp(-fmod(t, 0.7) * k) * ((double)(z >> 11) / 9007199254740992.0 - 0.5);
}

static const char *make_corpus(void)
{
	const char *dir = audiogen_dir_path();
	char *labels = xasprintf("%s/labels.csv", dir), *prod = xasprintf("%s/prod.csv", dir);
	FILE *f = fopen(labels, "w"), *g = fopen(prod, "w");

	assert_non_null(f);
	assert_non_null(g);
	fprintf(f, "file,class,source_package,source_file,offset_s,duration_s,channels,bandwidth_hz\n");
	fprintf(g, "file,base_file,bed_type\n");
	for (int i = 0; i < 4; i++) {
		char name[64];
		double base = 220 + 40 * i, k = 3 + 2 * i;

		snprintf(name, sizeof(name), "d%d.wav", i);
		free(audiogen_write(name, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 16000,
				    24000 + 4000 * i, audiogen_voice, NULL));
		fprintf(f, "%s,dialogue,voices,/v/%d.wav,0,1.5,1,8000\n", name, i);
		snprintf(name, sizeof(name), "m%d.flac", i);
		free(audiogen_write(name, SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 2, 22050,
				    33075, chord, &base));
		fprintf(f, "%s,music,tunes,/m/%d.ogg,0,1.5,2,11000\n", name, i / 2);
		snprintf(name, sizeof(name), "s%d.wav", i);
		free(audiogen_write(name, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 16000, 20000,
				    bursts, &k));
		fprintf(f, "%s,sfx,bangs,\"/s/%d,x.wav\",0,1.25,1,8000\n", name, i);
	}
	fprintf(g, "d3.wav,d0.wav,noise\n");
	fclose(f);
	fclose(g);
	free(labels);
	free(prod);
	return dir;
}

static struct classifier *fit_corpus(const struct corpus *c, const double *v, int variants)
{
	size_t n = c->n * (size_t)variants;
	double *x = xmalloc(n * F * sizeof(double));
	int *y = xmalloc(n * sizeof(int)), *grp = xmalloc(n * sizeof(int));
	struct train_data d = { n, x, y, grp, NULL };
	struct train_opts o;
	struct classifier *m;

	memcpy(x, v, n * F * sizeof(double));
	for (size_t r = 0; r < n; r++) {
		y[r] = (int)c->items[r / (size_t)variants].cls;
		grp[r] = c->items[r / (size_t)variants].group;
	}
	train_opts_init(&o);
	o.hidden = 3;
	o.nets = 1;
	o.iters = 40;
	o.calib_folds = 2;
	m = train_fit(&d, &o);
	free(x);
	free(y);
	free(grp);
	return m;
}

static void test_corpus(void **state)
{
	const char *dir = make_corpus();
	struct corpus *c;
	struct errbuf eb;
	size_t n;
	double *v1, *v2;
	bool *ok;
	struct classifier *m1, *m2;
	char *t1, *t2;
	struct evaluate_opts eo;
	struct evaluate_result r;
	struct evaluate_metrics mt;
	struct strbuf report = STRBUF_INIT;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(corpus_load(dir, &c, &eb), ERR_OK);
	assert_int_equal(c->n, 12);
	n = c->n * 2 * F;
	/* m0/m1 share a source, d3 is a variant of d0; the quoted comma kept */
	assert_int_equal(c->items[1].group, c->items[4].group);
	assert_int_equal(c->items[0].group, c->items[9].group);
	assert_string_equal(c->items[2].source_file, "/s/0,x.wav");
	assert_int_equal(c->n_groups, 9);
	v1 = xmalloc(n * sizeof(double));
	v2 = xmalloc(n * sizeof(double));
	ok = xmalloc(c->n * sizeof(bool));
	assert_int_equal(corpus_extract(c, 2, 3, 1, v1, ok, NULL, NULL), 0);
	assert_int_equal(corpus_extract(c, 2, 3, 3, v2, ok, NULL, NULL), 0);
	assert_memory_equal(v1, v2, n * sizeof(double));
	m1 = fit_corpus(c, v1, 2);
	m2 = fit_corpus(c, v2, 2);
	t1 = model_text(m1);
	t2 = model_text(m2);
	assert_string_equal(t1, t2);
	/* cross-validation runs and reports */
	memset(&eo, 0, sizeof(eo));
	eo.folds = 3;
	eo.seed = 1;
	eo.threads = 2;
	train_opts_init(&eo.train);
	eo.train.hidden = 2;
	eo.train.nets = 1;
	eo.train.iters = 20;
	eo.train.calib_folds = 0;
	evaluate_cross_validate(c, v1, 2, ok, &eo, &r);
	evaluate_metrics(c, &r, NULL, NULL, &mt);
	assert_int_equal(mt.n, 12);
	evaluate_report(c, &r, &eo, &report);
	assert_non_null(strstr(report.buf, "Confusion matrix"));
	strbuf_release(&report);
	evaluate_result_release(&r);
	corpus_group_by_package(c);
	assert_int_equal(c->n_groups, 3);
	assert_int_equal(c->items[0].group, c->items[3].group);
	assert_int_not_equal(c->items[0].group, c->items[1].group);
	free(t1);
	free(t2);
	classifier_free(m1);
	classifier_free(m2);
	free(v1);
	free(v2);
	free(ok);
	corpus_free(c);
	assert_int_equal(corpus_load("/nonexistent", &c, &eb), ERR_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_text),
		cmocka_unit_test(test_train),
		cmocka_unit_test(test_folds),
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests_name("classifier", tests, setup, teardown);
}

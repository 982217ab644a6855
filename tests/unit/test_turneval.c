/* test_turneval.c: the classifier judged on an AAF turnover with ground
 * truth (turneval.h), on a corpus and a turnover made here: clips matched
 * to the truth by audio track and index, the reasons for clips that are
 * not counted, the figures, and the held-out judging by the
 * cross-validation model that did not see a clip's source recording. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include <sndfile.h>

#include "aaf/aafwriter.h"
#include "analysis/classify.h"
#include "analysis/turneval.h"
#include "audiogen.h"
#include "session_build.h"
#include "xalloc.h"

#define RATE 48000
#define WAV16 (SF_FORMAT_WAV | SF_FORMAT_PCM_16)

static const char *dir;
static char *turn;		/* the turnover folder */

static double chord(int64_t i, int ch, int rate, void *user)
{
	double t = (double)i / rate, f = *(const double *)user;

	(void)ch;
	return 0.2 * sin(2 * M_PI * f * t) + 0.15 * sin(2 * M_PI * f * 1.26 * t) +
	       0.1 * sin(2 * M_PI * f * 1.5 * t);
}

static double bursts(int64_t i, int ch, int rate, void *user)
{
	double t = (double)i / rate, k = *(const double *)user;
	uint64_t z = (uint64_t)i * 0x9e3779b97f4a7c15ULL;

	(void)ch;
	z ^= z >> 31;
	z *= 0xbf58476d1ce4e5b9ULL;
	z ^= z >> 29;
	return (fmod(t * k, 1.0) < 0.2 ? 0.5 : 0.01) * ((double)(z >> 11) / 9007199254740992.0 - 0.5);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Nine corpus files, three of each class, 2 s at 48 kHz. */
static void make_corpus(void)
{
	char *labels = xasprintf("%s/labels.csv", dir);
	FILE *f = fopen(labels, "w");

	assert_non_null(f);
	fprintf(f, "file,class,source_package,source_file,offset_s,duration_s,channels,bandwidth_hz\n");
	for (int i = 0; i < 3; i++) {
		double base = 220 + 60 * i, k = 2 + i;
		char name[32];

		snprintf(name, sizeof(name), "d%d.wav", i);
		free(audiogen_write(name, WAV16, 1, RATE, 2 * RATE, audiogen_voice, NULL));
		fprintf(f, "%s,dialogue,voices,/v/%d.wav,0,2,1,20000\n", name, i);
		snprintf(name, sizeof(name), "m%d.wav", i);
		free(audiogen_write(name, WAV16, 1, RATE, 2 * RATE, chord, &base));
		fprintf(f, "%s,music,tunes,/m/%d.wav,0,2,1,20000\n", name, i);
		snprintf(name, sizeof(name), "s%d.wav", i);
		free(audiogen_write(name, WAV16, 1, RATE, 2 * RATE, bursts, &k));
		fprintf(f, "%s,sfx,bangs,/s/%d.wav,0,2,1,20000\n", name, i);
	}
	fclose(f);
	free(labels);
}

/* turn/t.aaf: A1 d0, A2 m0, A3 s0, A4 a missing file; the truth with
 * clips that match and clips that cannot; media_sources.csv. */
static void make_turnover(void)
{
	static const char *const media[] = { "d0.wav", "m0.wav", "s0.wav", "ghost.wav" };
	struct session *s = session_build_new("t", 25, 1, 90000, false);
	char *aaf = xasprintf("%s/t.aaf", turn), *truth = xasprintf("%s/t.truth.json", turn);
	char *sources = xasprintf("%s/media_sources.csv", turn);
	struct errbuf eb;

	for (int i = 0; i < 4; i++) {
		char *url = xasprintf("file://%s/%s", dir, media[i]);
		struct track *t = session_build_track(s, "A", 25, 1);

		session_build_media(s, media[i], MEDIA_CONTAINER_WAVE, 1, RATE, 16, 2 * RATE, url);
		session_build_clip(t, media[i], 0, 40, i, 1, 1, 4800, RATE);
		free(url);
	}
	session_build_finish(s);
	errbuf_init(&eb);
	if (aaf_write_file(s, aaf, NULL, &eb))
		fail_msg("%s", errbuf_msg(&eb));
	session_free(s);
	write_text(truth, "{\"clips\": [\n"
		   " {\"track\": 1, \"index\": 1, \"class\": \"dialogue\", \"media\": \"d0.wav\"},\n"
		   " {\"track\": 2, \"index\": 1, \"class\": \"music\", \"media\": \"m0.wav\"},\n"
		   " {\"track\": 3, \"index\": 1, \"class\": \"sfx\", \"media\": \"s0.wav\"},\n"
		   " {\"track\": 4, \"index\": 1, \"class\": \"sfx\", \"media\": \"ghost.wav\"},\n"
		   " {\"track\": 1, \"index\": 5, \"class\": \"dialogue\"},\n"
		   " {\"track\": 9, \"index\": 1, \"class\": \"music\"},\n"
		   " {\"track\": 2, \"index\": 1, \"class\": \"noise\"}]}\n");
	/* s0.wav's source is not in the corpus */
	write_text(sources, "media,corpus_file,class\nd0.wav,d0.wav,dialogue\n"
		   "m0.wav,m0.wav,music\ns0.wav,elsewhere/s9.flac,sfx\n");
	free(aaf);
	free(truth);
	free(sources);
}

static int setup(void **state)
{
	(void)state;
	dir = audiogen_dir("turneval");
	turn = xasprintf("%s/turn", dir);
	if (mkdir(turn, 0777) != 0)
		return -1;
	make_corpus();
	make_turnover();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(turn);
	audiogen_cleanup();
	return 0;
}

static const struct turneval_clip *clip_at(const struct turneval *te, int track, int index)
{
	for (size_t i = 0; i < te->n_clips; i++)
		if (te->clips[i].track == track && te->clips[i].index == index &&
		    te->clips[i].truth != CLIP_CLASS_COUNT)
			return &te->clips[i];
	fail_msg("no clip A%d.%d", track, index);
	return NULL;
}

static bool error_has(const struct turneval *te, size_t i, const char *what)
{
	return te->clips[i].error && strstr(te->clips[i].error, what);
}

/* Matching and the reasons, with a model that knows nothing. */
static void test_matching(void **state)
{
	struct classifier *blank = classifier_new(1, 0);
	struct turneval te;
	struct evaluate_metrics m;
	struct strbuf sb = STRBUF_INIT;
	struct errbuf eb;

	(void)state;
	errbuf_init(&eb);
	turneval_init(&te);
	assert_int_equal(turneval_run(&te, turn, blank, NULL, &eb), ERR_OK);
	assert_int_equal(te.n_turnovers, 1);
	assert_string_equal(te.turnovers[0], "t.aaf");
	assert_int_equal(te.n_clips, 7);
	for (int i = 0; i < 3; i++) {
		assert_true(te.clips[i].analysed);
		assert_true(fabs(te.clips[i].seconds - 1.6) < 1e-9);	/* 40 frames at 25 */
	}
	assert_false(te.clips[3].analysed);	/* ghost.wav */
	assert_true(error_has(&te, 4, "no clip 5 on audio track 1"));
	assert_true(error_has(&te, 5, "no audio track 9"));
	assert_true(error_has(&te, 6, "no known class ('noise')"));
	turneval_metrics(&te, SIZE_MAX, &m);
	assert_int_equal(m.n, 3);
	turneval_report(&te, &sb);
	assert_non_null(strstr(strbuf_str(&sb), "1 turnover(s), 7 clip(s) in the ground truth, "
					       "3 analysed."));
	assert_non_null(strstr(strbuf_str(&sb), "| t.aaf | A4.1 | ghost.wav |"));
	strbuf_release(&sb);
	turneval_release(&te);
	/* no ground truth at all */
	turneval_init(&te);
	assert_int_equal(turneval_run(&te, dir, blank, NULL, &eb), ERR_OK);	/* turn/ below */
	turneval_release(&te);
	turneval_init(&te);
	errbuf_init(&eb);
	assert_int_equal(turneval_run(&te, "/nonexistent-turneval", blank, NULL, &eb),
			 ERR_NOT_FOUND);
	turneval_release(&te);
	classifier_free(blank);
}

/* Held out: each clip judged by the fold model that did not see its
 * source, which is exactly the model cross-validation trains for it. */
static void test_held_out(void **state)
{
	struct classifier *blank = classifier_new(1, 0), *m;
	struct turneval te;
	struct corpus *c;
	struct evaluate_opts eo;
	struct analysis_result r;
	struct errbuf eb;
	int *fold_of_group;
	double *v;
	bool *ok;
	char *sources = xasprintf("%s/media_sources.csv", turn);
	const struct turneval_clip *d0, *m0;
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(corpus_load(dir, &c, &eb), ERR_OK);
	v = xmalloc(c->n * FEATURE_COUNT * sizeof(double));
	ok = xmalloc(c->n * sizeof(bool));
	assert_int_equal(corpus_extract(c, 1, 1, 1, v, ok, NULL, NULL), 0);
	memset(&eo, 0, sizeof(eo));
	eo.folds = 3;
	eo.seed = 7;
	eo.threads = 1;
	train_opts_init(&eo.train);
	eo.train.hidden = 2;
	eo.train.nets = 1;
	eo.train.iters = 20;
	eo.train.calib_folds = 0;
	turneval_init(&te);
	assert_int_equal(turneval_run(&te, turn, blank, NULL, &eb), ERR_OK);
	assert_int_equal(turneval_held_out(&te, sources, c, v, 1, ok, &eo, &eb), ERR_OK);
	d0 = clip_at(&te, 1, 1);
	m0 = clip_at(&te, 2, 1);
	assert_true(d0->analysed && m0->analysed);
	assert_false(clip_at(&te, 3, 1)->analysed);	/* s0: source not in the corpus */
	assert_non_null(strstr(clip_at(&te, 3, 1)->error, "no source recording"));
	fold_of_group = xcalloc((size_t)c->n_groups + 1, sizeof(int));
	evaluate_assign_folds(c, &eo, fold_of_group);
	assert_int_equal(d0->fold, fold_of_group[c->items[0].group]);	/* d0 is item 0 */
	assert_int_equal(m0->fold, fold_of_group[c->items[1].group]);
	{
		struct train_opts to = eo.train;
		int k = d0->fold;
		bool keep[9];

		assert_int_equal(c->n, 9);
		for (size_t i = 0; i < c->n; i++)
			keep[i] = ok[i] && fold_of_group[c->items[i].group] != k;
		to.seed = evaluate_fold_seed(&eo, k);
		m = evaluate_fit(c, v, 1, keep, NULL, NULL, &to);
		assert_non_null(m);
		classify_features(m, &d0->features, &r);
		assert_int_equal(r.cls, d0->pred);
		assert_true(r.confidence == d0->confidence);
		classifier_free(m);
	}
	turneval_report(&te, &sb);
	assert_non_null(strstr(strbuf_str(&sb), "the 3-fold cross-validation"));
	/* a sources file without the columns */
	write_text(sources, "name,file\n");
	assert_int_equal(turneval_held_out(&te, sources, c, v, 1, ok, &eo, &eb), ERR_INVALID);
	strbuf_release(&sb);
	turneval_release(&te);
	free(fold_of_group);
	free(sources);
	free(v);
	free(ok);
	corpus_free(c);
	classifier_free(blank);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matching),
		cmocka_unit_test(test_held_out),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

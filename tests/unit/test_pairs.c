/*
 * test_pairs.c: split-stereo detection on audio generated here: L/R files
 * that belong together, two unrelated mono files lined up identically
 * (also under L/R names: never a pair), a stereo file whose channels sit
 * on two tracks, rival candidates, loose files, the naming conventions
 * and the JSON shape; and, when $TURNOVER_SHARED/corpus/channels exists,
 * its split pairs (and their halves crossed with each other: never a
 * pair).
 */
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

#include "analysis/pairname.h"
#include "analysis/pairs.h"
#include "audiogen.h"
#include "sessgen.h"
#include "xalloc.h"

#define RATE 48000
#define WAV24 (SF_FORMAT_WAV | SF_FORMAT_PCM_24)
#define LEN (3 * RATE)

static int setup(void **state)
{
	(void)state;
	audiogen_dir("pairs");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	audiogen_cleanup();
	return 0;
}

/* Side ch of a stereo mix of two sources (seeds 1 and 2). */
static double sig_stereo(int64_t i, int ch, int rate, void *user)
{
	double a = sessgen_source(1, i, rate), b = sessgen_source(2, i, rate);

	(void)user;
	return ch == 0 ? 0.8 * a + 0.35 * b : 0.35 * a + 0.8 * b;
}

/* One side of the mix as a mono file: user points at the side. */
static double sig_side(int64_t i, int ch, int rate, void *user)
{
	(void)ch;
	return sig_stereo(i, *(const int *)user, rate, NULL);
}

/* An unrelated source: user points at its seed. */
static double sig_seed(int64_t i, int ch, int rate, void *user)
{
	(void)ch;
	return sessgen_source(*(const uint64_t *)user, i, rate);
}

static char *write_side(const char *name, int side)
{
	return audiogen_write(name, WAV24, 1, RATE, LEN, sig_side, &side);
}

static char *write_seed(const char *name, uint64_t seed)
{
	return audiogen_write(name, WAV24, 1, RATE, LEN, sig_seed, &seed);
}

/* ---- names ------------------------------------------------------------------------ */

static void test_names(void **state)
{
	static const struct { const char *a, *b; enum pairname_kind k; int a_left; } cases[] = {
		{ "X.L.wav", "X.R.wav", PAIRNAME_LR, 1 },
		{ "dir/X_R.WAV", "other/X_L.wav", PAIRNAME_LR, 0 },
		{ "Take 3-Left.aif", "Take 3-Right.aif", PAIRNAME_LR, 1 },
		{ "Clip 203 Track 1.wav", "Clip 203 Track 2.wav", PAIRNAME_TRACK, 1 },
		{ "SC12.A2", "SC12.A1", PAIRNAME_CHANNEL, 0 },
		{ "mix.Lt.wav", "mix.Rt.wav", PAIRNAME_LR, 1 },
		{ "X.L.wav", "Y.R.wav", PAIRNAME_NONE, 0 },
		{ "X.L.wav", "X.R.aif", PAIRNAME_NONE, 0 },
		{ "L.wav", "R.wav", PAIRNAME_NONE, 0 },
		{ "XL.wav", "XR.wav", PAIRNAME_NONE, 0 },
		{ "X.L.wav", "X.L.wav", PAIRNAME_NONE, 0 },
		{ "X_1.wav", "X_2.wav", PAIRNAME_NONE, 0 },
		{ NULL, "X.R.wav", PAIRNAME_NONE, 0 },
	};
	char *b;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int left = -1;

		assert_int_equal(pairname_match(cases[i].a, cases[i].b, &left), cases[i].k);
		assert_int_equal(left, cases[i].a_left);
	}
	b = pairname_base("/m/Clip 203 Track 1.wav");
	assert_string_equal(b, "Clip 203.wav");
	free(b);
	b = pairname_base("X.L.flac");
	assert_string_equal(b, "X.flac");
	free(b);
	assert_null(pairname_base("X.R.wav"));
}

/* ---- loose files ------------------------------------------------------------------ */

static void test_files(void **state)
{
	char *l = write_side("song.L.wav", 0), *r = write_side("song.R.wav", 1);
	char *u1 = write_seed("talk.L.wav", 21), *u2 = write_seed("talk.R.wav", 22);
	const char *list[] = { u2, r, u1, l };
	struct file_pair *fp;
	struct pair_check c;
	struct errbuf eb;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(pairs_check_files(l, r, NULL, &c, &eb), ERR_OK);
	assert_true(c.confirmed);
	assert_true(c.evidence & PAIR_EVIDENCE_NAME_LR);
	assert_true(c.evidence & (PAIR_EVIDENCE_AUDIO_CORRELATED | PAIR_EVIDENCE_AUDIO_ALIKE));
	assert_true(c.confidence > 0.8 && c.confidence <= 1);
	assert_int_equal(c.audio.relation, STEREO_RELATION_STEREO);
	/* unrelated files under L/R names: never a pair */
	assert_int_equal(pairs_check_files(u1, u2, NULL, &c, &eb), ERR_OK);
	assert_false(c.confirmed);
	assert_true(c.confidence == 0);
	/* a list: only the real pair, left first */
	assert_int_equal(pairs_find_files(list, 4, NULL, &fp), 1);
	assert_int_equal(fp[0].left, 3);
	assert_int_equal(fp[0].right, 1);
	free(fp);
	assert_int_equal(pairs_check_files(l, "/nonexistent.R.wav", NULL, &c, &eb),
			 ERR_MEDIA_MISSING);
	free(l);
	free(r);
	free(u1);
	free(u2);
}

/* ---- sessions ---------------------------------------------------------------------- */

static struct session *two_mono(const char *a, const char *b, bool b_first)
{
	struct session *s = sessgen_new();
	int ma = sessgen_media(s, a), mb = sessgen_media(s, b);
	size_t t1 = sessgen_track(s, "Audio 1"), t2 = sessgen_track(s, "Audio 2");

	sessgen_clip(s, b_first ? t2 : t1, "a", RATE, 2 * RATE, ma, 1, 1, RATE / 2);
	sessgen_clip(s, b_first ? t1 : t2, "b", RATE, 2 * RATE, mb, 1, 1, RATE / 2);
	sessgen_finish(s);
	return s;
}

static void test_split_pair(void **state)
{
	char *l = write_side("pair.L.wav", 0), *r = write_side("pair.R.wav", 1);
	struct session *s = two_mono(l, r, true);	/* R on the upper track */
	struct pairs p;

	(void)state;
	pairs_find(s, NULL, &p);
	assert_int_equal(p.candidates, 1);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0].left.track, 1);	/* the L file, on track 2 */
	assert_int_equal(p.v[0].right.track, 0);
	assert_int_equal(p.v[0].check.evidence & (PAIR_EVIDENCE_NAME_LR | PAIR_EVIDENCE_SAME_RANGE |
						  PAIR_EVIDENCE_ADJACENT),
			 PAIR_EVIDENCE_NAME_LR | PAIR_EVIDENCE_SAME_RANGE | PAIR_EVIDENCE_ADJACENT);
	pairs_release(&p);
	session_free(s);
	free(l);
	free(r);
}

static void test_unrelated_lined_up(void **state)
{
	char *a = write_seed("dialogue.wav", 31), *b = write_seed("music.wav", 32);
	char *c = write_seed("scene.L.wav", 33), *d = write_seed("scene.R.wav", 34);
	struct session *s1 = two_mono(a, b, false), *s2 = two_mono(c, d, false);
	struct pairs p;

	(void)state;
	pairs_find(s1, NULL, &p);
	assert_int_equal(p.candidates, 1);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.unconfirmed, 1);
	pairs_release(&p);
	pairs_find(s2, NULL, &p);	/* L/R names do not make them a pair */
	assert_int_equal(p.n, 0);
	pairs_release(&p);
	session_free(s1);
	session_free(s2);
	free(a);
	free(b);
	free(c);
	free(d);
}

static void test_same_file_channels(void **state)
{
	char *path = audiogen_write("stereo.wav", WAV24, 2, RATE, LEN, sig_stereo, NULL);
	struct session *s = sessgen_new();
	int m = sessgen_media(s, path);
	size_t t1 = sessgen_track(s, "A5"), t2 = sessgen_track(s, "A6"), t3 = sessgen_track(s, "A7");
	struct pairs p;

	(void)state;
	sessgen_clip(s, t1, "cue", 0, 2 * RATE, m, 2, 1, 1000);	/* right on the upper track */
	sessgen_clip(s, t2, "cue", 0, 2 * RATE, m, 1, 1, 1000);
	/* the same channel twice is a copy, not a pair */
	sessgen_clip(s, t3, "cue", 0, 2 * RATE, m, 2, 1, 1000);
	sessgen_finish(s);
	pairs_find(s, NULL, &p);
	assert_int_equal(p.candidates, 2);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0].left.track, t2);
	assert_true(p.v[0].right.track == t1 || p.v[0].right.track == t3);
	assert_true(p.v[0].check.evidence & PAIR_EVIDENCE_SAME_FILE);
	pairs_release(&p);
	session_free(s);
	free(path);
}

static void test_missing_media(void **state)
{
	char *l = write_side("gone.L.wav", 0), *r = write_side("gone.R.wav", 1);
	struct session *s = two_mono(l, r, false);
	struct pairs p;

	(void)state;
	s->media[1].status = MEDIA_STATUS_MISSING;
	pairs_find(s, NULL, &p);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.unconfirmed, 1);
	pairs_release(&p);
	session_free(s);
	free(l);
	free(r);
}

static void test_json(void **state)
{
	char *l = write_side("js.L.wav", 0), *r = write_side("js.R.wav", 1);
	struct session *s = two_mono(l, r, false);
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;
	struct json_value *v;
	const struct json_value *p0;
	struct errbuf eb;
	struct pairs p;
	int64_t n;
	double d;

	(void)state;
	pairs_find(s, NULL, &p);
	json_writer_init(&w, &sb, false);
	pairs_json_write(&w, s, &p);
	errbuf_init(&eb);
	assert_int_equal(json_parse(sb.buf, sb.len, &v, &eb), ERR_OK);
	assert_int_equal(json_length(v), 1);
	p0 = json_at(v, 0);
	assert_true(json_as_int64(json_get(json_get(p0, "left"), "track"), &n) && n == 1);
	assert_true(json_as_int64(json_get(json_get(p0, "left"), "index"), &n) && n == 1);
	assert_true(json_as_int64(json_get(json_get(p0, "right"), "track"), &n) && n == 2);
	assert_string_equal(json_as_string(json_at(json_get(p0, "evidence"), 0)), "name_lr");
	assert_true(json_as_double(json_get(p0, "confidence"), &d) && d > 0.8 && d <= 1);
	json_free(v);
	strbuf_release(&sb);
	pairs_release(&p);
	session_free(s);
	free(l);
	free(r);
}

/* ---- the shared corpus ---------------------------------------------------------------- */

static void test_corpus_split_pairs(void **state)
{
	const char *shared = getenv("TURNOVER_SHARED");
	char *l[4], *r[4];
	struct stat st;
	int confirmed = 0, crossed = 0;

	(void)state;
	if (!shared || stat(shared, &st) != 0 || !S_ISDIR(st.st_mode))
		skip();
	for (int i = 0; i < 4; i++) {
		l[i] = xasprintf("%s/corpus/channels/ch_%04d.L.flac", shared, i + 1);
		r[i] = xasprintf("%s/corpus/channels/ch_%04d.R.flac", shared, i + 1);
		if (stat(l[i], &st) != 0)
			skip();
	}
	for (int i = 0; i < 4; i++) {
		for (int j = 0; j < 4; j++) {
			struct pair_check c;
			struct errbuf eb;

			errbuf_init(&eb);
			if (pairs_check_files(l[i], r[j], NULL, &c, &eb))
				fail_msg("%s", errbuf_msg(&eb));
			if (i == j)
				confirmed += c.confirmed;
			else
				crossed += c.confirmed;
			if (c.confirmed != (i == j))
				print_message("ch_%04d.L + ch_%04d.R: %s\n", i + 1, j + 1,
					      c.confirmed ? "paired" : "not paired");
		}
	}
	print_message("corpus/channels split pairs: %d of 4 confirmed, %d of 12 crossed halves "
		      "paired\n", confirmed, crossed);
	assert_int_equal(confirmed, 4);
	assert_int_equal(crossed, 0);
	for (int i = 0; i < 4; i++) {
		free(l[i]);
		free(r[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_split_pair),
		cmocka_unit_test(test_unrelated_lined_up),
		cmocka_unit_test(test_same_file_channels),
		cmocka_unit_test(test_missing_media),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_corpus_split_pairs),
	};

	return cmocka_run_group_tests_name("pairs", tests, setup, teardown);
}

/* test_review.c: clip records (keys, media problems, play ranges) and the scan for AAFs. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "analysis/classify.h"
#include "analysis/findings.h"
#include "review.h"
#include "scan.h"
#include "session_build.h"
#include "xalloc.h"

static char tmpdir[] = "/tmp/test_review.XXXXXX";

/* A session at 25 fps, 48 kHz: a mono clip of an OK file, a stereo clip
 * of a missing one, a clip running past the end of a short file, and a
 * clip of a channel its file does not have. */
static struct session *make_session(void)
{
	struct session *s = session_build_new("Reel", 25, 1, 25 * 3600, false);
	struct media *m;
	struct track *t;

	m = session_build_media(s, "ok.wav", MEDIA_CONTAINER_WAVE, 1, 48000, 24, 480000, "file:///ok.wav");
	m->status = MEDIA_STATUS_OK;
	m->path = xstrdup("/media/ok.wav");
	m->file = (struct media_file){ 1, 48000, 24, 480000, 480000, false, true };
	m = session_build_media(s, "gone.wav", MEDIA_CONTAINER_WAVE, 2, 48000, 24, -1, "file:///gone.wav");
	m->status = MEDIA_STATUS_MISSING;
	m->status_detail = xstrdup("no file found");
	m = session_build_media(s, "short.wav", MEDIA_CONTAINER_WAVE, 1, 44100, 16, 44100, "file:///short.wav");
	m->status = MEDIA_STATUS_OK;
	m->path = xstrdup("/media/short.wav");
	m->file = (struct media_file){ 1, 44100, 16, 22050, 44100, true, true };
	t = session_build_track(s, "Dia", 25, 1);
	session_build_clip(t, "one", 0, 50, 0, 1, 1, 48000, 48000);
	session_build_clip(t, "two", 100, 25, 1, 1, 2, 0, 48000);
	t = session_build_track(s, "FX", 25, 1);
	session_build_clip(t, "three", 0, 25, 2, 1, 1, 0, 44100);
	session_build_clip(t, "four", 50, 10, 0, 2, 1, 0, 48000);
	session_build_finish(s);
	return s;
}

static void test_records(void **state)
{
	struct review *rv = review_new(make_session());
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(rv->n_clips, 4);
	assert_string_equal(rv->clips[0].key, "A1#1@172800000:ok.wav");
	assert_string_equal(rv->clips[1].key, "A1#2@172992000:gone.wav");
	assert_string_equal(rv->clips[2].key, "A2#1@172800000:short.wav");
	assert_int_equal(rv->clips[0].problems, 0);
	assert_int_equal(rv->clips[1].problems, REVIEW_PROBLEM_MISSING);
	assert_int_equal(rv->clips[2].problems, REVIEW_PROBLEM_TRUNCATED);
	assert_int_equal(rv->clips[3].problems, REVIEW_PROBLEM_CHANNEL);
	assert_int_equal(review_count_problems(rv), 3);
	assert_false(rv->clips[0].analysis.done);
	assert_int_equal(rv->clips[0].analysis.cls, CLIP_CLASS_COUNT);
	assert_string_equal(review_clip(rv, 2)->name, "three");
	assert_string_equal(review_track(rv, 2)->name, "FX");
	review_describe_problems(rv, 1, &sb);
	assert_string_equal(strbuf_str(&sb), "ch 1: 'gone.wav' missing: no file found\n"
					     "ch 2: 'gone.wav' missing: no file found\n");
	strbuf_reset(&sb);
	review_describe_problems(rv, 2, &sb);
	assert_string_equal(strbuf_str(&sb), "ch 1: 'short.wav' ends before the clip does\n");
	strbuf_release(&sb);
	assert_string_equal(review_problem_name(REVIEW_PROBLEM_MISSING), "missing media");
	assert_string_equal(clip_flag_name(CLIP_FLAG_DUAL_MONO), "dual mono");
	assert_string_equal(review_problem_name(3), "");
	review_free(rv);
	review_free(NULL);
}

static void test_sources(void **state)
{
	struct review *rv = review_new(make_session());
	struct review_source src;

	(void)state;
	assert_true(review_source(rv, 0, 0, &src));
	assert_string_equal(src.path, "/media/ok.wav");
	assert_int_equal(src.channel, 1);
	assert_int_equal(src.rate, 48000);
	assert_int_equal(src.start, 48000);
	assert_int_equal(src.frames, 96000);
	assert_false(review_source(rv, 0, 1, &src));
	assert_false(review_source(rv, 1, 0, &src));
	assert_true(review_source(rv, 2, 0, &src));
	assert_int_equal(src.rate, 44100);
	assert_int_equal(src.frames, 44100);
	assert_false(review_source(rv, 3, 0, &src));
	review_free(rv);
}

static void test_uncertain(void **state)
{
	struct review_clip rc = { 0 };

	(void)state;
	assert_false(review_uncertain(&rc, 0.7));
	rc.analysis.done = true;
	rc.analysis.confidence = 0.5;
	assert_true(review_uncertain(&rc, 0.7));
	assert_false(review_uncertain(&rc, 0.5));
}

/* Channel findings taken into the records, and the fixes they propose:
 * a pair (clips "one" and "three"), a dual mono clip ("two"), a polarity
 * inverted one ("four"). */
static void test_findings(void **state)
{
	struct review *rv = review_new(make_session());
	struct findings f;
	size_t first[2] = { 0, 2 }, i;
	struct stereo_result st[4];
	bool has[4] = { false, true, false, true };
	struct pair pr;
	struct health_problem hp[2] = {
		{ HEALTH_POLARITY_INVERTED, HEALTH_ERROR, -1, true, 1, 1, NULL },
		{ HEALTH_DC_OFFSET, HEALTH_WARNING, -1, true, 1, 1, NULL },
	};
	struct review_fix *fx;
	size_t n;

	(void)state;
	memset(&f, 0, sizeof(f));
	memset(st, 0, sizeof(st));
	memset(&pr, 0, sizeof(pr));
	st[1].relation = STEREO_RELATION_DUAL_MONO;
	st[1].bit_exact = true;
	st[3].relation = STEREO_RELATION_POLARITY_INVERTED;
	st[3].peak_correlation = -0.97;
	pr.left = (struct pair_clip){ 0, 0 };
	pr.right = (struct pair_clip){ 1, 0 };
	pr.check.confidence = 0.9;
	pr.check.evidence = PAIR_EVIDENCE_SAME_RANGE;
	f.first = first;
	f.stereo = st;
	f.has_stereo = has;
	f.pairs.v = &pr;
	f.pairs.n = 1;
	f.health.v = hp;
	f.health.n = 2;
	/* the classifier found the DC offset of "four" too (and that it is short) */
	rv->clips[3].analysis.problems = ANALYSIS_PROBLEM_DC_OFFSET | ANALYSIS_PROBLEM_TOO_SHORT;
	assert_true(review_find(rv, 1, 1, &i));
	assert_int_equal(i, 3);
	assert_false(review_find(rv, 2, 0, &i));
	assert_false(review_has_problem(&rv->clips[0]));
	review_take_findings(rv, &f);
	assert_true(rv->clips[0].analysis.findings_done);
	assert_int_equal(rv->clips[0].analysis.flags, CLIP_FLAG_SPLIT_PAIR);
	assert_true(rv->clips[0].analysis.pair_left);
	assert_int_equal(rv->clips[0].analysis.pair_with, 2);
	assert_false(rv->clips[2].analysis.pair_left);
	assert_int_equal(rv->clips[2].analysis.pair_with, 0);
	assert_int_equal(rv->clips[1].analysis.flags, CLIP_FLAG_DUAL_MONO);
	assert_int_equal(rv->clips[3].analysis.flags, 0);
	assert_int_equal(rv->clips[3].analysis.health,
			 1u << HEALTH_POLARITY_INVERTED | 1u << HEALTH_DC_OFFSET);
	/* the DC offset is the channel checks' to say (once); "too short" stays */
	assert_int_equal(rv->clips[3].analysis.problems, ANALYSIS_PROBLEM_TOO_SHORT);
	assert_true(review_has_problem(&rv->clips[3]));
	assert_int_equal(review_count_all_problems(rv), 3);
	n = review_list_fixes(rv, &fx);
	assert_int_equal(n, 3);
	assert_int_equal(fx[0].kind, REVIEW_FIX_PAIR);
	assert_string_equal(fx[0].key, "pair:A1#1@172800000:ok.wav+A2#1@172800000:short.wav");
	assert_true(fx[0].confidence == 0.9);
	assert_int_equal(fx[1].kind, REVIEW_FIX_FOLD);
	assert_string_equal(fx[1].key, "fold:A1#2@172992000:gone.wav");
	assert_true(fx[1].confidence == 1.0);
	assert_int_equal(fx[2].kind, REVIEW_FIX_FLIP);
	assert_string_equal(fx[2].key, "flip:A2#2@172896000:ok.wav");
	assert_true(fabs(fx[2].confidence - 0.97) < 1e-9);
	assert_string_equal(review_fix_kind_name(REVIEW_FIX_MONO), "mono");
	review_fixes_free(fx, n);
	review_free(rv);
}

static void touch(const char *rel)
{
	char *path = xasprintf("%s/%s", tmpdir, rel);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fclose(f);
	free(path);
}

static void folder(const char *rel)
{
	char *path = xasprintf("%s/%s", tmpdir, rel);

	assert_int_equal(mkdir(path, 0777), 0);
	free(path);
}

static void test_scan(void **state)
{
	struct scan_result r;
	char *root = xasprintf("%s/t", tmpdir), *direct = xasprintf("%s/t/notes.txt", tmpdir);
	char *missing = xasprintf("%s/nope", tmpdir);
	const char *paths[4] = { root, direct, missing, root };
	char *want;

	(void)state;
	folder("t");
	folder("t/b");
	folder("t/.hidden");
	folder("t/a.turnover");
	folder("t/1");
	folder("t/1/2");
	folder("t/1/2/3");
	folder("t/1/2/3/4");
	folder("t/1/2/3/4/5");
	touch("t/z.aaf");
	touch("t/b/B.AAF");
	touch("t/b/readme.txt");
	touch("t/.hidden/h.aaf");
	touch("t/a.turnover/out.aaf");
	touch("t/1/2/3/4/deep.aaf");
	touch("t/1/2/3/4/5/deeper.aaf");
	touch("t/notes.txt");
	scan_result_init(&r);
	scan_paths(paths, 4, &r);
	assert_int_equal(r.n_files, 4);
	want = xasprintf("%s/t/1/2/3/4/deep.aaf", tmpdir);
	assert_string_equal(r.files[0], want);
	free(want);
	want = xasprintf("%s/t/b/B.AAF", tmpdir);
	assert_string_equal(r.files[1], want);
	free(want);
	assert_string_equal(r.files[2], direct);
	want = xasprintf("%s/t/z.aaf", tmpdir);
	assert_string_equal(r.files[3], want);
	free(want);
	assert_int_equal(r.n_problems, 1);
	want = xasprintf("cannot open '%s': No such file or directory", missing);
	assert_string_equal(r.problems[0], want);
	free(want);
	scan_result_release(&r);
	assert_true(scan_is_aaf_name("x.Aaf"));
	assert_false(scan_is_aaf_name(".aaf"));
	assert_false(scan_is_aaf_name("aaf"));
	free(root);
	free(direct);
	free(missing);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	(void)state;
	if (system(cmd) != 0)
		print_message("cannot remove %s\n", tmpdir);
	free(cmd);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_sources),
		cmocka_unit_test(test_uncertain),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_scan),
	};
	return cmocka_run_group_tests_name("review", tests, setup, teardown);
}

/* test_relink.c: the media folder index and the locator search order, over
 * a temporary tree with a symlink loop, duplicate and UTF-8 names. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "media/relink.h"
#include "xalloc.h"

static char root[4096];

/* root/rel as a new string. */
static char *at(const char *rel)
{
	return xasprintf("%s/%s", root, rel);
}

static void make_dir(const char *rel)
{
	char *p = at(rel);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static void make_file(const char *rel)
{
	char *p = at(rel);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs(rel, f);
	fclose(f);
	free(p);
}

static void make_link(const char *target, const char *rel)
{
	char *p = at(rel);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");
	char deep[256] = "m1/d";

	(void)state;
	snprintf(root, sizeof(root), "%s/turnover-relink-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(root))
		return -1;
	make_dir("m1");
	make_dir("m1/a");
	make_dir("m1/b");
	make_dir("m1/c");
	make_dir("m1/.Trashes");
	make_dir("m2");
	make_dir("aafdir");
	make_dir("aafdir/media");
	make_file("m1/a/x.wav");
	make_file("m1/b/x.wav");
	make_file("m2/x.wav");
	make_file("m1/b/y.wav");
	make_link("../b/y.wav", "m1/c/y.wav");		/* same file, second path */
	make_file("m1/a/caf\xc3\xa9_sc\xc3\xa8ne.wav");
	make_file("m1/a/UPPER.WAV");
	make_file("m1/bad\xff\xfe.wav");		/* not UTF-8 */
	make_file("m1/.Trashes/z.wav");
	make_link("..", "m1/a/loop");			/* loops back to m1 */
	make_link(".", "m1/b/self");
	make_link("../m1", "m2/up");			/* m1 again from m2 */
	make_link("nowhere.wav", "m1/dangling.wav");
	make_file("aafdir/media/a.wav");
	make_file("aafdir/a.wav");
	make_file("outside.wav");
	{
		char *p = at("m1/fifo.wav");

		assert_int_equal(mkfifo(p, 0644), 0);
		free(p);
	}
	/* m1/d is level 1; files at level 32 are indexed, level 33 is not */
	make_dir(deep);
	for (int level = 2; level <= 33; level++) {
		strcat(deep, "/d");
		make_dir(deep);
		if (level == 32 || level == 33) {
			char f[300];

			snprintf(f, sizeof(f), "%s/lvl%d.wav", deep, level);
			make_file(f);
		}
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_index(void **state)
{
	char *m1 = at("m1"), *m2 = at("m2"), *none = at("none"), *file = at("outside.wav");
	const char *dirs[] = { m1, m2, none, m2, file };
	struct relink *r = relink_new(dirs, 5);
	size_t n;
	int folded;
	char *want;

	(void)state;
	/* a/UPPER.WAV a/café b/x b/y c/y a/x bad d/…/lvl32 m2/x; loops and
	 * repeated roots add nothing */
	assert_int_equal(relink_scan(r), 9);
	assert_int_equal(relink_scan(r), 9);

	want = at("m1/a/x.wav");
	assert_string_equal(relink_find(r, "x.wav", &n, &folded), want);
	assert_int_equal(n, 3);
	assert_int_equal(folded, 0);
	free(want);

	/* two paths, one file: not ambiguous; the smaller path wins */
	want = at("m1/b/y.wav");
	assert_string_equal(relink_find(r, "y.wav", &n, NULL), want);
	assert_int_equal(n, 1);
	free(want);

	want = at("m1/a/UPPER.WAV");
	assert_string_equal(relink_find(r, "upper.wav", &n, &folded), want);
	assert_int_equal(folded, 1);
	assert_int_equal(n, 1);
	assert_string_equal(relink_find(r, "UPPER.WAV", NULL, &folded), want);
	assert_int_equal(folded, 0);
	free(want);

	want = at("m1/a/caf\xc3\xa9_sc\xc3\xa8ne.wav");
	assert_string_equal(relink_find(r, "caf\xc3\xa9_sc\xc3\xa8ne.wav", &n, NULL), want);
	/* only ASCII letters fold */
	assert_string_equal(relink_find(r, "CAF\xc3\xa9_SC\xc3\xa8NE.WAV", NULL, &folded), want);
	assert_int_equal(folded, 1);
	assert_null(relink_find(r, "CAF\xc3\x89_SC\xc3\x88NE.wav", &n, NULL));
	assert_int_equal(n, 0);
	free(want);

	assert_non_null(relink_find(r, "bad\xff\xfe.wav", NULL, NULL));
	assert_non_null(relink_find(r, "lvl32.wav", NULL, NULL));
	assert_null(relink_find(r, "lvl33.wav", NULL, NULL));
	assert_null(relink_find(r, "z.wav", NULL, NULL));	/* hidden folder */
	assert_null(relink_find(r, "dangling.wav", NULL, NULL));
	assert_null(relink_find(r, "fifo.wav", NULL, NULL));
	assert_null(relink_find(r, "", NULL, NULL));
	assert_null(relink_find(r, "nothing.wav", &n, &folded));
	assert_int_equal(n, 0);
	assert_null(relink_find(NULL, "x.wav", NULL, NULL));
	relink_free(r);
	relink_free(NULL);
	free(m1);
	free(m2);
	free(none);
	free(file);
}

/* The answer does not depend on the order of the folders. */
static void test_deterministic(void **state)
{
	char *m1 = at("m1/"), *m2 = at("m2"), *want = at("m1/a/x.wav");
	const char *dirs[] = { m2, m1 };
	struct relink *r = relink_new(dirs, 2);
	size_t n;

	(void)state;
	assert_string_equal(relink_find(r, "x.wav", &n, NULL), want);
	assert_int_equal(n, 3);
	relink_free(r);
	r = relink_new(NULL, 0);
	assert_int_equal(relink_scan(r), 0);
	assert_null(relink_find(r, "x.wav", NULL, NULL));
	relink_free(r);
	free(m1);
	free(m2);
	free(want);
}

static void expect_resolve(struct relink *r, const char *url, const char *aaf_dir,
			   const char *want_rel, const char *why_part)
{
	char *why = (char *)1, *want = want_rel ? at(want_rel) : NULL;
	char *got = relink_resolve(r, url, aaf_dir, &why);

	if (want_rel) {
		if (!got)
			fail_msg("'%s' not resolved: %s", url, why ? why : "(no reason)");
		assert_string_equal(got, want);
	} else if (got) {
		fail_msg("'%s' resolved to '%s', expected nothing", url, got);
	}
	if (why_part) {
		if (!why || !strstr(why, why_part))
			fail_msg("'%s': why '%s' lacks '%s'", url, why ? why : "(null)", why_part);
	} else if (why) {
		fail_msg("'%s': unexpected why '%s'", url, why);
	}
	free(got);
	free(why);
	free(want);
}

static void test_resolve(void **state)
{
	char *m1 = at("m1"), *aaf = at("aafdir"), *url;
	const char *dirs[] = { m1 };
	struct relink *r = relink_new(dirs, 1);

	(void)state;
	/* 1. as is */
	url = xasprintf("file://%s/m1/b/y.wav", root);
	expect_resolve(r, url, aaf, "m1/b/y.wav", NULL);
	free(url);
	/* 2. below the AAF's folder, longest suffix first */
	expect_resolve(r, "file:///Volumes/X/media/a.wav", aaf, "aafdir/media/a.wav", NULL);
	expect_resolve(r, "file://localhost/E:/P/media/a.wav", aaf, "aafdir/media/a.wav", NULL);
	expect_resolve(r, "file:///Volumes/X/other/a.wav", aaf, "aafdir/a.wav", NULL);
	expect_resolve(r, "file:a.wav", aaf, "aafdir/a.wav", NULL);
	expect_resolve(r, "file:media/a.wav", aaf, "aafdir/media/a.wav", NULL);
	/* ".." never leads out of the AAF's folder */
	expect_resolve(NULL, "file:../outside.wav", aaf, NULL, "no media folders given");
	expect_resolve(NULL, "file:///x/../a.wav", aaf, "aafdir/a.wav", NULL);
	/* a folder is not a file */
	expect_resolve(NULL, "file:///Volumes/X/media", aaf, NULL, "no file at '/Volumes/X/media'");
	/* 3. by name in the media folders */
	expect_resolve(r, "file://localhost/E:/P/media/x.wav", aaf, "m1/a/x.wav",
		       "2 files named 'x.wav' in the media folders");
	expect_resolve(r, "file:///Volumes/EDIT_RAID/PROJECT/media/caf%c3%a9_sc%c3%a8ne.wav", aaf,
		       "m1/a/caf\xc3\xa9_sc\xc3\xa8ne.wav", NULL);
	expect_resolve(r, "file:///V/upper.wav", aaf, "m1/a/UPPER.WAV", "letter case");
	expect_resolve(r, "file:///V/bad%FF%FE.wav", NULL, "m1/bad\xff\xfe.wav", NULL);
	/* missing: say what was tried */
	expect_resolve(r, "file:///Volumes/X/media/nothere.wav", aaf, NULL,
		       "no file at '/Volumes/X/media/nothere.wav'; nothing below '");
	expect_resolve(r, "file:///Volumes/X/media/nothere.wav", aaf, NULL,
		       "aafdir' (tried the last 1 to 4 path parts)");
	expect_resolve(r, "file:nothere.wav", aaf, NULL, "aafdir' (tried the file name)");
	expect_resolve(r, "file:///Volumes/X/media/nothere.wav", aaf, NULL,
		       "no file named 'nothere.wav' in the media folders");
	expect_resolve(r, "http://host/x.wav", aaf, NULL, "not a usable file locator");
	expect_resolve(r, NULL, aaf, NULL, "not a usable file locator");
	free(relink_resolve(r, "file:///a/x.wav", NULL, NULL));
	relink_free(r);
	free(m1);
	free(aaf);
}

/* The shared turnovers: real locators against the media next to the AAFs. */
static void test_shared(void **state)
{
	const char *shared = getenv("TURNOVER_SHARED");
	char *tdir, *adir, *media, *want, *got, *why;
	struct relink *r;
	struct stat st;

	(void)state;
	if (!shared || !*shared)
		skip();
	tdir = xasprintf("%s/turnovers", shared);
	adir = xasprintf("%s/aaf", shared);
	if (stat(tdir, &st) != 0 || stat(adir, &st) != 0) {
		free(tdir);
		free(adir);
		skip();
	}
	got = relink_resolve(NULL, "file:///Volumes/EDIT_RAID/PROJECT/media/caf%c3%a9_sc%c3%a8ne.wav",
			     tdir, &why);
	want = xasprintf("%s/media/caf\xc3\xa9_sc\xc3\xa8ne.wav", tdir);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_null(why);
	free(got);
	free(want);

	got = relink_resolve(NULL, "file://localhost/E:/EDIT_RAID/PROJECT/media/IMG_0250_audio.wav",
			     tdir, &why);
	assert_null(got);
	assert_non_null(why);
	free(why);

	/* by name through the index, with the media folder as --media */
	media = xasprintf("%s/media", tdir);
	r = relink_new((const char *const[]){ media }, 1);
	got = relink_resolve(r, "file://localhost/E:/EDIT_RAID/PROJECT/media/T309.wav", NULL, &why);
	want = xasprintf("%s/T309.wav", media);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_null(why);
	free(got);
	free(want);
	relink_free(r);
	free(media);

	got = relink_resolve(NULL, "file:///G%3a/subdir1/M%c3%a9dia%20AAF/%e8%8a%b1/"
			     "bb6deb92-04b8-4b2a-9d6f-cd840000007c.wav", adir, &why);
	want = xasprintf("%s/M\xc3\xa9" "dia AAF/\xe8\x8a\xb1/bb6deb92-04b8-4b2a-9d6f-cd840000007c.wav",
			 adir);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
	free(want);
	free(tdir);
	free(adir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_shared),
	};
	return cmocka_run_group_tests_name("relink", tests, setup, teardown);
}

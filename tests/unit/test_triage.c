/* test_triage.c: decisions, undo and redo, the state file and its atomic write. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "savefile.h"
#include "triage.h"
#include "xalloc.h"

static char tmpdir[] = "/tmp/test_triage.XXXXXX";

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = xcalloc(1, 1 << 16);

	assert_non_null(f);
	if (fread(buf, 1, (1 << 16) - 1, f) == 0)
		buf[0] = '\0';
	fclose(f);
	return buf;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Files in dir whose names contain part. */
static int count_files(const char *dir, const char *part)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		n += strstr(de->d_name, part) != NULL;
	closedir(d);
	return n;
}

static void test_set_undo_redo(void **state)
{
	struct triage *t = triage_new();
	struct triage_decision d;

	(void)state;
	d = triage_get(t, "A1#1@0:a.wav");
	assert_int_equal(d.cls, CLIP_CLASS_COUNT);
	assert_false(d.marked);
	assert_null(triage_undo(t));
	assert_true(triage_set_class(t, "A1#1@0:a.wav", CLIP_CLASS_MUSIC, false));
	assert_false(triage_set_class(t, "A1#1@0:a.wav", CLIP_CLASS_MUSIC, false));
	assert_true(triage_set_mark(t, "A2#1@0:b.wav", true));
	assert_true(triage_set_class(t, "A1#1@0:a.wav", CLIP_CLASS_SFX, true));
	assert_int_equal(triage_count_decided(t), 1);
	assert_int_equal(triage_count_marked(t), 1);
	d = triage_get(t, "A1#1@0:a.wav");
	assert_int_equal(d.cls, CLIP_CLASS_SFX);
	assert_true(d.accepted);
	assert_string_equal(triage_undo(t), "A1#1@0:a.wav");
	assert_int_equal(triage_get(t, "A1#1@0:a.wav").cls, CLIP_CLASS_MUSIC);
	assert_false(triage_get(t, "A1#1@0:a.wav").accepted);
	assert_string_equal(triage_undo(t), "A2#1@0:b.wav");
	assert_false(triage_get(t, "A2#1@0:b.wav").marked);
	assert_string_equal(triage_redo(t), "A2#1@0:b.wav");
	assert_true(triage_get(t, "A2#1@0:b.wav").marked);
	/* a new change drops what redo had */
	assert_true(triage_set_class(t, "A3#1@0:c.wav", CLIP_CLASS_DIALOGUE, false));
	assert_null(triage_redo(t));
	assert_string_equal(triage_undo(t), "A3#1@0:c.wav");
	assert_string_equal(triage_undo(t), "A2#1@0:b.wav");
	assert_string_equal(triage_undo(t), "A1#1@0:a.wav");
	assert_null(triage_undo(t));
	assert_int_equal(triage_count_decided(t), 0);
	assert_int_equal(triage_count_marked(t), 0);
	/* taking a decision back */
	assert_true(triage_set_class(t, "x", CLIP_CLASS_MUSIC, false));
	assert_true(triage_set_class(t, "x", CLIP_CLASS_COUNT, false));
	assert_int_equal(triage_get(t, "x").cls, CLIP_CLASS_COUNT);
	assert_false(triage_set_class(t, "x", CLIP_CLASS_COUNT, true));
	triage_free(t);
	triage_free(NULL);
}

static void test_undo_limit(void **state)
{
	struct triage *t = triage_new();
	int n = 0;

	(void)state;
	for (int i = 0; i < TRIAGE_UNDO_MAX + 10; i++)
		triage_set_mark(t, "k", i % 2 == 0);
	while (triage_undo(t))
		n++;
	assert_int_equal(n, TRIAGE_UNDO_MAX);
	triage_free(t);
}

static void test_save_load(void **state)
{
	struct triage *t = triage_new(), *u = triage_new();
	char *path = xasprintf("%s/s1.turnover/triage.json", tmpdir);
	char *text;
	struct errbuf eb;

	(void)state;
	triage_set_class(t, "B\"quoted\"", CLIP_CLASS_DIALOGUE, false);
	triage_set_class(t, "A\xC3\xA9", CLIP_CLASS_MUSIC, true);
	triage_set_mark(t, "A\xC3\xA9", true);
	triage_set_mark(t, "C", true);
	assert_true(triage_unsaved(t) > 0);
	errbuf_init(&eb);
	assert_int_equal(triage_save(t, path, "/x/y/s1.aaf", &eb), ERR_OK);
	assert_int_equal(triage_unsaved(t), 0);
	text = slurp(path);
	assert_string_equal(text,
		"{\n  \"format\": 1,\n  \"session\": \"s1.aaf\",\n  \"decisions\": [\n"
		"    {\n      \"clip\": \"A\xC3\xA9\",\n      \"class\": \"music\",\n"
		"      \"by\": \"human\",\n      \"accepted\": true,\n      \"marked\": true\n    },\n"
		"    {\n      \"clip\": \"B\\\"quoted\\\"\",\n      \"class\": \"dialogue\",\n"
		"      \"by\": \"human\",\n      \"accepted\": false,\n      \"marked\": false\n    },\n"
		"    {\n      \"clip\": \"C\",\n      \"marked\": true\n    }\n  ]\n}\n");
	free(text);
	assert_int_equal(triage_load(u, path, &eb), ERR_OK);
	assert_int_equal(triage_get(u, "A\xC3\xA9").cls, CLIP_CLASS_MUSIC);
	assert_true(triage_get(u, "A\xC3\xA9").accepted);
	assert_true(triage_get(u, "A\xC3\xA9").marked);
	assert_int_equal(triage_get(u, "B\"quoted\"").cls, CLIP_CLASS_DIALOGUE);
	assert_true(triage_get(u, "C").marked);
	assert_null(triage_undo(u));
	/* saving again gives the same bytes, and leaves no temporary file */
	assert_int_equal(triage_save(u, path, "/x/y/s1.aaf", &eb), ERR_OK);
	*strrchr(path, '/') = '\0';
	assert_int_equal(count_files(path, ".tmp"), 0);
	assert_int_equal(count_files(path, "triage.json"), 1);
	triage_free(t);
	triage_free(u);
	free(path);
}

/* Fix decisions: set, changed, taken back, saved and read back; a file
 * without "fixes" (as earlier versions wrote) loads with none. */
static void test_fixes(void **state)
{
	struct triage *t = triage_new(), *u = triage_new();
	char *path = xasprintf("%s/fx.turnover/triage.json", tmpdir);
	const char *pair = "pair:A5#1@0:Track 01.wav+A6#1@0:Track 01.wav";
	const char *fold = "fold:A7#1@1632000:A003_C002.wav";
	char *text;
	struct errbuf eb;

	(void)state;
	assert_int_equal(triage_get_fix(t, pair), TRIAGE_FIX_NONE);
	assert_false(triage_set_fix(t, pair, TRIAGE_FIX_NONE));
	assert_true(triage_set_fix(t, pair, TRIAGE_FIX_ACCEPTED));
	assert_false(triage_set_fix(t, pair, TRIAGE_FIX_ACCEPTED));
	assert_true(triage_set_fix(t, fold, TRIAGE_FIX_ACCEPTED));
	assert_true(triage_set_fix(t, fold, TRIAGE_FIX_REJECTED));
	assert_true(triage_set_fix(t, "flip:X", TRIAGE_FIX_REJECTED));
	assert_true(triage_set_fix(t, "flip:X", TRIAGE_FIX_NONE));
	assert_false(triage_set_fix(t, "", TRIAGE_FIX_ACCEPTED));
	assert_false(triage_set_fix(t, "x", TRIAGE_FIX_COUNT));
	assert_int_equal(triage_count_fixes(t, TRIAGE_FIX_ACCEPTED), 1);
	assert_int_equal(triage_count_fixes(t, TRIAGE_FIX_REJECTED), 1);
	/* not part of undo: the clip decisions' history is untouched */
	assert_null(triage_undo(t));
	triage_set_mark(t, "C", true);
	errbuf_init(&eb);
	assert_int_equal(triage_save(t, path, "s.aaf", &eb), ERR_OK);
	text = slurp(path);
	assert_non_null(strstr(text, "\"fixes\": [\n    {\n      \"fix\": \"fold:A7#1@1632000:"
				     "A003_C002.wav\",\n      \"decision\": \"rejected\"\n    },\n"
				     "    {\n      \"fix\": \"pair:A5#1@0:Track 01.wav+A6#1@0:"
				     "Track 01.wav\",\n      \"decision\": \"accepted\"\n    }\n  ]"));
	assert_null(strstr(text, "flip:X"));
	free(text);
	assert_int_equal(triage_load(u, path, &eb), ERR_OK);
	assert_int_equal(triage_get_fix(u, pair), TRIAGE_FIX_ACCEPTED);
	assert_int_equal(triage_get_fix(u, fold), TRIAGE_FIX_REJECTED);
	assert_int_equal(triage_get_fix(u, "flip:X"), TRIAGE_FIX_NONE);
	assert_true(triage_get(u, "C").marked);
	assert_int_equal(triage_unsaved(u), 0);
	/* an old file: no "fixes"; bad entries are skipped */
	write_file(path, "{\"format\": 1, \"decisions\": [{\"clip\": \"C\", \"marked\": true}]}");
	assert_int_equal(triage_load(u, path, &eb), ERR_OK);
	assert_int_equal(triage_get_fix(u, pair), TRIAGE_FIX_NONE);
	assert_int_equal(triage_count_fixes(u, TRIAGE_FIX_ACCEPTED), 0);
	write_file(path, "{\"format\": 1, \"decisions\": [], \"fixes\": [{\"fix\": \"a\", "
			 "\"decision\": \"maybe\"}, {\"decision\": \"accepted\"}, 7, "
			 "{\"fix\": \"b\", \"decision\": \"accepted\"}]}");
	assert_int_equal(triage_load(u, path, &eb), ERR_OK);
	assert_int_equal(triage_get_fix(u, "a"), TRIAGE_FIX_NONE);
	assert_int_equal(triage_get_fix(u, "b"), TRIAGE_FIX_ACCEPTED);
	assert_int_equal(triage_count_fixes(u, TRIAGE_FIX_ACCEPTED), 1);
	triage_free(t);
	triage_free(u);
	free(path);
}

static void test_load_errors(void **state)
{
	struct triage *t = triage_new();
	char *path = xasprintf("%s/state.json", tmpdir);
	struct errbuf eb;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(triage_load(t, path, &eb), ERR_NOT_FOUND);
	write_file(path, "{\"format\": 1, \"decisions\": [");
	errbuf_init(&eb);
	assert_int_equal(triage_load(t, path, &eb), ERR_JSON);
	write_file(path, "{\"format\": 2, \"decisions\": []}");
	errbuf_init(&eb);
	assert_int_equal(triage_load(t, path, &eb), ERR_CONFIG);
	assert_non_null(strstr(errbuf_msg(&eb), "newer"));
	write_file(path, "[1, 2]");
	errbuf_init(&eb);
	assert_int_equal(triage_load(t, path, &eb), ERR_CONFIG);
	/* odd members are skipped, the rest read */
	write_file(path, "{\"format\": 1, \"decisions\": [{\"clip\": 5}, {\"class\": \"music\"},"
		   " {\"clip\": \"k\", \"class\": \"opera\", \"marked\": true},"
		   " {\"clip\": \"m\", \"class\": \"sfx\", \"extra\": [1]}]}");
	errbuf_init(&eb);
	assert_int_equal(triage_load(t, path, &eb), ERR_OK);
	assert_int_equal(triage_get(t, "k").cls, CLIP_CLASS_COUNT);
	assert_true(triage_get(t, "k").marked);
	assert_int_equal(triage_get(t, "m").cls, CLIP_CLASS_SFX);
	assert_int_equal(triage_count_decided(t), 1);
	unlink(path);
	triage_free(t);
	free(path);
}

static void test_save_failure_keeps_old(void **state)
{
	struct triage *t = triage_new();
	char *dir = xasprintf("%s/ro", tmpdir), *path = xasprintf("%s/ro/triage.json", tmpdir);
	char *text;
	struct errbuf eb;

	(void)state;
	if (geteuid() == 0) {
		/* root writes anywhere: use a path whose folder cannot exist */
		free(path);
		path = xasprintf("%s/none/deeper/triage.json", tmpdir);
		errbuf_init(&eb);
		assert_int_equal(triage_save(t, path, "s.aaf", &eb), ERR_IO);
		assert_non_null(strstr(errbuf_msg(&eb), "cannot create folder"));
		goto done;
	}
	assert_int_equal(mkdir(dir, 0777), 0);
	write_file(path, "old");
	chmod(dir, 0555);
	triage_set_mark(t, "k", true);
	errbuf_init(&eb);
	assert_int_equal(triage_save(t, path, "s.aaf", &eb), ERR_IO);
	assert_true(triage_unsaved(t) > 0);
	text = slurp(path);
	assert_string_equal(text, "old");
	free(text);
	chmod(dir, 0777);
done:
	triage_free(t);
	free(dir);
	free(path);
}

static void test_savefile_mode(void **state)
{
	char *path = xasprintf("%s/mode.txt", tmpdir);
	struct errbuf eb;
	struct stat st;
	mode_t old = umask(022);

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(savefile_write(path, "abc", 3, &eb), ERR_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(st.st_size, 3);
	umask(old);
	unlink(path);
	free(path);
}

static void test_state_path(void **state)
{
	char *p;

	(void)state;
	p = triage_state_path("/a/b/Reel 1.aaf");
	assert_string_equal(p, "/a/b/Reel 1.turnover/triage.json");
	free(p);
	p = triage_state_path("demo.aaf");
	assert_string_equal(p, "demo.turnover/triage.json");
	free(p);
	p = triage_state_path("/x.AAF");
	assert_string_equal(p, "/x.turnover/triage.json");
	free(p);
	p = triage_state_path("d.ir/noext");
	assert_string_equal(p, "d.ir/noext.turnover/triage.json");
	free(p);
	p = triage_state_path("./.hidden");
	assert_string_equal(p, "./.hidden.turnover/triage.json");
	free(p);
}

static void test_fallback_path(void **state)
{
	char *p = triage_fallback_path("/mnt/delivery/Reel 1.aaf", "/home/u/.local/state/turnover");
	char *q = triage_fallback_path("/mnt/other/Reel 1.aaf", "/s");
	char *dir = xasprintf("%s/a/b/c", tmpdir);
	struct errbuf eb;
	struct stat st;

	(void)state;
	assert_int_equal(strlen(p), strlen("/home/u/.local/state/turnover/Reel 1-") + 16 +
			 strlen("/triage.json"));
	assert_int_equal(strncmp(p, "/home/u/.local/state/turnover/Reel 1-", 37), 0);
	assert_string_equal(p + strlen(p) - 12, "/triage.json");
	/* another folder, another name */
	assert_string_not_equal(p + 37, q + 10);
	errbuf_init(&eb);
	assert_int_equal(savefile_mkdirs(dir, &eb), ERR_OK);
	assert_int_equal(savefile_mkdirs(dir, &eb), ERR_OK);
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	free(p);
	free(q);
	free(dir);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("chmod -R u+w '%s'; rm -rf '%s'", tmpdir, tmpdir);

	(void)state;
	if (system(cmd) != 0)
		print_message("cannot remove %s\n", tmpdir);
	free(cmd);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_undo_redo),
		cmocka_unit_test(test_undo_limit),
		cmocka_unit_test(test_save_load),
		cmocka_unit_test(test_fixes),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_save_failure_keeps_old),
		cmocka_unit_test(test_savefile_mode),
		cmocka_unit_test(test_state_path),
		cmocka_unit_test(test_fallback_path),
	};
	return cmocka_run_group_tests_name("triage", tests, setup, teardown);
}

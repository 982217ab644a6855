/* test_outdir.c: the output folder appears whole or not at all. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "prep/fstree.h"
#include "prep/outdir.h"
#include "savefile.h"
#include "xalloc.h"

static char tmpdir[] = "/tmp/test_outdir.XXXXXX";

static char *in_tmp(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static void put(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	struct errbuf eb;

	errbuf_init(&eb);
	assert_int_equal(savefile_write(path, text, strlen(text), &eb), ERR_OK);
	free(path);
}

static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static bool has_file(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name), buf[256] = "";
	FILE *f = fopen(path, "r");
	size_t n = 0;

	free(path);
	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return !strcmp(buf, text);
}

/* Entries of the temporary folder (hidden ones included), "." and ".." not. */
static int count_entries(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return fstree_remove(tmpdir);
}

/* Each test starts with an empty temporary folder. */
static int empty_tmp(void **state)
{
	(void)state;
	if (fstree_remove(tmpdir) != 0)
		return -1;
	return mkdir(tmpdir, 0700);
}

static void test_new_folder(void **state)
{
	char *final = in_tmp("out");
	struct outdir *o;
	struct errbuf eb;
	const char *stage;
	char *sub;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(outdir_begin(final, false, &o, &eb), ERR_OK);
	stage = outdir_path(o);
	assert_string_equal(outdir_final(o), final);
	assert_true(exists(stage));
	assert_true(strrchr(stage, '/')[1] == '.');
	assert_false(exists(final));
	put(stage, "a.txt", "A");
	sub = xasprintf("%s/safety", stage);
	assert_int_equal(savefile_mkdir(sub, &eb), ERR_OK);
	put(sub, "b.txt", "B");
	free(sub);
	assert_false(exists(final));
	assert_int_equal(outdir_commit(o, &eb), ERR_OK);
	assert_true(has_file(final, "a.txt", "A"));
	assert_true(has_file(final, "safety/b.txt", "B"));
	assert_int_equal(count_entries(), 1);
	free(final);
}

static void test_trailing_slash_and_empty_existing(void **state)
{
	char *final = in_tmp("out"), *slashed = in_tmp("out//");
	struct outdir *o;
	struct errbuf eb;

	(void)state;
	assert_int_equal(mkdir(final, 0777), 0);
	errbuf_init(&eb);
	assert_int_equal(outdir_begin(slashed, false, &o, &eb), ERR_OK);
	assert_string_equal(outdir_final(o), final);
	put(outdir_path(o), "a.txt", "A");
	assert_int_equal(outdir_commit(o, &eb), ERR_OK);
	assert_true(has_file(final, "a.txt", "A"));
	assert_int_equal(count_entries(), 1);
	free(final);
	free(slashed);
}

static void test_refuses_non_empty(void **state)
{
	char *final = in_tmp("out");
	struct outdir *o = (struct outdir *)1;
	struct errbuf eb;

	(void)state;
	assert_int_equal(mkdir(final, 0777), 0);
	put(final, "old.txt", "old");
	errbuf_init(&eb);
	assert_int_equal(outdir_begin(final, false, &o, &eb), ERR_EXISTS);
	assert_null(o);
	assert_non_null(strstr(errbuf_msg(&eb), "not empty"));
	assert_true(has_file(final, "old.txt", "old"));
	assert_int_equal(count_entries(), 1);
	free(final);
}

static void test_refuses_file_and_bad_paths(void **state)
{
	char *file = in_tmp("plain"), *orphan = in_tmp("no/such/out");
	struct outdir *o;
	struct errbuf eb;

	(void)state;
	put(tmpdir, "plain", "x");
	errbuf_init(&eb);
	assert_int_equal(outdir_begin(file, true, &o, &eb), ERR_EXISTS);
	assert_true(has_file(tmpdir, "plain", "x"));
	errbuf_init(&eb);
	assert_int_equal(outdir_begin("", false, &o, &eb), ERR_INVALID);
	errbuf_init(&eb);
	assert_int_equal(outdir_begin("..", false, &o, &eb), ERR_INVALID);
	errbuf_init(&eb);
	assert_int_equal(outdir_begin(orphan, false, &o, &eb), ERR_IO);
	assert_null(o);
	assert_int_equal(count_entries(), 1);
	free(file);
	free(orphan);
}

/* --force: the old folder stays whole until the new one replaces it. */
static void test_force_swap(void **state)
{
	char *final = in_tmp("out");
	struct outdir *o;
	struct errbuf eb;

	(void)state;
	assert_int_equal(mkdir(final, 0777), 0);
	put(final, "old.txt", "old");
	errbuf_init(&eb);
	assert_int_equal(outdir_begin(final, true, &o, &eb), ERR_OK);
	put(outdir_path(o), "new.txt", "new");
	assert_true(has_file(final, "old.txt", "old"));
	assert_int_equal(outdir_commit(o, &eb), ERR_OK);
	assert_true(has_file(final, "new.txt", "new"));
	assert_false(has_file(final, "old.txt", "old"));
	assert_int_equal(count_entries(), 1);
	free(final);
}

/* The same where the system cannot exchange two folders: two renames. */
static void test_force_swap_by_renames(void **state)
{
	setenv("TURNOVER_NO_EXCHANGE", "1", 1);
	test_force_swap(state);
	unsetenv("TURNOVER_NO_EXCHANGE");
}

static void test_abort_leaves_nothing(void **state)
{
	char *final = in_tmp("out"), *sub;
	struct outdir *o;
	struct errbuf eb;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(outdir_begin(final, false, &o, &eb), ERR_OK);
	sub = xasprintf("%s/a/b/c", outdir_path(o));
	assert_int_equal(savefile_mkdirs(sub, &eb), ERR_OK);
	put(sub, "deep.txt", "deep");
	put(outdir_path(o), "top.txt", "top");
	outdir_abort(o);
	outdir_abort(NULL);
	assert_false(exists(final));
	assert_int_equal(count_entries(), 0);
	/* with --force the old folder is untouched */
	assert_int_equal(mkdir(final, 0777), 0);
	put(final, "old.txt", "old");
	assert_int_equal(outdir_begin(final, true, &o, &eb), ERR_OK);
	put(outdir_path(o), "new.txt", "new");
	outdir_abort(o);
	assert_true(has_file(final, "old.txt", "old"));
	assert_int_equal(count_entries(), 1);
	free(sub);
	free(final);
}

/* The signal-handler path removes the staging folder and nothing else. */
static void test_abort_signal(void **state)
{
	char *final = in_tmp("out"), *link, *victim;
	struct outdir *o;
	struct errbuf eb;

	(void)state;
	victim = in_tmp("victim");
	assert_int_equal(mkdir(victim, 0777), 0);
	put(victim, "keep.txt", "keep");
	errbuf_init(&eb);
	assert_int_equal(outdir_begin(final, false, &o, &eb), ERR_OK);
	put(outdir_path(o), "x.txt", "x");
	/* a link to a folder elsewhere is removed, never followed */
	link = xasprintf("%s/link", outdir_path(o));
	assert_int_equal(symlink(victim, link), 0);
	outdir_abort_signal(o);
	assert_false(exists(outdir_path(o)));
	outdir_abort_signal(NULL);
	outdir_abort(o);
	assert_false(exists(final));
	assert_true(has_file(victim, "keep.txt", "keep"));
	assert_int_equal(count_entries(), 1);
	free(link);
	free(victim);
	free(final);
}

/* A handler's copy of the staging path stays harmless after the commit. */
static void test_remove_staging_copy(void **state)
{
	char *final = in_tmp("out"), *copy;
	struct outdir *o;
	struct errbuf eb;

	(void)state;
	assert_int_equal(mkdir(final, 0777), 0);
	put(final, "old.txt", "old");
	errbuf_init(&eb);
	assert_int_equal(outdir_begin(final, true, &o, &eb), ERR_OK);
	copy = xstrdup(outdir_path(o));
	put(copy, "new.txt", "new");
	assert_int_equal(outdir_commit(o, &eb), ERR_OK);
	outdir_remove_staging(copy);
	outdir_remove_staging(NULL);
	assert_true(has_file(final, "new.txt", "new"));
	assert_false(exists(copy));
	assert_int_equal(count_entries(), 1);
	/* before the commit it removes the staging folder only */
	assert_int_equal(outdir_begin(final, true, &o, &eb), ERR_OK);
	free(copy);
	copy = xstrdup(outdir_path(o));
	put(copy, "newer.txt", "newer");
	outdir_remove_staging(copy);
	assert_false(exists(copy));
	outdir_abort(o);
	assert_true(has_file(final, "new.txt", "new"));
	assert_int_equal(count_entries(), 1);
	free(copy);
	free(final);
}

/* A child begins and dies without committing; the next begin cleans up. */
static void test_stale_staging_removed(void **state)
{
	char *final = in_tmp("out"), *other = in_tmp("outer");
	struct outdir *o;
	struct errbuf eb;
	pid_t pid;
	int status;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		errbuf_init(&eb);
		if (outdir_begin(final, false, &o, &eb) != ERR_OK || outdir_begin(other, false, &o, &eb) != ERR_OK)
			_exit(1);
		put(outdir_path(o), "half.txt", "half");
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(count_entries(), 2);
	errbuf_init(&eb);
	assert_int_equal(outdir_begin(final, false, &o, &eb), ERR_OK);
	/* the dead run's staging for "out" went; the one for "outer" is not ours to judge */
	assert_int_equal(count_entries(), 2);
	outdir_abort(o);
	assert_int_equal(count_entries(), 1);
	assert_int_equal(outdir_begin(other, false, &o, &eb), ERR_OK);
	outdir_abort(o);
	assert_int_equal(count_entries(), 0);
	free(final);
	free(other);
}

/* A run that died between moving the old folder aside and the new one in. */
static void test_old_folder_put_back(void **state)
{
	char *final = in_tmp("out"), *aside = in_tmp(".out.old-999999999");
	struct outdir *o;
	struct errbuf eb;

	(void)state;
	assert_int_equal(mkdir(aside, 0777), 0);
	put(aside, "old.txt", "old");
	errbuf_init(&eb);
	assert_int_equal(outdir_begin(final, false, &o, &eb), ERR_EXISTS);
	assert_true(has_file(final, "old.txt", "old"));
	assert_false(exists(aside));
	assert_int_equal(outdir_begin(final, true, &o, &eb), ERR_OK);
	outdir_abort(o);
	assert_int_equal(count_entries(), 1);
	free(final);
	free(aside);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_new_folder, empty_tmp),
		cmocka_unit_test_setup(test_trailing_slash_and_empty_existing, empty_tmp),
		cmocka_unit_test_setup(test_refuses_non_empty, empty_tmp),
		cmocka_unit_test_setup(test_refuses_file_and_bad_paths, empty_tmp),
		cmocka_unit_test_setup(test_force_swap, empty_tmp),
		cmocka_unit_test_setup(test_force_swap_by_renames, empty_tmp),
		cmocka_unit_test_setup(test_abort_leaves_nothing, empty_tmp),
		cmocka_unit_test_setup(test_abort_signal, empty_tmp),
		cmocka_unit_test_setup(test_remove_staging_copy, empty_tmp),
		cmocka_unit_test_setup(test_stale_staging_removed, empty_tmp),
		cmocka_unit_test_setup(test_old_folder_put_back, empty_tmp),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

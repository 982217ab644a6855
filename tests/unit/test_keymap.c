/* test_keymap.c: key names, lookups with fallback, keymap files good and bad. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#if defined(HAVE_INIPARSER_INIPARSER_H)
#include <iniparser/iniparser.h>
#else
#include <iniparser.h>
#endif

#include "keymap.h"
#include "xalloc.h"

static char tmpdir[] = "/tmp/test_keymap.XXXXXX";

static const char *srcdir(void)
{
	const char *s = getenv("TURNOVER_SRCDIR");

	return s && *s ? s : ".";
}

/* Writes text to a file in the temporary folder; returns its path. */
static char *write_ini(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void check_name(const char *name, int code, const char *canonical)
{
	char buf[KEYMAP_KEY_NAME_MAX];
	int k = keymap_parse_key(name);

	if (k != code)
		fail_msg("'%s': got %#x, want %#x", name, (unsigned)k, (unsigned)code);
	keymap_key_name(k, buf, sizeof(buf));
	if (strcmp(buf, canonical))
		fail_msg("'%s': printed as '%s', want '%s'", name, buf, canonical);
	if (keymap_parse_key(buf) != code)
		fail_msg("'%s' does not read back", buf);
}

static void test_key_names(void **state)
{
	(void)state;
	check_name("a", 'a', "a");
	check_name("M", 'M', "M");
	check_name("?", '?', "?");
	check_name("\xC3\xA9", 0xE9, "\xC3\xA9");
	check_name("Space", ' ', "Space");
	check_name("space", ' ', "Space");
	check_name("Enter", KEYCODE_ENTER, "Enter");
	check_name("Return", KEYCODE_ENTER, "Enter");
	check_name("C-m", KEYCODE_ENTER, "Enter");
	check_name("Tab", KEYCODE_TAB, "Tab");
	check_name("C-i", KEYCODE_TAB, "Tab");
	check_name("S-Tab", KEYCODE_BACKTAB, "S-Tab");
	check_name("Escape", KEYCODE_ESCAPE, "Escape");
	check_name("Esc", KEYCODE_ESCAPE, "Escape");
	check_name("C-[", KEYCODE_ESCAPE, "Escape");
	check_name("PageDown", KEYCODE_PAGE_DOWN, "PageDown");
	check_name("pageup", KEYCODE_PAGE_UP, "PageUp");
	check_name("F1", KEYCODE_F1, "F1");
	check_name("f12", KEYCODE_F12, "F12");
	check_name("C-x", 24, "C-x");
	check_name("C-X", 24, "C-x");
	check_name("C-]", 29, "C-]");
	check_name("M-x", 'x' | KEYCODE_META, "M-x");
	check_name("M-Enter", KEYCODE_ENTER | KEYCODE_META, "M-Enter");
	check_name("M-C-a", 1 | KEYCODE_META, "M-C-a");
	check_name("Comma", ',', "Comma");
	check_name("Semicolon", ';', "Semicolon");
	check_name("Hash", '#', "Hash");
}

static void test_bad_key_names(void **state)
{
	const char *bad[] = { "", "Foo", "F0", "F13", "F1x", "C-1", "C-", "M-", "M-M-x", "C-Up",
			      "ab", "\x01", "\xFF", "C-\xC3\xA9", " " };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (keymap_parse_key(bad[i]) != KEYCODE_NONE)
			fail_msg("'%s' read as a key", bad[i]);
	assert_int_equal(keymap_parse_key(NULL), KEYCODE_NONE);
}

static void test_lookup_fallback(void **state)
{
	struct keymap *km = keymap_new();

	(void)state;
	keymap_bind(km, KEYMAP_CONTEXT_COMMON, 'q', ACTION_QUIT);
	keymap_bind(km, KEYMAP_CONTEXT_COMMON, 'j', ACTION_DOWN);
	keymap_bind(km, KEYMAP_CONTEXT_CLIPS, 'j', ACTION_SORT);
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_CLIPS, 'q'), ACTION_QUIT);
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_CLIPS, 'j'), ACTION_SORT);
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_DETAIL, 'j'), ACTION_DOWN);
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_DETAIL, 'x'), ACTION_NONE);
	/* binding a key again moves it */
	keymap_bind(km, KEYMAP_CONTEXT_COMMON, 'q', ACTION_HELP);
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_COMMON, 'q'), ACTION_HELP);
	keymap_unbind(km, KEYMAP_CONTEXT_COMMON, ACTION_HELP);
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_COMMON, 'q'), ACTION_NONE);
	keymap_free(km);
	keymap_free(NULL);
}

static void test_describe_keys(void **state)
{
	struct keymap *km = keymap_new_builtin();
	char buf[128];

	(void)state;
	keymap_describe_keys(km, KEYMAP_CONTEXT_COMMON, ACTION_HELP, buf, sizeof(buf));
	assert_string_equal(buf, "?, F1");
	keymap_describe_keys(km, KEYMAP_CONTEXT_CLIPS, ACTION_SEEK_BACK, buf, sizeof(buf));
	assert_string_equal(buf, "Left, Comma");
	keymap_bind(km, KEYMAP_CONTEXT_CLIPS, KEYCODE_LEFT, ACTION_SORT);
	keymap_describe_keys(km, KEYMAP_CONTEXT_CLIPS, ACTION_SEEK_BACK, buf, sizeof(buf));
	assert_string_equal(buf, "Comma");
	keymap_describe_keys(km, KEYMAP_CONTEXT_SESSIONS, ACTION_SORT, buf, sizeof(buf));
	assert_string_equal(buf, "");
	keymap_free(km);
}

/* Every action, every context: the same keys in the same order. */
static void assert_same(const struct keymap *x, const struct keymap *y)
{
	for (int c = 0; c < KEYMAP_CONTEXT_COUNT; c++)
		for (int a = 1; a < ACTION_COUNT; a++) {
			int kx[KEYMAP_MAX_KEYS], ky[KEYMAP_MAX_KEYS];
			size_t nx = keymap_keys(x, c, a, kx, KEYMAP_MAX_KEYS);
			size_t ny = keymap_keys(y, c, a, ky, KEYMAP_MAX_KEYS);

			if (nx != ny || memcmp(kx, ky, nx * sizeof(int)))
				fail_msg("[%s] %s differs", keymap_context_name(c), action_name(a));
		}
}

static void test_builtin_is_default_ini(void **state)
{
	struct keymap *file = keymap_new(), *builtin = keymap_new_builtin();
	char *path = xasprintf("%s/keymaps/default.ini", srcdir());
	struct inifile_report r;
	struct errbuf eb;

	(void)state;
	inifile_report_init(&r);
	errbuf_init(&eb);
	assert_int_equal(keymap_load_file(file, path, &r, &eb), ERR_OK);
	for (size_t i = 0; i < r.n; i++)
		print_message("%s\n", r.lines[i]);
	assert_int_equal(r.n, 0);
	assert_same(file, builtin);
	/* every action has a key somewhere */
	for (int a = 1; a < ACTION_COUNT; a++) {
		int keys[KEYMAP_MAX_KEYS];
		size_t n = 0;

		for (int c = 0; c < KEYMAP_CONTEXT_COUNT; c++)
			n += keymap_keys(builtin, c, a, keys, KEYMAP_MAX_KEYS);
		if (!n)
			fail_msg("action '%s' has no key", action_name(a));
	}
	inifile_report_release(&r);
	keymap_free(file);
	keymap_free(builtin);
	free(path);
}

static void test_vim_ini(void **state)
{
	struct keymap *km = keymap_new_builtin();
	char *path = xasprintf("%s/keymaps/vim.ini", srcdir());
	struct inifile_report r;
	struct errbuf eb;

	(void)state;
	inifile_report_init(&r);
	errbuf_init(&eb);
	assert_int_equal(keymap_load_file(km, path, &r, &eb), ERR_OK);
	assert_int_equal(r.n, 0);
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_CLIPS, 'l'), ACTION_OPEN);
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_DETAIL, 'h'), ACTION_BACK);
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_CLIPS, 18), ACTION_REDO);
	/* redo named: the default's r is gone */
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_CLIPS, 'r'), ACTION_NONE);
	/* not named: kept */
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_CLIPS, ' '), ACTION_PLAY);
	inifile_report_release(&r);
	keymap_free(km);
	free(path);
}

static void test_bad_bindings(void **state)
{
	struct keymap *km = keymap_new_builtin();
	char *path = write_ini("bad.ini",
			       "[meta]\nformat = 1\ncolour = red\n"
			       "[common]\nquit = x, Foo\nfly = f\n"
			       "[clips]\ndown = J\nup = J, K\nsort = v, v\n"
			       "[nowhere]\nquit = y\n");
	struct inifile_report r;
	struct errbuf eb;
	char *want[6];

	(void)state;
	want[0] = xasprintf("%s: [meta] colour: unknown setting 'colour'", path);
	want[1] = xasprintf("%s: [common] quit: unknown key name 'Foo'", path);
	want[2] = xasprintf("%s: [common] fly: unknown action 'fly'", path);
	want[3] = xasprintf("%s: [clips] up: key 'J' bound twice in this section (already to "
			    "'down')", path);
	want[4] = xasprintf("%s: [clips] sort: key 'v' listed twice", path);
	want[5] = xasprintf("%s: [nowhere] unknown section 'nowhere'", path);
	inifile_report_init(&r);
	errbuf_init(&eb);
	assert_int_equal(keymap_load_file(km, path, &r, &eb), ERR_OK);
	assert_int_equal(r.n, 6);
	for (int i = 0; i < 6; i++) {
		assert_string_equal(r.lines[i], want[i]);
		free(want[i]);
	}
	/* the good parts still count, the defaults stay for the rest */
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_COMMON, 'x'), ACTION_QUIT);
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_COMMON, 'q'), ACTION_NONE);
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_CLIPS, 'J'), ACTION_DOWN);
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_CLIPS, 'K'), ACTION_UP);
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_CLIPS, 'v'), ACTION_SORT);
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_CLIPS, '?'), ACTION_HELP);
	inifile_report_release(&r);
	keymap_free(km);
	free(path);
}

static void test_syntax_error(void **state)
{
	struct keymap *km = keymap_new_builtin();
	char *path = write_ini("syntax.ini", "[common]\nquit = x\nthis is not ini\n");
	char *want = xasprintf("%s:3: syntax error: this is not ini", path);
	struct inifile_report r;
	struct errbuf eb;

	(void)state;
	inifile_report_init(&r);
	errbuf_init(&eb);
	assert_int_equal(keymap_load_file(km, path, &r, &eb), ERR_CONFIG);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.lines[0], want);
	assert_string_equal(errbuf_msg(&eb), want);
	/* nothing of the file is used */
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_COMMON, 'q'), ACTION_QUIT);
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_COMMON, 'x'), ACTION_NONE);
	inifile_report_release(&r);
	keymap_free(km);
	free(want);
	free(path);
}

static void test_newer_format_and_missing(void **state)
{
	struct keymap *km = keymap_new_builtin();
	char *path = write_ini("newer.ini", "[meta]\nformat = 2\n[common]\nquit = x\n");
	char *nope = xasprintf("%s/no-such.ini", tmpdir);
	struct inifile_report r;
	struct errbuf eb;

	(void)state;
	inifile_report_init(&r);
	errbuf_init(&eb);
	assert_int_equal(keymap_load_file(km, path, &r, &eb), ERR_CONFIG);
	assert_int_equal(r.n, 1);
	assert_non_null(strstr(r.lines[0], "[meta] format: format 2 is newer"));
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_COMMON, 'x'), ACTION_NONE);
	errbuf_init(&eb);
	assert_int_equal(keymap_load_file(km, nope, &r, &eb), ERR_NOT_FOUND);
	assert_int_equal(r.n, 1);
	inifile_report_release(&r);
	keymap_free(km);
	free(path);
	free(nope);
}

/* The loader takes a dictionary built in memory, as the fuzzer does. */
static void test_dictionary(void **state)
{
	dictionary *d = dictionary_new(0);
	struct keymap *km = keymap_new();
	struct inifile_report r;

	(void)state;
	dictionary_set(d, "common", NULL);
	dictionary_set(d, "common:quit", "Q, C-c");
	dictionary_set(d, "detail", NULL);
	dictionary_set(d, "detail:play", "");
	dictionary_set(d, "detail:back", "Left");
	dictionary_set(d, ":stray", "x");
	inifile_report_init(&r);
	assert_int_equal(keymap_apply(km, d, "mem", &r), 1);
	assert_string_equal(r.lines[0], "mem: stray: binding outside a section: 'stray'");
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_DETAIL, 3), ACTION_QUIT);
	assert_int_equal(keymap_lookup(km, KEYMAP_CONTEXT_DETAIL, KEYCODE_LEFT), ACTION_BACK);
	inifile_report_release(&r);
	keymap_free(km);
	dictionary_del(d);
}

static void test_inifile_find(void **state)
{
	char *path = write_ini("keymaps_probe.ini", "");
	char *sub = xasprintf("%s/keymaps", tmpdir);
	char *file, *found;
	const char *dirs[3] = { "/nonexistent", NULL, tmpdir };

	(void)state;
	assert_int_equal(mkdir(sub, 0777), 0);
	file = xasprintf("%s/mine.ini", sub);
	fclose(fopen(file, "w"));
	found = inifile_find(dirs, 3, "keymaps", "mine");
	assert_string_equal(found, file);
	free(found);
	assert_null(inifile_find(dirs, 3, "keymaps", "other"));
	found = inifile_find(dirs, 3, "keymaps", path);
	assert_string_equal(found, path);
	free(found);
	unlink(file);
	rmdir(sub);
	free(file);
	free(sub);
	unlink(path);
	free(path);
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
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_bad_key_names),
		cmocka_unit_test(test_lookup_fallback),
		cmocka_unit_test(test_describe_keys),
		cmocka_unit_test(test_builtin_is_default_ini),
		cmocka_unit_test(test_vim_ini),
		cmocka_unit_test(test_bad_bindings),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_newer_format_and_missing),
		cmocka_unit_test(test_dictionary),
		cmocka_unit_test(test_inifile_find),
	};
	return cmocka_run_group_tests_name("keymap", tests, setup, teardown);
}

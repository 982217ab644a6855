/* test_theme.c: colour names, theme files good and bad, fewer colours. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#if defined(HAVE_INIPARSER_INIPARSER_H)
#include <iniparser/iniparser.h>
#else
#include <iniparser.h>
#endif

#include "theme.h"
#include "xalloc.h"

static char tmpdir[] = "/tmp/test_theme.XXXXXX";

static const char *srcdir(void)
{
	const char *s = getenv("TURNOVER_SRCDIR");

	return s && *s ? s : ".";
}

static char *write_ini(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_colors(void **state)
{
	int c = 99;

	(void)state;
	assert_true(theme_color_parse("default", &c));
	assert_int_equal(c, THEME_COLOR_DEFAULT);
	assert_true(theme_color_parse("black", &c));
	assert_int_equal(c, 0);
	assert_true(theme_color_parse("White", &c));
	assert_int_equal(c, 7);
	assert_true(theme_color_parse("lightred", &c));
	assert_int_equal(c, 9);
	assert_true(theme_color_parse("lightblack", &c));
	assert_int_equal(c, 8);
	assert_true(theme_color_parse("0", &c));
	assert_int_equal(c, 0);
	assert_true(theme_color_parse("255", &c));
	assert_int_equal(c, 255);
	assert_false(theme_color_parse("256", &c));
	assert_false(theme_color_parse("-1", &c));
	assert_false(theme_color_parse("12x", &c));
	assert_false(theme_color_parse("light", &c));
	assert_false(theme_color_parse("purple", &c));
	assert_false(theme_color_parse("", &c));
	assert_int_equal(theme_attr_parse("bold"), THEME_ATTR_BOLD);
	assert_int_equal(theme_attr_parse("Reverse"), THEME_ATTR_REVERSE);
	assert_int_equal(theme_attr_parse("blink"), 0);
}

static void test_slot_names(void **state)
{
	(void)state;
	for (int s = 0; s < THEME_SLOT_COUNT; s++) {
		assert_true(*theme_slot_name(s));
		assert_int_equal(theme_slot_parse(theme_slot_name(s)), s);
	}
	assert_int_equal(theme_slot_parse("nope"), THEME_SLOT_COUNT);
	assert_string_equal(theme_slot_name(THEME_SLOT_COUNT), "");
}

static void load_ok(struct theme *t, const char *name)
{
	char *path = xasprintf("%s/themes/%s.ini", srcdir(), name);
	struct inifile_report r;
	struct errbuf eb;

	inifile_report_init(&r);
	errbuf_init(&eb);
	assert_int_equal(theme_load_file(t, path, &r, &eb), ERR_OK);
	for (size_t i = 0; i < r.n; i++)
		print_message("%s\n", r.lines[i]);
	assert_int_equal(r.n, 0);
	inifile_report_release(&r);
	free(path);
}

static void test_shipped(void **state)
{
	struct theme builtin, file;

	(void)state;
	theme_init_builtin(&builtin);
	memset(&file, 0x55, sizeof(file));
	load_ok(&file, "default");
	for (int s = 0; s < THEME_SLOT_COUNT; s++)
		if (memcmp(&file.slot[s], &builtin.slot[s], sizeof(file.slot[s])))
			fail_msg("slot %s differs from themes/default.ini", theme_slot_name(s));
	theme_init_builtin(&file);
	load_ok(&file, "light");
	theme_init_builtin(&file);
	load_ok(&file, "mono");
	for (int s = 0; s < THEME_SLOT_COUNT; s++) {
		assert_int_equal(file.slot[s].fg, THEME_COLOR_DEFAULT);
		assert_int_equal(file.slot[s].bg, THEME_COLOR_DEFAULT);
	}
}

static void test_bad_theme(void **state)
{
	struct theme t, before;
	char *path = write_ini("bad.ini",
			       "[colors]\ntitle = red, blue, underline\nmusic = purple\n"
			       "sfx = red, blue, green\nbogus = red\nerror = \n"
			       "[other]\nx = y\n");
	struct inifile_report r;
	struct errbuf eb;
	char *want[5];

	(void)state;
	want[0] = xasprintf("%s: [colors] music: unknown colour or attribute 'purple'", path);
	want[1] = xasprintf("%s: [colors] sfx: more than two colours ('green')", path);
	want[2] = xasprintf("%s: [colors] bogus: unknown theme slot 'bogus'", path);
	want[3] = xasprintf("%s: [colors] error: no colour or attribute given", path);
	want[4] = xasprintf("%s: [other] unknown section 'other'", path);
	theme_init_builtin(&t);
	before = t;
	inifile_report_init(&r);
	errbuf_init(&eb);
	assert_int_equal(theme_load_file(&t, path, &r, &eb), ERR_OK);
	assert_int_equal(r.n, 5);
	for (int i = 0; i < 5; i++) {
		assert_string_equal(r.lines[i], want[i]);
		free(want[i]);
	}
	assert_int_equal(t.slot[THEME_TITLE].fg, 1);
	assert_int_equal(t.slot[THEME_TITLE].bg, 4);
	assert_int_equal(t.slot[THEME_TITLE].attrs, THEME_ATTR_UNDERLINE);
	/* bad lines leave their slot alone, unnamed slots stay */
	assert_memory_equal(&t.slot[THEME_MUSIC], &before.slot[THEME_MUSIC], sizeof(t.slot[0]));
	assert_memory_equal(&t.slot[THEME_SFX], &before.slot[THEME_SFX], sizeof(t.slot[0]));
	assert_memory_equal(&t.slot[THEME_NORMAL], &before.slot[THEME_NORMAL], sizeof(t.slot[0]));
	inifile_report_release(&r);
	free(path);
}

static void test_syntax_error(void **state)
{
	struct theme t, before;
	char *path = write_ini("syntax.ini", "[colors]\ntitle = red\n[broken\n");
	char *want = xasprintf("%s:3: syntax error: [broken", path);
	struct inifile_report r;
	struct errbuf eb;

	(void)state;
	theme_init_builtin(&t);
	before = t;
	inifile_report_init(&r);
	errbuf_init(&eb);
	assert_int_equal(theme_load_file(&t, path, &r, &eb), ERR_CONFIG);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.lines[0], want);
	assert_memory_equal(&t, &before, sizeof(t));
	inifile_report_release(&r);
	free(want);
	free(path);
}

static void test_fewer_colors(void **state)
{
	struct theme_style s = { 9, 4, 0 }, out;

	(void)state;
	out = theme_style_for_colors(s, 256);
	assert_int_equal(out.fg, 9);
	out = theme_style_for_colors(s, 8);
	assert_int_equal(out.fg, 1);
	assert_int_equal(out.bg, 4);
	assert_int_equal(out.attrs, THEME_ATTR_BOLD);
	out = theme_style_for_colors(s, 2);
	assert_int_equal(out.fg, THEME_COLOR_DEFAULT);
	assert_int_equal(out.bg, THEME_COLOR_DEFAULT);
	assert_int_equal(out.attrs, THEME_ATTR_REVERSE);
	s = (struct theme_style){ 196, THEME_COLOR_DEFAULT, THEME_ATTR_UNDERLINE };
	out = theme_style_for_colors(s, 16);
	assert_int_equal(out.fg, 9);
	out = theme_style_for_colors(s, 8);
	assert_int_equal(out.fg, 1);
	assert_int_equal(out.attrs, THEME_ATTR_UNDERLINE | THEME_ATTR_BOLD);
	out = theme_style_for_colors(s, 0);
	assert_int_equal(out.attrs, THEME_ATTR_UNDERLINE);
	s = (struct theme_style){ 244, 16, 0 };
	out = theme_style_for_colors(s, 16);
	assert_int_equal(out.fg, 8);
	assert_int_equal(out.bg, 0);
}

static void test_dictionary(void **state)
{
	dictionary *d = dictionary_new(0);
	struct theme t;
	struct inifile_report r;

	(void)state;
	theme_init_builtin(&t);
	dictionary_set(d, "colors", NULL);
	dictionary_set(d, "colors:playhead", "bold, 17, reverse");
	inifile_report_init(&r);
	assert_int_equal(theme_apply(&t, d, "mem", &r), 0);
	assert_int_equal(t.slot[THEME_PLAYHEAD].fg, 17);
	assert_int_equal(t.slot[THEME_PLAYHEAD].bg, THEME_COLOR_DEFAULT);
	assert_int_equal(t.slot[THEME_PLAYHEAD].attrs, THEME_ATTR_BOLD | THEME_ATTR_REVERSE);
	inifile_report_release(&r);
	dictionary_del(d);
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
		cmocka_unit_test(test_colors),
		cmocka_unit_test(test_slot_names),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_bad_theme),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_fewer_colors),
		cmocka_unit_test(test_dictionary),
	};
	return cmocka_run_group_tests_name("theme", tests, setup, teardown);
}

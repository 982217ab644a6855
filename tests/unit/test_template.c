/* test_template.c: the shipped templates, and bad templates named by line. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "analysis/classify.h"
#include "template.h"
#include "xalloc.h"

static char tmpdir[] = "/tmp/test_template.XXXXXX";

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

static struct template *load_ok(const char *path)
{
	struct template *t = NULL;
	struct errbuf eb;

	errbuf_init(&eb);
	if (template_load(path, &t, NULL, &eb) != ERR_OK)
		fail_msg("%s: %s", path, errbuf_msg(&eb));
	return t;
}

static size_t find_track(const struct template *t, const char *name)
{
	for (size_t i = 0; i < t->n_tracks; i++)
		if (!strcmp(t->tracks[i].name, name))
			return i;
	fail_msg("no track '%s'", name);
	return 0;
}

static void test_kinds(void **state)
{
	(void)state;
	for (int k = 0; k < TEMPLATE_KIND_COUNT; k++)
		assert_int_equal(template_kind_parse(template_kind_name((enum template_kind)k)), k);
	assert_int_equal(template_kind_parse("Source-Music"), TEMPLATE_KIND_SOURCE_MUSIC);
	assert_int_equal(template_kind_parse("dialog"), TEMPLATE_KIND_COUNT);
	assert_int_equal(template_kind_class(TEMPLATE_KIND_LAV), CLIP_CLASS_DIALOGUE);
	assert_int_equal(template_kind_class(TEMPLATE_KIND_BG), CLIP_CLASS_SFX);
	assert_int_equal(template_kind_class(TEMPLATE_KIND_REVIEW), CLIP_CLASS_COUNT);
	/* the parser's own copies of the class and tag names agree */
	for (int c = 0; c < CLIP_CLASS_COUNT; c++)
		assert_string_equal(template_class_name((enum clip_class)c),
				    clip_class_name((enum clip_class)c));
	for (int b = 0; b < TEMPLATE_TAGS; b++)
		assert_string_equal(template_tag_name(b), analysis_tag_name(1u << b));
	assert_int_equal(TEMPLATE_TAGS, ANALYSIS_TAG_COUNT);
}

static void test_shipped(void **state)
{
	static const char *const names[] = { "film-tv", "commercial", "podcast" };

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		char *path = xasprintf("%s/templates/%s.ini", srcdir(), names[i]);
		struct template *t = load_ok(path);

		assert_int_equal(t->tracks[t->review].kind, TEMPLATE_KIND_REVIEW);
		assert_true(t->threshold > 0.5 && t->threshold < 1);
		for (int c = 0; c < CLIP_CLASS_COUNT; c++)
			assert_true(t->classes[c].n > 0);
		template_free(t);
		free(path);
	}
}

static void test_film_tv(void **state)
{
	char *path = xasprintf("%s/templates/film-tv.ini", srcdir());
	struct template *t = load_ok(path);
	size_t boom = find_track(t, "DIA BOOM"), mx = find_track(t, "MX");

	(void)state;
	assert_string_equal(t->name, "Film/TV dialogue");
	assert_int_equal(t->tracks[boom].kind, TEMPLATE_KIND_BOOM);
	assert_int_equal(t->tracks[boom].overflow, 4);
	assert_string_equal(t->tracks[boom].colour, "#3C78D8");	/* quoted: '#' kept */
	assert_string_equal(t->tracks[boom].folder, "DIALOGUE");
	assert_int_equal(t->tracks[mx].format, CHANNEL_FORMAT_STEREO);
	assert_true(boom < mx);	/* file order */
	assert_true(t->n_hints[TEMPLATE_KIND_LAV] > 0);
	assert_int_equal(t->tags[0].n, 1);	/* tag.tone = review */
	assert_int_equal(t->tags[0].v[0], TEMPLATE_KIND_REVIEW);
	template_free(t);
	free(path);
}

/* Loads text expecting a refusal whose message holds want. */
static void refused(const char *text, const char *want)
{
	char *path = write_ini("bad.ini", text);
	struct template *t = (struct template *)1;
	struct inifile_report r;
	struct errbuf eb;

	errbuf_init(&eb);
	inifile_report_init(&r);
	assert_int_equal(template_load(path, &t, &r, &eb), ERR_CONFIG);
	assert_null(t);
	assert_true(r.n >= 1);
	if (!strstr(errbuf_msg(&eb), want))
		fail_msg("'%s' does not say '%s'", errbuf_msg(&eb), want);
	inifile_report_release(&r);
	free(path);
}

#define GOOD_TAIL "[track.d]\nname = D\nkind = dialogue\n[track.m]\nname = M\nkind = music\n" \
	"[track.f]\nname = F\nkind = fx\n[track.r]\nname = R\nkind = review\n"

static void test_bad(void **state)
{
	(void)state;
	refused("[rules]\nreview = R\n" GOOD_TAIL "kind = wobble\n", "bad.ini:15: [track.r] kind: unknown track kind 'wobble'");
	refused("[rules]\nreview = R\nthreshold = 2\n" GOOD_TAIL, "bad.ini:3: [rules] threshold");
	refused("[rules]\nreview = R\n" GOOD_TAIL "[track.x]\nkind = fx\n", "bad.ini:15: [track.x] track without a name");
	refused("[rules]\nreview = R\n\n[track.d]\nname = D\nkind = dialogue\nformat = quad\n",
		"bad.ini:7: [track.d] format: unknown format 'quad'");
	refused("[rules]\nreview = NOPE\n" GOOD_TAIL, "bad.ini:2: [rules] review: no track named 'NOPE'");
	refused(GOOD_TAIL, "no review track");
	refused("[rules]\nreview = R\nclass.music = lav\n" GOOD_TAIL,
		"bad.ini:3: [rules] class.music: no track of kind 'lav'");
	refused("[rules]\nreview = R\n" GOOD_TAIL "[colours]\n", "bad.ini:15: [colours] unknown section");
	refused("[rules]\nreview = R\n" GOOD_TAIL "overflow = 0\n", "bad.ini:15: [track.r] overflow");
	refused("[rules]\nreview = R\n[track.d]\nname = D\nkind = dialogue\n[track.r]\nname = R\n"
		"kind = review\n", "no track takes music");
	refused("[rules]\nreview = R\n" GOOD_TAIL "[track.d2]\nname = D\nkind = dialogue\n",
		"two tracks named 'D'");
	refused("[meta]\nformat = 9\n[rules]\nreview = R\n" GOOD_TAIL, "format newer");
	refused("[rules\nreview = R\n", "bad.ini:1: syntax error");
}

static void test_defaults(void **state)
{
	char *path = write_ini("ok.ini", "[rules]\nreview = R\n" GOOD_TAIL);
	struct template *t = load_ok(path);

	(void)state;
	assert_string_equal(t->name, "ok");
	assert_true(t->threshold == 0.8);
	assert_int_equal(t->classes[CLIP_CLASS_DIALOGUE].n, 1);
	assert_int_equal(t->classes[CLIP_CLASS_DIALOGUE].v[0], TEMPLATE_KIND_DIALOGUE);
	assert_int_equal(t->tracks[0].overflow, 1);
	assert_int_equal(t->tracks[0].format, CHANNEL_FORMAT_MONO);
	template_free(t);
	free(path);
}

static void test_find(void **state)
{
	char *p;

	(void)state;
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	p = template_find("no-such-template");
	assert_null(p);
	p = template_find("film-tv");
	assert_non_null(p);
	assert_non_null(strstr(p, "templates/film-tv.ini"));
	free(p);
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
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_film_tv),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_find),
	};
	return cmocka_run_group_tests_name("template", tests, setup, teardown);
}

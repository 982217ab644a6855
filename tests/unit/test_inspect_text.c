/* test_inspect_text.c: the text report of `turnover inspect` (a CLI file,
 * linked in directly). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli/inspect_text.h"
#include "session.h"
#include "utf8.h"
#include "xalloc.h"

static struct session *build(void)
{
	struct session *s = session_new();
	struct media *m;
	struct track *t;
	struct clip *c;

	s->file = xstrdup("reel1.aaf");
	s->product = xstrdup("Media Composer");
	s->product_version = xstrdup("23.12");
	s->composition_name = xstrdup("Reel\x1b[31m 1");
	s->edit_rate = (struct rational){ 30000, 1001 };
	s->tc_rate = s->edit_rate;
	s->tc_fps = 30;
	s->drop_frame = true;
	s->tc_start = 107892;
	s->sample_rate = 48000;

	m = session_add_media(s);
	m->name = xstrdup("AUD_0040.wav");
	m->channels = 1;
	m->sample_rate = 48000;
	m->bits = 24;
	m->path = xstrdup("/media/AUD_0040.wav");
	m->status = MEDIA_STATUS_OK;
	m = session_add_media(s);
	m->name = xstrdup("Bad\xff name.wav");
	m->channels = 2;
	m->sample_rate = 48000;
	m->url = xstrdup("file:///Volumes/A%20very%20long%20volume%20name/Avid%20MediaFiles/"
			 "MXF/1/Bad.wav");
	m->status = MEDIA_STATUS_MISSING;
	m->status_detail = xstrdup("not found below '/work/shared/aaf' (tried the last 1 to 4 "
				   "path parts); no file named 'Bad.wav' in 2 folders");

	t = session_add_track(s, TRACK_KIND_AUDIO);
	t->name = xstrdup("DIA");
	t->format = CHANNEL_FORMAT_MONO;
	c = track_add_clip(t);
	c->name = xstrdup("Clip 1");
	c->pos_eu = 28;
	c->length_eu = 87;
	clip_set_channels(c, 1);
	c->sources[0].media = 0;
	c->gain_db = 2;
	c->fade_in.length_eu = 15;
	c->fade_in.shape = FADE_SHAPE_LINEAR;
	c = track_add_clip(t);
	c->name = xstrdup("A clip name far too long to fit in its column\x07");
	c->pos_eu = 1800 - 28;	/* ends across the first dropped minute */
	c->length_eu = 60;
	clip_set_channels(c, 1);
	c->mute = true;

	session_add_track(s, TRACK_KIND_VIDEO);

	t = session_add_track(s, TRACK_KIND_AUDIO);
	t->format = CHANNEL_FORMAT_STEREO;
	c = track_add_clip(t);
	c->name = xstrdup("\xe8\x8a\xb1 stereo");
	c->pos_eu = 100;
	c->length_eu = 30;
	clip_set_channels(c, 2);
	c->sources[0] = (struct clip_source){ .media = 1, .channel = 1 };
	c->sources[1] = (struct clip_source){ .media = 1, .channel = 2 };
	c = track_add_clip(t);
	c->name = xstrdup("swapped");
	c->pos_eu = 200;
	c->length_eu = 30;
	clip_set_channels(c, 2);
	c->sources[0] = (struct clip_source){ .media = 1, .channel = 2 };
	c->sources[1] = (struct clip_source){ .media = 1, .channel = 1 };
	c->fade_in = (struct fade){ .length_eu = 10, .shape = FADE_SHAPE_EQUAL_POWER };
	c->fade_out = (struct fade){ .length_eu = 5, .shape = FADE_SHAPE_EQUAL_POWER };

	session_add_track(s, TRACK_KIND_AUDIO);
	session_update_samples(s);
	return s;
}

static char *report(const struct session *s)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	assert_non_null(fp);
	inspect_print_text(fp, s);
	fclose(fp);
	return text;
}

static void expect(const char *text, const char *want)
{
	if (!strstr(text, want)) {
		/* cmocka cuts long messages: the report goes out whole first */
		fprintf(stderr, "%s", text);
		fail_msg("report lacks '%s'", want);
	}
}

/* Display columns of one line (UTF-8 characters; the test has no wide ones
 * but 花, which takes two). */
static int line_cols(const char *s, size_t n)
{
	int cols = 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t k = utf8_decode(s + i, n - i, &cp);

		if (!k)
			fail_msg("invalid UTF-8 in the report");
		cols += cp == 0x82B1 ? 2 : 1;
		i += k;
	}
	return cols;
}

static void test_report(void **state)
{
	struct session *s = build();
	char *text = report(s);

	(void)state;
	expect(text, "File         reel1.aaf\n");
	expect(text, "Product      Media Composer 23.12\n");
	/* the escape character does not reach the terminal */
	expect(text, "Composition  \"Reel?[31m 1\"\n");
	expect(text, "Edit rate    30000/1001 (29.970 fps)\n");
	expect(text, "Start        01:00:00;00 (30 fps drop-frame)\n");
	expect(text, "Sample rate  48000 Hz\n");
	expect(text, "Contents     3 audio tracks, 4 clips, 2 media (1 video track not listed)\n");
	expect(text, "\nA1 \"DIA\" (MONO, 2 clips)\n");
	expect(text, "  01:00:00;28  01:00:03;25  Clip 1 ");
	/* sources that do not fit go on a line of their own, under the name */
	expect(text, "  1ch  gain +2.0 dB  fade in 500 ms\n"
		     "                            <- m1 AUD_0040.wav:1\n");
	/* across the first dropped minute */
	expect(text, "  01:00:59;02  01:01:01;04  A clip name far too lon\xe2\x80\xa6");
	expect(text, "\xe2\x80\xa6  1ch  muted  <- ?:1\n");
	expect(text, "  01:00:03;10  01:00:04;10  \xe8\x8a\xb1 stereo      ");
	expect(text, "\nA2 (STEREO, 2 clips)\n");
	expect(text, "swapped                   2ch  fades 333/166 ms (equal_power)\n"
		     "                            <- m2 Bad\xef\xbf\xbd name.wav:2,1\n");
	expect(text, "<- m2 Bad\xef\xbf\xbd name.wav:1-2\n");
	expect(text, "\nA3 (no clips)\n");
	expect(text, "Media (2)\n");
	expect(text, "  m1  AUD_0040.wav");
	expect(text, " 1ch  48000 Hz 24-bit  ok        /media/AUD_0040.wav\n");
	expect(text, " 2ch  48000 Hz  ?-bit  missing\n      file:///Volumes/A%20very");
	/* the reason is wrapped, never cut */
	expect(text, "\n      not found below '/work/shared/aaf' (tried the last 1 to 4 path parts); no "
		     "file named 'Bad.wav'\n      in 2 folders\n");
	expect(text, "Media problems: 1 missing, 0 unreadable (of 2).\n");
	/* every line fits in 100 columns; the bell never gets out */
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');

		assert_non_null(nl);
		if (line_cols(p, (size_t)(nl - p)) > 100)
			fail_msg("line over 100 columns: %.*s", (int)(nl - p), p);
		p = nl + 1;
	}
	assert_null(strchr(text, '\x07'));
	assert_null(strchr(text, '\x1b'));
	free(text);
	session_free(s);
}

static void test_all_found(void **state)
{
	struct session *s = session_new();
	char *text;

	(void)state;
	session_add_media(s)->status = MEDIA_STATUS_OK;
	session_add_media(s);
	text = report(s);
	expect(text, "File         -\n");
	expect(text, "No missing or unreadable media (1 not checked).\n");
	free(text);
	session_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_all_found),
	};
	return cmocka_run_group_tests_name("inspect_text", tests, NULL, NULL);
}

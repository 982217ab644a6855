/*
 * test_mapping.c: placing clips of hand-built sessions in a template's
 * tracks: by decision, class and confidence, tags and name hints; overlaps
 * onto overflow copies; moving the clips with every value kept.
 */
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
#include "mapping.h"
#include "session_build.h"
#include "xalloc.h"

static char tmpdir[] = "/tmp/test_mapping.XXXXXX";

static const char template_text[] =
	"[rules]\nthreshold = 0.8\nreview = REVIEW\nclass.dialogue = dialogue\n"
	"class.music = music\nclass.sfx = fx\ntag.tone = review\n"
	"hint.lav = lav, radio\nhint.boom = boom, mkh\n"
	"[track.boom]\nname = BOOM\nkind = boom\n"
	"[track.lav]\nname = LAV\nkind = lav\noverflow = 2\n"
	"[track.dia]\nname = DIA\nkind = dialogue\noverflow = 2\n"
	"[track.mx]\nname = MX\nkind = music\nformat = stereo\n"
	"[track.fxm]\nname = FX MONO\nkind = fx\nformat = mono\n"
	"[track.fxs]\nname = FX ST\nkind = fx\nformat = stereo\n"
	"[track.empty]\nname = PRINT\nkind = other\n"
	"[track.review]\nname = REVIEW\nkind = review\n";

static struct template *tmpl;

/* Track indices of the mapping: fixed by the template above. */
enum { BOOM, LAV1, LAV2, DIA1, DIA2, MX, FXM, FXS, PRINT, REVIEW };

static struct session *two_tracks(void)
{
	struct session *s = session_build_new("map", 25, 1, 90000, false);

	session_build_media(s, "a.wav", MEDIA_CONTAINER_WAVE, 1, 48000, 16, 48000 * 600, "file:///a.wav");
	session_build_media(s, "s.wav", MEDIA_CONTAINER_WAVE, 2, 48000, 16, 48000 * 600, "file:///s.wav");
	session_build_track(s, "A1", 25, 1);
	session_build_track(s, "A2", 25, 1);
	return s;
}

static struct mapping_clip mclip(size_t t, size_t k, enum clip_class c, double conf)
{
	return (struct mapping_clip){ .track = t, .clip = k, .analysed = true, .cls = c,
				      .confidence = conf };
}

static void test_word(void **state)
{
	(void)state;
	assert_true(mapping_word_in("LAV2_sc12", "lav"));
	assert_true(mapping_word_in("sc12 boom.wav", "BOOM"));
	assert_true(mapping_word_in("x MKH416", "mkh"));
	assert_false(mapping_word_in("lavender", "lav"));
	assert_false(mapping_word_in("slav", "lav"));
	assert_false(mapping_word_in(NULL, "lav"));
}

static void test_classes(void **state)
{
	struct session *s = two_tracks();
	struct mapping_clip mc[7];
	struct mapping m;

	(void)state;
	for (int i = 0; i < 7; i++)
		session_build_clip(&s->tracks[0], "c", 100 * i, 50, 0, 1, 1, 0, 48000);
	session_build_finish(s);
	mc[0] = mclip(0, 0, CLIP_CLASS_DIALOGUE, 0.95);
	mc[1] = mclip(0, 1, CLIP_CLASS_MUSIC, 0.99);
	mc[2] = mclip(0, 2, CLIP_CLASS_SFX, 0.9);
	mc[3] = mclip(0, 3, CLIP_CLASS_MUSIC, 0.79);	/* below the threshold */
	mc[4] = mclip(0, 4, CLIP_CLASS_SFX, 0.99);
	mc[4].tags = ANALYSIS_TAG_TONE;
	mc[5] = (struct mapping_clip){ .track = 0, .clip = 5, .cls = CLIP_CLASS_COUNT };	/* not analysed */
	mc[6] = mclip(0, 6, CLIP_CLASS_SFX, 0.3);
	mc[6].human = true;	/* a person said dialogue */
	mc[6].cls = CLIP_CLASS_DIALOGUE;
	mapping_plan(tmpl, s, mc, 7, &m);
	assert_int_equal(m.n_tracks, 10);
	assert_int_equal(mc[0].out_track, DIA1);
	assert_int_equal(mc[0].reason, MAPPING_REASON_MODEL);
	assert_int_equal(mc[1].out_track, MX);	/* mono clip, only a stereo MX */
	assert_int_equal(mc[2].out_track, FXM);	/* a mono clip on the mono FX track */
	assert_int_equal(mc[3].out_track, REVIEW);
	assert_int_equal(mc[3].reason, MAPPING_REASON_UNCERTAIN);
	assert_int_equal(mc[4].out_track, REVIEW);
	assert_int_equal(mc[4].reason, MAPPING_REASON_TAG);
	assert_int_equal(mc[5].out_track, REVIEW);
	assert_int_equal(mc[5].reason, MAPPING_REASON_UNDECIDED);
	assert_int_equal(mc[6].out_track, DIA1);
	assert_int_equal(mc[6].reason, MAPPING_REASON_HUMAN);
	assert_string_equal(m.tracks[DIA1].name, "DIA 1");
	assert_string_equal(m.tracks[BOOM].name, "BOOM");
	assert_int_equal(m.tracks[REVIEW].n_clips, 3);
	mapping_release(&m);
	session_free(s);
}

static void test_hints_and_format(void **state)
{
	struct session *s = two_tracks();
	struct mapping_clip mc[4];
	struct mapping m;

	(void)state;
	session_build_clip(&s->tracks[0], "sc12_LAV2", 0, 50, 0, 1, 1, 0, 48000);
	session_build_clip(&s->tracks[0], "sc12", 100, 50, 0, 1, 1, 0, 48000);
	session_build_clip(&s->tracks[0], "door", 200, 50, 1, 1, 2, 0, 48000);
	session_build_clip(&s->tracks[0], "lav music", 300, 50, 0, 1, 1, 0, 48000);
	session_build_finish(s);
	mc[0] = mclip(0, 0, CLIP_CLASS_DIALOGUE, 0.9);
	mc[0].hints = "sc12_LAV2 a.wav";
	mc[1] = mclip(0, 1, CLIP_CLASS_DIALOGUE, 0.9);
	mc[1].hints = "sc12 a.wav Boom";	/* an iXML track name */
	mc[2] = mclip(0, 2, CLIP_CLASS_SFX, 0.9);
	mc[3] = mclip(0, 3, CLIP_CLASS_MUSIC, 0.9);
	mc[3].hints = "lav music";	/* hints only pick among the class's kinds */
	mapping_plan(tmpl, s, mc, 4, &m);
	assert_int_equal(mc[0].out_track, LAV1);
	assert_int_equal(mc[1].out_track, BOOM);
	assert_int_equal(mc[2].out_track, FXS);	/* stereo clip: the stereo FX track */
	assert_int_equal(mc[3].out_track, MX);
	mapping_release(&m);
	session_free(s);
}

static void test_overlaps(void **state)
{
	struct session *s = two_tracks();
	struct mapping_clip mc[5];
	struct mapping m;

	(void)state;
	/* three dialogue clips at once, one after, one lav-hinted overlapping */
	session_build_clip(&s->tracks[0], "a", 0, 100, 0, 1, 1, 0, 48000);
	session_build_clip(&s->tracks[0], "d", 100, 50, 0, 1, 1, 0, 48000);
	session_build_clip(&s->tracks[1], "b", 50, 100, 0, 1, 1, 0, 48000);
	session_build_clip(&s->tracks[1], "c", 60, 10, 0, 1, 1, 0, 48000);
	session_build_clip(&s->tracks[1], "e", 149, 10, 0, 1, 1, 0, 48000);
	session_build_finish(s);
	for (int i = 0; i < 2; i++)
		mc[i] = mclip(0, (size_t)i, CLIP_CLASS_DIALOGUE, 0.9);
	for (int i = 0; i < 3; i++)
		mc[2 + i] = mclip(1, (size_t)i, CLIP_CLASS_DIALOGUE, 0.9);
	mapping_plan(tmpl, s, mc, 5, &m);
	assert_int_equal(mc[0].out_track, DIA1);	/* a: 0-100 */
	assert_int_equal(mc[2].out_track, DIA2);	/* b: 50-150 */
	assert_int_equal(m.n_tracks, 11);		/* c: a third copy */
	assert_int_equal(mc[3].out_track, DIA2 + 1);
	assert_true(m.tracks[DIA2 + 1].extra);
	assert_string_equal(m.tracks[DIA2 + 1].name, "DIA 3");
	assert_int_equal(mc[1].out_track, DIA1);	/* d: 100-150, after a */
	assert_int_equal(mc[4].out_track, DIA2 + 1);	/* e: 149-159, b and d still there */
	mapping_release(&m);
	session_free(s);
}

/* The halves of a pair not joined stay side by side, whatever their class. */
static void test_together(void **state)
{
	struct session *s = two_tracks();
	struct mapping_clip mc[3];
	struct mapping m;

	(void)state;
	session_build_clip(&s->tracks[0], "x", 0, 100, 0, 1, 1, 0, 48000);
	session_build_clip(&s->tracks[0], "cue.L", 200, 100, 0, 1, 1, 0, 48000);
	session_build_clip(&s->tracks[1], "cue.R", 200, 100, 0, 1, 1, 0, 48000);
	session_build_finish(s);
	mc[0] = mclip(0, 0, CLIP_CLASS_DIALOGUE, 0.9);
	mc[1] = mclip(0, 1, CLIP_CLASS_DIALOGUE, 0.9);
	mc[2] = mclip(1, 0, CLIP_CLASS_DIALOGUE, 0.95);
	mc[2].hints = "cue LAV";	/* alone it would go to LAV */
	mc[1].with = 3;
	mc[2].with = 2;
	mapping_plan(tmpl, s, mc, 3, &m);
	assert_int_equal(mc[1].out_track, DIA1);
	assert_int_equal(mc[2].out_track, DIA2);
	mapping_release(&m);
	/* one half unsure, or the halves disagree: both to review */
	mc[2] = mclip(1, 0, CLIP_CLASS_DIALOGUE, 0.6);
	mc[2].with = 2;
	mapping_plan(tmpl, s, mc, 3, &m);
	assert_int_equal(mc[1].out_track, REVIEW);
	assert_int_equal(mc[1].reason, MAPPING_REASON_UNCERTAIN);
	assert_int_equal(mc[2].out_track, REVIEW + 1);	/* they overlap: a second copy */
	assert_string_equal(m.tracks[REVIEW + 1].name, "REVIEW 2");
	mapping_release(&m);
	mc[2] = mclip(1, 0, CLIP_CLASS_MUSIC, 0.95);
	mc[2].with = 2;
	mapping_plan(tmpl, s, mc, 3, &m);
	assert_int_equal(mc[1].out_track, REVIEW);
	mapping_release(&m);
	/* a person's decision on one half takes both */
	mc[2].human = true;
	mapping_plan(tmpl, s, mc, 3, &m);
	assert_int_equal(mc[1].out_track, MX);
	assert_int_equal(mc[1].reason, MAPPING_REASON_HUMAN);
	assert_int_equal(mc[2].out_track, MX + 1);
	assert_true(m.tracks[MX + 1].extra);
	assert_string_equal(m.tracks[MX + 1].name, "MX 2");
	mapping_release(&m);
	/* without the link the unsure half goes to review alone */
	mc[2] = mclip(1, 0, CLIP_CLASS_DIALOGUE, 0.6);
	mc[1].with = 0;
	mapping_plan(tmpl, s, mc, 3, &m);
	assert_int_equal(mc[1].out_track, DIA1);
	assert_int_equal(mc[2].out_track, REVIEW);
	mapping_release(&m);
	session_free(s);
}

static void test_apply(void **state)
{
	struct session *s = two_tracks();
	struct mapping_clip mc[3];
	struct mapping m;
	struct errbuf eb;
	struct clip *c;

	(void)state;
	c = session_build_clip(&s->tracks[0], "dia", 10, 40, 0, 1, 1, 4800, 48000);
	c->gain_db = -3.5;
	c->fade_in = (struct fade){ 0, 5, FADE_SHAPE_EQUAL_POWER };
	c->volume = xcalloc(2, sizeof(*c->volume));
	c->n_volume = 2;
	c->volume[1] = (struct automation_point){ 9600, -6.0 };
	session_build_clip(&s->tracks[1], "cue", 0, 200, 1, 1, 2, 0, 48000);
	session_build_clip(&s->tracks[1], "fx", 300, 20, 0, 1, 1, 96000, 48000);
	session_build_finish(s);
	mc[0] = mclip(0, 0, CLIP_CLASS_DIALOGUE, 0.9);
	mc[1] = mclip(1, 0, CLIP_CLASS_MUSIC, 0.9);
	mc[2] = mclip(1, 1, CLIP_CLASS_SFX, 0.5);
	mapping_plan(tmpl, s, mc, 3, &m);
	errbuf_init(&eb);
	assert_int_equal(mapping_apply(&m, tmpl, mc, 2, s, &eb), ERR_INVALID);	/* one missing */
	assert_int_equal(s->n_tracks, 2);
	assert_int_equal(mapping_apply(&m, tmpl, mc, 3, s, &eb), ERR_OK);
	assert_int_equal(s->n_tracks, 10);
	for (size_t i = 0; i < s->n_tracks; i++) {
		assert_string_equal(s->tracks[i].name, m.tracks[i].name);
		assert_int_equal(s->tracks[i].index, (int)i + 1);
	}
	assert_int_equal(s->tracks[MX].format, CHANNEL_FORMAT_STEREO);
	c = &s->tracks[DIA1].clips[0];
	assert_string_equal(c->name, "dia");
	assert_int_equal(c->pos_eu, 10);
	assert_int_equal(c->length_eu, 40);
	assert_int_equal(c->start, (90000 + 10) * 1920);
	assert_true(c->gain_db == -3.5);
	assert_int_equal(c->fade_in.length_eu, 5);
	assert_int_equal(c->fade_in.shape, FADE_SHAPE_EQUAL_POWER);
	assert_int_equal(c->n_volume, 2);
	assert_true(c->volume[1].gain_db == -6.0);
	assert_int_equal(c->sources[0].offset, 4800);
	assert_int_equal(s->tracks[MX].clips[0].channels, 2);
	assert_int_equal(s->tracks[MX].clips[0].sources[1].channel, 2);
	assert_int_equal(s->tracks[REVIEW].n_clips, 1);
	assert_string_equal(s->tracks[REVIEW].clips[0].name, "fx");
	assert_int_equal(s->tracks[REVIEW].clips[0].source_offset, 96000);
	assert_int_equal(mc[2].out_clip, 0);
	assert_int_equal(s->tracks[PRINT].n_clips, 0);	/* empty template tracks stay */
	mapping_release(&m);
	session_free(s);
}

/* Clips on a track of another edit rate are converted exactly. */
static void test_rates(void **state)
{
	struct session *s = session_build_new("rates", 25, 1, 0, false);
	struct mapping_clip mc[2];
	struct mapping m;
	struct errbuf eb;

	(void)state;
	session_build_media(s, "a.wav", MEDIA_CONTAINER_WAVE, 1, 48000, 16, 48000 * 60, "file:///a.wav");
	session_build_track(s, "A1", 25, 1);
	session_build_track(s, "A2", 48000, 1);
	session_build_clip(&s->tracks[0], "x", 25, 25, 0, 1, 1, 0, 48000);
	session_build_clip(&s->tracks[1], "y", 96000, 48000, 0, 1, 1, 0, 48000);
	session_build_finish(s);
	mc[0] = mclip(0, 0, CLIP_CLASS_DIALOGUE, 0.9);
	mc[1] = mclip(1, 0, CLIP_CLASS_DIALOGUE, 0.9);
	mapping_plan(tmpl, s, mc, 2, &m);
	errbuf_init(&eb);
	assert_int_equal(mapping_apply(&m, tmpl, mc, 2, s, &eb), ERR_OK);
	assert_int_equal(s->tracks[DIA1].n_clips, 2);
	assert_int_equal(s->tracks[DIA1].clips[1].pos_eu, 50);
	assert_int_equal(s->tracks[DIA1].clips[1].length_eu, 25);
	assert_int_equal(s->tracks[DIA1].clips[1].start, 96000);
	mapping_release(&m);
	session_free(s);
}

static int setup(void **state)
{
	char *path;
	FILE *f;
	struct errbuf eb;
	enum err e;

	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	path = xasprintf("%s/t.ini", tmpdir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(template_text, f);
	fclose(f);
	errbuf_init(&eb);
	e = template_load(path, &tmpl, NULL, &eb);
	if (e)
		print_message("%s\n", errbuf_msg(&eb));
	free(path);
	return e ? -1 : 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	(void)state;
	template_free(tmpl);
	if (system(cmd) != 0)
		print_message("cannot remove %s\n", tmpdir);
	free(cmd);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_word),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_hints_and_format),
		cmocka_unit_test(test_overlaps),
		cmocka_unit_test(test_together),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_rates),
	};
	return cmocka_run_group_tests_name("mapping", tests, setup, teardown);
}

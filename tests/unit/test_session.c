/* test_session.c: the session model's conversions and containers. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "session.h"

static void test_rescale_rounding(void **state)
{
	struct rational r2997 = { 30000, 1001 };
	struct rational sr = { 48000, 1 };

	(void)state;
	/* one 29.97 frame is 1601.6 samples: rounds to 1602 */
	assert_int_equal(rational_rescale(1, r2997, sr), 1602);
	/* 5 frames are exactly 8008 samples */
	assert_int_equal(rational_rescale(5, r2997, sr), 8008);
	assert_int_equal(rational_rescale_floor(1, r2997, sr), 1601);
	/* half rounds up: 1 sample at 2 Hz into 1 Hz = 0.5 -> 1 */
	assert_int_equal(rational_rescale(1, (struct rational){ 2, 1 }, (struct rational){ 1, 1 }), 1);
	assert_int_equal(rational_rescale(-1, (struct rational){ 2, 1 }, (struct rational){ 1, 1 }), 0);
	/* invalid rates give 0, never a crash */
	assert_int_equal(rational_rescale(5, (struct rational){ 0, 1 }, sr), 0);
	assert_int_equal(rational_rescale(5, (struct rational){ INT64_MAX, 1 }, sr), 0);
}

static void test_absolute_start(void **state)
{
	struct session *s = session_new();
	struct track *t;
	struct clip *c;

	(void)state;
	/* 01:00:00;00 drop-frame at 29.97 is frame 107892: 172799827.2 samples */
	s->tc_rate = (struct rational){ 30000, 1001 };
	s->edit_rate = s->tc_rate;
	s->tc_start = 107892;
	s->sample_rate = 48000;
	t = session_add_track(s, TRACK_KIND_AUDIO);
	c = track_add_clip(t);
	c->pos_eu = 28;		/* truth: start_eu 107920 -> 172844672 */
	c->length_eu = 87;
	clip_set_channels(c, 1);
	session_update_samples(s);
	assert_int_equal(c->start, 172844672);
	assert_int_equal(c->length, 139339);
	assert_int_equal(s->start, 172799827);
	assert_int_equal(c->sources[0].media, -1);
	assert_int_equal(c->sources[0].channel, 1);
	assert_int_equal(t->index, 1);
	assert_int_equal(session_add_track(s, TRACK_KIND_VIDEO)->index, 1);
	assert_int_equal(session_add_track(s, TRACK_KIND_AUDIO)->index, 2);
	assert_int_equal(session_audio_tracks(s), 2);
	session_free(s);
}

static void test_media_ids(void **state)
{
	struct session *s = session_new();

	(void)state;
	assert_string_equal(session_add_media(s)->id, "m1");
	assert_string_equal(session_add_media(s)->id, "m2");
	assert_int_equal(s->media[1].length, -1);
	session_free(s);
	session_free(NULL);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(channel_format_name(channel_format_for(6)), "5.1");
	assert_string_equal(channel_format_name(channel_format_for(3)), "");
	assert_string_equal(media_status_name(MEDIA_STATUS_MISSING), "missing");
	assert_string_equal(media_status_name((enum media_status)99), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rescale_rounding),
		cmocka_unit_test(test_absolute_start),
		cmocka_unit_test(test_media_ids),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests_name("session", tests, NULL, NULL);
}

/* test_timecode.c: timecode labels at every rate, drop-frame included. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "timecode.h"

static void check_format(struct timecode_fmt f, int64_t frames, const char *want)
{
	char buf[TIMECODE_BUFSZ];

	timecode_format(f, frames, buf, sizeof(buf));
	if (strcmp(buf, want))
		fail_msg("%d fps%s frame %lld: got '%s', want '%s'", f.fps, f.drop ? " DF" : "",
			 (long long)frames, buf, want);
}

static int64_t parse_ok(struct timecode_fmt f, const char *s)
{
	struct errbuf eb;
	int64_t frames = -1;

	errbuf_init(&eb);
	if (timecode_parse(f, s, &frames, &eb) != ERR_OK)
		fail_msg("'%s' at %d fps: %s", s, f.fps, errbuf_msg(&eb));
	return frames;
}

static void check_bad(struct timecode_fmt f, const char *s)
{
	struct errbuf eb;
	int64_t frames = -7;

	errbuf_init(&eb);
	if (timecode_parse(f, s, &frames, &eb) != ERR_INVALID)
		fail_msg("'%s' at %d fps%s parsed", s ? s : "(null)", f.fps, f.drop ? " DF" : "");
	assert_int_equal(frames, -7);
	assert_true(eb.msg[0] != '\0');
}

/* Format and parse agree on frames <-> label. */
static void check_both(struct timecode_fmt f, int64_t frames, const char *label)
{
	check_format(f, frames, label);
	assert_int_equal(parse_ok(f, label), frames);
}

static void test_fps_for_rate(void **state)
{
	static const struct {
		struct rational rate;
		int fps;
	} cases[] = {
		{ { 24000, 1001 }, 24 }, { { 23976, 1000 }, 24 }, { { 24, 1 }, 24 },
		{ { 25, 1 }, 25 }, { { 30000, 1001 }, 30 }, { { 30, 1 }, 30 },
		{ { 50, 1 }, 50 }, { { 60000, 1001 }, 60 }, { { 60, 1 }, 60 },
		{ { 100, 1 }, 100 }, { { 120000, 1001 }, 120 }, { { 11988, 100 }, 120 },
		{ { 120, 1 }, 120 }, { { 48000, 1 }, 0 }, { { 0, 1 }, 0 }, { { 25, 0 }, 0 },
		{ { -25, 1 }, 0 }, { { 1, 3 }, 0 }, { { INT64_MAX, 1 }, 0 },
		{ { INT64_MAX, INT64_MAX - 1 }, 1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(timecode_fps_for_rate(cases[i].rate), cases[i].fps);
}

/* One hour and a few labels around it at every rate. */
static void test_known_answers(void **state)
{
	const struct timecode_fmt f24 = { 24, false }, f25 = { 25, false }, f30 = { 30, false };
	const struct timecode_fmt f2997 = { 30, true }, f50 = { 50, false };
	const struct timecode_fmt f5994 = { 60, true }, f60 = { 60, false };
	const struct timecode_fmt f100 = { 100, false }, f11988 = { 120, true };
	const struct timecode_fmt f120 = { 120, false };

	(void)state;
	check_both(f24, 0, "00:00:00:00");
	check_both(f24, 86400, "01:00:00:00");	/* 24 and 23.976 */
	check_both(f24, 86399, "00:59:59:23");
	check_both(f25, 90000, "01:00:00:00");
	check_both(f25, 90000 + 25 * 61 + 24, "01:01:01:24");
	check_both(f30, 108000, "01:00:00:00");
	check_both(f30, 1800, "00:01:00:00");
	check_both(f2997, 107892, "01:00:00;00");	/* MC_TC_29.97_DF */
	check_both(f2997, 107892 + 28, "01:00:00;28");
	check_both(f2997, 1800, "00:01:00;02");
	check_both(f2997, 17982, "00:10:00;00");
	check_both(f2997, 2589407, "23:59:59;29");
	check_both(f50, 180000, "01:00:00:00");
	check_both(f50, 180049, "01:00:00:49");
	check_both(f5994, 215784, "01:00:00;00");	/* MC_TC_59.94_DF */
	check_both(f5994, 3600, "00:01:00;04");
	check_both(f5994, 35964, "00:10:00;00");
	check_both(f60, 216000, "01:00:00:00");
	check_both(f100, 360000, "01:00:00:00");
	check_both(f100, 359999, "00:59:59:99");
	check_both(f11988, 431568, "01:00:00;00");	/* MC_TC_120_DF: 172627200 / 400 */
	check_both(f11988, 7200, "00:01:00;08");
	check_both(f11988, 7199, "00:00:59;119");
	check_both(f120, 432000, "01:00:00:00");
	check_both(f120, 431999, "00:59:59:119");
	check_both(f120, 5, "00:00:00:05");
	/* 30 and 60 DF at integer rates (MC_TC_60_DF) drop the same labels */
	check_both((struct timecode_fmt){ 60, true }, 215784, "01:00:00;00");
	check_both((struct timecode_fmt){ 30, true }, 107892, "01:00:00;00");
}

static void test_drop_edges(void **state)
{
	const struct timecode_fmt df = { 30, true }, df60 = { 60, true };
	int64_t f;

	(void)state;
	f = parse_ok(df, "00:09:59;29");
	check_format(df, f + 1, "00:10:00;00");
	f = parse_ok(df, "00:00:59;29");
	check_format(df, f + 1, "00:01:00;02");
	f = parse_ok(df, "00:19:59;29");
	check_format(df, f + 1, "00:20:00;00");
	f = parse_ok(df, "00:20:59;29");
	check_format(df, f + 1, "00:21:00;02");
	f = parse_ok(df60, "00:00:59;59");
	check_format(df60, f + 1, "00:01:00;04");
	/* the dropped labels themselves do not exist */
	check_bad(df, "00:01:00;00");
	check_bad(df, "00:01:00;01");
	check_bad(df, "01:59:00:01");
	check_bad(df60, "00:01:00;03");
	check_bad((struct timecode_fmt){ 120, true }, "00:01:00;07");
	assert_int_equal(parse_ok(df, "00:10:00;00"), 17982);
	assert_int_equal(parse_ok(df, "00:10:00;01"), 17983);
	/* a drop flag at a rate that is not a multiple of 30 is ignored */
	check_both((struct timecode_fmt){ 25, true }, 90000, "01:00:00:00");
	check_both((struct timecode_fmt){ 24, true }, 86400, "01:00:00:00");
	assert_int_equal(timecode_drop_frames((struct timecode_fmt){ 25, true }), 0);
	assert_int_equal(timecode_drop_frames((struct timecode_fmt){ 120, true }), 8);
	assert_int_equal(timecode_frames_per_day(df), 2589408);
	assert_int_equal(timecode_frames_per_day((struct timecode_fmt){ 25, false }), 2160000);
}

/* Every frame of a day: format then parse gives it back, and labels count
 * up without gaps other than the dropped ones. */
static void round_trip_day(struct timecode_fmt f)
{
	int64_t day = timecode_frames_per_day(f);
	char buf[TIMECODE_BUFSZ];
	struct errbuf eb;

	errbuf_init(&eb);
	for (int64_t i = 0; i < day; i++) {
		int64_t back = -1;

		timecode_format(f, i, buf, sizeof(buf));
		if (timecode_parse(f, buf, &back, &eb) != ERR_OK || back != i)
			fail_msg("%d fps DF frame %lld: '%s' gives %lld (%s)", f.fps, (long long)i,
				 buf, (long long)back, errbuf_msg(&eb));
	}
	check_format(f, day - 1, f.fps == 30 ? "23:59:59;29" : "23:59:59;59");
	check_format(f, day, "00:00:00;00");
}

static void test_round_trip_2997(void **state)
{
	(void)state;
	round_trip_day((struct timecode_fmt){ 30, true });
}

static void test_round_trip_5994(void **state)
{
	(void)state;
	round_trip_day((struct timecode_fmt){ 60, true });
}

static void test_wrap(void **state)
{
	const struct timecode_fmt ndf = { 30, false }, df = { 30, true };

	(void)state;
	check_format(ndf, -1, "23:59:59:29");
	check_format(df, -1, "23:59:59;29");
	check_format(ndf, 30 * 86400 + 1, "00:00:00:01");
	check_format(df, 2589408 + 107892, "01:00:00;00");
	check_format(ndf, INT64_MIN, "07:28:59:22");
	check_format(ndf, INT64_MAX, "16:31:00:07");
	check_format(df, INT64_MIN, "01:37:44;00");
}

static void test_parse_syntax(void **state)
{
	const struct timecode_fmt f25 = { 25, false }, f30 = { 30, false };

	(void)state;
	assert_int_equal(parse_ok(f25, "01.00.00.00"), 90000);
	assert_int_equal(parse_ok(f25, "01;00;00;00"), 90000);
	assert_int_equal(parse_ok(f25, "1:2:3:4"), 90000 + 25 * 123 + 4);
	assert_int_equal(parse_ok((struct timecode_fmt){ 30, true }, "01:00:00:00"), 107892);
	check_bad(f25, NULL);
	check_bad(f25, "");
	check_bad(f25, "01:00:00");
	check_bad(f25, "01:00:00:00:00");
	check_bad(f25, "01:00:00:00 ");
	check_bad(f25, " 01:00:00:00");
	check_bad(f25, "01-00-00-00");
	check_bad(f25, "aa:bb:cc:dd");
	check_bad(f25, "001:00:00:00");
	check_bad(f25, "01:00:00:25");
	check_bad(f25, "24:00:00:00");
	check_bad(f25, "00:60:00:00");
	check_bad(f25, "00:00:60:00");
	check_bad(f30, "00:00:00:30");
	check_bad(f30, "00:00:00:-1");
	check_bad((struct timecode_fmt){ 0, false }, "00:00:00:00");
	check_bad((struct timecode_fmt){ 2000, false }, "00:00:00:00");
}

static void test_invalid_fmt(void **state)
{
	char buf[TIMECODE_BUFSZ], small[6];

	(void)state;
	check_format((struct timecode_fmt){ 0, false }, 10, "--:--:--:--");
	check_format((struct timecode_fmt){ -5, true }, 10, "--:--:--:--");
	/* a short buffer is cut, never overrun */
	timecode_format((struct timecode_fmt){ 25, false }, 90000, small, sizeof(small));
	assert_string_equal(small, "01:00");
	timecode_format((struct timecode_fmt){ 25, false }, 90000, buf, 0);
	timecode_format_samples((struct timecode_fmt){ 25, false }, (struct rational){ 0, 1 },
				48000, 48000, buf, sizeof(buf));
	assert_string_equal(buf, "--:--:--:--");
}

static void test_samples(void **state)
{
	const struct rational r2997 = { 30000, 1001 }, r25 = { 25, 1 };
	const struct rational r11988 = { 11988, 100 };
	const struct timecode_fmt df = { 30, true };
	char buf[TIMECODE_BUFSZ];

	(void)state;
	/* 01:00:00;00 is 172799827.2 samples, stored rounded as 172799827 */
	timecode_format_samples(df, r2997, 172799827, 48000, buf, sizeof(buf));
	assert_string_equal(buf, "01:00:00;00");
	/* spot_15 truth: start_eu 107920 = 172844672 samples */
	timecode_format_samples(df, r2997, 172844672, 48000, buf, sizeof(buf));
	assert_string_equal(buf, "01:00:00;28");
	/* one sample before a boundary is still the frame before */
	timecode_format_samples(df, r2997, 172844672 - 2, 48000, buf, sizeof(buf));
	assert_string_equal(buf, "01:00:00;27");
	timecode_format_samples((struct timecode_fmt){ 25, false }, r25, 172800000 - 1, 48000,
				buf, sizeof(buf));
	assert_string_equal(buf, "00:59:59:24");
	timecode_format_samples((struct timecode_fmt){ 25, false }, r25, 172800000, 48000,
				buf, sizeof(buf));
	assert_string_equal(buf, "01:00:00:00");
	/* 119.88 NDF: exact 172972972.97 and the reference reader's 172972976 */
	timecode_format_samples((struct timecode_fmt){ 120, false }, r11988, 172972973, 48000,
				buf, sizeof(buf));
	assert_string_equal(buf, "01:00:00:00");
	timecode_format_samples((struct timecode_fmt){ 120, false }, r11988, 172972976, 48000,
				buf, sizeof(buf));
	assert_string_equal(buf, "01:00:00:00");
	assert_int_equal(timecode_samples_to_frames(-1, 48000, r25), -1);
	assert_int_equal(timecode_samples_to_frames(-1920, 48000, r25), -1);
	assert_int_equal(timecode_samples_to_frames(-1921, 48000, r25), -2);
	assert_int_equal(timecode_samples_to_frames(0, 48000, r25), 0);
	assert_int_equal(timecode_samples_to_frames(1919, 48000, r25), 0);
	assert_int_equal(timecode_samples_to_frames(1920, 48000, r25), 1);
	assert_int_equal(timecode_samples_to_frames(5, 0, r25), 0);
	/* huge values are clamped, not overflowed */
	assert_true(timecode_samples_to_frames(INT64_MAX, 48000, r25) > 0);
	assert_true(timecode_samples_to_frames(INT64_MIN, 48000, r25) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fps_for_rate),
		cmocka_unit_test(test_known_answers),
		cmocka_unit_test(test_drop_edges),
		cmocka_unit_test(test_round_trip_2997),
		cmocka_unit_test(test_round_trip_5994),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_parse_syntax),
		cmocka_unit_test(test_invalid_fmt),
		cmocka_unit_test(test_samples),
	};
	return cmocka_run_group_tests_name("timecode", tests, NULL, NULL);
}

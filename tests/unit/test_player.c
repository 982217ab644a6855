/*
 * test_player.c: audition through the null output, which records what it
 * played: start time, positions, left/right selection, resampling, loop,
 * pre-roll, seeking, a missing file; and a device that is not there.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <sndfile.h>

#include "audio/audio.h"
#include "audio/sink.h"
#include "audiogen.h"
#include "xalloc.h"

static char *stereo_path, *mono_path;

/* Left: a 440 Hz sine at 0.5; right: silence. */
static double left_only(int64_t i, int ch, int rate, void *user)
{
	(void)user;
	return ch == 0 ? 0.5 * sin(2 * M_PI * 440 * (double)i / rate) : 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static struct player *open_null(bool instant, const char *log)
{
	struct player_options o;
	struct player *p;
	struct errbuf eb;

	player_options_init(&o);
	o.backend = AUDIO_BACKEND_NULL;
	o.null_instant = instant;
	o.null_log = log;
	errbuf_init(&eb);
	assert_int_equal(player_open(&o, &p, &eb), ERR_OK);
	return p;
}

static void wait_stopped(struct player *p, struct player_status *st)
{
	for (int i = 0; i < 2000; i++) {
		player_status(p, st);
		if (st->state != PLAYER_PLAYING)
			return;
		sleep_ms(5);
	}
	fail_msg("still playing after 10 s");
}

static struct audio_clip clip_of(const char *path, int n_src, int64_t start, int64_t frames)
{
	struct audio_clip c = { .n_src = n_src, .rate = 44100, .frames = frames, .id = 7 };

	for (int i = 0; i < n_src; i++)
		c.src[i] = (struct audio_source){ path, i + 1, start };
	return c;
}

/* Peaks of left and right over the lines of a null log. */
static void log_peaks(const char *log, double *l, double *r, double *last_pos, int *lines)
{
	FILE *f = fopen(log, "r");
	double pos, pl, pr;

	assert_non_null(f);
	*l = *r = 0;
	*lines = 0;
	while (fscanf(f, "%lf %lf %lf", &pos, &pl, &pr) == 3) {
		*l = pl > *l ? pl : *l;
		*r = pr > *r ? pr : *r;
		*last_pos = pos;
		(*lines)++;
	}
	fclose(f);
}

static void play_and_check(enum audio_channels ch, double want_l, double want_r)
{
	char *log = xasprintf("%s/null-%d.log", audiogen_dir_path(), (int)ch);
	struct player *p = open_null(true, log);
	struct audio_clip c = clip_of(stereo_path, 2, 0, 44100);
	struct player_status st;
	struct errbuf eb;
	double l, r, last = 0;
	int lines;

	player_set_channels(p, ch);
	errbuf_init(&eb);
	assert_int_equal(player_play(p, &c, &eb), ERR_OK);
	wait_stopped(p, &st);
	assert_string_equal(st.message, "");
	assert_int_equal(st.id, 7);
	assert_true(fabs(st.position - 1.0) < 1e-6);
	assert_int_equal(st.rate, 48000);
	player_free(p);
	log_peaks(log, &l, &r, &last, &lines);
	assert_true(lines > 5);
	if (fabs(l - want_l) > 0.03 || fabs(r - want_r) > 0.03)
		fail_msg("%s: peaks %.3f %.3f, want %.3f %.3f", audio_channels_name(ch), l, r, want_l,
			 want_r);
	assert_true(last > 0.9 && last <= 1.0 + 1e-6);
	free(log);
}

static void test_channels(void **state)
{
	(void)state;
	play_and_check(AUDIO_CHANNELS_BOTH, 0.5, 0);
	play_and_check(AUDIO_CHANNELS_LEFT, 0.5, 0.5);
	play_and_check(AUDIO_CHANNELS_RIGHT, 0, 0);
}

/* The fixed versions, rendered by the feed from what the files hold:
 * folded to mono, the right side flipped; the channel choice after. */
static void test_feed_fix(void **state)
{
	struct audio_feed f;
	const float in[4] = { 0.5f, 0.1f, -0.2f, 0.4f };
	float out[4];

	(void)state;
	audio_feed_init(&f, 64);
	atomic_store(&f.fix, AUDIO_FIX_FOLD);
	ring_write(f.ring, in, 2);
	assert_int_equal(audio_feed_consume(&f, out, 2, 2), 2);
	assert_float_equal(out[0], 0.3f, 1e-6);
	assert_float_equal(out[1], 0.3f, 1e-6);
	assert_float_equal(out[2], 0.1f, 1e-6);
	assert_float_equal(out[3], 0.1f, 1e-6);
	atomic_store(&f.fix, AUDIO_FIX_FLIP_RIGHT);
	ring_write(f.ring, in, 2);
	assert_int_equal(audio_feed_consume(&f, out, 2, 2), 2);
	assert_float_equal(out[0], 0.5f, 1e-6);
	assert_float_equal(out[1], -0.1f, 1e-6);
	assert_float_equal(out[2], -0.2f, 1e-6);
	assert_float_equal(out[3], -0.4f, 1e-6);
	/* flipped, then the right side only */
	atomic_store(&f.channels, AUDIO_CHANNELS_RIGHT);
	ring_write(f.ring, in, 1);
	assert_int_equal(audio_feed_consume(&f, out, 1, 2), 1);
	assert_float_equal(out[0], -0.1f, 1e-6);
	assert_float_equal(out[1], -0.1f, 1e-6);
	/* as they are */
	atomic_store(&f.fix, AUDIO_FIX_NONE);
	atomic_store(&f.channels, AUDIO_CHANNELS_BOTH);
	ring_write(f.ring, in, 1);
	assert_int_equal(audio_feed_consume(&f, out, 1, 2), 1);
	assert_float_equal(out[0], 0.5f, 1e-6);
	assert_float_equal(out[1], 0.1f, 1e-6);
	audio_feed_release(&f);
	assert_string_equal(audio_fix_name(AUDIO_FIX_FOLD), "fold");
	assert_string_equal(audio_fix_name(AUDIO_FIX_COUNT), "");
}

/* At real time, sound comes out within 100 ms of the key (a little more
 * allowed under sanitizers) and the position follows the clock. */
static void test_start_and_position(void **state)
{
	struct player *p = open_null(false, NULL);
	struct audio_clip c = clip_of(mono_path, 1, 0, 44100 * 2);
	struct player_status st;
	struct errbuf eb;
	double t0 = now(), started = -1;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(player_play(p, &c, &eb), ERR_OK);
	while (now() - t0 < 2) {
		player_status(p, &st);
		if (st.state == PLAYER_PLAYING && st.position > 0) {
			started = now() - t0;
			break;
		}
		sleep_ms(1);
	}
	print_message("first sound after %.1f ms\n", started * 1000);
	assert_true(started >= 0 && started < 0.15);
	sleep_ms(300);
	player_status(p, &st);
	assert_int_equal(st.state, PLAYER_PLAYING);
	assert_true(st.position > 0.2 && st.position < 0.5);
	assert_true(fabs(st.length - 2.0) < 1e-9);
	player_seek(p, 1.0);
	sleep_ms(50);
	player_status(p, &st);
	assert_true(st.position > 1.2 && st.position < 1.6);
	player_seek(p, -10);
	sleep_ms(50);
	player_status(p, &st);
	assert_true(st.position >= 0 && st.position < 0.2);
	player_stop(p);
	sleep_ms(50);
	player_status(p, &st);
	assert_int_equal(st.state, PLAYER_STOPPED);
	player_free(p);
}

static void test_loop_and_preroll(void **state)
{
	struct player *p = open_null(true, NULL);
	struct audio_clip c = clip_of(mono_path, 1, 22050, 4410);
	struct player_status st;
	struct errbuf eb;

	(void)state;
	c.preroll = 2.0;	/* only 0.5 s is there before the start */
	player_set_loop(p, true);
	errbuf_init(&eb);
	assert_int_equal(player_play(p, &c, &eb), ERR_OK);
	for (int i = 0; i < 50; i++) {
		player_status(p, &st);
		assert_int_equal(st.state, PLAYER_PLAYING);
		assert_true(st.position >= -0.5 - 1e-9 && st.position < 0.1 + 1e-9);
		sleep_ms(2);
	}
	assert_true(st.loop);
	player_set_loop(p, false);
	wait_stopped(p, &st);
	assert_true(fabs(st.position - 0.1) < 1e-6);
	player_free(p);
}

static void test_bad_clips(void **state)
{
	struct player *p = open_null(true, NULL);
	struct audio_clip c = clip_of("/nonexistent/x.wav", 1, 0, 100);
	struct player_status st;
	struct errbuf eb;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(player_play(p, &c, &eb), ERR_OK);
	wait_stopped(p, &st);
	assert_non_null(strstr(st.message, "cannot play"));
	c = clip_of(mono_path, 1, 0, 100);
	c.src[0].channel = 3;
	assert_int_equal(player_play(p, &c, &eb), ERR_OK);
	wait_stopped(p, &st);
	assert_non_null(strstr(st.message, "no channel 3"));
	c.n_src = 0;
	errbuf_init(&eb);
	assert_int_equal(player_play(p, &c, &eb), ERR_INVALID);
	player_free(p);
	player_free(NULL);
}

/* A device that is not there: a player without one, saying why. */
static void test_no_device(void **state)
{
	struct player_options o;
	struct player *p;
	struct player_status st;
	struct audio_clip c = clip_of(mono_path, 1, 0, 100);
	struct errbuf eb;
	enum err e;

	(void)state;
	player_options_init(&o);
	o.device = "no such device, surely";
	errbuf_init(&eb);
	e = player_open(&o, &p, &eb);
	assert_int_not_equal(e, ERR_OK);
	player_status(p, &st);
	assert_int_equal(st.state, PLAYER_NO_DEVICE);
	assert_true(st.device[0] != '\0');
	errbuf_init(&eb);
	assert_int_equal(player_play(p, &c, &eb), ERR_IO);
	player_stop(p);
	player_seek(p, 1);
	player_free(p);
}

static int setup(void **state)
{
	(void)state;
	audiogen_dir("test_player");
	stereo_path = audiogen_write("stereo.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 2, 44100, 44100,
				     left_only, NULL);
	mono_path = audiogen_write("mono.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 1, 44100, 44100 * 3,
				   left_only, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(stereo_path);
	free(mono_path);
	audiogen_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_channels),
		cmocka_unit_test(test_feed_fix),
		cmocka_unit_test(test_start_and_position),
		cmocka_unit_test(test_loop_and_preroll),
		cmocka_unit_test(test_bad_clips),
		cmocka_unit_test(test_no_device),
	};
	return cmocka_run_group_tests_name("player", tests, setup, teardown);
}

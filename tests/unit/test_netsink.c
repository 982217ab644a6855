/*
 * test_netsink.c: remote audition end to end in one process: a listener
 * (null output recording what it plays) on a free loopback port, and
 * players with the network output.  The tone arrives whole and in tune;
 * the time from play to the first frame played at the listener is
 * measured against the local null output; seek and stop flush the
 * listener at once; a wrong token is refused, no listener is explained;
 * a second sender replaces the first; the sender notices the listener
 * going away and reconnects when it is back.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <sndfile.h>

#include "audio/audio.h"
#include "audio/listener.h"
#include "audio/netsock.h"
#include "audiogen.h"
#include "xalloc.h"

#define TOKEN "t0k3n-for.tests"

static char *tone_path;

struct server {
	struct listener *l;
	atomic_bool quit;
	pthread_t thread;
	char *log;
	int port;
};

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void *server_main(void *arg)
{
	struct server *s = arg;

	listener_run(s->l, &s->quit);
	return NULL;
}

/* A listener on port (0: any free one) recording to a log named name. */
static void server_start(struct server *s, int port, const char *name)
{
	struct player_options po;
	struct listener_options lo = { port, TOKEN, &po, 0 };
	struct errbuf eb;

	s->log = xasprintf("%s/%s.log", audiogen_dir_path(), name);
	player_options_init(&po);
	po.backend = AUDIO_BACKEND_NULL;
	po.null_log = s->log;
	errbuf_init(&eb);
	if (listener_new(&lo, &s->l, &eb) != ERR_OK)
		fail_msg("listener: %s", errbuf_msg(&eb));
	s->port = listener_port(s->l);
	atomic_init(&s->quit, false);
	assert_int_equal(pthread_create(&s->thread, NULL, server_main, s), 0);
}

static void server_stop(struct server *s)
{
	atomic_store(&s->quit, true);
	pthread_join(s->thread, NULL);
	listener_free(s->l);
	free(s->log);
}

static enum err open_net(int port, const char *token, struct player **p, struct errbuf *eb)
{
	struct player_options o;

	player_options_init(&o);
	o.backend = AUDIO_BACKEND_NET;
	o.remote_port = port;
	o.remote_token = token;
	errbuf_init(eb);
	return player_open(&o, p, eb);
}

static struct audio_clip tone_clip(int64_t frames)
{
	struct audio_clip c = { .n_src = 1, .rate = 48000, .frames = frames, .id = 3 };

	c.src[0] = (struct audio_source){ tone_path, 1, 0 };
	return c;
}

/* Lines in the listener's log, and their peaks and last position. */
static int log_lines(const char *log, double *peak, double *last)
{
	FILE *f = fopen(log, "r");
	double pos, pl, pr;
	int n = 0;

	if (peak)
		*peak = 0;
	if (!f)
		return 0;
	while (fscanf(f, "%lf %lf %lf", &pos, &pl, &pr) == 3) {
		if (peak && pl > *peak)
			*peak = pl;
		if (last)
			*last = pos;
		n++;
	}
	fclose(f);
	return n;
}

/* Seconds from now until log has a line (-1: not in 2 s). */
static double until_sound(const char *log)
{
	double t0 = netsock_now();
	struct stat st;

	while (netsock_now() - t0 < 2) {
		if (stat(log, &st) == 0 && st.st_size > 0)
			return netsock_now() - t0;
		sleep_ms(1);
	}
	return -1;
}

static void wait_stopped(struct player *p)
{
	struct player_status st;

	for (int i = 0; i < 1000; i++) {
		player_status(p, &st);
		if (st.state != PLAYER_PLAYING)
			return;
		sleep_ms(5);
	}
	fail_msg("still playing after 5 s");
}

/* The local null output's start, for comparison. */
static double local_latency(void)
{
	char *log = xasprintf("%s/local.log", audiogen_dir_path());
	struct audio_clip c = tone_clip(4800);
	struct player_options o;
	struct player *p;
	struct errbuf eb;
	double t;

	player_options_init(&o);
	o.backend = AUDIO_BACKEND_NULL;
	o.null_log = log;
	errbuf_init(&eb);
	assert_int_equal(player_open(&o, &p, &eb), ERR_OK);
	assert_int_equal(player_play(p, &c, &eb), ERR_OK);
	t = until_sound(log);
	player_free(p);
	free(log);
	return t;
}

static void test_tone_arrives(void **state)
{
	struct audio_clip c = tone_clip(48000);
	struct listener_stats ls;
	struct player_status st;
	struct server s;
	struct player *p;
	struct errbuf eb;
	char want[64];
	double t, local, peak, last = 0;
	int lines;

	(void)state;
	server_start(&s, 0, "tone");
	assert_int_equal(open_net(s.port, TOKEN, &p, &eb), ERR_OK);
	player_status(p, &st);
	snprintf(want, sizeof(want), "remote 127.0.0.1:%d (48000 Hz)", s.port);
	assert_string_equal(st.device, want);
	assert_int_equal(st.rate, 48000);
	assert_int_equal(player_play(p, &c, &eb), ERR_OK);
	t = until_sound(s.log);
	local = local_latency();
	print_message("play to first frame at the listener: %.1f ms (local null output: %.1f ms, "
		      "added: %.1f ms, jitter buffer %d ms)\n", t * 1000, local * 1000,
		      (t - local) * 1000, LISTENER_DEFAULT_JITTER_MS);
	assert_true(t > 0 && local >= 0);
	wait_stopped(p);
	sleep_ms(LISTENER_DEFAULT_JITTER_MS + 200);	/* the listener is that far behind */
	listener_stats(s.l, &ls);
	lines = log_lines(s.log, &peak, &last);
	print_message("listener: %llu packets, %llu frames, %d blocks played, peak %.3f, "
		      "%.3f s\n", ls.packets, ls.frames, lines, peak, last);
	assert_int_equal(ls.senders, 1);
	assert_int_equal(ls.frames, 48000);	/* every frame of the clip, once */
	assert_true(ls.packets >= 48000 / NETPROTO_MAX_FRAMES && ls.packets < 400);
	assert_true(fabs(peak - 0.5) < 0.02);
	assert_true(fabs(last - 1.0) < 0.01);	/* all of it played */
	assert_int_equal(ls.dropped, 0);
	player_free(p);
	server_stop(&s);
}

/* A seek and a stop reach the listener as flushes, and after a stop
 * the listener falls silent at once, not a jitter buffer later. */
static void test_flush(void **state)
{
	struct audio_clip c = tone_clip(3 * 48000);
	struct listener_stats ls;
	struct server s;
	struct player *p;
	struct errbuf eb;
	unsigned long long f0;
	int at_stop, later;

	(void)state;
	server_start(&s, 0, "flush");
	assert_int_equal(open_net(s.port, TOKEN, &p, &eb), ERR_OK);
	assert_int_equal(player_play(p, &c, &eb), ERR_OK);
	sleep_ms(500);
	listener_stats(s.l, &ls);
	f0 = ls.flushes;
	player_seek(p, 1.0);
	sleep_ms(100);
	listener_stats(s.l, &ls);
	assert_true(ls.flushes > f0);
	f0 = ls.flushes;
	sleep_ms(300);
	assert_true(log_lines(s.log, NULL, NULL) > 50);
	at_stop = log_lines(s.log, NULL, NULL);
	player_stop(p);
	sleep_ms(400);
	later = log_lines(s.log, NULL, NULL);
	listener_stats(s.l, &ls);
	print_message("after stop: %d more blocks played (2 ms each)\n", later - at_stop);
	assert_true(ls.flushes > f0);
	assert_true(later - at_stop < 40);	/* under 80 ms: the 120 ms buffer was dropped */
	player_free(p);
	server_stop(&s);
}

static void test_wrong_token(void **state)
{
	struct listener_stats ls;
	struct player_status st;
	struct server s;
	struct player *p;
	struct errbuf eb;

	(void)state;
	server_start(&s, 0, "wrong");
	assert_int_equal(open_net(s.port, "not-the-token", &p, &eb), ERR_IO);
	print_message("%s\n", errbuf_msg(&eb));
	assert_non_null(strstr(errbuf_msg(&eb), "refused: wrong token"));
	player_status(p, &st);
	assert_int_equal(st.state, PLAYER_NO_DEVICE);
	player_free(p);
	assert_int_equal(open_net(s.port, NULL, &p, &eb), ERR_INVALID);
	assert_non_null(strstr(errbuf_msg(&eb), "TURNOVER_LISTEN_TOKEN"));
	player_free(p);
	listener_stats(s.l, &ls);
	assert_int_equal(ls.refused, 1);
	assert_int_equal(ls.senders, 0);
	server_stop(&s);
}

static void test_no_listener(void **state)
{
	struct errbuf eb;
	struct player *p;
	char want[128];
	int port = 0, fd = netsock_listen(&port, &eb);

	(void)state;
	assert_true(fd >= 0);
	close(fd);	/* a port nobody listens on now */
	assert_int_equal(open_net(port, TOKEN, &p, &eb), ERR_NOT_FOUND);
	snprintf(want, sizeof(want), "no listener on 127.0.0.1:%d: run `turnover listen`", port);
	print_message("%s\n", errbuf_msg(&eb));
	assert_non_null(strstr(errbuf_msg(&eb), want));
	player_free(p);
}

/* Waits up to 3 s for p's status message to contain what. */
static void wait_message(struct player *p, const char *what)
{
	struct player_status st;

	for (int i = 0; i < 600; i++) {
		player_status(p, &st);
		if (strstr(st.message, what))
			return;
		sleep_ms(5);
	}
	fail_msg("message '%s' does not say '%s'", st.message, what);
}

static void test_replaced_and_reconnect(void **state)
{
	struct listener_stats ls;
	struct server s;
	struct player *a, *b;
	struct errbuf eb;
	int port;

	(void)state;
	server_start(&s, 0, "replace");
	port = s.port;
	assert_int_equal(open_net(port, TOKEN, &a, &eb), ERR_OK);
	assert_int_equal(open_net(port, TOKEN, &b, &eb), ERR_OK);
	wait_message(a, "another sender took over");
	listener_stats(s.l, &ls);
	assert_int_equal(ls.senders, 2);
	server_stop(&s);
	wait_message(b, "the listener went away (reconnecting every second)");
	server_start(&s, port, "replace2");
	wait_message(b, "back on 127.0.0.1");
	listener_stats(s.l, &ls);
	assert_int_equal(ls.senders, 1);
	player_free(a);
	player_free(b);
	server_stop(&s);
}

static int setup(void **state)
{
	struct audiogen_tone tone = { .hz = 440, .amp = 0.5 };

	(void)state;
	audiogen_dir("test_netsink");
	tone_path = audiogen_write("tone.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 1, 48000, 3 * 48000,
				   audiogen_tone, &tone);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(tone_path);
	audiogen_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tone_arrives),
		cmocka_unit_test(test_flush),
		cmocka_unit_test(test_wrong_token),
		cmocka_unit_test(test_no_listener),
		cmocka_unit_test(test_replaced_and_reconnect),
	};
	return cmocka_run_group_tests_name("netsink", tests, setup, teardown);
}

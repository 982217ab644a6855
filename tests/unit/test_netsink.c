/*
 * test_netsink.c: remote audition end to end in one process: a listener
 * (null output recording what it plays) on a free loopback port, and
 * players with the network output.  The tone arrives whole and in tune;
 * the time from play to the first frame played at the listener is
 * measured against the local null output (a figure, not an assertion); seek and stop flush the
 * listener at once; a wrong token is refused, no listener is explained;
 * a second sender replaces the first; the sender notices the listener
 * going away and reconnects when it is back; the jitter buffer rides over
 * stalls that a small one does not; what ssh -R does with no listener
 * behind it (accept, then close) and a peer that never answers.
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
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <sndfile.h>

#include "audio/audio.h"
#include "audio/listener.h"
#include "audio/netproto.h"
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

/* A listener on port (0: any free one) with a jitter buffer of jitter_ms
 * (0: the default) recording to a log named name. */
static void server_start_jitter(struct server *s, int port, const char *name, int jitter_ms)
{
	struct player_options po;
	struct listener_options lo = { port, TOKEN, &po, jitter_ms };
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

static void server_start(struct server *s, int port, const char *name)
{
	server_start_jitter(s, port, name, 0);
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

/* Seconds from play to the first new block in log (-1: none in 5 s). */
static double play_to_sound(struct player *p, const char *log)
{
	struct audio_clip c = tone_clip(4800);
	int before = log_lines(log, NULL, NULL);
	struct errbuf eb;
	double t0;

	errbuf_init(&eb);
	t0 = netsock_now();
	if (player_play(p, &c, &eb) != ERR_OK)
		return -1;
	while (netsock_now() - t0 < 5) {	/* a loaded machine stalls for seconds */
		if (log_lines(log, NULL, NULL) > before)
			return netsock_now() - t0;
		sleep_ms(1);
	}
	return -1;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

#define LATENCY_RUNS 7

/* The median of LATENCY_RUNS plays of 0.1 s; all[] sorted. */
static double median_latency(struct player *p, const char *log, double *all)
{
	for (int i = 0; i < LATENCY_RUNS; i++) {
		all[i] = play_to_sound(p, log);
		wait_stopped(p);
		sleep_ms(LISTENER_DEFAULT_JITTER_MS + 150);
	}
	qsort(all, LATENCY_RUNS, sizeof(double), cmp_double);
	return all[LATENCY_RUNS / 2];
}

/* The time from play to the first frame out, through the listener and
 * straight to the null output (not a timed assertion: a figure). */
static void test_latency(void **state)
{
	char *log = xasprintf("%s/local.log", audiogen_dir_path());
	double remote[LATENCY_RUNS], local[LATENCY_RUNS], r, l;
	struct player_options o;
	struct server s;
	struct player *p;
	struct errbuf eb;

	(void)state;
	server_start(&s, 0, "latency");
	assert_int_equal(open_net(s.port, TOKEN, &p, &eb), ERR_OK);
	r = median_latency(p, s.log, remote);
	player_free(p);
	server_stop(&s);
	player_options_init(&o);
	o.backend = AUDIO_BACKEND_NULL;
	o.null_log = log;
	errbuf_init(&eb);
	assert_int_equal(player_open(&o, &p, &eb), ERR_OK);
	l = median_latency(p, log, local);
	player_free(p);
	free(log);
	print_message("play to first frame, median of %d: remote %.1f ms (%.1f to %.1f), local null "
		      "output %.1f ms (%.1f to %.1f); added by remote audition %.1f ms, of which "
		      "%d ms jitter buffer\n", LATENCY_RUNS, r * 1000, remote[0] * 1000,
		      remote[LATENCY_RUNS - 1] * 1000, l * 1000, local[0] * 1000,
		      local[LATENCY_RUNS - 1] * 1000, (r - l) * 1000, LISTENER_DEFAULT_JITTER_MS);
	assert_true(remote[0] > 0 && local[0] >= 0);	/* every play was heard */
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
	double peak, last = 0;
	int lines;

	(void)state;
	server_start(&s, 0, "tone");
	assert_int_equal(open_net(s.port, TOKEN, &p, &eb), ERR_OK);
	player_status(p, &st);
	snprintf(want, sizeof(want), "remote 127.0.0.1:%d (48000 Hz)", s.port);
	assert_string_equal(st.device, want);
	assert_int_equal(st.rate, 48000);
	assert_int_equal(player_play(p, &c, &eb), ERR_OK);
	assert_true(until_sound(s.log) > 0);
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
	assert_int_equal(ls.gaps, 0);
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

/* A sender of our own: hello with the token, the accept read. */
static int raw_sender(int port)
{
	struct netproto_hello h = { NETPROTO_VERSION, 2, 48000, TOKEN };
	static struct netsock_in in;
	uint8_t pkt[64];
	struct netproto_msg m;
	struct errbuf eb;
	size_t used;
	int fd;

	errbuf_init(&eb);
	fd = netsock_connect(port, &eb);
	assert_true(fd >= 0);
	in.len = 0;
	assert_true(netsock_send(fd, pkt, netproto_put_hello(pkt, sizeof(pkt), NETPROTO_HELLO, &h),
				 1000));
	assert_int_equal(netsock_wait(fd, &in, 2000, &m, &used, &eb), ERR_OK);
	assert_int_equal(m.type, NETPROTO_ACCEPT);
	return fd;
}

struct stall_result {
	unsigned long long gaps, frames;
	double played;		/* seconds the listener played */
};

/* 1 s of 10 ms packets where, every 300 ms, stall_ms of them are held
 * back and then sent at once (a stalled link catching up), to a listener
 * with a jitter buffer of jitter_ms.  No assertion inside: the listener
 * thread must be stopped whatever happens. */
static struct stall_result stalls(int jitter_ms, int stall_ms, const char *name)
{
	static float st[2 * 480];
	static uint8_t pkt[NETPROTO_HEADER + 4 + 4 * 480];
	struct stall_result r = { 0, 0, 0 };
	struct listener_stats ls;
	struct server s;
	double t0;
	int fd;

	for (int i = 0; i < 480; i++)
		st[2 * i] = st[2 * i + 1] = (float)(0.5 * sin(2 * M_PI * 440 * i / 48000.0));
	server_start_jitter(&s, 0, name, jitter_ms);
	fd = raw_sender(s.port);
	t0 = netsock_now();
	for (int i = 0; i < 100 && fd >= 0; i++) {
		int k = i % 30, held = stall_ms / 10;
		int due = k >= 1 && k <= held ? i - k + held + 1 : i;	/* in 10 ms */

		while (netsock_now() - t0 < due / 100.0)
			sleep_ms(1);
		if (!netsock_send(fd, pkt, netproto_put_audio(pkt, sizeof(pkt), (uint32_t)i, st, 480),
				  1000))
			break;
	}
	for (int i = 0; i < 300 && r.played < 0.999; i++) {	/* up to 3 s to play it all */
		sleep_ms(10);
		log_lines(s.log, NULL, &r.played);
	}
	listener_stats(s.l, &ls);
	r.gaps = ls.gaps;
	r.frames = ls.frames;
	print_message("jitter buffer %d ms: %llu gaps over 4 stalls of %d ms, %.3f s played\n",
		      jitter_ms, r.gaps, stall_ms, r.played);
	close(fd);
	server_stop(&s);
	return r;
}

static void test_jitter_buffer(void **state)
{
	struct stall_result r = stalls(LISTENER_DEFAULT_JITTER_MS, 40, "stall120");

	(void)state;
	if (r.gaps) {	/* a loaded machine can starve the listener itself: once more */
		print_message("a gap with the default buffer: trying again\n");
		r = stalls(LISTENER_DEFAULT_JITTER_MS, 40, "stall120b");
	}
	assert_int_equal(r.gaps, 0);
	assert_int_equal(r.frames, 48000);
	assert_true(fabs(r.played - 1.0) < 0.01);	/* all of it */
	/* a small one runs dry at the first stall (and then holds more) */
	r = stalls(1, 80, "stall1");
	if (!r.gaps) {	/* the listener did not look while it was dry: once more */
		print_message("no gap seen with a 1 ms buffer: trying again\n");
		r = stalls(1, 80, "stall1b");
	}
	assert_true(r.gaps >= 1);
	assert_int_equal(r.frames, 48000);
	assert_true(fabs(r.played - 1.0) < 0.01);	/* late, but all of it */
}

/* What ssh -R does when nothing listens on the laptop: takes the
 * connection on the box, then closes it. */
static void *accept_and_close(void *arg)
{
	int fd, lfd = *(int *)arg;

	for (int i = 0; i < 2000; i++) {
		fd = accept(lfd, NULL, NULL);
		if (fd >= 0) {
			close(fd);
			return NULL;
		}
		sleep_ms(1);
	}
	return NULL;
}

static void test_tunnel_without_listener(void **state)
{
	struct errbuf eb;
	struct player *p;
	pthread_t th;
	char want[128];
	int port = 0, lfd;

	(void)state;
	errbuf_init(&eb);
	lfd = netsock_listen(&port, &eb);
	assert_true(lfd >= 0);
	assert_int_equal(pthread_create(&th, NULL, accept_and_close, &lfd), 0);
	assert_int_equal(open_net(port, TOKEN, &p, &eb), ERR_NOT_FOUND);
	pthread_join(th, NULL);
	snprintf(want, sizeof(want), "no listener on 127.0.0.1:%d", port);
	assert_non_null(strstr(errbuf_msg(&eb), want));
	player_free(p);
	/* and a peer that takes the connection but never answers */
	assert_int_equal(open_net(port, TOKEN, &p, &eb), ERR_IO);
	print_message("%s\n", errbuf_msg(&eb));
	assert_non_null(strstr(errbuf_msg(&eb), "no answer in 2000 ms"));
	player_free(p);
	close(lfd);
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
		cmocka_unit_test(test_latency),
		cmocka_unit_test(test_flush),
		cmocka_unit_test(test_wrong_token),
		cmocka_unit_test(test_no_listener),
		cmocka_unit_test(test_replaced_and_reconnect),
		cmocka_unit_test(test_jitter_buffer),
		cmocka_unit_test(test_tunnel_without_listener),
	};
	return cmocka_run_group_tests_name("netsink", tests, setup, teardown);
}

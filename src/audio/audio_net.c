/*
 * audio_net.c: the network output: sends what the player plays to
 * `turnover listen` (listener.c) on 127.0.0.1:port, which ssh -R carries
 * to the machine with the speakers.  Its thread pulls from the feed in
 * real time on the monotonic clock, 10 ms a packet, and does all the
 * socket work, so neither the UI nor the feeder ever waits on the
 * network.  A flush of the feed (a seek, a stop, a new clip) is sent on
 * as FLUSH before the next sound, so the listener drops what it holds.
 * When the listener goes away the thread keeps pulling (and dropping)
 * and reconnects once a second; news of it goes to the player's status
 * through the notice op.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audio/netproto.h"
#include "audio/netsock.h"
#include "audio/nettoken.h"
#include "audio/sink.h"
#include "xalloc.h"

#define BLOCK_NS 10000000L	/* one packet's worth of time: 10 ms */
#define HANDSHAKE_MS 2000
#define RETRY_HANDSHAKE_MS 500
#define SEND_TIMEOUT_MS 500
#define RETRY_SECONDS 1.0
#define PROPOSED_RATE 48000

struct net_sink {
	struct audio_feed *feed;
	int port, fd;
	char token[NETTOKEN_SIZE];
	pthread_t thread;
	atomic_bool quit;
	unsigned seen_flush;
	uint32_t seq;
	bool retry;		/* reconnect when the listener is back */
	double next_retry;
	pthread_mutex_t lock;
	char notice[256];	/* under lock */
	unsigned notice_serial;	/* under lock */
	struct netsock_in in;
	float buf[2 * NETPROTO_MAX_FRAMES];
	uint8_t pkt[NETPROTO_HEADER + NETPROTO_MAX_PAYLOAD];
};

static void set_notice(struct net_sink *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_notice(struct net_sink *s, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&s->lock);
	va_start(ap, fmt);
	vsnprintf(s->notice, sizeof(s->notice), fmt, ap);
	va_end(ap);
	s->notice_serial++;
	pthread_mutex_unlock(&s->lock);
}

/* The listener's answer to our hello: its rate in *rate. */
static enum err read_answer(struct net_sink *s, int timeout_ms, int *rate, struct errbuf *eb)
{
	struct netproto_msg m;
	struct netproto_hello h;
	char reason[NETPROTO_MAX_REASON + 1];
	size_t used;
	enum err e = netsock_wait(s->fd, &s->in, timeout_ms, &m, &used, eb);

	if (e != ERR_OK)
		return e;
	if (m.type == NETPROTO_REFUSE) {
		netproto_get_reason(&m, reason, sizeof(reason));
		return err_set(eb, ERR_CONFIG, "%s", reason);
	}
	e = netproto_get_accept(&m, &h, eb);
	netsock_drop(&s->in, used);
	if (e == ERR_OK && h.channels != 2)
		e = err_set(eb, ERR_IO, "the listener plays %u channels", h.channels);
	*rate = (int)h.rate;
	return e;
}

/* Connects and says hello; s->fd is the connection, or -1. */
static enum err handshake(struct net_sink *s, int timeout_ms, int *rate, struct errbuf *eb)
{
	struct netproto_hello h = { NETPROTO_VERSION, 2, PROPOSED_RATE, "" };
	enum err e;
	size_t n;

	memcpy(h.token, s->token, sizeof(h.token));
	s->in.len = 0;
	s->fd = netsock_connect(s->port, eb);
	if (s->fd < 0)
		return eb->code;
	n = netproto_put_hello(s->pkt, sizeof(s->pkt), NETPROTO_HELLO, &h);
	e = netsock_send(s->fd, s->pkt, n, HANDSHAKE_MS) ? read_answer(s, timeout_ms, rate, eb)
		: err_set(eb, ERR_NOT_FOUND, "the connection closed");
	if (e != ERR_OK) {
		close(s->fd);
		s->fd = -1;
	}
	return e;
}

/* A failed handshake as the user should read it. */
static enum err explain(struct net_sink *s, enum err e, const struct errbuf *why,
			struct errbuf *eb)
{
	if (e == ERR_NOT_FOUND)
		return err_set(eb, ERR_NOT_FOUND, "no listener on 127.0.0.1:%d: run `turnover listen` "
			       "on your laptop and ssh -R %d:127.0.0.1:%d to this machine",
			       s->port, s->port, s->port);
	if (e == ERR_CONFIG)
		return err_set(eb, ERR_IO, "the listener on 127.0.0.1:%d refused: %s (give the token "
			       "`turnover listen` printed in TURNOVER_LISTEN_TOKEN or the token file)",
			       s->port, errbuf_msg(why));
	return err_set(eb, ERR_IO, "remote audio on 127.0.0.1:%d: %s", s->port, errbuf_msg(why));
}

static void lose(struct net_sink *s, const char *why, bool retry)
{
	close(s->fd);
	s->fd = -1;
	s->retry = retry;
	s->next_retry = netsock_now() + RETRY_SECONDS;
	set_notice(s, "remote audio: %s%s", why, retry ? " (reconnecting every second)" : "");
}

static void try_reconnect(struct net_sink *s)
{
	struct errbuf eb, why;
	int rate = 0;
	enum err e;

	errbuf_init(&eb);
	errbuf_init(&why);
	s->next_retry = netsock_now() + RETRY_SECONDS;
	e = handshake(s, RETRY_HANDSHAKE_MS, &rate, &why);
	if (e == ERR_OK && rate != s->feed->rate) {
		lose(s, "the listener came back at another sample rate: restart turnover", false);
		return;
	}
	if (e == ERR_OK) {
		s->seen_flush = atomic_load(&s->feed->flush_req) - 1;	/* start clean */
		set_notice(s, "remote audio: back on 127.0.0.1:%d", s->port);
	} else if (e == ERR_CONFIG) {
		explain(s, e, &why, &eb);
		s->retry = false;
		set_notice(s, "%s", errbuf_msg(&eb));
	}
}

/* What the listener says while we play: only a refusal (another sender
 * took over) or the end of the connection. */
static void check_incoming(struct net_sink *s)
{
	char reason[NETPROTO_MAX_REASON + 1], msg[NETPROTO_MAX_REASON + 40];
	struct netproto_msg m;
	struct errbuf eb;
	size_t used;
	long n = netsock_fill(s->fd, &s->in);

	errbuf_init(&eb);
	if (n == 0 || n == -1) {
		lose(s, "the listener went away", true);
		return;
	}
	while (s->fd >= 0 && s->in.len) {
		enum netproto_status st = netsock_take(&s->in, &m, &used, &eb);

		if (st == NETPROTO_MORE)
			break;
		if (st == NETPROTO_BAD || m.type == NETPROTO_REFUSE) {
			netproto_get_reason(&m, reason, sizeof(reason));
			snprintf(msg, sizeof(msg), "the listener closed: %s",
				 st == NETPROTO_BAD ? errbuf_msg(&eb) : reason);
			lose(s, msg, false);
			break;
		}
		netsock_drop(&s->in, used);
	}
}

static void send_msg(struct net_sink *s, size_t n)
{
	if (s->fd >= 0 && n && !netsock_send(s->fd, s->pkt, n, SEND_TIMEOUT_MS))
		lose(s, "the listener went away", true);
}

/* One tick: what is due from the feed, and on to the listener. */
static void tick(struct net_sink *s, size_t want)
{
	unsigned req = atomic_load(&s->feed->flush_req);
	size_t got = want ? audio_feed_consume(s->feed, s->buf, want, 2) : 0;

	if (s->fd < 0)
		return;
	if (req != s->seen_flush) {
		s->seen_flush = req;
		send_msg(s, netproto_put_empty(s->pkt, sizeof(s->pkt), NETPROTO_FLUSH));
	}
	if (got)
		send_msg(s, netproto_put_audio(s->pkt, sizeof(s->pkt), s->seq++, s->buf, got));
	if (s->fd >= 0)
		check_incoming(s);
}

static void next_tick(struct timespec *t)
{
	t->tv_nsec += BLOCK_NS;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_nsec -= 1000000000L;
		t->tv_sec++;
	}
}

static void *net_main(void *arg)
{
	struct net_sink *s = arg;
	double start = netsock_now(), pulled = 0;
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	while (!atomic_load(&s->quit)) {
		double due;

		next_tick(&t);
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR)
			;
		if (s->fd < 0 && s->retry && netsock_now() >= s->next_retry)
			try_reconnect(s);
		due = (netsock_now() - start) * s->feed->rate - pulled;
		if (due > 10.0 * NETPROTO_MAX_FRAMES) {	/* stalled: do not catch up */
			start = netsock_now();
			pulled = 0;
			clock_gettime(CLOCK_MONOTONIC, &t);
			continue;
		}
		due = due < 1 ? 0 : due > NETPROTO_MAX_FRAMES ? NETPROTO_MAX_FRAMES : due;
		tick(s, (size_t)due);
		pulled += (double)(size_t)due;
	}
	return NULL;
}

static void net_free(struct net_sink *s)
{
	if (s->fd >= 0)
		close(s->fd);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

static void net_close(void *sink)
{
	struct net_sink *s = sink;

	if (!s)
		return;
	atomic_store(&s->quit, true);
	pthread_join(s->thread, NULL);
	/* quitting silences what the listener still holds */
	if (s->fd >= 0)
		send_msg(s, netproto_put_empty(s->pkt, sizeof(s->pkt), NETPROTO_FLUSH));
	if (s->fd >= 0)
		send_msg(s, netproto_put_empty(s->pkt, sizeof(s->pkt), NETPROTO_STOP));
	net_free(s);
}

static enum err net_open(const struct player_options *o, struct audio_feed *feed, void **sink,
			 char *name, size_t name_len, struct errbuf *eb)
{
	struct net_sink *s = xcalloc(1, sizeof(*s));
	struct errbuf why;
	int rate = 0;
	enum err e;

	*sink = NULL;
	s->feed = feed;
	s->port = o->remote_port;
	s->fd = -1;
	atomic_init(&s->quit, false);
	pthread_mutex_init(&s->lock, NULL);
	if (!o->remote_token || !netproto_token_valid(o->remote_token)) {
		net_free(s);
		return err_set(eb, ERR_INVALID, "remote audio needs the token `turnover listen` "
			       "printed (TURNOVER_LISTEN_TOKEN, or the token file "
			       "~/.config/turnover/listen-token)");
	}
	snprintf(s->token, sizeof(s->token), "%s", o->remote_token);
	errbuf_init(&why);
	e = handshake(s, HANDSHAKE_MS, &rate, &why);
	if (e != ERR_OK) {
		e = explain(s, e, &why, eb);
		net_free(s);
		return e;
	}
	feed->rate = rate;
	s->seen_flush = atomic_load(&feed->flush_req);
	if (pthread_create(&s->thread, NULL, net_main, s) != 0) {
		net_free(s);
		return err_set(eb, ERR_IO, "cannot start the network audio thread");
	}
	snprintf(name, name_len, "remote 127.0.0.1:%d (%d Hz)", s->port, rate);
	*sink = s;
	return ERR_OK;
}

static bool net_notice(void *sink, unsigned *seen, char *buf, size_t len)
{
	struct net_sink *s = sink;
	bool news;

	pthread_mutex_lock(&s->lock);
	news = s->notice_serial != *seen;
	if (news) {
		snprintf(buf, len, "%s", s->notice);
		*seen = s->notice_serial;
	}
	pthread_mutex_unlock(&s->lock);
	return news;
}

static enum err net_list(struct audio_device_list *out, struct errbuf *eb)
{
	(void)eb;
	out->dev = NULL;
	out->n = 0;
	return ERR_OK;
}

const struct sink_ops audio_net_sink = { "net", net_open, net_close, net_list, net_notice };

/*
 * listener.c: `turnover listen` (listener.h).  One thread: poll() over the
 * listening socket, the sender and one connection still saying hello;
 * decoded sound goes through a jitter buffer into the output's feed (this
 * thread is the feed's producer; the output's thread or callback its
 * consumer).
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "audio/listener.h"
#include "audio/netproto.h"
#include "audio/netsock.h"
#include "audio/nettoken.h"
#include "audio/sink.h"
#include "log.h"
#include "xalloc.h"

#define RING_FRAMES 65536
#define HELLO_SECONDS 2.0
#define PRIME_MAX_SECONDS 1

/* DRY: the sound ran out while playing; more of it then is a gap. */
enum play_state { PLAY_IDLE, PLAY_PRIMING, PLAY_PLAYING, PLAY_DRY };

struct conn {
	int fd;
	unsigned channels;	/* of the sender's sound, from its hello */
	double since;
	struct netsock_in in;
};

struct listener {
	const struct sink_ops *ops;
	void *sink;
	struct audio_feed feed;
	char output[128];
	int lfd, port;
	char token[NETTOKEN_SIZE];
	struct conn cur, pend;	/* the sender; a connection yet to say hello */
	enum play_state state;
	double prime_start, jitter;
	float *prime;		/* the jitter buffer, stereo */
	size_t n_prime, cap_prime;
	float tmp[2 * NETPROTO_MAX_FRAMES];
	uint8_t pkt[NETPROTO_HEADER + NETPROTO_MAX_PAYLOAD];
	pthread_mutex_t lock;
	struct listener_stats stats;	/* under lock */
};

#define COUNT(l, field, n) do { \
	pthread_mutex_lock(&(l)->lock); \
	(l)->stats.field += (n); \
	pthread_mutex_unlock(&(l)->lock); \
} while (0)

static void conn_close(struct conn *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->in.len = 0;
}

/* Drops what the output holds and what waits to play. */
static void flush_output(struct listener *l)
{
	atomic_fetch_add(&l->feed.flush_req, 1);
	l->state = PLAY_IDLE;
	l->n_prime = 0;
}

static bool flush_done(struct listener *l)
{
	return atomic_load(&l->feed.flush_ack) == atomic_load(&l->feed.flush_req);
}

static void to_output(struct listener *l, const float *st, size_t frames)
{
	size_t put = ring_write(l->feed.ring, st, frames);

	if (put < frames)
		COUNT(l, dropped, frames - put);
}

/* The jitter buffer is full enough, or has waited long enough. */
static void release_prime(struct listener *l)
{
	if (!flush_done(l))
		return;
	to_output(l, l->prime, l->n_prime);
	l->n_prime = 0;
	l->state = PLAY_PLAYING;
}

static void got_audio(struct listener *l, const float *st, size_t frames)
{
	if (l->state == PLAY_PLAYING) {
		to_output(l, st, frames);
		return;
	}
	if (l->state == PLAY_DRY) {
		COUNT(l, gaps, 1);
		log_info("the sound ran dry before more came: buffering %.0f ms again "
			 "(a slow link wants a larger --jitter)", l->jitter * 1000);
	}
	if (l->state == PLAY_IDLE || l->state == PLAY_DRY) {
		l->state = PLAY_PRIMING;
		l->prime_start = netsock_now();
	}
	if (l->n_prime + frames > l->cap_prime) {
		release_prime(l);
		if (l->state == PLAY_PLAYING)
			to_output(l, st, frames);
		return;
	}
	memcpy(l->prime + 2 * l->n_prime, st, frames * 2 * sizeof(float));
	l->n_prime += frames;
}

static void refuse(struct listener *l, struct conn *c, const char *reason)
{
	netsock_send(c->fd, l->pkt, netproto_put_reason(l->pkt, sizeof(l->pkt), reason), 200);
	conn_close(c);
}

/* The sender is gone: what it sent plays out (a stop it wanted heard at
 * once came as a FLUSH first). */
static void drop_sender(struct listener *l, const char *why)
{
	log_info("sender %s", why);
	conn_close(&l->cur);
	if (l->state == PLAY_PRIMING)
		release_prime(l);
}

/* One message from the sender; false when the connection ends. */
static bool sender_msg(struct listener *l, const struct netproto_msg *m)
{
	struct errbuf eb;
	size_t frames;
	uint32_t seq;

	errbuf_init(&eb);
	switch (m->type) {
	case NETPROTO_AUDIO:
		if (netproto_get_audio(m, l->cur.channels, l->tmp, &frames, &seq, &eb) != ERR_OK)
			break;
		COUNT(l, packets, 1);
		COUNT(l, frames, frames);
		got_audio(l, l->tmp, frames);
		return true;
	case NETPROTO_FLUSH:
		COUNT(l, flushes, 1);
		flush_output(l);
		return true;
	case NETPROTO_STOP:
		drop_sender(l, "stopped");
		return false;
	default:
		err_set(&eb, ERR_INVALID, "unexpected message type %d", (int)m->type);
		break;
	}
	log_warn("closing the sender: %s", errbuf_msg(&eb));
	refuse(l, &l->cur, errbuf_msg(&eb));
	flush_output(l);
	return false;
}

static void serve_sender(struct listener *l)
{
	struct netproto_msg m;
	struct errbuf eb;
	size_t used;
	long n = netsock_fill(l->cur.fd, &l->cur.in);

	if (n == 0 || n == -1) {
		drop_sender(l, "disconnected");
		return;
	}
	for (;;) {
		enum netproto_status st;

		errbuf_init(&eb);
		st = netsock_take(&l->cur.in, &m, &used, &eb);
		if (st == NETPROTO_MORE)
			return;
		if (st == NETPROTO_BAD) {
			log_warn("closing the sender: %s", errbuf_msg(&eb));
			refuse(l, &l->cur, errbuf_msg(&eb));
			flush_output(l);
			return;
		}
		if (!sender_msg(l, &m))
			return;
		netsock_drop(&l->cur.in, used);
	}
}

/* A hello with the right token: this connection becomes the sender. */
static void welcome(struct listener *l, const struct netproto_hello *h)
{
	struct netproto_hello a = { NETPROTO_VERSION, 2, (uint32_t)l->feed.rate, "" };

	if (l->cur.fd >= 0) {
		refuse(l, &l->cur, "another sender took over");
		log_info("sender replaced by a new one");
		flush_output(l);
	}
	COUNT(l, senders, 1);	/* before the sender can know */
	if (!netsock_send(l->pend.fd, l->pkt, netproto_put_hello(l->pkt, sizeof(l->pkt),
				NETPROTO_ACCEPT, &a), 500)) {
		conn_close(&l->pend);
		return;
	}
	l->cur = l->pend;
	l->cur.channels = h->channels;
	l->pend.fd = -1;
	l->pend.in.len = 0;
	netsock_drop(&l->cur.in, l->cur.in.len);	/* nothing may follow a hello unanswered */
	log_info("sender connected (%u Hz proposed, playing at %d Hz)", (unsigned)h->rate,
		 l->feed.rate);
}

static void serve_pending(struct listener *l)
{
	struct netproto_hello h;
	struct netproto_msg m;
	struct errbuf eb;
	size_t used;
	enum netproto_status st;
	long n = netsock_fill(l->pend.fd, &l->pend.in);

	errbuf_init(&eb);
	if (n == 0 || n == -1) {
		conn_close(&l->pend);
		return;
	}
	st = netsock_take(&l->pend.in, &m, &used, &eb);
	if (st == NETPROTO_MORE)
		return;
	if (st == NETPROTO_OK && netproto_get_hello(&m, &h, &eb) == ERR_OK &&
	    netproto_token_equal(h.token, l->token)) {
		welcome(l, &h);
		return;
	}
	if (st == NETPROTO_OK && eb.code == ERR_OK)
		err_set(&eb, ERR_INVALID, "wrong token");
	COUNT(l, refused, 1);
	log_warn("refused a sender: %s", errbuf_msg(&eb));
	refuse(l, &l->pend, errbuf_msg(&eb));
}

static void accept_one(struct listener *l)
{
	int fd = accept4(l->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return;
	if (l->pend.fd >= 0) {
		log_warn("refused a sender: no hello in time");
		COUNT(l, refused, 1);
		conn_close(&l->pend);
	}
	l->pend.fd = fd;
	l->pend.since = netsock_now();
	l->pend.in.len = 0;
}

/* Timers: a hello that does not come, the jitter buffer, a gap. */
static void housekeeping(struct listener *l)
{
	double now = netsock_now();

	if (l->pend.fd >= 0 && now - l->pend.since > HELLO_SECONDS) {
		log_warn("refused a sender: no hello in %.0f s", HELLO_SECONDS);
		COUNT(l, refused, 1);
		conn_close(&l->pend);
	}
	if (l->state == PLAY_PRIMING && now - l->prime_start >= l->jitter)
		release_prime(l);
	else if (l->state == PLAY_PLAYING && ring_available(l->feed.ring) == 0)
		l->state = PLAY_DRY;	/* buffer again before playing on */
}

void listener_run(struct listener *l, const atomic_bool *quit)
{
	while (!atomic_load(quit)) {
		struct pollfd pf[3] = { { l->lfd, POLLIN, 0 }, { l->cur.fd, POLLIN, 0 },
					{ l->pend.fd, POLLIN, 0 } };

		/* poll() skips negative descriptors */
		if (poll(pf, 3, 5) > 0) {
			if (pf[1].revents && l->cur.fd >= 0)
				serve_sender(l);
			if (pf[2].revents && l->pend.fd >= 0)
				serve_pending(l);
			if (pf[0].revents)
				accept_one(l);
		}
		housekeeping(l);
	}
	if (l->cur.fd >= 0)
		drop_sender(l, "closed: the listener stops");
}

static const struct sink_ops *output_ops(enum audio_backend b)
{
	return b == AUDIO_BACKEND_NULL ? &audio_null_sink : &audio_pa_sink;
}

enum err listener_new(const struct listener_options *o, struct listener **out,
		      struct errbuf *eb)
{
	struct listener *l = xcalloc(1, sizeof(*l));
	enum err e;

	*out = NULL;
	l->lfd = l->cur.fd = l->pend.fd = -1;
	pthread_mutex_init(&l->lock, NULL);
	audio_feed_init(&l->feed, RING_FRAMES);
	if (!o->token || !netproto_token_valid(o->token) || o->out->backend == AUDIO_BACKEND_NET) {
		listener_free(l);
		return err_set(eb, ERR_INVALID, o->out->backend == AUDIO_BACKEND_NET ?
			       "a listener cannot play to the network" : "bad listener token");
	}
	snprintf(l->token, sizeof(l->token), "%s", o->token);
	l->jitter = (o->jitter_ms > 0 ? o->jitter_ms : LISTENER_DEFAULT_JITTER_MS) / 1000.0;
	l->ops = output_ops(o->out->backend);
	e = l->ops->open(o->out, &l->feed, &l->sink, l->output, sizeof(l->output), eb);
	l->port = o->port;
	if (e == ERR_OK && (l->lfd = netsock_listen(&l->port, eb)) < 0)
		e = eb->code;
	if (e != ERR_OK) {
		listener_free(l);
		return e;
	}
	l->cap_prime = (size_t)l->feed.rate * PRIME_MAX_SECONDS;
	l->prime = xcalloc(2 * l->cap_prime, sizeof(float));
	*out = l;
	return ERR_OK;
}

int listener_port(const struct listener *l)
{
	return l->port;
}

const char *listener_output(const struct listener *l)
{
	return l->output;
}

void listener_stats(struct listener *l, struct listener_stats *out)
{
	pthread_mutex_lock(&l->lock);
	*out = l->stats;
	pthread_mutex_unlock(&l->lock);
}

void listener_free(struct listener *l)
{
	if (!l)
		return;
	conn_close(&l->cur);
	conn_close(&l->pend);
	if (l->lfd >= 0)
		close(l->lfd);
	if (l->sink)
		l->ops->close(l->sink);
	audio_feed_release(&l->feed);
	pthread_mutex_destroy(&l->lock);
	free(l->prime);
	free(l);
}

/*
 * player.c: the player: commands from the UI thread, a feeder thread that
 * decodes into the ring, and the status snapshot.  The output (sink.h)
 * only reads the ring.
 */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audio/sink.h"
#include "audio/stream.h"
#include "xalloc.h"

/* Output frames the ring holds: about a second at 48 kHz. */
#define RING_FRAMES 65536
#define QUEUE_MAX 16

enum cmd_kind { CMD_PLAY, CMD_STOP, CMD_SEEK, CMD_WAKE, CMD_QUIT };

struct cmd {
	enum cmd_kind kind;
	struct audio_clip clip;	/* CMD_PLAY; paths owned */
	double seconds;		/* CMD_SEEK */
};

struct player {
	const struct sink_ops *ops;
	void *sink;
	struct audio_feed feed;
	bool have_device, thread_started;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	/* under lock */
	struct cmd queue[QUEUE_MAX];
	size_t n_queue;
	char device[128];
	char message[256];
	uint64_t id;
	double length, last_pos;
	unsigned serial;
	unsigned starting;	/* play commands not yet taken by the feeder */
	unsigned notice_seen;	/* the output's last notice taken */
	/* written by the feeder, read by anyone */
	atomic_int state;
	atomic_bool written;	/* the clip's last frame is in the ring */
	/* the feeder's own */
	struct stream *stream;
	float *out;
};

static void cmd_release(struct cmd *c)
{
	if (c->kind != CMD_PLAY)
		return;
	for (int i = 0; i < c->clip.n_src; i++)
		free((char *)(uintptr_t)c->clip.src[i].path);
}

/* ---- the UI side ------------------------------------------------------- */

static void push(struct player *p, struct cmd c)
{
	pthread_mutex_lock(&p->lock);
	if (p->n_queue == QUEUE_MAX) {	/* a burst of keys: the oldest goes */
		if (p->queue[0].kind == CMD_PLAY)
			p->starting--;
		cmd_release(&p->queue[0]);
		memmove(&p->queue[0], &p->queue[1], (QUEUE_MAX - 1) * sizeof(struct cmd));
		p->n_queue--;
	}
	p->queue[p->n_queue++] = c;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

enum err player_play(struct player *p, const struct audio_clip *c, struct errbuf *eb)
{
	struct cmd cmd = { .kind = CMD_PLAY, .clip = *c };

	if (!p->have_device)
		return err_set(eb, ERR_IO, "no audio device: %s", p->device);
	if (c->n_src < 1 || c->n_src > 2 || c->frames <= 0 || c->rate <= 0)
		return err_set(eb, ERR_INVALID, "nothing to play");
	for (int i = 0; i < c->n_src; i++)
		cmd.clip.src[i].path = xstrdup(c->src[i].path ? c->src[i].path : "");
	/* the status says "playing" from now on, not from when the feeder
	 * gets to it */
	pthread_mutex_lock(&p->lock);
	p->starting++;
	p->id = c->id;
	p->length = (double)c->frames / c->rate;
	p->last_pos = 0;
	p->message[0] = '\0';
	p->serial++;
	pthread_mutex_unlock(&p->lock);
	push(p, cmd);
	return ERR_OK;
}

void player_stop(struct player *p)
{
	if (p->have_device)
		push(p, (struct cmd){ .kind = CMD_STOP });
}

void player_seek(struct player *p, double seconds)
{
	if (p->have_device)
		push(p, (struct cmd){ .kind = CMD_SEEK, .seconds = seconds });
}

void player_set_loop(struct player *p, bool loop)
{
	atomic_store(&p->feed.loop, loop);
	pthread_mutex_lock(&p->lock);
	p->serial++;
	pthread_mutex_unlock(&p->lock);
	if (p->have_device)
		push(p, (struct cmd){ .kind = CMD_WAKE });
}

void player_set_channels(struct player *p, enum audio_channels c)
{
	if ((unsigned)c >= AUDIO_CHANNELS_COUNT)
		return;
	atomic_store(&p->feed.channels, (int)c);
	pthread_mutex_lock(&p->lock);
	p->serial++;
	pthread_mutex_unlock(&p->lock);
}

void player_set_fix(struct player *p, enum audio_fix f)
{
	if ((unsigned)f >= AUDIO_FIX_COUNT)
		return;
	atomic_store(&p->feed.fix, (int)f);
	pthread_mutex_lock(&p->lock);
	p->serial++;
	pthread_mutex_unlock(&p->lock);
}

void player_status(struct player *p, struct player_status *out)
{
	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&p->lock);
	if (p->sink && p->ops->notice &&
	    p->ops->notice(p->sink, &p->notice_seen, p->message, sizeof(p->message)))
		p->serial++;
	out->state = (enum player_state)atomic_load(&p->state);
	out->id = p->id;
	out->length = p->length;
	out->position = out->state == PLAYER_PLAYING ? audio_feed_position(&p->feed) : p->last_pos;
	if (p->starting) {
		out->state = PLAYER_PLAYING;
		out->position = 0;
	}
	snprintf(out->device, sizeof(out->device), "%s", p->device);
	snprintf(out->message, sizeof(out->message), "%s", p->message);
	out->serial = p->serial;
	pthread_mutex_unlock(&p->lock);
	out->loop = atomic_load(&p->feed.loop);
	out->channels = (enum audio_channels)atomic_load(&p->feed.channels);
	out->fix = (enum audio_fix)atomic_load(&p->feed.fix);
	out->rate = p->feed.rate;
}

/* ---- the feeder -------------------------------------------------------- */

static void set_state(struct player *p, enum player_state st, const char *msg)
{
	pthread_mutex_lock(&p->lock);
	if (st != PLAYER_PLAYING && atomic_load(&p->state) == PLAYER_PLAYING)
		p->last_pos = audio_feed_position(&p->feed);
	atomic_store(&p->state, (int)st);
	if (msg)
		snprintf(p->message, sizeof(p->message), "%s", msg);
	p->serial++;
	pthread_mutex_unlock(&p->lock);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Empties the ring through the output; false when it does not answer. */
static bool flush(struct player *p)
{
	unsigned req = atomic_fetch_add(&p->feed.flush_req, 1) + 1;

	for (int i = 0; i < 400; i++) {
		if (atomic_load(&p->feed.flush_ack) == req)
			return true;
		sleep_ms(2);
	}
	return false;
}

static void stop_stream(struct player *p, const char *msg)
{
	stream_free(p->stream);
	p->stream = NULL;
	free(p->out);
	p->out = NULL;
	set_state(p, PLAYER_STOPPED, msg);
}

/* Output frames for file frames of the stream. */
static long long to_out(const struct player *p, int64_t frames)
{
	return llround((double)frames * p->feed.rate / stream_rate(p->stream));
}

/* After a flush: where the output's count starts, and the clip's shape. */
static void set_positions(struct player *p, int64_t pos)
{
	atomic_store(&p->feed.base, to_out(p, pos));
	atomic_store(&p->feed.preroll, to_out(p, stream_preroll(p->stream)));
	atomic_store(&p->feed.clip, to_out(p, stream_clip(p->stream)));
	atomic_store(&p->written, false);
}

/* A play command taken: its outcome, and one fewer pending. */
static void started(struct player *p, enum player_state st, const char *msg)
{
	set_state(p, st, msg);
	pthread_mutex_lock(&p->lock);
	p->starting--;
	if (st != PLAYER_PLAYING)
		p->last_pos = 0;
	pthread_mutex_unlock(&p->lock);
}

static void run_play(struct player *p, struct cmd *c)
{
	struct errbuf eb;
	char msg[300];

	flush(p);
	if (p->stream)
		stop_stream(p, NULL);
	errbuf_init(&eb);
	if (stream_open(&c->clip, p->feed.rate, &p->stream, &eb) != ERR_OK) {
		snprintf(msg, sizeof(msg), "cannot play: %s", errbuf_msg(&eb));
		started(p, PLAYER_STOPPED, msg);
		return;
	}
	p->out = xcalloc(stream_max_out(p->stream) * 2, sizeof(float));
	set_positions(p, 0);
	started(p, PLAYER_PLAYING, NULL);
}

static void run_seek(struct player *p, double seconds)
{
	struct errbuf eb;
	double now;
	int64_t pos;

	if (!p->stream)
		return;
	now = audio_feed_position(&p->feed) + seconds;
	pos = stream_preroll(p->stream) + llround(now * stream_rate(p->stream));
	flush(p);
	errbuf_init(&eb);
	if (stream_seek(p->stream, pos, &eb) != ERR_OK) {
		stop_stream(p, errbuf_msg(&eb));
		return;
	}
	if (pos < 0)
		pos = 0;
	if (pos > stream_preroll(p->stream) + stream_clip(p->stream))
		pos = stream_preroll(p->stream) + stream_clip(p->stream);
	set_positions(p, pos);
	pthread_mutex_lock(&p->lock);
	p->serial++;
	pthread_mutex_unlock(&p->lock);
}

static void run_cmd(struct player *p, struct cmd *c)
{
	switch (c->kind) {
	case CMD_PLAY:
		run_play(p, c);
		break;
	case CMD_STOP:
		flush(p);
		if (p->stream)
			stop_stream(p, NULL);
		break;
	case CMD_SEEK:
		run_seek(p, c->seconds);
		break;
	case CMD_WAKE:
	case CMD_QUIT:
		break;
	}
}

/* Writes one block to the ring if there is room; false when the feeder
 * should wait. */
static bool feed_block(struct player *p)
{
	bool loop = atomic_load(&p->feed.loop);
	struct errbuf eb;
	long n;

	if (stream_ended(p->stream) && !loop)
		return false;
	if (ring_space(p->feed.ring) < stream_max_out(p->stream))
		return false;
	errbuf_init(&eb);
	n = stream_read(p->stream, p->out, loop, &eb);
	if (n < 0) {
		flush(p);
		stop_stream(p, errbuf_msg(&eb));
		return false;
	}
	ring_write(p->feed.ring, p->out, (size_t)n);
	if (stream_ended(p->stream) && !loop)
		atomic_store(&p->written, true);
	return true;
}

/* Playing and everything written has been heard: the clip is over. */
static void check_drained(struct player *p)
{
	if (p->stream && atomic_load(&p->written) && ring_available(p->feed.ring) == 0) {
		stop_stream(p, NULL);
		pthread_mutex_lock(&p->lock);
		p->last_pos = p->length;
		pthread_mutex_unlock(&p->lock);
	}
}

/* Takes the next command, waiting up to wait_ms (-1: for ever). */
static bool next_cmd(struct player *p, struct cmd *c, long wait_ms)
{
	bool got = false;

	pthread_mutex_lock(&p->lock);
	if (!p->n_queue && wait_ms < 0) {
		pthread_cond_wait(&p->cond, &p->lock);
	} else if (!p->n_queue && wait_ms > 0) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += wait_ms * 1000000L;
		ts.tv_sec += ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&p->cond, &p->lock, &ts);
	}
	if (p->n_queue) {
		*c = p->queue[0];
		memmove(&p->queue[0], &p->queue[1], (p->n_queue - 1) * sizeof(struct cmd));
		p->n_queue--;
		got = true;
	}
	pthread_mutex_unlock(&p->lock);
	return got;
}

static void *feeder_main(void *arg)
{
	struct player *p = arg;
	bool fed = false;

	for (;;) {
		struct cmd c;
		long wait = !p->stream ? -1 : fed ? 0 : 5;

		if (next_cmd(p, &c, wait)) {
			enum cmd_kind kind = c.kind;

			run_cmd(p, &c);
			cmd_release(&c);
			if (kind == CMD_QUIT)
				break;
		}
		fed = p->stream && feed_block(p);
		check_drained(p);
	}
	if (p->stream)
		stop_stream(p, NULL);
	return NULL;
}

/* ---- life cycle ----------------------------------------------------------- */

const char *audio_backend_name(enum audio_backend b)
{
	static const char *const names[AUDIO_BACKEND_COUNT] = { "portaudio", "null", "net" };

	return (unsigned)b < AUDIO_BACKEND_COUNT ? names[b] : "";
}

const char *audio_channels_name(enum audio_channels c)
{
	static const char *const names[AUDIO_CHANNELS_COUNT] = { "L+R", "L", "R" };

	return (unsigned)c < AUDIO_CHANNELS_COUNT ? names[c] : "";
}

const char *audio_fix_name(enum audio_fix f)
{
	static const char *const names[AUDIO_FIX_COUNT] = { "none", "fold", "flip right" };

	return (unsigned)f < AUDIO_FIX_COUNT ? names[f] : "";
}

void player_options_init(struct player_options *o)
{
	memset(o, 0, sizeof(*o));
	o->backend = AUDIO_BACKEND_PORTAUDIO;
}

static const struct sink_ops *ops_for(enum audio_backend b)
{
	return b == AUDIO_BACKEND_NULL ? &audio_null_sink :
	       b == AUDIO_BACKEND_NET ? &audio_net_sink : &audio_pa_sink;
}

enum err player_open(const struct player_options *o, struct player **out, struct errbuf *eb)
{
	struct player *p = xcalloc(1, sizeof(*p));
	struct errbuf local;
	enum err e;

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	atomic_init(&p->state, PLAYER_NO_DEVICE);
	atomic_init(&p->written, false);
	audio_feed_init(&p->feed, RING_FRAMES);
	p->ops = ops_for(o->backend);
	*out = p;
	errbuf_init(&local);
	e = p->ops->open(o, &p->feed, &p->sink, p->device, sizeof(p->device), &local);
	if (e != ERR_OK) {
		snprintf(p->device, sizeof(p->device), "%s", errbuf_msg(&local));
		return err_set(eb, e, "%s", errbuf_msg(&local));
	}
	p->have_device = true;
	atomic_store(&p->state, PLAYER_STOPPED);
	if (pthread_create(&p->thread, NULL, feeder_main, p) != 0) {
		p->have_device = false;
		atomic_store(&p->state, PLAYER_NO_DEVICE);
		snprintf(p->device, sizeof(p->device), "cannot start the audio thread");
		return err_set(eb, ERR_IO, "cannot start the audio thread");
	}
	p->thread_started = true;
	return ERR_OK;
}

void player_free(struct player *p)
{
	if (!p)
		return;
	if (p->thread_started) {
		push(p, (struct cmd){ .kind = CMD_QUIT });
		pthread_join(p->thread, NULL);
	}
	if (p->sink)
		p->ops->close(p->sink);
	for (size_t i = 0; i < p->n_queue; i++)
		cmd_release(&p->queue[i]);
	audio_feed_release(&p->feed);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

enum err audio_list_devices(enum audio_backend b, struct audio_device_list *out,
			    struct errbuf *eb)
{
	out->dev = NULL;
	out->n = 0;
	return ops_for(b)->list(out, eb);
}

void audio_device_list_release(struct audio_device_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->dev[i].name);
		free(l->dev[i].host_api);
	}
	free(l->dev);
	l->dev = NULL;
	l->n = 0;
}

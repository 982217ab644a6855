/*
 * audio_null.c: an output with no device, for tests and for machines
 * without sound: a thread that pulls frames at real time (or as fast as
 * they come, null_instant) and throws them away, recording the play
 * position and the peak of each side for every block it pulled sound in
 * to null_log, one line "POSITION PEAK_LEFT PEAK_RIGHT" (seconds, 0-1).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audio/sink.h"
#include "xalloc.h"

/* Frames per pull at real time: 10 ms at 48 kHz. */
#define NULL_BLOCK 480

struct null_sink {
	struct audio_feed *feed;
	pthread_t thread;
	atomic_bool quit;
	bool instant;
	FILE *log;
	float buf[2 * 4096];
};

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void record(struct null_sink *s, size_t frames)
{
	float peak[2] = { 0, 0 };

	for (size_t i = 0; i < frames; i++)
		for (int c = 0; c < 2; c++)
			if (fabsf(s->buf[2 * i + c]) > peak[c])
				peak[c] = fabsf(s->buf[2 * i + c]);
	fprintf(s->log, "%.4f %.4f %.4f\n", audio_feed_position(s->feed), peak[0], peak[1]);
	fflush(s->log);
}

static void *null_main(void *arg)
{
	struct null_sink *s = arg;
	double start = now_seconds(), pulled = 0;
	struct timespec tick = { 0, 2000000L };

	while (!atomic_load(&s->quit)) {
		size_t want = 4096, got;

		if (!s->instant) {
			double due = (now_seconds() - start) * s->feed->rate - pulled;

			want = due < 1 ? 0 : due > 4096 ? 4096 : (size_t)due;
		}
		if (want) {
			got = audio_feed_consume(s->feed, s->buf, want, 2);
			pulled += (double)want;
			if (got && s->log)
				record(s, got);
			if (s->instant && got)
				continue;
		}
		nanosleep(&tick, NULL);
	}
	return NULL;
}

static void null_close(void *sink)
{
	struct null_sink *s = sink;

	if (!s)
		return;
	atomic_store(&s->quit, true);
	pthread_join(s->thread, NULL);
	if (s->log)
		fclose(s->log);
	free(s);
}

static enum err null_open(const struct player_options *o, struct audio_feed *feed, void **sink,
			  char *name, size_t name_len, struct errbuf *eb)
{
	struct null_sink *s = xcalloc(1, sizeof(*s));

	*sink = NULL;
	s->feed = feed;
	s->instant = o->null_instant;
	atomic_init(&s->quit, false);
	feed->rate = o->null_rate > 0 ? o->null_rate : 48000;
	if (o->null_log && !(s->log = fopen(o->null_log, "w"))) {
		int e = errno;

		free(s);
		return err_set(eb, ERR_IO, "cannot open '%s': %s", o->null_log, strerror(e));
	}
	if (pthread_create(&s->thread, NULL, null_main, s) != 0) {
		if (s->log)
			fclose(s->log);
		free(s);
		return err_set(eb, ERR_IO, "cannot start the null audio thread");
	}
	snprintf(name, name_len, "null output (%s, %d Hz)", s->instant ? "instant" : "real time",
		 feed->rate);
	*sink = s;
	return ERR_OK;
}

static enum err null_list(struct audio_device_list *out, struct errbuf *eb)
{
	(void)eb;
	out->dev = xcalloc(1, sizeof(*out->dev));
	out->dev[0].name = xstrdup("null");
	out->dev[0].host_api = xstrdup("none");
	out->dev[0].channels = 2;
	out->dev[0].rate = 48000;
	out->dev[0].is_default = true;
	out->n = 1;
	return ERR_OK;
}

const struct sink_ops audio_null_sink = { "null", null_open, null_close, null_list, NULL };

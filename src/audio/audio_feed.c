/* audio_feed.c: the consumer side of the player, run by the outputs. */
#include "config.h"

#include <string.h>

#include "audio/sink.h"

void audio_feed_init(struct audio_feed *f, size_t ring_frames)
{
	f->ring = ring_new(ring_frames);
	atomic_init(&f->flush_req, 0);
	atomic_init(&f->flush_ack, 0);
	atomic_init(&f->consumed, 0);
	atomic_init(&f->base, 0);
	atomic_init(&f->preroll, 0);
	atomic_init(&f->clip, 0);
	atomic_init(&f->channels, AUDIO_CHANNELS_BOTH);
	atomic_init(&f->fix, AUDIO_FIX_NONE);
	atomic_init(&f->loop, false);
	f->rate = 0;
}

void audio_feed_release(struct audio_feed *f)
{
	ring_free(f->ring);
	f->ring = NULL;
}

/* The fixed version: folded, or the right side flipped. */
static void fix(float *st, size_t frames, int f)
{
	if (f == AUDIO_FIX_FOLD)
		for (size_t i = 0; i < frames; i++)
			st[2 * i] = st[2 * i + 1] = 0.5f * (st[2 * i] + st[2 * i + 1]);
	else if (f == AUDIO_FIX_FLIP_RIGHT)
		for (size_t i = 0; i < frames; i++)
			st[2 * i + 1] = -st[2 * i + 1];
}

/* Left only / right only: one side copied over the other. */
static void route(float *st, size_t frames, int channels)
{
	if (channels == AUDIO_CHANNELS_LEFT)
		for (size_t i = 0; i < frames; i++)
			st[2 * i + 1] = st[2 * i];
	else if (channels == AUDIO_CHANNELS_RIGHT)
		for (size_t i = 0; i < frames; i++)
			st[2 * i] = st[2 * i + 1];
}

/* Reads into a stereo buffer; returns the frames of sound. */
static size_t read_stereo(struct audio_feed *f, float *st, size_t frames)
{
	size_t got = ring_read(f->ring, st, frames);

	fix(st, got, atomic_load_explicit(&f->fix, memory_order_relaxed));
	route(st, got, atomic_load_explicit(&f->channels, memory_order_relaxed));
	memset(st + 2 * got, 0, (frames - got) * 2 * sizeof(float));
	return got;
}

size_t audio_feed_consume(struct audio_feed *f, float *out, size_t frames, int out_channels)
{
	unsigned req = atomic_load_explicit(&f->flush_req, memory_order_acquire);
	size_t got = 0;

	if (req != atomic_load_explicit(&f->flush_ack, memory_order_relaxed)) {
		ring_drop(f->ring);
		atomic_store_explicit(&f->consumed, 0, memory_order_relaxed);
		atomic_store_explicit(&f->flush_ack, req, memory_order_release);
	}
	if (out_channels == 2) {
		got = read_stereo(f, out, frames);
	} else {
		float st[2 * 256];

		for (size_t done = 0; done < frames;) {
			size_t n = frames - done < 256 ? frames - done : 256;

			got += read_stereo(f, st, n);
			for (size_t i = 0; i < n; i++)
				out[done + i] = 0.5f * (st[2 * i] + st[2 * i + 1]);
			done += n;
		}
	}
	atomic_fetch_add_explicit(&f->consumed, (long long)got, memory_order_relaxed);
	return got;
}

double audio_feed_position(struct audio_feed *f)
{
	long long pos = atomic_load(&f->base) + atomic_load(&f->consumed);
	long long pre = atomic_load(&f->preroll), clip = atomic_load(&f->clip);

	if (f->rate <= 0)
		return 0;
	if (clip > 0 && pos >= pre + clip)
		pos = atomic_load(&f->loop) ? pre + (pos - pre) % clip : pre + clip;
	return (double)(pos - pre) / f->rate;
}

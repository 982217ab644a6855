/*
 * sink.h: inside the audio module, what an output (PortAudio, null, later
 * network) is to the player: something that opens at its own rate and
 * pulls frames from a struct audio_feed on its own thread.
 *
 * audio_feed_consume() is what an output's callback calls: it never
 * locks, allocates, logs or does I/O.  Depends on ring.h, audio.h, libc.
 */
#ifndef TURNOVER_AUDIO_SINK_H
#define TURNOVER_AUDIO_SINK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audio/audio.h"
#include "audio/ring.h"

/*
 * Shared by the feeder (producer) and an output (consumer).  A flush is
 * asked for by bumping flush_req; the consumer then drops what the ring
 * holds, zeroes consumed and sets flush_ack = flush_req.  Positions are
 * output frames counted from the start of the pre-roll.
 */
struct audio_feed {
	struct ring *ring;
	atomic_uint flush_req, flush_ack;
	atomic_llong consumed;	/* frames of sound read since the last flush */
	atomic_llong base;	/* position of the first frame after the last flush */
	atomic_llong preroll;	/* frames of pre-roll */
	atomic_llong clip;	/* frames of the clip after the pre-roll */
	atomic_int channels;	/* enum audio_channels */
	atomic_int fix;		/* enum audio_fix */
	atomic_bool loop;	/* positions past the clip's end wrap into it */
	int rate;		/* the output's rate, set once at open */
};

void audio_feed_init(struct audio_feed *f, size_t ring_frames);
void audio_feed_release(struct audio_feed *f);

/*
 * Fills out with frames frames of out_channels (1 or 2) interleaved
 * floats from the ring, silence where it runs dry; returns the frames of
 * sound it read.  Real-time safe.
 */
size_t audio_feed_consume(struct audio_feed *f, float *out, size_t frames, int out_channels);

/* The play position, seconds from the clip start: when looping, wrapped
 * into the clip; else at most its end. */
double audio_feed_position(struct audio_feed *f);

struct sink_ops {
	const char *name;
	/* Opens the output (o->device, or the default), which starts pulling
	 * from feed at once; sets feed->rate and writes the output's name to
	 * name.  errors: ERR_NOT_FOUND, ERR_IO. */
	enum err (*open)(const struct player_options *o, struct audio_feed *feed, void **sink,
			 char *name, size_t name_len, struct errbuf *eb);
	/* Stops pulling and closes; NULL does nothing. */
	void (*close)(void *sink);
	enum err (*list)(struct audio_device_list *out, struct errbuf *eb);
	/* NULL, or: when the output has news since *seen (a remote listener
	 * went away or came back), copies it to buf, updates *seen and
	 * returns true.  Called from any thread. */
	bool (*notice)(void *sink, unsigned *seen, char *buf, size_t len);
};

extern const struct sink_ops audio_pa_sink;
extern const struct sink_ops audio_null_sink;
extern const struct sink_ops audio_net_sink;

#endif

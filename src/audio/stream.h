/*
 * stream.h: inside the audio module, what the feeder thread plays: the
 * sources of one clip decoded (analysis/decode.h readers), made stereo
 * and resampled to the output's rate (libsoxr), in blocks.  Positions
 * are frames at the files' rate counted from the start of the pre-roll.
 * Used by one thread; allocates, reads files: never in an audio callback.
 * Depends on the core's decode.h, libsoxr and audio.h.
 */
#ifndef TURNOVER_AUDIO_STREAM_H
#define TURNOVER_AUDIO_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audio/audio.h"
#include "err.h"

/* Frames read from the files per block. */
#define STREAM_BLOCK 1024

/* Opaque. */
struct stream;

/*
 * Opens c's sources for playing at out_rate from the start of its
 * pre-roll (as much of c->preroll as the files have before c's start).
 * errors: ERR_INVALID (bad clip), ERR_MEDIA_MISSING,
 * ERR_MEDIA_UNREADABLE (a file, or a channel it lacks), ERR_IO (the
 * resampler).
 */
enum err stream_open(const struct audio_clip *c, int out_rate, struct stream **out,
		     struct errbuf *eb);

/* Closes the files; NULL does nothing. */
void stream_free(struct stream *s);

/* Most output frames one stream_read() can give. */
size_t stream_max_out(const struct stream *s);

/*
 * Decodes the next block into out (stereo, at most stream_max_out()
 * frames).  At the clip's end it starts over after the pre-roll when
 * loop, else it drains the resampler.  Returns the frames written (0
 * can also mean the resampler holds them still: see stream_ended()), -1
 * on a read error (eb says why).
 */
long stream_read(struct stream *s, float *out, bool loop, struct errbuf *eb);

/* True once everything up to the clip's end has been given out. */
bool stream_ended(const struct stream *s);

/* Moves to position pos (file frames from the start of the pre-roll,
 * clamped into the pre-roll and clip).  errors: ERR_MEDIA_UNREADABLE. */
enum err stream_seek(struct stream *s, int64_t pos, struct errbuf *eb);

/* Frames (at the files' rate) of pre-roll and of the clip. */
int64_t stream_preroll(const struct stream *s);
int64_t stream_clip(const struct stream *s);

/* The files' rate. */
int stream_rate(const struct stream *s);

#endif

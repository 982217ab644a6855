/*
 * decode.h: streams the part of a media file that a clip plays, as one
 * mono signal at the file's own rate, in blocks: memory does not grow
 * with the clip's length.
 *
 * Two layers.  A struct decode_reader is the seam between audio storage
 * and analysis: anything that yields interleaved float frames (a file
 * through libsndfile today, embedded AAF essence later) fills one in.  A
 * struct decode then takes a reader, a frame range and a channel
 * selection and hands out mono blocks.
 *
 * The selected channels are summed with their polarity aligned to the
 * first selected channel, then divided by their count, so a stereo file
 * whose right channel is the inverted left does not cancel to silence.
 *
 * No libsndfile type crosses this header.  Depends on libc and err.h.
 */
#ifndef TURNOVER_ANALYSIS_DECODE_H
#define TURNOVER_ANALYSIS_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Most channels a reader may have (a higher count is refused). */
#define DECODE_MAX_CHANNELS 64

/*
 * A source of interleaved float frames.  Filled in by an opener; the
 * decode that takes it calls close(ctx) exactly once.
 */
struct decode_reader {
	void *ctx;
	int channels;		/* 1 .. DECODE_MAX_CHANNELS */
	int sample_rate;	/* frames per second, > 0 */
	int64_t frames;		/* frames the source holds; -1 unknown */
	/* Moves to frame pos (0 <= pos); false if it cannot (the decode then
	 * reads and drops frames instead). */
	bool (*seek)(void *ctx, int64_t pos);
	/* Reads up to n frames into buf (n * channels floats); returns the
	 * frames read, 0 at the end, -1 on a read error. */
	int64_t (*read)(void *ctx, float *buf, int64_t n);
	void (*close)(void *ctx);
};

/*
 * Opens the audio file at path with libsndfile (WAV/BWF, RF64, AIFF,
 * FLAC, Ogg, ...) into *out.
 * errors: ERR_MEDIA_MISSING (no such file), ERR_MEDIA_UNREADABLE (not
 * audio libsndfile reads, no channels, too many channels, bad rate).
 */
enum err decode_reader_open_file(const char *path, struct decode_reader *out,
				 struct errbuf *eb);

/*
 * The same for a file image in memory: data (len bytes) is borrowed and
 * must outlive the reader.  errors: ERR_MEDIA_UNREADABLE.
 */
enum err decode_reader_open_memory(const void *data, size_t len,
				   struct decode_reader *out, struct errbuf *eb);

/* A seekable source of bytes, such as an essence stream inside an AAF. */
struct decode_bytes {
	void *ctx;
	int64_t size;		/* bytes it holds */
	/* Reads len bytes at offset into buf; false on a short read. */
	bool (*read_at)(void *ctx, uint64_t offset, void *buf, size_t len);
	void (*close)(void *ctx);	/* may be NULL */
};

/* The layout of headerless PCM: interleaved integers of bits bits (8
 * unsigned, 16/24/32 signed). */
struct decode_raw {
	int channels, sample_rate, bits;
	bool big_endian;
};

/*
 * Opens the audio in byte source b (taken over: its close runs when the
 * reader closes, also on failure): a file image libsndfile reads (WAVE,
 * AIFF/AIFC, ...) when raw is NULL, else headerless PCM laid out as raw
 * says.  Reads go to b as libsndfile needs them: memory stays bounded.
 * errors: ERR_MEDIA_UNREADABLE.
 */
enum err decode_reader_open_bytes(const struct decode_bytes *b, const struct decode_raw *raw,
				  struct decode_reader *out, struct errbuf *eb);

/* A clip's stream of mono blocks; opaque. */
struct decode;

/*
 * Starts a stream of frames [start, start + frames) of reader r, which the
 * decode takes over (closed by decode_free(), also on failure).  frames -1
 * means to the end.  channel_mask selects channels (bit 0 = the first);
 * 0 selects all, and bits beyond the reader's channels are ignored.
 * A range past the end is not an error: the stream is then short (see
 * decode_frames_missing()).
 * errors: ERR_INVALID (start < 0, frames < -1, no selected channel
 * exists), ERR_NOMEM never (allocation aborts).
 */
enum err decode_open(struct decode_reader *r, int64_t start, int64_t frames,
		     uint64_t channel_mask, struct decode **out, struct errbuf *eb);

/* decode_reader_open_file() and decode_open() in one. */
enum err decode_open_file(const char *path, int64_t start, int64_t frames,
			  uint64_t channel_mask, struct decode **out, struct errbuf *eb);

/*
 * Reads the next up to max mono frames into out.  Returns the count, 0
 * when the range (or the file) ends, or -1 when the source fails to read
 * (eb says why; the stream is over).
 */
int64_t decode_read(struct decode *d, float *out, size_t max, struct errbuf *eb);

/* The source's sample rate. */
int decode_sample_rate(const struct decode *d);

/* Number of channels mixed into the stream. */
int decode_channels(const struct decode *d);

/* Frames of the requested range the source did not have (after the end of
 * the stream, so far); 0 while it delivers. Only for a bounded range. */
int64_t decode_frames_missing(const struct decode *d);

/* Samples of the selected channels delivered so far that sit in runs of
 * three or more at full scale (|x| >= 0.999): clipping. */
int64_t decode_clipped(const struct decode *d);

/* The DC offset of the selected channels delivered so far: of each
 * channel as dcoffset.h defines it (before the polarity alignment and the
 * mix), the one largest in magnitude. */
double decode_dc(const struct decode *d);

/* Ends the stream and closes its reader; NULL does nothing. */
void decode_free(struct decode *d);

#endif

/*
 * fixmedia.h: writing fixed media: a new WAVE file whose channels are
 * channels of existing files, sample for sample (a split pair
 * re-interleaved, dual mono folded to one channel, one side's polarity
 * flipped).  The sources are only read.  The BWF "bext" chunk (with its
 * timecode reference) and the "iXML" chunk of the first source that has
 * one are carried over byte for byte.
 *
 * Output is deterministic: the same sources give the same bytes (no dates,
 * no tool names; chunks in a fixed order: fmt, bext, iXML, fact for float,
 * data).  Each file is written to a temporary file next to it and renamed
 * into place, so a reader never sees half a file.  RIFF only: data over
 * 4 GiB is refused.
 *
 * Depends on libc, libsndfile (only in the .c) and err.h.
 */
#ifndef TURNOVER_ANALYSIS_FIXMEDIA_H
#define TURNOVER_ANALYSIS_FIXMEDIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Most channels a fixed file gets. */
#define FIXMEDIA_MAX_CHANNELS 8
/* Largest bext or iXML chunk carried over. */
#define FIXMEDIA_MAX_CHUNK (16 * 1024 * 1024)

/* Output channel source: channel `channel` (from 1) of the file at path,
 * negated when invert (the most negative value becomes the most positive,
 * as the step past it does not exist). */
struct fixmedia_input {
	const char *path;
	int channel;
	bool invert;
};

/* What was written. */
struct fixmedia_info {
	int channels, sample_rate, bits;	/* bits 32 with is_float: float */
	bool is_float;
	int64_t frames;		/* the longest source's; shorter ones end in silence */
	bool padded;		/* sources differed in length */
	bool has_bext, has_ixml;
};

/*
 * Writes the file at out_path (replaced if it exists, unless it is one of
 * the sources) with channel k taken from in[k], k < n (1 ..
 * FIXMEDIA_MAX_CHANNELS), over the whole length.  All sources must share
 * sample rate and sample format (8/16/24/32-bit PCM or 32-bit float; any
 * container libsndfile reads).  info may be NULL.
 * errors: ERR_MEDIA_MISSING, ERR_MEDIA_UNREADABLE (a source), ERR_INVALID
 * (no source, a channel the file lacks, different rates or formats, an
 * unsupported format, too large), ERR_EXISTS (out_path is a source),
 * ERR_IO (cannot write; nothing is left at out_path then).
 */
enum err fixmedia_write(const struct fixmedia_input *in, int n, const char *out_path,
			struct fixmedia_info *info, struct errbuf *eb);

/*
 * The body of the first chunk called id (4 characters, e.g. "bext") of
 * the RIFF/RF64 WAVE file at path, as a new buffer (*data, *len; caller
 * frees).  errors: ERR_NOT_FOUND (no such chunk, or not a WAVE file),
 * ERR_MEDIA_MISSING, ERR_IO (read error), ERR_INVALID (chunk larger than
 * FIXMEDIA_MAX_CHUNK).
 */
enum err fixmedia_chunk_read(const char *path, const char *id, unsigned char **data,
			     size_t *len, struct errbuf *eb);

#endif

/*
 * clipread.h: the channels a clip plays, read in lockstep as planar float
 * blocks, for analyses that look at channels side by side (stereo
 * relations, split-pair checks, loudness).  The decode layer mixes to
 * mono; this keeps every channel apart.
 *
 * Each output channel is one channel of one source (a file, or any struct
 * decode_reader) over a frame range at that source's own rate.  Channels
 * that come from the same file and range share one reader.  Memory is
 * bounded by CLIPREAD_BLOCK frames per reader, whatever the clip's length.
 *
 * Depends on libc, err.h, session.h, decode.h (the reader seam) and
 * essence.h (embedded media); knows
 * nothing of the analyses built on it.
 */
#ifndef TURNOVER_ANALYSIS_CLIPREAD_H
#define TURNOVER_ANALYSIS_CLIPREAD_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/decode.h"
#include "err.h"
#include "session.h"

/* Most channels one clipread delivers. */
#define CLIPREAD_MAX_CHANNELS 16
/* Most frames one clipread_read() delivers. */
#define CLIPREAD_BLOCK 4096

/* One output channel: channel `channel` (from 1) of the file at path,
 * frames [start, start + frames) at the file's rate; frames -1 = to the
 * end.  For media embedded in an AAF, path is the AAF file and embedded
 * the media record (essence.h). */
struct clipread_source {
	const char *path;	/* borrowed for clipread_open() only */
	int channel;
	int64_t start;
	int64_t frames;
	const struct media *embedded;	/* NULL: path is an audio file */
};

struct clipread;

/*
 * Opens the n sources (1 .. CLIPREAD_MAX_CHANNELS) into *out (free with
 * clipread_free()).  All must have the same sample rate.  A range past a
 * file's end is not an error: the stream then ends early (see
 * clipread_missing()).
 * errors: ERR_MEDIA_MISSING, ERR_MEDIA_UNREADABLE (from the opener),
 * ERR_INVALID (no source, too many, a channel the file lacks, different
 * rates, a negative start).
 */
enum err clipread_open(const struct clipread_source *src, int n, struct clipread **out,
		       struct errbuf *eb);

/*
 * The same over one reader r (taken over: closed by clipread_free(), also
 * on failure): output channel k is r's channel channels[k] (from 1), over
 * frames [start, start + frames).  For embedded essence and tests.
 * errors: ERR_INVALID, ERR_MEDIA_UNREADABLE (cannot reach start).
 */
enum err clipread_open_reader(struct decode_reader *r, const int *channels, int n,
			      int64_t start, int64_t frames, struct clipread **out,
			      struct errbuf *eb);

/*
 * Reads the next up to max (at most CLIPREAD_BLOCK) frames of every
 * channel: out[k] gets channel k's samples (the caller provides n arrays
 * of max floats).  Samples are finite and within +-64.  Returns the frames
 * read, 0 at the end of the range (or of the shortest source), -1 when a
 * source fails to read (eb says why; the stream is over).
 */
int64_t clipread_read(struct clipread *cr, float *const *out, size_t max, struct errbuf *eb);

int clipread_channels(const struct clipread *cr);
int clipread_sample_rate(const struct clipread *cr);

/* Frames the range asked for beyond what the sources held (known once the
 * stream has ended); 0 for open ranges. */
int64_t clipread_missing(const struct clipread *cr);

/* Ends the stream and closes its readers; NULL does nothing. */
void clipread_free(struct clipread *cr);

/*
 * The sources clip `clip` of track `track` (indices into s->tracks and
 * its clips) plays, one per clip channel, into out (room for max): the
 * media's resolved path, the channel, and the range at the file's rate
 * (the file's probed rate, else the AAF's).  The start comes from the
 * source's exact offset, the length from the clip's edit units.  Returns
 * the count; paths are borrowed from s.
 * Embedded media are read from the AAF file s->file.
 * errors: ERR_INVALID (bad indices, no channels, more than max, a source
 * without media), ERR_MEDIA_MISSING (media not found), ERR_MEDIA_UNREADABLE
 * (found but unreadable).
 */
enum err clipread_clip_sources(const struct session *s, size_t track, size_t clip,
			       struct clipread_source *out, int max, int *n,
			       struct errbuf *eb);

/*
 * The frames channel ch (from 0) of the clip plays, at rate: *start from
 * the source's exact offset (else the clip's source offset), *frames from
 * the clip's length in edit units; both clamped at 0.  Indices must be
 * valid.
 */
void clipread_clip_range(const struct session *s, size_t track, size_t clip, int ch, int rate,
			 int64_t *start, int64_t *frames);

/* The file rate clipread_clip_sources() uses for media m; 0 if unknown. */
int clipread_media_rate(const struct media *m);

/* clipread_clip_sources() and clipread_open() in one. */
enum err clipread_open_clip(const struct session *s, size_t track, size_t clip,
			    struct clipread **out, struct errbuf *eb);

#endif

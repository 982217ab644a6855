/*
 * probe.h: what a media file holds, from its header: channels, rate, bit
 * depth, length, container, and whether the file is cut short.
 *
 * Headers are read with libsndfile, opened read-only (the file is never
 * written).  libsndfile clamps a WAVE's frame count to the data present, so
 * for RIFF/RIFX/RF64/BW64 WAVE and AIFF/AIFC files the chunk headers are
 * also walked here to compare what the header claims with what the file
 * holds.  No libsndfile code or type crosses this header.
 *
 * Depends on libc, libsndfile, xalloc, strbuf, err and session.h.
 */
#ifndef TURNOVER_MEDIA_PROBE_H
#define TURNOVER_MEDIA_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "session.h"

struct probe_info {
	int channels;
	int sample_rate;
	int bits;		/* 8/16/24/32 PCM, 32 float, 64 double; 0 otherwise */
	int64_t frames;		/* frames actually in the file */
	/* frames the header claims: equal to frames unless truncated; -1
	 * when truncated and the format's frame size is not fixed */
	int64_t claimed_frames;
	enum media_container container;	/* WAVE, AIFC or UNKNOWN */
	bool truncated;		/* the audio data stops before the header says */
	char format_name[32];	/* for display, e.g. "WAV PCM_24", "AIFF FLOAT" */
};

/*
 * Reads the header of the file at path into *out (zeroed first).  A file
 * with no frames (frames == 0) is not an error; a file of 0 bytes is.
 * errors: ERR_MEDIA_MISSING (no such file, or a path component is not a
 * directory), ERR_MEDIA_UNREADABLE (not a regular file, empty, permission
 * denied, or not an audio format libsndfile reads; the message gives the
 * reason).  eb gets the detailed message.
 */
enum err probe_file(const char *path, struct probe_info *out, struct errbuf *eb);

/*
 * Records in m the outcome of resolving and probing its file.  path is the
 * resolved file (NULL when relinking found none) and why the resolver's
 * remark (may be NULL); both are borrowed.  m's AAF values (channels,
 * sample_rate, bits, length) are never changed; what the file holds goes
 * to m->file, which is cleared first.
 *  - path NULL: status MISSING, status_detail = why (or a default text),
 *    m->path NULL.
 *  - probe fails: status MISSING (m->path NULL) or UNREADABLE (m->path =
 *    path), status_detail = the error message.
 *  - probe succeeds: status OK, m->path = path, m->file filled (probed
 *    true), m->container set from the file if the AAF left it UNKNOWN.
 *    status_detail lists what to look at, or is NULL when there is
 *    nothing: a truncation ("truncated: header claims N frames, file holds
 *    M"), a file without frames, a channel count or sample rate that
 *    differs from the AAF's, and why's remark (an ambiguous name).
 * Strings previously in m->path and m->status_detail are freed.  info (if
 * not NULL) gets the probe's result.  Returns ERR_OK, ERR_MEDIA_MISSING or
 * ERR_MEDIA_UNREADABLE, matching the status.
 */
enum err probe_update_media(struct media *m, const char *path, const char *why,
			    struct probe_info *info);

#endif

/*
 * session_build.h: putting a session together by hand, the way the AAF
 * reader would describe it: for the demo turnover and for tests.  The
 * objects returned are borrowed from the session (valid until the next
 * add of the same kind).  Depends on the session model only.
 */
#ifndef TURNOVER_SESSION_BUILD_H
#define TURNOVER_SESSION_BUILD_H

#include <stdbool.h>
#include <stdint.h>

#include "session.h"

/* A session named name at edit rate num/den (also the timecode's), with
 * tc_fps rounded from it, start tc_start frames, 48 kHz. */
struct session *session_build_new(const char *name, int64_t num, int64_t den, int64_t tc_start,
				  bool drop);

/* An external media file (url given), or embedded when url is NULL. */
struct media *session_build_media(struct session *s, const char *name, enum media_container c,
				  int channels, int rate, int bits, int64_t length, const char *url);

/* An audio track at edit rate num/den. */
struct track *session_build_track(struct session *s, const char *name, int64_t num, int64_t den);

/* A clip at pos_eu for length_eu playing channels of media (from its
 * channel first_ch, one per clip channel) from offset samples into it. */
struct clip *session_build_clip(struct track *t, const char *name, int64_t pos_eu, int64_t length_eu,
				int media, int first_ch, int channels, int64_t offset, int rate);

/* Fills what the reader derives: each clip's source_offset_eu from its
 * first channel, track formats, the composition length (the last clip
 * end unless longer already), and every sample position. */
void session_build_finish(struct session *s);

#endif

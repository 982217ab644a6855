/*
 * sesscmp.h: building sessions by hand the way the AAF reader would
 * describe them, and comparing two sessions field by field, for the
 * writer's round-trip tests.  Test code: uses the session model only.
 */
#ifndef TURNOVER_TESTS_SESSCMP_H
#define TURNOVER_TESTS_SESSCMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "session.h"

/* A session named name at edit rate num/den (also the timecode's), with
 * tc_fps rounded from it, start tc_start frames, 48 kHz. */
struct session *sesscmp_session(const char *name, int64_t num, int64_t den, int64_t tc_start,
				bool drop);

/* An external media file (url given), or embedded when url is NULL. */
struct media *sesscmp_media(struct session *s, const char *name, enum media_container c,
			    int channels, int rate, int bits, int64_t length, const char *url);

/* An audio track at edit rate num/den. */
struct track *sesscmp_track(struct session *s, const char *name, int64_t num, int64_t den);

/* A clip at pos_eu for length_eu playing channels of media (from its
 * channel first_ch, one per clip channel) from offset samples into it. */
struct clip *sesscmp_clip(struct track *t, const char *name, int64_t pos_eu, int64_t length_eu,
			  int media, int first_ch, int channels, int64_t offset, int rate);

/* Fills what the reader derives: each clip's source_offset_eu from its
 * first channel, track formats, the composition length (the last clip
 * end unless longer already), and every sample position. */
void sesscmp_finish(struct session *s);

struct sesscmp_opts {
	bool ids;		/* compare MobIDs and slot ids too */
	bool shapes;		/* compare fade shapes (only linear survives the reader) */
};

/* Compares what the writer and reader carry from a to b; each difference
 * is reported (label first) through cmocka's print_error.  Returns the
 * number of differences. */
int sesscmp_compare(const struct session *a, const struct session *b,
		    const struct sesscmp_opts *o, const char *label);

#endif

/*
 * sessgen.h: small sessions over generated media, and the test signals of
 * the channel tests (test_stereo, test_pairs, test_health, test_fixmedia):
 * "sources" that sound like nothing in particular but have their own
 * partials, noise and level envelope per seed, so two seeds are unrelated
 * and one seed mixed into two channels makes genuine stereo.
 *
 * Test code: links the core (session, session_build, probe, url) and
 * audiogen.
 */
#ifndef TURNOVER_TESTS_SESSGEN_H
#define TURNOVER_TESTS_SESSGEN_H

#include <stdint.h>

#include "session.h"

/* A source: noise with a few partials under a level envelope of 150 ms
 * steps, all chosen by seed; peaks under 0.5.  Sources share a broad
 * spectrum, so only their timing tells them apart. */
double sessgen_source(uint64_t seed, int64_t i, int rate);

/* A new 48 kHz session at 25 fps; free with session_free(). */
struct session *sessgen_new(void);

/* Media for the file at path (probed like a located file; the AAF's facts
 * copied from the file); returns its index. */
int sessgen_media(struct session *s, const char *path);

/* A new audio track at 48000/1 (edit units = samples); returns its index
 * into s->tracks. */
size_t sessgen_track(struct session *s, const char *name);

/* A clip on track t at pos for length samples playing `channels` channels
 * of media from first_ch, from offset samples into it. */
void sessgen_clip(struct session *s, size_t t, const char *name, int64_t pos, int64_t length,
		  int media, int first_ch, int channels, int64_t offset);

/* Derives the sample values (call once all clips are in). */
void sessgen_finish(struct session *s);

#endif

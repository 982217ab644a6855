/*
 * fileset.h: plain audio files as a session, so that files given on the
 * command line go through the same analysis as an AAF's clips: each file
 * is one clip, whole, on a track of its own (in the order given, so
 * X.L.wav and X.R.wav sit on adjacent tracks like a split pair).
 * Depends on the session model and probe.
 */
#ifndef TURNOVER_MEDIA_FILESET_H
#define TURNOVER_MEDIA_FILESET_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "session.h"

/* True when the file at path starts like a compound file (an AAF). */
bool fileset_is_aaf(const char *path);

/*
 * A new session over the audio files paths[0..n-1] (caller frees it with
 * session_free()).  A file that cannot be read is kept as a clip whose
 * media is missing or unreadable, so it is reported, not dropped.
 */
struct session *fileset_session(const char *const *paths, size_t n);

#endif

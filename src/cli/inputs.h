/*
 * inputs.h: what the analysing commands take: AAF files (each its own
 * session) and plain audio files (all of them together, one session).
 */
#ifndef TURNOVER_INPUTS_H
#define TURNOVER_INPUTS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "session.h"

struct input {
	struct session *s;
	bool is_aaf;
	char id[32];		/* scratch for input_clip_id() */
};

/* Opens one AAF (media looked for as `inspect` does, also under dirs). */
enum err input_open_aaf(struct input *in, const char *path, const char *const *dirs,
			size_t n_dirs, struct errbuf *eb);

/* All the audio files as one session. */
void input_open_files(struct input *in, const char *const *paths, size_t n);

void input_release(struct input *in);

/* A short stable name for clip k of track t: "A2.3" (audio track 2, third
 * clip) for an AAF, "F4" (the fourth file) for files.  Borrowed until the
 * next call. */
const char *input_clip_id(struct input *in, size_t t, size_t k);

#endif

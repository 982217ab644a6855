/*
 * essence.h: audio embedded in an AAF (an EssenceData stream inside the
 * compound file) as a decode reader, so embedded clips are analysed like
 * external files.  WAVE and AIFC essence is a whole file image, read by
 * libsndfile through virtual I/O; PCM essence is headerless and laid out
 * as its descriptor says.  Reads go to the stream block by block: memory
 * does not grow with the essence's size.
 *
 * Depends on libc, err.h, session.h, decode.h and the compound file layer
 * (aaf/cfb.h); knows nothing of AAF objects (the reader records the
 * stream's path in media.essence_stream).
 */
#ifndef TURNOVER_ANALYSIS_ESSENCE_H
#define TURNOVER_ANALYSIS_ESSENCE_H

#include "analysis/decode.h"
#include "err.h"
#include "session.h"

/*
 * Opens the essence of embedded media m (m->embedded, m->essence_stream)
 * inside the AAF file at aaf_path into *out; the reader keeps its own
 * handle on the file, so readers may be used on several threads.
 * errors: ERR_MEDIA_MISSING (no such stream in the file),
 * ERR_MEDIA_UNREADABLE (the AAF cannot be opened or is not a compound
 * file, no AAF path, MXF essence, audio libsndfile cannot read),
 * ERR_INVALID (m is not embedded).
 */
enum err essence_reader_open(const char *aaf_path, const struct media *m,
			     struct decode_reader *out, struct errbuf *eb);

#endif

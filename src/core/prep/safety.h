/*
 * safety.h: the safety folder of a prep output: the AAF exactly as
 * received, and a manifest (ASC MHL v1.1 style, see mhl.h) of it and of
 * the media the session uses, so the delivery can be checked later with
 * `turnover verify`.  Never opens an input for writing.
 * Depends on libc, session.h, mhl.h and err.h.
 */
#ifndef TURNOVER_SAFETY_H
#define TURNOVER_SAFETY_H

#include "err.h"
#include "session.h"

/* The folder inside an output folder, and the manifest's name in it. */
#define SAFETY_DIR "safety"
#define SAFETY_MANIFEST "manifest.mhl"

/*
 * Copies the AAF as received into <dir>/safety/ and writes
 * <dir>/safety/manifest.mhl (ASC MHL-style XML: xxh64 + xxh128, size,
 * mtime) of it and of every media file of s that was found on disk
 * (media with a path, not embedded; listed once each by absolute path;
 * s may be NULL).  The copy keeps the original's modification time, is
 * checked for size and read back to compare hashes; hashes are computed
 * while copying.  dir must exist; an existing copy is never overwritten.
 * errors: ERR_IO (cannot read the AAF or a media file, or cannot write),
 * ERR_INVALID (the AAF changed while it was copied, or its name cannot
 * be used: "manifest.mhl").
 */
enum err safety_write(const char *aaf_path, const struct session *s, const char *dir,
		      struct errbuf *eb);

#endif

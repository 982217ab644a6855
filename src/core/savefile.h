/*
 * savefile.h: writing a small file atomically: to a temporary file beside
 * it, synced, then renamed over it, so a crash or a full disk leaves
 * either the old file or the new one, never half of one.
 * Depends on libc and err.h.
 */
#ifndef TURNOVER_SAVEFILE_H
#define TURNOVER_SAVEFILE_H

#include <stddef.h>

#include "err.h"

/*
 * Replaces the file at path with len bytes of data (path's folder must
 * exist).  On failure the temporary file is removed and path is as it
 * was.  errors: ERR_IO (eb says what failed).
 */
enum err savefile_write(const char *path, const void *data, size_t len, struct errbuf *eb);

/* Creates folder path (one level; its parent must exist) unless it
 * exists.  errors: ERR_IO. */
enum err savefile_mkdir(const char *path, struct errbuf *eb);

/* Writes all len bytes of data to fd, again after EINTR and short
 * writes; 0, or -1 with errno set. */
int savefile_write_all(int fd, const void *data, size_t len);

/* Creates folder path and the folders above it that are missing.
 * errors: ERR_IO. */
enum err savefile_mkdirs(const char *path, struct errbuf *eb);

#endif

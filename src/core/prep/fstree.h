/*
 * fstree.h: whole folder trees: removing one (also from a signal handler)
 * and syncing one to disk.  Symbolic links are removed, never followed.
 * Depends on libc and err.h.
 */
#ifndef TURNOVER_FSTREE_H
#define TURNOVER_FSTREE_H

#include "err.h"

/*
 * Removes path and everything under it, using only async-signal-safe
 * calls where the system has getdents64() (open, getdents64, unlinkat,
 * close; no malloc), so a signal handler may call it.  A missing path is
 * fine.  Returns 0, or -1 with errno set by the first failure.
 */
int fstree_remove(const char *path);

/*
 * fsyncs every regular file and folder under path (path included).
 * errors: ERR_IO.
 */
enum err fstree_sync(const char *path, struct errbuf *eb);

/* fsyncs the folder that holds path, so a rename in it is on disk. */
void fstree_sync_parent(const char *path);

#endif

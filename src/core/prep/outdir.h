/*
 * outdir.h: an output folder that appears whole or not at all.  Everything
 * is written into a hidden staging folder beside the final one, which is
 * synced and renamed into place at the end (swapped with the old folder
 * when replacing one).  Depends on libc and err.h.
 */
#ifndef TURNOVER_OUTDIR_H
#define TURNOVER_OUTDIR_H

#include <stdbool.h>

#include "err.h"

struct outdir;

/*
 * Starts an output folder at final_dir (its parent must exist).  Refuses an
 * existing non-empty final_dir unless force; makes a hidden staging folder
 * ".NAME.staging-PID" beside it, after removing staging folders left by
 * runs whose process is gone.  *out is the caller's: end it with
 * outdir_commit() or outdir_abort().
 * errors: ERR_EXISTS (final_dir not empty, or not a folder), ERR_INVALID
 * (bad path), ERR_IO.
 */
enum err outdir_begin(const char *final_dir, bool force, struct outdir **out, struct errbuf *eb);

/* The staging folder to write into; borrowed until commit or abort. */
const char *outdir_path(const struct outdir *o);

/* The final folder as given to outdir_begin(); borrowed likewise. */
const char *outdir_final(const struct outdir *o);

/*
 * Syncs every file and folder in the staging folder, then renames it into
 * place.  With force and an existing final folder the two are exchanged
 * atomically where the system can (renameat2 RENAME_EXCHANGE), otherwise
 * the old one is renamed aside first; then the old one is removed.  At no
 * moment is final_dir missing when it existed before.  Frees o in every
 * case; on failure the staging folder is removed.
 * errors: ERR_IO.
 */
enum err outdir_commit(struct outdir *o, struct errbuf *eb);

/* Removes the staging folder and frees o; NULL is fine. */
void outdir_abort(struct outdir *o);

/*
 * For a signal handler: removes o's staging folder using only
 * async-signal-safe calls (open, getdents64, unlinkat, close; no malloc,
 * no stdio).  Does not free o (the process is about to end: after it, call
 * only _exit() or re-raise the signal).  NULL is fine.
 * o must still be alive: the handler's pointer has to be cleared before
 * outdir_commit() or outdir_abort() is called, since they free o (a signal
 * in between then leaves the staging folder for the next run to remove).
 * To stay covered during those calls too, keep a copy of outdir_path()
 * instead and use outdir_remove_staging().
 */
void outdir_abort_signal(const struct outdir *o);

/*
 * For a signal handler that keeps its own copy of outdir_path(): removes
 * that folder, async-signal-safe like outdir_abort_signal().  Valid at any
 * moment, during outdir_commit() and after it too: before the rename the
 * copy names the staging folder, after it nothing (or, after an exchange
 * with an old folder, the old folder on its way out); the final folder is
 * never touched.  NULL is fine.
 */
void outdir_remove_staging(const char *staging_path);

#endif

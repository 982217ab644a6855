/*
 * relink.h: finding the local file for an AAF media locator.
 *
 * A struct relink is an index of media folders (the --media dirs): every
 * regular file below them, keyed by file name and, as a fallback, by the
 * name with ASCII letters folded to lower case.  The folders are walked
 * once, on the first lookup (or relink_scan()).  The walk follows symbolic
 * links but enters each directory (device, inode) only once, so links that
 * loop are harmless; it stops 32 levels deep and after 500000 files (with
 * a warning through log.h), skips directories it cannot open (logged at
 * debug level) and hidden directories below the given roots (".Trashes",
 * ".Spotlight-V100", ".git": old copies there must not make a name
 * ambiguous).  Entries are visited in byte order of their names, so the
 * index does not depend on the order the file system lists them in.
 *
 * relink_resolve() applies the search order for one locator.  Nothing here
 * ever picks a file silently when it had a choice: ambiguities are
 * reported through counts and the `why` text.
 *
 * Not thread-safe: one struct relink per thread, or lock around it.
 * Depends on libc (POSIX directory functions), xalloc, strbuf, log, url.
 */
#ifndef TURNOVER_MEDIA_RELINK_H
#define TURNOVER_MEDIA_RELINK_H

#include <stddef.h>

struct relink;

/* Limits of the folder walk. */
enum {
	RELINK_MAX_DEPTH = 32,		/* directory levels below each root */
	RELINK_MAX_FILES = 500000	/* files indexed in all */
};

/*
 * A new index over dirs[0..n-1] (copied; nothing is read yet).  dirs may be
 * NULL when n is 0: the index is then empty.  Free with relink_free().
 */
struct relink *relink_new(const char *const *dirs, size_t n);

/* Frees r and every path it handed out; NULL does nothing. */
void relink_free(struct relink *r);

/*
 * Walks the folders now if not done yet and returns the number of files
 * indexed.  Folders that do not exist or cannot be read are skipped; this
 * cannot fail.
 */
size_t relink_scan(struct relink *r);

/*
 * The indexed file called name (a bare file name, no directory): exact
 * (byte-wise) matches first; if there are none, matches that differ only in
 * the case of ASCII letters.  Among several matches, the lexicographically
 * (byte-wise) smallest path wins.  *n_matches (if not NULL) gets the number
 * of distinct files (by device and inode) that matched at the level used:
 * 0 when nothing matched, above 1 when the name was ambiguous.  *folded
 * (if not NULL) is set to 1 when the match needed case folding, else 0.
 * Returns a path borrowed from r, valid until relink_free(); NULL when
 * nothing matched.  Walks the folders first if not done yet.
 */
const char *relink_find(struct relink *r, const char *name, size_t *n_matches,
			int *folded);

/*
 * The local file for the media locator url (see url.h for the forms), for
 * an AAF in the folder aaf_dir.  Tries, in order:
 *  1. the locator's path as is, when absolute and a regular file there;
 *  2. the path's trailing components below aaf_dir, LONGEST first: for
 *     "/Volumes/X/media/a.wav" that is aaf_dir/Volumes/X/media/a.wav, then
 *     aaf_dir/X/media/a.wav, aaf_dir/media/a.wav, aaf_dir/a.wav.  The
 *     longest existing suffix is the most specific match: with both
 *     aaf_dir/media/a.wav and an unrelated aaf_dir/a.wav present, the one
 *     that keeps the locator's folder wins.  A relative locator ("file:a.wav")
 *     is taken relative to aaf_dir here.  "." and ".." components and a
 *     drive ("C:") end the suffixes, so a candidate never leaves aaf_dir;
 *  3. the file name in the index r (relink_find(): exact, then ASCII case
 *     folded).
 * A candidate counts only if it is a regular file (after symlinks).
 * aaf_dir NULL skips step 2 ("" means the current directory); r NULL skips
 * step 3.
 *
 * Returns a new path the caller frees, or NULL when nothing was found or
 * url is not a usable file locator.  If why is not NULL, *why is set to a
 * new string (caller frees) saying what was tried when the result is NULL,
 * or what to double-check when it is not (the name was ambiguous in the
 * media folders, or matched only by case folding); otherwise *why is NULL.
 */
char *relink_resolve(struct relink *r, const char *url, const char *aaf_dir, char **why);

#endif

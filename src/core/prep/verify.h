/*
 * verify.h: checking files against a manifest (see mhl.h): each listed
 * file is hashed again and compared by size and by every hash the
 * manifest gives.  Depends on libc, mhl.h and err.h.
 */
#ifndef TURNOVER_VERIFY_H
#define TURNOVER_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "prep/mhl.h"

enum verify_status {
	VERIFY_OK,		/* size and hashes match */
	VERIFY_MISSING,		/* no file at the path */
	VERIFY_SIZE,		/* size differs (hashes then differ too) */
	VERIFY_HASH,		/* same size, a hash differs */
	VERIFY_UNREADABLE,	/* there, but cannot be read */
	VERIFY_NO_HASH,		/* the manifest gives no hash we can compute */
	VERIFY_COUNT
};

struct verify_item {
	const struct mhl_entry *entry;	/* borrowed from the report's mhl */
	char *path;		/* where the file was looked for; owned */
	enum verify_status status;
	struct mhl_digest actual;	/* filled when the file was read */
	bool mtime_changed;	/* a note only: contents decide */
	char *detail;		/* why unreadable; NULL otherwise; owned */
};

struct verify_report {
	char *manifest;		/* the manifest read; owned */
	struct mhl *mhl;	/* owned */
	struct verify_item *items;	/* one per entry, in manifest order; owned */
	size_t n_items;
	size_t counts[VERIFY_COUNT];
};

/*
 * Finds the manifest for where: a manifest file itself, or a folder with
 * safety/manifest.mhl, manifest.mhl, or exactly one *.mhl file.  *path is
 * the caller's to free.  errors: ERR_NOT_FOUND (none, or several *.mhl),
 * ERR_IO.
 */
enum err verify_find_manifest(const char *where, char **path, struct errbuf *eb);

/*
 * Finds the manifest for where and checks every file it lists; relative
 * names are taken from the manifest's folder.  *out is the caller's
 * (verify_report_free).  Mismatches are in the report, not errors.
 * errors: those of verify_find_manifest() and mhl_load().
 */
enum err verify_run(const char *where, struct verify_report **out, struct errbuf *eb);

/* Frees r; NULL is fine. */
void verify_report_free(struct verify_report *r);

/* True when every file matched. */
bool verify_report_ok(const struct verify_report *r);

/* "ok", "missing", "size", "hash", "unreadable", "nohash". */
const char *verify_status_name(enum verify_status st);

#endif

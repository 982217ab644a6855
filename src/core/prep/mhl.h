/*
 * mhl.h: media hash lists in the style of ASC MHL v1.1 (mediahashlist.org):
 * an XML list of files with size, modification time and hashes.  We write
 * xxHash64 (<xxhash64be>, as the v1.1 schema names it) and XXH3-128
 * (<xxh128>, the name ASC MHL v2 uses) and no wall-clock dates, so the
 * same files give a byte-identical manifest.  Reading accepts any v1
 * hashlist; only <xxhash64be> and <xxh128> can be checked.
 * Depends on libc, libxxhash and err.h.
 */
#ifndef TURNOVER_MHL_H
#define TURNOVER_MHL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "err.h"

/* What we know of one file's content. */
struct mhl_digest {
	int64_t size;		/* bytes */
	int64_t mtime;		/* modification time, seconds since 1970 UTC */
	uint64_t xxh64;
	uint64_t xxh128_hi, xxh128_lo;	/* XXH3 128-bit, high and low halves */
};

/* One <hash> element; the has_ flags say which children were present. */
struct mhl_entry {
	char *file;		/* as written in <file>, '/' separated; owned */
	struct mhl_digest d;
	bool has_size, has_mtime, has_xxh64, has_xxh128;
};

/* A manifest; owns its entries. */
struct mhl {
	struct mhl_entry *entries;
	size_t n_entries, alloc_entries;
};

/* Streaming hasher: feed bytes, then read the digest. */
struct mhl_hasher;

/* A new hasher; free with mhl_hasher_free().  Never NULL (aborts on OOM). */
struct mhl_hasher *mhl_hasher_new(void);
void mhl_hasher_update(struct mhl_hasher *h, const void *buf, size_t len);
/* Fills size and hashes of d from the bytes fed so far (mtime untouched). */
void mhl_hasher_digest(const struct mhl_hasher *h, struct mhl_digest *d);
void mhl_hasher_free(struct mhl_hasher *h);

/*
 * Hashes the file at path (size, mtime, both hashes) without opening it
 * for writing.  errors: ERR_NOT_FOUND (no such file), ERR_IO (cannot read,
 * or not a regular file).
 */
enum err mhl_hash_file(const char *path, struct mhl_digest *d, struct errbuf *eb);

/*
 * Opens path read-only if it is a regular file (a FIFO or device is never
 * waited on) and fills st.  Returns the descriptor, or -1 with errno set
 * (EINVAL: not a regular file).
 */
int mhl_open_regular(const char *path, struct stat *st);

/* A new, empty manifest; free with mhl_free() (NULL is fine). */
struct mhl *mhl_new(void);
void mhl_free(struct mhl *m);

/* Appends an entry with all four fields; file is copied. */
void mhl_add(struct mhl *m, const char *file, const struct mhl_digest *d);

/* Sorts the entries by file name (byte order) and drops repeated names. */
void mhl_sort(struct mhl *m);

/*
 * The manifest as XML (sorted first), with tool as <creatorinfo><tool>.
 * Returns a string the caller frees; *len gets its length if len is
 * not NULL.
 */
char *mhl_format(struct mhl *m, const char *tool, size_t *len);

/*
 * Reads a hashlist from len bytes of XML.  *out is the caller's (mhl_free).
 * errors: ERR_INVALID (not a hashlist, bad XML, bad number or hash).
 */
enum err mhl_parse(const char *xml, size_t len, struct mhl **out, struct errbuf *eb);

/* mhl_parse() of the file at path.  errors: ERR_NOT_FOUND, ERR_IO, ERR_INVALID. */
enum err mhl_load(const char *path, struct mhl **out, struct errbuf *eb);

/* Formats an mtime as UTC ISO 8601 "YYYY-MM-DDThh:mm:ssZ" into buf (>= 21 bytes). */
void mhl_format_time(int64_t t, char *buf, size_t size);

/* Formats the hashes as lower-case hex: buf of >= 17 and >= 33 bytes. */
void mhl_format_xxh64(const struct mhl_digest *d, char *buf, size_t size);
void mhl_format_xxh128(const struct mhl_digest *d, char *buf, size_t size);

#endif

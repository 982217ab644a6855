/*
 * cache.h: analysis results kept on disk between runs.
 *
 * An entry is keyed by what decides the answer: the media file's content
 * (an XXH3-128 hash of its bytes, so a copied or renamed file still hits),
 * the analysis version (code and model), and the clip's range and
 * channels.  Each entry is a small JSON file written to a temporary name
 * and renamed into place, so two processes sharing the cache never see a
 * half-written entry; a damaged entry is a miss.  Hashing a file is
 * remembered too, keyed by its path, size, time and inode.
 *
 * Depends on libc, libxxhash, json.h and classify.h.
 */
#ifndef TURNOVER_ANALYSIS_CACHE_H
#define TURNOVER_ANALYSIS_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/classify.h"
#include "err.h"

struct cache_key {
	uint64_t content[2];	/* XXH3-128 of the media file */
	uint64_t version;	/* analysis code + model fingerprint */
	int64_t start, frames;
	uint64_t channel_mask;
};

/* The content hash of the file at path (remembered under dir when dir is
 * not NULL).  errors: ERR_MEDIA_MISSING, ERR_IO. */
enum err cache_file_hash(const char *dir, const char *path, uint64_t out[2], struct errbuf *eb);

/* A fingerprint of the analysis: the code's version and the model. */
uint64_t cache_version(const struct classifier *model);

/* Looks key up under dir; true and *out filled on a hit (out->features is
 * zeroed: measurements are not kept). */
bool cache_get(const char *dir, const struct cache_key *key, struct analysis_result *out);

/* Stores r under key in dir (folders made as needed).  Failing to store
 * is not an error for the analysis: returns false and moves on. */
bool cache_put(const char *dir, const struct cache_key *key, const struct analysis_result *r);

#endif

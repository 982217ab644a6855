/*
 * aaf.h: reading an AAF file into the session model.
 *
 * The reader is layered: cfb (the compound file, through libgsf) ->
 * aafobj (AAF objects and their properties) -> timeline (mobs, slots,
 * clips) -> session.  Each NLE's quirks live in vendor_*.c.
 *
 * Depends on libgsf and the core's own modules only.
 */
#ifndef TURNOVER_AAF_H
#define TURNOVER_AAF_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "session.h"

struct aaf_options {
	/* Pro Tools renders fades as separate clips: turn them back into
	 * fades on the clips they belong to (default on). */
	bool pt_true_fades;
	/* Pro Tools adds tiny "Sample accurate edit" clips: merge them away
	 * (default on). */
	bool pt_remove_sae;
	/* Express positions at this rate instead of the audio's own; 0 = the
	 * most common essence rate (48000 when there is none). */
	int sample_rate;
	/* Folders searched (recursively) for media by file name when the
	 * locator does not lead to a file.  Borrowed. */
	const char *const *media_dirs;
	size_t n_media_dirs;
	/* Look for external media at all (default on). */
	bool resolve_media;
};

/* Fills opt with the defaults. */
void aaf_options_init(struct aaf_options *opt);

/*
 * Reads the AAF at path and returns its (first top-level) composition as a
 * new session in *out (the caller frees it with session_free()).
 * errors: ERR_IO (cannot open), ERR_NOT_AAF, ERR_AAF_MALFORMED,
 * ERR_AAF_NO_COMPOSITION; eb gets the detailed message.
 */
enum err aaf_read_file(const char *path, const struct aaf_options *opt,
		       struct session **out, struct errbuf *eb);

/* The same from a memory buffer (borrowed for the call only); external
 * media are resolved relative to the current directory. */
enum err aaf_read_memory(const void *data, size_t len, const struct aaf_options *opt,
			 struct session **out, struct errbuf *eb);

#endif

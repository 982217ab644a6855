/*
 * timeline.h: from AAF objects to the session model: picks the
 * composition, walks its slots (sequences, transitions, operation groups,
 * selectors, essence groups, nested scopes), follows each source clip
 * through master and sub-clip mobs down to the file source mob, and
 * describes the media.
 *
 * Top layer of the reader: uses aafobj; vendor quirks are in vendor_*.c.
 */
#ifndef TURNOVER_TIMELINE_H
#define TURNOVER_TIMELINE_H

#include "aaf/aaf.h"
#include "aaf/aafobj.h"
#include "err.h"
#include "session.h"

/* Builds a new session (into *out) from an open AAF.
 * errors: ERR_AAF_NO_COMPOSITION, ERR_AAF_MALFORMED. */
enum err timeline_build(struct aaf_file *f, const struct aaf_options *opt,
			struct session **out, struct errbuf *eb);

#endif

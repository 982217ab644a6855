/*
 * locate.h: finding every external media file of a session on this
 * machine and reading its header, so the session says what is there,
 * what is missing and what is damaged.  Uses relink and probe.
 */
#ifndef TURNOVER_MEDIA_LOCATE_H
#define TURNOVER_MEDIA_LOCATE_H

#include <stddef.h>

#include "session.h"

/*
 * Resolves each external media of s (locator as is, then relative to the
 * folder of aaf_path, then by name under dirs, searched recursively and
 * indexed once) and probes what it finds.  Sets path, status (OK, MISSING,
 * UNREADABLE), status_detail and the file fields.  Embedded media are
 * marked OK.  Never fails: what cannot be found is reported in the media.
 */
void locate_session_media(struct session *s, const char *aaf_path,
			  const char *const *dirs, size_t n_dirs);

#endif

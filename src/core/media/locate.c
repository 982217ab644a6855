/* locate.c: relinking and probing a session's media. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "media/locate.h"
#include "media/probe.h"
#include "media/relink.h"
#include "xalloc.h"

static char *dir_of(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static void set_detail(struct media *m, char *detail)
{
	free(m->status_detail);
	m->status_detail = detail;
}

void locate_session_media(struct session *s, const char *aaf_path,
			  const char *const *dirs, size_t n_dirs)
{
	struct relink *r = relink_new(dirs, n_dirs);
	char *aaf_dir = dir_of(aaf_path);

	for (size_t i = 0; i < s->n_media; i++) {
		struct media *m = &s->media[i];
		char *why = NULL, *path;

		if (m->embedded) {
			m->status = MEDIA_STATUS_OK;
			continue;
		}
		if (!m->url) {
			m->status = MEDIA_STATUS_MISSING;
			set_detail(m, xstrdup("the AAF gives no locator for this media"));
			continue;
		}
		path = relink_resolve(r, m->url, aaf_dir, &why);
		if (probe_update_media(m, path, why, NULL) != ERR_OK)
			log_info("media '%s': %s", m->name, m->status_detail);
		else if (m->length < 0 && m->file.sample_rate == m->sample_rate)
			/* the AAF did not say (Premiere): the file does */
			m->length = m->file.length;
		free(why);
		free(path);
	}
	free(aaf_dir);
	relink_free(r);
}

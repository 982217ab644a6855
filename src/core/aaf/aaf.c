/* aaf.c: the AAF reader's entry points: open, build the timeline, relink. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "aaf/aaf.h"
#include "aaf/aafobj.h"
#include "aaf/cfb.h"
#include "aaf/timeline.h"
#include "log.h"
#include "media/locate.h"
#include "xalloc.h"

void aaf_options_init(struct aaf_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->pt_true_fades = true;
	opt->pt_remove_sae = true;
	opt->resolve_media = true;
}

static enum err read_cfb(struct cfb *c, const struct aaf_options *opt, struct session **out,
			 struct errbuf *eb)
{
	struct aaf_file *f;
	struct aaf_options defaults;
	enum err e;

	if (!opt) {
		aaf_options_init(&defaults);
		opt = &defaults;
	}
	e = aaf_file_open(c, &f, eb);
	if (e)
		return e;
	e = timeline_build(f, opt, out, eb);
	/* what could be read is there; say that the rest was damaged */
	if (!e && aaf_file_problem(f))
		log_warn("the file is damaged, some of it was skipped: %s", aaf_file_problem(f));
	aaf_file_free(f);
	return e;
}

enum err aaf_read_file(const char *path, const struct aaf_options *opt,
		       struct session **out, struct errbuf *eb)
{
	struct cfb *c;
	enum err e;

	*out = NULL;
	e = cfb_open_file(path, &c, eb);
	if (e)
		return e;
	e = read_cfb(c, opt, out, eb);
	if (e)
		return e;
	(*out)->file = xstrdup(path);
	if (!opt || opt->resolve_media)
		locate_session_media(*out, path, opt ? opt->media_dirs : NULL,
				     opt ? opt->n_media_dirs : 0);
	return ERR_OK;
}

enum err aaf_read_memory(const void *data, size_t len, const struct aaf_options *opt,
			 struct session **out, struct errbuf *eb)
{
	struct cfb *c;
	enum err e;

	*out = NULL;
	e = cfb_open_memory(data, len, &c, eb);
	if (e)
		return e;
	return read_cfb(c, opt, out, eb);
}

/* inputs.c: opening the inputs of analyze (see inputs.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "aaf/aaf.h"
#include "inputs.h"
#include "media/fileset.h"

enum err input_open_aaf(struct input *in, const char *path, const char *const *dirs,
			size_t n_dirs, struct errbuf *eb)
{
	struct aaf_options opt;

	memset(in, 0, sizeof(*in));
	in->is_aaf = true;
	aaf_options_init(&opt);
	opt.media_dirs = dirs;
	opt.n_media_dirs = n_dirs;
	return aaf_read_file(path, &opt, &in->s, eb);
}

void input_open_files(struct input *in, const char *const *paths, size_t n)
{
	memset(in, 0, sizeof(*in));
	in->s = fileset_session(paths, n);
}

void input_release(struct input *in)
{
	session_free(in->s);
	in->s = NULL;
}

const char *input_clip_id(struct input *in, size_t t, size_t k)
{
	if (in->is_aaf)
		snprintf(in->id, sizeof(in->id), "A%d.%zu", in->s->tracks[t].index, k + 1);
	else
		snprintf(in->id, sizeof(in->id), "F%zu", t + 1);
	return in->id;
}

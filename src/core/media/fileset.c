/* fileset.c: audio files as a session (see fileset.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "media/fileset.h"
#include "media/probe.h"
#include "media/url.h"
#include "session_build.h"
#include "xalloc.h"

bool fileset_is_aaf(const char *path)
{
	static const unsigned char magic[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
	unsigned char head[8];
	FILE *fp = fopen(path, "rb");
	bool yes;

	if (!fp)
		return false;
	yes = fread(head, 1, sizeof(head), fp) == sizeof(head) && !memcmp(head, magic, 8);
	fclose(fp);
	return yes;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static void add_file(struct session *s, const char *path)
{
	struct probe_info info;
	struct media *m;
	struct track *t;
	char *url = url_from_path(path);
	int rate, idx;

	m = session_build_media(s, base_name(path), MEDIA_CONTAINER_UNKNOWN, 0, 0, 0, -1, url);
	free(url);
	idx = (int)(s->n_media - 1);
	probe_update_media(m, path, NULL, &info);
	if (m->status == MEDIA_STATUS_OK) {
		/* the file is all there is to say what it holds */
		m->channels = info.channels;
		m->sample_rate = info.sample_rate;
		m->bits = info.bits;
		m->length = info.frames;
	}
	rate = m->sample_rate > 0 ? m->sample_rate : 48000;
	t = session_build_track(s, base_name(path), rate, 1);
	session_build_clip(t, base_name(path), 0, m->length > 0 ? m->length : 0, idx, 1,
			   m->channels > 0 ? m->channels : 1, 0, rate);
}

struct session *fileset_session(const char *const *paths, size_t n)
{
	struct session *s = session_build_new("files", 25, 1, 0, false);

	for (size_t i = 0; i < n; i++)
		add_file(s, paths[i]);
	/* positions at the most common rate of the files */
	for (size_t i = 0, best = 0; i < s->n_media; i++) {
		size_t count = 0;

		for (size_t k = 0; k < s->n_media; k++)
			count += s->media[k].sample_rate == s->media[i].sample_rate;
		if (s->media[i].sample_rate > 0 && count > best) {
			best = count;
			s->sample_rate = s->media[i].sample_rate;
		}
	}
	session_build_finish(s);
	return s;
}

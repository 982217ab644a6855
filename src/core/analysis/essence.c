/* essence.c: embedded AAF essence through the decode reader seam. */
#include "config.h"

#include <stdlib.h>

#include "aaf/cfb.h"
#include "analysis/essence.h"
#include "xalloc.h"

struct essence {
	struct cfb *cfb;
	struct cfb_node *stream;
};

static bool ess_read_at(void *ctx, uint64_t offset, void *buf, size_t len)
{
	struct essence *e = ctx;

	return cfb_read_at(e->stream, offset, buf, len);
}

static void ess_close(void *ctx)
{
	struct essence *e = ctx;

	cfb_free(e->cfb);
	free(e);
}

/* The layout of m's essence when it has no header (PCM); false for a
 * file image. */
static bool raw_layout(const struct media *m, struct decode_raw *raw)
{
	if (m->container != MEDIA_CONTAINER_PCM)
		return false;
	raw->channels = m->channels;
	raw->sample_rate = m->sample_rate;
	raw->bits = m->bits;
	raw->big_endian = false;
	return true;
}

enum err essence_reader_open(const char *aaf_path, const struct media *m,
			     struct decode_reader *out, struct errbuf *eb)
{
	struct essence *e;
	struct decode_bytes b;
	struct decode_raw raw;
	const char *name = m->name ? m->name : m->id;

	if (!m->embedded || !m->essence_stream)
		return err_set(eb, ERR_INVALID, "media '%s' is not embedded", name);
	if (!aaf_path)
		return err_set(eb, ERR_MEDIA_UNREADABLE, "media '%s': embedded, and the AAF was not "
			       "read from a file", name);
	if (m->container == MEDIA_CONTAINER_MXF)
		return err_set(eb, ERR_MEDIA_UNREADABLE, "media '%s': embedded MXF essence is not "
			       "supported", name);
	e = xcalloc(1, sizeof(*e));
	if (cfb_open_file(aaf_path, &e->cfb, eb)) {
		free(e);
		return ERR_MEDIA_UNREADABLE;
	}
	e->stream = cfb_find(e->cfb, m->essence_stream);
	if (!e->stream || cfb_is_storage(e->stream)) {
		ess_close(e);
		return err_set(eb, ERR_MEDIA_MISSING, "media '%s': no essence stream '%s' in '%s'",
			       name, m->essence_stream, aaf_path);
	}
	b.ctx = e;
	b.size = (int64_t)cfb_size(e->stream);
	b.read_at = ess_read_at;
	b.close = ess_close;
	return decode_reader_open_bytes(&b, raw_layout(m, &raw) ? &raw : NULL, out, eb);
}

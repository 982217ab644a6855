/*
 * cfb.c: compound file access through libgsf.  libgsf (and glib under it)
 * report through g_log; those messages are routed to our log callback so
 * nothing is printed behind the front end's back.
 */
#include "config.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-utils.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aaf/cfb.h"
#include "aaf/gsfinit.h"
#include "strbuf.h"
#include "xalloc.h"

struct cfb_node {
	GsfInput *in;
	char *name;
	bool storage;
	struct cfb_node **kids;	/* children looked up so far (cache) */
	size_t n_kids, alloc_kids;
	struct cfb_node *parent;	/* NULL for the root */
	struct cfb_node *next_all;	/* every node, for freeing */
	void *user;
};

struct cfb {
	GsfInput *source;
	struct cfb_node *root;
	struct cfb_node *all;
};

static struct cfb_node *node_new(struct cfb *c, GsfInput *in)
{
	struct cfb_node *n = xcalloc(1, sizeof(*n));
	const char *name = gsf_input_name(in);

	n->in = in;
	n->name = xstrdup(name ? name : "");
	n->storage = GSF_IS_INFILE(in) && gsf_infile_num_children(GSF_INFILE(in)) >= 0;
	n->next_all = c->all;
	c->all = n;
	return n;
}

static uint32_t le32(const guint8 *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * MS-CFB forbids siblings on the root directory entry.  libgsf follows
 * them anyway and leaks what it parses there, so such a file (damaged or
 * built to hurt) is refused before libgsf sees it.  One header and one
 * directory entry are read.
 */
static bool root_has_siblings(GsfInput *src)
{
	guint8 hdr[512], ent[128];
	gsf_off_t size = gsf_input_size(src), off;
	unsigned shift;
	bool bad = false;

	if (size < 512 || gsf_input_seek(src, 0, G_SEEK_SET) || !gsf_input_read(src, 512, hdr))
		goto out;
	shift = (unsigned)(hdr[0x1E] | hdr[0x1F] << 8);
	if (shift != 9 && shift != 12)
		goto out;
	off = ((gsf_off_t)le32(hdr + 0x30) + 1) << shift;
	if (off <= 0 || off > size - 128 || gsf_input_seek(src, off, G_SEEK_SET) ||
	    !gsf_input_read(src, 128, ent))
		goto out;
	bad = le32(ent + 0x44) != 0xFFFFFFFFu || le32(ent + 0x48) != 0xFFFFFFFFu;
out:
	gsf_input_seek(src, 0, G_SEEK_SET);
	return bad;
}

static enum err open_source(struct cfb *c, GsfInput *src, struct cfb **out, struct errbuf *eb)
{
	GError *gerr = NULL;
	GsfInfile *ole;

	c->source = src;
	if (root_has_siblings(src)) {
		cfb_free(c);
		return err_set(eb, ERR_NOT_AAF, "damaged compound file: its root entry has siblings");
	}
	ole = gsf_infile_msole_new(src, &gerr);
	if (!ole) {
		if (gerr)
			g_error_free(gerr);
		cfb_free(c);
		return err_set(eb, ERR_NOT_AAF, "not a compound file (AAF files are structured storage)");
	}
	c->root = node_new(c, GSF_INPUT(ole));
	c->root->storage = true;
	*out = c;
	return ERR_OK;
}

enum err cfb_open_file(const char *path, struct cfb **out, struct errbuf *eb)
{
	struct cfb *c;
	GsfInput *src;
	GError *gerr = NULL;
	struct stat st;

	gsfinit_once();
	*out = NULL;
	if (stat(path, &st) != 0)
		return err_set(eb, ERR_IO, "cannot open '%s': %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return err_set(eb, ERR_IO, "cannot open '%s': not a regular file", path);
	if (st.st_size == 0)
		return err_set(eb, ERR_NOT_AAF, "'%s' is empty", path);
	src = gsf_input_stdio_new(path, &gerr);
	if (!src) {
		enum err e = err_set(eb, ERR_IO, "cannot open '%s': %s", path,
				     gerr ? gerr->message : "unknown error");
		if (gerr)
			g_error_free(gerr);
		return e;
	}
	c = xcalloc(1, sizeof(*c));
	return open_source(c, src, out, eb);
}

enum err cfb_open_memory(const void *data, size_t len, struct cfb **out, struct errbuf *eb)
{
	struct cfb *c;
	GsfInput *src;

	gsfinit_once();
	*out = NULL;
	if (len == 0)
		return err_set(eb, ERR_NOT_AAF, "empty input");
	src = gsf_input_memory_new(data, (gsf_off_t)len, FALSE);
	if (!src)
		return err_set(eb, ERR_NOMEM, "cannot wrap memory buffer");
	c = xcalloc(1, sizeof(*c));
	return open_source(c, src, out, eb);
}

void cfb_free(struct cfb *c)
{
	struct cfb_node *n, *next;

	if (!c)
		return;
	for (n = c->all; n; n = next) {
		next = n->next_all;
		g_object_unref(n->in);
		free(n->kids);
		free(n->name);
		free(n);
	}
	if (c->source)
		g_object_unref(c->source);
	free(c);
}

struct cfb_node *cfb_root(struct cfb *c)
{
	return c->root;
}

struct cfb_node *cfb_child(struct cfb *c, struct cfb_node *storage, const char *name)
{
	GsfInput *in;
	struct cfb_node *n;

	if (!storage || !storage->storage)
		return NULL;
	for (size_t i = 0; i < storage->n_kids; i++)
		if (!strcmp(storage->kids[i]->name, name))
			return storage->kids[i];
	in = gsf_infile_child_by_name(GSF_INFILE(storage->in), name);
	if (!in)
		return NULL;
	n = node_new(c, in);
	n->parent = storage;
	XGROW(storage->kids, storage->n_kids + 1, storage->alloc_kids);
	storage->kids[storage->n_kids++] = n;
	return n;
}

size_t cfb_num_children(const struct cfb_node *n)
{
	int k;

	if (!n->storage)
		return 0;
	k = gsf_infile_num_children(GSF_INFILE(n->in));
	return k > 0 ? (size_t)k : 0;
}

bool cfb_is_storage(const struct cfb_node *n)
{
	return n->storage;
}

const char *cfb_name(const struct cfb_node *n)
{
	return n->name;
}

uint64_t cfb_size(const struct cfb_node *n)
{
	gsf_off_t sz;

	if (n->storage)
		return 0;
	sz = gsf_input_size(n->in);
	return sz > 0 ? (uint64_t)sz : 0;
}

bool cfb_class_id(const struct cfb_node *n, uint8_t out[16])
{
	if (!n->storage || !GSF_IS_INFILE_MSOLE(n->in))
		return false;
	return gsf_infile_msole_get_class_id(GSF_INFILE_MSOLE(n->in), out);
}

enum err cfb_read_all(struct cfb_node *n, size_t max, uint8_t **data, size_t *len,
		      struct errbuf *eb)
{
	uint64_t size;
	uint8_t *buf;

	*data = NULL;
	*len = 0;
	if (n->storage)
		return err_set(eb, ERR_AAF_MALFORMED, "'%s' is a storage, not a stream", n->name);
	size = cfb_size(n);
	if (size > max)
		return err_set(eb, ERR_AAF_MALFORMED, "stream '%s' is too large (%llu bytes)",
			       n->name, (unsigned long long)size);
	buf = xmalloc((size_t)size + 1);
	if (size && !cfb_read_at(n, 0, buf, (size_t)size)) {
		free(buf);
		return err_set(eb, ERR_AAF_MALFORMED, "cannot read stream '%s'", n->name);
	}
	buf[size] = 0;
	*data = buf;
	*len = (size_t)size;
	return ERR_OK;
}

bool cfb_read_at(struct cfb_node *n, uint64_t offset, void *buf, size_t len)
{
	if (n->storage || offset > cfb_size(n) || len > cfb_size(n) - offset)
		return false;
	if (gsf_input_seek(n->in, (gsf_off_t)offset, G_SEEK_SET))
		return false;
	return gsf_input_read(n->in, len, buf) != NULL;
}

void *cfb_user(const struct cfb_node *n)
{
	return n->user;
}

void cfb_set_user(struct cfb_node *n, void *user)
{
	n->user = user;
}

char *cfb_path(const struct cfb_node *n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t depth = 0;
	const struct cfb_node *up[CFB_MAX_DEPTH];

	for (; n && n->parent && depth < CFB_MAX_DEPTH; n = n->parent)
		up[depth++] = n;
	while (depth > 0) {
		strbuf_addch(&sb, '/');
		strbuf_addstr(&sb, up[--depth]->name);
	}
	if (!sb.len)
		strbuf_addch(&sb, '/');
	return strbuf_detach(&sb);
}

struct cfb_node *cfb_find(struct cfb *c, const char *path)
{
	struct cfb_node *n = cfb_root(c);
	const char *p = path;

	while (n && *p) {
		const char *slash;
		char *name;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		slash = strchr(p, '/');
		name = xstrndup(p, slash ? (size_t)(slash - p) : strlen(p));
		n = cfb_child(c, n, name);
		free(name);
		p = slash ? slash : p + strlen(p);
	}
	return n;
}

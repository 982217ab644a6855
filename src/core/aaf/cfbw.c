/*
 * cfbw.c: compound file writing through libgsf's MS-OLE writer.  libgsf
 * (and glib under it) report through g_log; that goes to our log callback
 * so nothing is printed behind the front end's back.
 *
 * Open nodes form a stack (depth-first writing), so an abandoned write can
 * close them in order before the temporary file is removed.
 */
#include "config.h"

#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-memory.h>
#include <gsf/gsf-output-stdio.h>
#include <gsf/gsf-utils.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aaf/cfbpad.h"
#include "aaf/cfbw.h"
#include "log.h"
#include "aaf/gsfinit.h"
#include "xalloc.h"

struct cfbw_node {
	GsfOutput *out;
	bool storage;
};

struct cfbw {
	GsfOutput *sink;
	GsfOutfile *ole;
	struct cfbw_node root;
	struct cfbw_node **open;	/* open nodes below the root, innermost last */
	size_t n_open, alloc_open;
	FILE *file;			/* file mode: the temporary file */
	char *tmp_path, *path;
	uint8_t *bytes;			/* memory mode, after commit */
	size_t n_bytes;
	bool committed;
};

static enum err gsf_failed(struct errbuf *eb, GsfOutput *o, const char *what)
{
	const GError *ge = o ? gsf_output_error(o) : NULL;

	return err_set(eb, ERR_IO, "cannot write %s: %s", what,
		       ge && ge->message ? ge->message : "write failed");
}

/* Creates DIR/.BASE.tmp.PID.N exclusively (the umask applies as usual). */
static FILE *create_temp(const char *path, char **tmp_out, struct errbuf *eb)
{
	const char *slash = strrchr(path, '/');
	int dir_len = slash ? (int)(slash - path + 1) : 0;
	const char *base = slash ? slash + 1 : path;

	for (int n = 0; n < 100; n++) {
		char *tmp = xasprintf("%.*s.%s.tmp.%ld.%d", dir_len, path, base, (long)getpid(), n);
		int fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		FILE *f;

		if (fd < 0) {
			int e = errno;

			free(tmp);
			if (e == EEXIST)
				continue;
			err_set(eb, ERR_IO, "cannot create '%s': %s", path, strerror(e));
			return NULL;
		}
		f = fdopen(fd, "w+b");
		if (!f) {
			close(fd);
			unlink(tmp);
			free(tmp);
			err_set(eb, ERR_IO, "cannot create '%s': %s", path, strerror(errno));
			return NULL;
		}
		*tmp_out = tmp;
		return f;
	}
	err_set(eb, ERR_IO, "cannot create '%s': no free temporary name", path);
	return NULL;
}

static enum err start(struct cfbw *w, unsigned sector_size, struct errbuf *eb)
{
	w->ole = gsf_outfile_msole_new_full(w->sink, sector_size, 64);
	if (!w->ole)
		return err_set(eb, ERR_IO, "cannot start a compound file");
	w->root.out = GSF_OUTPUT(w->ole);
	w->root.storage = true;
	return ERR_OK;
}

enum err cfbw_open_file(const char *path, unsigned sector_size, struct cfbw **out,
			struct errbuf *eb)
{
	struct cfbw *w;
	enum err e;

	*out = NULL;
	if (sector_size != 512 && sector_size != 4096)
		return err_set(eb, ERR_INVALID, "sector size %u: must be 512 or 4096", sector_size);
	gsfinit_once();
	w = xcalloc(1, sizeof(*w));
	w->path = xstrdup(path);
	w->file = create_temp(path, &w->tmp_path, eb);
	if (!w->file) {
		cfbw_free(w);
		return ERR_IO;
	}
	w->sink = gsf_output_stdio_new_FILE(w->tmp_path, w->file, TRUE);
	e = w->sink ? start(w, sector_size, eb) : err_set(eb, ERR_IO, "cannot write '%s'", path);
	if (e) {
		cfbw_free(w);
		return e;
	}
	*out = w;
	return ERR_OK;
}

enum err cfbw_open_memory(unsigned sector_size, struct cfbw **out, struct errbuf *eb)
{
	struct cfbw *w;
	enum err e;

	*out = NULL;
	if (sector_size != 512 && sector_size != 4096)
		return err_set(eb, ERR_INVALID, "sector size %u: must be 512 or 4096", sector_size);
	gsfinit_once();
	w = xcalloc(1, sizeof(*w));
	w->sink = gsf_output_memory_new();
	e = start(w, sector_size, eb);
	if (e) {
		cfbw_free(w);
		return e;
	}
	*out = w;
	return ERR_OK;
}

struct cfbw_node *cfbw_root(struct cfbw *w)
{
	return &w->root;
}

void cfbw_set_class_id(struct cfbw_node *storage, const uint8_t clsid[16])
{
	if (storage->storage && GSF_IS_OUTFILE_MSOLE(storage->out))
		gsf_outfile_msole_set_class_id(GSF_OUTFILE_MSOLE(storage->out), clsid);
}

static enum err open_child(struct cfbw *w, struct cfbw_node *parent, const char *name,
			   bool storage, struct cfbw_node **out, struct errbuf *eb)
{
	GsfOutput *o;
	struct cfbw_node *n;

	*out = NULL;
	if (!parent->storage)
		return err_set(eb, ERR_IO, "cannot create '%s' inside a stream", name);
	o = gsf_outfile_new_child(GSF_OUTFILE(parent->out), name, storage);
	if (!o)
		return err_set(eb, ERR_IO, "cannot create '%s' in the compound file", name);
	n = xcalloc(1, sizeof(*n));
	n->out = o;
	n->storage = storage;
	XGROW(w->open, w->n_open + 1, w->alloc_open);
	w->open[w->n_open++] = n;
	*out = n;
	return ERR_OK;
}

enum err cfbw_open_storage(struct cfbw *w, struct cfbw_node *parent, const char *name,
			   const uint8_t clsid[16], struct cfbw_node **out, struct errbuf *eb)
{
	enum err e = open_child(w, parent, name, true, out, eb);

	if (!e && clsid)
		cfbw_set_class_id(*out, clsid);
	return e;
}

enum err cfbw_open_stream(struct cfbw *w, struct cfbw_node *parent, const char *name,
			  struct cfbw_node **out, struct errbuf *eb)
{
	return open_child(w, parent, name, false, out, eb);
}

enum err cfbw_write(struct cfbw *w, struct cfbw_node *stream, const void *data, size_t len,
		    struct errbuf *eb)
{
	(void)w;
	if (stream->storage)
		return err_set(eb, ERR_IO, "cannot write data into a storage");
	if (len && !gsf_output_write(stream->out, len, data))
		return gsf_failed(eb, stream->out, gsf_output_name(stream->out));
	return ERR_OK;
}

enum err cfbw_close(struct cfbw *w, struct cfbw_node *n, struct errbuf *eb)
{
	bool ok;

	if (!w->n_open || w->open[w->n_open - 1] != n)
		return err_set(eb, ERR_IO, "compound file nodes closed out of order");
	w->n_open--;
	ok = gsf_output_close(n->out);
	if (!ok)
		gsf_failed(eb, n->out, gsf_output_name(n->out));
	g_object_unref(n->out);
	free(n);
	return ok ? ERR_OK : ERR_IO;
}

enum err cfbw_put_stream(struct cfbw *w, struct cfbw_node *parent, const char *name,
			 const void *data, size_t len, struct errbuf *eb)
{
	struct cfbw_node *s;
	enum err e = cfbw_open_stream(w, parent, name, &s, eb);

	if (e)
		return e;
	e = cfbw_write(w, s, data, len, eb);
	if (cfbw_close(w, s, eb) && !e)
		e = ERR_IO;
	return e;
}

/* Closes whatever is still open, innermost first, ignoring failures. */
static void close_all(struct cfbw *w)
{
	while (w->n_open) {
		struct cfbw_node *n = w->open[--w->n_open];

		gsf_output_close(n->out);
		g_object_unref(n->out);
		free(n);
	}
	if (w->ole) {
		if (!gsf_output_is_closed(GSF_OUTPUT(w->ole)))
			gsf_output_close(GSF_OUTPUT(w->ole));
		g_object_unref(w->ole);
		w->ole = NULL;
	}
	if (w->sink) {
		if (!gsf_output_is_closed(w->sink))
			gsf_output_close(w->sink);
	}
}

static void sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path + 1)) : xstrdup(".");
	int fd = open(dir, O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (fsync(fd) != 0)
			log_debug("cannot sync folder '%s': %s", dir, strerror(errno));
		close(fd);
	}
	free(dir);
}

static enum err finish_file(struct cfbw *w, struct errbuf *eb)
{
	FILE *f = w->file;
	int rc;

	w->file = NULL;
	if (cfbpad_file(f, w->path, eb) != ERR_OK) {
		fclose(f);
		return ERR_IO;
	}
	rc = fflush(f) != 0 || fsync(fileno(f)) != 0;
	if (rc) {
		err_set(eb, ERR_IO, "cannot write '%s': %s", w->path, strerror(errno));
		fclose(f);
		return ERR_IO;
	}
	if (fclose(f) != 0)
		return err_set(eb, ERR_IO, "cannot write '%s': %s", w->path, strerror(errno));
	if (rename(w->tmp_path, w->path) != 0)
		return err_set(eb, ERR_IO, "cannot write '%s': %s", w->path, strerror(errno));
	free(w->tmp_path);
	w->tmp_path = NULL;
	sync_dir(w->path);
	return ERR_OK;
}

enum err cfbw_commit(struct cfbw *w, struct errbuf *eb)
{
	enum err e = ERR_OK;

	if (w->n_open)
		return err_set(eb, ERR_IO, "compound file committed with nodes still open");
	if (!gsf_output_close(GSF_OUTPUT(w->ole)))
		e = gsf_failed(eb, GSF_OUTPUT(w->ole), "the compound file directory");
	/* the root may close its sink itself */
	if (!e && !gsf_output_is_closed(w->sink) && !gsf_output_close(w->sink))
		e = gsf_failed(eb, w->sink, "the compound file");
	if (e)
		return e;
	if (w->file) {
		e = finish_file(w, eb);
	} else {
		w->n_bytes = (size_t)gsf_output_size(w->sink);
		w->bytes = xmalloc(w->n_bytes ? w->n_bytes : 1);
		memcpy(w->bytes, gsf_output_memory_get_bytes(GSF_OUTPUT_MEMORY(w->sink)), w->n_bytes);
		cfbpad_memory(&w->bytes, &w->n_bytes);
	}
	w->committed = !e;
	return e;
}

bool cfbw_take_memory(struct cfbw *w, uint8_t **data, size_t *len)
{
	if (!w->committed || !w->bytes)
		return false;
	*data = w->bytes;
	*len = w->n_bytes;
	w->bytes = NULL;
	return true;
}

void cfbw_free(struct cfbw *w)
{
	if (!w)
		return;
	close_all(w);
	if (w->sink)
		g_object_unref(w->sink);
	if (w->file)
		fclose(w->file);
	if (w->tmp_path)
		unlink(w->tmp_path);
	free(w->tmp_path);
	free(w->path);
	free(w->open);
	free(w->bytes);
	free(w);
}

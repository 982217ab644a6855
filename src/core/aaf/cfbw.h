/*
 * cfbw.h: writing a Microsoft compound file (structured storage), the
 * container of an AAF, through libgsf.
 *
 * Nodes are written depth first: open a storage or stream under an open
 * storage, write it, close it, then open the next.  Only one stream may be
 * open at a time.  A file is written to a temporary file in the
 * destination's folder and renamed over the destination by cfbw_commit()
 * after an fsync, so a failed or interrupted write leaves nothing at the
 * destination; the memory mode keeps the bytes instead.
 *
 * Lowest layer of the AAF writer: knows nothing of AAF objects.
 */
#ifndef TURNOVER_CFBW_H
#define TURNOVER_CFBW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct cfbw;		/* the file being written */
struct cfbw_node;	/* an open storage or stream; owned by the cfbw */

/*
 * Starts a compound file for path with sectors of sector_size bytes (4096,
 * as Media Composer writes, or 512).  Nothing appears at path before
 * cfbw_commit().  errors: ERR_INVALID (sector size), ERR_IO (cannot create
 * the temporary file).
 */
enum err cfbw_open_file(const char *path, unsigned sector_size, struct cfbw **out,
			struct errbuf *eb);

/* The same into memory; take the bytes with cfbw_take_memory() after commit. */
enum err cfbw_open_memory(unsigned sector_size, struct cfbw **out, struct errbuf *eb);

/* The root storage; borrowed until cfbw_free(). */
struct cfbw_node *cfbw_root(struct cfbw *w);

/* Sets a storage's class id (16 bytes as stored: a little-endian GUID). */
void cfbw_set_class_id(struct cfbw_node *storage, const uint8_t clsid[16]);

/*
 * Opens a storage (class id clsid, or none when NULL) or a stream called
 * name (UTF-8, at most 31 UTF-16 units) in the open storage parent.  The
 * node stays valid until it is closed.  errors: ERR_IO.
 */
enum err cfbw_open_storage(struct cfbw *w, struct cfbw_node *parent, const char *name,
			   const uint8_t clsid[16], struct cfbw_node **out, struct errbuf *eb);
enum err cfbw_open_stream(struct cfbw *w, struct cfbw_node *parent, const char *name,
			  struct cfbw_node **out, struct errbuf *eb);

/* Appends len bytes to an open stream.  errors: ERR_IO. */
enum err cfbw_write(struct cfbw *w, struct cfbw_node *stream, const void *data, size_t len,
		    struct errbuf *eb);

/* Closes (and frees) a storage or stream opened last.  errors: ERR_IO. */
enum err cfbw_close(struct cfbw *w, struct cfbw_node *n, struct errbuf *eb);

/* Opens, writes and closes a whole stream.  errors: ERR_IO. */
enum err cfbw_put_stream(struct cfbw *w, struct cfbw_node *parent, const char *name,
			 const void *data, size_t len, struct errbuf *eb);

/*
 * Finishes the file: closes the root, then (file mode) flushes, fsyncs and
 * renames the temporary file over the destination.  On failure nothing is
 * left at the destination (an existing file there is untouched).
 * errors: ERR_IO.
 */
enum err cfbw_commit(struct cfbw *w, struct errbuf *eb);

/* Memory mode, after a successful commit: hands over the bytes (*data,
 * the caller frees it).  false otherwise. */
bool cfbw_take_memory(struct cfbw *w, uint8_t **data, size_t *len);

/* Frees w; without a successful commit the temporary file is removed.
 * NULL does nothing. */
void cfbw_free(struct cfbw *w);

#endif

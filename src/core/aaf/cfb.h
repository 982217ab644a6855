/*
 * cfb.h: the Microsoft compound file (structured storage) that holds an
 * AAF, read through libgsf.  Storages and streams are nodes; all nodes
 * belong to the cfb and live until cfb_free().
 *
 * Lowest layer of the AAF reader: knows nothing of AAF objects.
 */
#ifndef TURNOVER_CFB_H
#define TURNOVER_CFB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct cfb;
struct cfb_node;

/* Opens the compound file at path read-only.
 * errors: ERR_IO (cannot open), ERR_NOT_AAF (not a compound file). */
enum err cfb_open_file(const char *path, struct cfb **out, struct errbuf *eb);

/* The same over a memory buffer, which must outlive the cfb. */
enum err cfb_open_memory(const void *data, size_t len, struct cfb **out, struct errbuf *eb);

/* Closes the file and frees every node; NULL does nothing. */
void cfb_free(struct cfb *c);

/* The root storage; borrowed. */
struct cfb_node *cfb_root(struct cfb *c);

/* The child called name in a storage, or NULL (also for a stream parent).
 * Borrowed until cfb_free(). */
struct cfb_node *cfb_child(struct cfb *c, struct cfb_node *storage, const char *name);

/* Number of children of a storage (0 for a stream). */
size_t cfb_num_children(const struct cfb_node *n);

/* True for a storage, false for a stream. */
bool cfb_is_storage(const struct cfb_node *n);

/* The node's name (UTF-8); borrowed. */
const char *cfb_name(const struct cfb_node *n);

/* Size in bytes of a stream (0 for a storage). */
uint64_t cfb_size(const struct cfb_node *n);

/* Copies a storage's 16-byte class id as stored (little-endian GUID);
 * false when it has none. */
bool cfb_class_id(const struct cfb_node *n, uint8_t out[16]);

/*
 * Reads a whole stream into a new buffer (*data, caller frees; one extra
 * NUL byte is appended, not counted in *len).  Streams over max bytes are
 * refused with ERR_AAF_MALFORMED, as are storages and short reads.
 */
enum err cfb_read_all(struct cfb_node *n, size_t max, uint8_t **data, size_t *len,
		      struct errbuf *eb);

/* One pointer of the caller's per node (the AAF layer keeps the object
 * loaded from a storage there); NULL until set. */
void *cfb_user(const struct cfb_node *n);
void cfb_set_user(struct cfb_node *n, void *user);

/* Deepest path cfb_path() spells out. */
#define CFB_MAX_DEPTH 64

/* The node's path from the root, "/Header-2/…/Data-2702" ("/" for the
 * root); new string, caller frees.  Names hold no '/' in AAF files. */
char *cfb_path(const struct cfb_node *n);

/* The node at path (as cfb_path() spells it), or NULL.  Borrowed until
 * cfb_free(). */
struct cfb_node *cfb_find(struct cfb *c, const char *path);

/* Reads len bytes at offset of a stream into buf; false on a short read. */
bool cfb_read_at(struct cfb_node *n, uint64_t offset, void *buf, size_t len);

#endif

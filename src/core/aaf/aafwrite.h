/*
 * aafwrite.h: AAF's stored object format, for writing (the mirror of
 * aafobj.h).  A tree of objects is built in memory, each a class and a
 * list of properties (data, strong references single or in vectors and
 * sets, weak references single or in vectors and sets, data streams),
 * then saved into a compound file: each object a storage whose class id
 * is its class AUID, holding a "properties" stream and one child storage,
 * index stream or data stream per reference, named as the AAF SDK names
 * them ("<Property>-<pid>", "<Property>-<pid>{<key>}", "… index").
 *
 * Middle layer of the writer: uses cfbw and aafmodel (for property names
 * and weak reference targets), knows nothing of timelines.
 */
#ifndef TURNOVER_AAFWRITE_H
#define TURNOVER_AAFWRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aaf/aafdefs.h"
#include "aaf/aafmodel.h"
#include "aaf/cfbw.h"
#include "err.h"

struct aafwrite_obj;

/* A new object of built-in class k; the caller owns it until it is
 * attached to a parent, which then owns it. */
struct aafwrite_obj *aafwrite_obj_new(enum aaf_class k);

/* The root object of a file (class id of the root storage; its two
 * references are the MetaDictionary 0x0001 and the Header 0x0002). */
struct aafwrite_obj *aafwrite_root_new(void);

/* Frees o and everything attached to it; NULL does nothing. */
void aafwrite_obj_free(struct aafwrite_obj *o);

/* The class o was made with (AAF_CLASS_UNKNOWN for the root). */
enum aaf_class aafwrite_obj_class(const struct aafwrite_obj *o);

/* Its properties' local ids, in the order they were set. */
size_t aafwrite_obj_prop_count(const struct aafwrite_obj *o);
uint16_t aafwrite_obj_prop_pid(const struct aafwrite_obj *o, size_t i);

/* ---- data properties (setting a pid again replaces its value) ---------- */

void aafwrite_data(struct aafwrite_obj *o, uint16_t pid, const void *data, size_t len);
void aafwrite_u8(struct aafwrite_obj *o, uint16_t pid, uint8_t v);
void aafwrite_u16(struct aafwrite_obj *o, uint16_t pid, uint16_t v);
void aafwrite_u32(struct aafwrite_obj *o, uint16_t pid, uint32_t v);
void aafwrite_i64(struct aafwrite_obj *o, uint16_t pid, int64_t v);
void aafwrite_bool(struct aafwrite_obj *o, uint16_t pid, bool v);
void aafwrite_rational(struct aafwrite_obj *o, uint16_t pid, int32_t num, int32_t den);
void aafwrite_auid(struct aafwrite_obj *o, uint16_t pid, const struct aaf_auid *id);
void aafwrite_mobid(struct aafwrite_obj *o, uint16_t pid, const uint8_t id[32]);

/* A string: UTF-16LE with a terminating NUL.  Bytes that are not UTF-8
 * are taken as Latin-1, so no name is lost on the way. */
void aafwrite_string(struct aafwrite_obj *o, uint16_t pid, const char *utf8);

/* An indirect value: byte order, the value's type AUID, the value. */
void aafwrite_indirect(struct aafwrite_obj *o, uint16_t pid, const struct aaf_auid *type,
		       const void *value, size_t len);

/* The date turnover writes wherever AAF wants one (LastModified,
 * CreationTime, Date): fixed, so that output never depends on the clock. */
void aafwrite_fixed_date(struct aafwrite_obj *o, uint16_t pid);

/* The raw value of data property pid (borrowed), or NULL. */
const uint8_t *aafwrite_data_of(const struct aafwrite_obj *o, uint16_t pid, size_t *len);

/* Little-endian encoders for building composite values. */
void aafwrite_put16(uint8_t *p, uint16_t v);
void aafwrite_put32(uint8_t *p, uint32_t v);
void aafwrite_put64(uint8_t *p, uint64_t v);

/* UTF-8 (else Latin-1) to UTF-16LE with a NUL; *len in bytes.  The caller
 * frees the result. */
uint8_t *aafwrite_utf16(const char *utf8, size_t *len);

/* ---- references (the parent takes ownership of children) -------------- */

/* A strong reference to child. */
void aafwrite_strong(struct aafwrite_obj *o, uint16_t pid, struct aafwrite_obj *child);

/* Appends child to the strong reference vector pid. */
void aafwrite_append(struct aafwrite_obj *o, uint16_t pid, struct aafwrite_obj *child);

/* Adds child to the strong reference set pid, keyed by its data property
 * key_pid (a 16-byte AUID or a 32-byte MobID, already set). */
void aafwrite_insert(struct aafwrite_obj *o, uint16_t pid, struct aafwrite_obj *child,
		     uint16_t key_pid);

/* An empty strong reference vector pid (present, with no elements: an
 * index of zero entries); elements appended later go into it. */
void aafwrite_empty_vector(struct aafwrite_obj *o, uint16_t pid);

/* An empty strong reference set or vector (present, with no elements). */
void aafwrite_empty_set(struct aafwrite_obj *o, uint16_t pid, uint16_t key_pid, uint8_t key_size);

/* A weak reference to the object keyed by key (16 or 32 bytes) in the
 * set that target names. */
void aafwrite_weak(struct aafwrite_obj *o, uint16_t pid, enum aafmodel_target target,
		   const uint8_t *key, size_t key_len);
void aafwrite_weak_auid(struct aafwrite_obj *o, uint16_t pid, enum aafmodel_target target,
			const struct aaf_auid *id);

/* Adds an AUID-keyed weak reference to the weak reference set (set true)
 * or vector pid. */
void aafwrite_weak_add(struct aafwrite_obj *o, uint16_t pid, bool set,
		       enum aafmodel_target target, const struct aaf_auid *id);

/* A data stream whose bytes fn writes when the file is saved. */
typedef enum err (*aafwrite_stream_fn)(void *user, struct cfbw *w, struct cfbw_node *stream,
				       struct errbuf *eb);
void aafwrite_stream(struct aafwrite_obj *o, uint16_t pid, aafwrite_stream_fn fn, void *user);

/* ---- walking and saving ------------------------------------------------ */

/* Calls fn for o and every object below it, parents first, in order. */
void aafwrite_walk(const struct aafwrite_obj *o,
		   void (*fn)(void *user, const struct aafwrite_obj *obj), void *user);

/*
 * Saves the tree under root (from aafwrite_root_new()) into the open
 * compound file w, with the root's "referenced properties" table; the
 * caller commits w.  errors: ERR_INVALID (a property the model does not
 * know, a value over 64 KiB), ERR_IO, and whatever a stream callback gives.
 */
enum err aafwrite_save(const struct aafwrite_obj *root, struct cfbw *w, struct errbuf *eb);

/* A SMPTE UMID (as stored) whose material number is a hash of seed: the
 * same seed gives the same MobID. */
void aafwrite_mobid_make(uint8_t out[32], const void *seed, size_t len);

#endif

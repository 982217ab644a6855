/*
 * aafobj.h: AAF objects as stored in a compound file.  Each object is a
 * storage whose "properties" stream lists (pid, stored form, size) and the
 * values; strong references name child storages, vectors and sets have an
 * index stream, weak references carry the key of what they point at.
 *
 * Middle layer of the reader: uses cfb, knows nothing of timelines.
 * Every value read from a file is bounds-checked here; accessors return
 * false/NULL for absent or malformed properties, never crash.
 */
#ifndef TURNOVER_AAFOBJ_H
#define TURNOVER_AAFOBJ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aaf/aafdefs.h"
#include "aaf/cfb.h"
#include "err.h"
#include "rational.h"

/* Stored forms of properties. */
enum aaf_form {
	AAF_FORM_DATA = 0x82,
	AAF_FORM_DATA_STREAM = 0x42,
	AAF_FORM_STRONG_REF = 0x22,
	AAF_FORM_STRONG_REF_VECTOR = 0x32,
	AAF_FORM_STRONG_REF_SET = 0x3A,
	AAF_FORM_WEAK_REF = 0x02,
	AAF_FORM_WEAK_REF_VECTOR = 0x12,
	AAF_FORM_WEAK_REF_SET = 0x1A,
};

struct aaf_prop {
	uint16_t pid;
	uint16_t form;
	uint16_t len;
	const uint8_t *data;	/* len bytes, inside the object's stream */
};

struct aaf_file;

struct aaf_obj {
	struct aaf_file *file;
	struct cfb_node *node;
	struct aaf_auid class_id;
	enum aaf_class klass;	/* nearest built-in class (via the MetaDictionary) */
	struct aaf_prop *props;
	size_t n_props;
	uint8_t *raw;		/* the properties stream; owned */
	bool broken;		/* its properties could not be read */
	struct aaf_obj *next_all;
	/* strong reference lists already resolved (each read once) */
	struct aaf_list_cache {
		uint16_t pid;
		struct aaf_obj **items;
		size_t n;
	} *lists;
	size_t n_lists;
	unsigned seen;		/* scratch mark for de-duplicating lists */
};

/* Opens an AAF over an open cfb (which it takes over) and loads the root,
 * the header and the MetaDictionary's class and property definitions.
 * errors: ERR_NOT_AAF, ERR_AAF_MALFORMED. */
enum err aaf_file_open(struct cfb *c, struct aaf_file **out, struct errbuf *eb);

/* Frees the file, its cfb and every object; NULL does nothing. */
void aaf_file_free(struct aaf_file *f);

/* The Header object; borrowed. */
struct aaf_obj *aaf_file_header(struct aaf_file *f);

/* The cfb underneath; borrowed. */
struct cfb *aaf_file_cfb(struct aaf_file *f);

/* The local pid the file uses for an extension property, or 0. */
uint16_t aaf_file_pid_for(const struct aaf_file *f, const struct aaf_auid *prop_id);

/* The first detailed problem met while reading objects (a missing storage,
 * a bad index); NULL when none.  Accessors skip such objects. */
const char *aaf_file_problem(const struct aaf_file *f);

/* True when o's class is k or derives from it. */
bool aafobj_isa(const struct aaf_obj *o, enum aaf_class k);

/* The property pid of o, or NULL. */
const struct aaf_prop *aafobj_prop(const struct aaf_obj *o, uint16_t pid);

/* Typed data values; false when absent or of the wrong size. */
bool aafobj_u8(const struct aaf_obj *o, uint16_t pid, uint8_t *out);
bool aafobj_u16(const struct aaf_obj *o, uint16_t pid, uint16_t *out);
bool aafobj_u32(const struct aaf_obj *o, uint16_t pid, uint32_t *out);
bool aafobj_i32(const struct aaf_obj *o, uint16_t pid, int32_t *out);
bool aafobj_i64(const struct aaf_obj *o, uint16_t pid, int64_t *out);
bool aafobj_bool(const struct aaf_obj *o, uint16_t pid, bool *out);
bool aafobj_rational(const struct aaf_obj *o, uint16_t pid, struct rational *out);
bool aafobj_auid(const struct aaf_obj *o, uint16_t pid, struct aaf_auid *out);
bool aafobj_mobid(const struct aaf_obj *o, uint16_t pid, uint8_t out[32]);
/* A UInt32 array (e.g. ChannelIDs); *out is the caller's to free. */
bool aafobj_u32_array(const struct aaf_obj *o, uint16_t pid, uint32_t **out, size_t *n);

/* A UTF-16 string property as new UTF-8 (caller frees); NULL when absent.
 * Bad surrogates become U+FFFD. */
char *aafobj_string(const struct aaf_obj *o, uint16_t pid);

/* Decodes UTF-16LE bytes (stops at NUL) to new UTF-8; never NULL. */
char *aaf_utf16_to_utf8(const uint8_t *data, size_t len);

/* The object a strong reference points at; NULL when absent or broken.
 * Borrowed until aaf_file_free(). */
struct aaf_obj *aafobj_strong(struct aaf_obj *o, uint16_t pid);

/* The objects of a strong reference vector or set, in stored order; the
 * array is the caller's to free, the objects are borrowed.  Returns the
 * count (0 when absent or broken; *out NULL then).  Missing elements are
 * left out, and so is a storage listed twice (an index that repeats a key
 * would turn the tree into a graph).  The index is read once per object. */
size_t aafobj_strong_list(struct aaf_obj *o, uint16_t pid, struct aaf_obj ***out);

/* The key (16-byte AUID or 32-byte MobID) of a weak reference; returns
 * its size, 0 when absent or malformed. */
size_t aafobj_weak_key(const struct aaf_obj *o, uint16_t pid, uint8_t key[32]);

/* A weak reference whose key is an AUID (definitions). */
bool aafobj_weak_auid(const struct aaf_obj *o, uint16_t pid, struct aaf_auid *out);

/* The data stream a DATA_STREAM property names; NULL when absent. */
struct cfb_node *aafobj_stream(struct aaf_obj *o, uint16_t pid);

/*
 * Indirect values (ConstantValue, ControlPoint, TaggedValue): a byte-order
 * byte, the type's AUID, then the value.  These decode the common numeric
 * types into a double (rationals divided out); false for other types.
 */
bool aaf_indirect_number(const struct aaf_prop *p, double *out);
/* A rational indirect value, exactly. */
bool aaf_indirect_rational(const struct aaf_prop *p, struct rational *out);
/* A string indirect value as new UTF-8, or NULL. */
char *aaf_indirect_string(const struct aaf_prop *p);

#endif

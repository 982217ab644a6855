/*
 * aafobj.c: AAF's stored object format over a compound file.
 *
 * A "properties" stream: byte order ('L'), version, u16 count, then count
 * entries of (u16 pid, u16 stored form, u16 size), then the values in the
 * same order.  Vectors and sets keep their element keys in "<name> index"
 * streams; the elements are the storages "<name>{<hex key>}".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaf/aafobj.h"
#include "strbuf.h"
#include "xalloc.h"

/* Sizes above these are corrupt, not big: refuse them. */
#define MAX_PROPERTIES_STREAM (16u << 20)
#define MAX_INDEX_STREAM (64u << 20)
#define MAX_CLASS_DEPTH 64

struct meta_class {
	struct aaf_auid id, parent;
	bool has_parent;
};

struct meta_prop {
	struct aaf_auid id;
	uint16_t pid;
};

struct aaf_file {
	struct cfb *cfb;
	struct aaf_obj *root, *header;
	struct aaf_obj *all;
	struct meta_class *classes;
	size_t n_classes, alloc_classes;
	struct meta_prop *props;
	size_t n_props, alloc_props;
	struct errbuf problem;
	unsigned mark;		/* last mark handed out (see aaf_obj.seen) */
};

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* Remembers the first damage met (what, about name) for the error message. */
static void note_problem(struct aaf_file *f, const char *what, const char *name)
{
	err_set(&f->problem, ERR_AAF_MALFORMED, "%s '%s'", what, name);
}

/* ---- UTF-16 -------------------------------------------------------------- */

static void put_utf8(struct strbuf *sb, uint32_t cp)
{
	char b[4];

	if (cp < 0x80) {
		strbuf_addch(sb, (int)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(sb, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12);
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(sb, b, 3);
	} else {
		b[0] = (char)(0xF0 | cp >> 18);
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		strbuf_add(sb, b, 4);
	}
}

char *aaf_utf16_to_utf8(const uint8_t *data, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = len / 2;

	for (size_t i = 0; i < n; i++) {
		uint32_t u = rd16(data + 2 * i);

		if (u == 0)
			break;
		if (u >= 0xD800 && u < 0xDC00 && i + 1 < n) {
			uint32_t lo = rd16(data + 2 * (i + 1));

			if (lo >= 0xDC00 && lo < 0xE000) {
				put_utf8(&sb, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
				i++;
				continue;
			}
		}
		if (u >= 0xD800 && u < 0xE000)
			u = 0xFFFD;
		put_utf8(&sb, u);
	}
	return strbuf_detach(&sb);
}

/* ---- objects --------------------------------------------------------------- */

static enum aaf_class resolve_class(const struct aaf_file *f, const struct aaf_auid *id)
{
	struct aaf_auid cur = *id;

	for (int depth = 0; depth < MAX_CLASS_DEPTH; depth++) {
		enum aaf_class k = aafdefs_class_by_id(&cur);
		size_t i;

		if (k != AAF_CLASS_UNKNOWN)
			return k;
		for (i = 0; i < f->n_classes; i++)
			if (aaf_auid_eq(&f->classes[i].id, &cur))
				break;
		if (i == f->n_classes || !f->classes[i].has_parent ||
		    aaf_auid_eq(&f->classes[i].parent, &cur))
			return AAF_CLASS_UNKNOWN;
		cur = f->classes[i].parent;
	}
	return AAF_CLASS_UNKNOWN;
}

static bool parse_properties(struct aaf_obj *o)
{
	const uint8_t *p;
	size_t len, off;
	struct cfb_node *pn;
	uint16_t count;
	size_t rawlen;
	struct errbuf eb;

	errbuf_init(&eb);
	pn = cfb_child(o->file->cfb, o->node, "properties");
	if (!pn || cfb_read_all(pn, MAX_PROPERTIES_STREAM, &o->raw, &rawlen, &eb) != ERR_OK) {
		note_problem(o->file, "unreadable properties of object", cfb_name(o->node));
		return false;
	}
	p = o->raw;
	len = rawlen;
	if (len < 4 || p[0] != 'L') {
		note_problem(o->file, "bad properties header in object", cfb_name(o->node));
		return false;
	}
	count = rd16(p + 2);
	off = 4 + (size_t)count * 6;
	if (off > len) {
		note_problem(o->file, "property table past the end in object", cfb_name(o->node));
		return false;
	}
	o->props = xcalloc(count ? count : 1, sizeof(*o->props));
	for (uint16_t i = 0; i < count; i++) {
		const uint8_t *e = p + 4 + (size_t)i * 6;
		struct aaf_prop *pr = &o->props[o->n_props];

		pr->pid = rd16(e);
		pr->form = rd16(e + 2);
		pr->len = rd16(e + 4);
		if (pr->len > len - off) {
			note_problem(o->file, "property value past the end in object",
				     cfb_name(o->node));
			return false;
		}
		pr->data = p + off;
		off += pr->len;
		o->n_props++;
	}
	return true;
}

/* Loads the object stored in a storage node; NULL when it is broken. */
static struct aaf_obj *obj_load(struct aaf_file *f, struct cfb_node *node)
{
	struct aaf_obj *o;
	uint8_t clsid[16];

	if (!node || !cfb_is_storage(node))
		return NULL;
	o = cfb_user(node);
	if (o)
		return o->broken ? NULL : o;
	o = xcalloc(1, sizeof(*o));
	o->file = f;
	o->node = node;
	o->next_all = f->all;
	f->all = o;
	cfb_set_user(node, o);
	if (!parse_properties(o)) {
		o->broken = true;
		return NULL;
	}
	if (cfb_class_id(node, clsid))
		aaf_auid_decode(&o->class_id, clsid);
	o->klass = resolve_class(f, &o->class_id);
	return o;
}

bool aafobj_isa(const struct aaf_obj *o, enum aaf_class k)
{
	enum aaf_class c = o->klass;

	for (int depth = 0; c != AAF_CLASS_UNKNOWN && depth < MAX_CLASS_DEPTH; depth++) {
		if (c == k)
			return true;
		c = aaf_classes[c].parent;
	}
	return false;
}

const struct aaf_prop *aafobj_prop(const struct aaf_obj *o, uint16_t pid)
{
	if (!o)
		return NULL;
	for (size_t i = 0; i < o->n_props; i++)
		if (o->props[i].pid == pid)
			return &o->props[i];
	return NULL;
}

static const uint8_t *data_of(const struct aaf_obj *o, uint16_t pid, size_t len)
{
	const struct aaf_prop *p = aafobj_prop(o, pid);

	if (!p || p->form != AAF_FORM_DATA || p->len != len)
		return NULL;
	return p->data;
}

bool aafobj_u8(const struct aaf_obj *o, uint16_t pid, uint8_t *out)
{
	const uint8_t *d = data_of(o, pid, 1);

	if (d)
		*out = d[0];
	return d != NULL;
}

bool aafobj_u16(const struct aaf_obj *o, uint16_t pid, uint16_t *out)
{
	const uint8_t *d = data_of(o, pid, 2);

	if (d)
		*out = rd16(d);
	return d != NULL;
}

bool aafobj_u32(const struct aaf_obj *o, uint16_t pid, uint32_t *out)
{
	const uint8_t *d = data_of(o, pid, 4);

	if (d)
		*out = rd32(d);
	return d != NULL;
}

bool aafobj_i32(const struct aaf_obj *o, uint16_t pid, int32_t *out)
{
	uint32_t v;

	if (!aafobj_u32(o, pid, &v))
		return false;
	*out = (int32_t)v;
	return true;
}

bool aafobj_i64(const struct aaf_obj *o, uint16_t pid, int64_t *out)
{
	const uint8_t *d = data_of(o, pid, 8);

	if (d)
		*out = (int64_t)rd64(d);
	return d != NULL;
}

bool aafobj_bool(const struct aaf_obj *o, uint16_t pid, bool *out)
{
	uint8_t v;

	if (!aafobj_u8(o, pid, &v))
		return false;
	*out = v != 0;
	return true;
}

bool aafobj_rational(const struct aaf_obj *o, uint16_t pid, struct rational *out)
{
	const uint8_t *d = data_of(o, pid, 8);

	if (!d)
		return false;
	out->num = (int32_t)rd32(d);
	out->den = (int32_t)rd32(d + 4);
	return true;
}

bool aafobj_auid(const struct aaf_obj *o, uint16_t pid, struct aaf_auid *out)
{
	const uint8_t *d = data_of(o, pid, 16);

	if (d)
		aaf_auid_decode(out, d);
	return d != NULL;
}

bool aafobj_mobid(const struct aaf_obj *o, uint16_t pid, uint8_t out[32])
{
	const uint8_t *d = data_of(o, pid, 32);

	if (d)
		memcpy(out, d, 32);
	return d != NULL;
}

bool aafobj_u32_array(const struct aaf_obj *o, uint16_t pid, uint32_t **out, size_t *n)
{
	const struct aaf_prop *p = aafobj_prop(o, pid);

	*out = NULL;
	*n = 0;
	if (!p || p->form != AAF_FORM_DATA || p->len % 4)
		return false;
	*n = p->len / 4;
	*out = xcalloc(*n ? *n : 1, sizeof(**out));
	for (size_t i = 0; i < *n; i++)
		(*out)[i] = rd32(p->data + 4 * i);
	return true;
}

char *aafobj_string(const struct aaf_obj *o, uint16_t pid)
{
	const struct aaf_prop *p = aafobj_prop(o, pid);

	if (!p || p->form != AAF_FORM_DATA)
		return NULL;
	return aaf_utf16_to_utf8(p->data, p->len);
}

/* The child storage or stream named by a UTF-16 name in a property value. */
static struct cfb_node *named_child(struct aaf_obj *o, const struct aaf_prop *p, const char *suffix)
{
	char *name = aaf_utf16_to_utf8(p->data, p->len);
	char *full = xasprintf("%s%s", name, suffix);
	struct cfb_node *n = cfb_child(o->file->cfb, o->node, full);

	if (!n)
		note_problem(o->file, "missing storage", full);
	free(name);
	free(full);
	return n;
}

struct aaf_obj *aafobj_strong(struct aaf_obj *o, uint16_t pid)
{
	const struct aaf_prop *p = aafobj_prop(o, pid);
	struct cfb_node *n;

	if (!p || p->form != AAF_FORM_STRONG_REF)
		return NULL;
	n = named_child(o, p, "");
	return n ? obj_load(o->file, n) : NULL;
}

/* Reads and resolves a vector's or set's index; the array is owned by
 * the cache. */
static size_t read_list(struct aaf_obj *o, const struct aaf_prop *p, struct aaf_obj ***out)
{
	struct cfb_node *idx;
	uint8_t *raw = NULL;
	size_t len, count, entry, head, n = 0;
	struct aaf_obj **items;
	char *name;
	struct errbuf eb;
	unsigned mark = ++o->file->mark;

	*out = NULL;
	idx = named_child(o, p, " index");
	errbuf_init(&eb);
	if (!idx || cfb_read_all(idx, MAX_INDEX_STREAM, &raw, &len, &eb) != ERR_OK || len < 12) {
		free(raw);
		return 0;
	}
	count = rd32(raw);
	if (p->form == AAF_FORM_STRONG_REF_VECTOR) {
		head = 12;
		entry = 4;
	} else {
		if (len < 15) {
			free(raw);
			return 0;
		}
		head = 15;
		entry = 8 + (size_t)raw[14];
	}
	if (count > (len - head) / entry) {
		note_problem(o->file, "index longer than its stream", cfb_name(idx));
		free(raw);
		return 0;
	}
	/* every element is a storage beside the index: an index that lists
	 * more than there are is damaged, and looking each up is wasted */
	if (count > cfb_num_children(o->node)) {
		note_problem(o->file, "index lists more elements than are stored", cfb_name(idx));
		free(raw);
		return 0;
	}
	name = aaf_utf16_to_utf8(p->data, p->len);
	items = xcalloc(count ? count : 1, sizeof(*items));
	for (size_t i = 0; i < count; i++) {
		char full[128];
		struct cfb_node *child;
		struct aaf_obj *obj;

		/* storage names are at most 31 characters: longer is damage */
		if ((size_t)snprintf(full, sizeof(full), "%s{%x}", name,
				     rd32(raw + head + i * entry)) >= sizeof(full))
			continue;
		child = cfb_child(o->file->cfb, o->node, full);
		obj = child ? obj_load(o->file, child) : NULL;
		if (!child)
			note_problem(o->file, "missing storage", full);
		if (!obj || obj->seen == mark)
			continue;
		obj->seen = mark;
		items[n++] = obj;
	}
	free(name);
	free(raw);
	*out = items;
	return n;
}

size_t aafobj_strong_list(struct aaf_obj *o, uint16_t pid, struct aaf_obj ***out)
{
	const struct aaf_prop *p = aafobj_prop(o, pid);
	struct aaf_list_cache *c = NULL;

	*out = NULL;
	if (!p || (p->form != AAF_FORM_STRONG_REF_VECTOR && p->form != AAF_FORM_STRONG_REF_SET))
		return 0;
	for (size_t i = 0; i < o->n_lists; i++)
		if (o->lists[i].pid == pid)
			c = &o->lists[i];
	if (!c) {
		o->lists = xreallocarray(o->lists, o->n_lists + 1, sizeof(*o->lists));
		c = &o->lists[o->n_lists++];
		c->pid = pid;
		c->n = read_list(o, p, &c->items);
	}
	if (!c->n)
		return 0;
	*out = xmalloc(c->n * sizeof(**out));
	memcpy(*out, c->items, c->n * sizeof(**out));
	return c->n;
}

size_t aafobj_weak_key(const struct aaf_obj *o, uint16_t pid, uint8_t key[32])
{
	const struct aaf_prop *p = aafobj_prop(o, pid);
	size_t ksize;

	if (!p || p->form != AAF_FORM_WEAK_REF || p->len < 5)
		return 0;
	ksize = p->data[4];
	if ((ksize != 16 && ksize != 32) || p->len < 5 + ksize)
		return 0;
	memcpy(key, p->data + 5, ksize);
	return ksize;
}

bool aafobj_weak_auid(const struct aaf_obj *o, uint16_t pid, struct aaf_auid *out)
{
	uint8_t key[32];

	if (aafobj_weak_key(o, pid, key) != 16)
		return false;
	aaf_auid_decode(out, key);
	return true;
}

struct cfb_node *aafobj_stream(struct aaf_obj *o, uint16_t pid)
{
	const struct aaf_prop *p = aafobj_prop(o, pid);
	char *name;
	struct cfb_node *n;

	if (!p || p->form != AAF_FORM_DATA_STREAM || p->len < 3)
		return NULL;
	/* first byte: the stream's byte order */
	name = aaf_utf16_to_utf8(p->data + 1, p->len - 1u);
	n = cfb_child(o->file->cfb, o->node, name);
	free(name);
	return n;
}

/* ---- indirect values ------------------------------------------------------ */

static bool indirect_type(const struct aaf_prop *p, struct aaf_auid *type, const uint8_t **val,
			  size_t *len)
{
	if (!p || p->form != AAF_FORM_DATA || p->len < 17 || p->data[0] != 'L')
		return false;
	aaf_auid_decode(type, p->data + 1);
	*val = p->data + 17;
	*len = p->len - 17u;
	return true;
}

bool aaf_indirect_rational(const struct aaf_prop *p, struct rational *out)
{
	struct aaf_auid t;
	const uint8_t *v;
	size_t len;

	if (!indirect_type(p, &t, &v, &len) || !aaf_auid_eq(&t, &AAF_TYPE_RATIONAL) || len != 8)
		return false;
	out->num = (int32_t)rd32(v);
	out->den = (int32_t)rd32(v + 4);
	return true;
}

bool aaf_indirect_number(const struct aaf_prop *p, double *out)
{
	struct aaf_auid t;
	const uint8_t *v;
	size_t len;
	struct rational r;

	if (aaf_indirect_rational(p, &r)) {
		if (r.den == 0)
			return false;
		*out = (double)r.num / (double)r.den;
		return true;
	}
	if (!indirect_type(p, &t, &v, &len))
		return false;
	if (aaf_auid_eq(&t, &AAF_TYPE_INT32) && len == 4)
		*out = (int32_t)rd32(v);
	else if (aaf_auid_eq(&t, &AAF_TYPE_UINT32) && len == 4)
		*out = rd32(v);
	else if (aaf_auid_eq(&t, &AAF_TYPE_INT16) && len == 2)
		*out = (int16_t)rd16(v);
	else if (aaf_auid_eq(&t, &AAF_TYPE_UINT16) && len == 2)
		*out = rd16(v);
	else if (aaf_auid_eq(&t, &AAF_TYPE_INT64) && len == 8)
		*out = (double)(int64_t)rd64(v);
	else if ((aaf_auid_eq(&t, &AAF_TYPE_UINT8) || aaf_auid_eq(&t, &AAF_TYPE_BOOLEAN)) && len == 1)
		*out = v[0];
	else if (aaf_auid_eq(&t, &AAF_TYPE_INT8) && len == 1)
		*out = (int8_t)v[0];
	else
		return false;
	return true;
}

char *aaf_indirect_string(const struct aaf_prop *p)
{
	struct aaf_auid t;
	const uint8_t *v;
	size_t len;

	if (!indirect_type(p, &t, &v, &len) || !aaf_auid_eq(&t, &AAF_TYPE_STRING))
		return NULL;
	return aaf_utf16_to_utf8(v, len);
}

/* ---- the file ---------------------------------------------------------------- */

static void load_metadictionary(struct aaf_file *f, struct aaf_obj *meta)
{
	struct aaf_obj **cls;
	size_t n = aafobj_strong_list(meta, PID_META_CLASSDEFS, &cls);

	for (size_t i = 0; i < n; i++) {
		struct meta_class mc;
		struct aaf_obj **props;
		size_t np;

		memset(&mc, 0, sizeof(mc));
		if (!aafobj_auid(cls[i], PID_META_IDENTIFICATION, &mc.id))
			continue;
		mc.has_parent = aafobj_weak_auid(cls[i], PID_CLASSDEF_PARENT, &mc.parent);
		XGROW(f->classes, f->n_classes + 1, f->alloc_classes);
		f->classes[f->n_classes++] = mc;
		np = aafobj_strong_list(cls[i], PID_CLASSDEF_PROPERTIES, &props);
		for (size_t j = 0; j < np; j++) {
			struct meta_prop mp;

			if (!aafobj_auid(props[j], PID_META_IDENTIFICATION, &mp.id) ||
			    !aafobj_u16(props[j], PID_PROPDEF_LOCAL_ID, &mp.pid))
				continue;
			XGROW(f->props, f->n_props + 1, f->alloc_props);
			f->props[f->n_props++] = mp;
		}
		free(props);
	}
	free(cls);
	/* objects loaded before the class table was complete */
	for (struct aaf_obj *o = f->all; o; o = o->next_all)
		o->klass = resolve_class(f, &o->class_id);
}

enum err aaf_file_open(struct cfb *c, struct aaf_file **out, struct errbuf *eb)
{
	struct aaf_file *f = xcalloc(1, sizeof(*f));
	struct aaf_obj *meta;

	*out = NULL;
	f->cfb = c;
	errbuf_init(&f->problem);
	f->root = obj_load(f, cfb_root(c));
	if (!f->root) {
		aaf_file_free(f);
		return err_set(eb, ERR_NOT_AAF, "compound file holds no AAF object tree");
	}
	meta = aafobj_strong(f->root, PID_ROOT_METADICTIONARY);
	if (meta)
		load_metadictionary(f, meta);
	f->header = aafobj_strong(f->root, PID_ROOT_HEADER);
	if (!f->header || !aafobj_isa(f->header, AAF_CLASS_HEADER)) {
		aaf_file_free(f);
		return err_set(eb, ERR_NOT_AAF, "compound file has no AAF header object");
	}
	*out = f;
	return ERR_OK;
}

void aaf_file_free(struct aaf_file *f)
{
	struct aaf_obj *o, *next;

	if (!f)
		return;
	for (o = f->all; o; o = next) {
		next = o->next_all;
		for (size_t i = 0; i < o->n_lists; i++)
			free(o->lists[i].items);
		free(o->lists);
		free(o->props);
		free(o->raw);
		free(o);
	}
	free(f->classes);
	free(f->props);
	cfb_free(f->cfb);
	free(f);
}

struct aaf_obj *aaf_file_header(struct aaf_file *f)
{
	return f->header;
}

struct cfb *aaf_file_cfb(struct aaf_file *f)
{
	return f->cfb;
}

uint16_t aaf_file_pid_for(const struct aaf_file *f, const struct aaf_auid *prop_id)
{
	for (size_t i = 0; i < f->n_props; i++)
		if (aaf_auid_eq(&f->props[i].id, prop_id))
			return f->props[i].pid;
	return 0;
}

const char *aaf_file_problem(const struct aaf_file *f)
{
	return f->problem.code ? f->problem.msg : NULL;
}

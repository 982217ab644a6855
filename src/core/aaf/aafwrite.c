/*
 * aafwrite.c: building AAF objects in memory and saving them in the
 * stored format: per object a "properties" stream ('L', version 0x20, u16
 * count, count × (u16 pid, u16 stored form, u16 size), then the values),
 * index streams for vectors and sets, and the root's "referenced
 * properties" table that weak references point into (each weak reference
 * holds a tag: its target's index in that table).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "aaf/aafwrite.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

/* Stored forms of properties (as aafobj.h reads them). */
enum {
	SF_DATA = 0x82,
	SF_DATA_STREAM = 0x42,
	SF_STRONG_REF = 0x22,
	SF_STRONG_REF_VECTOR = 0x32,
	SF_STRONG_REF_SET = 0x3A,
	SF_WEAK_REF = 0x02,
	SF_WEAK_REF_VECTOR = 0x12,
	SF_WEAK_REF_SET = 0x1A,
};

#define PROPERTIES_VERSION 0x20
#define STREAM_BYTE_ORDER_UNSPECIFIED 0x55
#define FREE_KEY_NONE 0xFFFFFFFFu

struct wprop {
	uint16_t pid;
	uint16_t form;			/* SF_* */
	uint8_t *data;			/* data; weak key(s) */
	size_t len;
	struct aafwrite_obj **kids;	/* strong reference(s) */
	size_t n_kids, alloc_kids;
	uint16_t key_pid;		/* sets, weak collections */
	uint8_t key_size;
	enum aafmodel_target target;	/* weak references */
	size_t n_keys;			/* weak collections */
	aafwrite_stream_fn fn;		/* data streams */
	void *user;
};

struct aafwrite_obj {
	struct aaf_auid clsid;
	enum aaf_class klass;
	struct wprop *props;
	size_t n_props, alloc_props;
};

/* ---- objects ---------------------------------------------------------------- */

struct aafwrite_obj *aafwrite_obj_new(enum aaf_class k)
{
	struct aafwrite_obj *o = xcalloc(1, sizeof(*o));

	o->klass = k;
	o->clsid = aaf_classes[k].id;
	return o;
}

struct aafwrite_obj *aafwrite_root_new(void)
{
	struct aafwrite_obj *o = xcalloc(1, sizeof(*o));

	o->klass = AAF_CLASS_UNKNOWN;
	o->clsid = AAF_CLASSID_ROOT;
	return o;
}

void aafwrite_obj_free(struct aafwrite_obj *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n_props; i++) {
		for (size_t k = 0; k < o->props[i].n_kids; k++)
			aafwrite_obj_free(o->props[i].kids[k]);
		free(o->props[i].kids);
		free(o->props[i].data);
	}
	free(o->props);
	free(o);
}

enum aaf_class aafwrite_obj_class(const struct aafwrite_obj *o)
{
	return o->klass;
}

size_t aafwrite_obj_prop_count(const struct aafwrite_obj *o)
{
	return o->n_props;
}

uint16_t aafwrite_obj_prop_pid(const struct aafwrite_obj *o, size_t i)
{
	return i < o->n_props ? o->props[i].pid : 0;
}

/* The property pid of o, created with form if absent. */
static struct wprop *prop_get(struct aafwrite_obj *o, uint16_t pid, uint16_t form)
{
	struct wprop *p;

	for (size_t i = 0; i < o->n_props; i++)
		if (o->props[i].pid == pid)
			return &o->props[i];
	XGROW(o->props, o->n_props + 1, o->alloc_props);
	p = &o->props[o->n_props++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->form = form;
	return p;
}

/* ---- data ------------------------------------------------------------------------ */

void aafwrite_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void aafwrite_put32(uint8_t *p, uint32_t v)
{
	aafwrite_put16(p, (uint16_t)v);
	aafwrite_put16(p + 2, (uint16_t)(v >> 16));
}

void aafwrite_put64(uint8_t *p, uint64_t v)
{
	aafwrite_put32(p, (uint32_t)v);
	aafwrite_put32(p + 4, (uint32_t)(v >> 32));
}

void aafwrite_data(struct aafwrite_obj *o, uint16_t pid, const void *data, size_t len)
{
	struct wprop *p = prop_get(o, pid, SF_DATA);

	free(p->data);
	p->form = SF_DATA;
	p->data = xmalloc(len ? len : 1);
	if (len)
		memcpy(p->data, data, len);
	p->len = len;
}

void aafwrite_u8(struct aafwrite_obj *o, uint16_t pid, uint8_t v)
{
	aafwrite_data(o, pid, &v, 1);
}

void aafwrite_u16(struct aafwrite_obj *o, uint16_t pid, uint16_t v)
{
	uint8_t b[2];

	aafwrite_put16(b, v);
	aafwrite_data(o, pid, b, sizeof(b));
}

void aafwrite_u32(struct aafwrite_obj *o, uint16_t pid, uint32_t v)
{
	uint8_t b[4];

	aafwrite_put32(b, v);
	aafwrite_data(o, pid, b, sizeof(b));
}

void aafwrite_i64(struct aafwrite_obj *o, uint16_t pid, int64_t v)
{
	uint8_t b[8];

	aafwrite_put64(b, (uint64_t)v);
	aafwrite_data(o, pid, b, sizeof(b));
}

void aafwrite_bool(struct aafwrite_obj *o, uint16_t pid, bool v)
{
	aafwrite_u8(o, pid, v ? 1 : 0);
}

void aafwrite_rational(struct aafwrite_obj *o, uint16_t pid, int32_t num, int32_t den)
{
	uint8_t b[8];

	aafwrite_put32(b, (uint32_t)num);
	aafwrite_put32(b + 4, (uint32_t)den);
	aafwrite_data(o, pid, b, sizeof(b));
}

void aafwrite_auid(struct aafwrite_obj *o, uint16_t pid, const struct aaf_auid *id)
{
	uint8_t b[16];

	aaf_auid_encode(b, id);
	aafwrite_data(o, pid, b, sizeof(b));
}

void aafwrite_mobid(struct aafwrite_obj *o, uint16_t pid, const uint8_t id[32])
{
	aafwrite_data(o, pid, id, 32);
}

static void put_unit(struct strbuf *sb, uint32_t u)
{
	char b[2] = { (char)(u & 0xFF), (char)(u >> 8) };

	strbuf_add(sb, b, 2);
}

uint8_t *aafwrite_utf16(const char *utf8, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = utf8 ? strlen(utf8) : 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(utf8 + i, n - i, &cp);

		if (!k) {
			cp = (unsigned char)utf8[i];	/* not UTF-8: Latin-1 */
			k = 1;
		}
		if (cp >= 0x10000) {
			put_unit(&sb, 0xD800 + ((cp - 0x10000) >> 10));
			put_unit(&sb, 0xDC00 + ((cp - 0x10000) & 0x3FF));
		} else {
			put_unit(&sb, cp);
		}
		i += k;
	}
	put_unit(&sb, 0);
	*len = sb.len;
	return (uint8_t *)strbuf_detach(&sb);
}

void aafwrite_string(struct aafwrite_obj *o, uint16_t pid, const char *utf8)
{
	size_t len;
	uint8_t *u = aafwrite_utf16(utf8, &len);

	aafwrite_data(o, pid, u, len);
	free(u);
}

void aafwrite_indirect(struct aafwrite_obj *o, uint16_t pid, const struct aaf_auid *type,
		       const void *value, size_t len)
{
	uint8_t *b = xmalloc(17 + len);

	b[0] = 'L';
	aaf_auid_encode(b + 1, type);
	if (len)
		memcpy(b + 17, value, len);
	aafwrite_data(o, pid, b, 17 + len);
	free(b);
}

void aafwrite_fixed_date(struct aafwrite_obj *o, uint16_t pid)
{
	/* TimeStamp: year (i16), month, day, hour, minute, second, 1/100 s */
	static const uint8_t date[8] = { 0xd0, 0x07, 1, 1, 0, 0, 0, 0 };	/* 2000-01-01 */

	aafwrite_data(o, pid, date, sizeof(date));
}

const uint8_t *aafwrite_data_of(const struct aafwrite_obj *o, uint16_t pid, size_t *len)
{
	for (size_t i = 0; i < o->n_props; i++)
		if (o->props[i].pid == pid && o->props[i].form == SF_DATA) {
			*len = o->props[i].len;
			return o->props[i].data;
		}
	*len = 0;
	return NULL;
}

/* ---- references ------------------------------------------------------------- */

static void add_kid(struct wprop *p, struct aafwrite_obj *child)
{
	XGROW(p->kids, p->n_kids + 1, p->alloc_kids);
	p->kids[p->n_kids++] = child;
}

void aafwrite_strong(struct aafwrite_obj *o, uint16_t pid, struct aafwrite_obj *child)
{
	struct wprop *p = prop_get(o, pid, SF_STRONG_REF);

	for (size_t k = 0; k < p->n_kids; k++)
		aafwrite_obj_free(p->kids[k]);
	p->n_kids = 0;
	add_kid(p, child);
}

void aafwrite_append(struct aafwrite_obj *o, uint16_t pid, struct aafwrite_obj *child)
{
	add_kid(prop_get(o, pid, SF_STRONG_REF_VECTOR), child);
}

void aafwrite_empty_vector(struct aafwrite_obj *o, uint16_t pid)
{
	prop_get(o, pid, SF_STRONG_REF_VECTOR);
}

void aafwrite_empty_set(struct aafwrite_obj *o, uint16_t pid, uint16_t key_pid, uint8_t key_size)
{
	struct wprop *p = prop_get(o, pid, SF_STRONG_REF_SET);

	p->key_pid = key_pid;
	p->key_size = key_size;
}

void aafwrite_insert(struct aafwrite_obj *o, uint16_t pid, struct aafwrite_obj *child,
		     uint16_t key_pid)
{
	size_t len;

	aafwrite_data_of(child, key_pid, &len);
	aafwrite_empty_set(o, pid, key_pid, (uint8_t)len);
	add_kid(prop_get(o, pid, SF_STRONG_REF_SET), child);
}

void aafwrite_weak(struct aafwrite_obj *o, uint16_t pid, enum aafmodel_target target,
		   const uint8_t *key, size_t key_len)
{
	struct wprop *p = prop_get(o, pid, SF_WEAK_REF);

	free(p->data);
	p->data = xmalloc(key_len);
	memcpy(p->data, key, key_len);
	p->len = key_len;
	p->key_size = (uint8_t)key_len;
	p->key_pid = aafmodel_target(target)->key_pid;
	p->target = target;
}

void aafwrite_weak_auid(struct aafwrite_obj *o, uint16_t pid, enum aafmodel_target target,
			const struct aaf_auid *id)
{
	uint8_t key[16];

	aaf_auid_encode(key, id);
	aafwrite_weak(o, pid, target, key, sizeof(key));
}

void aafwrite_weak_add(struct aafwrite_obj *o, uint16_t pid, bool set,
		       enum aafmodel_target target, const struct aaf_auid *id)
{
	struct wprop *p = prop_get(o, pid, set ? SF_WEAK_REF_SET : SF_WEAK_REF_VECTOR);

	p->data = xrealloc(p->data, (p->n_keys + 1) * 16);
	aaf_auid_encode(p->data + p->n_keys * 16, id);
	p->n_keys++;
	p->len = p->n_keys * 16;
	p->key_size = 16;
	p->key_pid = aafmodel_target(target)->key_pid;
	p->target = target;
}

void aafwrite_stream(struct aafwrite_obj *o, uint16_t pid, aafwrite_stream_fn fn, void *user)
{
	struct wprop *p = prop_get(o, pid, SF_DATA_STREAM);

	p->fn = fn;
	p->user = user;
}

void aafwrite_walk(const struct aafwrite_obj *o,
		   void (*fn)(void *user, const struct aafwrite_obj *obj), void *user)
{
	fn(user, o);
	for (size_t i = 0; i < o->n_props; i++)
		for (size_t k = 0; k < o->props[i].n_kids; k++)
			aafwrite_walk(o->props[i].kids[k], fn, user);
}

void aafwrite_mobid_make(uint8_t out[32], const void *seed, size_t len)
{
	static const uint8_t label[12] = {
		0x06, 0x0a, 0x2b, 0x34, 0x01, 0x01, 0x01, 0x05, 0x01, 0x01, 0x0f, 0x20
	};
	XXH128_hash_t h = XXH3_128bits(seed, len);

	memcpy(out, label, sizeof(label));
	out[12] = 0x13;		/* length of what follows */
	out[13] = out[14] = out[15] = 0;	/* instance number */
	aafwrite_put64(out + 16, h.low64);
	aafwrite_put64(out + 24, h.high64);
}

/* ---- saving -------------------------------------------------------------------- */

struct saver {
	struct cfbw *w;
	int tag[AAFM_TARGET_COUNT];		/* index in the table, -1 unused */
	enum aafmodel_target order[AAFM_TARGET_COUNT];
	size_t n_tags;
	struct errbuf *eb;
};

static enum err save_obj(struct saver *sv, const struct aafwrite_obj *o, struct cfbw_node *node);

/*
 * The AAF SDK's storage names: "<name>-<pid in hex>", the name squeezed
 * to its head, '-' and its tail when the whole would exceed size - 1
 * characters (size 32 for single references and streams, 22 for
 * collections, which add "{key}" or " index").
 */
static void mangle(char *out, size_t outsz, const char *name, uint16_t pid, size_t size)
{
	char hex[8];
	size_t n = strlen(name), max, half;
	struct strbuf sb = STRBUF_INIT;

	snprintf(hex, sizeof(hex), "%x", pid);
	max = size - strlen(hex) - 2;
	if (n <= max) {
		strbuf_add(&sb, name, n);
	} else {
		half = max / 2;
		strbuf_add(&sb, name, half);
		strbuf_addch(&sb, '-');
		strbuf_add(&sb, name + n - (max - half - 1), max - half - 1);
	}
	snprintf(out, outsz, "%s-%s", strbuf_str(&sb), hex);
	strbuf_release(&sb);
}

static bool is_collection(uint16_t form)
{
	return form == SF_STRONG_REF_VECTOR || form == SF_STRONG_REF_SET ||
	       form == SF_WEAK_REF_VECTOR || form == SF_WEAK_REF_SET;
}

static enum err name_of(struct saver *sv, const struct wprop *p, char out[40])
{
	const struct aafmodel_prop *mp = aafmodel_prop(p->pid);

	if (!mp)
		return err_set(sv->eb, ERR_INVALID, "property 0x%04x is unknown to the model", p->pid);
	mangle(out, 40, mp->name, p->pid, is_collection(p->form) ? 22 : 32);
	return ERR_OK;
}

static int tag_for(struct saver *sv, enum aafmodel_target t)
{
	if (sv->tag[t] < 0) {
		sv->tag[t] = (int)sv->n_tags;
		sv->order[sv->n_tags++] = t;
	}
	return sv->tag[t];
}

static void add_utf16(struct strbuf *sb, const char *s)
{
	size_t len;
	uint8_t *u = aafwrite_utf16(s, &len);

	strbuf_add(sb, u, len);
	free(u);
}

/* The stored value of p into val. */
static enum err value_of(struct saver *sv, const struct wprop *p, struct strbuf *val)
{
	char name[40];
	uint8_t head[5];
	enum err e;

	if (p->form == SF_DATA) {
		strbuf_add(val, p->data, p->len);
		return ERR_OK;
	}
	if (p->form == SF_WEAK_REF) {
		aafwrite_put16(head, (uint16_t)tag_for(sv, p->target));
		aafwrite_put16(head + 2, p->key_pid);
		head[4] = p->key_size;
		strbuf_add(val, head, sizeof(head));
		strbuf_add(val, p->data, p->len);
		return ERR_OK;
	}
	e = name_of(sv, p, name);
	if (e)
		return e;
	if (p->form == SF_DATA_STREAM)
		strbuf_addch(val, STREAM_BYTE_ORDER_UNSPECIFIED);
	add_utf16(val, name);
	return ERR_OK;
}

static enum err write_properties(struct saver *sv, const struct aafwrite_obj *o,
				 struct cfbw_node *node)
{
	struct strbuf head = STRBUF_INIT, vals = STRBUF_INIT, one = STRBUF_INIT;
	uint8_t b[6] = { 'L', PROPERTIES_VERSION };
	enum err e = ERR_OK;

	aafwrite_put16(b + 2, (uint16_t)o->n_props);
	strbuf_add(&head, b, 4);
	for (size_t i = 0; i < o->n_props && !e; i++) {
		strbuf_reset(&one);
		e = value_of(sv, &o->props[i], &one);
		if (!e && one.len > 0xFFFF)
			e = err_set(sv->eb, ERR_INVALID, "property 0x%04x is too large (%zu bytes)",
				    o->props[i].pid, one.len);
		aafwrite_put16(b, o->props[i].pid);
		aafwrite_put16(b + 2, o->props[i].form);
		aafwrite_put16(b + 4, (uint16_t)one.len);
		strbuf_add(&head, b, 6);
		strbuf_add(&vals, one.buf ? one.buf : "", one.len);
	}
	strbuf_add(&head, vals.buf ? vals.buf : "", vals.len);
	if (!e)
		e = cfbw_put_stream(sv->w, node, "properties", head.buf, head.len, sv->eb);
	strbuf_release(&head);
	strbuf_release(&vals);
	strbuf_release(&one);
	return e;
}

static enum err save_child(struct saver *sv, const struct aafwrite_obj *kid, const char *name,
			   struct cfbw_node *parent)
{
	uint8_t clsid[16];
	struct cfbw_node *node;
	enum err e;

	aaf_auid_encode(clsid, &kid->clsid);
	e = cfbw_open_storage(sv->w, parent, name, clsid, &node, sv->eb);
	if (e)
		return e;
	e = save_obj(sv, kid, node);
	if (cfbw_close(sv->w, node, sv->eb) && !e)
		e = ERR_IO;
	return e;
}

/* "<name> index" of a strong reference vector or set. */
static enum err strong_index(struct saver *sv, const struct wprop *p, const char *name,
			     struct cfbw_node *node)
{
	struct strbuf ix = STRBUF_INIT;
	uint8_t b[12];
	char sname[48];
	enum err e = ERR_OK;

	aafwrite_put32(b, (uint32_t)p->n_kids);
	aafwrite_put32(b + 4, (uint32_t)p->n_kids);	/* next free local key */
	aafwrite_put32(b + 8, FREE_KEY_NONE);		/* last free local key */
	strbuf_add(&ix, b, 12);
	if (p->form == SF_STRONG_REF_SET) {
		aafwrite_put16(b, p->key_pid);
		b[2] = p->key_size;
		strbuf_add(&ix, b, 3);
	}
	for (size_t k = 0; k < p->n_kids && !e; k++) {
		aafwrite_put32(b, (uint32_t)k);		/* local key */
		strbuf_add(&ix, b, 4);
		if (p->form == SF_STRONG_REF_SET) {
			size_t len;
			const uint8_t *key = aafwrite_data_of(p->kids[k], p->key_pid, &len);

			if (!key || len != p->key_size)
				e = err_set(sv->eb, ERR_INVALID, "set element without its key 0x%04x",
					    p->key_pid);
			aafwrite_put32(b, 1);		/* reference count */
			strbuf_add(&ix, b, 4);
			strbuf_add(&ix, key ? key : b, p->key_size);
		}
	}
	snprintf(sname, sizeof(sname), "%s index", name);
	if (!e)
		e = cfbw_put_stream(sv->w, node, sname, ix.buf, ix.len, sv->eb);
	strbuf_release(&ix);
	return e;
}

/* "<name> index" of a weak reference vector or set: the keys. */
static enum err weak_index(struct saver *sv, const struct wprop *p, const char *name,
			   struct cfbw_node *node)
{
	struct strbuf ix = STRBUF_INIT;
	uint8_t b[9];
	char sname[48];
	enum err e;

	aafwrite_put32(b, (uint32_t)p->n_keys);
	aafwrite_put16(b + 4, (uint16_t)tag_for(sv, p->target));
	aafwrite_put16(b + 6, p->key_pid);
	b[8] = p->key_size;
	strbuf_add(&ix, b, sizeof(b));
	strbuf_add(&ix, p->data, p->len);
	snprintf(sname, sizeof(sname), "%s index", name);
	e = cfbw_put_stream(sv->w, node, sname, ix.buf, ix.len, sv->eb);
	strbuf_release(&ix);
	return e;
}

static enum err save_stream(struct saver *sv, const struct wprop *p, const char *name,
			    struct cfbw_node *node)
{
	struct cfbw_node *s;
	enum err e = cfbw_open_stream(sv->w, node, name, &s, sv->eb);

	if (e)
		return e;
	e = p->fn ? p->fn(p->user, sv->w, s, sv->eb) : ERR_OK;
	if (cfbw_close(sv->w, s, sv->eb) && !e)
		e = ERR_IO;
	return e;
}

static enum err save_prop(struct saver *sv, const struct wprop *p, struct cfbw_node *node)
{
	char name[40], kname[64];
	enum err e;

	if (p->form == SF_DATA || p->form == SF_WEAK_REF)
		return ERR_OK;
	e = name_of(sv, p, name);
	if (e)
		return e;
	switch (p->form) {
	case SF_STRONG_REF:
		return save_child(sv, p->kids[0], name, node);
	case SF_DATA_STREAM:
		return save_stream(sv, p, name, node);
	case SF_WEAK_REF_VECTOR:
	case SF_WEAK_REF_SET:
		return weak_index(sv, p, name, node);
	default:
		break;
	}
	e = strong_index(sv, p, name, node);
	for (size_t k = 0; k < p->n_kids && !e; k++) {
		snprintf(kname, sizeof(kname), "%s{%zx}", name, k);
		e = save_child(sv, p->kids[k], kname, node);
	}
	return e;
}

static enum err save_obj(struct saver *sv, const struct aafwrite_obj *o, struct cfbw_node *node)
{
	enum err e = write_properties(sv, o, node);

	for (size_t i = 0; i < o->n_props && !e; i++)
		e = save_prop(sv, &o->props[i], node);
	return e;
}

/* The root's table of weak reference targets: 'L', u16 count, u32 number
 * of pids, then each target's pid path ended by a 0 pid. */
static enum err referenced_properties(struct saver *sv, struct cfbw_node *root)
{
	struct strbuf t = STRBUF_INIT;
	uint8_t b[4];
	uint32_t pids = 0;
	enum err e;

	for (size_t i = 0; i < sv->n_tags; i++)
		pids += aafmodel_target(sv->order[i])->n_path + 1u;
	strbuf_addch(&t, 'L');
	aafwrite_put16(b, (uint16_t)sv->n_tags);
	strbuf_add(&t, b, 2);
	aafwrite_put32(b, pids);
	strbuf_add(&t, b, 4);
	for (size_t i = 0; i < sv->n_tags; i++) {
		const struct aafmodel_target_def *td = aafmodel_target(sv->order[i]);

		for (size_t k = 0; k <= td->n_path; k++) {
			aafwrite_put16(b, k < td->n_path ? td->path[k] : 0);
			strbuf_add(&t, b, 2);
		}
	}
	e = cfbw_put_stream(sv->w, root, "referenced properties", t.buf, t.len, sv->eb);
	strbuf_release(&t);
	return e;
}

enum err aafwrite_save(const struct aafwrite_obj *root, struct cfbw *w, struct errbuf *eb)
{
	struct saver sv;
	uint8_t clsid[16];
	enum err e;

	memset(&sv, 0, sizeof(sv));
	sv.w = w;
	sv.eb = eb;
	for (int i = 0; i < AAFM_TARGET_COUNT; i++)
		sv.tag[i] = -1;
	aaf_auid_encode(clsid, &root->clsid);
	cfbw_set_class_id(cfbw_root(w), clsid);
	e = save_obj(&sv, root, cfbw_root(w));
	if (!e)
		e = referenced_properties(&sv, cfbw_root(w));
	return e;
}

/*
 * aafwmeta.c: describing a written file's objects in its MetaDictionary.
 *
 * What is used is collected from the object tree (classes with their
 * ancestors, stored properties with the classes that own them), then the
 * types of those properties are closed over (record members, elements,
 * the classes references point at).  The MetaDictionary's own objects are
 * instances of the meta classes, which must be described too: building is
 * repeated until describing adds nothing new.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "aaf/aafwmeta.h"
#include "strbuf.h"
#include "xalloc.h"

struct usage {
	bool klass[AAF_CLASS_COUNT];
	uint8_t pid[65536 / 8];
	bool type[AAFT_COUNT];
	enum aafmodel_type order[AAFT_COUNT];	/* types in the order met */
	size_t n_types;
	size_t marks;				/* grows with every new mark */
};

static bool pid_used(const struct usage *u, uint16_t pid)
{
	return u->pid[pid / 8] & (1u << (pid % 8));
}

static void mark_class(struct usage *u, enum aaf_class k)
{
	for (int depth = 0; k != AAF_CLASS_UNKNOWN && depth < 16; depth++) {
		if (!u->klass[k]) {
			u->klass[k] = true;
			u->marks++;
		}
		k = aaf_classes[k].parent;
	}
}

static void mark_pid(struct usage *u, uint16_t pid)
{
	const struct aafmodel_prop *p = aafmodel_prop(pid);

	if (!p || p->owner == AAF_CLASS_UNKNOWN || pid_used(u, pid))
		return;
	u->pid[pid / 8] |= (uint8_t)(1u << (pid % 8));
	u->marks++;
	mark_class(u, p->owner);
}

static void collect(void *user, const struct aafwrite_obj *o)
{
	struct usage *u = user;

	mark_class(u, aafwrite_obj_class(o));
	for (size_t i = 0; i < aafwrite_obj_prop_count(o); i++)
		mark_pid(u, aafwrite_obj_prop_pid(o, i));
}

static enum aaf_class kind_class(enum aafmodel_kind k)
{
	static const enum aaf_class map[AAFK_COUNT] = {
		[AAFK_INTEGER] = AAF_CLASS_TYPE_DEF_INTEGER,
		[AAFK_CHARACTER] = AAF_CLASS_TYPE_DEF_CHARACTER,
		[AAFK_STRING] = AAF_CLASS_TYPE_DEF_STRING,
		[AAFK_RENAME] = AAF_CLASS_TYPE_DEF_RENAME,
		[AAFK_ENUM] = AAF_CLASS_TYPE_DEF_ENUM,
		[AAFK_EXT_ENUM] = AAF_CLASS_TYPE_DEF_EXT_ENUM,
		[AAFK_RECORD] = AAF_CLASS_TYPE_DEF_RECORD,
		[AAFK_FIXED_ARRAY] = AAF_CLASS_TYPE_DEF_FIXED_ARRAY,
		[AAFK_VARIABLE_ARRAY] = AAF_CLASS_TYPE_DEF_VARIABLE_ARRAY,
		[AAFK_SET] = AAF_CLASS_TYPE_DEF_SET,
		[AAFK_STREAM] = AAF_CLASS_TYPE_DEF_STREAM,
		[AAFK_INDIRECT] = AAF_CLASS_TYPE_DEF_INDIRECT,
		[AAFK_STRONG_REF] = AAF_CLASS_TYPE_DEF_STRONG_REF,
		[AAFK_WEAK_REF] = AAF_CLASS_TYPE_DEF_WEAK_REF,
	};
	return map[k];
}

/* Marks t and every type and class it depends on. */
static void mark_type(struct usage *u, enum aafmodel_type t)
{
	const struct aafmodel_type_def *td = aafmodel_type(t);

	if (u->type[t])
		return;
	u->type[t] = true;
	u->order[u->n_types++] = t;
	u->marks++;
	mark_class(u, kind_class(td->kind));
	switch (td->kind) {
	case AAFK_STRING: case AAFK_RENAME: case AAFK_ENUM: case AAFK_FIXED_ARRAY:
	case AAFK_VARIABLE_ARRAY: case AAFK_SET:
		mark_type(u, td->element);
		break;
	case AAFK_RECORD:
		for (uint32_t i = 0; i < td->count; i++)
			mark_type(u, td->members[i].type);
		break;
	case AAFK_STRONG_REF: case AAFK_WEAK_REF:
		mark_class(u, td->referenced);
		break;
	default:
		break;
	}
}

static void mark_types(struct usage *u)
{
	for (size_t i = 0; i < aafmodel_prop_count(); i++) {
		const struct aafmodel_prop *p = aafmodel_prop_at(i);

		if (p->owner != AAF_CLASS_UNKNOWN && pid_used(u, p->pid))
			mark_type(u, p->type);
	}
}

/* ---- building definitions ------------------------------------------------------ */

static struct aafwrite_obj *meta_obj(enum aaf_class k, const struct aaf_auid *id, const char *name)
{
	struct aafwrite_obj *o = aafwrite_obj_new(k);

	aafwrite_auid(o, PID_META_IDENTIFICATION, id);
	aafwrite_string(o, PID_META_NAME, name);
	return o;
}

static void type_ref(struct aafwrite_obj *o, uint16_t pid, enum aafmodel_type t)
{
	aafwrite_weak_auid(o, pid, AAFM_TARGET_TYPEDEFS, &aafmodel_type(t)->id);
}

static void class_ref(struct aafwrite_obj *o, uint16_t pid, enum aaf_class k)
{
	aafwrite_weak_auid(o, pid, AAFM_TARGET_CLASSDEFS, &aaf_classes[k].id);
}

/* A list of strings as AAF stores it: each UTF-16 with its NUL. */
static void string_array(struct aafwrite_obj *o, uint16_t pid, const char *const *names, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		size_t len;
		uint8_t *u = aafwrite_utf16(names[i], &len);

		strbuf_add(&sb, u, len);
		free(u);
	}
	aafwrite_data(o, pid, sb.buf ? sb.buf : "", sb.len);
	strbuf_release(&sb);
}

static void enum_values(struct aafwrite_obj *o, const struct aafmodel_type_def *td, bool ext)
{
	const char **names = xcalloc(td->count + 1u, sizeof(*names));
	uint8_t *vals = xcalloc(td->count + 1u, 16);

	for (uint32_t i = 0; i < td->count; i++) {
		names[i] = td->items[i].name;
		if (ext)
			aaf_auid_encode(vals + 16 * i, td->items[i].id);
		else
			aafwrite_put64(vals + 8 * i, (uint64_t)td->items[i].value);
	}
	string_array(o, ext ? PID_TYPEDEF_EXTENUM_NAMES : PID_TYPEDEF_ENUM_NAMES, names, td->count);
	aafwrite_data(o, ext ? PID_TYPEDEF_EXTENUM_VALUES : PID_TYPEDEF_ENUM_VALUES, vals,
		      (size_t)td->count * (ext ? 16 : 8));
	free(names);
	free(vals);
}

static void record_members(struct aafwrite_obj *o, const struct aafmodel_type_def *td)
{
	const char **names = xcalloc(td->count + 1u, sizeof(*names));

	for (uint32_t i = 0; i < td->count; i++) {
		names[i] = td->members[i].name;
		aafwrite_weak_add(o, PID_TYPEDEF_RECORD_TYPES, false, AAFM_TARGET_TYPEDEFS,
				  &aafmodel_type(td->members[i].type)->id);
	}
	string_array(o, PID_TYPEDEF_RECORD_NAMES, names, td->count);
	free(names);
}

/* The property ids of a weak reference's target set, as AUIDs. */
static void target_set(struct aafwrite_obj *o, enum aafmodel_target t)
{
	const struct aafmodel_target_def *td = aafmodel_target(t);
	uint8_t ids[3 * 16];

	for (size_t i = 0; i < td->n_path; i++)
		aaf_auid_encode(ids + 16 * i, &aafmodel_prop(td->path[i])->id);
	aafwrite_data(o, PID_TYPEDEF_WEAK_TARGET_SET, ids, 16u * td->n_path);
}

static struct aafwrite_obj *type_def(enum aafmodel_type t)
{
	const struct aafmodel_type_def *td = aafmodel_type(t);
	struct aafwrite_obj *o = meta_obj(kind_class(td->kind), &td->id, td->name);

	switch (td->kind) {
	case AAFK_INTEGER:
		aafwrite_u8(o, PID_TYPEDEF_INT_SIZE, td->size);
		aafwrite_bool(o, PID_TYPEDEF_INT_SIGNED, td->is_signed);
		break;
	case AAFK_STRING: type_ref(o, PID_TYPEDEF_STRING_TYPE, td->element); break;
	case AAFK_RENAME: type_ref(o, PID_TYPEDEF_RENAME_TYPE, td->element); break;
	case AAFK_VARIABLE_ARRAY: type_ref(o, PID_TYPEDEF_VARRAY_TYPE, td->element); break;
	case AAFK_SET: type_ref(o, PID_TYPEDEF_SET_TYPE, td->element); break;
	case AAFK_FIXED_ARRAY:
		type_ref(o, PID_TYPEDEF_FIXED_TYPE, td->element);
		aafwrite_u32(o, PID_TYPEDEF_FIXED_COUNT, td->count);
		break;
	case AAFK_ENUM:
		type_ref(o, PID_TYPEDEF_ENUM_TYPE, td->element);
		enum_values(o, td, false);
		break;
	case AAFK_EXT_ENUM: enum_values(o, td, true); break;
	case AAFK_RECORD: record_members(o, td); break;
	case AAFK_STRONG_REF: class_ref(o, PID_TYPEDEF_STRONG_TYPE, td->referenced); break;
	case AAFK_WEAK_REF:
		class_ref(o, PID_TYPEDEF_WEAK_TYPE, td->referenced);
		target_set(o, td->target);
		break;
	default:
		break;
	}
	return o;
}

static struct aafwrite_obj *property_def(const struct aafmodel_prop *p)
{
	struct aafwrite_obj *o = meta_obj(AAF_CLASS_PROPERTY_DEFINITION, &p->id, p->name);

	aafwrite_auid(o, PID_PROPDEF_TYPE, &aafmodel_type(p->type)->id);
	aafwrite_bool(o, PID_PROPDEF_IS_OPTIONAL, p->optional);
	aafwrite_u16(o, PID_PROPDEF_LOCAL_ID, p->pid);
	if (p->unique)
		aafwrite_bool(o, PID_PROPDEF_IS_UNIQUE, true);
	return o;
}

static struct aafwrite_obj *class_def(const struct usage *u, enum aaf_class k)
{
	const struct aaf_class_def *cd = &aaf_classes[k];
	struct aafwrite_obj *o = meta_obj(AAF_CLASS_CLASS_DEFINITION, &cd->id, cd->name);

	/* a root class is its own parent, as the AAF SDK writes it */
	class_ref(o, PID_CLASSDEF_PARENT, cd->parent != AAF_CLASS_UNKNOWN ? cd->parent : k);
	for (size_t i = 0; i < aafmodel_prop_count(); i++) {
		const struct aafmodel_prop *p = aafmodel_prop_at(i);

		if (p->owner == k && pid_used(u, p->pid))
			aafwrite_insert(o, PID_CLASSDEF_PROPERTIES, property_def(p),
					PID_META_IDENTIFICATION);
	}
	aafwrite_bool(o, PID_CLASSDEF_IS_CONCRETE, aafmodel_class_concrete(k));
	return o;
}

static struct aafwrite_obj *build(struct usage *u)
{
	struct aafwrite_obj *md = aafwrite_obj_new(AAF_CLASS_META_DICTIONARY);

	mark_types(u);
	for (int k = 1; k < AAF_CLASS_COUNT; k++)
		if (u->klass[k])
			aafwrite_insert(md, PID_META_CLASSDEFS, class_def(u, (enum aaf_class)k),
					PID_META_IDENTIFICATION);
	for (size_t i = 0; i < u->n_types; i++)
		aafwrite_insert(md, PID_META_TYPEDEFS, type_def(u->order[i]), PID_META_IDENTIFICATION);
	return md;
}

struct aafwrite_obj *aafwmeta_build(const struct aafwrite_obj *tree)
{
	struct usage *u = xcalloc(1, sizeof(*u));
	struct aafwrite_obj *md = NULL;
	size_t before;

	aafwrite_walk(tree, collect, u);
	/* Avid's attribute lists, described even when unused (as Media
	 * Composer does): readers look them up by name on every component
	 * and slot, and their definition tells those readers the lists are
	 * simply absent */
	mark_pid(u, PID_AVID_COMPONENT_ATTRIBUTES);
	mark_pid(u, PID_AVID_TIMELINE_ATTRIBUTES);
	if (u->klass[AAF_CLASS_COMMENT_MARKER]) {
		mark_pid(u, PID_AVID_COMMENTMARKER_USER);
		mark_pid(u, PID_AVID_COMMENTMARKER_COLOR);
	}
	for (int round = 0; round < 8; round++) {
		aafwrite_obj_free(md);
		md = build(u);
		before = u->marks;
		aafwrite_walk(md, collect, u);
		mark_types(u);
		if (u->marks == before)
			break;
	}
	free(u);
	return md;
}

/*
 * aafmodel.h: the part of the AAF object model the writer needs to
 * describe what it writes: every property it may store (local id, name,
 * AUID, owning class, type) and the definitions of their types.  A file's
 * storage names come from the property names, its MetaDictionary from all
 * of this.  Facts of the AAF object specification, written by hand.
 *
 * Pure data over aafdefs: libc only, no I/O, no allocation.
 */
#ifndef TURNOVER_AAFMODEL_H
#define TURNOVER_AAFMODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aaf/aafdefs.h"

/* The types properties have; indexes into the type table. */
enum aafmodel_type {
	/* integers and characters */
	AAFT_UINT8, AAFT_UINT16, AAFT_UINT32, AAFT_INT8, AAFT_INT16, AAFT_INT32, AAFT_INT64,
	AAFT_CHARACTER, AAFT_STRING, AAFT_POSITION, AAFT_LENGTH,
	/* enumerations */
	AAFT_BOOLEAN, AAFT_PRODUCT_RELEASE, AAFT_EDIT_HINT, AAFT_USAGE,
	/* records and arrays */
	AAFT_AUID, AAFT_MOBID, AAFT_RATIONAL, AAFT_PRODUCT_VERSION, AAFT_VERSION,
	AAFT_DATE, AAFT_TIME, AAFT_TIMESTAMP, AAFT_RGB_COLOR,
	AAFT_UINT8_ARRAY8, AAFT_UINT8_ARRAY12, AAFT_INT64_ARRAY, AAFT_STRING_ARRAY,
	AAFT_AUID_ARRAY, AAFT_AUID_SET, AAFT_UINT32_SET, AAFT_DATA_VALUE, AAFT_STREAM,
	AAFT_INDIRECT,
	/* strong references */
	AAFT_SR_CONTENT, AAFT_SR_DICTIONARY, AAFT_SR_DESCRIPTOR, AAFT_SR_OPGROUP, AAFT_SR_SEGMENT,
	AAFT_SR_CLASSDEF, AAFT_SR_COMPONENT, AAFT_SR_CONTAINERDEF, AAFT_SR_CONTROLPOINT,
	AAFT_SR_DATADEF, AAFT_SR_ESSENCEDATA, AAFT_SR_IDENT, AAFT_SR_INTERPDEF, AAFT_SR_LOCATOR,
	AAFT_SR_MOB, AAFT_SR_MOBSLOT, AAFT_SR_OPDEF, AAFT_SR_PARAM, AAFT_SR_PARAMDEF,
	AAFT_SR_PROPDEF, AAFT_SR_TAGGEDVALUE, AAFT_SR_TYPEDEF,
	/* their vectors and sets */
	AAFT_SRV_COMPONENT, AAFT_SRV_CONTROLPOINT, AAFT_SRV_IDENT, AAFT_SRV_LOCATOR,
	AAFT_SRV_MOBSLOT, AAFT_SRV_SEGMENT, AAFT_SRV_TAGGEDVALUE, AAFT_SRV_PARAM,
	AAFT_SRS_CLASSDEF, AAFT_SRS_CONTAINERDEF, AAFT_SRS_DATADEF, AAFT_SRS_ESSENCEDATA,
	AAFT_SRS_INTERPDEF, AAFT_SRS_MOB, AAFT_SRS_OPDEF, AAFT_SRS_PARAMDEF, AAFT_SRS_PROPDEF,
	AAFT_SRS_TYPEDEF,
	/* weak references and their collections */
	AAFT_WR_CLASSDEF, AAFT_WR_CONTAINERDEF, AAFT_WR_DATADEF, AAFT_WR_INTERPDEF,
	AAFT_WR_OPDEF, AAFT_WR_PARAMDEF, AAFT_WR_TYPEDEF, AAFT_WRS_PARAMDEF, AAFT_WRV_TYPEDEF,
	AAFT_COUNT
};

enum aafmodel_kind {
	AAFK_INTEGER, AAFK_CHARACTER, AAFK_STRING, AAFK_RENAME, AAFK_ENUM, AAFK_EXT_ENUM,
	AAFK_RECORD, AAFK_FIXED_ARRAY, AAFK_VARIABLE_ARRAY, AAFK_SET, AAFK_STREAM,
	AAFK_INDIRECT, AAFK_STRONG_REF, AAFK_WEAK_REF, AAFK_COUNT
};

/* Where weak references point: a set reached from the root by a path of
 * property ids, whose elements are keyed by key_pid. */
enum aafmodel_target {
	AAFM_TARGET_CLASSDEFS, AAFM_TARGET_TYPEDEFS, AAFM_TARGET_DATADEFS,
	AAFM_TARGET_OPDEFS, AAFM_TARGET_PARAMDEFS, AAFM_TARGET_CONTAINERDEFS,
	AAFM_TARGET_INTERPDEFS, AAFM_TARGET_COUNT
};

struct aafmodel_target_def {
	uint16_t path[3];	/* pids from the root; unused entries 0 */
	uint8_t n_path;
	uint16_t key_pid;
};

/* One element of an enumeration or extendible enumeration. */
struct aafmodel_enum_item {
	const char *name;
	int64_t value;			/* enumerations */
	const struct aaf_auid *id;	/* extendible enumerations */
};

/* One member of a record. */
struct aafmodel_member {
	const char *name;
	enum aafmodel_type type;
};

struct aafmodel_type_def {
	struct aaf_auid id;
	const char *name;
	enum aafmodel_kind kind;
	uint8_t size;			/* integers: bytes */
	bool is_signed;
	enum aafmodel_type element;	/* renames, enums, arrays, sets, strings */
	uint32_t count;			/* fixed arrays; members or items otherwise */
	enum aaf_class referenced;	/* references: the class pointed at */
	enum aafmodel_target target;	/* weak references */
	const struct aafmodel_member *members;
	const struct aafmodel_enum_item *items;
};

struct aafmodel_prop {
	uint16_t pid;
	enum aaf_class owner;	/* AAF_CLASS_UNKNOWN: a property of the root */
	const char *name;
	struct aaf_auid id;
	enum aafmodel_type type;
	bool optional;
	bool unique;		/* the owning class's unique identifier */
};

/* The definition of type t; never NULL for t < AAFT_COUNT. */
const struct aafmodel_type_def *aafmodel_type(enum aafmodel_type t);

/* The property with local id pid, or NULL when the writer does not know it. */
const struct aafmodel_prop *aafmodel_prop(uint16_t pid);

/* The n-th known property (n < aafmodel_prop_count()), for walking them all. */
size_t aafmodel_prop_count(void);
const struct aafmodel_prop *aafmodel_prop_at(size_t n);

/* The path and key of a weak reference target; never NULL. */
const struct aafmodel_target_def *aafmodel_target(enum aafmodel_target t);

/* True when objects of class k may exist (not an abstract class). */
bool aafmodel_class_concrete(enum aaf_class k);

#endif

/*
 * aafwdict.h: the definitions a written AAF refers to (data kinds,
 * operations, their parameters, interpolations, essence containers) and
 * the Dictionary object that holds exactly the ones used.  Components
 * refer to definitions by weak reference; aafwdict_ref() writes such a
 * reference and remembers the definition for the Dictionary.
 *
 * Part of the writer's object layer: uses aafwrite only.
 */
#ifndef TURNOVER_AAFWDICT_H
#define TURNOVER_AAFWDICT_H

#include <stdbool.h>
#include <stdint.h>

#include "aaf/aafwrite.h"

enum aafwdict_def {
	AAFWDICT_DATA_SOUND, AAFWDICT_DATA_PICTURE, AAFWDICT_DATA_TIMECODE,
	AAFWDICT_DATA_DESCRIPTIVE,
	AAFWDICT_OP_GAIN, AAFWDICT_OP_PAN, AAFWDICT_OP_DISSOLVE, AAFWDICT_OP_COMBINER,
	AAFWDICT_PARAM_AMPLITUDE, AAFWDICT_PARAM_PAN, AAFWDICT_PARAM_LEVEL,
	AAFWDICT_INTERP_LINEAR, AAFWDICT_INTERP_POWER, AAFWDICT_INTERP_LOG,
	AAFWDICT_INTERP_BSPLINE,
	AAFWDICT_CONTAINER_EXTERNAL, AAFWDICT_CONTAINER_AAF, AAFWDICT_CONTAINER_AAF_KLV,
	AAFWDICT_COUNT
};

/* Which definitions are used; embed and zero it with aafwdict_init(). */
struct aafwdict {
	bool used[AAFWDICT_COUNT];
};

void aafwdict_init(struct aafwdict *d);

/* The AUID of a definition; borrowed, static. */
const struct aaf_auid *aafwdict_id(enum aafwdict_def def);

/* Marks def used (a reference by AUID, e.g. a Parameter's Definition). */
void aafwdict_use(struct aafwdict *d, enum aafwdict_def def);

/* Writes a weak reference to def as property pid of o and marks it used. */
void aafwdict_ref(struct aafwdict *d, struct aafwrite_obj *o, uint16_t pid,
		  enum aafwdict_def def);

/* A new Dictionary object with every definition used (and what those
 * need: an operation's parameters and data kind); the caller owns it. */
struct aafwrite_obj *aafwdict_build(struct aafwdict *d);

/* Adds the AUID of every container used to the AUID set property pid of
 * o (the Header's EssenceContainers). */
void aafwdict_containers(const struct aafwdict *d, struct aafwrite_obj *o, uint16_t pid);

#endif

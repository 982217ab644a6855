/*
 * aafwmeta.h: the MetaDictionary of a written AAF: definitions of every
 * class the file instantiates (with their ancestors), of every property it
 * stores, and of every type those properties have, so that readers which
 * trust the file's own model (pyaaf2, the AAF SDK) decode it exactly.
 *
 * Part of the writer's object layer: uses aafwrite and aafmodel only.
 */
#ifndef TURNOVER_AAFWMETA_H
#define TURNOVER_AAFWMETA_H

#include "aaf/aafwrite.h"

/* A new MetaDictionary object describing the objects under tree and
 * itself; the caller owns it (attach it to the root as pid 0x0001). */
struct aafwrite_obj *aafwmeta_build(const struct aafwrite_obj *tree);

#endif

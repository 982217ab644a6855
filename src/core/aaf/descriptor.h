/*
 * descriptor.h: reading an AAF essence descriptor into a media record.
 * Part of the timeline layer; uses aafobj.
 */
#ifndef TURNOVER_DESCRIPTOR_H
#define TURNOVER_DESCRIPTOR_H

#include <stdbool.h>

#include "aaf/aafobj.h"
#include "session.h"

/* True when d describes essence in a file (WAVE, AIFC, PCM, sound …),
 * as opposed to an import, tape or film source. */
bool descriptor_is_file(const struct aaf_obj *d);

/* Fills channels, sample_rate, bits, length and container of m from d
 * where d says them; leaves the rest as it is. */
void descriptor_read(const struct aaf_obj *d, struct media *m);

#endif

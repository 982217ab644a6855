/*
 * aafwcomp.h: the top-level CompositionMob of a written AAF, laid out as
 * Media Composer does: a timecode slot, then one TimelineMobSlot per track
 * (audio: a Sequence of Filler, clips and Transitions; video: Filler), then
 * EventMobSlots for markers.  A clip is its SourceClip (AudioChannelCombiner
 * over one SourceClip per channel when it has several), wrapped in
 * MonoAudioPan, MonoAudioGain (volume automation, then constant gain) and,
 * when muted, a Selector whose selected segment is silence.
 *
 * Part of the writer's timeline layer: uses aafwrite, aafwdict, aafwmedia.
 */
#ifndef TURNOVER_AAFWCOMP_H
#define TURNOVER_AAFWCOMP_H

#include <stdint.h>

#include "aaf/aafwdict.h"
#include "aaf/aafwmedia.h"
#include "aaf/aafwrite.h"
#include "err.h"
#include "session.h"

/*
 * Builds the CompositionMob of s, MobID id, into *out (the caller owns
 * it); clip sources are resolved through mm.  errors: ERR_INVALID (a rate
 * or length AAF cannot store, clips that overlap without a crossfade).
 */
enum err aafwcomp_build(const struct session *s, const uint8_t id[32], struct aafwmedia *mm,
			struct aafwdict *d, struct aafwrite_obj **out, struct errbuf *eb);

/* A rational num/den (both within 32 bits) as close to x as those allow,
 * by continued fractions: amplitude ratios and pan positions. */
void aafwcomp_ratio(double x, int32_t *num, int32_t *den);

#endif

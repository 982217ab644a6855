/*
 * aafwmedia.h: the mobs that describe a session's media in a written AAF,
 * as Media Composer lays them out: per media a MasterMob (named after the
 * media, one slot per channel) that plays a file SourceMob (WAVE, AIFC or
 * PCM descriptor with the file's locator, one slot per channel), which
 * derives from an import SourceMob (ImportDescriptor with the same
 * locator); embedded media have an EssenceData object instead of a
 * locator.  Clips whose name differs from their media's, or whose offset
 * falls between two of their track's edit units, play a MasterMob of their
 * own (named after the clip) over the same file SourceMob.
 *
 * Part of the writer's timeline layer: uses aafwrite, aafwdict and
 * aafwessence.
 */
#ifndef TURNOVER_AAFWMEDIA_H
#define TURNOVER_AAFWMEDIA_H

#include <stdint.h>

#include "aaf/aafwdict.h"
#include "aaf/aafwessence.h"
#include "aaf/aafwrite.h"
#include "err.h"
#include "session.h"

struct aafwmedia;

/*
 * Prepares the media of s (borrowed for the life of the result): rates,
 * channel counts, MobIDs (the session's own when it has them, else derived
 * from the media's description).  fn supplies embedded samples (NULL: read
 * media.path).  errors: ERR_INVALID (embedded media without a length or
 * with an unusual sample size).
 */
enum err aafwmedia_new(const struct session *s, aaf_essence_fn fn, void *user,
		       struct aafwmedia **out, struct errbuf *eb);

/* Frees mm; NULL does nothing.  Call after the file is saved: the
 * essence streams refer to it. */
void aafwmedia_free(struct aafwmedia *mm);

/* What a composition's source clip for channel ch of c refers to. */
struct aafwmedia_ref {
	uint8_t mob_id[32];	/* a mob not in the file when the media is unknown */
	uint32_t slot;		/* slot of that mob */
	int64_t start;		/* StartTime, edit units of the clip's track */
};

/* Where channel ch (0-based) of clip c on a track at rate track_rate
 * points, exactly: the source offset is carried in the master mob when
 * the track's edit units cannot express it. */
void aafwmedia_ref(struct aafwmedia *mm, const struct clip *c, int ch, struct rational track_rate,
		   struct aafwmedia_ref *out);

/* Adds every media mob to the ContentStorage's Mobs set and the embedded
 * essence to its EssenceData set (present even when empty), referring to
 * the definitions they use through d. */
void aafwmedia_emit(struct aafwmedia *mm, struct aafwdict *d, struct aafwrite_obj *content);

#endif

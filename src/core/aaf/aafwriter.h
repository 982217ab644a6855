/*
 * aafwriter.h: writing a session as an AAF file.
 *
 * The file holds what Media Composer writes for a sequence: a top-level
 * CompositionMob (timecode, named audio tracks of clips with positions,
 * gain, volume automation, pan, mute and fades as transitions; video
 * tracks as filler; markers), the media as MasterMobs over file and import
 * SourceMobs (external files by locator, or embedded PCM), a Dictionary
 * and a MetaDictionary that describe everything used.  Output is
 * deterministic: the same session gives the same bytes (no clock, no
 * random ids: MobIDs are derived from content).  It reads back through
 * aaf_read_file() to the same session (see doc/aaf-interchange.md for what
 * does not survive).
 *
 * The writer is layered: cfbw (compound file, libgsf) -> aafwrite (stored
 * objects; aafmodel, aafwmeta, aafwdict) -> aafwmedia, aafwcomp -> here.
 * Depends on libgsf, libsndfile, libxxhash and the core's own modules.
 */
#ifndef TURNOVER_AAFWRITER_H
#define TURNOVER_AAFWRITER_H

#include <stddef.h>
#include <stdint.h>

#include "aaf/aafwessence.h"
#include "err.h"
#include "session.h"

struct aaf_write_options {
	/* Compound file sector size: 4096 (the default, as Media Composer
	 * writes) or 512. */
	unsigned sector_size;
	/* Supplies the samples of embedded media (media.embedded); NULL
	 * reads each one's media.path with libsndfile. */
	aaf_essence_fn essence;
	void *essence_user;
};

/* Fills opt with the defaults. */
void aaf_write_options_init(struct aaf_write_options *opt);

/*
 * Writes s (borrowed) as an AAF at path (opt NULL: defaults).  The file is
 * written beside path under a temporary name and renamed over it once
 * complete and synced: on any failure nothing is left at path and an
 * existing file there is untouched.
 * errors: ERR_INVALID (a session AAF cannot hold: rates over 32 bits,
 * overlapping clips, embedded media without samples), ERR_IO, and the
 * errors of the essence callback.
 */
enum err aaf_write_file(const struct session *s, const char *path,
			const struct aaf_write_options *opt, struct errbuf *eb);

/* The same into memory: *data (the caller frees it) holds *len bytes. */
enum err aaf_write_memory(const struct session *s, const struct aaf_write_options *opt,
			  uint8_t **data, size_t *len, struct errbuf *eb);

#endif

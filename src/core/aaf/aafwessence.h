/*
 * aafwessence.h: audio embedded in a written AAF.  The caller supplies a
 * media's samples through a callback that pushes interleaved PCM into a
 * sink; the writer wraps them as a WAVE file (or stores them raw for PCM
 * media) in the media's EssenceData stream.  Also the RIFF/WAVE header
 * that WAVE descriptors keep as their Summary.
 *
 * Part of the writer; uses cfbw, the session model and libsndfile (for the
 * default source, which reads media.path).
 */
#ifndef TURNOVER_AAFWESSENCE_H
#define TURNOVER_AAFWESSENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aaf/cfbw.h"
#include "err.h"
#include "session.h"

/* Where a callback pushes samples; valid during the callback only. */
struct aaf_essence_sink;

/*
 * Supplies the samples of embedded media m: pushes exactly m->length
 * frames of m->channels interleaved channels, little-endian integer PCM of
 * m->bits bits (8 bits unsigned, wider signed), through aaf_essence_put(),
 * in as many calls as it likes.  Returns ERR_OK or an error set in eb.
 */
typedef enum err (*aaf_essence_fn)(void *user, const struct media *m,
				   struct aaf_essence_sink *sink, struct errbuf *eb);

/* Appends len bytes of samples.  errors: ERR_INVALID (more than the
 * media's length), ERR_IO. */
enum err aaf_essence_put(struct aaf_essence_sink *sink, const void *pcm, size_t len,
			 struct errbuf *eb);

/* The default source: reads m->path with libsndfile and converts to
 * m->bits.  errors: ERR_MEDIA_MISSING, ERR_MEDIA_UNREADABLE (cannot open,
 * other channel count, too short), ERR_IO. */
enum err aaf_essence_from_file(void *user, const struct media *m,
			       struct aaf_essence_sink *sink, struct errbuf *eb);

/* ---- for the writer ------------------------------------------------------- */

/* The 44-byte RIFF/WAVE header of frames frames (PCM, little-endian);
 * false when the data would not fit a RIFF file (4 GiB). */
bool aafwessence_wave_header(uint8_t out[44], int channels, int rate, int bits, int64_t frames);

/* One embedded media as the writer streams it. */
struct aafwessence {
	const struct media *m;
	int channels, rate, bits;	/* what the descriptor says */
	bool wave;			/* a whole WAVE file, else raw PCM */
	aaf_essence_fn fn;
	void *user;
};

/* An aafwrite_stream_fn: writes e's header (when wave) and samples into
 * stream.  user is a struct aafwessence. */
enum err aafwessence_write(void *user, struct cfbw *w, struct cfbw_node *stream,
			   struct errbuf *eb);

#endif

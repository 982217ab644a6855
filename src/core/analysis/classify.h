/*
 * classify.h: judges a clip by its sound: dialogue, music or SFX, with a
 * calibrated confidence, plus tags for clear special cases (line-up tone,
 * silence, room tone) and the problems found in the audio.
 *
 * The entry points take the part of a media file a clip plays (a frame
 * range at the file's rate and a channel selection), or any struct
 * decode_reader (the seam for embedded essence).  They never print;
 * nothing here keeps global state, so clips may be classified on several
 * threads at once (one struct features per thread for classify_decode()).
 *
 * Depends on libc, err.h, decode.h, features.h and classifier.h.
 */
#ifndef TURNOVER_ANALYSIS_CLASSIFY_H
#define TURNOVER_ANALYSIS_CLASSIFY_H

#include <stdint.h>

#include "err.h"
#include "analysis/classifier.h"
#include "analysis/decode.h"
#include "analysis/features.h"

/* Tags: what a clip clearly is, beside its class. */
enum analysis_tag {
	ANALYSIS_TAG_TONE = 1 << 0,	/* a steady sine: line-up tone or 2-pop */
	ANALYSIS_TAG_SILENCE = 1 << 1,	/* nothing above -60 dBFS */
	ANALYSIS_TAG_ROOM_TONE = 1 << 2,	/* quiet, steady, eventless noise */
	ANALYSIS_TAG_COUNT = 3
};

/* Problems of the audio itself. */
enum analysis_problem {
	ANALYSIS_PROBLEM_EMPTY = 1 << 0,	/* no frames at all */
	ANALYSIS_PROBLEM_TOO_SHORT = 1 << 1,	/* under 0.25 s: little to judge */
	ANALYSIS_PROBLEM_TRUNCATED = 1 << 2,	/* the range runs past the file's end */
	ANALYSIS_PROBLEM_CLIPPED = 1 << 3,	/* runs of full-scale samples */
	ANALYSIS_PROBLEM_DC_OFFSET = 1 << 4,	/* a channel's DC offset of 1% or more
						 * (dcoffset.h) */
	ANALYSIS_PROBLEM_NO_SPEECH_BAND = 1 << 5,	/* content only outside 60-3750 Hz */
	ANALYSIS_PROBLEM_COUNT = 6
};

struct analysis_result {
	enum clip_class cls;	/* the most probable class (SFX when there was
				 * nothing to judge: empty or silent) */
	double confidence;	/* calibrated probability of cls; 0 when there
				 * was nothing to judge; at most 0.5 for a clip
				 * too short or without speech-band content */
	double scores[CLIP_CLASS_COUNT];	/* calibrated probabilities, sum 1 */
	unsigned tags;		/* enum analysis_tag bits */
	unsigned problems;	/* enum analysis_problem bits */
	struct clip_features features;	/* what was measured */
};

/* Names for output ("tone", "clipped", ...): bit is one flag; "" else. */
const char *analysis_tag_name(unsigned bit);
const char *analysis_problem_name(unsigned bit);

/*
 * Classifies frames [start, start + frames) (frames -1: to the end) of the
 * media file at path, channels channel_mask (bit 0 = first channel; 0 =
 * all), with model.  A range past the file's end is measured as far as the
 * file goes (ANALYSIS_PROBLEM_TRUNCATED).
 * errors: ERR_MEDIA_MISSING, ERR_MEDIA_UNREADABLE (not audio, or the audio
 * data cannot be read), ERR_INVALID (bad range or channel selection).
 */
enum err classify_media_range(const char *path, int64_t start, int64_t frames,
			      uint64_t channel_mask, const struct classifier *model,
			      struct analysis_result *out, struct errbuf *eb);

/* The same for any reader, which is taken over (closed in every case). */
enum err classify_reader(struct decode_reader *r, int64_t start, int64_t frames,
			 uint64_t channel_mask, const struct classifier *model,
			 struct analysis_result *out, struct errbuf *eb);

/* Classifies the rest of stream d with analysis context fx (reused across
 * calls on one thread).  errors: ERR_MEDIA_UNREADABLE. */
enum err classify_decode(struct features *fx, struct decode *d, const struct classifier *model,
			 struct analysis_result *out, struct errbuf *eb);

/* The decision from measured features: class, confidence, tags, problems. */
void classify_features(const struct classifier *model, const struct clip_features *cf,
		       struct analysis_result *out);

#endif

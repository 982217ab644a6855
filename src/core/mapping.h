/*
 * mapping.h: which template track each clip of a session lands on, and
 * moving the clips there.
 *
 * A clip's place comes from, in order: a person's decision (its class),
 * else the analysis (class, confidence, tags) when the confidence reaches
 * the template's threshold; a clip with neither, or below the threshold,
 * goes to the review track, never to a guess.  Among the kinds its class
 * (or a tag) goes to, words in its names (hints: clip, file and iXML
 * track names, as the caller gathers them) put a dialogue clip on the
 * boom, lav, ADR or VO tracks.  A track of the clip's channel format is
 * preferred.  A clip that overlaps what is already on a track takes the
 * next overflow copy ("DIA 2"); when every copy is taken, one more copy
 * is added after the last (reported as extra).  Clips are placed in
 * timeline order, so the result does not depend on the input's tracks.
 *
 * A clip moves as a whole (all its channels, gain, fades, automation,
 * position), so a joined stereo pair or a multichannel clip stays
 * together.  Two clips that move together but are not one clip (a split
 * pair that could not be joined) name each other: the one placed second
 * goes to the next copy of the first one's track.  A person's decision on
 * either half decides for both; when either half is unsure, or the two
 * disagree on the class, both go to review.  The template's tracks all appear, in order, named as it
 * says, even when empty.
 *
 * Pure core: depends on libc, session.h, template.h, err.h.
 */
#ifndef TURNOVER_MAPPING_H
#define TURNOVER_MAPPING_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "session.h"
#include "template.h"

/* Why a clip went where it did. */
enum mapping_reason {
	MAPPING_REASON_HUMAN,		/* a person decided its class */
	MAPPING_REASON_MODEL,		/* the analysis, at or above the threshold */
	MAPPING_REASON_TAG,		/* a tag rule (tone, room tone, silence) */
	MAPPING_REASON_UNCERTAIN,	/* below the threshold: review */
	MAPPING_REASON_UNDECIDED,	/* no class at all (not analysed): review */
	MAPPING_REASON_COUNT
};

/* One clip to place: filled by the caller, then by mapping_plan(). */
struct mapping_clip {
	size_t track, clip;	/* where it is in the session (indices) */
	bool human;		/* cls is a person's decision */
	bool analysed;		/* cls, confidence and tags are the model's */
	enum clip_class cls;
	double confidence;
	unsigned tags;		/* enum analysis_tag bits */
	const char *hints;	/* names to look for hint words in; borrowed, may be NULL */
	size_t with;		/* 1 + the index in the list of a clip this one moves
				 * with (a split pair not joined); 0 = none */
	int as_channels;	/* place it as a clip of this many channels (to ask
				 * where a clip would go once folded); 0: its own */
	/* results */
	size_t out_track;	/* index into mapping.tracks */
	size_t out_clip;	/* its index on that track after mapping_apply() */
	enum mapping_reason reason;
};

/* One track of the organised session. */
struct mapping_track {
	char *name;		/* owned */
	size_t tmpl;		/* index of the template track it comes from */
	int copy;		/* overflow copy from 1; 0 when the track has one */
	bool extra;		/* a copy beyond the template's overflow count */
	size_t n_clips;
};

struct mapping {
	struct mapping_track *tracks;	/* owned, in session order */
	size_t n_tracks;
};

/*
 * Places clips[0 .. n) of s (borrowed) in the tracks of t, filling their
 * results and out (overwritten; release with mapping_release()).
 */
void mapping_plan(const struct template *t, const struct session *s, struct mapping_clip *clips,
		  size_t n, struct mapping *out);

/*
 * Rebuilds s's audio tracks as m's tracks (formats from the template
 * tracks of t), moving every listed clip to its track in time order and
 * filling out_clip; video tracks follow unchanged, markers on audio
 * tracks move to the composition.  clips must list every audio clip of
 * s exactly once (ERR_INVALID, s unchanged).  Clips keep their exact
 * values; a clip from a track of another edit rate is converted to the
 * rate of the first audio track.
 */
enum err mapping_apply(const struct mapping *m, const struct template *t,
		       struct mapping_clip *clips, size_t n, struct session *s,
		       struct errbuf *eb);

/* Frees what m holds; m is empty after. */
void mapping_release(struct mapping *m);

/* "human", "model", "tag", "uncertain", "undecided"; "" else. */
const char *mapping_reason_name(enum mapping_reason r);

/* True when word appears in text as a word (case-insensitive; the
 * characters around it are not letters: "LAV" in "LAV2_sc12"). */
bool mapping_word_in(const char *text, const char *word);

#endif

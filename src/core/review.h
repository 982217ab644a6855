/*
 * review.h: a session as a list of clips to review: one record per audio
 * clip with its stable key (for triage.h), the problems known from
 * reading (missing, unreadable or truncated media), and the analysis of
 * its sound (class, confidence, scores, tags, problems, channel flags),
 * which stays empty (done = false) until an analysis job fills it in.
 *
 * Plain records, transparent on purpose: the front ends read them.
 * Depends on libc, session.h, strbuf.h, analysis/classifier.h (the
 * class enum) and, in the .c, analysis/classify.h.
 */
#ifndef TURNOVER_REVIEW_H
#define TURNOVER_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "session.h"
#include "strbuf.h"
#include "analysis/classifier.h"
#include "analysis/stereo.h"

struct analysis_result;
struct findings;

/* Problems known from reading the AAF and probing its media. */
enum review_problem {
	REVIEW_PROBLEM_NO_SOURCE = 1 << 0,	/* a channel plays no known media */
	REVIEW_PROBLEM_MISSING = 1 << 1,	/* a media file was not found */
	REVIEW_PROBLEM_UNREADABLE = 1 << 2,	/* found, but not readable as audio */
	REVIEW_PROBLEM_TRUNCATED = 1 << 3,	/* the clip plays past the end of the file */
	REVIEW_PROBLEM_CHANNEL = 1 << 4,	/* plays a channel the file does not have */
	REVIEW_PROBLEM_COUNT = 5
};

/* Flags of a clip's channels (from the channel checks, later). */
enum clip_flag {
	CLIP_FLAG_SPLIT_PAIR = 1 << 0,	/* one half of a stereo pair split over two tracks */
	CLIP_FLAG_DUAL_MONO = 1 << 1,	/* "stereo" whose two channels are the same */
	CLIP_FLAG_COUNT = 2
};

/* What the analysis of a clip's sound found; empty until done
 * (review_take_analysis() fills it from a classification). */
struct review_analysis {
	bool done;
	enum clip_class cls;		/* suggested class */
	double confidence;		/* calibrated probability of cls, 0-1 */
	double scores[CLIP_CLASS_COUNT];	/* probability of each class */
	unsigned tags;			/* enum analysis_tag bits (analysis/classify.h) */
	unsigned problems;		/* enum analysis_problem bits (analysis/classify.h) */
	unsigned flags;			/* enum clip_flag bits */
	/* what was measured (classify.h struct clip_features), for "why";
	 * measured is false when the class came from the cache, which keeps
	 * no features */
	bool measured;
	double level_db, floor_db;	/* loud (95th pct) and floor (10th) frame levels */
	double active_ratio, tonal_ratio;	/* of the frames: active, one spectral line */
	double onset_rate;		/* onsets per second */
	double band_db;			/* speech band (60-3750 Hz) minus full level, dB */
	/* from the channel findings (review_take_findings()): */
	bool findings_done;
	bool has_channels;		/* channels holds the analysis of a 2+ channel clip */
	struct stereo_result channels;
	uint32_t health;		/* 1 << enum health_code concerning the clip */
	bool has_pair;			/* half of a split pair: */
	bool pair_left;			/* the left half */
	size_t pair_with;		/* the other half (index into review.clips) */
	double pair_confidence;
	unsigned pair_evidence;		/* enum pair_evidence bits */
};

struct review_clip {
	size_t track;		/* index into session.tracks */
	size_t clip;		/* index into that track's clips */
	char *key;		/* stable identity, for triage; owned */
	unsigned problems;	/* enum review_problem bits */
	struct review_analysis analysis;
};

struct review {
	struct session *session;	/* owned */
	struct review_clip *clips;	/* owned: every audio clip, by track then time */
	size_t n_clips;
};

/* The review of session s, which it takes over (freed by review_free()). */
struct review *review_new(struct session *s);

/* Frees rv and its session; NULL does nothing. */
void review_free(struct review *rv);

/* The clip and track of record i (borrowed from the session). */
const struct clip *review_clip(const struct review *rv, size_t i);
const struct track *review_track(const struct review *rv, size_t i);

/*
 * The key of a clip: "A<track>#<clip>@<start>:<media name>" (track number,
 * clip number in it from 1, absolute start in samples, the name of the
 * media its first channel plays).  Returns a new string.
 */
char *review_clip_key(const struct session *s, const struct track *t, size_t clip_index);

/* "missing media", "truncated media", ... for one problem bit; "" else. */
const char *review_problem_name(unsigned bit);

/* "split pair", "dual mono" for one flag bit; "" else. */
const char *clip_flag_name(unsigned bit);

/* Appends one line per problem of clip i, naming channel and file
 * ("ch 1: 'a.wav' missing: no file found"), to out. */
void review_describe_problems(const struct review *rv, size_t i, struct strbuf *out);

/* Number of clips with problems known from reading. */
size_t review_count_problems(const struct review *rv);

/* Fills rc's analysis from a classification (flags stay). */
void review_take_analysis(struct review_clip *rc, const struct analysis_result *r);

/* Fills the channel findings of every clip of rv (flags, channel
 * analysis, health codes, pairs) from f, found over rv's session. */
void review_take_findings(struct review *rv, const struct findings *f);

/* The record of clip k of track t (session indices); false when it is
 * not an audio clip of rv. */
bool review_find(const struct review *rv, size_t track, size_t clip, size_t *i);

/* Whether the clip has a problem: from reading, from the analysis of its
 * sound, or a channel finding of warning or error severity. */
bool review_has_problem(const struct review_clip *rc);

/* Number of clips with review_has_problem(). */
size_t review_count_all_problems(const struct review *rv);

/* The channel fixes the findings propose (see triage.h for the keys). */
enum review_fix_kind {
	REVIEW_FIX_PAIR,	/* two mono clips: one split stereo source */
	REVIEW_FIX_FOLD,	/* dual mono or near dual mono: fold to mono */
	REVIEW_FIX_FLIP,	/* polarity inverted: flip the right channel */
	REVIEW_FIX_MONO,	/* one side silent: keep the other, as mono */
	REVIEW_FIX_KIND_COUNT
};

struct review_fix {
	enum review_fix_kind kind;
	size_t clip;		/* the clip (of a pair: the left one); index into clips */
	size_t other;		/* of a pair: the right clip; else clip */
	double confidence;	/* pair: the pair's; else the correlation at the
				 * found delay (1 when bit exact) */
	char *key;		/* "KIND:CLIP_KEY" or "pair:LEFT_KEY+RIGHT_KEY"; owned */
};

/* "pair", "fold", "flip", "mono". */
const char *review_fix_kind_name(enum review_fix_kind k);

/*
 * The fixes the findings of rv propose, in clip order (a pair at its
 * left clip): a new array in *out (NULL when none; free with
 * review_fixes_free()); returns how many.
 */
size_t review_list_fixes(const struct review *rv, struct review_fix **out);

/* Frees n fixes and the array. */
void review_fixes_free(struct review_fix *v, size_t n);

/* True when the clip was analysed and its confidence is under
 * threshold. */
bool review_uncertain(const struct review_clip *rc, double threshold);

/* Where one channel of a clip plays from, in its file's own frames. */
struct review_source {
	const char *path;	/* the media file (borrowed from the session) */
	int channel;		/* 1-based channel of the file */
	int channels;		/* channels the file has */
	int rate;		/* the file's sample rate */
	int64_t start;		/* first frame the clip plays */
	int64_t frames;		/* frames it plays */
};

/*
 * The source of channel ch (0-based) of clip i in *out; false when it
 * cannot be played (no media, missing, unreadable, embedded).
 */
bool review_source(const struct review *rv, size_t i, int ch, struct review_source *out);

#endif

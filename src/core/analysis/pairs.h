/*
 * pairs.h: split stereo.  NLEs (Premiere above all) put the two sides of
 * a stereo source on two mono tracks as two clips; routing wants them
 * back as one stereo clip.  Candidates come from what the session says:
 * two mono clips on different tracks with the same start and length,
 * named as halves (X.L/X.R, X Track 1/2, A1/A2), channel 1 and 2 of one
 * file, one master mob, the same source offset, adjacent tracks.  Each
 * candidate is then CONFIRMED by its audio over the clip's range
 * (waveform correlation and coherence, level envelopes and spectra, see
 * pairs.c), so two unrelated clips that merely line up are not proposed.
 *
 * Also for loose files (X.L.wav + X.R.wav given on a command line).
 * Results are plain records; nothing here prints.
 *
 * Depends on libc, err, json, session, clipread, stereo, pairsim and
 * pairname.
 */
#ifndef TURNOVER_ANALYSIS_PAIRS_H
#define TURNOVER_ANALYSIS_PAIRS_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/pairsim.h"
#include "analysis/stereo.h"
#include "err.h"
#include "json.h"
#include "session.h"

/* What speaks for a pair (bits). */
enum pair_evidence {
	PAIR_EVIDENCE_SAME_FILE = 1 << 0,	/* channels 1 and 2 of one file */
	PAIR_EVIDENCE_SAME_MASTER_MOB = 1 << 1,	/* one master mob, two channels */
	PAIR_EVIDENCE_NAME_LR = 1 << 2,		/* X.L / X.R, X_Left / X_Right, ... */
	PAIR_EVIDENCE_NAME_TRACK = 1 << 3,	/* "X Track 1" / "X Track 2" */
	PAIR_EVIDENCE_NAME_CHANNEL = 1 << 4,	/* X.A1 / X.A2, X_Ch1 / X_Ch2 */
	PAIR_EVIDENCE_SAME_RANGE = 1 << 5,	/* same start, length, source offset */
	PAIR_EVIDENCE_ADJACENT = 1 << 6,	/* on neighbouring tracks */
	PAIR_EVIDENCE_AUDIO_SAME = 1 << 7,	/* one signal (dual/near dual mono,
						 * polarity inverted) */
	PAIR_EVIDENCE_AUDIO_CORRELATED = 1 << 8,	/* waveform or coherence */
	PAIR_EVIDENCE_AUDIO_ALIKE = 1 << 9,	/* envelopes and spectra go together */
	PAIR_EVIDENCE_COUNT = 10
};

struct pairs_options {
	struct stereo_options stereo;	/* delay search of the L/R analysis */
};

/* The audio verdict on two signals as one stereo pair. */
struct pair_check {
	unsigned evidence;	/* enum pair_evidence bits, metadata and audio */
	bool confirmed;		/* the audio supports the pair */
	double confidence;	/* 0 .. 1; 0 when not confirmed */
	struct stereo_result audio;	/* the two measured as L and R */
	struct pairsim_result sim;
};

/* A clip: indices into s->tracks and that track's clips. */
struct pair_clip {
	size_t track, clip;
};

struct pair {
	struct pair_clip left, right;
	struct pair_check check;
};

/* Pairs of a session: owned array; release with pairs_release(). */
struct pairs {
	struct pair *v;		/* confirmed pairs, by left track, then clip */
	size_t n;
	size_t candidates;	/* candidates checked */
	size_t unconfirmed;	/* of them, not confirmed by the audio (or
				 * unreadable) */
};

void pairs_options_init(struct pairs_options *o);

/*
 * Finds the split-stereo pairs among the mono clips of s's audio tracks
 * (media must have been located: clips whose media cannot be read are
 * never confirmed).  A clip is in at most one pair; among rival
 * candidates the most confident wins.  Left is the half named L (or
 * Track 1, A1), else the file's channel 1, else the clip on the lower
 * track.  o NULL: defaults.  Cannot fail (unreadable media are counted in
 * unconfirmed); out is overwritten.
 */
void pairs_find(const struct session *s, const struct pairs_options *o, struct pairs *out);

/* Frees p's array and empties it; NULL-safe. */
void pairs_release(struct pairs *p);

/*
 * Checks two loose mono files (their first channel, from the start, over
 * the shorter length) as left and right of one stereo source; evidence
 * from their names and their audio.  o NULL: defaults.
 * errors: ERR_MEDIA_MISSING, ERR_MEDIA_UNREADABLE, ERR_INVALID (different
 * sample rates).
 */
enum err pairs_check_files(const char *left, const char *right, const struct pairs_options *o,
			   struct pair_check *out, struct errbuf *eb);

/* Two loose files that belong together: indices into the caller's list. */
struct file_pair {
	size_t left, right;
	struct pair_check check;
};

/*
 * Finds the pairs among n loose files: names that are halves of one
 * source (pairname.h), each confirmed by pairs_check_files().  *out gets
 * a new array of the confirmed pairs (caller frees; NULL when none), in
 * the order of their left file.  Files that cannot be read are skipped.
 * Returns the count.
 */
size_t pairs_find_files(const char *const *paths, size_t n, const struct pairs_options *o,
			struct file_pair **out);

/* "same_file", "same_master_mob", "name_lr", "name_track", "name_channel",
 * "same_range", "adjacent_tracks", "audio_same", "audio_correlated",
 * "audio_alike" for one bit; "" else. */
const char *pair_evidence_name(unsigned bit);

/*
 * Writes p as the value of the analysis' "pairs" key: [{"left": {"track",
 * "index"}, "right": {...}, "evidence": [names], "confidence", "relation",
 * "delay_samples", "gain_diff_db"}], track = the audio track's number and
 * index = the clip's position on it, both from 1 (as the turnover truth
 * files count).
 */
void pairs_json_write(struct json_writer *w, const struct session *s, const struct pairs *p);

#endif

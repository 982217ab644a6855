/*
 * triage.h: the decisions a person makes about a session's clips (this
 * clip is music; keep that one for later), with undo and redo, kept in a
 * state file of their own beside the session's outputs, never in the
 * turnover's files.
 *
 * Clips are named by a stable key (review.h makes them from track, clip
 * index, position and media name), so a state file is read back against
 * the same AAF.  The file is JSON:
 *
 *	{ "format": 1, "session": "demo.aaf",
 *	  "decisions": [ { "clip": "A2#3@172800000:music.wav",
 *	                   "class": "music", "by": "human", "marked": true } ],
 *	  "fixes": [ { "fix": "fold:A7#1@1632000:A003_C002.wav",
 *	               "decision": "accepted" } ] }
 *
 * sorted by clip key (and fix key), written atomically (savefile.h).
 *
 * Fixes: what a person decided about a channel fix the analysis proposes
 * (review.h, findings.h), for `prep` to apply or leave.  A fix key is
 * "KIND:CLIP" or, for a pair, "pair:LEFT+RIGHT", with the clip keys of
 * review.h and KIND one of
 *	pair	two mono clips (LEFT, RIGHT) are one split stereo source:
 *		play them as one stereo clip
 *	fold	dual mono or near dual mono: fold to one mono channel
 *	flip	polarity inverted: flip the right channel
 *	mono	one side silent: keep the side with sound, as mono
 * "fixes" came with no format change: older readers skip the member, and
 * files without it load with no fixes decided.
 *
 * Depends on libc, err.h, json.h, savefile.h and the class names of
 * analysis/classifier.h.
 */
#ifndef TURNOVER_TRIAGE_H
#define TURNOVER_TRIAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "analysis/classifier.h"

/* The newest state file format written and read. */
#define TRIAGE_FORMAT 1

/* Most steps undo can go back. */
#define TRIAGE_UNDO_MAX 1000

/* One clip's decisions. */
struct triage_decision {
	enum clip_class cls;	/* decided class; CLIP_CLASS_COUNT = none */
	bool accepted;		/* the decision took the suggested class */
	bool marked;		/* kept for later */
};

/* A person's word on a proposed channel fix. */
enum triage_fix {
	TRIAGE_FIX_NONE,	/* not decided */
	TRIAGE_FIX_ACCEPTED,	/* apply it */
	TRIAGE_FIX_REJECTED,	/* leave the clip as it is */
	TRIAGE_FIX_COUNT
};

/* The decisions of one session; opaque. */
struct triage;

/* An empty set (nothing decided); free with triage_free(). */
struct triage *triage_new(void);

/* Frees t; NULL does nothing. */
void triage_free(struct triage *t);

/* The decisions on clip key (all "none" when there are none). */
struct triage_decision triage_get(const struct triage *t, const char *key);

/*
 * Decides clip key is of class cls (CLIP_CLASS_COUNT takes the decision
 * back); accepted says it took the suggestion.  Returns false (and
 * records nothing) when that changes nothing.  Clears what redo had.
 */
bool triage_set_class(struct triage *t, const char *key, enum clip_class cls, bool accepted);

/* Marks or unmarks clip key for later; false when unchanged. */
bool triage_set_mark(struct triage *t, const char *key, bool marked);

/*
 * Undoes the last change (redo brings it back).  Returns the key of the
 * clip it changed, borrowed until the next change, or NULL when there is
 * nothing to undo.
 */
const char *triage_undo(struct triage *t);

/* Redoes the change undone last; as triage_undo(). */
const char *triage_redo(struct triage *t);

/* Number of clips with a decided class. */
size_t triage_count_decided(const struct triage *t);

/* Number of clips marked for later. */
size_t triage_count_marked(const struct triage *t);

/* The decision on fix key (TRIAGE_FIX_NONE when there is none). */
enum triage_fix triage_get_fix(const struct triage *t, const char *fix_key);

/* Records the decision on fix key (TRIAGE_FIX_NONE takes it back);
 * false when that changes nothing.  Not part of undo and redo. */
bool triage_set_fix(struct triage *t, const char *fix_key, enum triage_fix d);

/* Number of fixes with decision d (ACCEPTED or REJECTED). */
size_t triage_count_fixes(const struct triage *t, enum triage_fix d);

/* "accepted", "rejected", "" (none). */
const char *triage_fix_name(enum triage_fix d);

/* Changes since the last save or load (0 when the file is up to date). */
unsigned triage_unsaved(const struct triage *t);

/*
 * Reads the state file at path into t (emptied first; undo history is
 * cleared).  Unknown classes and members are skipped.
 * errors: ERR_NOT_FOUND (no file: t stays empty), ERR_IO, ERR_JSON,
 * ERR_CONFIG (not a state file, or a newer format).
 */
enum err triage_load(struct triage *t, const char *path, struct errbuf *eb);

/*
 * Writes t to path atomically, creating its folder (one level) when it
 * is not there; session names the AAF for people reading the file.
 * errors: ERR_IO.
 */
enum err triage_save(struct triage *t, const char *path, const char *session,
		     struct errbuf *eb);

/*
 * Where the state file of the AAF at aaf_path goes: "DIR/STEM.turnover/
 * triage.json" beside the AAF: the session's output folder.  Returns a
 * new string.
 */
char *triage_state_path(const char *aaf_path);

/*
 * Where the state file goes when the AAF's folder cannot be written (a
 * read-only delivery): "STATE_DIR/STEM-HASH/triage.json", HASH naming the
 * AAF's absolute path abs_path (16 hex digits, FNV-1a), so two turnovers
 * of the same name do not meet.  Returns a new string.
 */
char *triage_fallback_path(const char *abs_path, const char *state_dir);

#endif

/*
 * fixplan.h: the channel fixes of a session, planned, written and applied.
 *
 *  - A confirmed split pair of two mono files is re-interleaved into one
 *    stereo WAVE (fixmedia.h: whole files, sample for sample, bext and
 *    iXML carried over).  A pair that is channel 1 and 2 of one stereo
 *    file needs no new file ("join").
 *  - Dual mono clips are folded to mono (only when asked): a mono file of
 *    the source's first channel.
 *  - Polarity-inverted clips get their right channel flipped (only when
 *    asked): a stereo file with channel 2 negated.
 *  - A clip with one side silent can play the side with sound alone
 *    ("keep side"): no new file, the clip points at that channel.
 * Fixed files go into an output folder the caller names, never over an
 * original; one file per distinct source combination, named after the
 * source ("X.L.wav" -> "X.wav", "X_mono.wav", "X_polarity.wav"), made
 * unique against each other and the session's media names.
 *
 * The model change (fixplan_apply()):
 *  - pair: the left clip becomes a 2-channel clip playing channels 1 and
 *    2 of the stereo file (new, or the joined one) at the left clip's
 *    source offset; everything else of the left clip (name, gain, fades,
 *    automation, mute) stays.  The right clip is removed from its track.
 *    The left track's format becomes STEREO when all its clips are now
 *    stereo; other track formats are left alone (routing decides).
 *  - fold: the clip becomes 1-channel, playing the mono file.
 *  - keep side: the clip becomes 1-channel, playing the kept channel of
 *    its own source.
 *  - flip: the clip keeps its channels, playing the flipped file.
 *  - each written file is added as a new media record (found, probed);
 *    the originals stay in the session (session_prune_media() drops those
 *    no clip plays any more).
 * Pairs the model cannot take are skipped with a reason: halves at
 * different source offsets, unreadable media, different rates or bit
 * depths.
 *
 * Depends on libc, err, json (the writer), session, pairs, stereo,
 * pairname, fixmedia and media/probe + media/url (to record new media).
 */
#ifndef TURNOVER_ANALYSIS_FIXPLAN_H
#define TURNOVER_ANALYSIS_FIXPLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/fixmedia.h"
#include "analysis/pairs.h"
#include "analysis/stereo.h"
#include "err.h"
#include "json.h"
#include "session.h"

enum fix_kind {
	FIX_KIND_INTERLEAVE,	/* two mono files -> one stereo file */
	FIX_KIND_JOIN,		/* channels 1 + 2 of one file: model only */
	FIX_KIND_FOLD_MONO,	/* dual mono -> mono file */
	FIX_KIND_FLIP_POLARITY,	/* R = -L -> R flipped */
	FIX_KIND_KEEP_SIDE,	/* one side silent -> the other alone: model only */
	FIX_KIND_COUNT
};

struct fix_options {
	bool fold_dual_mono;	/* fold bit-exact dual mono clips */
	bool flip_polarity;	/* flip polarity-inverted clips */
};

/* A clip's channel relation, as the caller measured it (stereo.h). */
struct fix_relation {
	struct pair_clip clip;
	enum stereo_relation relation;
};

/* One file to write: channel k from in[k]. */
struct fix_output {
	char *name;		/* file name in the output folder; owned */
	int n_in;
	struct fix_source {
		int media;	/* index into s->media */
		int channel;	/* from 1 */
		bool invert;
	} in[2];
	/* after fixplan_write_media(): */
	char *path;		/* owned; NULL until written */
	struct fixmedia_info info;
};

struct fix_action {
	enum fix_kind kind;
	struct pair_clip clip;	/* the clip that changes (a pair's left) */
	bool has_other;
	struct pair_clip other;	/* a pair's right clip: removed */
	int output;		/* index into outputs; -1 for JOIN */
	int join_media;		/* JOIN: the stereo media; -1 else */
	int keep_channel;	/* KEEP_SIDE: the clip's channel kept, from 1; 0 else */
};

struct fixplan {
	struct fix_action *actions;
	size_t n_actions, alloc_actions;
	struct fix_output *outputs;
	size_t n_outputs, alloc_outputs;
	char **skipped;		/* why a pair or clip was not fixed; owned */
	size_t n_skipped, alloc_skipped;
};

#define FIXPLAN_INIT { NULL, 0, 0, NULL, 0, 0, NULL, 0, 0 }

void fix_options_init(struct fix_options *o);

/*
 * Plans the fixes of s into out (overwritten): every pair of pairs (may
 * be NULL), and with the options the clips of rel[0 .. n_rel) that are
 * dual mono (bit exact only) or polarity inverted.  Nothing is read or
 * written.
 */
void fixplan_build(const struct session *s, const struct pairs *pairs,
		   const struct fix_relation *rel, size_t n_rel, const struct fix_options *o,
		   struct fixplan *out);

/*
 * Adds the fix of split pair pr (an interleave, or a join when both
 * halves play one file) to p.  Returns false, with the reason added to
 * p->skipped, when the model cannot take it (see above).
 */
bool fixplan_add_pair(struct fixplan *p, const struct session *s, const struct pair *pr);

/*
 * Adds a fix of clip c's own two channels to p: FIX_KIND_FOLD_MONO (a
 * mono file of channel 1; for dual or near dual mono),
 * FIX_KIND_FLIP_POLARITY, or FIX_KIND_KEEP_SIDE (keep: the channel, 1 or
 * 2, that has sound).  The relation is the caller's to check.  Returns
 * false, with the reason in p->skipped, when the clip cannot take it
 * (not two channels; fold and flip: not one readable file).
 */
bool fixplan_add_clip(struct fixplan *p, const struct session *s, struct pair_clip c,
		      enum fix_kind k, int keep);

/*
 * Writes every output file into out_dir (created if missing, one level).
 * Stops at the first failure; files written before it stay (they are
 * complete).  errors: those of fixmedia_write(), ERR_IO (cannot create
 * out_dir).
 */
enum err fixplan_write_media(struct fixplan *p, const struct session *s, const char *out_dir,
			     struct errbuf *eb);

/*
 * Changes s as described above.  Every output must have been written
 * (ERR_INVALID otherwise, s unchanged).
 */
enum err fixplan_apply(const struct fixplan *p, struct session *s, struct errbuf *eb);

/* fixplan_write_media() then fixplan_apply(). */
enum err fixplan_run(struct fixplan *p, struct session *s, const char *out_dir,
		     struct errbuf *eb);

/* Frees everything p owns and empties it; NULL-safe. */
void fixplan_release(struct fixplan *p);

/* "interleave", "join", "fold_mono", "flip_polarity", "keep_side"; "" else. */
const char *fix_kind_name(enum fix_kind k);

/*
 * Writes the plan: {"actions": [{"kind", "clip": {"track", "index"},
 * "removes": {...} or null, "output": name or null}], "outputs": [{"name",
 * "path", "channels", "sources": [{"media", "channel", "invert"}]}],
 * "skipped": [reasons]}; clips numbered as in the session before the
 * change.
 */
void fixplan_json_write(struct json_writer *w, const struct session *s,
			const struct fixplan *p);

#endif

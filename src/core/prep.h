/*
 * prep.h: from a turnover to an organised session: `turnover prep`.
 *
 * Reads the AAF (media relinked), analyses every clip (cached), takes a
 * person's decisions, plans the stereo fixes and writes the fixed media,
 * maps every clip into the template's tracks (mapping.h) and writes, in
 * an output folder that appears whole or not at all (prep/outdir.h):
 *
 *	NAME.aaf	the organised session (NAME: the input's), deterministic
 *	media/		the fixed media (re-interleaved pairs, folded dual
 *			mono, flipped polarity)
 *	report.txt	for people
 *	report.json	for scripts (prep_report.h)
 *	safety/		the AAF as received and a hash manifest (prep/safety.h)
 *
 * The channel fixes follow the review's fix decisions (triage.h), else
 * these rules: a confirmed split pair is made one stereo clip unless
 * rejected; dual mono (or near) is folded to mono when accepted or, when
 * undecided, when the template track it would take as a mono clip is
 * mono (a trial mapping decides; the real one follows the fixes);
 * polarity is flipped only when accepted or with fix_polarity (else it is
 * a problem in the report); one side silent plays the other side alone
 * only when accepted.  Every proposed fix is in the report, applied or
 * declined, with who decided.
 *
 * Missing media is reported, not fatal.  The same input, template and
 * decisions give byte-identical files.  Nothing is written next to the
 * originals: the output folder may not be the AAF's own folder, a folder
 * in or around a --media folder, nor one holding the AAF or a media file
 * found or beside one (replacing it would remove an original).
 *
 * Depends on the core: aaf, analysis (job, pairs, stereo, fixplan),
 * template, mapping, triage, review (clip keys), prep/outdir, prep/safety.
 */
#ifndef TURNOVER_PREP_H
#define TURNOVER_PREP_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "analysis/classifier.h"

struct outdir;

/* Stages, for progress. */
enum prep_stage {
	PREP_STAGE_READ,
	PREP_STAGE_ANALYSE,
	PREP_STAGE_FIX,
	PREP_STAGE_MAP,
	PREP_STAGE_WRITE,
	PREP_STAGE_SAFETY,
	PREP_STAGE_COMMIT,
	PREP_STAGE_COUNT
};

struct prep_options {
	const char *aaf;		/* the turnover */
	const char *template_path;	/* the template file */
	const char *out_dir;		/* the folder to make */
	const char *const *media_dirs;	/* more places to look for media */
	size_t n_media_dirs;
	const char *decisions;		/* triage file; NULL: the browser's (triage_state_path) */
	const char *state_dir;		/* the browser's fallback folder; NULL: none */
	bool force;			/* replace a non-empty out_dir */
	bool fix_polarity;		/* flip polarity-inverted clips no one rejected */
	int jobs;			/* analysis threads; <= 0: all cores */
	const char *cache_dir;		/* analysis cache; NULL: none */
	const struct classifier *model;	/* borrowed */
	/* called at each stage; done/total count clips while analysing;
	 * PREP_STAGE_COMMIT comes right before the folder is committed (a
	 * front end with a signal handler holds its signals from there) */
	void (*progress)(enum prep_stage st, size_t done, size_t total, void *user);
	/* called with the output folder once it exists, and with NULL once it
	 * is committed or just before it is removed on failure (for a signal
	 * handler: outdir_abort_signal()) */
	void (*on_outdir)(const struct outdir *o, void *user);
	void *user;
};

/* What was done, for the command's summary. */
struct prep_summary {
	char *out_aaf;		/* path of the session written (in the final folder); owned */
	size_t clips;		/* clips in the input */
	size_t review;		/* of them on the review track */
	size_t human;		/* placed by a person's decision */
	size_t missing_media;	/* media files not found */
	size_t fixes;		/* fix actions applied */
	size_t tracks;		/* tracks of the organised session */
	size_t extra_tracks;	/* overflow copies beyond the template's */
};

void prep_options_init(struct prep_options *o);

/*
 * Runs prep as above.  errors: ERR_INVALID (output folder next to the
 * originals), ERR_EXISTS (non-empty out_dir without force), ERR_CONFIG
 * (bad template or decisions file), the AAF reader's errors, ERR_IO.
 * On error nothing is left at out_dir (an existing folder is untouched).
 */
enum err prep_run(const struct prep_options *o, struct prep_summary *out, struct errbuf *eb);

void prep_summary_release(struct prep_summary *s);

/* "reading", "analysing", …; "" else. */
const char *prep_stage_name(enum prep_stage st);

#endif

/*
 * prep_report.h: what `turnover prep` did to each clip, written as
 * report.json (for scripts) and report.txt (for people).  Deterministic:
 * no clock, fixed order (the input's tracks and clips).
 *
 * report.json: {"version": 1, "template": NAME, "template_file": BASENAME,
 * "input": BASENAME, "clips": [{"source_track", "source_index", "name",
 * "start", "length", "media", "class", "confidence", "decided_by",
 * "template_track", "problems": [...], "fixes": [{"fix", "applied", "by",
 * "detail"}]}], "tracks":
 * [{"name", "kind", "clips", "format", "colour", "folder", "output",
 * "extra"}], "notes": [...], "totals": {...}}; start and
 * length in samples at the session rate, start absolute (with the
 * timecode start).
 *
 * Depends on libc, strbuf, json, template.h, mapping.h.
 */
#ifndef TURNOVER_PREP_REPORT_H
#define TURNOVER_PREP_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mapping.h"
#include "template.h"

/* A channel fix proposed for a clip: applied or declined, and who said. */
struct prep_fix {
	char *fix;		/* "interleave", "fold_mono", … (fixplan.h); owned */
	bool applied;
	const char *by;		/* "human", "model" or "option"; static */
	char *detail;		/* the file written, or why declined; owned, may be NULL */
};

/* One clip of the input. */
struct prep_clip {
	int source_track;	/* audio track number from 1 */
	size_t source_index;	/* clip on it from 1 */
	char *name;		/* owned; may be NULL */
	int64_t start, length;	/* samples */
	char *media;		/* first channel's media name; owned, may be NULL */
	bool has_class;
	enum clip_class cls;
	bool has_confidence;
	double confidence;
	bool human;
	enum mapping_reason reason;
	char *template_track;	/* owned */
	bool on_review;		/* template_track is of kind review */
	char **problems;	/* owned */
	size_t n_problems;
	struct prep_fix *fixes;	/* owned */
	size_t n_fixes;
};

struct prep_report {
	const char *input;		/* the AAF's file name */
	const struct template *t;
	const struct mapping *m;
	struct prep_clip *clips;	/* owned */
	size_t n_clips;
	char **notes;			/* owned: skipped fixes, missing media, … */
	size_t n_notes;
	size_t missing_media, fixes;
	int tc_fps;			/* for report.txt */
	bool drop_frame;
	int sample_rate;
	struct rational edit_rate;
};

/* Adds a copy of the string to a list. */
void prep_report_push(char ***v, size_t *n, const char *s);

/* Adds a fix to clip c's list (copies fix and detail). */
void prep_report_add_fix(struct prep_clip *c, const char *fix, bool applied, const char *by,
			 const char *detail);

/* Frees what r owns. */
void prep_report_release(struct prep_report *r);

/* The report as JSON / text; new strings, *len their length. */
char *prep_report_json(const struct prep_report *r, size_t *len);
char *prep_report_text(const struct prep_report *r, size_t *len);

#endif

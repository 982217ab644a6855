/*
 * plan.h: where each clip of a review would land in a template, before
 * anything is written: the preview of `turnover prep` the browser shows
 * ("→ track" in the clip list and the detail view, the counts of its
 * prep screen).
 *
 * The clips are placed by mapping_plan() (mapping.h) as prep places
 * them: a person's decision (triage.h) first, else the analysis when its
 * confidence reaches the template's threshold, else the review track;
 * a split pair is joined into its left half (the right half lands with
 * it) unless the pair fix was rejected, when the two halves move
 * together as two clips.  Hint words come from the clip's and its media files' names
 * (prep also reads the files' iXML track names, which the preview does
 * not open, so a boom/lav choice that rests on iXML alone can differ).
 *
 * Pure core: depends on libc, mapping.h, review.h, template.h, triage.h.
 */
#ifndef TURNOVER_PLAN_H
#define TURNOVER_PLAN_H

#include <stddef.h>

#include "mapping.h"
#include "review.h"
#include "template.h"
#include "triage.h"

struct plan {
	struct mapping map;		/* the tracks of the organised session */
	size_t *track;			/* per review record: index into map.tracks; owned */
	enum mapping_reason *reason;	/* per review record; owned */
	size_t n;			/* records (rv->n_clips) */
	size_t review;			/* records going to the review track */
};

/* Plans every clip of rv (borrowed) into t with the decisions of tr
 * (may be NULL: none) into *out (overwritten; free with plan_release()). */
void plan_make(const struct template *t, const struct review *rv, const struct triage *tr,
	       struct plan *out);

/* The name of the track record i lands on ("DIA 2"); "" out of range. */
const char *plan_track_name(const struct plan *p, size_t i);

/* Frees what p holds; p is empty after. */
void plan_release(struct plan *p);

#endif

/*
 * cliplist.h: the clip list of the open session as a model: which clips
 * show (filters), in which order (sort), which is selected, incremental
 * search; and what a clip's class is on screen (a person's decision, else
 * the analysis' suggestion).  Drawing is in clipview.c.
 */
#ifndef TURNOVER_TUI_CLIPLIST_H
#define TURNOVER_TUI_CLIPLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/app.h"

/* Opens session sess in the clip list (filters and sort stay). */
void cliplist_open(struct app *a, size_t sess);

/* Rebuilds the rows after a filter, sort or decision changed, keeping the
 * selected clip selected when it still shows. */
void cliplist_rebuild(struct app *a);

/* The clip (index into rv->clips) of the selected row; false when the
 * list is empty. */
bool cliplist_selected(const struct app *a, size_t *clip);

/* Selects the row of clip; false when it does not show. */
bool cliplist_select_clip(struct app *a, size_t clip);

/* Moves the selection by delta rows, clamped. */
void cliplist_move(struct app *a, long delta);

/* Keeps the selected row on screen in lines rows. */
void cliplist_scroll(struct app *a, int lines);

/* The class shown for clip i: *human tells a person decided it;
 * CLIP_CLASS_COUNT when neither decided nor analysed. */
enum clip_class cliplist_class(const struct app *a, size_t i, bool *human);

/* True when clip i still needs a decision: nobody decided its class, and
 * it was not analysed or its confidence is under the threshold. */
bool cliplist_needs_decision(const struct app *a, size_t i);

/* Handles the list's own actions (sort, filters, search, threshold);
 * false when act is not one of them. */
bool cliplist_action(struct app *a, enum action act);

/* A key while a prompt (search, threshold) is open. */
void cliplist_prompt_key(struct app *a, int key);

/* "music, below 0.70, problems" for the title; "" when no filter. */
void cliplist_describe_filter(const struct app *a, char *buf, size_t n);

/* Plans the open session's clips into the template again (a->plan:
 * analysis results and decisions taken into account); empties it when
 * there is no template or no open session. */
void cliplist_plan(struct app *a);

/* The track clip i would land on ("DIA 2"), or NULL when unplanned. */
const char *cliplist_plan_track(const struct app *a, size_t i);

/* The column name of a sort order ("timecode", ...). */
const char *cliplist_sort_name(enum sort_col c);

#endif

/*
 * fixview.h: the stereo and mono review: each split pair and each channel
 * problem the analysis found in the open session (review_list_fixes()),
 * with its evidence and confidence; the originals and the fixed version
 * played for A/B (the fix rendered on the fly by the audio feed); each
 * fix accepted or rejected, saved at once with the triage decisions.
 */
#ifndef TURNOVER_TUI_FIXVIEW_H
#define TURNOVER_TUI_FIXVIEW_H

#include <stdbool.h>

#include "tui/app.h"

/* Opens the review of the open session (or of the selected one, from
 * the sessions view). */
void fixview_open(struct app *a);

/* Draws the view between the title and the status line. */
void fixview_draw(struct app *a);

/* Handles the view's actions (moving, playing, accepting, rejecting);
 * false when act is not one of them. */
bool fixview_action(struct app *a, enum action act);

/* The title line's part: "Channels 3 fixes, 1 accepted, 0 rejected". */
void fixview_title(struct app *a, char *buf, size_t n);

/* Frees the list. */
void fixview_release(struct app *a);

#endif

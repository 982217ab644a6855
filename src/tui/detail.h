/*
 * detail.h: the Detail view of the selected clip: where it sits, the
 * class and the scores per class, tags, problems, the decision, its
 * source media and channels, and a level overview with the play
 * position.  Up and down move to the clip before or after in the list.
 */
#ifndef TURNOVER_TUI_DETAIL_H
#define TURNOVER_TUI_DETAIL_H

#include <stdbool.h>

#include "tui/app.h"
#include "tui/worker.h"

/* Draws the view between the title and the status line. */
void detail_draw(struct app *a);

/* Asks the worker for the level overview of the selected clip, unless
 * it is there or on its way. */
void detail_request_levels(struct app *a);

/* Takes a JOB_LEVELS result (dropped when it is not the one asked for). */
void detail_levels(struct app *a, struct job_result *r);

/* Frees the level overview. */
void detail_release(struct app *a);

#endif

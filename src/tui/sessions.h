/*
 * sessions.h: the Sessions view: every turnover found in the paths, with
 * its state (reading, new, failed, ...), clip, uncertain, problem and
 * decision counts, and a panel about the one selected.  Also where the
 * sessions come from: the scan of the paths and the worker's results.
 */
#ifndef TURNOVER_TUI_SESSIONS_H
#define TURNOVER_TUI_SESSIONS_H

#include <stdbool.h>

#include "tui/app.h"
#include "tui/worker.h"

/* Looks for turnovers in a->paths (keeping sessions already read) and
 * queues the new ones for reading.  Problems go to the message line. */
void sessions_scan(struct app *a);

/* Frees every session. */
void sessions_free(struct app *a);

/* Takes a JOB_LOAD result into its session. */
void sessions_loaded(struct app *a, struct job_result *r);

/* Sessions read so far, and in all. */
void sessions_progress(const struct app *a, size_t *done, size_t *total);

/* Takes what the analyses finished into their sessions (rebuilding the
 * clip list of the open one) and starts the next; true while an
 * analysis is under way or waiting. */
bool sessions_poll_analysis(struct app *a);

/* How far the analysis of ts is, 0-100. */
int sessions_percent(const struct tui_session *ts);

/* Draws the view between the title and the status line. */
void sessions_draw(struct app *a);

/* Handles the view's own actions (open, rescan); false when act is not
 * one of them. */
bool sessions_action(struct app *a, enum action act);

/* Saves the decisions of session ts at once; the message line says when
 * it fails.  Returns false then. */
bool sessions_save(struct app *a, struct tui_session *ts);

#endif

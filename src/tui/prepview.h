/*
 * prepview.h: the prep screen: what `turnover prep` would write for a
 * session (output folder, template, clips per track, clips to review,
 * fixes, missing media), then the run itself on a thread (preprun.h) with
 * its stage on the status line, the browser answering keys all along.
 *
 * Keys while it is open (fixed, not from the keymap): Enter writes, e
 * edits the folder, F replaces a folder that is not empty (asked after
 * prep refused it), Escape goes back (a run goes on; its end is said on
 * the message line).
 */
#ifndef TURNOVER_TUI_PREPVIEW_H
#define TURNOVER_TUI_PREPVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/app.h"

/* Opens the screen for the selected (sessions view) or open session. */
void prepview_open(struct app *a);

/* A key while the screen is open. */
void prepview_key(struct app *a, int key);

/* Draws the screen between the title and the status line. */
void prepview_draw(struct app *a);

/* Takes the result of a run that ended; true while one is under way. */
bool prepview_poll(struct app *a);

/* "prep: analysing 5/17 clips" while a run is under way; "" else. */
void prepview_status(struct app *a, char *buf, size_t n);

/* The output folder of the AAF at aaf when none is given: beside the
 * AAF's folder, named after the AAF ("/x/reel1/r1.aaf": "/x/r1-prep").
 * A new string. */
char *prepview_default_dir(const char *aaf);

/* True when dir holds a report.json of a prep of the AAF at aaf. */
bool prepview_prepped(const char *aaf, const char *dir);

/* Waits for a run, frees what the screen holds. */
void prepview_release(struct app *a);

#endif

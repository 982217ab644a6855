/*
 * help.h: the help overlay, made from the keymap in force: every action
 * that has a key in the current view (its own section, then [common]),
 * with its keys and description, and what the flags mean.
 */
#ifndef TURNOVER_TUI_HELP_H
#define TURNOVER_TUI_HELP_H

#include <stdbool.h>

#include "tui/app.h"

/* Draws the overlay over the view. */
void help_draw(struct app *a);

/* Handles a key's action while the overlay is open (scroll, close);
 * returns false when the action should go to the view below. */
bool help_action(struct app *a, enum action act);

#endif

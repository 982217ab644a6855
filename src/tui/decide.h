/*
 * decide.h: triage from the keyboard: set the class, accept the
 * suggestion, mark for later, undo and redo (each saved at once to the
 * session's state file), and moving to the next clip that needs a
 * decision.
 */
#ifndef TURNOVER_TUI_DECIDE_H
#define TURNOVER_TUI_DECIDE_H

#include <stdbool.h>

#include "tui/app.h"

/* Handles the triage actions; false when act is none of them. */
bool decide_action(struct app *a, enum action act);

#endif

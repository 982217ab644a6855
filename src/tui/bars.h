/*
 * bars.h: the title line (where you are, the list's sort and filter),
 * the status line (playback and the audio device, what is running with
 * progress bars, analysis state, decision counts) and the message line
 * (messages, errors, the prompt).
 */
#ifndef TURNOVER_TUI_BARS_H
#define TURNOVER_TUI_BARS_H

#include "tui/app.h"

/* Lines the message takes at the bottom: 1, or up to 3 for a long one. */
int bars_message_lines(const struct app *a);

/* Draws the three lines. */
void bars_draw(struct app *a);

#endif

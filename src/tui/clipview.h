/*
 * clipview.h: drawing the clip list (timecode, track, name, class,
 * confidence with a bar, flags) and the cells the detail view shares.
 */
#ifndef TURNOVER_TUI_CLIPVIEW_H
#define TURNOVER_TUI_CLIPVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "session.h"
#include "tui/app.h"

/* Draws the clip list between the title and the status line. */
void clipview_draw(struct app *a);

/* The timecode label of absolute position samples in session s. */
void clipview_timecode(const struct session *s, int64_t samples, char *buf, size_t n);

/* The class of clip i in w columns at y, x: "• music" for a person's
 * decision, "music" for a suggestion, "—" for neither.  sel: the
 * selected line's attribute instead of the class colours (0: colours). */
void clipview_class(struct app *a, int y, int x, int w, size_t i, attr_t sel);

/* The confidence of clip i as "0.92 ████░" (11 columns), or "—". */
void clipview_confidence(struct app *a, int y, int x, size_t i, attr_t sel);

/* The flag letters of clip i: S split pair, D dual mono, M missing or
 * unreadable media, ! other problems; '.' for each that is not set. */
void clipview_flags(const struct app *a, size_t i, char buf[5]);

#endif

/*
 * inspect_text.h: the human-readable report of `turnover inspect`: a
 * header, each audio track with one line per clip, the media list and a
 * summary of missing or unreadable media.  Front-end code: it prints.
 */
#ifndef TURNOVER_INSPECT_TEXT_H
#define TURNOVER_INSPECT_TEXT_H

#include <stdio.h>

#include "session.h"

/*
 * Prints the report for s to fp, aiming at 100 columns.  Clip in and out
 * points are timecode at the composition's edit rate (the out point is
 * the first frame after the clip, as in an EDL).  Text from the file is
 * made safe for a terminal: bytes that are not UTF-8 become U+FFFD,
 * control and bidi-override characters become '?'.
 */
void inspect_print_text(FILE *fp, const struct session *s);

#endif

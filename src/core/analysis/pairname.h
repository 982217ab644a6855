/*
 * pairname.h: the naming conventions of split stereo.  Editors and
 * recorders name the two halves of a stereo source alike but for a side
 * marker at the end: "X.L.wav" / "X.R.wav", "X_L" / "X_R", "X-Left" /
 * "X-Right", "X Track 1" / "X Track 2" (Premiere's split channels),
 * "X.A1" / "X.A2" (channel numbers as Avid names them).
 *
 * Pure string work: libc only.
 */
#ifndef TURNOVER_ANALYSIS_PAIRNAME_H
#define TURNOVER_ANALYSIS_PAIRNAME_H

#include <stddef.h>

enum pairname_kind {
	PAIRNAME_NONE,
	PAIRNAME_LR,		/* L/R, Left/Right, Lt/Rt */
	PAIRNAME_TRACK,		/* "Track 1" / "Track 2" */
	PAIRNAME_CHANNEL,	/* A1/A2, Ch1/Ch2 */
	PAIRNAME_KIND_COUNT
};

/*
 * Whether names a and b are the two halves of one source: the same but for
 * a side marker at the end (the file extension, if any, is ignored but must
 * match; letters of the marker in either case).  The marker must follow a
 * separator ('.', '_', '-', ' ') or end a name whose base is not empty.
 * *a_is_left (if not NULL) is set to 1 when a is the left half (L, Left,
 * Track 1, A1), else 0.  Returns the kind, PAIRNAME_NONE when they are not
 * such a pair (NULL names included).
 */
enum pairname_kind pairname_match(const char *a, const char *b, int *a_is_left);

/*
 * The name of the stereo source a left half's name stands for: the base
 * without the side marker and its separator, keeping the extension
 * ("X.L.wav" -> "X.wav", "X Track 1.wav" -> "X.wav").  A new string the
 * caller frees; NULL when name carries no left marker.
 */
char *pairname_base(const char *name);

#endif

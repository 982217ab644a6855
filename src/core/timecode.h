/*
 * timecode.h: SMPTE timecode labels (HH:MM:SS:FF) for frame counts, and
 * back.
 *
 * A timecode format is a nominal frame rate (24, 25, 30, 50, 60, 100,
 * 120, …: the rate rounded to a whole number, so 29.97 counts as 30) and
 * whether labels drop.  Drop-frame skips frame labels 0 to d-1 at the
 * start of every minute except every tenth, where d is 2 per 30 fps of
 * nominal rate (2 at 30, 4 at 60, 8 at 120); it applies only to rates
 * that are multiples of 30, and a drop flag at any other rate is ignored.
 *
 * Labels wrap at 24 hours like an NLE's timecode clock: frame counts are
 * taken modulo one day, so -1 is 23:59:59:29 at 30 fps and a day plus one
 * frame is 00:00:00:01.  Frames get at least two digits, as in LibAAF's
 * output and our ground truth ("01:00:00:00" at 120 fps), so frames 100
 * to 119 at 120 fps take three.
 *
 * Low level: libc, err and rational only.
 */
#ifndef TURNOVER_TIMECODE_H
#define TURNOVER_TIMECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "rational.h"

/* Room for any label timecode_format() writes, with its NUL. */
#define TIMECODE_BUFSZ 16

/* Highest nominal rate accepted. */
#define TIMECODE_MAX_FPS 1000

struct timecode_fmt {
	int fps;	/* nominal frames per second, 1 .. TIMECODE_MAX_FPS */
	bool drop;	/* drop-frame labels (only when fps % 30 == 0) */
};

/*
 * The nominal timecode rate for an edit rate: the rate rounded to the
 * nearest whole number (24000/1001 -> 24, 30000/1001 -> 30, 11988/100 ->
 * 120, 25/1 -> 25).  Returns 0 for an invalid rate (see rational_valid())
 * or one above TIMECODE_MAX_FPS.
 */
int timecode_fps_for_rate(struct rational rate);

/* True when f is usable: fps in range.  A drop flag at an fps that is not
 * a multiple of 30 does not make f invalid; it is ignored. */
bool timecode_fmt_valid(struct timecode_fmt f);

/* Frames dropped per minute under f: 0 for non-drop (or drop ignored). */
int timecode_drop_frames(struct timecode_fmt f);

/* Frames in the 24-hour day of f (less than fps * 86400 when dropping);
 * 0 when f is invalid. */
int64_t timecode_frames_per_day(struct timecode_fmt f);

/*
 * Writes the label of frame count frames (frame 0 = 00:00:00:00) to buf
 * (n bytes, at least TIMECODE_BUFSZ to be never truncated) as
 * "HH:MM:SS:FF", with ';' before the frames when f drops.  An invalid f
 * gives "--:--:--:--".
 */
void timecode_format(struct timecode_fmt f, int64_t frames, char *buf, size_t n);

/*
 * Parses a label "HH:MM:SS:FF" into a frame count (0 .. one day - 1).
 * Each separator may be ':', ';' or '.', whatever f says; fields have 1
 * or 2 digits (frames up to 3); hours < 24, minutes and seconds < 60,
 * frames < fps, and under drop-frame the dropped labels (00:01:00;00 at
 * 29.97) are refused.
 * errors: ERR_INVALID (bad syntax, field out of range, dropped label,
 * invalid f); *frames is left alone then.
 */
enum err timecode_parse(struct timecode_fmt f, const char *s, int64_t *frames,
			struct errbuf *eb);

/*
 * Samples at sample_rate to whole frames of rate: floor of the exact
 * value, after adding the half sample that rounding a position to samples
 * may have taken off (session positions are rounded half up from exact
 * values, so the sample of a frame boundary at 29.97 can sit a fraction
 * before it).  Returns 0 for an invalid rate or sample_rate.
 */
int64_t timecode_samples_to_frames(int64_t samples, int sample_rate, struct rational rate);

/* timecode_format() of timecode_samples_to_frames(). */
void timecode_format_samples(struct timecode_fmt f, struct rational rate, int64_t samples,
			     int sample_rate, char *buf, size_t n);

#endif

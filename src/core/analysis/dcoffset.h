/*
 * dcoffset.h: the one definition of a DC offset, shared by the clip
 * classifier's problems (classify.h, through decode.h) and the channel
 * checks (stereo.h, health.h), so that the two never disagree.
 *
 * A channel's DC offset is its mean taken over windows of 1 s, counted
 * only when the mean keeps its sign in every window, and then the
 * smallest such mean (the plain mean for audio under one window).  Low
 * notes and rumble average out over a second (a 20 Hz sine leaves under
 * 1% of its amplitude) and change sign from window to window; an offset
 * does neither.  A clip has the problem when any of its channels reaches
 * DCOFFSET_LIMIT.
 *
 * Depends on libc only.
 */
#ifndef TURNOVER_ANALYSIS_DCOFFSET_H
#define TURNOVER_ANALYSIS_DCOFFSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A DC offset worth reporting: 1% of full scale (-40 dBFS).  In the DEV
 * corpus the files that reach it have an offset that is really there
 * (KTuberling's Galician recordings, some Nexuiz tracks), while music
 * with heavy bass stays under it.
 */
#define DCOFFSET_LIMIT 0.01

/* One channel's running measurement; embed it, set it up with
 * dcoffset_init(). */
struct dcoffset {
	int64_t window;		/* frames per window */
	double win_sum;		/* the current window */
	int64_t win_n;
	double sum;		/* every sample, for audio under one window */
	int64_t n;
	double min;		/* smallest |mean| of a full window so far */
	int sign;		/* sign all full windows shared; 0 when not */
	int64_t windows;	/* full windows */
};

/* Windows of one second at rate (48000 when rate <= 0). */
void dcoffset_init(struct dcoffset *d, int rate);

/* Adds n samples x[0], x[stride], ... (stride >= 1); NaN counts as 0 and
 * values beyond +-64 as +-64, as the decoders pass them on. */
void dcoffset_feed(struct dcoffset *d, const float *x, size_t n, size_t stride);

/* The offset so far, full scale = 1 (signed; 0 when the windows disagree
 * in sign or nothing was fed). */
double dcoffset_value(const struct dcoffset *d);

/* Whether offset dc (a dcoffset_value()) is a problem. */
bool dcoffset_is_problem(double dc);

#endif

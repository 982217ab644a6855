/*
 * xcorr.h: the cross-correlation of two signals over a bounded window of
 * lags, streamed: r(k) = sum over t of a[t] * b[t + k] for -max_lag <= k
 * <= max_lag, with b taken as 0 outside the signal.  Computed block by
 * block with FFTs (overlap-save over the lag window), so the cost per
 * sample barely depends on the window and memory stays a few FFT sizes.
 *
 * Low level: libc, xalloc and KissFFT (only in the .c).
 */
#ifndef TURNOVER_ANALYSIS_XCORR_H
#define TURNOVER_ANALYSIS_XCORR_H

#include <stddef.h>

/* Widest lag window xcorr_new() accepts. */
#define XCORR_MAX_LAG 8192

struct xcorr;

/* A new correlator for lags -max_lag .. max_lag (0 .. XCORR_MAX_LAG;
 * clamped); free with xcorr_free(). */
struct xcorr *xcorr_new(int max_lag);

/* The window it was made with. */
int xcorr_max_lag(const struct xcorr *x);

/* Feeds n more samples of both signals (same instants). */
void xcorr_feed(struct xcorr *x, const float *a, const float *b, size_t n);

/* Ends the signals and writes r(k) to r[k + max_lag] (2 * max_lag + 1
 * values).  The correlator is spent afterwards. */
void xcorr_finish(struct xcorr *x, double *r);

/* NULL does nothing. */
void xcorr_free(struct xcorr *x);

#endif

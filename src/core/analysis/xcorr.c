/* xcorr.c: bounded-lag cross-correlation by overlap-save FFTs.
 *
 * A window holds a and b from t = s - K to s + B + K (K = max_lag).  Once
 * full, the block a[s .. s+B) (zero-padded to N) is correlated circularly
 * with b[s-K .. s+B+K) (N >= B + 2K, so no lag wraps): output m is the
 * exact sum for lag m - K.  The products conj(A) * B of all blocks are
 * summed in the frequency domain, and one inverse FFT at the end gives
 * every lag.  The window then slides by B, keeping the last 2K samples. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <kiss_fftr.h>

#include "analysis/xcorr.h"
#include "xalloc.h"

/* Smallest FFT: below this, the per-block overhead dominates. */
#define MIN_FFT 4096

struct xcorr {
	int k;			/* max lag */
	int nfft, block;	/* FFT size N and block B = N - 2K */
	int fill;		/* samples in the window */
	kiss_fftr_cfg fwd, inv;
	float *wa, *wb;		/* window: t = s - K + i at index i */
	float *ta, *tb;		/* FFT inputs, N each */
	kiss_fft_cpx *fa, *fb;	/* FFT outputs, N/2 + 1 each */
	double *acc_re, *acc_im;	/* sum of conj(A) * B */
};

static kiss_fftr_cfg fft_alloc(int n, int inverse)
{
	size_t len = 0;

	kiss_fftr_alloc(n, inverse, NULL, &len);
	return kiss_fftr_alloc(n, inverse, xmalloc(len), &len);
}

struct xcorr *xcorr_new(int max_lag)
{
	struct xcorr *x = xcalloc(1, sizeof(*x));
	int bins;

	x->k = max_lag < 0 ? 0 : max_lag > XCORR_MAX_LAG ? XCORR_MAX_LAG : max_lag;
	x->nfft = MIN_FFT;
	while (x->nfft < 16 * x->k)	/* keeps B at least 7/8 of N */
		x->nfft *= 2;
	x->block = x->nfft - 2 * x->k;
	bins = x->nfft / 2 + 1;
	x->fwd = fft_alloc(x->nfft, 0);
	x->inv = fft_alloc(x->nfft, 1);
	x->wa = xcalloc((size_t)(x->block + 2 * x->k), sizeof(float));
	x->wb = xcalloc((size_t)(x->block + 2 * x->k), sizeof(float));
	x->ta = xcalloc((size_t)x->nfft, sizeof(float));
	x->tb = xcalloc((size_t)x->nfft, sizeof(float));
	x->fa = xcalloc((size_t)bins, sizeof(kiss_fft_cpx));
	x->fb = xcalloc((size_t)bins, sizeof(kiss_fft_cpx));
	x->acc_re = xcalloc((size_t)bins, sizeof(double));
	x->acc_im = xcalloc((size_t)bins, sizeof(double));
	x->fill = x->k;		/* nothing before t = 0: zeros */
	return x;
}

int xcorr_max_lag(const struct xcorr *x)
{
	return x->k;
}

/* Correlates a[K .. K+na) with b[0 .. nb) of the window and adds the
 * product spectrum. */
static void run_block(struct xcorr *x, int na, int nb)
{
	int bins = x->nfft / 2 + 1;

	memcpy(x->ta, x->wa + x->k, (size_t)na * sizeof(float));
	memset(x->ta + na, 0, (size_t)(x->nfft - na) * sizeof(float));
	memcpy(x->tb, x->wb, (size_t)nb * sizeof(float));
	memset(x->tb + nb, 0, (size_t)(x->nfft - nb) * sizeof(float));
	kiss_fftr(x->fwd, x->ta, x->fa);
	kiss_fftr(x->fwd, x->tb, x->fb);
	for (int f = 0; f < bins; f++) {
		double ar = x->fa[f].r, ai = x->fa[f].i, br = x->fb[f].r, bi = x->fb[f].i;

		x->acc_re[f] += ar * br + ai * bi;
		x->acc_im[f] += ar * bi - ai * br;
	}
}

void xcorr_feed(struct xcorr *x, const float *a, const float *b, size_t n)
{
	int w = x->block + 2 * x->k;

	while (n > 0) {
		size_t take = (size_t)(w - x->fill);

		if (take > n)
			take = n;
		memcpy(x->wa + x->fill, a, take * sizeof(float));
		memcpy(x->wb + x->fill, b, take * sizeof(float));
		x->fill += (int)take;
		a += take;
		b += take;
		n -= take;
		if (x->fill < w)
			break;
		run_block(x, x->block, w);
		memmove(x->wa, x->wa + x->block, (size_t)(2 * x->k) * sizeof(float));
		memmove(x->wb, x->wb + x->block, (size_t)(2 * x->k) * sizeof(float));
		x->fill = 2 * x->k;
	}
}

void xcorr_finish(struct xcorr *x, double *r)
{
	int bins = x->nfft / 2 + 1;

	/* b after the end is zero: the window's tail past fill is stale */
	if (x->fill > x->k)
		run_block(x, x->fill - x->k, x->fill);
	for (int f = 0; f < bins; f++) {
		x->fa[f].r = (float)x->acc_re[f];
		x->fa[f].i = (float)x->acc_im[f];
	}
	kiss_fftri(x->inv, x->fa, x->ta);
	for (int m = 0; m <= 2 * x->k; m++)
		r[m] = (double)x->ta[m] / x->nfft;
	x->fill = x->k;
	memset(x->acc_re, 0, (size_t)bins * sizeof(double));
	memset(x->acc_im, 0, (size_t)bins * sizeof(double));
}

void xcorr_free(struct xcorr *x)
{
	if (!x)
		return;
	free(x->fwd);
	free(x->inv);
	free(x->wa);
	free(x->wb);
	free(x->ta);
	free(x->tb);
	free(x->fa);
	free(x->fb);
	free(x->acc_re);
	free(x->acc_im);
	free(x);
}

/* pairsim.c: frame-level similarity of two signals (see pairsim.h). */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <kiss_fftr.h>

#include "analysis/pairsim.h"
#include "xalloc.h"

#define BANDS 16
#define LO_HZ 60.0
#define HI_HZ 16000.0
/* A frame takes part when either side is above -70 dBFS: quieter frames
 * are room noise and dither, whose levels say nothing about the source. */
#define ACTIVE_DB (-70.0)
/* Levels are floored here so that silence in one band does not dominate
 * a correlation through -inf values. */
#define FLOOR_DB (-90.0)

/* Running sums for one Pearson correlation. */
struct corr_acc {
	double n, sx, sy, sxx, syy, sxy;
};

struct pairsim {
	int nfft, fill;
	int lo[BANDS], hi[BANDS];	/* bins of each band: [lo, hi) */
	kiss_fftr_cfg fft;
	float *win, *fa, *fb, *tmp;
	kiss_fft_cpx *spec, *spec_a;
	double *sxx, *syy, *sxy_re, *sxy_im;	/* per bin, summed over frames */
	int bin_lo, bin_hi;	/* bins of the coherence: [lo, hi) */
	double norm;		/* bin power -> mean square */
	double lt_a[BANDS], lt_b[BANDS];	/* long-term band power */
	struct corr_acc broad, band[BANDS], flux[BANDS];
	double prev_a[BANDS], prev_b[BANDS];	/* band levels of the last frame, dB */
	bool have_prev;		/* the last frame was active */
	int64_t frames, active;
};

struct pairsim *pairsim_new(int rate)
{
	struct pairsim *p = xcalloc(1, sizeof(*p));
	double hi, wsum = 0;
	size_t len = 0;

	if (rate < 8000)
		rate = 8000;
	hi = rate * 0.45 < HI_HZ ? rate * 0.45 : HI_HZ;
	p->nfft = 256;
	while (p->nfft < rate / 50)
		p->nfft *= 2;
	kiss_fftr_alloc(p->nfft, 0, NULL, &len);
	p->fft = kiss_fftr_alloc(p->nfft, 0, xmalloc(len), &len);
	p->win = xmalloc((size_t)p->nfft * sizeof(float));
	p->fa = xmalloc((size_t)p->nfft * sizeof(float));
	p->fb = xmalloc((size_t)p->nfft * sizeof(float));
	p->tmp = xmalloc((size_t)p->nfft * sizeof(float));
	p->spec = xmalloc((size_t)(p->nfft / 2 + 1) * sizeof(kiss_fft_cpx));
	p->spec_a = xmalloc((size_t)(p->nfft / 2 + 1) * sizeof(kiss_fft_cpx));
	p->sxx = xcalloc((size_t)(p->nfft / 2 + 1), sizeof(double));
	p->syy = xcalloc((size_t)(p->nfft / 2 + 1), sizeof(double));
	p->sxy_re = xcalloc((size_t)(p->nfft / 2 + 1), sizeof(double));
	p->sxy_im = xcalloc((size_t)(p->nfft / 2 + 1), sizeof(double));
	for (int i = 0; i < p->nfft; i++) {
		p->win[i] = (float)(0.5 - 0.5 * cos(2 * M_PI * (i + 0.5) / p->nfft));
		wsum += (double)p->win[i] * p->win[i];
	}
	p->norm = 2.0 / ((double)p->nfft * wsum);
	for (int b = 0; b < BANDS; b++) {
		double f0 = LO_HZ * pow(hi / LO_HZ, (double)b / BANDS);
		double f1 = LO_HZ * pow(hi / LO_HZ, (double)(b + 1) / BANDS);

		p->lo[b] = (int)lround(f0 * p->nfft / rate);
		p->hi[b] = (int)lround(f1 * p->nfft / rate);
		if (p->hi[b] <= p->lo[b])
			p->hi[b] = p->lo[b] + 1;
	}
	p->bin_lo = p->lo[0];
	p->bin_hi = p->hi[BANDS - 1];
	return p;
}

void pairsim_free(struct pairsim *p)
{
	if (!p)
		return;
	free(p->fft);
	free(p->win);
	free(p->fa);
	free(p->fb);
	free(p->tmp);
	free(p->spec);
	free(p->spec_a);
	free(p->sxx);
	free(p->syy);
	free(p->sxy_re);
	free(p->sxy_im);
	free(p);
}

static void corr_add(struct corr_acc *c, double x, double y)
{
	c->n++;
	c->sx += x;
	c->sy += y;
	c->sxx += x * x;
	c->syy += y * y;
	c->sxy += x * y;
}

static double corr_value(const struct corr_acc *c)
{
	double vx = c->sxx - c->sx * c->sx / c->n, vy = c->syy - c->sy * c->sy / c->n;
	double cov = c->sxy - c->sx * c->sy / c->n;

	if (c->n < PAIRSIM_MIN_FRAMES || vx <= 1e-9 * c->n || vy <= 1e-9 * c->n)
		return NAN;
	return cov / sqrt(vx * vy);
}

static double level_db(double ms)
{
	double db = ms > 0 ? 10 * log10(ms) : FLOOR_DB;

	return db < FLOOR_DB ? FLOOR_DB : db;
}

/* Band powers (mean square) of one frame. */
static void band_power(struct pairsim *p, const float *x, double *out)
{
	for (int i = 0; i < p->nfft; i++)
		p->tmp[i] = x[i] * p->win[i];
	kiss_fftr(p->fft, p->tmp, p->spec);
	for (int b = 0; b < BANDS; b++) {
		double e = 0;

		for (int k = p->lo[b]; k < p->hi[b]; k++)
			e += (double)p->spec[k].r * p->spec[k].r + (double)p->spec[k].i * p->spec[k].i;
		out[b] = e * p->norm;
	}
}

/* Adds the frame's cross spectrum: spec_a holds side a's, spec side b's. */
static void cross_spectrum(struct pairsim *p)
{
	for (int k = p->bin_lo; k < p->bin_hi; k++) {
		double ar = p->spec_a[k].r, ai = p->spec_a[k].i, br = p->spec[k].r, bi = p->spec[k].i;

		p->sxx[k] += ar * ar + ai * ai;
		p->syy[k] += br * br + bi * bi;
		p->sxy_re[k] += ar * br + ai * bi;
		p->sxy_im[k] += ai * br - ar * bi;
	}
}

static void run_frame(struct pairsim *p)
{
	double ea[BANDS], eb[BANDS], ta = 0, tb = 0;
	kiss_fft_cpx *t;

	band_power(p, p->fa, ea);
	t = p->spec_a;
	p->spec_a = p->spec;
	p->spec = t;
	band_power(p, p->fb, eb);
	for (int b = 0; b < BANDS; b++) {
		p->lt_a[b] += ea[b];
		p->lt_b[b] += eb[b];
		ta += ea[b];
		tb += eb[b];
	}
	p->frames++;
	if (level_db(ta) < ACTIVE_DB && level_db(tb) < ACTIVE_DB) {
		p->have_prev = false;
		return;
	}
	p->active++;
	cross_spectrum(p);
	corr_add(&p->broad, level_db(ta), level_db(tb));
	for (int b = 0; b < BANDS; b++) {
		double la = level_db(ea[b]), lb = level_db(eb[b]);

		corr_add(&p->band[b], la, lb);
		if (p->have_prev)
			corr_add(&p->flux[b], la - p->prev_a[b], lb - p->prev_b[b]);
		p->prev_a[b] = la;
		p->prev_b[b] = lb;
	}
	p->have_prev = true;
}

void pairsim_feed(struct pairsim *p, const float *a, const float *b, size_t n)
{
	while (n > 0) {
		size_t take = (size_t)(p->nfft - p->fill);

		if (take > n)
			take = n;
		memcpy(p->fa + p->fill, a, take * sizeof(float));
		memcpy(p->fb + p->fill, b, take * sizeof(float));
		p->fill += (int)take;
		a += take;
		b += take;
		n -= take;
		if (p->fill == p->nfft) {
			run_frame(p);
			p->fill = 0;
		}
	}
}

/* Mean of the band correlations c[] over bands that carry sound. */
static double mean_band_corr(const struct corr_acc *c_acc)
{
	double sum = 0;
	int n = 0;

	for (int b = 0; b < BANDS; b++) {
		double c = corr_value(&c_acc[b]);

		if (!isnan(c)) {
			sum += c;
			n++;
		}
	}
	return n ? sum / n : NAN;
}

/* Shape difference of the long-term spectra. */
static void spectra(const struct pairsim *p, struct pairsim_result *out)
{
	double d[BANDS], mean = 0, var = 0;
	int n = 0;

	for (int b = 0; b < BANDS; b++) {
		double la = level_db(p->lt_a[b] / (double)p->frames);
		double lb = level_db(p->lt_b[b] / (double)p->frames);

		if (la > FLOOR_DB || lb > FLOOR_DB) {
			d[n] = lb - la;
			mean += d[n++];
		}
	}
	if (n < BANDS / 4)
		return;
	mean /= n;
	for (int i = 0; i < n; i++)
		var += (d[i] - mean) * (d[i] - mean);
	out->level_diff_db = mean;
	out->spec_dist_db = sqrt(var / n);
}

/* Magnitude-squared coherence, averaged over the bins with their power
 * as weight. */
static double coherence(const struct pairsim *p)
{
	double num = 0, den = 0;

	for (int k = p->bin_lo; k < p->bin_hi; k++) {
		double w = sqrt(p->sxx[k] * p->syy[k]);

		if (w <= 0)
			continue;
		num += (p->sxy_re[k] * p->sxy_re[k] + p->sxy_im[k] * p->sxy_im[k]) / w;
		den += w;
	}
	return den > 0 ? num / den : NAN;
}

void pairsim_finish(struct pairsim *p, struct pairsim_result *out)
{
	memset(out, 0, sizeof(*out));
	out->env_corr = out->band_corr = out->flux_corr = out->coherence = out->spec_dist_db = out->level_diff_db = NAN;
	if (p->fill > p->nfft / 2) {	/* a last frame mostly of signal */
		memset(p->fa + p->fill, 0, (size_t)(p->nfft - p->fill) * sizeof(float));
		memset(p->fb + p->fill, 0, (size_t)(p->nfft - p->fill) * sizeof(float));
		run_frame(p);
	}
	p->fill = 0;
	out->frames = p->frames;
	out->active = p->active;
	if (p->active >= PAIRSIM_MIN_FRAMES) {
		out->env_corr = corr_value(&p->broad);
		out->band_corr = mean_band_corr(p->band);
		out->flux_corr = mean_band_corr(p->flux);
		out->coherence = coherence(p);
	}
	if (p->frames > 0 && p->active > 0)
		spectra(p, out);
}

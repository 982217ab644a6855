/* segment.c: statistics of a run of analysis frames. */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/segment.h"

#define ACTIVE_DB 35.0		/* active: within this of the 95th percentile */
#define ABS_FLOOR_DB -75.0	/* and above this */
#define ENV_RANGE_DB 40.0	/* envelope floor below the 95th percentile */
#define VOICED_HARM 0.5
#define ONSET_RISE_DB 3.0
#define BEAT_MIN (SPECTRUM_FPS * 6 / 25)	/* 0.24 s */
#define BEAT_MAX (SPECTRUM_FPS * 3 / 2)		/* 1.5 s */
#define NOTE_BINS 64		/* semitones above 55 Hz */
#define NOISY_FLATNESS_DB -8.0
#define TONAL_SHARE SEGMENT_TONAL_SHARE
#define SECONDS(n) ((double)(n) / SPECTRUM_FPS)

struct acc {
	double s, s2;
	int n;
};

static void acc_add(struct acc *a, double x)
{
	a->s += x;
	a->s2 += x * x;
	a->n++;
}

static double acc_mean(const struct acc *a)
{
	return a->n ? a->s / a->n : 0;
}

static double acc_std(const struct acc *a)
{
	double m = acc_mean(a);

	return a->n > 1 ? sqrt(fmax(0, a->s2 / a->n - m * m)) : 0;
}

/* What the measures share. */
struct seg {
	struct spectrum_frame *f;
	int n;
	double ref;		/* 95th percentile level */
	bool act[SEGMENT_MAX_FRAMES];
	float tmp[SEGMENT_MAX_FRAMES];
	double *v;
};

static int cmp_float(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return (x > y) - (x < y);
}

/* The p-quantile of the frames' levels (sorted copy in g->tmp). */
static double level_quantile(const struct seg *g, double p)
{
	int i = (int)floor(p * (g->n - 1) + 0.5);

	return g->tmp[i < 0 ? 0 : i >= g->n ? g->n - 1 : i];
}

static void levels(struct seg *g, struct segment_stats *out)
{
	double lin = 0, mean;
	struct acc a = { 0 };
	int low = 0, dips = 0;
	bool high = false;

	for (int t = 0; t < g->n; t++)
		lin += pow(10, g->f[t].energy_db / 10);
	mean = lin / g->n;
	for (int t = 0; t < g->n; t++) {
		double e = g->f[t].energy_db;

		if (pow(10, e / 10) < 0.5 * mean)
			low++;
		if (g->act[t])
			acc_add(&a, e);
		if (e > g->ref - 12) {
			high = true;
		} else if (high && e < g->ref - 24) {
			high = false;
			dips++;
		}
	}
	g->v[FEATURE_ACTIVE_RATIO] = (double)out->active / g->n;
	g->v[FEATURE_LOW_ENERGY_RATIO] = (double)low / g->n;
	g->v[FEATURE_LEVEL_STD] = acc_std(&a);
	g->v[FEATURE_LEVEL_P10] = fmax(-60, level_quantile(g, 0.10) - g->ref);
	g->v[FEATURE_LEVEL_P50] = fmax(-60, level_quantile(g, 0.50) - g->ref);
	g->v[FEATURE_DIP_RATE] = dips / SECONDS(g->n);
	if (a.n > 2 && acc_std(&a) > 0.1) {
		double m = acc_mean(&a), sd = acc_std(&a), m3 = 0;

		for (int t = 0; t < g->n; t++)
			if (g->act[t])
				m3 += pow((g->f[t].energy_db - m) / sd, 3);
		g->v[FEATURE_LEVEL_SKEW] = fmax(-5, fmin(5, m3 / a.n));
	}
}

static void shape(struct seg *g, struct segment_stats *out, unsigned *hist)
{
	struct acc c = { 0 }, sp = { 0 }, r = { 0 }, fl = { 0 }, ch = { 0 };
	struct acc pk = { 0 }, keep = { 0 }, ton = { 0 };
	int noisy = 0;

	for (int t = 0; t < g->n; t++) {
		const struct spectrum_frame *f = &g->f[t];

		if (!g->act[t])
			continue;
		acc_add(&c, f->centroid);
		acc_add(&sp, f->spread);
		acc_add(&r, f->rolloff);
		acc_add(&fl, f->flatness);
		if (t > 0)
			acc_add(&ch, f->change);
		acc_add(&pk, f->peaks);
		acc_add(&keep, f->peak_keep);
		acc_add(&ton, f->tonal);
		noisy += f->flatness > NOISY_FLATNESS_DB;
		if (f->tonal >= TONAL_SHARE) {
			int bin = (int)lrint(f->tone_hz * 512.0 / SPECTRUM_RATE);

			out->tonal++;
			if (bin >= 0 && bin < SEGMENT_TONE_BINS)
				hist[bin]++;
		}
	}
	g->v[FEATURE_CENTROID_MEAN] = acc_mean(&c) / 1000;
	g->v[FEATURE_CENTROID_STD] = acc_std(&c) / 1000;
	g->v[FEATURE_SPREAD_MEAN] = acc_mean(&sp) / 1000;
	g->v[FEATURE_ROLLOFF_MEAN] = acc_mean(&r) / 1000;
	g->v[FEATURE_ROLLOFF_STD] = acc_std(&r) / 1000;
	g->v[FEATURE_FLATNESS_MEAN] = acc_mean(&fl);
	g->v[FEATURE_FLATNESS_STD] = acc_std(&fl);
	g->v[FEATURE_CHANGE_MEAN] = acc_mean(&ch);
	g->v[FEATURE_CHANGE_STD] = acc_std(&ch);
	g->v[FEATURE_PEAKS_MEAN] = acc_mean(&pk);
	g->v[FEATURE_PEAK_KEEP_MEAN] = acc_mean(&keep);
	g->v[FEATURE_TONAL_MEAN] = acc_mean(&ton);
	g->v[FEATURE_NOISY_RATIO] = (double)noisy / out->active;
}

/* How far frame t's level is above the lowest of the three before it. */
static double rise(const struct seg *g, int t)
{
	double lo = g->f[t - 1].energy_db;

	for (int k = t - 3; k < t - 1; k++)
		if (k >= 0)
			lo = fmin(lo, g->f[k].energy_db);
	return g->f[t].energy_db - lo;
}

/* Onsets: peaks of the spectral rise that stand out, with the level
 * rising too (steady noise has the former but not the latter). */
static void onsets(struct seg *g, struct segment_stats *out)
{
	struct acc a = { 0 };
	double thr, best = 0;
	float *o = g->tmp;

	for (int t = 0; t < g->n; t++) {
		o[t] = g->act[t] ? g->f[t].onset : 0;
		if (g->act[t])
			acc_add(&a, o[t]);
	}
	thr = fmax(1.0, acc_mean(&a) + acc_std(&a));
	for (int t = 0; t < g->n; t++) {
		bool peak = g->act[t] && o[t] > thr && t > 0 && rise(g, t) >= ONSET_RISE_DB;

		for (int k = t - 3; peak && k <= t + 3; k++)
			if (k >= 0 && k < g->n && k != t && o[k] > o[t])
				peak = false;
		out->onsets += peak;
	}
	g->v[FEATURE_ONSET_RATE] = out->onsets / SECONDS(g->n);
	g->v[FEATURE_ONSET_MEAN] = acc_mean(&a);
	if (g->n >= 3 * SPECTRUM_FPS) {
		/* regularity: autocorrelation of the onset curve at 0.24-1.5 s */
		double m = 0, r0 = 0;

		for (int t = 0; t < g->n; t++)
			m += o[t];
		m /= g->n;
		for (int t = 0; t < g->n; t++)
			r0 += (o[t] - m) * (o[t] - m);
		for (int l = BEAT_MIN; l <= BEAT_MAX && r0 > 0; l++) {
			double r = 0;

			for (int t = 0; t + l < g->n; t++)
				r += (o[t] - m) * (o[t + l] - m);
			r = r / r0 * g->n / (g->n - l);
			if (r > best)
				best = r;
		}
	}
	g->v[FEATURE_BEAT_STRENGTH] = best;
}

/* Shares of the level envelope's modulation power in four bands. */
static void modulation(struct seg *g)
{
	static const double edge[5] = { 0.5, 2, 4, 8, 16 };
	static const int feat[4] = {
		FEATURE_MOD_SLOW, FEATURE_MOD_MID, FEATURE_MOD_SYLLABLE, FEATURE_MOD_FAST
	};
	double band[4] = { 0 }, total = 0, mean = 0;
	float *e = g->tmp;

	for (int t = 0; t < g->n; t++) {
		e[t] = (float)fmax(g->f[t].energy_db, g->ref - ENV_RANGE_DB);
		mean += e[t];
	}
	mean /= g->n;
	for (int t = 0; t < g->n; t++)
		e[t] = (float)((e[t] - mean) * (0.5 - 0.5 * cos(2 * M_PI * (t + 0.5) / g->n)));
	for (double hz = edge[0]; hz <= edge[4]; hz += 0.25) {
		double w = 2 * M_PI * hz / SPECTRUM_FPS, re = 0, im = 0, p;
		double cr = cos(w), sr = sin(w), pr = 1, pi = 0;

		for (int t = 0; t < g->n; t++) {
			double nr = pr * cr - pi * sr;

			re += e[t] * pr;
			im += e[t] * pi;
			pi = pr * sr + pi * cr;
			pr = nr;
		}
		p = re * re + im * im;
		total += p;
		for (int b = 0; b < 4; b++)
			if (hz >= edge[b] && hz < edge[b + 1])
				band[b] += p;
	}
	for (int b = 0; b < 4; b++)
		g->v[feat[b]] = total > 1e-9 ? band[b] / total : 0;
}

static void pitch(struct seg *g, struct segment_stats *out)
{
	struct acc h = { 0 }, st = { 0 };
	int voiced = 0, pairs = 0, stable = 0, glide = 0, jump = 0, runs = 0, run = 0;
	int notes[NOTE_BINS] = { 0 }, distinct = 0;
	double prev = 0, run_sum = 0;
	bool was = false;

	for (int t = 0; t <= g->n; t++) {
		const struct spectrum_frame *f = &g->f[t < g->n ? t : 0];
		bool v = t < g->n && g->act[t] && f->harmonicity >= VOICED_HARM && f->pitch_hz > 0;

		if (t < g->n && g->act[t])
			acc_add(&h, f->harmonicity);
		if (v) {
			double s = 12 * log2(f->pitch_hz / 55.0), d = fabs(s - prev);

			voiced++;
			acc_add(&st, s);
			if (was) {
				pairs++;
				stable += d < 0.3;
				if (d < 0.3 && s >= 0 && s < NOTE_BINS)
					notes[(int)lrint(s) < NOTE_BINS ? (int)lrint(s) : NOTE_BINS - 1]++;
				glide += d >= 0.3 && d < 2;
				jump += d >= 2;
			}
			prev = s;
			run++;
		} else if (was) {
			runs++;
			run_sum += run;
			run = 0;
		}
		was = v;
	}
	g->v[FEATURE_VOICED_RATIO] = out->active ? (double)voiced / out->active : 0;
	g->v[FEATURE_HARM_MEAN] = acc_mean(&h);
	g->v[FEATURE_HARM_STD] = acc_std(&h);
	g->v[FEATURE_PITCH_STD] = acc_std(&st);
	g->v[FEATURE_PITCH_STABLE] = pairs ? (double)stable / pairs : 0;
	g->v[FEATURE_PITCH_GLIDE] = pairs ? (double)glide / pairs : 0;
	g->v[FEATURE_PITCH_JUMP] = pairs ? (double)jump / pairs : 0;
	g->v[FEATURE_VOICED_RUN] = runs ? fmin(5.0, SECONDS(run_sum / runs)) : 0;
	g->v[FEATURE_VOICING_RATE] = runs / SECONDS(g->n);
	/* distinct held notes: semitones holding 5% of the steady frames */
	for (int i = 0; i < NOTE_BINS && stable; i++)
		distinct += notes[i] >= 2 && notes[i] >= 0.05 * stable;
	g->v[FEATURE_NOTES] = distinct;
}

static void cepstrum(struct seg *g)
{
	struct acc c[SPECTRUM_CEPS] = { { 0 } }, delta = { 0 };
	int last = -1;

	for (int t = 0; t < g->n; t++) {
		if (!g->act[t])
			continue;
		for (int k = 1; k < SPECTRUM_CEPS; k++)
			acc_add(&c[k], g->f[t].ceps[k]);
		if (last >= 0 && last == t - 1) {
			double d = 0;

			for (int k = 1; k < SPECTRUM_CEPS; k++)
				d += fabs(g->f[t].ceps[k] - g->f[last].ceps[k]);
			acc_add(&delta, d / (SPECTRUM_CEPS - 1));
		}
		last = t;
	}
	for (int k = 1; k < SPECTRUM_CEPS; k++) {
		g->v[FEATURE_CEPS_MEAN_1 + k - 1] = acc_mean(&c[k]) / 10;
		g->v[FEATURE_CEPS_STD_1 + k - 1] = acc_std(&c[k]) / 10;
	}
	g->v[FEATURE_CEPS_DELTA] = acc_mean(&delta) / 10;
}

/* Correlation of two frames' mel levels (spectral shape, any level). */
static double shape_corr(const float *a, const float *b)
{
	double ma = 0, mb = 0, ab = 0, aa = 0, bb = 0;

	for (int i = 0; i < SPECTRUM_MEL; i++) {
		ma += a[i];
		mb += b[i];
	}
	ma /= SPECTRUM_MEL;
	mb /= SPECTRUM_MEL;
	for (int i = 0; i < SPECTRUM_MEL; i++) {
		ab += (a[i] - ma) * (b[i] - mb);
		aa += (a[i] - ma) * (a[i] - ma);
		bb += (b[i] - mb) * (b[i] - mb);
	}
	return aa > 0 && bb > 0 ? ab / sqrt(aa * bb) : 0;
}

/* How alike the spectrum stays over 0.5 s and over 2 s. */
static void similarity(struct seg *g)
{
	static const int lag[2] = { SPECTRUM_FPS / 2, 2 * SPECTRUM_FPS };
	static const int feat[2] = { FEATURE_SIM_SHORT, FEATURE_SIM_LONG };

	for (int k = 0; k < 2; k++) {
		struct acc a = { 0 };

		for (int t = 0; t + lag[k] < g->n; t++)
			if (g->act[t] && g->act[t + lag[k]])
				acc_add(&a, shape_corr(g->f[t].mel_db, g->f[t + lag[k]].mel_db));
		g->v[feat[k]] = acc_mean(&a);
	}
}

/* Whether four broad bands rise and fall together (speech's syllables move
 * them all; instruments in different registers do not): the mean
 * correlation of their level changes. */
static void comodulation(struct seg *g)
{
	enum { B = 4, W = SPECTRUM_MEL / B };
	double s[B] = { 0 }, ss[B][B] = { { 0 } }, prev[B] = { 0 }, sum = 0;
	int n = 0;

	for (int t = 0; t < g->n; t++) {
		double band[B], d[B];

		for (int b = 0; b < B; b++) {
			band[b] = 0;
			for (int i = 0; i < W; i++)
				band[b] += g->f[t].mel_db[b * W + i] / W;
			d[b] = band[b] - prev[b];
			prev[b] = band[b];
		}
		if (t == 0 || !g->act[t] || !g->act[t - 1])
			continue;
		n++;
		for (int a = 0; a < B; a++) {
			s[a] += d[a];
			for (int b = 0; b < B; b++)
				ss[a][b] += d[a] * d[b];
		}
	}
	if (n < 3)
		return;
	for (int a = 0; a < B; a++)
		for (int b = a + 1; b < B; b++) {
			double cab = ss[a][b] / n - s[a] / n * s[b] / n;
			double va = ss[a][a] / n - s[a] / n * s[a] / n;
			double vb = ss[b][b] / n - s[b] / n * s[b] / n;

			sum += va > 1e-9 && vb > 1e-9 ? cab / sqrt(va * vb) : 0;
		}
	g->v[FEATURE_COMODULATION] = sum / (B * (B - 1) / 2);
}

/* Harmonic movement: how different the pitch-class profile is 1 s later
 * (music moves between chords and notes; a horn or a beep does not). */
static void chroma_change(struct seg *g)
{
	struct acc a = { 0 };

	for (int t = 0; t + SPECTRUM_FPS < g->n; t++) {
		const struct spectrum_frame *x = &g->f[t], *y = &g->f[t + SPECTRUM_FPS];
		double dot = 0, aa = 0, bb = 0;

		if (!g->act[t] || !g->act[t + SPECTRUM_FPS] || x->peaks < 1 || y->peaks < 1)
			continue;
		for (int i = 0; i < 12; i++) {
			dot += x->chroma[i] * y->chroma[i];
			aa += x->chroma[i] * x->chroma[i];
			bb += y->chroma[i] * y->chroma[i];
		}
		acc_add(&a, 1 - dot / sqrt(aa * bb));
	}
	g->v[FEATURE_CHROMA_CHANGE] = acc_mean(&a);
}

/* Pitch classes: how concentrated the segment's peaks are (tonal music
 * dwells on few classes), each frame's strongest class, and how much the
 * profile holds from frame to frame. */
static void chroma(struct seg *g)
{
	double mean[12] = { 0 }, total = 0, ent = 0;
	struct acc peak = { 0 }, keep = { 0 };
	const float *prev = NULL;

	for (int t = 0; t < g->n; t++) {
		const float *c = g->f[t].chroma;
		double top = 0, dot = 0, a = 0, b = 0;

		if (!g->act[t] || g->f[t].peaks < 1) {
			prev = NULL;
			continue;
		}
		for (int i = 0; i < 12; i++) {
			mean[i] += c[i];
			top = fmax(top, c[i]);
			if (prev) {
				dot += c[i] * prev[i];
				a += c[i] * c[i];
				b += prev[i] * prev[i];
			}
		}
		acc_add(&peak, top);
		if (prev && a > 0 && b > 0)
			acc_add(&keep, dot / sqrt(a * b));
		prev = c;
	}
	for (int i = 0; i < 12; i++)
		total += mean[i];
	for (int i = 0; i < 12 && total > 0; i++)
		if (mean[i] > 0)
			ent -= mean[i] / total * log2(mean[i] / total);
	g->v[FEATURE_CHROMA_ENTROPY] = total > 0 ? ent : log2(12);
	g->v[FEATURE_CHROMA_PEAK] = acc_mean(&peak);
	g->v[FEATURE_CHROMA_KEEP] = acc_mean(&keep);
	chroma_change(g);
}

void segment_measure(struct spectrum_frame *f, int n, struct segment_stats *out,
		     unsigned tone_hist[SEGMENT_TONE_BINS])
{
	struct seg seg, *g = &seg;
	double thr;

	memset(out, 0, sizeof(*out));
	out->frames = n;
	if (n < 1 || n > SEGMENT_MAX_FRAMES)
		return;
	memset(g, 0, sizeof(*g));
	g->f = f;
	g->n = n;
	g->v = out->v;
	for (int t = 0; t < n; t++)
		g->tmp[t] = f[t].energy_db;
	qsort(g->tmp, (size_t)n, sizeof(float), cmp_float);
	g->ref = level_quantile(g, 0.95);
	thr = fmax(g->ref - ACTIVE_DB, ABS_FLOOR_DB);
	for (int t = 0; t < n; t++) {
		g->act[t] = f[t].energy_db > thr;
		out->active += g->act[t];
	}
	if (out->active) {
		levels(g, out);		/* first: uses the sorted levels in tmp */
		shape(g, out, tone_hist);
		onsets(g, out);
		modulation(g);
		pitch(g, out);
		cepstrum(g);
		similarity(g);
		comodulation(g);
		chroma(g);
	}
}

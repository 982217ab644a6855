/* spectrum.c: framing, KissFFT and the measurements of one frame. */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <kiss_fftr.h>

#include "analysis/spectrum.h"
#include "xalloc.h"

#define NFFT 512
#define NBIN (NFFT / 2 + 1)
#define HZ_PER_BIN ((double)SPECTRUM_RATE / NFFT)
#define LO_BIN 4		/* 62.5 Hz: level, pitch */
#define HI_BIN 240		/* 3750 Hz */
/* the band every recording has, telephone speech included: shape */
#define CORE_LO 19		/* 297 Hz */
#define CORE_HI 218		/* 3406 Hz */
#define MEL_LO_HZ 250.0
#define MEL_HI_HZ 3600.0
#define PEAK_SPAN 8		/* bins each side for a peak's surroundings */
#define FLOOR 1e-12

struct mel_band {
	int start, len;		/* bins */
	float w[NBIN];
};

struct spectrum {
	kiss_fftr_cfg fwd, inv;
	float win[SPECTRUM_WIN];
	float iwacf[NFFT / 2];	/* 1 / window autocorrelation (1 at lag 0) */
	float norm;		/* power sum -> mean square */
	struct mel_band mel[SPECTRUM_MEL];
	float dct[SPECTRUM_CEPS][SPECTRUM_MEL];
	/* signal state */
	float buf[SPECTRUM_WIN];
	size_t fill;
	int64_t total, frames;
	bool have_prev;
	float prev_mag[NBIN], prev_mel[SPECTRUM_MEL];
	unsigned char prev_peak[NBIN];
	/* scratch */
	float td[NFFT], pow[NBIN], mag[NBIN], db[NBIN];
	kiss_fft_cpx fd[NBIN];
	unsigned char peak[NBIN];
};

/* Adds a peak at bin k (refined by a parabola through the dB levels) to a
 * 12-bin pitch-class profile, split between the two nearest classes. */
static void add_chroma(const struct spectrum *s, int k, float *chroma)
{
	float a = s->db[k - 1], b = s->db[k], c = s->db[k + 1], den = a - 2 * b + c;
	float d = den < 0 ? 0.5f * (a - c) / den : 0, w = s->pow[k], pc;
	int lo;

	pc = 12.0f * log2f((k + d) * (float)HZ_PER_BIN / 261.6256f);
	pc -= 12.0f * floorf(pc / 12.0f);
	lo = (int)pc;
	chroma[lo % 12] += w * (1 - (pc - (float)lo));
	chroma[(lo + 1) % 12] += w * (pc - (float)lo);
}

/* 10 * log10(x) for normal x > 0 to about 1e-4 dB without libm: frame
 * measurements take a few hundred logarithms per frame. */
static inline float fast_db(float x)
{
	union { float f; uint32_t i; } u = { x };
	float e = (float)((int)(u.i >> 23) - 127), t;

	u.i = (u.i & 0x007fffff) | 0x3f800000;	/* mantissa in [1, 2) */
	t = u.f - 1;
	/* log2(1 + t) on [0, 1): least-squares quintic, error < 3e-5 */
	t = t * (1.44159208f + t * (-0.70725343f + t * (0.41156148f +
		t * (-0.18983245f + t * 0.04392863f))));
	return 3.01029996f * (e + t);
}

static double hz_to_mel(double hz)
{
	return 2595.0 * log10(1.0 + hz / 700.0);
}

static double mel_to_hz(double mel)
{
	return 700.0 * (pow(10.0, mel / 2595.0) - 1.0);
}

static void init_mel(struct spectrum *s)
{
	double lo = hz_to_mel(MEL_LO_HZ), hi = hz_to_mel(MEL_HI_HZ);
	double edge[SPECTRUM_MEL + 2];

	for (int i = 0; i < SPECTRUM_MEL + 2; i++)
		edge[i] = mel_to_hz(lo + (hi - lo) * i / (SPECTRUM_MEL + 1)) / HZ_PER_BIN;
	for (int b = 0; b < SPECTRUM_MEL; b++) {
		struct mel_band *m = &s->mel[b];
		int k0 = (int)ceil(edge[b]), k1 = (int)floor(edge[b + 2]);

		m->start = k0;
		m->len = 0;
		for (int k = k0; k <= k1 && k < NBIN; k++) {
			double w = k <= edge[b + 1] ? (k - edge[b]) / (edge[b + 1] - edge[b])
				: (edge[b + 2] - k) / (edge[b + 2] - edge[b + 1]);

			m->w[m->len++] = (float)(w > 0 ? w : 0);
		}
	}
	for (int c = 0; c < SPECTRUM_CEPS; c++)
		for (int b = 0; b < SPECTRUM_MEL; b++)
			s->dct[c][b] = (float)(cos(M_PI * c * (b + 0.5) / SPECTRUM_MEL) *
					       sqrt((c ? 2.0 : 1.0) / SPECTRUM_MEL));
}

/* A KissFFT plan in memory from xmalloc (so it is released with free()). */
static kiss_fftr_cfg fft_alloc(int inverse)
{
	size_t len = 0;

	kiss_fftr_alloc(NFFT, inverse, NULL, &len);
	return kiss_fftr_alloc(NFFT, inverse, xmalloc(len), &len);
}

struct spectrum *spectrum_new(void)
{
	struct spectrum *s = xcalloc(1, sizeof(*s));
	double wsum = 0;

	s->fwd = fft_alloc(0);
	s->inv = fft_alloc(1);
	for (int i = 0; i < SPECTRUM_WIN; i++) {
		s->win[i] = (float)(0.5 - 0.5 * cos(2 * M_PI * (i + 0.5) / SPECTRUM_WIN));
		wsum += (double)s->win[i] * s->win[i];
	}
	for (int l = 0; l < NFFT / 2; l++) {
		double a = 0;

		for (int i = 0; i + l < SPECTRUM_WIN; i++)
			a += (double)s->win[i] * s->win[i + l];
		s->iwacf[l] = a > 0 ? (float)(wsum / a) : 0;
	}
	s->norm = (float)(2.0 / (NFFT * wsum));
	init_mel(s);
	return s;
}

void spectrum_reset(struct spectrum *s)
{
	s->fill = 0;
	s->total = 0;
	s->frames = 0;
	s->have_prev = false;
}

void spectrum_free(struct spectrum *s)
{
	if (!s)
		return;
	free(s->fwd);
	free(s->inv);
	free(s);
}

/* Centroid, spread, rolloff and flatness over the core band; fills s->db
 * (levels with empty stretches counted as 40 dB below the mean). */
static void shape(struct spectrum *s, struct spectrum_frame *f)
{
	double sum = 0, fsum = 0, f2sum = 0, dbsum = 0, acc = 0;
	float floor_p;
	int n = CORE_HI - CORE_LO + 1;

	for (int k = CORE_LO; k <= CORE_HI; k++) {
		sum += s->pow[k];
		fsum += s->pow[k] * k;
		f2sum += s->pow[k] * (double)k * k;
	}
	floor_p = (float)(1e-4 * sum / n + FLOOR);
	for (int k = CORE_LO - PEAK_SPAN; k <= CORE_HI + PEAK_SPAN; k++)
		s->db[k] = fast_db(s->pow[k] + floor_p);
	if (sum <= FLOOR) {
		f->centroid = f->spread = f->rolloff = 0;
		f->flatness = 0;
		return;
	}
	for (int k = CORE_LO; k <= CORE_HI; k++)
		dbsum += s->db[k];
	f->centroid = (float)(fsum / sum * HZ_PER_BIN);
	f->spread = (float)(sqrt(fmax(0, f2sum / sum - (fsum / sum) * (fsum / sum))) * HZ_PER_BIN);
	f->flatness = (float)(dbsum / n - fast_db((float)(sum / n) + floor_p));
	f->rolloff = (float)(CORE_HI * HZ_PER_BIN);
	for (int k = CORE_LO; k <= CORE_HI; k++) {
		acc += s->pow[k];
		if (acc >= 0.85 * sum) {
			f->rolloff = (float)(k * HZ_PER_BIN);
			break;
		}
	}
}

/* Spectral change against the previous frame (core band magnitudes). */
static void change(struct spectrum *s, struct spectrum_frame *f)
{
	double dotp = 0, a = 0, b = 0;

	for (int k = CORE_LO; k <= CORE_HI; k++) {
		s->mag[k] = sqrtf(s->pow[k]);
		dotp += (double)s->mag[k] * s->prev_mag[k];
		a += (double)s->mag[k] * s->mag[k];
		b += (double)s->prev_mag[k] * s->prev_mag[k];
	}
	f->change = s->have_prev && a > FLOOR && b > FLOOR ? (float)(1 - dotp / sqrt(a * b)) : 0;
	memcpy(s->prev_mag + CORE_LO, s->mag + CORE_LO, (CORE_HI - CORE_LO + 1) * sizeof(float));
}

/* Mel levels, cepstrum and the onset measure. */
static void mel(struct spectrum *s, struct spectrum_frame *f)
{
	double rise = 0;

	for (int b = 0; b < SPECTRUM_MEL; b++) {
		const struct mel_band *m = &s->mel[b];
		double e = 0;

		for (int j = 0; j < m->len; j++)
			e += m->w[j] * s->pow[m->start + j];
		f->mel_db[b] = fast_db((float)(e * s->norm + FLOOR));
		if (s->have_prev && f->mel_db[b] > s->prev_mel[b])
			rise += f->mel_db[b] - s->prev_mel[b];
	}
	f->onset = (float)(rise / SPECTRUM_MEL);
	memcpy(s->prev_mel, f->mel_db, sizeof(s->prev_mel));
	for (int c = 0; c < SPECTRUM_CEPS; c++) {
		double a = 0;

		for (int b = 0; b < SPECTRUM_MEL; b++)
			a += s->dct[c][b] * f->mel_db[b];
		f->ceps[c] = (float)a;
	}
}

/* Peaks of the core band, their persistence, and the strongest one's share. */
static void peaks(struct spectrum *s, struct spectrum_frame *f)
{
	double win = 0, top = -1e30, sum = 0, best = 0;
	int n = 0, kept = 0, w = 2 * PEAK_SPAN + 1, kmax = CORE_LO;

	for (int k = CORE_LO; k <= CORE_HI; k++) {
		sum += s->pow[k];
		if (s->db[k] > top) {
			top = s->db[k];
			kmax = k;
		}
	}
	for (int k = CORE_LO - PEAK_SPAN; k <= CORE_LO + PEAK_SPAN; k++)
		win += s->db[k];
	memset(s->peak, 0, sizeof(s->peak));
	memset(f->chroma, 0, sizeof(f->chroma));
	for (int k = CORE_LO; k <= CORE_HI; k++) {
		if (k > CORE_LO)
			win += s->db[k + PEAK_SPAN] - s->db[k - PEAK_SPAN - 1];
		if (s->db[k] > s->db[k - 1] && s->db[k] >= s->db[k + 1] &&
		    s->db[k] > win / w + 6 && s->db[k] > top - 50) {
			s->peak[k] = 1;
			n++;
			add_chroma(s, k, f->chroma);
			kept += s->prev_peak[k - 1] | s->prev_peak[k] | s->prev_peak[k + 1];
		}
	}
	for (int k = kmax - 2; k <= kmax + 2; k++)
		if (k >= CORE_LO && k <= CORE_HI)
			best += s->pow[k];
	{
		float total = 0;

		for (int i = 0; i < 12; i++)
			total += f->chroma[i];
		for (int i = 0; i < 12 && total > 0; i++)
			f->chroma[i] /= total;
	}
	f->peaks = (float)n;
	f->peak_keep = n && s->have_prev ? (float)kept / n : 0;
	f->tonal = sum > FLOOR ? (float)(best / sum) : 0;
	f->tone_hz = (float)(kmax * HZ_PER_BIN);
	memcpy(s->prev_peak, s->peak, sizeof(s->peak));
}

/* Harmonicity and pitch from the autocorrelation (inverse FFT of the
 * power spectrum), corrected for the window's own taper. */
static void pitch(struct spectrum *s, struct spectrum_frame *f)
{
	int lmin = (int)ceil(SPECTRUM_RATE / SPECTRUM_PITCH_MAX);
	int lmax = (int)floor(SPECTRUM_RATE / SPECTRUM_PITCH_MIN), best = 0;
	float *r = s->td, bestv = 0;

	for (int k = 0; k < NBIN; k++) {
		s->fd[k].r = k >= LO_BIN && k <= HI_BIN ? s->pow[k] : 0;
		s->fd[k].i = 0;
	}
	kiss_fftri(s->inv, s->fd, r);
	f->harmonicity = 0;
	f->pitch_hz = 0;
	if (r[0] <= FLOOR)
		return;
	{
		float inv0 = 1.0f / r[0];

		for (int l = lmin - 1; l <= lmax + 1; l++)
			r[l] *= inv0 * s->iwacf[l];
	}
	for (int l = lmin; l <= lmax; l++)
		if (r[l] > r[l - 1] && r[l] >= r[l + 1] && r[l] > bestv) {
			bestv = r[l];
			best = l;
		}
	if (!best)
		return;
	/* prefer the shortest lag nearly as strong: avoids sub-octaves */
	for (int l = lmin; l < best; l++)
		if (r[l] > r[l - 1] && r[l] >= r[l + 1] && r[l] >= 0.9f * bestv) {
			best = l;
			break;
		}
	{
		double a = r[best - 1], b = r[best], c = r[best + 1], den = a - 2 * b + c;
		double d = den < 0 ? 0.5 * (a - c) / den : 0;

		f->harmonicity = (float)fmin(1.0, fmax(0.0, b));
		f->pitch_hz = (float)(SPECTRUM_RATE / (best + d));
	}
}

static void analyse(struct spectrum *s, spectrum_frame_fn fn, void *user)
{
	struct spectrum_frame f;
	double band = 0;

	for (int i = 0; i < SPECTRUM_WIN; i++)
		s->td[i] = s->buf[i] * s->win[i];
	memset(s->td + SPECTRUM_WIN, 0, (NFFT - SPECTRUM_WIN) * sizeof(float));
	kiss_fftr(s->fwd, s->td, s->fd);
	for (int k = 0; k < NBIN; k++)
		s->pow[k] = s->fd[k].r * s->fd[k].r + s->fd[k].i * s->fd[k].i;
	for (int k = LO_BIN; k <= HI_BIN; k++)
		band += s->pow[k];
	f.energy_db = fast_db((float)(band * s->norm + FLOOR));
	shape(s, &f);
	change(s, &f);
	mel(s, &f);
	peaks(s, &f);
	pitch(s, &f);
	s->have_prev = true;
	s->frames++;
	fn(&f, user);
}

void spectrum_feed(struct spectrum *s, const float *x, size_t n,
		   spectrum_frame_fn fn, void *user)
{
	while (n) {
		size_t k = SPECTRUM_WIN - s->fill;

		if (k > n)
			k = n;
		memcpy(s->buf + s->fill, x, k * sizeof(float));
		s->fill += k;
		s->total += (int64_t)k;
		x += k;
		n -= k;
		if (s->fill == SPECTRUM_WIN) {
			analyse(s, fn, user);
			memmove(s->buf, s->buf + SPECTRUM_HOP,
				(SPECTRUM_WIN - SPECTRUM_HOP) * sizeof(float));
			s->fill = SPECTRUM_WIN - SPECTRUM_HOP;
		}
	}
}

void spectrum_finish(struct spectrum *s, spectrum_frame_fn fn, void *user)
{
	if (s->total == 0)
		return;
	/* the next frame starts at frames * HOP; emit while its centre is
	 * inside the signal, or once when there was none */
	while (s->frames == 0 ||
	       s->frames * SPECTRUM_HOP + SPECTRUM_WIN / 2 < s->total) {
		memset(s->buf + s->fill, 0, (SPECTRUM_WIN - s->fill) * sizeof(float));
		analyse(s, fn, user);
		memmove(s->buf, s->buf + SPECTRUM_HOP, (SPECTRUM_WIN - SPECTRUM_HOP) * sizeof(float));
		s->fill = SPECTRUM_WIN - SPECTRUM_HOP;
	}
}

/* resample.c: two windowed-sinc stages to the 8 kHz analysis rate. */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/resample.h"
#include "xalloc.h"

#define MID_RATE 16000
/* Most kernel phases kept per stage; finer positions use the nearest. */
#define MAX_PHASES 256
#define KAISER_BETA 6.0
/* Input samples fed through a stage at a time. */
#define CHUNK 4096

struct stage {
	int64_t num, den;	/* output n sits at input n * num / den */
	int half;		/* taps on each side of the output position */
	int taps;		/* 2 * half */
	int phases;
	float *kernel;		/* phases x taps */
	/* with one phase the kernel is symmetric about tap half - 1: its
	 * centre tap and the pairs +-d that are not zero (a windowed sinc at
	 * a cutoff of rate/2k is zero at every k-th tap) */
	float centre;
	int n_nz;
	int *nz_at;
	float *nz;
	float *buf;		/* input history, buf[0] is input index base */
	size_t len, cap;
	int64_t base;		/* input index of buf[0] */
	int64_t fed;		/* real input samples fed so far */
	/* the next output sits at input pos + rem / den; outputs step by
	 * num / den input samples: step + step_rem / den */
	int64_t pos, rem, step, step_rem;
};

struct resample {
	struct stage s1, s2;
	float *mid;		/* stage 1 output */
	size_t mid_cap;
};

static double bessel_i0(double x)
{
	double sum = 1, term = 1;

	for (int k = 1; k < 40; k++) {
		term *= (x / (2 * k)) * (x / (2 * k));
		sum += term;
		if (term < 1e-12 * sum)
			break;
	}
	return sum;
}

static double kernel_at(double t, double fc, double width)
{
	double x = t / width, s;

	if (fabs(x) >= 1)
		return 0;
	s = t == 0 ? 1 : sin(M_PI * 2 * fc * t) / (M_PI * 2 * fc * t);
	return 2 * fc * s * bessel_i0(KAISER_BETA * sqrt(1 - x * x)) / bessel_i0(KAISER_BETA);
}

static int64_t gcd64(int64_t a, int64_t b)
{
	while (b) {
		int64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* fc: cutoff as a fraction of the input rate; width: half-width in input
 * samples. */
static void stage_init(struct stage *s, int in_rate, int out_rate, double fc, double width)
{
	int64_t g = gcd64(in_rate, out_rate);

	memset(s, 0, sizeof(*s));
	s->num = in_rate / g;
	s->den = out_rate / g;
	s->step = s->num / s->den;
	s->step_rem = s->num % s->den;
	s->half = (int)ceil(width);
	s->taps = 2 * s->half;
	s->phases = s->den <= MAX_PHASES ? (int)s->den : MAX_PHASES;
	s->kernel = xmalloc((size_t)s->phases * (size_t)s->taps * sizeof(float));
	for (int p = 0; p < s->phases; p++) {
		double frac = (double)p / s->phases, sum = 0;
		float *k = s->kernel + (size_t)p * (size_t)s->taps;

		for (int j = 0; j < s->taps; j++) {
			k[j] = (float)kernel_at(j - s->half + 1 - frac, fc, width);
			sum += k[j];
		}
		for (int j = 0; j < s->taps; j++)	/* unity gain at DC */
			k[j] = (float)(k[j] / sum);
	}
	if (s->phases == 1) {
		float *k = s->kernel + s->half - 1;

		s->nz_at = xmalloc((size_t)s->half * sizeof(int));
		s->nz = xmalloc((size_t)s->half * sizeof(float));
		s->centre = k[0];
		for (int d = 1; d < s->half; d++)
			if (fabsf(k[d]) > 1e-7f) {
				s->nz_at[s->n_nz] = d;
				s->nz[s->n_nz++] = 0.5f * (k[d] + k[-d]);
			}
	}
	s->cap = CHUNK + (size_t)s->taps + 16;
	s->buf = xcalloc(s->cap, sizeof(float));
	s->len = (size_t)s->half;	/* zeros before the first sample */
	s->base = -(int64_t)s->half;
}

static void stage_release(struct stage *s)
{
	free(s->kernel);
	free(s->nz_at);
	free(s->nz);
	free(s->buf);
}

static float dot(const float *a, const float *b, int n)
{
	float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	int i = 0;

	for (; i + 4 <= n; i += 4) {
		s0 += a[i] * b[i];
		s1 += a[i + 1] * b[i + 1];
		s2 += a[i + 2] * b[i + 2];
		s3 += a[i + 3] * b[i + 3];
	}
	for (; i < n; i++)
		s0 += a[i] * b[i];
	return (s0 + s1) + (s2 + s3);
}

/* x points at the centre tap. */
static float dot_symmetric(const struct stage *s, const float *x)
{
	float s0 = s->centre * x[0], s1 = 0;
	int i = 0;

	for (; i + 2 <= s->n_nz; i += 2) {
		int a = s->nz_at[i], b = s->nz_at[i + 1];

		s0 += s->nz[i] * (x[-a] + x[a]);
		s1 += s->nz[i + 1] * (x[-b] + x[b]);
	}
	if (i < s->n_nz)
		s0 += s->nz[i] * (x[-s->nz_at[i]] + x[s->nz_at[i]]);
	return s0 + s1;
}

/* Four outputs of an integer-ratio stage at once (x at the first one's
 * centre tap, step apart): four independent sums keep the pipeline full. */
static void dot_symmetric4(const struct stage *s, const float *x, int64_t step, float *out)
{
	const float *x1 = x + step, *x2 = x1 + step, *x3 = x2 + step;
	float a0 = s->centre * x[0], a1 = s->centre * x1[0];
	float a2 = s->centre * x2[0], a3 = s->centre * x3[0];

	for (int i = 0; i < s->n_nz; i++) {
		int d = s->nz_at[i];
		float k = s->nz[i];

		a0 += k * (x[-d] + x[d]);
		a1 += k * (x1[-d] + x1[d]);
		a2 += k * (x2[-d] + x2[d]);
		a3 += k * (x3[-d] + x3[d]);
	}
	out[0] = a0;
	out[1] = a1;
	out[2] = a2;
	out[3] = a3;
}

/* Produces every output whose taps are all in the buffer and whose
 * position is before limit (an input index). */
static size_t stage_run(struct stage *s, float *out, int64_t limit)
{
	size_t n = 0;
	int64_t avail = s->base + (int64_t)s->len;

	/* integer ratio: four at a time while all four are ready */
	while (s->nz && s->pos + 3 * s->step < limit &&
	       s->pos + 3 * s->step + s->half < avail) {
		dot_symmetric4(s, s->buf + (s->pos - s->base), s->step, out + n);
		n += 4;
		s->pos += 4 * s->step;
	}
	for (;;) {
		int64_t c = s->pos;
		int phase = (int)s->rem;

		if (s->phases != s->den) {
			phase = (int)((s->rem * MAX_PHASES + s->den / 2) / s->den);
			if (phase == s->phases) {
				phase = 0;
				c++;
			}
		}
		if (c >= limit || c + s->half >= avail)
			break;
		if (s->nz)
			out[n++] = dot_symmetric(s, s->buf + (c - s->base));
		else
			out[n++] = dot(s->kernel + (size_t)phase * (size_t)s->taps,
				       s->buf + (c - s->half + 1 - s->base), s->taps);
		s->pos += s->step;
		s->rem += s->step_rem;
		if (s->rem >= s->den) {
			s->rem -= s->den;
			s->pos++;
		}
	}
	/* drop history no later output needs */
	{
		int64_t keep_from = s->pos - s->half;
		size_t drop = keep_from > s->base ? (size_t)(keep_from - s->base) : 0;

		if (drop > s->len)
			drop = s->len;
		memmove(s->buf, s->buf + drop, (s->len - drop) * sizeof(float));
		s->len -= drop;
		s->base += (int64_t)drop;
	}
	return n;
}

/* Feeds up to CHUNK samples (in NULL: zeros). */
static size_t stage_feed(struct stage *s, const float *in, size_t n, float *out, bool real)
{
	if (s->len + n > s->cap) {
		s->cap = s->len + n + 16;
		s->buf = xreallocarray(s->buf, s->cap, sizeof(float));
	}
	if (in)
		memcpy(s->buf + s->len, in, n * sizeof(float));
	else
		memset(s->buf + s->len, 0, n * sizeof(float));
	s->len += n;
	if (real)
		s->fed += (int64_t)n;
	return stage_run(s, out, s->fed);
}

static size_t stage_out_max(const struct stage *s, size_t n)
{
	return (size_t)(((int64_t)n + s->taps + 2) * s->den / s->num) + 2;
}

struct resample *resample_new(int in_rate)
{
	struct resample *r;
	double w1;

	if (in_rate < 1 || in_rate > 1000000)
		return NULL;
	r = xcalloc(1, sizeof(*r));
	/* stage 1: keep 0-4 kHz; what folds back must land above 4 kHz */
	w1 = 0.25e-3 * in_rate;
	if (in_rate < MID_RATE && w1 < 12)
		w1 = 12;
	stage_init(&r->s1, in_rate, MID_RATE,
		   (in_rate < MID_RATE ? 0.5 * in_rate : 8000.0) / in_rate, w1);
	/* stage 2: half-band, passes 3.5 kHz, stops from 4.5 kHz */
	stage_init(&r->s2, MID_RATE, RESAMPLE_RATE, 0.25, 29);
	r->mid_cap = stage_out_max(&r->s1, CHUNK);
	r->mid = xmalloc(r->mid_cap * sizeof(float));
	return r;
}

size_t resample_out_max(const struct resample *r, size_t n)
{
	return stage_out_max(&r->s2, stage_out_max(&r->s1, n)) + 4;
}

size_t resample_process(struct resample *r, const float *in, size_t n, float *out)
{
	size_t done = 0;

	while (n) {
		size_t k = n < CHUNK ? n : CHUNK;
		size_t m = stage_feed(&r->s1, in, k, r->mid, true);

		done += stage_feed(&r->s2, r->mid, m, out + done, true);
		if (in)
			in += k;
		n -= k;
	}
	return done;
}

size_t resample_flush(struct resample *r, float *out)
{
	size_t m = stage_feed(&r->s1, NULL, (size_t)r->s1.half + 1, r->mid, false);
	size_t done = stage_feed(&r->s2, r->mid, m, out, true);

	done += stage_feed(&r->s2, NULL, (size_t)r->s2.half + 1, out + done, false);
	return done;
}

static void stage_reset(struct stage *s)
{
	memset(s->buf, 0, (size_t)s->half * sizeof(float));
	s->len = (size_t)s->half;
	s->base = -(int64_t)s->half;
	s->fed = 0;
	s->pos = 0;
	s->rem = 0;
}

void resample_reset(struct resample *r)
{
	stage_reset(&r->s1);
	stage_reset(&r->s2);
}

void resample_free(struct resample *r)
{
	if (!r)
		return;
	stage_release(&r->s1);
	stage_release(&r->s2);
	free(r->mid);
	free(r);
}

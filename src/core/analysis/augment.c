/* augment.c: band limits, tilt and pink noise for training clips. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "analysis/augment.h"

void augment_draw(struct augment *a, struct rng *r, double level_db)
{
	memset(a, 0, sizeof(*a));
	a->seed = rng_next(r);
	if (rng_uniform(r) < 0.6)
		a->hp_hz = exp(rng_range(r, log(80), log(500)));
	if (rng_uniform(r) < 0.6)
		a->lp_hz = exp(rng_range(r, log(2200), log(3800)));
	if (rng_uniform(r) < 0.4)
		a->tilt_db = rng_range(r, -9, 9);
	if (rng_uniform(r) < 0.5 && level_db > -90)
		a->noise_db = level_db - rng_range(r, 8, 40);
}

/* RBJ cookbook biquad, Q = 1/sqrt(2). */
static void biquad(double c[5], double f0, int rate, bool high)
{
	double w = 2 * M_PI * f0 / rate, cw = cos(w), al = sin(w) / (2 * M_SQRT1_2);
	double a0 = 1 + al;

	c[0] = (high ? (1 + cw) / 2 : (1 - cw) / 2) / a0;
	c[1] = (high ? -(1 + cw) : 1 - cw) / a0;
	c[2] = c[0];
	c[3] = -2 * cw / a0;
	c[4] = (1 - al) / a0;
}

void augment_start(struct augment_state *st, const struct augment *a, int rate)
{
	memset(st, 0, sizeof(*st));
	if (!a)
		return;
	st->a = *a;
	st->active = a->hp_hz > 0 || a->lp_hz > 0 || a->tilt_db != 0 || a->noise_db != 0;
	if (a->hp_hz > 0)
		biquad(st->hp, a->hp_hz, rate, true);
	if (a->lp_hz > 0 && a->lp_hz < 0.45 * rate)
		biquad(st->lp, a->lp_hz, rate, false);
	else
		st->a.lp_hz = 0;
	st->tilt_a = exp(-2 * M_PI * 1000.0 / rate);	/* one-pole low-pass at 1 kHz */
	st->tilt_g = pow(10, a->tilt_db / 20) - 1;
	/* pink noise from white through Kellet's economy filter: RMS ~0.1 */
	st->noise_gain = a->noise_db != 0 ? (float)(pow(10, a->noise_db / 20) / 0.1) : 0;
	rng_seed(&st->rng, a->seed);
}

static double run_biquad(const double *c, double *z, double x)
{
	double y = c[0] * x + z[0];

	z[0] = c[1] * x - c[3] * y + z[1];
	z[1] = c[2] * x - c[4] * y;
	return y;
}

static float pink(struct augment_state *st)
{
	double w = rng_uniform(&st->rng) * 2 - 1, *b = st->pink;

	b[0] = 0.99765 * b[0] + w * 0.0990460;
	b[1] = 0.96300 * b[1] + w * 0.2965164;
	b[2] = 0.57000 * b[2] + w * 1.0526913;
	return (float)((b[0] + b[1] + b[2] + w * 0.1848) * 0.25);
}

void augment_apply(struct augment_state *st, float *x, size_t n)
{
	if (!st->active)
		return;
	for (size_t i = 0; i < n; i++) {
		double v = x[i];

		if (st->noise_gain != 0)
			v += st->noise_gain * pink(st);
		if (st->a.hp_hz > 0)
			v = run_biquad(st->hp, st->hz, v);
		if (st->a.lp_hz > 0)
			v = run_biquad(st->lp, st->lz, v);
		if (st->a.tilt_db != 0) {
			/* v + g * (high part), the high part being v minus a low-pass */
			st->tilt_z = (1 - st->tilt_a) * v + st->tilt_a * st->tilt_z;
			v += st->tilt_g * (v - st->tilt_z);
		}
		x[i] = (float)v;
	}
}

/* dcoffset.c: the steady mean of a channel (see dcoffset.h). */
#include "config.h"

#include <math.h>

#include "analysis/dcoffset.h"

#define SAMPLE_LIMIT 64.0f

void dcoffset_init(struct dcoffset *d, int rate)
{
	*d = (struct dcoffset){ 0 };
	d->window = rate > 0 ? rate : 48000;
}

/* A full window: its mean joins the running minimum if its sign agrees
 * with the windows before. */
static void end_window(struct dcoffset *d)
{
	double mean = d->win_sum / (double)d->win_n;
	int sign = mean > 0 ? 1 : mean < 0 ? -1 : 0;

	if (d->windows++ == 0) {
		d->sign = sign;
		d->min = fabs(mean);
	} else if (sign != d->sign) {
		d->sign = 0;
	} else if (fabs(mean) < d->min) {
		d->min = fabs(mean);
	}
	d->win_sum = 0;
	d->win_n = 0;
}

static double sane(float v)
{
	if (fabsf(v) <= SAMPLE_LIMIT)
		return v;
	return isnan(v) ? 0.0 : copysign(SAMPLE_LIMIT, v);
}

/* The sum of n samples x[0], x[stride], ...: a fast pass in float, four
 * sums at a time (samples are within +-64, so a window's sum keeps far
 * more precision than 1% needs); values that are not finite or beyond
 * +-64 make a careful pass instead. */
static double sum_of(const float *x, size_t n, size_t stride)
{
	float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	int bad = 0;
	size_t i = 0;
	double sum = 0;

	for (; i + 4 <= n; i += 4, x += 4 * stride) {
		s0 += x[0];
		s1 += x[stride];
		s2 += x[2 * stride];
		s3 += x[3 * stride];
		bad |= !(fabsf(x[0]) <= SAMPLE_LIMIT) | !(fabsf(x[stride]) <= SAMPLE_LIMIT) |
		       !(fabsf(x[2 * stride]) <= SAMPLE_LIMIT) |
		       !(fabsf(x[3 * stride]) <= SAMPLE_LIMIT);
	}
	for (; i < n; i++, x += stride) {
		s0 += *x;
		bad |= !(fabsf(*x) <= SAMPLE_LIMIT);
	}
	if (!bad)
		return ((double)s0 + s1) + ((double)s2 + s3);
	x -= n * stride;
	for (i = 0; i < n; i++, x += stride)
		sum += sane(*x);
	return sum;
}

void dcoffset_feed(struct dcoffset *d, const float *x, size_t n, size_t stride)
{
	while (n > 0) {
		size_t take = (size_t)(d->window - d->win_n);
		double sum;

		if (take > n)
			take = n;
		sum = sum_of(x, take, stride);
		x += take * stride;
		d->win_sum += sum;
		d->sum += sum;
		d->win_n += (int64_t)take;
		d->n += (int64_t)take;
		if (d->win_n == d->window)
			end_window(d);
		n -= take;
	}
}

double dcoffset_value(const struct dcoffset *d)
{
	if (d->windows == 0)		/* shorter than a window */
		return d->n ? d->sum / (double)d->n : 0;
	return d->sign * d->min;
}

bool dcoffset_is_problem(double dc)
{
	return fabs(dc) >= DCOFFSET_LIMIT;
}

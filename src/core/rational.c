/* rational.c: exact rate arithmetic. */
#include "config.h"

#include "rational.h"

static int64_t gcd64(int64_t a, int64_t b)
{
	if (a < 0)
		a = -a;
	if (b < 0)
		b = -b;
	while (b) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

struct rational rational_reduce(struct rational r)
{
	int64_t g;

	if (r.den == 0)
		return r;
	if (r.den < 0) {
		r.num = -r.num;
		r.den = -r.den;
	}
	g = gcd64(r.num, r.den);
	if (g > 1) {
		r.num /= g;
		r.den /= g;
	}
	if (r.num == 0)
		r.den = 1;
	return r;
}

bool rational_eq(struct rational a, struct rational b)
{
	return (__int128)a.num * b.den == (__int128)b.num * a.den;
}

static int64_t saturate(__int128 v)
{
	if (v > INT64_MAX)
		return INT64_MAX;
	if (v < INT64_MIN)
		return INT64_MIN;
	return (int64_t)v;
}

/* floor(n / d) for d > 0 */
static __int128 floordiv(__int128 n, __int128 d)
{
	__int128 q = n / d;

	if ((n % d) != 0 && n < 0)
		q--;
	return q;
}

/* Rates from files are 32-bit (AAF Rational), which keeps the products
 * below 2^125; anything larger is refused rather than overflowed. */
static bool small_rate(struct rational r)
{
	return r.num > 0 && r.den > 0 && r.num <= INT32_MAX && r.den <= INT32_MAX;
}

/* value / from * to = value * from.den * to.num / (from.num * to.den) */
int64_t rational_rescale(int64_t value, struct rational from, struct rational to)
{
	__int128 n, d;

	if (!small_rate(from) || !small_rate(to))
		return 0;
	n = (__int128)value * from.den * to.num;
	d = (__int128)from.num * to.den;
	return saturate(floordiv(2 * n + d, 2 * d));
}

int64_t rational_rescale_floor(int64_t value, struct rational from, struct rational to)
{
	__int128 n, d;

	if (!small_rate(from) || !small_rate(to))
		return 0;
	n = (__int128)value * from.den * to.num;
	d = (__int128)from.num * to.den;
	return saturate(floordiv(n, d));
}

double rational_to_double(struct rational r)
{
	return r.den ? (double)r.num / (double)r.den : 0.0;
}

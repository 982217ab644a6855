/*
 * rational.h: exact rational rates (edit rates, sample rates) and
 * conversions between them with 128-bit intermediates.  libc only.
 */
#ifndef TURNOVER_RATIONAL_H
#define TURNOVER_RATIONAL_H

#include <stdbool.h>
#include <stdint.h>

struct rational {
	int64_t num;
	int64_t den;
};

/* True when r is usable as a rate: num > 0 and den > 0. */
static inline bool rational_valid(struct rational r)
{
	return r.num > 0 && r.den > 0;
}

/* r reduced to lowest terms (den > 0); {0,1} stays {0,1}. */
struct rational rational_reduce(struct rational r);

/* a == b as values. */
bool rational_eq(struct rational a, struct rational b);

/*
 * value (in units of 1/from_rate) converted to units of 1/to_rate,
 * rounded half up.  Rates must be valid with num and den within 32 bits
 * (as AAF stores them); otherwise the result is 0.  Saturates on overflow.
 */
int64_t rational_rescale(int64_t value, struct rational from, struct rational to);

/* Same, rounded toward minus infinity. */
int64_t rational_rescale_floor(int64_t value, struct rational from, struct rational to);

/* The rate as a double, for display only. */
double rational_to_double(struct rational r);

#endif

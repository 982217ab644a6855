/*
 * rng.h: a small seeded random number generator (splitmix64), so that
 * training, augmentation and fold assignment give the same results on
 * every machine for the same seed.  Depends on libc only.
 */
#ifndef TURNOVER_ANALYSIS_RNG_H
#define TURNOVER_ANALYSIS_RNG_H

#include <stdint.h>

struct rng {
	uint64_t state;
};

/* Seeds r; equal seeds give equal sequences. */
void rng_seed(struct rng *r, uint64_t seed);

/* Derives a seed for a sub-stream (item i of stream seed) that does not
 * depend on how many numbers other streams drew. */
uint64_t rng_mix(uint64_t seed, uint64_t i);

uint64_t rng_next(struct rng *r);

/* Uniform in [0, 1). */
double rng_uniform(struct rng *r);

/* Uniform in [lo, hi). */
double rng_range(struct rng *r, double lo, double hi);

/* Uniform integer in [0, n); n > 0. */
uint64_t rng_below(struct rng *r, uint64_t n);

/* Standard normal (Box-Muller). */
double rng_normal(struct rng *r);

#endif

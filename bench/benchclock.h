/*
 * benchclock.h: the clock of the benchmarks in bench/: thread CPU time,
 * so that other load on the machine counts as little as it can, and wall
 * time beside it.  Not part of turnover.
 */
#ifndef TURNOVER_BENCHCLOCK_H
#define TURNOVER_BENCHCLOCK_H

struct benchclock {
	double cpu, wall;	/* seconds */
};

/* The clocks now. */
struct benchclock benchclock_start(void);

/* The time since c was started. */
struct benchclock benchclock_stop(struct benchclock c);

#endif

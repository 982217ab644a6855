/* benchclock.c: thread CPU and wall time for the benchmarks. */
#include "config.h"

#include <time.h>

#include "benchclock.h"

static double now(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

struct benchclock benchclock_start(void)
{
	struct benchclock c = { now(CLOCK_THREAD_CPUTIME_ID), now(CLOCK_MONOTONIC) };

	return c;
}

struct benchclock benchclock_stop(struct benchclock c)
{
	c.cpu = now(CLOCK_THREAD_CPUTIME_ID) - c.cpu;
	c.wall = now(CLOCK_MONOTONIC) - c.wall;
	return c;
}

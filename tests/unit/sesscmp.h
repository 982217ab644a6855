/*
 * sesscmp.h: building sessions by hand the way the AAF reader would
 * describe them, and comparing two sessions field by field, for the
 * writer's round-trip tests.  Test code: uses the session model only.
 */
#ifndef TURNOVER_TESTS_SESSCMP_H
#define TURNOVER_TESTS_SESSCMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "session.h"
#include "session_build.h"

struct sesscmp_opts {
	bool ids;		/* compare MobIDs and slot ids too */
	bool shapes;		/* compare fade shapes (only linear survives the reader) */
};

/* Compares what the writer and reader carry from a to b; each difference
 * is reported (label first) through cmocka's print_error.  Returns the
 * number of differences. */
int sesscmp_compare(const struct session *a, const struct session *b,
		    const struct sesscmp_opts *o, const char *label);

#endif

/*
 * conform.h: a small harness shared by the conformance tests that compare
 * what the AAF reader makes of real files with ground truth kept under
 * $TURNOVER_SHARED (test_aaf_facts, test_turnover_truth).
 *
 * A run checks one file after another.  Every difference is printed as one
 * line, "FILE: WHERE: FIELD: expected X, got Y", and checking goes on; each
 * file then gets "ok FILE" or "FAIL FILE", and the run ends with
 * "N passed, N failed".  A difference listed in the test's table of known
 * differences is printed with its reason but does not fail the file.
 *
 * Test code: links the core (session, json, rational, timecode) and libc.
 */
#ifndef TURNOVER_TESTS_CONFORM_H
#define TURNOVER_TESTS_CONFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "json.h"
#include "rational.h"
#include "session.h"

/* Exit status of a skipped test under automake's harness. */
#define CONFORM_SKIP 77

/* A difference the lead has accepted; a table of them ends with file NULL. */
struct conform_known {
	const char *file;	/* AAF file name, as in the messages */
	const char *where;	/* "track 1 clip 2", "essence X", "" for the
				 * composition; NULL matches anywhere */
	const char *field;	/* field name as in the messages */
	const char *reason;	/* why it is accepted: printed with the line */
};

struct conform {
	const struct conform_known *known;	/* borrowed; may be NULL */
	const char *file;	/* the file being checked; borrowed */
	int mismatches;		/* of the current file, known ones excluded */
	int known_hits;		/* of the current file */
	int checks;		/* comparisons made in the current file */
	int passed, failed;	/* files */
};

/* Starts a run; known (terminated by a NULL file) is borrowed for it. */
void conform_init(struct conform *c, const struct conform_known *known);

/* Starts checking file (borrowed until conform_end()). */
void conform_begin(struct conform *c, const char *file);

/* Prints the file's verdict and counts it; true when it passed. */
bool conform_end(struct conform *c);

/* Prints the totals; returns the exit status (0 or 1). */
int conform_finish(const struct conform *c);

/*
 * Reports a difference at where ("" = the file as a whole) in field; the
 * rest of the line is printf(fmt, ...), normally "expected X, got Y".
 */
void conform_fail(struct conform *c, const char *where, const char *field,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Compare and report: got must lie within want +- tol. */
void conform_int(struct conform *c, const char *where, const char *field,
		 int64_t want, int64_t got, int64_t tol);
/* got within want +- tol. */
void conform_double(struct conform *c, const char *where, const char *field,
		    double want, double got, double tol);
void conform_bool(struct conform *c, const char *where, const char *field,
		  bool want, bool got);
/* got NULL only equals want NULL. */
void conform_str(struct conform *c, const char *where, const char *field,
		 const char *want, const char *got);
void conform_rate(struct conform *c, const char *where, const char *field,
		  struct rational want, struct rational got);

/*
 * Ground-truth accessors.  Each returns true and fills *out when obj has
 * key with a value of the type asked for; false for null ("do not test").
 * A missing key or a value of another type is reported as a difference
 * in field key ("ground truth ...") and returns false too, so a malformed
 * truth file cannot pass by testing nothing.
 */
bool conform_get_int(struct conform *c, const char *where, const struct json_value *obj,
		     const char *key, int64_t *out);
bool conform_get_double(struct conform *c, const char *where, const struct json_value *obj,
			const char *key, double *out);
bool conform_get_bool(struct conform *c, const char *where, const struct json_value *obj,
		      const char *key, bool *out);
bool conform_get_str(struct conform *c, const char *where, const struct json_value *obj,
		     const char *key, const char **out);
/* An array (JSON null gives false); borrowed from obj's root. */
bool conform_get_array(struct conform *c, const char *where, const struct json_value *obj,
		       const char *key, const struct json_value **out);
/* A rate written "num/den"; a malformed one is reported. */
bool conform_get_rate(struct conform *c, const char *where, const struct json_value *obj,
		      const char *key, struct rational *out);

/* Parses "num/den" (or "num") into *r; false when malformed. */
bool conform_parse_rate(const char *s, struct rational *r);

/*
 * Reads and parses the JSON file at path into *out (free with
 * json_free()).  errors: ERR_IO, ERR_JSON, with the detail in eb.
 */
enum err conform_load_json(const char *path, struct json_value **out, struct errbuf *eb);

/*
 * The names in dir that end in suffix, sorted bytewise, as a new array of
 * new strings (free with conform_free_list()); NULL when dir cannot be
 * opened.
 */
char **conform_list(const char *dir, const char *suffix, size_t *n);
void conform_free_list(char **list, size_t n);

/* $TURNOVER_SHARED when it is set and names a directory, else NULL. */
const char *conform_shared_dir(void);

/* s with %XX escapes decoded, as a new string (malformed escapes kept). */
char *conform_url_decode(const char *s);

/* The last path component of a URL or path (after the last '/' or '\\'),
 * percent-decoded when decode; a new string. */
char *conform_basename(const char *s, bool decode);

/*
 * s's timecode start in units of rate: tc_start frames at tc_rate,
 * rounded half up; *exact tells whether no rounding was needed.  0 when
 * the session has no valid timecode rate.
 */
int64_t conform_tc_start_in(const struct session *s, struct rational rate, bool *exact);

/*
 * The absolute position of pos edit units at rate (timecode start
 * included) in samples at sample_rate: the exact value rounded half up,
 * as the session model defines it.  0 for invalid rates.
 */
int64_t conform_abs_samples(const struct session *s, int64_t pos, struct rational rate,
			    int sample_rate);

/* The session's start timecode label into buf (TIMECODE_BUFSZ bytes), with
 * ';' before the frames when it drops (unless colons_only). */
void conform_start_tc(const struct session *s, bool colons_only, char *buf, size_t n);

/* Audio track number n (from 1) of s, NULL when there is none. */
const struct track *conform_audio_track(const struct session *s, size_t n);

#endif

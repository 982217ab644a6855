/*
 * conform.c: the harness of the conformance tests (see conform.h).  It
 * prints, which the core never does; it is test code only.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conform.h"
#include "strbuf.h"
#include "timecode.h"
#include "xalloc.h"

void conform_init(struct conform *c, const struct conform_known *known)
{
	memset(c, 0, sizeof(*c));
	c->known = known;
}

void conform_begin(struct conform *c, const char *file)
{
	c->file = file;
	c->mismatches = 0;
	c->known_hits = 0;
	c->checks = 0;
}

bool conform_end(struct conform *c)
{
	bool ok = c->mismatches == 0;

	if (ok) {
		c->passed++;
		printf("ok %s (%d checks", c->file, c->checks);
		if (c->known_hits)
			printf(", %d known difference%s", c->known_hits,
			       c->known_hits == 1 ? "" : "s");
		printf(")\n");
	} else {
		c->failed++;
		printf("FAIL %s (%d checks, %d mismatch%s)\n", c->file, c->checks, c->mismatches,
		       c->mismatches == 1 ? "" : "es");
	}
	fflush(stdout);
	c->file = NULL;
	return ok;
}

int conform_finish(const struct conform *c)
{
	printf("%d passed, %d failed\n", c->passed, c->failed);
	return c->failed ? 1 : 0;
}

static const struct conform_known *known_for(const struct conform *c, const char *where,
					     const char *field)
{
	if (!c->known)
		return NULL;
	for (const struct conform_known *k = c->known; k->file; k++)
		if (!strcmp(k->file, c->file) && !strcmp(k->field, field) &&
		    (!k->where || !strcmp(k->where, where)))
			return k;
	return NULL;
}

void conform_fail(struct conform *c, const char *where, const char *field, const char *fmt, ...)
{
	const struct conform_known *k = known_for(c, where, field);
	va_list ap;

	if (k) {
		c->known_hits++;
		printf("known: ");
	} else {
		c->mismatches++;
	}
	printf("%s: ", c->file);
	if (*where)
		printf("%s: ", where);
	printf("%s: ", field);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (k)
		printf(" (%s)", k->reason);
	putchar('\n');
}

void conform_int(struct conform *c, const char *where, const char *field,
		 int64_t want, int64_t got, int64_t tol)
{
	c->checks++;
	/* got - want cannot overflow for the positions compared here, but
	 * stay exact anyway */
	if ((got >= want && got - want <= tol) || (got < want && want - got <= tol))
		return;
	if (tol)
		conform_fail(c, where, field, "expected %" PRId64 " (+-%" PRId64 "), got %" PRId64
			     " (%+" PRId64 ")", want, tol, got, got - want);
	else
		conform_fail(c, where, field, "expected %" PRId64 ", got %" PRId64, want, got);
}

void conform_double(struct conform *c, const char *where, const char *field,
		    double want, double got, double tol)
{
	c->checks++;
	if (fabs(got - want) <= tol)
		return;
	conform_fail(c, where, field, "expected %g, got %g", want, got);
}

void conform_bool(struct conform *c, const char *where, const char *field, bool want, bool got)
{
	c->checks++;
	if (want != got)
		conform_fail(c, where, field, "expected %s, got %s", want ? "true" : "false",
			     got ? "true" : "false");
}

void conform_str(struct conform *c, const char *where, const char *field,
		 const char *want, const char *got)
{
	c->checks++;
	if (want && got ? !strcmp(want, got) : want == got)
		return;
	conform_fail(c, where, field, "expected %s%s%s, got %s%s%s",
		     want ? "\"" : "", want ? want : "null", want ? "\"" : "",
		     got ? "\"" : "", got ? got : "null", got ? "\"" : "");
}

void conform_rate(struct conform *c, const char *where, const char *field,
		  struct rational want, struct rational got)
{
	c->checks++;
	if (!rational_eq(want, got))
		conform_fail(c, where, field, "expected %" PRId64 "/%" PRId64 ", got %" PRId64
			     "/%" PRId64, want.num, want.den, got.num, got.den);
}

/* ---- ground truth ------------------------------------------------------ */

/* The value of key, or NULL after reporting when it is absent. */
static const struct json_value *member(struct conform *c, const char *where,
				       const struct json_value *obj, const char *key)
{
	const struct json_value *v = json_get(obj, key);

	if (!v)
		conform_fail(c, where, key, "ground truth has no '%s'", key);
	return v;
}

static bool typed(struct conform *c, const char *where, const char *key,
		  const struct json_value *v, bool ok, const char *type)
{
	if (!v || json_is_null(v))
		return false;
	if (!ok)
		conform_fail(c, where, key, "ground truth value is not %s", type);
	return ok;
}

bool conform_get_int(struct conform *c, const char *where, const struct json_value *obj,
		     const char *key, int64_t *out)
{
	const struct json_value *v = member(c, where, obj, key);

	return typed(c, where, key, v, v && json_as_int64(v, out), "an integer");
}

bool conform_get_double(struct conform *c, const char *where, const struct json_value *obj,
			const char *key, double *out)
{
	const struct json_value *v = member(c, where, obj, key);

	return typed(c, where, key, v, v && json_as_double(v, out), "a number");
}

bool conform_get_bool(struct conform *c, const char *where, const struct json_value *obj,
		      const char *key, bool *out)
{
	const struct json_value *v = member(c, where, obj, key);

	return typed(c, where, key, v, v && json_as_bool(v, out), "a boolean");
}

bool conform_get_str(struct conform *c, const char *where, const struct json_value *obj,
		     const char *key, const char **out)
{
	const struct json_value *v = member(c, where, obj, key);

	*out = json_as_string(v);
	return typed(c, where, key, v, *out != NULL, "a string");
}

bool conform_get_array(struct conform *c, const char *where, const struct json_value *obj,
		       const char *key, const struct json_value **out)
{
	const struct json_value *v = member(c, where, obj, key);

	*out = v;
	return typed(c, where, key, v, json_is_array(v), "an array");
}

bool conform_get_rate(struct conform *c, const char *where, const struct json_value *obj,
		      const char *key, struct rational *out)
{
	const char *s;

	if (!conform_get_str(c, where, obj, key, &s))
		return false;
	if (conform_parse_rate(s, out))
		return true;
	conform_fail(c, where, key, "ground truth value \"%s\" is not a rate", s);
	return false;
}

bool conform_parse_rate(const char *s, struct rational *r)
{
	char *end;
	long long num, den = 1;

	errno = 0;
	num = strtoll(s, &end, 10);
	if (end == s || errno)
		return false;
	if (*end == '/') {
		const char *d = end + 1;

		den = strtoll(d, &end, 10);
		if (end == d || errno)
			return false;
	}
	if (*end || num <= 0 || den <= 0)
		return false;
	r->num = num;
	r->den = den;
	return true;
}

/* ---- files --------------------------------------------------------------- */

enum err conform_load_json(const char *path, struct json_value **out, struct errbuf *eb)
{
	return json_load_file(path, out, eb);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **conform_list(const char *dir, const char *suffix, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **list = NULL;
	size_t alloc = 0, sl = strlen(suffix);

	*n = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.' || len <= sl || strcmp(de->d_name + len - sl, suffix))
			continue;
		XGROW(list, *n + 1, alloc);
		list[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*n)
		qsort(list, *n, sizeof(*list), cmp_names);
	else
		list = xcalloc(1, sizeof(*list));	/* an empty list, not "cannot open" */
	return list;
}

void conform_free_list(char **list, size_t n)
{
	if (!list)
		return;
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

const char *conform_shared_dir(void)
{
	const char *dir = getenv("TURNOVER_SHARED");
	struct stat st;

	if (!dir || !*dir || stat(dir, &st) || !S_ISDIR(st.st_mode))
		return NULL;
	return dir;
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

char *conform_url_decode(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;

	for (; *s; s++) {
		int hi, lo;

		if (*s == '%' && (hi = hexval(s[1])) >= 0 && (lo = hexval(s[2])) >= 0) {
			*o++ = (char)(hi << 4 | lo);
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	return out;
}

char *conform_basename(const char *s, bool decode)
{
	const char *base = s;

	for (const char *p = s; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	return decode ? conform_url_decode(base) : xstrdup(base);
}

/* ---- session ------------------------------------------------------------- */

int64_t conform_tc_start_in(const struct session *s, struct rational rate, bool *exact)
{
	struct rational tc = s->tc_rate;
	__int128 n, d;

	*exact = true;
	if (!rational_valid(tc) || !rational_valid(rate))
		return 0;
	n = (__int128)s->tc_start * tc.den * rate.num;
	d = (__int128)tc.num * rate.den;
	*exact = n % d == 0;
	return rational_rescale(s->tc_start, tc, rate);
}

int64_t conform_abs_samples(const struct session *s, int64_t pos, struct rational rate,
			    int sample_rate)
{
	struct rational tc = s->tc_rate;
	__int128 n, d;

	if (!rational_valid(rate) || sample_rate <= 0)
		return 0;
	if (!rational_valid(tc))
		return rational_rescale(pos, rate, (struct rational){ sample_rate, 1 });
	/* (tc_start * tc.den / tc.num + pos * rate.den / rate.num) * sample_rate */
	n = ((__int128)s->tc_start * tc.den * rate.num + (__int128)pos * rate.den * tc.num) *
	    sample_rate;
	d = (__int128)tc.num * rate.num;
	n = 2 * n + d;
	d *= 2;
	return (int64_t)(n / d - (n < 0 && n % d ? 1 : 0));
}

void conform_start_tc(const struct session *s, bool colons_only, char *buf, size_t n)
{
	struct timecode_fmt f = { .fps = s->tc_fps, .drop = s->drop_frame };

	timecode_format(f, s->tc_start, buf, n);
	if (colons_only)
		for (char *p = buf; *p; p++)
			if (*p == ';')
				*p = ':';
}

const struct track *conform_audio_track(const struct session *s, size_t n)
{
	if (n == 0)
		return NULL;
	for (size_t i = 0; i < s->n_tracks; i++)
		if (s->tracks[i].kind == TRACK_KIND_AUDIO && --n == 0)
			return &s->tracks[i];
	return NULL;
}

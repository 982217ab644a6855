/* test_json.c: the JSON writer and reader. */
#include "config.h"

#include <dirent.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "json.h"
#include "strbuf.h"
#include "utf8.h"
#include "xalloc.h"

/* ---- writer ---------------------------------------------------------- */

static void write_sample(struct strbuf *sb, bool pretty)
{
	struct json_writer w;

	json_writer_init(&w, sb, pretty);
	json_begin_object(&w);
	json_key(&w, "s");
	json_string(&w, "x");
	json_key(&w, "i");
	json_int(&w, -42);
	json_key(&w, "big");
	json_int(&w, INT64_MIN);
	json_key(&w, "d");
	json_double(&w, 0.5);
	json_key(&w, "t");
	json_bool(&w, true);
	json_key(&w, "f");
	json_bool(&w, false);
	json_key(&w, "n");
	json_null(&w);
	json_key(&w, "nul");
	json_string(&w, NULL);
	json_key(&w, "a");
	json_begin_array(&w);
	json_int(&w, 1);
	json_begin_object(&w);
	json_end_object(&w);
	json_begin_array(&w);
	json_end_array(&w);
	json_end_array(&w);
	json_key(&w, "o");
	json_begin_object(&w);
	json_key(&w, "k");
	json_int(&w, 2);
	json_end_object(&w);
	json_end_object(&w);
}

static void test_write_compact(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	write_sample(&sb, false);
	assert_string_equal(sb.buf,
		"{\"s\":\"x\",\"i\":-42,\"big\":-9223372036854775808,\"d\":0.5,\"t\":true,"
		"\"f\":false,\"n\":null,\"nul\":null,\"a\":[1,{},[]],\"o\":{\"k\":2}}");
	strbuf_release(&sb);
}

static void test_write_pretty(void **state)
{
	struct strbuf sb = STRBUF_INIT, again = STRBUF_INIT;

	(void)state;
	write_sample(&sb, true);
	assert_string_equal(sb.buf,
		"{\n"
		"  \"s\": \"x\",\n"
		"  \"i\": -42,\n"
		"  \"big\": -9223372036854775808,\n"
		"  \"d\": 0.5,\n"
		"  \"t\": true,\n"
		"  \"f\": false,\n"
		"  \"n\": null,\n"
		"  \"nul\": null,\n"
		"  \"a\": [\n"
		"    1,\n"
		"    {},\n"
		"    []\n"
		"  ],\n"
		"  \"o\": {\n"
		"    \"k\": 2\n"
		"  }\n"
		"}");
	/* determinism: the same calls give the same bytes */
	write_sample(&again, true);
	assert_int_equal(sb.len, again.len);
	assert_memory_equal(sb.buf, again.buf, sb.len);
	strbuf_release(&sb);
	strbuf_release(&again);
}

static void test_write_appends(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;

	(void)state;
	strbuf_addstr(&sb, "prefix ");
	json_writer_init(&w, &sb, false);
	json_int(&w, 1);
	json_int(&w, 2);	/* a second top-level value goes on a new line */
	assert_string_equal(sb.buf, "prefix 1\n2");
	strbuf_release(&sb);
}

static char *written_string(const char *s, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;

	json_writer_init(&w, &sb, false);
	json_string_len(&w, s, len);
	return strbuf_detach(&sb);
}

static void check_string(const char *in, size_t len, const char *want)
{
	char *got = written_string(in, len);

	assert_string_equal(got, want);
	free(got);
}

static void test_write_escapes(void **state)
{
	(void)state;
	check_string("a\"b\\c/d", 7, "\"a\\\"b\\\\c/d\"");
	check_string("\n\t\r\b\f", 5, "\"\\n\\t\\r\\b\\f\"");
	check_string("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\x7f\"");
	check_string("nul\0byte", 8, "\"nul\\u0000byte\"");
	check_string("", 0, "\"\"");
	/* valid UTF-8 passes through: é, €, U+1F600 */
	check_string("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9,
		     "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
}

#define FFFD UTF8_REPLACEMENT

static void test_write_invalid_utf8(void **state)
{
	struct json_value *v = NULL;
	struct errbuf eb;
	char *out;

	(void)state;
	check_string("A\xff" "B", 3, "\"A" FFFD "B\"");
	/* stray continuation, overlong, surrogate, past U+10FFFF: every byte */
	check_string("\x80", 1, "\"" FFFD "\"");
	check_string("\xc0\xaf", 2, "\"" FFFD FFFD "\"");
	check_string("\xed\xa0\x80", 3, "\"" FFFD FFFD FFFD "\"");
	check_string("\xf4\x90\x80\x80", 4, "\"" FFFD FFFD FFFD FFFD "\"");
	/* truncated sequence at the end and in the middle */
	check_string("x\xe2\x82", 3, "\"x" FFFD FFFD "\"");
	check_string("\xc3(", 2, "\"" FFFD "(\"");
	/* whatever goes in, the reader accepts what comes out */
	out = written_string("\xfe\xff\xc3\x28\xe2\x28\xa1 ok \xf0\x28\x8c\x28", 14);
	errbuf_init(&eb);
	assert_int_equal(json_parse(out, strlen(out), &v, &eb), ERR_OK);
	assert_non_null(json_as_string(v));
	json_free(v);
	free(out);
}

static char *written_double(double d, int prec)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;

	json_writer_init(&w, &sb, false);
	if (prec)
		json_double_prec(&w, d, prec);
	else
		json_double(&w, d);
	return strbuf_detach(&sb);
}

static void check_double(double d, int prec, const char *want)
{
	char *got = written_double(d, prec);

	assert_string_equal(got, want);
	free(got);
}

static void test_write_doubles(void **state)
{
	(void)state;
	check_double(0.0, 0, "0");
	check_double(-0.0, 0, "0");
	check_double(3.0, 0, "3");
	check_double(-3.0, 0, "-3");
	check_double(123456789.0, 0, "123456789");
	check_double(0.1, 0, "0.1");
	check_double(-3.0102999566, 0, "-3.0103");
	check_double(1234567.25, 0, "1.23457e+06");
	check_double(1e20, 0, "1e+20");
	check_double(1.5e-7, 0, "1.5e-07");
	check_double(NAN, 0, "null");
	check_double(INFINITY, 0, "null");
	check_double(-INFINITY, 0, "null");
	check_double(0.1, 17, "0.10000000000000001");
	check_double(2.5, 17, "2.5");
}

/* Under a locale with a decimal comma the output must not change. */
static void test_write_locale(void **state)
{
	static const char *const names[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "de_DE" };
	const char *old = setlocale(LC_NUMERIC, NULL);
	char *saved = xstrdup(old ? old : "C");
	struct json_value *v;
	bool found = false;
	double d = 0;
	char *got;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]) && !found; i++)
		found = setlocale(LC_NUMERIC, names[i]) != NULL;
	if (found) {
		got = written_double(-3.25, 0);
		assert_string_equal(got, "-3.25");
		free(got);
		assert_int_equal(json_parse("-3.25", 5, &v, NULL), ERR_OK);
		assert_true(json_as_double(v, &d));
		assert_true(d == -3.25);
		json_free(v);
	}
	setlocale(LC_NUMERIC, saved);
	free(saved);
	if (!found)
		skip();
}

/* ---- reader ---------------------------------------------------------- */

static struct json_value *parse_ok(const char *text)
{
	struct json_value *v = NULL;
	struct errbuf eb;

	errbuf_init(&eb);
	if (json_parse(text, strlen(text), &v, &eb) != ERR_OK)
		fail_msg("parse of '%s' failed: %s", text, errbuf_msg(&eb));
	assert_non_null(v);
	return v;
}

static void test_read_document(void **state)
{
	const char *doc = "\xef\xbb\xbf {\"name\": \"caf\\u00e9\", \"n\": [1, -2.5, 3e2, true, null],"
			  "\"o\": {\"a\": {}, \"b\": []}, \"dup\": 1, \"dup\": 2}\n";
	struct json_value *v = parse_ok(doc);
	const struct json_value *n = json_get(v, "n");
	int64_t i = 0;
	double d = 0;
	bool b = false;

	(void)state;
	assert_int_equal(json_typeof(v), JSON_OBJECT);
	assert_int_equal(json_length(v), 5);
	assert_string_equal(json_key_at(v, 0), "name");
	assert_string_equal(json_as_string(json_get(v, "name")), "caf\xc3\xa9");
	assert_int_equal(json_length(n), 5);
	assert_true(json_as_int64(json_at(n, 0), &i));
	assert_int_equal(i, 1);
	assert_false(json_as_int64(json_at(n, 1), &i));
	assert_true(json_as_double(json_at(n, 1), &d));
	assert_true(d == -2.5);
	assert_true(json_as_int64(json_at(n, 2), &i));	/* 3e2 is whole */
	assert_int_equal(i, 300);
	assert_true(json_as_bool(json_at(n, 3), &b));
	assert_true(b);
	assert_true(json_is_null(json_at(n, 4)));
	assert_null(json_at(n, 5));
	assert_true(json_is_object(json_get(json_get(v, "o"), "a")));
	assert_true(json_is_array(json_get(json_get(v, "o"), "b")));
	assert_int_equal(json_length(json_get(json_get(v, "o"), "b")), 0);
	/* a repeated key: the last one wins */
	assert_true(json_as_int64(json_get(v, "dup"), &i));
	assert_int_equal(i, 2);
	/* lookups on missing things chain to NULL, never crash */
	assert_null(json_get(v, "missing"));
	assert_null(json_get(json_get(v, "missing"), "x"));
	assert_int_equal(json_typeof(json_get(v, "missing")), JSON_NONE);
	assert_null(json_as_string(json_get(v, "n")));
	assert_false(json_as_int64(NULL, &i));
	assert_null(json_key_at(n, 0));
	json_free(v);
	json_free(NULL);
}

static void test_read_big_ints(void **state)
{
	struct json_value *v = parse_ok("[9223372036854775807, -9223372036854775808, "
					"9223372036854775808, -9223372036854775809, 12345678901234567, "
					"-0, 1.0, 1e19, 0.5]");
	int64_t i = 0;
	double d = 0;

	(void)state;
	assert_true(json_as_int64(json_at(v, 0), &i));
	assert_true(i == INT64_MAX);
	assert_true(json_as_int64(json_at(v, 1), &i));
	assert_true(i == INT64_MIN);
	/* out of int64 range: a double, not an int64 */
	assert_false(json_as_int64(json_at(v, 2), &i));
	assert_true(json_as_double(json_at(v, 2), &d));
	assert_true(d == 9223372036854775808.0);
	assert_false(json_as_int64(json_at(v, 3), &i));
	/* exact beyond 2^53 */
	assert_true(json_as_int64(json_at(v, 4), &i));
	assert_true(i == 12345678901234567);
	assert_true(json_as_int64(json_at(v, 5), &i));
	assert_int_equal(i, 0);
	assert_true(json_as_int64(json_at(v, 6), &i));
	assert_int_equal(i, 1);
	assert_false(json_as_int64(json_at(v, 7), &i));
	assert_false(json_as_int64(json_at(v, 8), &i));
	json_free(v);
}

static void test_read_strings(void **state)
{
	struct json_value *v = parse_ok("[\"\\ud83d\\ude00\", \"\\ud800x\", \"\\udc00\", \"a\\u0000b\","
					"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"\xe8\x8a\xb1\", \"\\u00E9\\u20ac\","
					"\"\\ud83d\\u0041\"]");

	(void)state;
	assert_string_equal(json_as_string(json_at(v, 0)), "\xf0\x9f\x98\x80");
	/* lone surrogates become U+FFFD */
	assert_string_equal(json_as_string(json_at(v, 1)), FFFD "x");
	assert_string_equal(json_as_string(json_at(v, 2)), FFFD);
	assert_int_equal(json_as_string_len(json_at(v, 3)), 3);
	assert_memory_equal(json_as_string(json_at(v, 3)), "a\0b", 3);
	assert_string_equal(json_as_string(json_at(v, 4)), "\"\\/\b\f\n\r\t");
	assert_string_equal(json_as_string(json_at(v, 5)), "\xe8\x8a\xb1");
	assert_string_equal(json_as_string(json_at(v, 6)), "\xc3\xa9\xe2\x82\xac");
	/* a high surrogate followed by a non-surrogate escape */
	assert_string_equal(json_as_string(json_at(v, 7)), FFFD "A");
	json_free(v);
}

static void check_bad(const char *text, size_t len, const char *where)
{
	struct json_value *v = (struct json_value *)&v;	/* must be reset to NULL */
	struct errbuf eb;
	char *copy = xmalloc(len ? len : 1);

	/* an exact-size heap copy, so ASan sees any read past the end */
	memcpy(copy, text, len);
	errbuf_init(&eb);
	if (json_parse(copy, len, &v, &eb) != ERR_JSON)
		fail_msg("'%.*s' parsed", (int)len, text);
	assert_null(v);
	assert_int_equal(eb.code, ERR_JSON);
	if (!strstr(eb.msg, where))
		fail_msg("'%.*s': message '%s' lacks '%s'", (int)len, text, eb.msg, where);
	free(copy);
}

#define BAD(s, where) check_bad(s, sizeof(s) - 1, where)

static void test_read_invalid(void **state)
{
	(void)state;
	BAD("", "line 1, column 1: unexpected end of input");
	BAD("   ", "line 1, column 4");
	BAD("{", "end of input");
	BAD("[1,]", "column 4: unexpected ']'");
	BAD("{\"a\":1,}", "expected a string key");
	BAD("{\"a\" 1}", "expected ':'");
	BAD("{1:2}", "expected a string key");
	BAD("[1 2]", "expected ',' or ']'");
	BAD("[01]", "leading zero");
	BAD("1.", "no digits after '.'");
	BAD(".5", "unexpected '.'");
	BAD("-", "invalid number");
	BAD("+1", "unexpected '+'");
	BAD("1e", "exponent");
	BAD("1e999", "out of range");
	BAD("tru", "unexpected 't'");
	BAD("nul", "unexpected 'n'");
	BAD("NaN", "unexpected 'N'");
	BAD("\"abc", "unterminated string");
	BAD("\"\\x\"", "invalid escape");
	BAD("\"\\u12\"", "4 hex digits");
	BAD("\"\\u12", "4 hex digits");
	BAD("\"\\", "escape");
	BAD("\"a\nb\"", "control character");
	BAD("\"\xff\"", "invalid UTF-8");
	BAD("\"\xc3\"", "invalid UTF-8");
	BAD("\"\xed\xa0\x80\"", "invalid UTF-8");
	BAD("1 2", "after the top-level value");
	BAD("[1]x", "after the top-level value");
	BAD("[1]\0", "byte 0x00");
	BAD("{\n  \"a\": tru\n}", "line 2, column 8");
	BAD("[\"\xc3\xa9\xc3\xa9\", x]", "line 1, column 8");
	BAD("{\"a\":[1,{\"b\":[}]}", "unexpected '}'");
}

static char *nested(int depth)
{
	char *s = xmalloc((size_t)depth * 2 + 1);

	memset(s, '[', (size_t)depth);
	memset(s + depth, ']', (size_t)depth);
	s[depth * 2] = '\0';
	return s;
}

static void test_read_depth(void **state)
{
	struct json_value *v;
	struct errbuf eb;
	char *s;

	(void)state;
	s = nested(JSON_MAX_DEPTH);
	v = parse_ok(s);
	assert_int_equal(json_length(v), 1);
	json_free(v);
	free(s);

	s = nested(JSON_MAX_DEPTH + 1);
	errbuf_init(&eb);
	assert_int_equal(json_parse(s, strlen(s), &v, &eb), ERR_JSON);
	assert_non_null(strstr(eb.msg, "nesting deeper than 256"));
	free(s);

	/* far deeper, unterminated, objects mixed in: an error, no crash */
	s = xmalloc(200001);
	for (int i = 0; i < 200000; i++)
		s[i] = i % 2 ? '[' : '{';
	errbuf_init(&eb);
	assert_int_equal(json_parse(s, 200000, &v, &eb), ERR_JSON);
	free(s);
	s = xmalloc(300000);
	for (int i = 0; i < 100000; i++)
		memcpy(s + 3 * i, "[1,", 3);
	errbuf_init(&eb);
	assert_int_equal(json_parse(s, 300000, &v, &eb), ERR_JSON);
	assert_non_null(strstr(eb.msg, "nesting"));
	free(s);
}

static void test_read_exact_buffer(void **state)
{
	const char *cases[] = { "123", "-7", "true", "null", "\"x\"", "[]", "{}", "1.5e3" };

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len = strlen(cases[i]);
		char *copy = xmalloc(len);
		struct json_value *v;

		memcpy(copy, cases[i], len);
		assert_int_equal(json_parse(copy, len, &v, NULL), ERR_OK);
		json_free(v);
		free(copy);
	}
}

/* The writer's output parses back to what was written. */
static void test_round_trip(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_value *v;
	int64_t i = 0;
	double d = 0;

	(void)state;
	write_sample(&sb, true);
	v = parse_ok(sb.buf);
	assert_string_equal(json_as_string(json_get(v, "s")), "x");
	assert_true(json_as_int64(json_get(v, "big"), &i));
	assert_true(i == INT64_MIN);
	assert_true(json_as_double(json_get(v, "d"), &d));
	assert_true(d == 0.5);
	assert_true(json_is_null(json_get(v, "nul")));
	assert_int_equal(json_length(json_get(v, "a")), 3);
	assert_true(json_as_int64(json_get(json_get(v, "o"), "k"), &i));
	assert_int_equal(i, 2);
	json_free(v);
	strbuf_release(&sb);
}

/* Random corruption of a valid document: an answer, never a crash or leak. */
static void test_read_mutations(void **state)
{
	static const char base[] = "{\"a\": [1, 2.5e-3, \"x\\u00e9\\ud83d\\ude00\", true, null],"
				   " \"b\": {\"c\": -12, \"d\": [[], {}]}}";
	uint32_t seed = 12345;
	char buf[sizeof(base)];

	(void)state;
	for (int round = 0; round < 20000; round++) {
		struct json_value *v;
		size_t len = sizeof(base) - 1;
		int edits;

		memcpy(buf, base, sizeof(base));
		seed = seed * 1103515245 + 12345;
		edits = 1 + (int)((seed >> 16) % 3);
		for (int e = 0; e < edits; e++) {
			seed = seed * 1103515245 + 12345;
			buf[(seed >> 8) % len] = (char)(seed >> 24);
		}
		seed = seed * 1103515245 + 12345;
		if (seed % 4 == 0)
			len = (seed >> 8) % len;
		if (json_parse(buf, len, &v, NULL) == ERR_OK)
			json_free(v);
	}
}

/* ---- the shared ground truth ----------------------------------------- */

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static char *read_whole(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char chunk[65536];
	size_t n;

	if (!fp)
		fail_msg("cannot open '%s'", path);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		strbuf_add(&sb, chunk, n);
	fclose(fp);
	*len = sb.len;
	return strbuf_detach(&sb);
}

/* Parses every file in dir ending in suffix; returns how many. */
static int parse_dir(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int count = 0;

	if (!d)
		fail_msg("cannot open '%s'", dir);
	while ((de = readdir(d)) != NULL) {
		struct json_value *v;
		struct errbuf eb;
		size_t len;
		char *path, *text;

		if (!has_suffix(de->d_name, suffix))
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		text = read_whole(path, &len);
		errbuf_init(&eb);
		if (json_parse(text, len, &v, &eb) != ERR_OK)
			fail_msg("%s: %s", path, errbuf_msg(&eb));
		assert_true(json_is_object(v));
		json_free(v);
		free(text);
		free(path);
		count++;
	}
	closedir(d);
	return count;
}

static void test_shared_files(void **state)
{
	const char *shared = getenv("TURNOVER_SHARED");
	struct stat st;
	char *dir;

	(void)state;
	if (!shared || stat(shared, &st) != 0 || !S_ISDIR(st.st_mode))
		skip();
	dir = xasprintf("%s/aaf/facts", shared);
	assert_true(parse_dir(dir, ".json") > 0);
	free(dir);
	dir = xasprintf("%s/turnovers", shared);
	assert_true(parse_dir(dir, ".truth.json") > 0);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_compact),
		cmocka_unit_test(test_write_pretty),
		cmocka_unit_test(test_write_appends),
		cmocka_unit_test(test_write_escapes),
		cmocka_unit_test(test_write_invalid_utf8),
		cmocka_unit_test(test_write_doubles),
		cmocka_unit_test(test_write_locale),
		cmocka_unit_test(test_read_document),
		cmocka_unit_test(test_read_big_ints),
		cmocka_unit_test(test_read_strings),
		cmocka_unit_test(test_read_invalid),
		cmocka_unit_test(test_read_depth),
		cmocka_unit_test(test_read_exact_buffer),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_read_mutations),
		cmocka_unit_test(test_shared_files),
	};
	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}

/*
 * json.h: a JSON writer that appends to a strbuf, and a small DOM reader.
 *
 * The writer is deterministic: the same calls give the same bytes (no
 * locale, no platform-dependent float digits beyond what %.6g gives).  It
 * always produces valid UTF-8 JSON: bytes of a string that are not
 * well-formed UTF-8 become U+FFFD, NaN and infinities become null.
 *
 * The reader parses RFC 8259 JSON into a tree that the caller frees with
 * json_free().  Nesting is limited to JSON_MAX_DEPTH; integers without a
 * fraction or exponent are kept exact as int64.
 *
 * Low level: libc, err, strbuf, utf8 and xalloc only.
 */
#ifndef TURNOVER_JSON_H
#define TURNOVER_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "strbuf.h"

/* Deepest nesting of arrays and objects the reader accepts. */
#define JSON_MAX_DEPTH 256

/* ---- writer ---------------------------------------------------------- */

/*
 * Writer state.  Embed it and set it up with json_writer_init(); it holds
 * no memory of its own, so there is nothing to release.  Callers make the
 * calls in a valid order (a key before each value inside an object); the
 * writer supplies the commas, the colons and, when pretty, newlines and a
 * two-space indent.  Several top-level values are separated by newlines.
 */
struct json_writer {
	struct strbuf *out;	/* borrowed; output is appended */
	bool pretty;
	int depth;
	char last;	/* last token: 0 none, '{', '[', ':' or 'v' (a value) */
};

/* Starts writing to out (borrowed for the writer's life). */
void json_writer_init(struct json_writer *w, struct strbuf *out, bool pretty);

void json_begin_object(struct json_writer *w);
void json_end_object(struct json_writer *w);
void json_begin_array(struct json_writer *w);
void json_end_array(struct json_writer *w);

/* An object member's key; the next call writes its value. */
void json_key(struct json_writer *w, const char *key);

/* A string value; NULL writes null.  Control characters are escaped and
 * bytes that are not well-formed UTF-8 each become U+FFFD. */
void json_string(struct json_writer *w, const char *s);

/* The same for len bytes that may contain NUL (written as \u0000). */
void json_string_len(struct json_writer *w, const char *s, size_t len);

void json_int(struct json_writer *w, int64_t v);

/*
 * A number written for people and golden files: whole values below 1e15
 * as integers ("-3", not "-3.0"), others with 6 significant digits
 * (%.6g); -0 as 0; NaN and infinities as null.
 */
void json_double(struct json_writer *w, double v);

/* The same with digits significant digits (1 to 17; 17 round-trips any
 * double exactly), for state files that must keep every bit. */
void json_double_prec(struct json_writer *w, double v, int digits);

void json_bool(struct json_writer *w, bool v);
void json_null(struct json_writer *w);

/* ---- reader ---------------------------------------------------------- */

enum json_type {
	JSON_NONE,	/* no value: what json_typeof(NULL) says */
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
	JSON_TYPE_COUNT
};

/* A parsed value; opaque, read it with the accessors below. */
struct json_value;

/*
 * Parses len bytes of text (need not be NUL-terminated; a leading UTF-8
 * BOM is skipped) into a new tree in *out, which the caller frees with
 * json_free().  Strings must be valid UTF-8; \u escapes are decoded to
 * UTF-8, surrogate pairs joined, a lone surrogate becomes U+FFFD.
 * errors: ERR_JSON with "line L, column C: what" in eb (columns count
 * characters from 1); *out is NULL then.
 */
enum err json_parse(const char *text, size_t len, struct json_value **out,
		    struct errbuf *eb);

/*
 * Reads and parses the file at path into *out (as json_parse()).
 * errors: ERR_NOT_FOUND (no such file), ERR_IO, ERR_JSON ("'path': line
 * L, column C: what").
 */
enum err json_load_file(const char *path, struct json_value **out, struct errbuf *eb);

/* Frees v and everything under it; NULL does nothing.  Only for the root
 * that json_parse() returned. */
void json_free(struct json_value *v);

/* v's type; JSON_NONE for NULL, so lookups can be chained. */
enum json_type json_typeof(const struct json_value *v);

bool json_is_null(const struct json_value *v);
bool json_is_bool(const struct json_value *v);
bool json_is_number(const struct json_value *v);
bool json_is_string(const struct json_value *v);
bool json_is_array(const struct json_value *v);
bool json_is_object(const struct json_value *v);

/*
 * The member key of object obj (the last one if repeated); NULL when obj
 * is not an object (or NULL) or has no such key.  Every value returned by
 * the accessors is borrowed from the root until json_free().
 */
const struct json_value *json_get(const struct json_value *obj, const char *key);

/* Elements of an array or members of an object; 0 for anything else. */
size_t json_length(const struct json_value *v);

/* Element i of an array, or the value of member i of an object (in file
 * order); NULL when out of range or v is neither. */
const struct json_value *json_at(const struct json_value *v, size_t i);

/* The key of member i of an object; NULL when out of range or not an
 * object. */
const char *json_key_at(const struct json_value *obj, size_t i);

/*
 * Number v as an int64 in *out: exact for integer literals; a number
 * written with a fraction or exponent only when its value is whole and in
 * range; never for an integer literal outside int64 (even if it rounds to
 * INT64_MIN as a double).  Returns false (leaving *out alone) when v is
 * not such a number.
 */
bool json_as_int64(const struct json_value *v, int64_t *out);

/* Number v as a double (integers converted); false when not a number. */
bool json_as_double(const struct json_value *v, double *out);

/* Boolean v in *out; false when v is not a boolean. */
bool json_as_bool(const struct json_value *v, bool *out);

/* String v, NUL-terminated UTF-8 (it may also hold NULs from \u0000: see
 * json_as_string_len()); NULL when v is not a string. */
const char *json_as_string(const struct json_value *v);

/* The length in bytes of string v; 0 when v is not a string. */
size_t json_as_string_len(const struct json_value *v);

#endif

/* json.c: the JSON writer and the DOM reader. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "utf8.h"
#include "xalloc.h"

/* ---- writer ---------------------------------------------------------- */

void json_writer_init(struct json_writer *w, struct strbuf *out, bool pretty)
{
	w->out = out;
	w->pretty = pretty;
	w->depth = 0;
	w->last = 0;
}

static void newline_indent(struct json_writer *w, int depth)
{
	strbuf_addch(w->out, '\n');
	for (int i = 0; i < depth; i++)
		strbuf_add(w->out, "  ", 2);
}

/* Separates a new key or value from what came before. */
static void before_item(struct json_writer *w)
{
	if (w->last == ':')
		return;
	if (w->depth == 0) {
		if (w->last)
			strbuf_addch(w->out, '\n');
		return;
	}
	if (w->last == 'v')
		strbuf_addch(w->out, ',');
	if (w->pretty)
		newline_indent(w, w->depth);
}

static void begin(struct json_writer *w, char open)
{
	before_item(w);
	strbuf_addch(w->out, open);
	w->depth++;
	w->last = open;
}

static void end(struct json_writer *w, char open, char close)
{
	if (w->depth > 0)
		w->depth--;
	if (w->pretty && w->last != open)
		newline_indent(w, w->depth);
	strbuf_addch(w->out, close);
	w->last = 'v';
}

void json_begin_object(struct json_writer *w)
{
	begin(w, '{');
}

void json_end_object(struct json_writer *w)
{
	end(w, '{', '}');
}

void json_begin_array(struct json_writer *w)
{
	begin(w, '[');
}

void json_end_array(struct json_writer *w)
{
	end(w, '[', ']');
}

static void add_escape(struct strbuf *sb, unsigned char c)
{
	switch (c) {
	case '"': strbuf_add(sb, "\\\"", 2); break;
	case '\\': strbuf_add(sb, "\\\\", 2); break;
	case '\b': strbuf_add(sb, "\\b", 2); break;
	case '\f': strbuf_add(sb, "\\f", 2); break;
	case '\n': strbuf_add(sb, "\\n", 2); break;
	case '\r': strbuf_add(sb, "\\r", 2); break;
	case '\t': strbuf_add(sb, "\\t", 2); break;
	default: strbuf_addf(sb, "\\u%04x", c); break;
	}
}

/* Appends s as a quoted JSON string, copying runs of plain bytes whole. */
static void add_quoted(struct strbuf *sb, const char *s, size_t len)
{
	size_t i = 0, run = 0;

	strbuf_addch(sb, '"');
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t n;

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		strbuf_add(sb, s + run, i - run);
		if (c < 0x80) {
			add_escape(sb, c);
			i++;
		} else if ((n = utf8_decode(s + i, len - i, NULL)) > 0) {
			strbuf_add(sb, s + i, n);
			i += n;
		} else {
			strbuf_addstr(sb, UTF8_REPLACEMENT);
			i++;
		}
		run = i;
	}
	strbuf_add(sb, s + run, i - run);
	strbuf_addch(sb, '"');
}

void json_key(struct json_writer *w, const char *key)
{
	before_item(w);
	add_quoted(w->out, key, strlen(key));
	if (w->pretty)
		strbuf_add(w->out, ": ", 2);
	else
		strbuf_addch(w->out, ':');
	w->last = ':';
}

void json_string_len(struct json_writer *w, const char *s, size_t len)
{
	before_item(w);
	add_quoted(w->out, s, len);
	w->last = 'v';
}

void json_string(struct json_writer *w, const char *s)
{
	if (!s)
		json_null(w);
	else
		json_string_len(w, s, strlen(s));
}

void json_int(struct json_writer *w, int64_t v)
{
	before_item(w);
	strbuf_addf(w->out, "%lld", (long long)v);
	w->last = 'v';
}

/*
 * Appends a printf %g result with whatever the locale made of the decimal
 * point (a comma, or several bytes) turned back into '.'.
 */
static void add_number_text(struct strbuf *sb, const char *buf)
{
	bool in_point = false;

	for (const char *p = buf; *p; p++) {
		if ((*p >= '0' && *p <= '9') || *p == '-' || *p == '+' || *p == 'e') {
			strbuf_addch(sb, *p);
			in_point = false;
		} else if (!in_point) {
			strbuf_addch(sb, '.');
			in_point = true;
		}
	}
}

static void add_double(struct json_writer *w, double v, int digits)
{
	char buf[64];

	before_item(w);
	w->last = 'v';
	if (!isfinite(v)) {
		strbuf_add(w->out, "null", 4);
		return;
	}
	if (v == 0) {
		strbuf_addch(w->out, '0');
		return;
	}
	if (fabs(v) < 1e15 && v == (double)(int64_t)v) {
		strbuf_addf(w->out, "%lld", (long long)(int64_t)v);
		return;
	}
	if (digits < 1)
		digits = 1;
	if (digits > 17)
		digits = 17;
	snprintf(buf, sizeof(buf), "%.*g", digits, v);
	add_number_text(w->out, buf);
}

void json_double(struct json_writer *w, double v)
{
	add_double(w, v, 6);
}

void json_double_prec(struct json_writer *w, double v, int digits)
{
	add_double(w, v, digits);
}

void json_bool(struct json_writer *w, bool v)
{
	before_item(w);
	if (v)
		strbuf_add(w->out, "true", 4);
	else
		strbuf_add(w->out, "false", 5);
	w->last = 'v';
}

void json_null(struct json_writer *w)
{
	before_item(w);
	strbuf_add(w->out, "null", 4);
	w->last = 'v';
}

/* ---- reader ---------------------------------------------------------- */

struct json_value {
	enum json_type type;
	bool is_int;		/* number written without fraction or exponent, in range */
	bool big_int;		/* written without them, but outside int64 */
	union {
		bool b;
		struct {
			int64_t i;
			double d;
		} num;
		struct {
			char *s;
			size_t len;
		} str;
		struct {
			struct json_value *items;	/* owned, n entries */
			char **keys;	/* objects only; owned, n entries */
			size_t n;
		} list;
	} u;
};

struct parser {
	const char *start, *p, *end;
	int depth;
	struct errbuf *eb;
};

static void value_release(struct json_value *v)
{
	switch (v->type) {
	case JSON_STRING:
		free(v->u.str.s);
		break;
	case JSON_ARRAY:
	case JSON_OBJECT:
		/* depth is bounded by JSON_MAX_DEPTH, so this recursion is too */
		for (size_t i = 0; i < v->u.list.n; i++) {
			value_release(&v->u.list.items[i]);
			if (v->u.list.keys)
				free(v->u.list.keys[i]);
		}
		free(v->u.list.items);
		free(v->u.list.keys);
		break;
	default:
		break;
	}
	v->type = JSON_NONE;
}

void json_free(struct json_value *v)
{
	if (!v)
		return;
	value_release(v);
	free(v);
}

static enum err fail(struct parser *ps, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Records an error at byte at, with its line and column (in characters). */
static enum err fail(struct parser *ps, const char *at, const char *fmt, ...)
{
	size_t line = 1, col = 1;
	char msg[256];
	va_list ap;

	for (const char *q = ps->start; q < at; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)*q & 0xC0) != 0x80) {
			col++;
		}
	}
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return err_set(ps->eb, ERR_JSON, "line %zu, column %zu: %s", line, col, msg);
}

/* An error about the byte at p (or the end of the input), after what. */
static enum err fail_unexpected(struct parser *ps, const char *what)
{
	unsigned char c;

	if (ps->p >= ps->end)
		return fail(ps, ps->p, "unexpected end of input, %s", what);
	c = (unsigned char)*ps->p;
	if (c > 0x20 && c < 0x7F)
		return fail(ps, ps->p, "unexpected '%c', %s", c, what);
	return fail(ps, ps->p, "unexpected byte 0x%02x, %s", c, what);
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end &&
	       (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Reads the 4 hex digits after "\u" at p; false when they are not there. */
static bool read_hex4(const char *p, const char *end, uint32_t *out)
{
	uint32_t v = 0;

	if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
		return false;
	for (int i = 2; i < 6; i++) {
		int h = hexval(p[i]);

		if (h < 0)
			return false;
		v = (v << 4) | (uint32_t)h;
	}
	*out = v;
	return true;
}

/* Decodes the \u escape at ps->p (joining a surrogate pair) into sb. */
static enum err parse_u_escape(struct parser *ps, struct strbuf *sb)
{
	char enc[UTF8_MAX];
	uint32_t cp, lo;
	size_t n;

	if (!read_hex4(ps->p, ps->end, &cp))
		return fail(ps, ps->p, "\\u must be followed by 4 hex digits");
	ps->p += 6;
	if (cp >= 0xD800 && cp <= 0xDBFF && read_hex4(ps->p, ps->end, &lo) &&
	    lo >= 0xDC00 && lo <= 0xDFFF) {
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		ps->p += 6;
	}
	n = utf8_encode(cp, enc);
	if (n)
		strbuf_add(sb, enc, n);
	else
		strbuf_addstr(sb, UTF8_REPLACEMENT);	/* lone surrogate */
	return ERR_OK;
}

/* The escape sequence at ps->p (a backslash) into sb. */
static enum err parse_escape(struct parser *ps, struct strbuf *sb)
{
	static const char from[] = "\"\\/bfnrt";
	static const char to[] = "\"\\/\b\f\n\r\t";
	const char *hit;

	if (ps->end - ps->p < 2)
		return fail(ps, ps->p, "unterminated escape sequence");
	if (ps->p[1] == 'u')
		return parse_u_escape(ps, sb);
	hit = ps->p[1] ? strchr(from, ps->p[1]) : NULL;
	if (!hit)
		return fail(ps, ps->p, "invalid escape sequence");
	strbuf_addch(sb, to[hit - from]);
	ps->p += 2;
	return ERR_OK;
}

static enum err parse_string_body(struct parser *ps, struct strbuf *sb)
{
	const char *open = ps->p++;
	const char *run = ps->p;
	enum err e;
	size_t n;

	for (;;) {
		unsigned char c;

		if (ps->p >= ps->end)
			return fail(ps, open, "unterminated string");
		c = (unsigned char)*ps->p;
		if (c == '"' || c == '\\')
			strbuf_add(sb, run, (size_t)(ps->p - run));
		if (c == '"') {
			ps->p++;
			return ERR_OK;
		} else if (c == '\\') {
			if ((e = parse_escape(ps, sb)) != ERR_OK)
				return e;
			run = ps->p;
		} else if (c < 0x20) {
			return fail(ps, ps->p, "control character 0x%02x in string", c);
		} else if (c < 0x80) {
			ps->p++;
		} else if ((n = utf8_decode(ps->p, (size_t)(ps->end - ps->p), NULL)) > 0) {
			ps->p += n;
		} else {
			return fail(ps, ps->p, "invalid UTF-8 byte 0x%02x in string", c);
		}
	}
}

/* The string at ps->p (its opening quote) as a new NUL-terminated copy. */
static enum err parse_string(struct parser *ps, char **out, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	enum err e = parse_string_body(ps, &sb);

	if (e != ERR_OK) {
		strbuf_release(&sb);
		return e;
	}
	*len = sb.len;
	*out = strbuf_detach(&sb);
	return ERR_OK;
}

static bool is_digit(const struct parser *ps, const char *p)
{
	return p < ps->end && *p >= '0' && *p <= '9';
}

/* Exact value of the integer literal [s, e); false when out of range. */
static bool integer_value(const char *s, const char *e, int64_t *out)
{
	bool neg = *s == '-';
	uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	uint64_t v = 0;

	for (const char *p = s + neg; p < e; p++) {
		uint64_t d = (uint64_t)(*p - '0');

		if (v > (limit - d) / 10)
			return false;
		v = v * 10 + d;
	}
	if (neg)
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	else
		*out = (int64_t)v;
	return true;
}

/* strtod() on [s, e) in spite of the locale's decimal point. */
static double decimal_value(const char *s, const char *e)
{
	const char *dp = localeconv()->decimal_point;
	size_t dplen = dp && *dp ? strlen(dp) : 1;
	size_t n = (size_t)(e - s);
	char small[80], *buf = n + dplen < sizeof(small) ? small : xmalloc(n + dplen + 1);
	char *q = buf;
	double d;

	for (const char *p = s; p < e; p++) {
		if (*p == '.' && dp && *dp) {
			memcpy(q, dp, dplen);
			q += dplen;
		} else {
			*q++ = *p;
		}
	}
	*q = '\0';
	d = strtod(buf, NULL);
	if (buf != small)
		free(buf);
	return d;
}

static enum err parse_number(struct parser *ps, struct json_value *v)
{
	const char *s = ps->p;
	bool is_int = true;

	if (*ps->p == '-')
		ps->p++;
	if (!is_digit(ps, ps->p))
		return fail(ps, s, "invalid number");
	if (*ps->p == '0' && is_digit(ps, ps->p + 1))
		return fail(ps, s, "invalid number: leading zero");
	while (is_digit(ps, ps->p))
		ps->p++;
	if (ps->p < ps->end && *ps->p == '.') {
		is_int = false;
		if (!is_digit(ps, ++ps->p))
			return fail(ps, s, "invalid number: no digits after '.'");
		while (is_digit(ps, ps->p))
			ps->p++;
	}
	if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
		is_int = false;
		ps->p++;
		if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
			ps->p++;
		if (!is_digit(ps, ps->p))
			return fail(ps, s, "invalid number: no digits in exponent");
		while (is_digit(ps, ps->p))
			ps->p++;
	}
	v->type = JSON_NUMBER;
	v->is_int = is_int && integer_value(s, ps->p, &v->u.num.i);
	v->big_int = is_int && !v->is_int;
	if (v->is_int) {
		v->u.num.d = (double)v->u.num.i;
		return ERR_OK;
	}
	v->u.num.d = decimal_value(s, ps->p);
	if (!isfinite(v->u.num.d))
		return fail(ps, s, "number out of range");
	return ERR_OK;
}

static enum err parse_literal(struct parser *ps, struct json_value *v)
{
	static const struct {
		const char *text;
		enum json_type type;
		bool b;
	} lits[] = {
		{ "true", JSON_BOOL, true },
		{ "false", JSON_BOOL, false },
		{ "null", JSON_NULL, false },
	};
	size_t left = (size_t)(ps->end - ps->p);

	for (size_t i = 0; i < sizeof(lits) / sizeof(lits[0]); i++) {
		size_t n = strlen(lits[i].text);

		if (left >= n && !memcmp(ps->p, lits[i].text, n)) {
			v->type = lits[i].type;
			v->u.b = lits[i].b;
			ps->p += n;
			return ERR_OK;
		}
	}
	return fail_unexpected(ps, "expected a value");
}

static enum err parse_value(struct parser *ps, struct json_value *v);

/* Appends a new, zeroed value to the list being built in v. */
static struct json_value *list_push(struct json_value *v, size_t *alloc)
{
	struct json_value *item;

	XGROW(v->u.list.items, v->u.list.n + 1, *alloc);
	item = &v->u.list.items[v->u.list.n];
	memset(item, 0, sizeof(*item));
	return item;
}

/* After an element: true at the closing bracket, false at a comma. */
static enum err list_next(struct parser *ps, char close, bool *done)
{
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ',') {
		ps->p++;
		*done = false;
		return ERR_OK;
	}
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		*done = true;
		return ERR_OK;
	}
	return fail_unexpected(ps, close == ']' ? "expected ',' or ']' in array" :
			       "expected ',' or '}' in object");
}

static enum err enter(struct parser *ps, struct json_value *v, enum json_type type)
{
	if (++ps->depth > JSON_MAX_DEPTH)
		return fail(ps, ps->p, "nesting deeper than %d levels", JSON_MAX_DEPTH);
	ps->p++;
	v->type = type;
	skip_ws(ps);
	return ERR_OK;
}

static enum err parse_array(struct parser *ps, struct json_value *v)
{
	size_t alloc = 0;
	bool done = false;
	enum err e;

	if ((e = enter(ps, v, JSON_ARRAY)) != ERR_OK)
		return e;
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		done = true;
	}
	while (!done) {
		struct json_value *item = list_push(v, &alloc);

		if ((e = parse_value(ps, item)) != ERR_OK) {
			value_release(item);
			return e;
		}
		v->u.list.n++;
		if ((e = list_next(ps, ']', &done)) != ERR_OK)
			return e;
	}
	ps->depth--;
	return ERR_OK;
}

/* One "key": value member of the object v. */
static enum err parse_member(struct parser *ps, struct json_value *v, size_t *alloc)
{
	struct json_value *item;
	size_t keylen, n = v->u.list.n, old_alloc = *alloc;
	char *key;
	enum err e;

	skip_ws(ps);
	if (ps->p >= ps->end || *ps->p != '"')
		return fail_unexpected(ps, "expected a string key in object");
	if ((e = parse_string(ps, &key, &keylen)) != ERR_OK)
		return e;
	skip_ws(ps);
	if (ps->p >= ps->end || *ps->p != ':') {
		free(key);
		return fail_unexpected(ps, "expected ':' after object key");
	}
	ps->p++;
	item = list_push(v, alloc);
	/* keys grows in step with items, so *alloc sizes both */
	if (*alloc != old_alloc)
		v->u.list.keys = xreallocarray(v->u.list.keys, *alloc, sizeof(char *));
	v->u.list.keys[n] = key;
	if ((e = parse_value(ps, item)) != ERR_OK) {
		value_release(item);
		free(key);
		return e;
	}
	v->u.list.n++;
	return ERR_OK;
}

static enum err parse_object(struct parser *ps, struct json_value *v)
{
	size_t alloc = 0;
	bool done = false;
	enum err e;

	if ((e = enter(ps, v, JSON_OBJECT)) != ERR_OK)
		return e;
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		done = true;
	}
	while (!done) {
		if ((e = parse_member(ps, v, &alloc)) != ERR_OK)
			return e;
		if ((e = list_next(ps, '}', &done)) != ERR_OK)
			return e;
	}
	ps->depth--;
	return ERR_OK;
}

/*
 * Parses one value into v (zeroed by the caller).  On failure v may hold
 * a partly built container; the caller releases it with value_release().
 */
static enum err parse_value(struct parser *ps, struct json_value *v)
{
	skip_ws(ps);
	if (ps->p >= ps->end)
		return fail_unexpected(ps, "expected a value");
	switch (*ps->p) {
	case '{':
		return parse_object(ps, v);
	case '[':
		return parse_array(ps, v);
	case '"':
		v->type = JSON_STRING;	/* s stays NULL on failure */
		return parse_string(ps, &v->u.str.s, &v->u.str.len);
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return parse_number(ps, v);
	default:
		return parse_literal(ps, v);
	}
}

enum err json_parse(const char *text, size_t len, struct json_value **out,
		    struct errbuf *eb)
{
	struct parser ps;
	struct json_value *v;
	enum err e;

	*out = NULL;
	if (!text)
		text = "";
	ps.start = ps.p = text;
	ps.end = text + len;
	ps.depth = 0;
	ps.eb = eb;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		ps.p += 3;
	v = xcalloc(1, sizeof(*v));
	e = parse_value(&ps, v);
	if (e == ERR_OK) {
		skip_ws(&ps);
		if (ps.p < ps.end)
			e = fail_unexpected(&ps, "expected the end after the top-level value");
	}
	if (e != ERR_OK) {
		json_free(v);
		return e;
	}
	*out = v;
	return ERR_OK;
}

/* ---- accessors ------------------------------------------------------- */

enum json_type json_typeof(const struct json_value *v)
{
	return v ? v->type : JSON_NONE;
}

bool json_is_null(const struct json_value *v)
{
	return json_typeof(v) == JSON_NULL;
}

bool json_is_bool(const struct json_value *v)
{
	return json_typeof(v) == JSON_BOOL;
}

bool json_is_number(const struct json_value *v)
{
	return json_typeof(v) == JSON_NUMBER;
}

bool json_is_string(const struct json_value *v)
{
	return json_typeof(v) == JSON_STRING;
}

bool json_is_array(const struct json_value *v)
{
	return json_typeof(v) == JSON_ARRAY;
}

bool json_is_object(const struct json_value *v)
{
	return json_typeof(v) == JSON_OBJECT;
}

const struct json_value *json_get(const struct json_value *obj, const char *key)
{
	if (!json_is_object(obj))
		return NULL;
	for (size_t i = obj->u.list.n; i-- > 0;)
		if (!strcmp(obj->u.list.keys[i], key))
			return &obj->u.list.items[i];
	return NULL;
}

size_t json_length(const struct json_value *v)
{
	if (json_is_array(v) || json_is_object(v))
		return v->u.list.n;
	return 0;
}

const struct json_value *json_at(const struct json_value *v, size_t i)
{
	if (i >= json_length(v))
		return NULL;
	return &v->u.list.items[i];
}

const char *json_key_at(const struct json_value *obj, size_t i)
{
	if (!json_is_object(obj) || i >= obj->u.list.n)
		return NULL;
	return obj->u.list.keys[i];
}

bool json_as_int64(const struct json_value *v, int64_t *out)
{
	double d;

	if (!json_is_number(v))
		return false;
	if (v->is_int) {
		*out = v->u.num.i;
		return true;
	}
	if (v->big_int)		/* its double may round into range: not exact */
		return false;
	d = v->u.num.d;
	/* 2^63 is exact as a double; INT64_MAX is not */
	if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
		return false;
	if (d != (double)(int64_t)d)
		return false;
	*out = (int64_t)d;
	return true;
}

bool json_as_double(const struct json_value *v, double *out)
{
	if (!json_is_number(v))
		return false;
	*out = v->u.num.d;
	return true;
}

bool json_as_bool(const struct json_value *v, bool *out)
{
	if (!json_is_bool(v))
		return false;
	*out = v->u.b;
	return true;
}

const char *json_as_string(const struct json_value *v)
{
	return json_is_string(v) ? v->u.str.s : NULL;
}

size_t json_as_string_len(const struct json_value *v)
{
	return json_is_string(v) ? v->u.str.len : 0;
}

enum err json_load_file(const char *path, struct json_value **out, struct errbuf *eb)
{
	struct strbuf sb = STRBUF_INIT;
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t got;
	struct errbuf local;
	enum err e = ERR_OK;

	*out = NULL;
	if (!f)
		return err_set(eb, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO, "cannot open '%s': %s",
			       path, strerror(errno));
	while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		strbuf_add(&sb, chunk, got);
	if (ferror(f))
		e = err_set(eb, ERR_IO, "cannot read '%s'", path);
	fclose(f);
	errbuf_init(&local);
	if (e == ERR_OK && json_parse(strbuf_str(&sb), sb.len, out, &local) != ERR_OK)
		e = err_set(eb, ERR_JSON, "'%s': %s", path, errbuf_msg(&local));
	strbuf_release(&sb);
	return e;
}

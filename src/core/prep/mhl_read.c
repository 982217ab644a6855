/*
 * mhl_read.c: reading a hashlist.  A scanner for the flat structure of
 * MHL v1 (<hashlist><hash><file/><size/>…</hash>…</hashlist>): each <hash>
 * element's children are looked up by name and their text unescaped.
 * Unknown children (md5, sha1, hashdate, …) are skipped.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "prep/mhl.h"
#include "strbuf.h"
#include "xalloc.h"

#define MHL_MAX_FILE (64L << 20)

/*
 * The first needle in [p, end), or NULL.  Not strstr(): that may measure
 * the whole rest of the text on every call, which makes a long list slow.
 */
static const char *find_str(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	while (p < end && (p = memchr(p, needle[0], (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) >= n && !memcmp(p, needle, n))
			return p;
		p++;
	}
	return NULL;
}

/* The start of the element tag "<name" followed by '>' or a space, in [p, end). */
static const char *find_tag(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);

	for (; (p = find_str(p, end, name)) != NULL; p += n) {
		if (p + n < end && (p[n] == '>' || isspace((unsigned char)p[n])))
			return p;
	}
	return NULL;
}

static void add_utf8(struct strbuf *sb, unsigned long c)
{
	if (c < 0x80) {
		strbuf_addch(sb, (int)c);
	} else if (c < 0x800) {
		strbuf_addch(sb, (int)(0xc0 | (c >> 6)));
		strbuf_addch(sb, (int)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		strbuf_addch(sb, (int)(0xe0 | (c >> 12)));
		strbuf_addch(sb, (int)(0x80 | ((c >> 6) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | (c & 0x3f)));
	} else {
		strbuf_addch(sb, (int)(0xf0 | (c >> 18)));
		strbuf_addch(sb, (int)(0x80 | ((c >> 12) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | ((c >> 6) & 0x3f)));
		strbuf_addch(sb, (int)(0x80 | (c & 0x3f)));
	}
}

/* Decodes the entity at p ("&…;"); returns its length, or 0 if bad. */
static size_t add_entity(struct strbuf *sb, const char *p, const char *end)
{
	static const struct { const char *name; char c; } named[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' },
	};
	const char *semi = memchr(p, ';', (size_t)(end - p));
	unsigned long c;
	char *stop;

	if (!semi)
		return 0;
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		if (!strncmp(p, named[i].name, strlen(named[i].name))) {
			strbuf_addch(sb, named[i].c);
			return strlen(named[i].name);
		}
	}
	if (p[1] != '#' || semi - p < 3)
		return 0;
	errno = 0;
	if (p[2] == 'x' || p[2] == 'X')
		c = strtoul(p + 3, &stop, 16);
	else
		c = strtoul(p + 2, &stop, 10);
	if (stop != semi || errno || c == 0 || c > 0x10ffff || !isxdigit((unsigned char)stop[-1]))
		return 0;
	add_utf8(sb, c);
	return (size_t)(semi - p) + 1;
}

/*
 * The unescaped text of child element name in [p, end), trimmed unless it
 * is <file> (a name may start or end with a space), or NULL when absent;
 * *bad is set when present but malformed.  Caller frees.
 */
static char *child_text(const char *p, const char *end, const char *name, bool *bad)
{
	char open[40], close[40];
	const char *s, *e;
	struct strbuf sb;

	snprintf(open, sizeof(open), "<%s>", name);
	snprintf(close, sizeof(close), "</%s>", name);
	s = find_str(p, end, open);
	if (!s)
		return NULL;
	s += strlen(open);
	e = find_str(s, end, close);
	if (!e) {
		*bad = true;
		return NULL;
	}
	while (strcmp(name, "file") && s < e && isspace((unsigned char)*s))
		s++;
	while (strcmp(name, "file") && e > s && isspace((unsigned char)e[-1]))
		e--;
	strbuf_init(&sb);
	while (s < e) {
		size_t n = 1;

		if (*s == '<') {
			*bad = true;
			break;
		}
		if (*s == '&')
			n = add_entity(&sb, s, e);
		else
			strbuf_addch(&sb, *s);
		if (n == 0) {
			*bad = true;
			break;
		}
		s += n;
	}
	if (*bad) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

static bool parse_hex(const char *s, size_t max_digits, uint64_t *hi, uint64_t *lo)
{
	size_t n = strlen(s);

	*hi = *lo = 0;
	if (n == 0 || n > max_digits)
		return false;
	for (size_t i = 0; i < n; i++) {
		int c = tolower((unsigned char)s[i]);
		unsigned v;

		if (!isxdigit(c))
			return false;
		v = (unsigned)(isdigit(c) ? c - '0' : c - 'a' + 10);
		*hi = (*hi << 4) | (*lo >> 60);
		*lo = (*lo << 4) | v;
	}
	return true;
}

static bool parse_size(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!isdigit((unsigned char)s[0]))
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end || errno)
		return false;
	*out = v;
	return true;
}

/* "YYYY-MM-DDThh:mm:ss" with anything after (Z, fraction, offset ignored). */
static bool parse_time(const char *s, int64_t *out)
{
	struct tm tm;
	int n = 0;

	memset(&tm, 0, sizeof(tm));
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 || n < 19)
		return false;
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = (int64_t)timegm(&tm);
	return true;
}

/* Reads the numeric children of one <hash>; returns false if one is bad. */
static bool read_fields(struct mhl_entry *e, const char *p, const char *end, bool *bad)
{
	char *t;
	uint64_t hi;

	if ((t = child_text(p, end, "size", bad)) != NULL) {
		e->has_size = parse_size(t, &e->d.size);
		*bad |= !e->has_size;
		free(t);
	}
	if ((t = child_text(p, end, "lastmodificationdate", bad)) != NULL) {
		/* other tools write dates in several forms: unreadable is not fatal */
		e->has_mtime = parse_time(t, &e->d.mtime);
		free(t);
	}
	if ((t = child_text(p, end, "xxhash64be", bad)) != NULL) {
		e->has_xxh64 = parse_hex(t, 16, &hi, &e->d.xxh64);
		*bad |= !e->has_xxh64;
		free(t);
	}
	if ((t = child_text(p, end, "xxh128", bad)) != NULL) {
		e->has_xxh128 = parse_hex(t, 32, &e->d.xxh128_hi, &e->d.xxh128_lo);
		*bad |= !e->has_xxh128;
		free(t);
	}
	return !*bad;
}

/* Reads the <hash> element in [p, end) into a new entry of m. */
static enum err read_hash(struct mhl *m, const char *p, const char *end, struct errbuf *eb)
{
	struct mhl_entry *e;
	bool bad = false;
	char *file = child_text(p, end, "file", &bad);

	if (!file || !file[0]) {
		free(file);
		return err_set(eb, ERR_INVALID, "hash %zu: %s <file>", m->n_entries + 1,
			       bad ? "malformed" : "no");
	}
	for (char *c = file; *c; c++)
		if (*c == '\\')
			*c = '/';
	XGROW(m->entries, m->n_entries + 1, m->alloc_entries);
	e = &m->entries[m->n_entries++];
	memset(e, 0, sizeof(*e));
	e->file = file;
	if (!read_fields(e, p, end, &bad))
		return err_set(eb, ERR_INVALID, "hash %zu ('%s'): malformed size or hash",
			       m->n_entries, file);
	return ERR_OK;
}

static enum err parse_text(const char *xml, const char *end, struct mhl *m, struct errbuf *eb)
{
	const char *p = find_tag(xml, end, "<hashlist");

	if (!p)
		return err_set(eb, ERR_INVALID, "not a hash list (no <hashlist>)");
	while ((p = find_tag(p + 1, end, "<hash")) != NULL) {
		const char *close = find_str(p, end, "</hash>");
		enum err e;

		if (!close)
			return err_set(eb, ERR_INVALID, "hash %zu: no </hash>", m->n_entries + 1);
		e = read_hash(m, p, close, eb);
		if (e != ERR_OK)
			return e;
		p = close;
	}
	return ERR_OK;
}

enum err mhl_parse(const char *xml, size_t len, struct mhl **out, struct errbuf *eb)
{
	char *text;
	struct mhl *m;
	enum err e;

	*out = NULL;
	if (memchr(xml, '\0', len))
		return err_set(eb, ERR_INVALID, "not a hash list (binary data)");
	/* a NUL-terminated copy: number and entity parsing may look one past */
	text = xstrndup(xml, len);
	m = mhl_new();
	e = parse_text(text, text + len, m, eb);
	free(text);
	if (e != ERR_OK) {
		mhl_free(m);
		return e;
	}
	*out = m;
	return ERR_OK;
}

enum err mhl_load(const char *path, struct mhl **out, struct errbuf *eb)
{
	FILE *f = fopen(path, "rb");
	struct errbuf why;
	struct stat st;
	char *buf;
	size_t n;
	enum err e;

	*out = NULL;
	if (!f)
		return err_set(eb, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO, "cannot open '%s': %s",
			       path, strerror(errno));
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > MHL_MAX_FILE) {
		fclose(f);
		return err_set(eb, ERR_IO, "'%s' is not a manifest file (too big or not a file)", path);
	}
	buf = xmalloc((size_t)st.st_size + 1);
	n = fread(buf, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return err_set(eb, ERR_IO, "cannot read '%s'", path);
	}
	fclose(f);
	errbuf_init(&why);
	e = mhl_parse(buf, n, out, &why);
	free(buf);
	if (e != ERR_OK)
		return err_set(eb, e, "'%s': %s", path, errbuf_msg(&why));
	return ERR_OK;
}

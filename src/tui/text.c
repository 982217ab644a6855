/* text.c: terminal-safe UTF-8 text cut to columns. */
#include "config.h"

#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "tui/text.h"
#include "utf8.h"

static const struct glyphs utf8_glyphs = {
	"\xE2\x80\x94", "\xE2\x80\xA6", "\xE2\x96\xB6", "\xE2\x96\xA0",
	"\xE2\x96\x88", "\xE2\x96\x91", "\xE2\x80\xA2", "\xE2\x96\xB2", "\xE2\x96\xBC",
	"\xE2\x94\x82",
	{ " ", "\xE2\x96\x81", "\xE2\x96\x82", "\xE2\x96\x83", "\xE2\x96\x84",
	  "\xE2\x96\x85", "\xE2\x96\x86", "\xE2\x96\x87", "\xE2\x96\x88" },
	"\xE2\x86\x92",
};

static const struct glyphs ascii_glyphs = {
	"-", "~", ">", "#", "#", "-", "+", "^", "v", "|",
	{ " ", ".", ".", ":", ":", "|", "|", "#", "#" },
	">",
};

static const struct glyphs *glyphs = &ascii_glyphs;

void text_init(void)
{
	const char *cs = nl_langinfo(CODESET);
	const char *ascii = getenv("TURNOVER_ASCII");

	glyphs = cs && !strcasecmp(cs, "UTF-8") && !(ascii && *ascii) ? &utf8_glyphs
								    : &ascii_glyphs;
}

const struct glyphs *text_glyphs(void)
{
	return glyphs;
}

bool text_utf8(void)
{
	return glyphs == &utf8_glyphs;
}

static bool unsafe_char(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x061C || cp == 0x200E ||
	       cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * The character at s (n bytes left) as safe bytes in out (returns how
 * many, NUL-terminated) with its width in *cols; *len gets the bytes
 * consumed.
 */
static size_t safe_char(const char *s, size_t n, char out[UTF8_MAX + 1], int *cols, size_t *len)
{
	uint32_t cp;
	int w;

	*len = utf8_decode(s, n, &cp);
	*cols = 1;
	if (*len == 0) {
		*len = 1;
		strcpy(out, text_utf8() ? UTF8_REPLACEMENT : "?");
		return strlen(out);
	}
	w = cp < 0x80 ? 1 : wcwidth((wchar_t)cp);
	if (unsafe_char(cp) || w < 0 || (cp >= 0x80 && !text_utf8())) {
		strcpy(out, "?");
		return 1;
	}
	*cols = w;
	memcpy(out, s, *len);
	out[*len] = '\0';
	return *len;
}

int text_width(const char *s)
{
	size_t n = strlen(s), len;
	char tmp[UTF8_MAX + 1];
	int cols, total = 0;

	for (size_t i = 0; i < n; i += len) {
		safe_char(s + i, n - i, tmp, &cols, &len);
		total += cols;
	}
	return total;
}

int text_put(WINDOW *w, int y, int x, const char *s, int max, int pad, attr_t attr)
{
	size_t n = strlen(s), len;
	char tmp[UTF8_MAX + 1];
	int cols, used = 0, limit = max;
	bool cut = max > 0 && text_width(s) > max;

	if (max <= 0 && pad <= 0)
		return 0;
	if (cut)
		limit = max - 1;
	wattrset(w, attr);
	wmove(w, y, x);
	for (size_t i = 0; i < n && max > 0; i += len) {
		size_t k = safe_char(s + i, n - i, tmp, &cols, &len);

		if (used + cols > limit)
			break;
		waddnstr(w, tmp, (int)k);
		used += cols;
	}
	if (cut) {
		waddstr(w, glyphs->ellipsis);
		used++;
	}
	for (; used < pad; used++)
		waddch(w, ' ');
	return used;
}

int text_put_tail(WINDOW *w, int y, int x, const char *s, int max, attr_t attr)
{
	const char *p = s;
	int used;

	if (max < 2 || text_width(s) <= max)
		return text_put(w, y, x, s, max, 0, attr);
	while (*p && text_width(p) > max - 1)
		p++;
	while ((*p & 0xC0) == 0x80)
		p++;
	used = text_put(w, y, x, glyphs->ellipsis, 1, 0, attr);
	return used + text_put(w, y, x + used, p, max - 1, 0, attr);
}

/* Bytes of s that fit in cols columns, ending at a space when one is in
 * the second half. */
static size_t fitting_bytes(const char *s, int cols)
{
	size_t n = strlen(s), len, end = 0, space = 0;
	char tmp[UTF8_MAX + 1];
	int c, used = 0;

	for (size_t i = 0; i < n; i += len) {
		safe_char(s + i, n - i, tmp, &c, &len);
		if (used + c > cols)
			break;
		used += c;
		end = i + len;
		if (s[i] == ' ' && used > cols / 2)
			space = end;
	}
	return end < n && space ? space : end;
}

void text_put_wrapped(WINDOW *w, int y, int x, const char *s, int cols, int rows, attr_t attr)
{
	for (int r = 0; r < rows && *s; r++) {
		size_t k = r + 1 < rows ? fitting_bytes(s, cols) : strlen(s);
		char *line = strndup(s, k);

		if (line) {
			text_put(w, y + r, x, line, cols, 0, attr);
			free(line);
		}
		s += k;
		while (*s == ' ')
			s++;
	}
}

const char *text_tilde(const char *s, char *buf, size_t n)
{
	const char *home = getenv("HOME");
	size_t k = home ? strlen(home) : 0;

	if (k < 2 || strncmp(s, home, k) || s[k] != '/')
		return s;
	snprintf(buf, n, "~%s", s + k);
	return buf;
}

int text_putf(WINDOW *w, int y, int x, int max, attr_t attr, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return text_put(w, y, x, buf, max, 0, attr);
}

void text_fill(WINDOW *w, int y, int x, int n, attr_t attr)
{
	wattrset(w, attr);
	wmove(w, y, x);
	for (int i = 0; i < n; i++)
		waddch(w, ' ');
}

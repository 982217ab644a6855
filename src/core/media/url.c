/* url.c: AAF media locators to local path candidates (string work only). */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "media/url.h"
#include "strbuf.h"
#include "xalloc.h"

/* ASCII only: locale-independent on purpose. */
static bool is_alpha(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static int hexval(int c)
{
	if (is_digit(c))
		return c - '0';
	c = lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

char *url_decode(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	int hi, lo;

	strbuf_add(&sb, "", 0);
	for (size_t i = 0; s[i]; i++) {
		/* hexval('\0') < 0 stops before reading past the end */
		if (s[i] == '%' && (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)s[i + 2])) >= 0 && (hi | lo)) {
			strbuf_addch(&sb, hi << 4 | lo);
			i += 2;
		} else {
			strbuf_addch(&sb, s[i]);
		}
	}
	return strbuf_detach(&sb);
}

bool url_has_drive(const char *path)
{
	return is_alpha((unsigned char)path[0]) && path[1] == ':' &&
	       (path[2] == '/' || path[2] == '\0');
}

/* Length of a URL scheme before its ':' (RFC 3986 characters); 0 if none.
 * One letter before ':' is a Windows drive, not a scheme. */
static size_t scheme_len(const char *s)
{
	size_t i;

	if (!is_alpha((unsigned char)s[0]))
		return 0;
	for (i = 1; is_alpha((unsigned char)s[i]) || is_digit((unsigned char)s[i]) ||
		    s[i] == '+' || s[i] == '-' || s[i] == '.'; i++)
		;
	return (s[i] == ':' && i >= 2) ? i : 0;
}

static bool equal_nocase(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen && b[i]; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return false;
	return i == alen && b[i] == '\0';
}

/* "C:", "C|" or "C%3A" as a URL's host. */
static bool is_drive_host(const char *h, size_t len)
{
	if (!is_alpha((unsigned char)h[0]))
		return false;
	if (len == 2)
		return h[1] == ':' || h[1] == '|';
	return len == 4 && equal_nocase(h + 1, 3, "%3a");
}

/* Separators to '/', "/C:/" and "/C|/" to "C:/" (in place). */
static void fix_separators(char *p)
{
	for (char *q = p; *q; q++)
		if (*q == '\\')
			*q = '/';
	if (p[0] == '/' && is_alpha((unsigned char)p[1]) && (p[2] == ':' || p[2] == '|') &&
	    (p[3] == '/' || p[3] == '\0'))
		memmove(p, p + 1, strlen(p));
	if (is_alpha((unsigned char)p[0]) && p[1] == '|' && (p[2] == '/' || p[2] == '\0'))
		p[1] = ':';
}

/*
 * The still-encoded path of a file URL, after "file:".  A host that is a
 * drive letter is kept as the path's start; any other host is dropped
 * (UNC: the share's path part is what may exist locally).
 */
static char *file_url_path(const char *rest)
{
	size_t slashes = strspn(rest, "/");
	const char *host, *path;
	size_t hlen;

	if (slashes < 2 || slashes == 3)
		return xstrdup(slashes == 3 ? rest + 2 : rest);
	host = rest + slashes;
	path = strchr(host, '/');
	hlen = path ? (size_t)(path - host) : strlen(host);
	if (is_drive_host(host, hlen))
		return xstrdup(host);
	/* "localhost", a UNC server or a 4-slash UNC form: keep the path */
	return path ? xstrdup(path) : NULL;
}

/* Plain "//host/share/x" (a UNC path after separator fixing): keep the
 * path part, as for file URLs. */
static void drop_unc_host(char *p)
{
	char *slash;

	if (p[0] != '/' || p[1] != '/' || p[2] == '/' || p[2] == '\0')
		return;
	slash = strchr(p + 2, '/');
	if (slash)
		memmove(p, slash, strlen(slash) + 1);
}

char *url_to_path(const char *url)
{
	size_t n;
	char *raw, *path;

	if (!url || !*url)
		return NULL;
	n = scheme_len(url);
	if (n == 0) {
		path = xstrdup(url);
		fix_separators(path);
		drop_unc_host(path);
		return path;
	}
	if (!equal_nocase(url, n, "file"))
		return NULL;
	raw = file_url_path(url + n + 1);
	if (!raw)
		return NULL;
	path = url_decode(raw);
	free(raw);
	fix_separators(path);
	if (!*path) {
		free(path);
		return NULL;
	}
	return path;
}

char *url_basename(const char *url)
{
	char *path = url_to_path(url);
	const char *slash, *base;
	char *name = NULL;

	if (!path)
		return NULL;
	slash = strrchr(path, '/');
	base = slash ? slash + 1 : path;
	if (*base && !(base == path && url_has_drive(path)))
		name = xstrdup(base);
	free(path);
	return name;
}

char *url_from_path(const char *path)
{
	static const char keep[] = "-._~/:";
	struct strbuf sb = STRBUF_INIT;
	char *abs = NULL, cwd[4096];

	if (path[0] != '/' && !(path[0] && path[1] == ':') && getcwd(cwd, sizeof(cwd)))
		path = abs = xasprintf("%s/%s", cwd, path);
	strbuf_addstr(&sb, path[0] == '/' ? "file://" : "file:///");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || (*p && strchr(keep, *p)))
			strbuf_addch(&sb, *p);
		else
			strbuf_addf(&sb, "%%%02X", *p);
	}
	free(abs);
	return strbuf_detach(&sb);
}

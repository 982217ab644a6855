/* inifile.c: iniparser kept quiet, and what keymap.c and theme.c share. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#if defined(HAVE_INIPARSER_INIPARSER_H)
#include <iniparser/iniparser.h>
#else
#include <iniparser.h>
#endif

#include "inifile.h"
#include "strbuf.h"
#include "xalloc.h"

void inifile_report_init(struct inifile_report *r)
{
	r->lines = NULL;
	r->n = r->alloc = 0;
}

void inifile_report_release(struct inifile_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->lines[i]);
	free(r->lines);
	inifile_report_init(r);
}

static void report_push(struct inifile_report *r, char *line)
{
	XGROW(r->lines, r->n + 1, r->alloc);
	r->lines[r->n++] = line;
}

void inifile_report_add(struct inifile_report *r, const char *file, const char *section,
			const char *key, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	char msg[512];
	va_list ap;

	if (!r)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	strbuf_addf(&sb, "%s: ", file ? file : "");
	if (section)
		strbuf_addf(&sb, "[%s] ", section);
	if (key)
		strbuf_addf(&sb, "%s: ", key);
	strbuf_addstr(&sb, msg);
	report_push(r, strbuf_detach(&sb));
}

/*
 * iniparser reports through one process-wide callback without a user
 * pointer, so what it says during a load is caught here, per thread, and
 * read back by inifile_load().  Its default would write to stderr, which
 * wrecks a curses screen.
 */
static _Thread_local char caught[600];

static int catch_error(const char *fmt, ...)
{
	size_t used = strlen(caught);
	va_list ap;

	if (used + 1 >= sizeof(caught))
		return 0;
	va_start(ap, fmt);
	vsnprintf(caught + used, sizeof(caught) - used, fmt, ap);
	va_end(ap);
	return 0;
}

/* "iniparser: syntax error in FILE (LINE):\n-> TEXT\n" as
 * "FILE:LINE: syntax error: TEXT"; other messages with the prefix and
 * newlines taken out. */
static void tidy_caught(const char *path, struct strbuf *out)
{
	const char *p = caught, *line = strstr(p, " ("), *text = strstr(p, "-> ");
	long n = line ? strtol(line + 2, NULL, 10) : 0;

	if (!strncmp(p, "iniparser: ", 11))
		p += 11;
	if (!strncmp(p, "syntax error", 12) && n > 0 && text) {
		strbuf_addf(out, "%s:%ld: syntax error: ", path, n);
		p = text + 3;
	} else {
		strbuf_addf(out, "%s: ", path);
	}
	for (; *p; p++)
		if (*p != '\n')
			strbuf_addch(out, *p);
	while (out->len && out->buf[out->len - 1] == ' ')
		out->buf[--out->len] = '\0';
}

enum err inifile_load(const char *path, struct _dictionary_ **out, struct inifile_report *r,
		      struct errbuf *eb)
{
	struct strbuf msg = STRBUF_INIT;
	struct stat st;
	FILE *f;

	*out = NULL;
	if (stat(path, &st) != 0)
		return err_set(eb, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO, "cannot open '%s': %s",
			       path, strerror(errno));
	f = fopen(path, "r");
	if (!f || S_ISDIR(st.st_mode)) {
		int e = f ? EISDIR : errno;

		if (f)
			fclose(f);
		return err_set(eb, ERR_IO, "cannot read '%s': %s", path, strerror(e));
	}
	fclose(f);
	caught[0] = '\0';
	iniparser_set_error_callback(catch_error);
	*out = iniparser_load(path);
	if (*out && !caught[0])
		return ERR_OK;
	tidy_caught(path, &msg);
	if (r)
		report_push(r, xstrdup(strbuf_str(&msg)));
	err_set(eb, ERR_CONFIG, "%s", strbuf_str(&msg));
	strbuf_release(&msg);
	/* a message without a failed load (a line too long, cut) still
	 * means the file is not what its author meant */
	inifile_free(*out);
	*out = NULL;
	return ERR_CONFIG;
}

void inifile_free(struct _dictionary_ *d)
{
	if (d)
		iniparser_freedict(d);
}

bool inifile_check_format(const struct _dictionary_ *d, const char *file,
			  struct inifile_report *r)
{
	const char *v = dictionary_get(d, "meta:format", NULL);
	char *end;
	long n;

	if (!v)
		return true;
	errno = 0;
	n = strtol(v, &end, 10);
	if (end == v || *end || errno || n < 1) {
		inifile_report_add(r, file, "meta", "format", "not a format number: '%s'", v);
		return false;
	}
	if (n > INIFILE_FORMAT) {
		inifile_report_add(r, file, "meta", "format",
				   "format %ld is newer than this turnover reads (%d): file not used",
				   n, INIFILE_FORMAT);
		return false;
	}
	return true;
}

enum err inifile_load_checked(const char *path, struct _dictionary_ **out,
			      struct inifile_report *r, struct errbuf *eb)
{
	enum err e = inifile_load(path, out, r, eb);

	if (e != ERR_OK || inifile_check_format(*out, path, r))
		return e;
	inifile_free(*out);
	*out = NULL;
	return err_set(eb, ERR_CONFIG, "%s: format newer than this turnover reads", path);
}

void inifile_foreach(const struct _dictionary_ *d, inifile_entry_fn fn, void *user)
{
	char section[256];

	for (ssize_t i = 0; i < d->size; i++) {
		const char *k = d->key[i], *colon;
		size_t len;

		if (!k)
			continue;
		colon = strchr(k, ':');
		if (!colon) {
			fn(k, NULL, NULL, user);
			continue;
		}
		len = (size_t)(colon - k);
		if (len >= sizeof(section))
			len = sizeof(section) - 1;
		memcpy(section, k, len);
		section[len] = '\0';
		fn(section, colon + 1, d->val[i] ? d->val[i] : "", user);
	}
}

bool inifile_next_item(const char **p, char *buf, size_t n, bool *truncated)
{
	const char *s = *p, *end;
	size_t len;

	while (*s == ' ' || *s == '\t' || *s == ',')
		s++;
	if (!*s) {
		*p = s;
		return false;
	}
	end = s + strcspn(s, ",");
	*p = end;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	len = (size_t)(end - s);
	if (truncated)
		*truncated = len >= n;
	if (len >= n)
		len = n - 1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return true;
}

char *inifile_find(const char *const *dirs, size_t n_dirs, const char *kind, const char *name)
{
	struct stat st;

	if (strchr(name, '/'))
		return stat(name, &st) == 0 ? xstrdup(name) : NULL;
	for (size_t i = 0; i < n_dirs; i++) {
		char *path;

		if (!dirs[i] || !*dirs[i])
			continue;
		path = xasprintf("%s/%s/%s.ini", dirs[i], kind, name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			return path;
		free(path);
	}
	return NULL;
}

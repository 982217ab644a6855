/*
 * inifile.h: what the keymap and theme loaders share: loading an INI file
 * with iniparser without letting it print, the [meta] format check,
 * walking the entries, splitting "a, b, c" values, finding a named file
 * in a list of folders, and a report of problems, each one line
 * "file: [section] key: message".
 *
 * iniparser's type is only named here (struct _dictionary_ is its
 * `dictionary`), so this header does not depend on where iniparser.h
 * lives.  Depends on libc, err.h and iniparser (in the .c).
 */
#ifndef TURNOVER_INIFILE_H
#define TURNOVER_INIFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* iniparser's dictionary (typedef'd as `dictionary` in its headers). */
struct _dictionary_;

/* The newest file format we read ([meta] format = N). */
#define INIFILE_FORMAT 1

/* Problems found in a file: one line each, owned by the report. */
struct inifile_report {
	char **lines;
	size_t n, alloc;
};

void inifile_report_init(struct inifile_report *r);
void inifile_report_release(struct inifile_report *r);

/*
 * Adds "file: [section] key: message" (without "[section] " when section
 * is NULL, without "key: " when key is NULL).  r may be NULL.
 */
void inifile_report_add(struct inifile_report *r, const char *file, const char *section,
			const char *key, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * Loads the INI file at path into *out (free with inifile_free()).
 * iniparser drops a whole file on one syntax error; that is reported as
 * "file:LINE: syntax error: TEXT" in r and in eb.
 * errors: ERR_NOT_FOUND (no such file), ERR_IO (cannot be read),
 * ERR_CONFIG (syntax error).  *out is NULL on error.
 */
enum err inifile_load(const char *path, struct _dictionary_ **out, struct inifile_report *r,
		      struct errbuf *eb);

/* Frees a dictionary; NULL does nothing. */
void inifile_free(struct _dictionary_ *d);

/*
 * Checks [meta] format: absent or INIFILE_FORMAT is fine; a newer or
 * malformed one is reported in r and false returned (the file must not
 * be used).
 */
bool inifile_check_format(const struct _dictionary_ *d, const char *file,
			  struct inifile_report *r);

/*
 * inifile_load() then inifile_check_format(): a file of a newer or
 * malformed format is not used (ERR_CONFIG, *out NULL).
 */
enum err inifile_load_checked(const char *path, struct _dictionary_ **out,
			      struct inifile_report *r, struct errbuf *eb);

/*
 * Calls fn for every entry of d in file order: once per section with key
 * and value NULL, once per key with its section ("" for keys before any
 * section) and value (never NULL).  Strings are borrowed for the call.
 */
typedef void (*inifile_entry_fn)(const char *section, const char *key, const char *value,
				 void *user);
void inifile_foreach(const struct _dictionary_ *d, inifile_entry_fn fn, void *user);

/*
 * The next comma-separated item of a value: skips blanks and commas at
 * *p, copies the item (trimmed, at most n - 1 bytes) to buf and moves *p
 * past it.  Returns false when there is no item left.  An item that does
 * not fit is cut and *truncated set (when not NULL).
 */
bool inifile_next_item(const char **p, char *buf, size_t n, bool *truncated);

/*
 * The first of dirs[i]/kind/name.ini that exists (name may also be a path
 * with a '/', taken as is).  Returns a new string (the caller frees it),
 * or NULL when none exists.
 */
char *inifile_find(const char *const *dirs, size_t n_dirs, const char *kind, const char *name);

#endif

/* verify.c: finding a manifest and checking the files it lists. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "prep/safety.h"
#include "prep/verify.h"
#include "xalloc.h"

const char *verify_status_name(enum verify_status st)
{
	static const char *const names[VERIFY_COUNT] = {
		[VERIFY_OK] = "ok", [VERIFY_MISSING] = "missing", [VERIFY_SIZE] = "size",
		[VERIFY_HASH] = "hash", [VERIFY_UNREADABLE] = "unreadable",
		[VERIFY_NO_HASH] = "nohash",
	};

	return (unsigned)st < VERIFY_COUNT ? names[st] : "?";
}

static bool is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n > t && !strcmp(s + n - t, tail);
}

/* The only *.mhl file in dir, or NULL (none, or more than one). */
static char *only_mhl(const char *dir, size_t *found)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *one = NULL;

	*found = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		char *p;

		if (de->d_name[0] == '.' || !ends_with(de->d_name, ".mhl"))
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (is_file(p) && ++*found == 1)
			one = p;
		else
			free(p);
	}
	closedir(d);
	if (*found != 1) {
		free(one);
		return NULL;
	}
	return one;
}

enum err verify_find_manifest(const char *where, char **path, struct errbuf *eb)
{
	static const char *const tries[] = { SAFETY_DIR "/" SAFETY_MANIFEST, SAFETY_MANIFEST };
	struct stat st;
	size_t found;

	*path = NULL;
	if (stat(where, &st) != 0)
		return err_set(eb, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO, "cannot open '%s': %s",
			       where, strerror(errno));
	if (S_ISREG(st.st_mode)) {
		*path = xstrdup(where);
		return ERR_OK;
	}
	for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		char *p = xasprintf("%s/%s", where, tries[i]);

		if (is_file(p)) {
			*path = p;
			return ERR_OK;
		}
		free(p);
	}
	*path = only_mhl(where, &found);
	if (*path)
		return ERR_OK;
	if (found > 1)
		return err_set(eb, ERR_NOT_FOUND, "'%s' holds %zu .mhl files: name one", where, found);
	return err_set(eb, ERR_NOT_FOUND, "no manifest in '%s' (no %s/%s, %s or *.mhl)", where,
		       SAFETY_DIR, SAFETY_MANIFEST, SAFETY_MANIFEST);
}

/* Where the entry's file is: absolute as written, else beside the manifest. */
static char *entry_path(const char *manifest, const char *file)
{
	const char *slash = strrchr(manifest, '/');

	if (file[0] == '/' || !slash)
		return xstrdup(file);
	return xasprintf("%.*s/%s", (int)(slash - manifest), manifest, file);
}

static enum verify_status compare(const struct mhl_entry *e, const struct mhl_digest *got)
{
	if (!e->has_xxh64 && !e->has_xxh128)
		return VERIFY_NO_HASH;
	if (e->has_size && e->d.size != got->size)
		return VERIFY_SIZE;
	if ((e->has_xxh64 && e->d.xxh64 != got->xxh64) ||
	    (e->has_xxh128 && (e->d.xxh128_hi != got->xxh128_hi || e->d.xxh128_lo != got->xxh128_lo)))
		return VERIFY_HASH;
	return VERIFY_OK;
}

static void check_item(struct verify_item *it, const char *manifest)
{
	struct errbuf eb;
	enum err e;

	errbuf_init(&eb);
	it->path = entry_path(manifest, it->entry->file);
	e = mhl_hash_file(it->path, &it->actual, &eb);
	if (e == ERR_NOT_FOUND) {
		it->status = VERIFY_MISSING;
	} else if (e != ERR_OK) {
		it->status = VERIFY_UNREADABLE;
		it->detail = xstrdup(errbuf_msg(&eb));
	} else {
		it->status = compare(it->entry, &it->actual);
		it->mtime_changed = it->entry->has_mtime && it->entry->d.mtime != it->actual.mtime;
	}
}

enum err verify_run(const char *where, struct verify_report **out, struct errbuf *eb)
{
	struct verify_report *r = xcalloc(1, sizeof(*r));
	enum err e = verify_find_manifest(where, &r->manifest, eb);

	*out = NULL;
	if (e == ERR_OK)
		e = mhl_load(r->manifest, &r->mhl, eb);
	if (e != ERR_OK) {
		verify_report_free(r);
		return e;
	}
	r->n_items = r->mhl->n_entries;
	r->items = xcalloc(r->n_items ? r->n_items : 1, sizeof(*r->items));
	for (size_t i = 0; i < r->n_items; i++) {
		r->items[i].entry = &r->mhl->entries[i];
		check_item(&r->items[i], r->manifest);
		r->counts[r->items[i].status]++;
	}
	*out = r;
	return ERR_OK;
}

bool verify_report_ok(const struct verify_report *r)
{
	return r->counts[VERIFY_OK] == r->n_items;
}

void verify_report_free(struct verify_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_items; i++) {
		free(r->items[i].path);
		free(r->items[i].detail);
	}
	free(r->items);
	mhl_free(r->mhl);
	free(r->manifest);
	free(r);
}

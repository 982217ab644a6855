/* relink.c: an index of media folders and the locator search order. */
#include "config.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "log.h"
#include "media/relink.h"
#include "media/url.h"
#include "strbuf.h"
#include "xalloc.h"

/* Suffixes of a locator's path tried below the AAF's folder, at most. */
#define MAX_SUFFIXES 64
/* Above this many same-named matches, count paths without comparing inodes. */
#define MAX_INODE_COMPARE 64

struct relink_entry {
	char *path;		/* owned */
	const char *base;	/* the file name, inside path */
	char *fold;		/* base with ASCII letters lower-cased; owned */
	dev_t dev;
	ino_t ino;
};

struct dir_id {
	dev_t dev;
	ino_t ino;
	bool used;
};

struct relink {
	char **dirs;		/* roots, owned */
	size_t n_dirs;
	bool scanned;
	bool capped;		/* RELINK_MAX_FILES reached */
	struct relink_entry *ents;
	size_t n_ents, alloc_ents;
	struct relink_entry **by_name;	/* sorted by (base, path) */
	struct relink_entry **by_fold;	/* sorted by (fold, path) */
	struct dir_id *seen;		/* open-addressing set of walked dirs */
	size_t n_seen, cap_seen;
};

static char *fold_ascii(const char *s)
{
	char *f = xstrdup(s);

	for (char *p = f; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return f;
}

struct relink *relink_new(const char *const *dirs, size_t n)
{
	struct relink *r = xcalloc(1, sizeof(*r));

	if (n && dirs) {
		r->dirs = xcalloc(n, sizeof(*r->dirs));
		for (size_t i = 0; i < n; i++) {
			if (!dirs[i])
				continue;
			r->dirs[r->n_dirs++] = xstrdup(dirs[i]);
		}
	}
	return r;
}

void relink_free(struct relink *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_dirs; i++)
		free(r->dirs[i]);
	for (size_t i = 0; i < r->n_ents; i++) {
		free(r->ents[i].path);
		free(r->ents[i].fold);
	}
	free(r->dirs);
	free(r->ents);
	free(r->by_name);
	free(r->by_fold);
	free(r->seen);
	free(r);
}

/* ---- the set of directories already walked ------------------------------ */

static size_t dir_hash(dev_t dev, ino_t ino, size_t cap)
{
	uint64_t h = (uint64_t)ino * UINT64_C(0x9E3779B97F4A7C15) ^ (uint64_t)dev;

	return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static void seen_grow(struct relink *r)
{
	struct dir_id *old = r->seen;
	size_t old_cap = r->cap_seen;

	r->cap_seen = old_cap ? old_cap * 2 : 64;
	r->seen = xcalloc(r->cap_seen, sizeof(*r->seen));
	for (size_t i = 0; i < old_cap; i++) {
		size_t j;

		if (!old[i].used)
			continue;
		for (j = dir_hash(old[i].dev, old[i].ino, r->cap_seen); r->seen[j].used;
		     j = (j + 1) & (r->cap_seen - 1))
			;
		r->seen[j] = old[i];
	}
	free(old);
}

/* Adds the directory st to the set; false if it was there already. */
static bool seen_add(struct relink *r, const struct stat *st)
{
	size_t j;

	if (2 * (r->n_seen + 1) > r->cap_seen)
		seen_grow(r);
	for (j = dir_hash(st->st_dev, st->st_ino, r->cap_seen); r->seen[j].used;
	     j = (j + 1) & (r->cap_seen - 1))
		if (r->seen[j].dev == st->st_dev && r->seen[j].ino == st->st_ino)
			return false;
	r->seen[j] = (struct dir_id){ st->st_dev, st->st_ino, true };
	r->n_seen++;
	return true;
}

/* ---- the walk ------------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in directory path, sorted byte-wise, in *out (caller frees each
 * and the array); the count, or -1 when it cannot be opened. */
static long list_dir(const char *path, char ***out)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0;

	*out = NULL;
	if (!d) {
		log_debug("media folder '%s' skipped: cannot open it", path);
		return -1;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		XGROW(names, n + 1, alloc);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	*out = names;
	return (long)n;
}

static void add_entry(struct relink *r, const char *path, size_t base_off,
		      const struct stat *st)
{
	struct relink_entry *e;

	XGROW(r->ents, r->n_ents + 1, r->alloc_ents);
	e = &r->ents[r->n_ents++];
	e->path = xstrdup(path);
	e->base = e->path + base_off;
	e->fold = fold_ascii(e->base);
	e->dev = st->st_dev;
	e->ino = st->st_ino;
}

static void strbuf_truncate(struct strbuf *sb, size_t len)
{
	sb->len = len;
	sb->buf[len] = '\0';
}

/* Indexes the directory in path (its contents; path is restored on return). */
static void walk(struct relink *r, struct strbuf *path, int depth)
{
	char **names;
	long n = list_dir(path->buf, &names);
	size_t dir_len = path->len;
	struct stat st;

	for (long i = 0; i < n; i++) {
		if (r->n_ents >= RELINK_MAX_FILES) {
			r->capped = true;
			break;
		}
		strbuf_truncate(path, dir_len);
		if (dir_len == 0 || path->buf[dir_len - 1] != '/')
			strbuf_addch(path, '/');
		strbuf_addstr(path, names[i]);
		if (stat(path->buf, &st) != 0)
			continue;	/* dangling link or gone meanwhile */
		if (S_ISREG(st.st_mode)) {
			add_entry(r, path->buf, path->len - strlen(names[i]), &st);
		} else if (S_ISDIR(st.st_mode) && names[i][0] != '.') {
			if (depth >= RELINK_MAX_DEPTH)
				log_debug("media folder '%s' skipped: deeper than %d levels",
					  path->buf, RELINK_MAX_DEPTH);
			else if (seen_add(r, &st))
				walk(r, path, depth + 1);
		}
	}
	strbuf_truncate(path, dir_len);
	for (long i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/*
 * Marks every root as walked before walking any, so a folder given as a
 * root is indexed under its own name even when another root links to it:
 * the paths then do not depend on the order of the roots.  Returns whether
 * root i is to be walked (a directory not given before).
 */
static bool *claim_roots(struct relink *r)
{
	bool *walk_it = xcalloc(r->n_dirs, sizeof(*walk_it));
	struct stat st;

	for (size_t i = 0; i < r->n_dirs; i++) {
		if (stat(r->dirs[i], &st) != 0 || !S_ISDIR(st.st_mode))
			log_warn("media folder '%s' skipped: not a directory", r->dirs[i]);
		else
			walk_it[i] = seen_add(r, &st);
	}
	return walk_it;
}

static void walk_root(struct relink *r, const char *dir)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addstr(&path, dir);
	while (path.len > 1 && path.buf[path.len - 1] == '/')
		strbuf_truncate(&path, path.len - 1);
	walk(r, &path, 0);
	strbuf_release(&path);
}

static int cmp_by_name(const void *a, const void *b)
{
	const struct relink_entry *x = *(const struct relink_entry *const *)a;
	const struct relink_entry *y = *(const struct relink_entry *const *)b;
	int c = strcmp(x->base, y->base);

	return c ? c : strcmp(x->path, y->path);
}

static int cmp_by_fold(const void *a, const void *b)
{
	const struct relink_entry *x = *(const struct relink_entry *const *)a;
	const struct relink_entry *y = *(const struct relink_entry *const *)b;
	int c = strcmp(x->fold, y->fold);

	return c ? c : strcmp(x->path, y->path);
}

size_t relink_scan(struct relink *r)
{
	bool *walk_it;

	if (r->scanned)
		return r->n_ents;
	r->scanned = true;
	walk_it = claim_roots(r);
	for (size_t i = 0; i < r->n_dirs && !r->capped; i++)
		if (walk_it[i])
			walk_root(r, r->dirs[i]);
	free(walk_it);
	if (r->capped)
		log_warn("media folders: stopped indexing after %d files", RELINK_MAX_FILES);
	if (!r->n_ents)
		return 0;
	r->by_name = xreallocarray(NULL, r->n_ents, sizeof(*r->by_name));
	r->by_fold = xreallocarray(NULL, r->n_ents, sizeof(*r->by_fold));
	for (size_t i = 0; i < r->n_ents; i++)
		r->by_name[i] = r->by_fold[i] = &r->ents[i];
	qsort(r->by_name, r->n_ents, sizeof(*r->by_name), cmp_by_name);
	qsort(r->by_fold, r->n_ents, sizeof(*r->by_fold), cmp_by_fold);
	return r->n_ents;
}

/* ---- lookup --------------------------------------------------------------- */

static const char *key_name(const struct relink_entry *e)
{
	return e->base;
}

static const char *key_fold(const struct relink_entry *e)
{
	return e->fold;
}

/* The range [*lo, return) of idx whose key equals name. */
static size_t equal_range(struct relink_entry *const *idx, size_t n,
			  const char *(*key)(const struct relink_entry *),
			  const char *name, size_t *lo)
{
	size_t a = 0, b = n, end;

	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (strcmp(key(idx[mid]), name) < 0)
			a = mid + 1;
		else
			b = mid;
	}
	for (end = a; end < n && !strcmp(key(idx[end]), name); end++)
		;
	*lo = a;
	return end;
}

/* Distinct files (device, inode) among idx[lo, hi). */
static size_t count_distinct(struct relink_entry *const *idx, size_t lo, size_t hi)
{
	size_t n = 0;

	if (hi - lo > MAX_INODE_COMPARE)
		return hi - lo;
	for (size_t i = lo; i < hi; i++) {
		size_t j;

		for (j = lo; j < i; j++)
			if (idx[j]->dev == idx[i]->dev && idx[j]->ino == idx[i]->ino)
				break;
		if (j == i)
			n++;
	}
	return n;
}

const char *relink_find(struct relink *r, const char *name, size_t *n_matches,
			int *folded)
{
	size_t lo, hi;
	char *f;

	if (n_matches)
		*n_matches = 0;
	if (folded)
		*folded = 0;
	if (!r || !name || !*name || !relink_scan(r))
		return NULL;
	hi = equal_range(r->by_name, r->n_ents, key_name, name, &lo);
	if (hi > lo) {
		if (n_matches)
			*n_matches = count_distinct(r->by_name, lo, hi);
		return r->by_name[lo]->path;
	}
	f = fold_ascii(name);
	hi = equal_range(r->by_fold, r->n_ents, key_fold, f, &lo);
	free(f);
	if (hi == lo)
		return NULL;
	if (n_matches)
		*n_matches = count_distinct(r->by_fold, lo, hi);
	if (folded)
		*folded = 1;
	return r->by_fold[lo]->path;
}

/* ---- the search order for one locator ------------------------------------ */

static bool is_regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The components of path usable below the AAF's folder: the trailing run
 * without "", ".", ".." or a drive.  Pointers into the (modified) copy. */
static size_t trailing_parts(char *copy, char **parts, size_t max)
{
	char *all[MAX_SUFFIXES];
	size_t n = 0, first;
	char *save = NULL;

	for (char *p = strtok_r(copy, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
		if (n == MAX_SUFFIXES) {	/* keep the last MAX_SUFFIXES */
			memmove(all, all + 1, (n - 1) * sizeof(*all));
			n--;
		}
		all[n++] = p;
	}
	for (first = n; first > 0; first--) {
		const char *c = all[first - 1];

		if (!strcmp(c, ".") || !strcmp(c, "..") || url_has_drive(c))
			break;
	}
	n -= first;
	if (n > max)
		n = max;
	memcpy(parts, all + first, n * sizeof(*parts));
	return n;
}

/* Step 2: the longest existing suffix of path below dir; *tried counts. */
static char *try_below(const char *path, const char *dir, size_t *tried)
{
	char *copy = xstrdup(path), *parts[MAX_SUFFIXES], *found = NULL;
	size_t n = trailing_parts(copy, parts, MAX_SUFFIXES);
	struct strbuf cand = STRBUF_INIT;

	*tried = 0;
	for (size_t k = n; k > 0 && !found; k--) {
		strbuf_reset(&cand);
		strbuf_addstr(&cand, *dir ? dir : ".");
		for (size_t i = n - k; i < n; i++) {
			if (cand.buf[cand.len - 1] != '/')
				strbuf_addch(&cand, '/');
			strbuf_addstr(&cand, parts[i]);
		}
		(*tried)++;
		if (is_regular(cand.buf))
			found = strbuf_detach(&cand);
	}
	strbuf_release(&cand);
	free(copy);
	return found;
}

static const char *last_part(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Starts a new remark in sb. */
static void next_note(struct strbuf *sb)
{
	if (sb->len)
		strbuf_addstr(sb, "; ");
}

/* Step 3, with its remark about ambiguity or case folding in *why_sb. */
static char *try_index(struct relink *r, const char *name, struct strbuf *why_sb)
{
	size_t n;
	int folded;
	const char *p = relink_find(r, name, &n, &folded);

	if (!p) {
		next_note(why_sb);
		strbuf_addf(why_sb, "no file named '%s' in the media folders (%zu files)",
			    name, relink_scan(r));
		return NULL;
	}
	strbuf_reset(why_sb);
	if (n > 1)
		strbuf_addf(why_sb, "%zu files named '%s' in the media folders; chose '%s'",
			    n, name, p);
	else if (folded)
		strbuf_addf(why_sb, "found as '%s' (letter case differs from '%s')", p, name);
	return xstrdup(p);
}

char *relink_resolve(struct relink *r, const char *url, const char *aaf_dir, char **why)
{
	struct strbuf why_sb = STRBUF_INIT;
	char *path = url_to_path(url), *found = NULL;
	size_t tried = 0;

	if (why)
		*why = NULL;
	if (!path) {
		if (why)
			*why = xasprintf("not a usable file locator: '%s'", url ? url : "");
		return NULL;
	}
	if (path[0] == '/') {
		if (is_regular(path))
			found = xstrdup(path);
		else
			strbuf_addf(&why_sb, "no file at '%s'", path);
	}
	if (!found && aaf_dir) {
		found = try_below(path, aaf_dir, &tried);
		if (!found && tried) {
			next_note(&why_sb);
			if (tried > 1)
				strbuf_addf(&why_sb, "nothing below '%s' (tried the last 1 to %zu "
					    "path parts)", *aaf_dir ? aaf_dir : ".", tried);
			else
				strbuf_addf(&why_sb, "nothing below '%s' (tried the file name)",
					    *aaf_dir ? aaf_dir : ".");
		}
	}
	if (found) {
		strbuf_reset(&why_sb);
	} else if (*last_part(path)) {
		if (r) {
			found = try_index(r, last_part(path), &why_sb);
		} else {
			next_note(&why_sb);
			strbuf_addstr(&why_sb, "no media folders given");
		}
	}
	free(path);
	if (why && why_sb.len)
		*why = strbuf_detach(&why_sb);
	strbuf_release(&why_sb);
	return found;
}

/*
 * outdir.c: build an output folder in ".NAME.staging-PID" beside it, then
 * rename it into place.  Replacing a folder exchanges the two atomically
 * (renameat2 RENAME_EXCHANGE) or, where that is missing, renames the old
 * one aside to ".NAME.old-PID" first; begin puts back an old folder left
 * aside by a run that died between the two renames.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "prep/fstree.h"
#include "prep/outdir.h"
#include "xalloc.h"

#define OUTDIR_STAGING ".staging-"
#define OUTDIR_OLD ".old-"

struct outdir {
	char *final;		/* as given, without trailing slashes */
	char *parent;		/* the folder holding it */
	char *base;		/* its last component */
	char *staging;		/* parent/.base.staging-PID */
	bool replace;		/* final exists and is not empty */
};

static void outdir_free(struct outdir *o)
{
	if (!o)
		return;
	free(o->final);
	free(o->parent);
	free(o->base);
	free(o->staging);
	free(o);
}

/* Splits path into parent and base; false when it names no folder we can make. */
static bool split_path(struct outdir *o, const char *path)
{
	size_t len = strlen(path);
	char *slash;

	while (len > 1 && path[len - 1] == '/')
		len--;
	o->final = xstrndup(path, len);
	slash = strrchr(o->final, '/');
	if (!slash) {
		o->parent = xstrdup(".");
		o->base = xstrdup(o->final);
	} else {
		o->parent = slash == o->final ? xstrdup("/") : xstrndup(o->final, (size_t)(slash - o->final));
		o->base = xstrdup(slash + 1);
	}
	return o->base[0] && strcmp(o->base, ".") && strcmp(o->base, "..");
}

static char *sibling(const struct outdir *o, const char *kind, long pid)
{
	return xasprintf("%s/.%s%s%ld", o->parent, o->base, kind, pid);
}

/* The pid in a name ".BASE<kind>PID", or -1 when name is not one. */
static long leftover_pid(const struct outdir *o, const char *name, const char *kind)
{
	size_t blen = strlen(o->base), klen = strlen(kind);
	char *end;
	long pid;

	if (name[0] != '.' || strncmp(name + 1, o->base, blen) || strncmp(name + 1 + blen, kind, klen))
		return -1;
	name += 1 + blen + klen;
	if (*name < '0' || *name > '9')
		return -1;
	errno = 0;
	pid = strtol(name, &end, 10);
	return (*end || errno || pid <= 0) ? -1 : pid;
}

static bool pid_gone(long pid)
{
	return pid != (long)getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

static bool path_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* Deals with one leftover of a dead run: staging removed, old put back or removed. */
static void clean_leftover(const struct outdir *o, const char *name)
{
	long pid = leftover_pid(o, name, OUTDIR_STAGING);
	bool old = false;
	char *path;

	if (pid < 0) {
		pid = leftover_pid(o, name, OUTDIR_OLD);
		old = true;
	}
	if (pid < 0 || !pid_gone(pid))
		return;
	path = xasprintf("%s/%s", o->parent, name);
	/* an old folder left aside is the only copy when final is missing */
	if (!(old && !path_exists(o->final) && rename(path, o->final) == 0))
		fstree_remove(path);
	free(path);
}

static enum err clean_leftovers(const struct outdir *o, struct errbuf *eb)
{
	DIR *d = opendir(o->parent);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0;

	if (!d)
		return err_set(eb, ERR_IO, "cannot read folder '%s': %s", o->parent, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] != '.' || strncmp(de->d_name + 1, o->base, strlen(o->base)))
			continue;
		XGROW(names, n + 1, alloc);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	/* act after reading: renaming while reading a folder may skip entries */
	for (size_t i = 0; i < n; i++) {
		clean_leftover(o, names[i]);
		free(names[i]);
	}
	free(names);
	return ERR_OK;
}

/* 1 if the folder has entries, 0 if empty, -1 on error. */
static int dir_has_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	int found = 0;

	if (!d)
		return -1;
	while (!found && (de = readdir(d)) != NULL)
		found = strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return found;
}

/* Checks what is at final now; sets o->replace. */
static enum err check_final(struct outdir *o, bool force, struct errbuf *eb)
{
	struct stat st;
	int full;

	if (lstat(o->final, &st) != 0) {
		if (errno == ENOENT)
			return ERR_OK;
		return err_set(eb, ERR_IO, "cannot use '%s': %s", o->final, strerror(errno));
	}
	if (!S_ISDIR(st.st_mode))
		return err_set(eb, ERR_EXISTS, "'%s' exists and is not a folder", o->final);
	full = dir_has_entries(o->final);
	if (full < 0)
		return err_set(eb, ERR_IO, "cannot read folder '%s': %s", o->final, strerror(errno));
	if (full && !force)
		return err_set(eb, ERR_EXISTS, "folder '%s' is not empty (--force replaces it)",
			       o->final);
	o->replace = full;
	return ERR_OK;
}

static enum err make_staging(struct outdir *o, struct errbuf *eb)
{
	o->staging = sibling(o, OUTDIR_STAGING, (long)getpid());
	if (mkdir(o->staging, 0777) == 0)
		return ERR_OK;
	/* ours from an earlier, unfinished outdir of this process */
	if (errno == EEXIST && fstree_remove(o->staging) == 0 && mkdir(o->staging, 0777) == 0)
		return ERR_OK;
	return err_set(eb, ERR_IO, "cannot create folder '%s': %s", o->staging, strerror(errno));
}

enum err outdir_begin(const char *final_dir, bool force, struct outdir **out, struct errbuf *eb)
{
	struct outdir *o = xcalloc(1, sizeof(*o));
	struct stat st;
	enum err e;

	*out = NULL;
	if (!final_dir || !final_dir[0] || !split_path(o, final_dir)) {
		e = err_set(eb, ERR_INVALID, "'%s' cannot be an output folder", final_dir ? final_dir : "");
		goto fail;
	}
	if (stat(o->parent, &st) != 0) {
		e = err_set(eb, ERR_IO, "cannot use folder '%s': %s", o->parent, strerror(errno));
		goto fail;
	}
	if (!S_ISDIR(st.st_mode)) {
		e = err_set(eb, ERR_IO, "cannot use '%s': not a folder", o->parent);
		goto fail;
	}
	e = clean_leftovers(o, eb);
	if (e == ERR_OK)
		e = check_final(o, force, eb);
	if (e == ERR_OK)
		e = make_staging(o, eb);
	if (e != ERR_OK)
		goto fail;
	*out = o;
	return ERR_OK;
fail:
	outdir_free(o);
	return e;
}

const char *outdir_path(const struct outdir *o)
{
	return o->staging;
}

const char *outdir_final(const struct outdir *o)
{
	return o->final;
}

/* Old folder aside, new one in, old one removed; the old one goes back on failure. */
static enum err swap_by_renames(struct outdir *o, struct errbuf *eb)
{
	char *old = sibling(o, OUTDIR_OLD, (long)getpid());
	enum err e = ERR_OK;

	if (rename(o->final, old) != 0) {
		e = err_set(eb, ERR_IO, "cannot move '%s' aside: %s", o->final, strerror(errno));
	} else if (rename(o->staging, o->final) != 0) {
		e = err_set(eb, ERR_IO, "cannot rename '%s' to '%s': %s", o->staging, o->final,
			    strerror(errno));
		rename(old, o->final);
	} else {
		fstree_sync_parent(o->final);
		fstree_remove(old);
	}
	free(old);
	return e;
}

/* Exchanges staging and final in one step where the system can. */
static enum err swap_in(struct outdir *o, struct errbuf *eb)
{
#ifdef RENAME_EXCHANGE
	/* TURNOVER_NO_EXCHANGE: tests take the path of systems without it */
	if (!getenv("TURNOVER_NO_EXCHANGE")) {
		if (renameat2(AT_FDCWD, o->staging, AT_FDCWD, o->final, RENAME_EXCHANGE) == 0) {
			fstree_sync_parent(o->final);
			/* the staging name now holds the old folder */
			fstree_remove(o->staging);
			return ERR_OK;
		}
		if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
			return err_set(eb, ERR_IO, "cannot exchange '%s' and '%s': %s", o->staging,
				       o->final, strerror(errno));
	}
#endif
	return swap_by_renames(o, eb);
}

static enum err move_in(struct outdir *o, struct errbuf *eb)
{
	if (o->replace && path_exists(o->final))
		return swap_in(o, eb);
	/* rename() replaces an empty folder and refuses a full one */
	if (rename(o->staging, o->final) != 0) {
		if (errno == ENOTEMPTY || errno == EEXIST)
			return err_set(eb, ERR_EXISTS, "folder '%s' was filled meanwhile", o->final);
		return err_set(eb, ERR_IO, "cannot rename '%s' to '%s': %s", o->staging, o->final,
			       strerror(errno));
	}
	fstree_sync_parent(o->final);
	return ERR_OK;
}

enum err outdir_commit(struct outdir *o, struct errbuf *eb)
{
	enum err e = fstree_sync(o->staging, eb);

	if (e == ERR_OK)
		e = move_in(o, eb);
	if (e != ERR_OK)
		fstree_remove(o->staging);
	outdir_free(o);
	return e;
}

void outdir_abort(struct outdir *o)
{
	if (!o)
		return;
	fstree_remove(o->staging);
	outdir_free(o);
}

void outdir_remove_staging(const char *staging_path)
{
	int saved = errno;

	if (staging_path)
		fstree_remove(staging_path);
	errno = saved;
}

void outdir_abort_signal(const struct outdir *o)
{
	if (o)
		outdir_remove_staging(o->staging);
}

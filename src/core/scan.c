/* scan.c: AAF files in the paths given, folders searched a few levels down. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "scan.h"
#include "xalloc.h"

void scan_result_init(struct scan_result *r)
{
	memset(r, 0, sizeof(*r));
}

void scan_result_release(struct scan_result *r)
{
	for (size_t i = 0; i < r->n_files; i++)
		free(r->files[i]);
	for (size_t i = 0; i < r->n_problems; i++)
		free(r->problems[i]);
	free(r->files);
	free(r->problems);
	scan_result_init(r);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && !strcasecmp(s + n - k, suffix);
}

bool scan_is_aaf_name(const char *name)
{
	return ends_with(name, ".aaf");
}

static void add_file(struct scan_result *r, char *path)
{
	XGROW(r->files, r->n_files + 1, r->alloc_files);
	r->files[r->n_files++] = path;
}

static void add_problem(struct scan_result *r, char *msg)
{
	XGROW(r->problems, r->n_problems + 1, r->alloc_problems);
	r->problems[r->n_problems++] = msg;
}

static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	return n && dir[n - 1] == '/' ? xasprintf("%s%s", dir, name) : xasprintf("%s/%s", dir, name);
}

/* Folders not searched: hidden ones and turnover's output folders. */
static bool skip_dir(const char *name)
{
	return name[0] == '.' || ends_with(name, ".turnover");
}

static void scan_dir(const char *dir, int depth, struct scan_result *r)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d) {
		add_problem(r, xasprintf("cannot open folder '%s': %s", dir, strerror(errno)));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		char *path;
		struct stat st;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		path = join(dir, de->d_name);
		/* lstat: a symlinked folder could loop; a symlinked file is fine */
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (depth < SCAN_MAX_DEPTH && !skip_dir(de->d_name))
				scan_dir(path, depth + 1, r);
		} else if (scan_is_aaf_name(de->d_name) && stat(path, &st) == 0 &&
			   S_ISREG(st.st_mode)) {
			add_file(r, path);
			path = NULL;
		}
		free(path);
	}
	closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_unique(struct scan_result *r)
{
	size_t out = 0;

	if (r->n_files)
		qsort(r->files, r->n_files, sizeof(char *), cmp_str);
	for (size_t i = 0; i < r->n_files; i++) {
		if (out && !strcmp(r->files[out - 1], r->files[i]))
			free(r->files[i]);
		else
			r->files[out++] = r->files[i];
	}
	r->n_files = out;
}

void scan_paths(const char *const *paths, size_t n, struct scan_result *r)
{
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (stat(paths[i], &st) != 0)
			add_problem(r, xasprintf("cannot open '%s': %s", paths[i], strerror(errno)));
		else if (S_ISDIR(st.st_mode))
			scan_dir(paths[i], 0, r);
		else
			add_file(r, xstrdup(paths[i]));
	}
	sort_unique(r);
}

/*
 * scan.h: finding the turnovers in the paths given on the command line:
 * AAF files named directly, and the AAF files in folders (searched a few
 * levels down, skipping hidden folders and turnover's own output folders
 * NAME.turnover).  Depends on libc only.
 */
#ifndef TURNOVER_SCAN_H
#define TURNOVER_SCAN_H

#include <stdbool.h>
#include <stddef.h>

/* How deep folders are searched below a path given. */
#define SCAN_MAX_DEPTH 4

struct scan_result {
	char **files;		/* AAF paths, sorted, without repeats; owned */
	size_t n_files, alloc_files;
	char **problems;	/* "cannot open 'x': No such file or directory"; owned */
	size_t n_problems, alloc_problems;
};

void scan_result_init(struct scan_result *r);
void scan_result_release(struct scan_result *r);

/* True when name ends in ".aaf" (any case). */
bool scan_is_aaf_name(const char *name);

/*
 * Adds the turnovers in paths[0 .. n-1] to r: a file is taken whatever
 * its name (it was asked for), a folder is searched for *.aaf.  What
 * cannot be read is listed in r->problems.  Found files are sorted (byte
 * order) and repeats dropped.
 */
void scan_paths(const char *const *paths, size_t n, struct scan_result *r);

#endif

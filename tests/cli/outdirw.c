/*
 * outdirw.c: writes output folders through outdir for the shell tests.
 * Not installed.
 *   outdirw DIR TAG FILES DELAY_MS [--force]
 *	writes FILES files (half in a subfolder) holding TAG, DELAY_MS apart,
 *	printing "staging PATH" first, so test_outdir_kill.sh can kill it
 *	midway; SIGTERM and SIGINT remove the staging folder
 *	(outdir_remove_staging on a copy of its path) and end the process
 *	by the signal.
 *   outdirw --safety AAF DIR
 *	reads AAF (media found as `inspect` finds them) and writes DIR with
 *	the safety folder only, for test_verify.sh.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aaf/aaf.h"
#include "prep/outdir.h"
#include "prep/safety.h"
#include "savefile.h"
#include "xalloc.h"

/* the staging path, copied: valid in the handler even while outdir_commit() frees o */
static char staging[4096];
static volatile sig_atomic_t have_staging;

static void on_signal(int sig)
{
	if (have_staging)
		outdir_remove_staging(staging);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void nap(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int write_files(const char *dir, const char *tag, int n, long ms, struct errbuf *eb)
{
	char *sub = xasprintf("%s/sub", dir);
	int rc = savefile_mkdir(sub, eb) == ERR_OK ? 0 : 1;

	for (int i = 0; rc == 0 && i < n; i++) {
		char *path = xasprintf("%s/file%d.txt", i % 2 ? sub : dir, i);
		char *text = xasprintf("%s %d\n", tag, i);

		rc = savefile_write(path, text, strlen(text), eb) == ERR_OK ? 0 : 1;
		free(path);
		free(text);
		nap(ms);
	}
	free(sub);
	return rc;
}

static int safety_only(const char *aaf, const char *dir)
{
	struct aaf_options opt;
	struct session *s = NULL;
	struct outdir *o = NULL;
	struct errbuf eb;
	enum err e;

	aaf_options_init(&opt);
	errbuf_init(&eb);
	e = aaf_read_file(aaf, &opt, &s, &eb);
	if (e == ERR_OK)
		e = outdir_begin(dir, false, &o, &eb);
	if (e == ERR_OK)
		e = safety_write(aaf, s, outdir_path(o), &eb);
	if (e == ERR_OK) {
		e = outdir_commit(o, &eb);
		o = NULL;
	}
	outdir_abort(o);
	session_free(s);
	if (e != ERR_OK)
		fprintf(stderr, "outdirw: %s\n", errbuf_msg(&eb));
	return e == ERR_OK ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct outdir *o;
	struct errbuf eb;

	if (argc == 4 && !strcmp(argv[1], "--safety"))
		return safety_only(argv[2], argv[3]);
	if (argc < 5 || argc > 6 || (argc == 6 && strcmp(argv[5], "--force"))) {
		fprintf(stderr, "usage: outdirw DIR TAG FILES DELAY_MS [--force]\n");
		return 2;
	}
	errbuf_init(&eb);
	if (outdir_begin(argv[1], argc == 6, &o, &eb) != ERR_OK) {
		fprintf(stderr, "outdirw: %s\n", errbuf_msg(&eb));
		return 1;
	}
	snprintf(staging, sizeof(staging), "%s", outdir_path(o));
	have_staging = 1;
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	printf("staging %s\n", outdir_path(o));
	fflush(stdout);
	if (write_files(outdir_path(o), argv[2], atoi(argv[3]), atol(argv[4]), &eb) != 0) {
		fprintf(stderr, "outdirw: %s\n", errbuf_msg(&eb));
		outdir_abort(o);
		return 1;
	}
	if (outdir_commit(o, &eb) != ERR_OK) {
		fprintf(stderr, "outdirw: %s\n", errbuf_msg(&eb));
		return 1;
	}
	have_staging = 0;
	return 0;
}

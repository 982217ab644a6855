/*
 * cmd_prep.c: `turnover prep INPUT.aaf --template T --out DIR [--media
 * DIR]... [--decisions FILE] [--fix-polarity] [--force] [--jobs N]
 * [--cache DIR | --no-cache] [--model FILE]`: the organised session, see prep.h.
 * SIGINT and SIGTERM remove the staging folder before the process ends.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "prep.h"
#include "prep/outdir.h"
#include "template.h"
#include "xalloc.h"
#include "xdg.h"

struct prep_cli {
	struct prep_options o;
	const char **dirs;
	size_t n_dirs;
	const char *tmpl, *cache, *model;
	int no_cache, verbose;
};

/* The folder being written, for the signal handler. */
static const struct outdir *volatile staging;

static void on_signal(int sig)
{
	outdir_abort_signal(staging);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void on_outdir(const struct outdir *o, void *user)
{
	(void)user;
	staging = o;
}

/* Holds SIGINT and SIGTERM while the output folder is committed (a quick
 * sync and rename), so the handler never sees the folder freed under it; a
 * signal that came meanwhile is delivered after prep_run() returns. */
static void hold_signals(bool hold)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(hold ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

static void progress(enum prep_stage st, size_t done, size_t total, void *user)
{
	(void)user;
	if (st == PREP_STAGE_COMMIT)
		hold_signals(true);
	if (!isatty(STDERR_FILENO))
		return;
	if (st == PREP_STAGE_ANALYSE)
		fprintf(stderr, "prep: %s %zu clips (%zu cached)\n", prep_stage_name(st), total, done);
	else
		fprintf(stderr, "prep: %s\n", prep_stage_name(st));
}

static void usage(FILE *fp)
{
	fprintf(fp, "usage: turnover prep INPUT.aaf --template T --out DIR [--media DIR]...\n"
		    "                     [--decisions FILE] [--fix-polarity] [--force] [--jobs N]\n"
		    "                     [--cache DIR | --no-cache] [--model FILE]\n");
}

static int parse(int argc, char **argv, struct prep_cli *c)
{
	static const struct option longopts[] = {
		{ "template", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ "media", required_argument, NULL, 'm' },
		{ "decisions", required_argument, NULL, 'd' },
		{ "force", no_argument, NULL, 'f' },
		{ "fix-polarity", no_argument, NULL, 'P' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "cache", required_argument, NULL, 'c' },
		{ "no-cache", no_argument, NULL, 'C' },
		{ "model", required_argument, NULL, 'M' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "t:o:m:d:fJ:vh", longopts, NULL)) != -1) {
		switch (ch) {
		case 't': c->tmpl = optarg; break;
		case 'o': c->o.out_dir = optarg; break;
		case 'm':
			c->dirs = xreallocarray(c->dirs, c->n_dirs + 1, sizeof(*c->dirs));
			c->dirs[c->n_dirs++] = optarg;
			break;
		case 'd': c->o.decisions = optarg; break;
		case 'f': c->o.force = true; break;
		case 'P': c->o.fix_polarity = true; break;
		case 'J':
			c->o.jobs = atoi(optarg);
			if (c->o.jobs < 1 || c->o.jobs > 64) {
				cli_error("prep: --jobs takes 1 to 64");
				return 2;
			}
			break;
		case 'c': c->cache = optarg; break;
		case 'C': c->no_cache = 1; break;
		case 'M': c->model = optarg; break;
		case 'v': c->verbose = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc - 1 || !c->tmpl || !c->o.out_dir) {
		usage(stderr);
		return 2;
	}
	c->o.aaf = argv[optind];
	return -1;
}

static void print_summary(const struct prep_summary *s, const char *out)
{
	printf("%s: %zu clips, %zu on the review track, %zu decided by a person, %zu fixes, "
	       "%zu media missing, %zu tracks", out, s->clips, s->review, s->human, s->fixes,
	       s->missing_media, s->tracks);
	if (s->extra_tracks)
		printf(" (%zu beyond the template's overflow)", s->extra_tracks);
	printf("\n%s\n", s->out_aaf);
}

static int run(struct prep_cli *c)
{
	struct classifier *model;
	struct prep_summary sum;
	struct errbuf eb;
	char *tmpl, *cache = NULL, *state;
	enum err e;

	errbuf_init(&eb);
	if (!(tmpl = template_find(c->tmpl))) {
		cli_error("prep: no template '%s'", c->tmpl);
		return 1;
	}
	model = c->model ? classifier_load(c->model, &eb) : classifier_load_default(&eb);
	if (!model) {
		cli_error("prep: %s", errbuf_msg(&eb));
		free(tmpl);
		return 1;
	}
	if (!c->no_cache)
		cache = c->cache ? xstrdup(c->cache) : xdg_dir(XDG_CACHE);
	state = xdg_dir(XDG_STATE);
	c->o.template_path = tmpl;
	c->o.media_dirs = c->dirs;
	c->o.n_media_dirs = c->n_dirs;
	c->o.cache_dir = cache;
	c->o.state_dir = state;
	c->o.model = model;
	c->o.progress = progress;
	c->o.on_outdir = on_outdir;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	e = prep_run(&c->o, &sum, &eb);
	hold_signals(false);
	if (e)
		cli_error("prep: %s", errbuf_msg(&eb));
	else
		print_summary(&sum, c->o.out_dir);
	prep_summary_release(&sum);
	classifier_free(model);
	free(tmpl);
	free(cache);
	free(state);
	return e ? 1 : 0;
}

int cmd_prep(int argc, char **argv)
{
	struct prep_cli c;
	int status;

	memset(&c, 0, sizeof(c));
	prep_options_init(&c.o);
	status = parse(argc, argv, &c);
	if (status < 0) {
		cli_setup_log(c.verbose);
		status = run(&c);
	}
	free(c.dirs);
	return status;
}

/*
 * tui_main.c: `turnover [tui] [OPTIONS] [PATH...]`: the browser.  Options
 * and configuration (keymap, theme, audio), then audio (before curses),
 * curses, the worker, the main loop, and everything undone in reverse.
 */
#include "config.h"

#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio/nettoken.h"
#include "cli/commands.h"
#include "template.h"
#include "tui/app.h"
#include "tui/cliplist.h"
#include "tui/detail.h"
#include "tui/fixview.h"
#include "tui/input.h"
#include "tui/prepview.h"
#include "tui/screen.h"
#include "tui/sessions.h"
#include "tui/text.h"
#include "tui/worker.h"
#include "xalloc.h"
#include "xdg.h"

#ifndef TURNOVER_PKGDATADIR
#define TURNOVER_PKGDATADIR ""
#endif
#ifndef TURNOVER_SRCDIR
#define TURNOVER_SRCDIR ""
#endif

#define DEFAULT_THRESHOLD 0.7

struct tui_options {
	const char *keymap, *theme, *device;
	double threshold;
	bool list_devices, check_config;
	const char *model;	/* --model FILE; NULL: the shipped one */
	int jobs;		/* --jobs N; 0: every core */
	bool no_cache, no_analysis;
	int remote_port;	/* > 0: play through `turnover listen` (--remote) */
	char token[NETTOKEN_SIZE];	/* its token; "" when none was found */
	const char *tmpl;	/* --template NAME|FILE; NULL: film-tv */
	const char *out;	/* --out DIR: the prep screen's folder */
};

static void usage(FILE *fp)
{
	fprintf(fp, "usage: turnover [tui] [--keymap NAME] [--theme NAME] [--device NAME]\n"
		    "                [--remote [127.0.0.1:]PORT] [--threshold X] [--jobs N] [--no-cache]\n"
		    "                [--model FILE] [--no-analysis] [--template NAME|FILE]\n"
		    "                [--out DIR] [PATH...]\n"
		    "       turnover tui --list-devices | --check-config\n"
		    "Browse and triage the turnovers (AAF files) in PATHs (default: here).\n"
		    "Keymaps: default, vim; themes: default, light, mono (see turnover(1)).\n");
}

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v && *v ? v : fallback;
}

/* --remote SPEC (or TURNOVER_LISTEN), and the listener's token from
 * TURNOVER_LISTEN_TOKEN or the token file; returns -1 to go on, else the
 * exit status. */
static int parse_remote(const char *spec, const char *what, struct tui_options *o)
{
	const char *env = getenv("TURNOVER_LISTEN_TOKEN");
	char *path;
	struct errbuf eb;

	errbuf_init(&eb);
	if (netproto_parse_addr(spec, &o->remote_port, &eb) != ERR_OK) {
		cli_error("%s: %s", what, errbuf_msg(&eb));
		return 2;
	}
	if (env && *env) {
		snprintf(o->token, sizeof(o->token), "%s", env);
		return -1;
	}
	path = nettoken_path();
	if (path && nettoken_load(path, o->token, &eb) != ERR_OK && eb.code != ERR_NOT_FOUND) {
		cli_error("%s: %s", what, errbuf_msg(&eb));	/* a token file we must not use */
		free(path);
		return 2;
	}
	free(path);
	return -1;
}

/* Returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, struct tui_options *o)
{
	static const struct option longopts[] = {
		{ "keymap", required_argument, NULL, 'k' },
		{ "theme", required_argument, NULL, 't' },
		{ "device", required_argument, NULL, 'd' },
		{ "threshold", required_argument, NULL, 'T' },
		{ "list-devices", no_argument, NULL, 'L' },
		{ "check-config", no_argument, NULL, 'C' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "no-cache", no_argument, NULL, 'N' },
		{ "model", required_argument, NULL, 'M' },
		{ "no-analysis", no_argument, NULL, 'A' },
		{ "remote", required_argument, NULL, 'R' },
		{ "template", required_argument, NULL, 'P' },
		{ "out", required_argument, NULL, 'O' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *remote, *what = "TURNOVER_LISTEN";
	char *end;
	int c;

	o->keymap = env_or("TURNOVER_KEYMAP", "default");
	o->theme = env_or("TURNOVER_THEME", "default");
	o->device = NULL;
	o->threshold = -1;	/* not given: the template's, else DEFAULT_THRESHOLD */
	o->list_devices = o->check_config = false;
	o->model = NULL;
	o->jobs = 0;
	o->no_cache = false;
	o->no_analysis = *env_or("TURNOVER_NO_ANALYSIS", "") != '\0';
	o->remote_port = 0;
	o->token[0] = '\0';
	o->tmpl = NULL;
	o->out = NULL;
	remote = env_or("TURNOVER_LISTEN", NULL);
	optind = 1;
	while ((c = getopt_long(argc, argv, "k:t:d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': o->keymap = optarg; break;
		case 't': o->theme = optarg; break;
		case 'd': o->device = optarg; break;
		case 'L': o->list_devices = true; break;
		case 'C': o->check_config = true; break;
		case 'N': o->no_cache = true; break;
		case 'M': o->model = optarg; break;
		case 'A': o->no_analysis = true; break;
		case 'J':
			o->jobs = (int)strtol(optarg, &end, 10);
			if (end == optarg || *end || o->jobs < 1 || o->jobs > 64) {
				cli_error("--jobs takes 1 to 64");
				return 2;
			}
			break;
		case 'R': remote = optarg; what = "--remote"; break;
		case 'P': o->tmpl = optarg; break;
		case 'O': o->out = optarg; break;
		case 'T':
			o->threshold = strtod(optarg, &end);
			if (end == optarg || *end || o->threshold < 0 || o->threshold > 1) {
				cli_error("bad threshold '%s' (0 to 1)", optarg);
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	return remote ? parse_remote(remote, what, o) : -1;
}

/* ---- keymaps and themes -------------------------------------------------------- */

struct config_dirs {
	char *user;		/* $XDG_CONFIG_HOME/turnover; owned; NULL when no home */
	const char *data[3];	/* $TURNOVER_DATA_DIR, pkgdatadir, the source tree */
};

static void config_dirs_init(struct config_dirs *d)
{
	d->user = xdg_dir(XDG_CONFIG);
	d->data[0] = getenv("TURNOVER_DATA_DIR");
	d->data[1] = TURNOVER_PKGDATADIR;
	d->data[2] = TURNOVER_SRCDIR;
}

typedef enum err (*load_fn)(void *target, const char *path, struct inifile_report *r,
			    struct errbuf *eb);

static enum err load_keymap(void *km, const char *path, struct inifile_report *r,
			    struct errbuf *eb)
{
	return keymap_load_file(km, path, r, eb);
}

static enum err load_theme(void *t, const char *path, struct inifile_report *r,
			   struct errbuf *eb)
{
	return theme_load_file(t, path, r, eb);
}

/*
 * Applies the shipped file kind/NAME.ini, then the user's over it, to
 * target (which holds the built-in defaults); name with a '/' is a file.
 */
static void load_config(const struct config_dirs *d, const char *kind, const char *name,
			load_fn load, void *target, struct inifile_report *r)
{
	const char *user_dirs[1] = { d->user };
	char *files[2] = { NULL, NULL };
	struct errbuf eb;

	files[0] = inifile_find(d->data, 3, kind, name);
	if (!strchr(name, '/'))
		files[1] = inifile_find(user_dirs, 1, kind, name);
	if (!files[0] && !files[1] && strcmp(name, "default"))
		inifile_report_add(r, name, NULL, NULL, "no such %s (looked in %s/%s and %s/%s): "
				   "the built-in one is used", kind, d->user ? d->user : "~/.config",
				   kind, d->data[1], kind);
	for (int i = 0; i < 2; i++) {
		errbuf_init(&eb);
		if (files[i] && load(target, files[i], r, &eb) != ERR_OK && eb.code != ERR_CONFIG)
			inifile_report_add(r, files[i], NULL, NULL, "%s", errbuf_msg(&eb));
		free(files[i]);
	}
}

static void load_all_config(struct app *a, const struct tui_options *o, struct inifile_report *r)
{
	struct config_dirs d;

	config_dirs_init(&d);
	a->km = keymap_new_builtin();
	theme_init_builtin(&a->theme);
	load_config(&d, "keymaps", o->keymap, load_keymap, a->km, r);
	load_config(&d, "themes", o->theme, load_theme, &a->theme, r);
	a->keymap_name = o->keymap;
	a->theme_name = o->theme;
	free(d.user);
}

static int check_config(const struct inifile_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		printf("%s\n", r->lines[i]);
	printf("%zu problem%s\n", r->n, r->n == 1 ? "" : "s");
	return r->n ? 1 : 0;
}

/* ---- audio ----------------------------------------------------------------------- */

static void audio_options(const struct tui_options *o, struct player_options *po)
{
	const char *env = env_or("TURNOVER_AUDIO", "portaudio");

	player_options_init(po);
	po->device = o->device;
	if (!strncmp(env, "null", 4) || (o->device && !strcmp(o->device, "null"))) {
		po->backend = AUDIO_BACKEND_NULL;
		po->device = NULL;
		po->null_instant = !strcmp(env, "null-instant");
		po->null_log = getenv("TURNOVER_AUDIO_LOG");
	}
	if (o->remote_port > 0) {
		po->backend = AUDIO_BACKEND_NET;
		po->device = NULL;
		po->remote_port = o->remote_port;
		po->remote_token = o->token[0] ? o->token : NULL;
	}
}

static int list_devices(const struct tui_options *o)
{
	struct player_options po;

	audio_options(o, &po);
	return cli_list_devices(&po);
}

/* ---- the analysis ------------------------------------------------------------------ */

/* The cache folder: $XDG_CACHE_HOME/turnover, else ~/.cache/turnover (as
 * `turnover analyze`); NULL for none. */
static char *cache_dir(const struct tui_options *o)
{
	return o->no_cache ? NULL : xdg_dir(XDG_CACHE);
}

/* The model and options of the analysis; a model that cannot be loaded
 * turns the analysis off and says why (in buf, for the message line);
 * --model naming a file that cannot be loaded is an error (false). */
static bool setup_analysis(struct app *a, const struct tui_options *o, char *buf, size_t n)
{
	struct errbuf eb;

	buf[0] = '\0';
	if (o->no_analysis)
		return true;
	errbuf_init(&eb);
	a->model = o->model ? classifier_load(o->model, &eb) : classifier_load_default(&eb);
	if (!a->model && o->model) {
		cli_error("%s", errbuf_msg(&eb));
		return false;
	}
	if (!a->model)
		snprintf(buf, n, "no analysis: %s", errbuf_msg(&eb));
	analysis_options_init(&a->ao);
	/* one core is left to the screen unless told otherwise */
	a->ao.jobs = o->jobs ? o->jobs : sysconf(_SC_NPROCESSORS_ONLN) > 2 ?
		     (int)sysconf(_SC_NPROCESSORS_ONLN) - 1 : 1;
	a->cache_dir = cache_dir(o);
	a->ao.cache_dir = a->cache_dir;
	return true;
}

/* ---- the template ------------------------------------------------------------------ */

/* The template of the planned tracks (template_find(), as `turnover
 * prep`): --template must load (false, said on stderr); the default
 * film-tv may be absent (no planned tracks, said in buf). */
static bool setup_template(struct app *a, const struct tui_options *o, char *buf, size_t n)
{
	const char *name = o->tmpl ? o->tmpl : "film-tv";
	char *path = template_find(name);
	bool found = path != NULL;
	struct errbuf eb;
	enum err e;

	errbuf_init(&eb);
	e = found ? template_load(path, &a->tmpl, NULL, &eb) : ERR_NOT_FOUND;
	free(path);
	if (e == ERR_OK)
		return true;
	if (o->tmpl) {
		cli_error("--template: %s", found ? errbuf_msg(&eb) : "no such template");
		return false;
	}
	if (!buf[0])
		snprintf(buf, n, "no planned tracks: template %s: %s", name,
			 errbuf_msg(&eb)[0] ? errbuf_msg(&eb) : "not found");
	return true;
}

/* ---- running ----------------------------------------------------------------------- */

static void app_release(struct app *a)
{
	prepview_release(a);
	sessions_free(a);
	detail_release(a);
	fixview_release(a);
	free(a->cl.rows);
	for (size_t i = 0; i < a->n_paths; i++)
		free(a->paths[i]);
	free(a->paths);
	keymap_free(a->km);
	classifier_free(a->model);
	free(a->cache_dir);
	plan_release(&a->plan);
	template_free(a->tmpl);
}

/* remote_port > 0: the audio goes to `turnover listen` there. */
static void first_message(struct app *a, const struct inifile_report *r, const char *audio_error,
			  const char *analysis_note, int remote_port)
{
	char buf[600];

	if (analysis_note && *analysis_note)
		app_error(a, "%s", analysis_note);
	else if (r->n)
		app_error(a, "%s%s", text_tilde(r->lines[0], buf, sizeof(buf)),
			  r->n > 1 ? " (and more: turnover tui --check-config)" : "");
	else if (audio_error && remote_port)
		app_message(a, "%s (everything else works)", audio_error);
	else if (audio_error)
		app_message(a, "no audio device: %s (everything else works)", audio_error);
	else if (remote_port)
		app_message(a, "audio: remote 127.0.0.1:%d", remote_port);
}

static int run_screen(struct app *a, int wake[2], const struct inifile_report *r,
		      const char *audio_error, const char *analysis_note, int remote_port)
{
	const char *script_path = getenv("TURNOVER_SCRIPT");
	struct script *sc = NULL;
	struct errbuf eb;

	errbuf_init(&eb);
	if (script_path && *script_path && script_open(script_path, &sc, &eb) != ERR_OK) {
		cli_error("%s", errbuf_msg(&eb));
		return 2;
	}
	if (screen_open(wake[1], &eb) != ERR_OK) {
		cli_error("%s", errbuf_msg(&eb));
		script_free(sc);
		return 1;
	}
	screen_apply_theme(&a->theme, a->attr);
	a->worker = worker_new(wake[1]);
	if (a->worker) {
		sessions_scan(a);
		first_message(a, r, audio_error, analysis_note, remote_port);
		if (sc || !screen_headless())
			app_run(a, wake[0], sc);
		worker_free(a->worker);
	}
	screen_close();
	script_free(sc);
	if (!a->worker)
		cli_error("cannot start the background thread");
	return a->worker ? a->exit_status : 1;
}

static void take_paths(struct app *a, int argc, char **argv)
{
	a->n_paths = (size_t)(argc - optind);
	a->paths = xcalloc(a->n_paths + 1, sizeof(char *));
	for (size_t i = 0; i < a->n_paths; i++)
		a->paths[i] = xstrdup(argv[optind + (int)i]);
}

static int start(struct app *a, const struct tui_options *o, const struct inifile_report *r,
		 const char *analysis_note)
{
	struct player_options po;
	struct errbuf eb;
	int wake[2], status;
	bool no_audio;

	audio_options(o, &po);
	errbuf_init(&eb);
	no_audio = player_open(&po, &a->player, &eb) != ERR_OK;
	if (pipe(wake) != 0) {
		cli_error("cannot make a pipe");
		player_free(a->player);
		return 1;
	}
	for (int i = 0; i < 2; i++)
		fcntl(wake[i], F_SETFL, O_NONBLOCK);
	status = run_screen(a, wake, r, no_audio ? errbuf_msg(&eb) : NULL, analysis_note,
			    o->remote_port);
	player_free(a->player);
	close(wake[0]);
	close(wake[1]);
	return status;
}

int cmd_tui(int argc, char **argv)
{
	struct app a;
	struct tui_options o;
	struct inifile_report r;
	char note[400];
	int status = parse_args(argc, argv, &o);

	if (status >= 0)
		return status;
	setlocale(LC_ALL, "");
	text_init();
	if (o.list_devices)
		return list_devices(&o);
	memset(&a, 0, sizeof(a));
	a.cl.threshold = o.threshold;
	a.cl.filter_class = FILTER_ALL;
	a.pv.out_opt = o.out;
	a.remote_port = o.remote_port;
	inifile_report_init(&r);
	load_all_config(&a, &o, &r);
	if (o.check_config) {
		status = check_config(&r);
	} else if (!setup_analysis(&a, &o, note, sizeof(note)) ||
		   !setup_template(&a, &o, note, sizeof(note))) {
		status = 1;
	} else {
		/* what needs a decision is what prep would send to review */
		if (o.threshold < 0)
			a.cl.threshold = a.tmpl ? a.tmpl->threshold : DEFAULT_THRESHOLD;
		take_paths(&a, argc, argv);
		log_set_callback(app_log, NULL);
		xalloc_set_fail_hook(screen_close);
		status = start(&a, &o, &r, note);
		if (a.fatal[0])
			cli_error("%s", a.fatal);
	}
	inifile_report_release(&r);
	app_release(&a);
	return status;
}

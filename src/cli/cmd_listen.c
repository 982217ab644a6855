/*
 * cmd_listen.c: `turnover listen`: on the laptop, play what a turnover on
 * a render box sends through an ssh -R tunnel (audio/listener.h).  Parses
 * options, finds or makes the token, prints how to connect, serves until
 * interrupted.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/listener.h"
#include "audio/nettoken.h"
#include "cli/commands.h"
#include "xalloc.h"

struct listen_options {
	int port, jitter_ms;
	const char *token, *device;
	bool list_devices;
};

static atomic_bool stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&stop_requested, true);
}

static void usage(FILE *fp)
{
	fprintf(fp, "usage: turnover listen [--port N] [--token TOKEN] [--device NAME] [--jitter MS]\n"
		    "       turnover listen --list-devices\n"
		    "Play here what `turnover --remote PORT` sends from another machine over ssh -R.\n"
		    "Listens on 127.0.0.1 only (default port %d).\n", NETPROTO_DEFAULT_PORT);
}

static int parse_int(const char *s, int lo, int hi, const char *what, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *end || v < lo || v > hi) {
		cli_error("bad %s '%s' (%d to %d)", what, s, lo, hi);
		return 2;
	}
	*out = (int)v;
	return -1;
}

/* Returns -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, struct listen_options *o)
{
	static const struct option longopts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "token", required_argument, NULL, 't' },
		{ "device", required_argument, NULL, 'd' },
		{ "jitter", required_argument, NULL, 'j' },
		{ "list-devices", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, st = -1;

	memset(o, 0, sizeof(*o));
	o->port = NETPROTO_DEFAULT_PORT;
	optind = 1;
	while (st < 0 && (c = getopt_long(argc, argv, "p:t:d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': st = parse_int(optarg, 0, 65535, "port", &o->port); break;
		case 'j': st = parse_int(optarg, 1, 1000, "jitter buffer (ms)", &o->jitter_ms); break;
		case 't': o->token = optarg; break;
		case 'd': o->device = optarg; break;
		case 'L': o->list_devices = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (st < 0 && optind < argc) {
		cli_error("unexpected argument '%s'", argv[optind]);
		return 2;
	}
	return st;
}

static void output_options(const struct listen_options *o, struct player_options *po)
{
	const char *env = getenv("TURNOVER_AUDIO");

	player_options_init(po);
	po->device = o->device;
	if ((env && !strncmp(env, "null", 4)) || (o->device && !strcmp(o->device, "null"))) {
		po->backend = AUDIO_BACKEND_NULL;
		po->device = NULL;
		po->null_log = getenv("TURNOVER_AUDIO_LOG");
	}
}

static int list_devices(const struct listen_options *o)
{
	struct player_options po;

	output_options(o, &po);
	return cli_list_devices(&po);
}

/* --token, else the token file, else a new token saved there; *where
 * (the caller frees it) says which.  false (after a message) when there
 * is none. */
static bool find_token(const char *given, char *token, char **where)
{
	char *path = nettoken_path();
	struct errbuf eb;
	enum err e = ERR_NOT_FOUND;

	errbuf_init(&eb);
	*where = NULL;
	if (given) {
		free(path);
		if (!netproto_token_valid(given)) {
			cli_error("bad token '%s' (1 to %d of A-Z a-z 0-9 . _ -)", given, NETPROTO_MAX_TOKEN);
			return false;
		}
		snprintf(token, NETTOKEN_SIZE, "%s", given);
		*where = xstrdup("given with --token");
		return true;
	}
	if (path && (e = nettoken_load(path, token, &eb)) == ERR_OK)
		*where = xasprintf("from %s", path);
	if (e == ERR_NOT_FOUND) {
		errbuf_init(&eb);
		e = nettoken_generate(token, &eb);
		if (e == ERR_OK && path && nettoken_save(path, token, &eb) == ERR_OK)
			*where = xasprintf("new, saved in %s", path);
		else if (e == ERR_OK)
			*where = xasprintf("new, not saved: %s", path ? errbuf_msg(&eb) : "no home folder");
	}
	if (e != ERR_OK)
		cli_error("%s", errbuf_msg(&eb));
	free(path);
	return e == ERR_OK;
}

static void print_instructions(struct listener *l, const char *token, const char *where)
{
	int port = listener_port(l);

	printf("listening on 127.0.0.1:%d, playing to %s\n", port, listener_output(l));
	printf("token: %s (%s)\n", token, where);
	printf("connect a render box with:\n"
	       "  ssh -t -R %d:127.0.0.1:%d RENDERBOX 'TURNOVER_LISTEN_TOKEN=%s turnover --remote %d'\n",
	       port, port, token, port);
	printf("or, in a shell there: export TURNOVER_LISTEN=127.0.0.1:%d TURNOVER_LISTEN_TOKEN=%s\n",
	       port, token);
	printf("stop with Ctrl-C\n");
	fflush(stdout);
}

static void print_stats(struct listener *l)
{
	struct listener_stats s;

	listener_stats(l, &s);
	printf("received %llu packets, %llu frames, %llu flushes from %llu sender%s; %llu refused; "
	       "%llu gaps\n", s.packets, s.frames, s.flushes, s.senders, s.senders == 1 ? "" : "s",
	       s.refused, s.gaps);
}

static int serve(const struct listen_options *o, const char *token, const char *where)
{
	struct listener_options lo = { o->port, token, NULL, o->jitter_ms };
	struct player_options po;
	struct sigaction sa;
	struct listener *l;
	struct errbuf eb;

	output_options(o, &po);
	lo.out = &po;
	errbuf_init(&eb);
	if (listener_new(&lo, &l, &eb) != ERR_OK) {
		cli_error("%s%s", errbuf_msg(&eb), eb.code == ERR_NOT_FOUND ?
			  " (turnover listen --list-devices shows the outputs)" : "");
		return 1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	print_instructions(l, token, where);
	listener_run(l, &stop_requested);
	print_stats(l);
	listener_free(l);
	return 0;
}

int cmd_listen(int argc, char **argv)
{
	struct listen_options o;
	char token[NETTOKEN_SIZE];
	char *where;
	int status = parse_args(argc, argv, &o);

	if (status >= 0)
		return status;
	if (o.list_devices)
		return list_devices(&o);
	if (!find_token(o.token, token, &where))
		return 1;
	cli_setup_log(1);
	atomic_store(&stop_requested, false);
	status = serve(&o, token, where);
	free(where);
	return status;
}

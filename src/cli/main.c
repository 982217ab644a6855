/* main.c: the turnover command and its table of subcommands. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "log.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "tui", cmd_tui, "browse and triage turnovers (the default: turnover [PATH...])" },
	{ "inspect", cmd_inspect, "print the timeline of an AAF (tracks, clips, media)" },
	{ "analyze", cmd_analyze, "classify every clip as dialogue, music or sfx" },
	{ "demo", cmd_demo, "build the demo turnover (AAF + media) in a folder" },
	{ "train", cmd_train, "train the clip classifier on a labelled corpus" },
	{ "eval", cmd_eval, "cross-validate the clip classifier on a labelled corpus" },
	{ "listen", cmd_listen, "play here what a turnover on another machine sends (ssh -R)" },
	{ "prep", cmd_prep, "map a turnover into a facility template: the organised session" },
	{ "verify", cmd_verify, "check a prep output folder against its manifest" },
};

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("turnover: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int log_verbose;

static void log_to_stderr(enum log_level level, const char *msg, void *user)
{
	static const char *const names[LOG_LEVEL_COUNT] = { "debug", "info", "warning", "error" };

	(void)user;
	if (level < LOG_LEVEL_WARN && !log_verbose)
		return;
	fprintf(stderr, "turnover: %s: %s\n", names[level], msg);
}

void cli_setup_log(int verbose)
{
	log_verbose = verbose;
	log_set_callback(log_to_stderr, NULL);
}

static void usage(FILE *fp)
{
	fprintf(fp, "usage: turnover [PATH...]\n       turnover COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp, "\nSee turnover(1) for details.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return cmd_tui(argc, argv);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("turnover %s\n", PACKAGE_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	/* not a command: options and paths for the browser */
	if (argv[1][0] == '-' || access(argv[1], F_OK) == 0)
		return cmd_tui(argc, argv);
	cli_error("unknown command '%s', and no such file or folder (try 'turnover --help')",
		  argv[1]);
	return 2;
}

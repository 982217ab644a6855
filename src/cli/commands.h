/*
 * commands.h: the subcommands of the turnover command.  Each parses its
 * arguments, calls the core and prints; returns the process exit status.
 */
#ifndef TURNOVER_COMMANDS_H
#define TURNOVER_COMMANDS_H

int cmd_tui(int argc, char **argv);
int cmd_inspect(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_analyze(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_listen(int argc, char **argv);
int cmd_prep(int argc, char **argv);
int cmd_verify(int argc, char **argv);

/* Shared by the commands: prints "turnover: msg" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

struct player_options;

/* Prints the audio outputs of po's backend ("*" before the default one);
 * the exit status: 0, or 1 when they cannot be listed (said on stderr). */
int cli_list_devices(const struct player_options *po);

/* Installs the log callback that prints core warnings to stderr. */
void cli_setup_log(int verbose);

#endif

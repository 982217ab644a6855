/*
 * input.h: keys from the terminal as our key codes (keymap.h), and the
 * script of a test run (TURNOVER_SCRIPT): one step per line,
 *
 *	j j Enter              keys, by their keymap names
 *	:type some text        characters typed one by one
 *	:dump-screen FILE      the screen as text
 *	:resize COLS LINES
 *	:sleep MS
 *	:wait-stopped          until playback stops (at most 10 s)
 *	# a comment
 *
 * Before each step the main loop waits until the background work is
 * done, so a script sees the same screen on every run.
 */
#ifndef TURNOVER_TUI_INPUT_H
#define TURNOVER_TUI_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* The next key the terminal has, as a key code; KEYCODE_NONE when none is
 * waiting.  *resized is set when the terminal changed size. */
int input_key(bool *resized);

/* A script being run. */
struct script;

/* Opens the script at path.  errors: ERR_IO. */
enum err script_open(const char *path, struct script **out, struct errbuf *eb);

void script_free(struct script *s);

/* One step of a script. */
struct script_step {
	enum { STEP_KEY, STEP_COMMAND, STEP_END } kind;
	int key;		/* STEP_KEY */
	char *command;		/* STEP_COMMAND: the line after ':'; owned */
};

/*
 * The next step.  A key name that is no key gives a STEP_COMMAND of
 * "bad-key NAME".  STEP_END at the end.
 */
struct script_step script_next(struct script *s);

void script_step_release(struct script_step *st);

#endif

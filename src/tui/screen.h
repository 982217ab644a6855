/*
 * screen.h: curses up and down: initscr(), or newterm() on /dev/null
 * under TURNOVER_NO_DISPLAY (tests: the size comes from LINES and
 * COLUMNS); the theme made into colour pairs; SIGINT, SIGTERM and SIGHUP
 * turned into a byte on a pipe so the main loop ends curses cleanly;
 * stderr sent away while curses owns the terminal; dumping the screen as
 * text.
 */
#ifndef TURNOVER_TUI_SCREEN_H
#define TURNOVER_TUI_SCREEN_H

#include <curses.h>
#include <stdbool.h>

#include "err.h"
#include "theme.h"

/*
 * Starts curses.  sig_fd gets a byte when a quitting signal arrives.
 * errors: ERR_IO (no terminal: eb says why).
 */
enum err screen_open(int sig_fd, struct errbuf *eb);

/* Ends curses and puts stderr and the signals back; safe to call twice. */
void screen_close(void);

/* True between screen_open() and screen_close(). */
bool screen_active(void);

/* True when curses draws on /dev/null (TURNOVER_NO_DISPLAY). */
bool screen_headless(void);

/* The signal that asked to quit, 0 when none. */
int screen_signal(void);

/* Makes colour pairs for t; fills attr with each slot's attributes. */
void screen_apply_theme(const struct theme *t, attr_t attr[THEME_SLOT_COUNT]);

/* Changes the screen size (for scripts; a terminal does it itself). */
void screen_resize(int lines, int cols);

/* Writes the screen as UTF-8 text, trailing blanks trimmed, to path.
 * errors: ERR_IO. */
enum err screen_dump(const char *path, struct errbuf *eb);

#endif

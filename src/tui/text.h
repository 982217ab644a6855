/*
 * text.h: putting text from files on the screen safely: bytes that are
 * not UTF-8 become U+FFFD, control and bidi-override characters '?',
 * widths come from the locale (wcwidth, as curses counts them), and text
 * is cut to a number of columns with a final '…'.  Without a UTF-8
 * locale (or with TURNOVER_ASCII set) everything outside ASCII becomes
 * '?' and the screen's own symbols have ASCII forms.
 */
#ifndef TURNOVER_TUI_TEXT_H
#define TURNOVER_TUI_TEXT_H

#include <curses.h>
#include <stdbool.h>

/* The screen's own symbols, in UTF-8 or ASCII. */
struct glyphs {
	const char *dash;	/* nothing known: "—" */
	const char *ellipsis;	/* "…" */
	const char *play, *stop;
	const char *bar_full, *bar_empty;
	const char *human;	/* a decision made by a person: "•" */
	const char *up, *down;	/* sort order */
	const char *vline;	/* "│" */
	const char *blocks[9];	/* level overview, empty to full */
	const char *right;	/* goes to: "→" */
};

/* Chooses UTF-8 or ASCII from the locale (setlocale() first). */
void text_init(void);

/* The symbols in force. */
const struct glyphs *text_glyphs(void);

/* True when the screen takes UTF-8. */
bool text_utf8(void);

/* Columns s takes on screen (made safe). */
int text_width(const char *s);

/*
 * Draws s made safe at y, x of w in attr, in at most max columns (cut
 * with '…' when longer), then pads with spaces to pad columns (0: no
 * padding).  Returns the columns drawn, padding included.
 */
int text_put(WINDOW *w, int y, int x, const char *s, int max, int pad, attr_t attr);

/* Draws s like text_put(), but cut at its start ("…/x/demo.aaf") when it
 * is wider than max: for paths, whose end matters most. */
int text_put_tail(WINDOW *w, int y, int x, const char *s, int max, attr_t attr);

/* Draws s over up to rows lines of cols columns from y, x, breaking
 * lines at spaces where it can; the last line is cut with '…'. */
void text_put_wrapped(WINDOW *w, int y, int x, const char *s, int cols, int rows, attr_t attr);

/* s with the home folder at its start written "~" (in buf, n bytes), or
 * s itself; for paths on the screen. */
const char *text_tilde(const char *s, char *buf, size_t n);

/* Draws our own text (ASCII or the glyphs), as text_put(). */
int text_putf(WINDOW *w, int y, int x, int max, attr_t attr, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Fills columns x .. x+n-1 of row y with spaces in attr. */
void text_fill(WINDOW *w, int y, int x, int n, attr_t attr);

#endif

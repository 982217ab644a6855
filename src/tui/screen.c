/* screen.c: curses set-up and tear-down, signals, colours, dumps. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "tui/screen.h"
#include "utf8.h"

static bool active, headless;
static SCREEN *term;
static FILE *term_out, *term_in;
static int saved_stderr = -1;
static int signal_fd = -1;
static volatile sig_atomic_t caught_signal;

static const int quit_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction old_actions[3];

static void on_signal(int sig)
{
	char byte = 1;
	int e = errno;

	caught_signal = sig;
	if (signal_fd >= 0 && write(signal_fd, &byte, 1) < 0) {
		/* the loop wakes anyway at its next timeout */
	}
	errno = e;
}

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 3; i++)
		sigaction(quit_signals[i], &sa, &old_actions[i]);
}

/* While curses owns the terminal a stray write to stderr (a library's
 * warning) would break the screen: it goes to $TURNOVER_LOG or nowhere. */
static void stderr_away(void)
{
	const char *log = getenv("TURNOVER_LOG");
	int fd = open(log && *log ? log : "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0666);

	if (fd < 0)
		return;
	fflush(stderr);
	saved_stderr = dup(STDERR_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
}

static void stderr_back(void)
{
	if (saved_stderr < 0)
		return;
	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	saved_stderr = -1;
}

static enum err start_curses(struct errbuf *eb)
{
	const char *tname = getenv("TERM");

	headless = getenv("TURNOVER_NO_DISPLAY") && *getenv("TURNOVER_NO_DISPLAY");
	if (!headless && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)))
		return err_set(eb, ERR_IO, "not a terminal (the browser needs one; see "
				   "'turnover --help' for the other commands)");
	if (!headless) {
		if (!initscr())
			return err_set(eb, ERR_IO, "cannot start the terminal");
		return ERR_OK;
	}
	term_out = fopen("/dev/null", "w");
	term_in = fopen("/dev/null", "r");
	if (term_out && term_in)
		term = newterm(tname && *tname ? tname : "xterm-256color", term_out, term_in);
	if (!term) {
		if (term_out)
			fclose(term_out);
		if (term_in)
			fclose(term_in);
		term_out = term_in = NULL;
		return err_set(eb, ERR_IO, "cannot start curses on /dev/null");
	}
	set_term(term);
	return ERR_OK;
}

enum err screen_open(int sig_fd, struct errbuf *eb)
{
	enum err e;

	signal_fd = sig_fd;
	caught_signal = 0;
	catch_signals();
	e = start_curses(eb);
	if (e != ERR_OK)
		return e;
	active = true;
	stderr_away();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
	}
	return ERR_OK;
}

void screen_close(void)
{
	if (!active)
		return;
	active = false;
	curs_set(1);
	endwin();
	if (term) {
		delscreen(term);
		term = NULL;
		fclose(term_out);
		fclose(term_in);
		term_out = term_in = NULL;
	}
	stderr_back();
	for (int i = 0; i < 3; i++)
		sigaction(quit_signals[i], &old_actions[i], NULL);
	signal_fd = -1;
}

bool screen_active(void)
{
	return active;
}

bool screen_headless(void)
{
	return headless;
}

int screen_signal(void)
{
	return caught_signal;
}

static attr_t curses_attrs(unsigned a)
{
	return (a & THEME_ATTR_BOLD ? A_BOLD : 0) | (a & THEME_ATTR_UNDERLINE ? A_UNDERLINE : 0) |
	       (a & THEME_ATTR_REVERSE ? A_REVERSE : 0) | (a & THEME_ATTR_DIM ? A_DIM : 0);
}

void screen_apply_theme(const struct theme *t, attr_t attr[THEME_SLOT_COUNT])
{
	int colors = has_colors() ? COLORS : 0;

	for (int s = 0; s < THEME_SLOT_COUNT; s++) {
		struct theme_style st = theme_style_for_colors(t->slot[s], colors);

		attr[s] = curses_attrs(st.attrs);
		if (colors >= 8 && s + 1 < COLOR_PAIRS && init_pair((short)(s + 1), (short)st.fg,
								    (short)st.bg) == OK)
			attr[s] |= COLOR_PAIR(s + 1);
	}
}

void screen_resize(int lines, int cols)
{
	if (lines > 0 && cols > 0)
		resizeterm(lines, cols);
}

/* One screen line as UTF-8, blanks at the end trimmed. */
static void dump_line(FILE *f, int y)
{
	wchar_t w[1024];
	char out[UTF8_MAX * 1024 + 1];
	size_t n = 0;
	int got = mvwinnwstr(stdscr, y, 0, w, COLS < 1023 ? COLS : 1023);

	for (int i = 0; i < got && w[i]; i++)
		n += utf8_encode((uint32_t)w[i], out + n);
	while (n && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	fprintf(f, "%s\n", out);
}

enum err screen_dump(const char *path, struct errbuf *eb)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return err_set(eb, ERR_IO, "cannot write '%s': %s", path, strerror(errno));
	for (int y = 0; y < LINES; y++)
		dump_line(f, y);
	if (fclose(f) != 0)
		return err_set(eb, ERR_IO, "cannot write '%s': %s", path, strerror(errno));
	return ERR_OK;
}

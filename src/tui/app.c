/* app.c: the main loop: keys to actions, background results, drawing. */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tui/app.h"
#include "tui/audition.h"
#include "tui/bars.h"
#include "tui/cliplist.h"
#include "tui/clipview.h"
#include "tui/decide.h"
#include "tui/detail.h"
#include "tui/fixview.h"
#include "tui/help.h"
#include "tui/input.h"
#include "tui/prepview.h"
#include "tui/screen.h"
#include "tui/sessions.h"
#include "tui/text.h"
#include "tui/worker.h"
#include "utf8.h"

/* Smallest screen the views are drawn on. */
#define MIN_COLS 40
#define MIN_LINES 8

struct tui_session *app_open_session(struct app *a)
{
	return a->open < a->n_sess && a->sess[a->open].state == SESS_READY ? &a->sess[a->open]
									     : NULL;
}

enum keymap_context app_view_context(const struct app *a)
{
	return a->view == VIEW_CLIPS ? KEYMAP_CONTEXT_CLIPS :
	       a->view == VIEW_DETAIL ? KEYMAP_CONTEXT_DETAIL :
	       a->view == VIEW_FIXES ? KEYMAP_CONTEXT_FIXES : KEYMAP_CONTEXT_SESSIONS;
}

enum keymap_context app_context(const struct app *a)
{
	return a->help ? KEYMAP_CONTEXT_HELP : app_view_context(a);
}

int app_list_lines(const struct app *a)
{
	return LINES - 2 - bars_message_lines(a);
}

static void set_msg(struct app *a, bool error, const char *fmt, va_list ap)
{
	vsnprintf(a->msg, sizeof(a->msg), fmt, ap);
	a->msg_is_error = error;
}

void app_message(struct app *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_msg(a, false, fmt, ap);
	va_end(ap);
}

void app_error(struct app *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_msg(a, true, fmt, ap);
	va_end(ap);
}

/* ---- the core's log, from any thread ------------------------------------------- */

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static char log_last[300];
static unsigned log_count;

void app_log(enum log_level level, const char *msg, void *user)
{
	(void)user;
	if (level < LOG_LEVEL_WARN)
		return;
	pthread_mutex_lock(&log_lock);
	snprintf(log_last, sizeof(log_last), "%s", msg);
	log_count++;
	pthread_mutex_unlock(&log_lock);
}

static void drain_log(struct app *a)
{
	unsigned n;

	pthread_mutex_lock(&log_lock);
	n = log_count;
	if (n)
		app_message(a, "%s%s", log_last, n > 1 ? " (and more warnings)" : "");
	log_count = 0;
	pthread_mutex_unlock(&log_lock);
}

/* ---- background ---------------------------------------------------------------- */

void app_poll(struct app *a)
{
	struct job_result r;

	while (worker_take(a->worker, &r)) {
		if (r.kind == JOB_LOAD)
			sessions_loaded(a, &r);
		else
			detail_levels(a, &r);
		job_result_release(&r);
	}
	a->analysing = sessions_poll_analysis(a);
	a->analysing |= prepview_poll(a);
	drain_log(a);
	player_status(a->player, &a->ps);
	if (a->ps.serial != a->ps_serial) {
		a->ps_serial = a->ps.serial;
		if (a->ps.message[0])
			app_error(a, "%s", a->ps.message);
		audition_notice(a, a->ps.message);
	}
}

/* ---- drawing --------------------------------------------------------------------- */

static void draw_too_small(struct app *a)
{
	text_putf(stdscr, 0, 0, COLS, a->attr[THEME_ERROR], "turnover needs %dx%d (now %dx%d)",
		  MIN_COLS, MIN_LINES, COLS, LINES);
}

/* The view on screen, below the title and above the status line. */
static void draw_view(struct app *a)
{
	if (a->pv.open && app_open_session(a)) {
		cliplist_plan(a);
		prepview_draw(a);
		return;
	}
	if (a->view == VIEW_SESSIONS || !app_open_session(a)) {
		sessions_draw(a);
		return;
	}
	if (a->view == VIEW_CLIPS || a->view == VIEW_DETAIL)
		cliplist_plan(a);
	if (a->view == VIEW_CLIPS)
		clipview_draw(a);
	else if (a->view == VIEW_FIXES)
		fixview_draw(a);
	else
		detail_draw(a);
}

void app_draw(struct app *a)
{
	werase(stdscr);
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		draw_too_small(a);
	} else {
		draw_view(a);
		if (a->help)
			help_draw(a);
		bars_draw(a);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* ---- keys -------------------------------------------------------------------------- */

static void go_back(struct app *a)
{
	a->msg[0] = '\0';
	if (a->prompt.kind != PROMPT_NONE)
		a->prompt.kind = PROMPT_NONE;
	else if (a->view == VIEW_DETAIL || a->view == VIEW_FIXES)
		a->view = VIEW_CLIPS;
	else if (a->view == VIEW_CLIPS)
		a->view = VIEW_SESSIONS;
	else
		app_message(a, "this is the list of sessions (q quits)");
}

static bool list_action(struct app *a, enum action act)
{
	long page = app_list_lines(a) - 2;

	switch (act) {
	case ACTION_UP: cliplist_move(a, -1); break;
	case ACTION_DOWN: cliplist_move(a, 1); break;
	case ACTION_PAGE_UP: cliplist_move(a, -(page > 1 ? page : 1)); break;
	case ACTION_PAGE_DOWN: cliplist_move(a, page > 1 ? page : 1); break;
	case ACTION_TOP: a->cl.sel = 0; break;
	case ACTION_BOTTOM: cliplist_move(a, (long)a->cl.n_rows); break;
	case ACTION_OPEN:
		if (a->view == VIEW_CLIPS && a->cl.n_rows) {
			a->view = VIEW_DETAIL;
			a->msg[0] = '\0';
		}
		break;
	default: return a->view == VIEW_CLIPS && cliplist_action(a, act);
	}
	return true;
}

static bool common_action(struct app *a, enum action act)
{
	switch (act) {
	case ACTION_QUIT: a->quit = true; break;
	case ACTION_HELP: a->help = true; a->help_top = 0; break;
	case ACTION_BACK: go_back(a); break;
	case ACTION_REDRAW: clearok(curscr, TRUE); break;
	case ACTION_FIXES: fixview_open(a); break;
	case ACTION_PREP: prepview_open(a); break;
	default: return false;
	}
	return true;
}

static void unbound(struct app *a, int key)
{
	char name[KEYMAP_KEY_NAME_MAX], keys[64];

	keymap_key_name(key, name, sizeof(name));
	keymap_describe_keys(a->km, app_context(a), ACTION_HELP, keys, sizeof(keys));
	app_message(a, "%s does nothing here (%s lists the keys)", name, *keys ? keys : "help");
}

void app_handle_key(struct app *a, int key)
{
	enum action act;

	if (a->prompt.kind != PROMPT_NONE) {
		cliplist_prompt_key(a, key);
		return;
	}
	if (a->pv.open && !a->help) {
		prepview_key(a, key);
		return;
	}
	act = keymap_lookup(a->km, app_context(a), key);
	if (act == ACTION_NONE && (key & KEYCODE_META)) {
		/* Escape and a key typed fast come as Alt+key: unbound, they
		 * are the two keys */
		app_handle_key(a, KEYCODE_ESCAPE);
		app_handle_key(a, key & ~KEYCODE_META);
		return;
	}
	if (a->help) {
		if (!help_action(a, act))
			app_message(a, "close the help first (? or Escape)");
		return;
	}
	if (act == ACTION_NONE)
		unbound(a, key);
	else if (a->view == VIEW_FIXES) {
		if (!common_action(a, act) && !fixview_action(a, act) && !audition_action(a, act))
			unbound(a, key);
	} else if (!common_action(a, act) && !audition_action(a, act) && !decide_action(a, act) &&
		 !(a->view == VIEW_SESSIONS ? sessions_action(a, act) : list_action(a, act)))
		unbound(a, key);
}

/* ---- the loop ---------------------------------------------------------------------- */

static void drain_fd(int fd)
{
	char buf[64];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

/* Keys the terminal has; false when there were none. */
static bool read_keys(struct app *a)
{
	bool any = false, resized;
	int key;

	for (;;) {
		key = input_key(&resized);
		if (key == KEYCODE_NONE && !resized)
			return any;
		any = true;
		if (key != KEYCODE_NONE)
			app_handle_key(a, key);
		if (a->quit)
			return true;
	}
}

static void wait_input(struct app *a, int wake_fd)
{
	struct pollfd fds[2] = { { STDIN_FILENO, POLLIN, 0 }, { wake_fd, POLLIN, 0 } };
	/* the analysis is polled: its progress shows at 10 Hz */
	int timeout = a->ps.state == PLAYER_PLAYING ? 40 : a->analysing ? 100 : 500;

	if (read_keys(a))
		return;
	if (poll(screen_headless() ? fds + 1 : fds, screen_headless() ? 1 : 2, timeout) < 0 &&
	    errno != EINTR)
		return;
	drain_fd(wake_fd);
	if (!screen_headless() && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))) {
		/* the terminal is gone (a dropped connection) without a
		 * SIGHUP for us: end as if it had come */
		a->exit_status = 129;
		a->quit = true;
	}
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Waits (polling) until every analysis is done: at most 10 minutes. */
static void settle_analysis(struct app *a)
{
	app_poll(a);
	for (int i = 0; i < 120000 && a->analysing; i++) {
		sleep_ms(5);
		app_poll(a);
	}
}

/* Scripts see a settled screen: nothing left for the worker to do, no
 * analysis under way. */
static void settle(struct app *a, int wake_fd)
{
	/* results are taken as they come: a result waiting keeps the worker
	 * from being idle */
	for (int i = 0; i < 6000 && !worker_idle(a->worker); i++) {
		sleep_ms(5);
		app_poll(a);
	}
	settle_analysis(a);
	for (int i = 0; i < 6000 && !worker_idle(a->worker); i++)
		sleep_ms(5);
	drain_fd(wake_fd);
	app_poll(a);
	app_draw(a);
	for (int i = 0; i < 6000 && !worker_idle(a->worker); i++)
		sleep_ms(5);
	app_poll(a);
	app_draw(a);
}

static void script_fail(struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void script_fail(struct app *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->fatal, sizeof(a->fatal), fmt, ap);
	va_end(ap);
	a->exit_status = 2;
	a->quit = true;
}

static void wait_stopped(struct app *a)
{
	for (int i = 0; i < 2000; i++) {
		player_status(a->player, &a->ps);
		if (a->ps.state != PLAYER_PLAYING)
			return;
		sleep_ms(5);
	}
	script_fail(a, "script: %s: still playing after 10 s", "wait-stopped");
}

/* Each character of text as a key (bytes that are not UTF-8 skipped). */
static void type_text(struct app *a, const char *text)
{
	size_t n = strlen(text), len;
	uint32_t cp;

	for (size_t i = 0; i < n && !a->quit; i += len ? len : 1) {
		len = utf8_decode(text + i, n - i, &cp);
		if (len)
			app_handle_key(a, (int)cp);
	}
}

static void run_command(struct app *a, const char *cmd, int wake_fd)
{
	struct errbuf eb;
	int x, y;

	if (!strncmp(cmd, "dump-screen ", 12)) {
		settle(a, wake_fd);
		errbuf_init(&eb);
		if (screen_dump(cmd + 12, &eb) != ERR_OK)
			script_fail(a, "script: %s", errbuf_msg(&eb));
	} else if (sscanf(cmd, "resize %d %d", &x, &y) == 2) {
		screen_resize(y, x);
	} else if (sscanf(cmd, "sleep %d", &x) == 1) {
		sleep_ms(x);
	} else if (!strncmp(cmd, "type ", 5)) {
		type_text(a, cmd + 5);
	} else if (!strcmp(cmd, "wait-stopped")) {
		wait_stopped(a);
	} else {
		script_fail(a, "script: unknown step '%s'", cmd);
	}
}

static void script_step(struct app *a, struct script *sc, int wake_fd)
{
	struct script_step st;

	settle(a, wake_fd);
	st = script_next(sc);
	if (st.kind == STEP_END)
		a->quit = true;
	else if (st.kind == STEP_KEY)
		app_handle_key(a, st.key);
	else
		run_command(a, st.command, wake_fd);
	script_step_release(&st);
}

void app_run(struct app *a, int wake_fd, struct script *sc)
{
	while (!a->quit) {
		app_poll(a);
		app_draw(a);
		if (screen_signal()) {
			a->exit_status = 128 + screen_signal();
			break;
		}
		if (sc)
			script_step(a, sc, wake_fd);
		else
			wait_input(a, wake_fd);
	}
}

/* bars.c: title, status and message lines. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tui/audition.h"
#include "tui/bars.h"
#include "tui/cliplist.h"
#include "tui/fixview.h"
#include "tui/prepview.h"
#include "tui/sessions.h"
#include "tui/text.h"

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* The first key of an action here, e.g. "?" for help. */
static void first_key(struct app *a, enum action act, char *buf, size_t n)
{
	char keys[128];

	keymap_describe_keys(a->km, app_context(a), act, keys, sizeof(keys));
	snprintf(buf, n, "%.*s", (int)strcspn(keys, ","), keys);
}

static void title_text(struct app *a, char *buf, size_t n)
{
	struct tui_session *ts = app_open_session(a);
	char filter[128];
	const char *g_sort = a->cl.reverse ? text_glyphs()->down : text_glyphs()->up;

	if (a->pv.open && ts) {
		snprintf(buf, n, " turnover  %s  Prep", base_name(ts->path));
		return;
	}
	if (a->view == VIEW_SESSIONS || !ts) {
		snprintf(buf, n, " turnover  Sessions: %zu turnover%s", a->n_sess,
			 a->n_sess == 1 ? "" : "s");
		return;
	}
	if (a->view == VIEW_FIXES) {
		fixview_title(a, filter, sizeof(filter));
		snprintf(buf, n, " turnover  %s  %s", base_name(ts->path), filter);
		return;
	}
	cliplist_describe_filter(a, filter, sizeof(filter));
	snprintf(buf, n, " turnover  %s  %s %zu/%zu clips  sort %s%s%s%s", base_name(ts->path),
		 a->view == VIEW_DETAIL ? "Detail" : "Clips", a->cl.n_rows, ts->rv->n_clips,
		 cliplist_sort_name(a->cl.sort), g_sort, *filter ? "  filter: " : "", filter);
}

static void draw_title(struct app *a)
{
	char buf[400], key[32], hint[64];
	int w;

	title_text(a, buf, sizeof(buf));
	first_key(a, ACTION_HELP, key, sizeof(key));
	w = snprintf(hint, sizeof(hint), "%s help ", key);
	text_fill(stdscr, 0, 0, COLS, a->attr[THEME_TITLE]);
	text_put(stdscr, 0, 0, buf, COLS - w - 1, 0, a->attr[THEME_TITLE]);
	if (*key && COLS > w + 20)
		text_put(stdscr, 0, COLS - w, hint, w, 0, a->attr[THEME_TITLE]);
}

/* The session being analysed, or NULL. */
static const struct tui_session *analysing(const struct app *a)
{
	for (size_t i = 0; i < a->n_sess; i++)
		if (a->sess[i].an && !a->sess[i].analysed)
			return &a->sess[i];
	return NULL;
}

/* "reading 2/5 ██░░░" while turnovers are read, then "analysing 40%
 * ███░░░░░" while one is analysed; returns columns used. */
static int draw_progress(struct app *a, int y, int x)
{
	const struct glyphs *g = text_glyphs();
	const struct tui_session *ts = analysing(a);
	size_t done, total;
	int used, full;

	char prep[120];

	sessions_progress(a, &done, &total);
	prepview_status(a, prep, sizeof(prep));
	if (done == total && !ts && prep[0])
		return text_put(stdscr, y, x, prep, COLS - x - 1, 0, a->attr[THEME_STATUS_LINE]) + 2;
	if (done == total && !ts)
		return 0;
	if (done == total) {
		int pc = sessions_percent(ts);

		used = text_putf(stdscr, y, x, 20, a->attr[THEME_STATUS_LINE], "analysing %d%% ",
				 pc);
		full = pc * 8 / 100;
	} else {
		used = text_putf(stdscr, y, x, 20, a->attr[THEME_STATUS_LINE], "reading %zu/%zu ",
				 done, total);
		full = (int)(done * 8 / total);
	}
	for (int k = 0; k < 8; k++)
		used += text_put(stdscr, y, x + used, k < full ? g->bar_full : g->bar_empty, 1, 1,
				 a->attr[THEME_STATUS_LINE]);
	return used + 2;
}

static void counts_text(struct app *a, char *buf, size_t n)
{
	struct tui_session *ts = app_open_session(a);

	buf[0] = '\0';
	if (a->view == VIEW_SESSIONS || !ts)
		return;
	snprintf(buf, n, "%s  %zu/%zu decided  %zu marked  %zu problem%s ",
		 ts->analysed ? "analysed" : ts->an ? "analysing" : "not analysed", triage_count_decided(ts->triage),
		 ts->rv->n_clips, triage_count_marked(ts->triage), ts->n_problems,
		 ts->n_problems == 1 ? "" : "s");
}

int bars_message_lines(const struct app *a)
{
	int w = text_width(a->msg), cols = COLS > 1 ? COLS - 1 : 1, n;

	if (a->prompt.kind != PROMPT_NONE || LINES < 12)
		return 1;
	n = (w + cols - 1) / cols;
	return n < 1 ? 1 : n > 3 ? 3 : n;
}

static void draw_status(struct app *a)
{
	int y = LINES - 1 - bars_message_lines(a), x = 1, w;
	char right[200];

	text_fill(stdscr, y, 0, COLS, a->attr[THEME_STATUS_LINE]);
	x += audition_draw_status(a, y, x, COLS / 2) + 2;
	x += draw_progress(a, y, x);
	counts_text(a, right, sizeof(right));
	w = text_width(right);
	if (w && x + w < COLS)
		text_put(stdscr, y, COLS - w, right, w, 0, a->attr[THEME_STATUS_LINE]);
	else if (w && x < COLS - 8)
		text_put(stdscr, y, x, right, COLS - x, 0, a->attr[THEME_STATUS_LINE]);
}

static void draw_message(struct app *a)
{
	int n = bars_message_lines(a), y = LINES - n;
	const char *label = a->prompt.kind == PROMPT_SEARCH ? "/" : "threshold (0-1): ";

	for (int i = 0; i < n; i++)
		text_fill(stdscr, y + i, 0, COLS, a->attr[THEME_MESSAGE]);
	if (a->prompt.kind != PROMPT_NONE) {
		int x = text_put(stdscr, y, 0, label, COLS, 0, a->attr[THEME_MESSAGE]);

		x += text_put(stdscr, y, x, a->prompt.text, COLS - x - 1, 0, a->attr[THEME_MESSAGE]);
		text_put(stdscr, y, x, " ", 1, 0, a->attr[THEME_MESSAGE] | A_REVERSE);
		return;
	}
	text_put_wrapped(stdscr, y, 0, a->msg, COLS - 1, n,
			 a->attr[a->msg_is_error ? THEME_ERROR : THEME_MESSAGE]);
}

void bars_draw(struct app *a)
{
	draw_title(a);
	draw_status(a);
	draw_message(a);
}

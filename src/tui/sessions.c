/* sessions.c: the turnovers found, their reading, the Sessions view. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "savefile.h"
#include "scan.h"
#include "tui/analyse.h"
#include "tui/cliplist.h"
#include "tui/prepview.h"
#include "tui/sessions.h"
#include "tui/text.h"
#include "xalloc.h"

#define STATE_COLS 14
/* the count columns, each right-aligned under its heading */
#define CLIPS_COLS 7
#define UNCERTAIN_COLS 11
#define PROBLEMS_COLS 10
#define DECIDED_COLS 10
#define INFO_LINES 5

/* ---- the sessions themselves ----------------------------------------------- */

static void session_release(struct tui_session *ts)
{
	analyse_free(ts->an);	/* its threads read the session: first */
	free(ts->path);
	free(ts->error);
	review_free(ts->rv);
	triage_free(ts->triage);
	free(ts->state_path);
	free(ts->fallback_path);
	memset(ts, 0, sizeof(*ts));
}

static struct tui_session *find_session(struct app *a, const char *path)
{
	for (size_t i = 0; i < a->n_sess; i++)
		if (!strcmp(a->sess[i].path, path))
			return &a->sess[i];
	return NULL;
}

static void queue_load(struct app *a, size_t i)
{
	struct job j = { .kind = JOB_LOAD, .sess = i, .path = a->sess[i].path };

	a->sess[i].state = SESS_LOADING;
	worker_submit(a->worker, &j);
}

/* The new list from what the scan found, keeping what was read already. */
static void take_scan(struct app *a, struct scan_result *r)
{
	struct tui_session *list = xcalloc(r->n_files ? r->n_files : 1, sizeof(*list));

	for (size_t i = 0; i < r->n_files; i++) {
		struct tui_session *old = find_session(a, r->files[i]);

		if (old) {
			list[i] = *old;
			memset(old, 0, sizeof(*old));
		} else {
			list[i].path = xstrdup(r->files[i]);
		}
	}
	for (size_t i = 0; i < a->n_sess; i++)
		session_release(&a->sess[i]);
	free(a->sess);
	a->sess = list;
	a->n_sess = r->n_files;
}

void sessions_scan(struct app *a)
{
	struct scan_result r;
	const char *here = ".";

	if (a->view != VIEW_SESSIONS)
		return;
	scan_result_init(&r);
	if (a->n_paths)
		scan_paths((const char *const *)a->paths, a->n_paths, &r);
	else
		scan_paths(&here, 1, &r);
	take_scan(a, &r);
	for (size_t i = 0; i < a->n_sess; i++)
		if (a->sess[i].state == SESS_QUEUED)
			queue_load(a, i);
	if (r.n_problems)
		app_error(a, "%s%s", r.problems[0], r.n_problems > 1 ? " (and more)" : "");
	else if (!a->n_sess)
		app_message(a, "no AAF files found in %s", a->n_paths ? "the paths given" :
			    "this folder (turnover PATH... looks elsewhere)");
	if (a->sel_sess >= a->n_sess)
		a->sel_sess = a->n_sess ? a->n_sess - 1 : 0;
	scan_result_release(&r);
}

void sessions_free(struct app *a)
{
	for (size_t i = 0; i < a->n_sess; i++)
		session_release(&a->sess[i]);
	free(a->sess);
	a->sess = NULL;
	a->n_sess = 0;
}

/* Whether an earlier prep wrote the session's default output folder (or
 * the --out folder) with a report naming it. */
static bool was_prepped(const struct app *a, const struct tui_session *ts)
{
	char *dir = prepview_default_dir(ts->path);
	bool yes = prepview_prepped(ts->path, dir);

	free(dir);
	return yes || (a->pv.out_opt && prepview_prepped(ts->path, a->pv.out_opt));
}

void sessions_loaded(struct app *a, struct job_result *r)
{
	struct tui_session *ts = r->path ? find_session(a, r->path) : NULL;

	if (!ts || ts->state != SESS_LOADING)
		return;
	if (r->error) {
		ts->state = SESS_FAILED;
		ts->error = r->error;
		r->error = NULL;
		return;
	}
	ts->state = SESS_READY;
	ts->rv = r->rv;
	ts->triage = r->triage;
	ts->state_path = r->state_path;
	ts->fallback_path = r->fallback_path;
	r->rv = NULL;
	r->triage = NULL;
	r->state_path = NULL;
	r->fallback_path = NULL;
	ts->n_problems = review_count_all_problems(ts->rv);
	ts->prepped = was_prepped(a, ts);
	if (r->note)
		app_error(a, "%s", r->note);
}

void sessions_progress(const struct app *a, size_t *done, size_t *total)
{
	*done = 0;
	*total = a->n_sess;
	for (size_t i = 0; i < a->n_sess; i++)
		*done += a->sess[i].state == SESS_READY || a->sess[i].state == SESS_FAILED;
}

/* The turnover's folder cannot be written (a read-only delivery): the
 * decisions move to the fallback under $XDG_STATE_HOME, for good. */
static bool save_fallback(struct app *a, struct tui_session *ts)
{
	char *dir, buf[300];
	struct errbuf eb;
	enum err e;

	if (!ts->fallback_path)
		return false;
	dir = xstrdup(ts->fallback_path);
	*strrchr(dir, '/') = '\0';
	errbuf_init(&eb);
	e = savefile_mkdirs(dir, &eb);
	free(dir);
	if (e == ERR_OK)
		e = triage_save(ts->triage, ts->fallback_path, ts->path, &eb);
	if (e != ERR_OK)
		return false;
	free(ts->state_path);
	ts->state_path = ts->fallback_path;
	ts->fallback_path = NULL;
	app_message(a, "the turnover's folder cannot be written: decisions are kept in %s",
		    text_tilde(ts->state_path, buf, sizeof(buf)));
	return true;
}

bool sessions_save(struct app *a, struct tui_session *ts)
{
	struct errbuf eb;

	errbuf_init(&eb);
	if (triage_save(ts->triage, ts->state_path, ts->path, &eb) != ERR_OK) {
		if (save_fallback(a, ts))
			return true;
		app_error(a, "decisions NOT saved: %s", errbuf_msg(&eb));
		ts->save_failed = true;
		return false;
	}
	if (ts->save_failed)
		app_message(a, "decisions saved again to %s", ts->state_path);
	ts->save_failed = false;
	return true;
}

/* ---- the analysis ------------------------------------------------------------- */

int sessions_percent(const struct tui_session *ts)
{
	size_t done, total;

	if (ts->analysed)
		return 100;
	if (!ts->an)
		return 0;
	analyse_progress(ts->an, &done, &total);
	return total ? (int)(done * 100 / total) : 100;
}

static bool wants_analysis(const struct tui_session *ts)
{
	return ts->state == SESS_READY && !ts->an && !ts->analysed;
}

/* Starts the next analysis: the open session's first, one at a time
 * (each job has threads enough). */
static void start_next(struct app *a)
{
	struct tui_session *ts = app_open_session(a);
	struct errbuf eb;

	if (!ts || !wants_analysis(ts))
		for (size_t i = 0; i < a->n_sess && (!ts || !wants_analysis(ts)); i++)
			ts = &a->sess[i];
	if (!ts || !wants_analysis(ts))
		return;
	errbuf_init(&eb);
	ts->an = analyse_new(ts->rv, a->model, &a->ao, &eb);
	if (!ts->an) {
		ts->analysed = true;	/* not again */
		app_error(a, "no analysis of %s: %s", ts->path, errbuf_msg(&eb));
	}
}

/* Takes what the analysis of ts finished; true when something changed. */
static bool poll_one(struct app *a, struct tui_session *ts)
{
	if (!analyse_poll(ts->an, ts->rv))
		return false;
	ts->n_problems = review_count_all_problems(ts->rv);
	if (analyse_finished(ts->an)) {
		ts->analysed = true;
		if (analyse_failed(ts->an) && !a->msg[0])	/* no hiding a message */
			app_message(a, "%zu clip%s of %s could not be analysed (see their problems)",
				    analyse_failed(ts->an), analyse_failed(ts->an) == 1 ? "" : "s",
				    ts->path);
	}
	return true;
}

bool sessions_poll_analysis(struct app *a)
{
	bool running = false;

	if (!a->model)
		return false;
	for (size_t i = 0; i < a->n_sess; i++) {
		struct tui_session *ts = &a->sess[i];

		if (!ts->an || ts->analysed)
			continue;
		if (poll_one(a, ts) && app_open_session(a) == ts && a->view != VIEW_SESSIONS)
			cliplist_rebuild(a);
		running |= !ts->analysed;
	}
	if (!running)
		start_next(a);
	for (size_t i = 0; i < a->n_sess; i++)
		running |= (a->sess[i].an && !a->sess[i].analysed) || wants_analysis(&a->sess[i]);
	return running;
}

/* ---- drawing ----------------------------------------------------------------- */

static size_t count_uncertain(const struct tui_session *ts, double threshold, bool *any)
{
	size_t n = 0;

	*any = false;
	for (size_t i = 0; i < ts->rv->n_clips; i++) {
		*any |= ts->rv->clips[i].analysis.done;
		n += review_uncertain(&ts->rv->clips[i], threshold);
	}
	return n;
}

static void draw_counts(struct app *a, int y, int x, const struct tui_session *ts, attr_t at)
{
	bool analysed;
	size_t unc = count_uncertain(ts, a->cl.threshold, &analysed);
	size_t clips = ts->rv->n_clips;
	char buf[48];

	text_putf(stdscr, y, x, CLIPS_COLS, at, "%*zu", CLIPS_COLS, clips);
	x += CLIPS_COLS;
	if (analysed)
		snprintf(buf, sizeof(buf), "%zu", unc);
	text_putf(stdscr, y, x + UNCERTAIN_COLS - 1 - (analysed ? (int)strlen(buf) - 1 : 0),
		  UNCERTAIN_COLS, at ? at : a->attr[analysed ? THEME_NORMAL : THEME_DIM], "%s",
		  analysed ? buf : text_glyphs()->dash);
	x += UNCERTAIN_COLS;
	text_putf(stdscr, y, x, PROBLEMS_COLS,
		  at ? at : a->attr[ts->n_problems ? THEME_CLIP_FLAGGED : THEME_NORMAL], "%*zu",
		  PROBLEMS_COLS, ts->n_problems);
	x += PROBLEMS_COLS;
	snprintf(buf, sizeof(buf), "%zu/%zu", triage_count_decided(ts->triage), clips);
	text_putf(stdscr, y, x, DECIDED_COLS, at, "%*s", DECIDED_COLS, buf);
}

static const char *state_name(const struct tui_session *ts, char *buf, size_t n)
{
	switch (ts->state) {
	case SESS_QUEUED: return "queued";
	case SESS_LOADING: return "reading";
	case SESS_FAILED: return "unreadable";
	case SESS_READY: break;
	}
	if (ts->prepped && (ts->analysed || !ts->an))
		return "prepped";
	if (ts->analysed)
		return "ready";
	if (!ts->an)
		return "new";
	snprintf(buf, n, "analysing %d%%", sessions_percent(ts));
	return buf;
}

/* Columns of the path, and where it starts. */
static int path_col(void)
{
	return 2 + STATE_COLS + CLIPS_COLS + UNCERTAIN_COLS + PROBLEMS_COLS + DECIDED_COLS + 2;
}

static void draw_session(struct app *a, int y, size_t i)
{
	const struct tui_session *ts = &a->sess[i];
	attr_t sel = i == a->sel_sess ? a->attr[THEME_CLIP_SELECTED] : 0;
	attr_t normal = sel ? sel : a->attr[THEME_NORMAL];
	int px = path_col();
	char state[32];

	text_fill(stdscr, y, 0, COLS, normal);
	text_put(stdscr, y, 2, state_name(ts, state, sizeof(state)), STATE_COLS, 0,
		 sel ? sel : ts->state == SESS_FAILED ? a->attr[THEME_ERROR] :
		 ts->state == SESS_READY ? a->attr[THEME_NORMAL] : a->attr[THEME_DIM]);
	if (ts->state == SESS_READY)
		draw_counts(a, y, 2 + STATE_COLS, ts, sel);
	if (COLS > px + 4)
		text_put_tail(stdscr, y, px, ts->path, COLS - px - 1, normal);
}

static void draw_header(struct app *a)
{
	text_fill(stdscr, 1, 0, COLS, a->attr[THEME_HEADER]);
	text_putf(stdscr, 1, 2, COLS - 2, a->attr[THEME_HEADER], "%-*s%*s%*s%*s%*s", STATE_COLS,
		  "STATUS", CLIPS_COLS, "CLIPS", UNCERTAIN_COLS, "UNCERTAIN", PROBLEMS_COLS,
		  "PROBLEMS", DECIDED_COLS, "DECIDED");
	text_put(stdscr, 1, path_col(), "TURNOVER", COLS - path_col(), 0, a->attr[THEME_HEADER]);
}

static void info_line(struct app *a, int *y, const char *label, const char *text, attr_t at)
{
	text_put(stdscr, *y, 2, label, 12, 12, a->attr[THEME_HEADER] & ~A_COLOR);
	text_put(stdscr, *y, 14, text, COLS - 15, 0, at);
	(*y)++;
}

static void draw_info(struct app *a, int y)
{
	const struct tui_session *ts = &a->sess[a->sel_sess];
	const struct session *s;
	char buf[512], home[300];

	info_line(a, &y, "File", ts->path, a->attr[THEME_NORMAL]);
	if (ts->state == SESS_FAILED) {
		info_line(a, &y, "Error", ts->error, a->attr[THEME_ERROR]);
		return;
	}
	if (ts->state != SESS_READY)
		return;
	s = ts->rv->session;
	snprintf(buf, sizeof(buf), "\"%s\"  %s%s%s", s->composition_name ? s->composition_name : "",
		 s->product ? s->product : "", s->product_version ? " " : "",
		 s->product_version ? s->product_version : "");
	info_line(a, &y, "Sequence", buf, a->attr[THEME_NORMAL]);
	snprintf(buf, sizeof(buf), "%zu audio tracks, %zu clips, %zu media files, %d Hz, %d fps%s",
		 session_audio_tracks(s), ts->rv->n_clips, s->n_media, s->sample_rate, s->tc_fps,
		 s->drop_frame ? " drop-frame" : "");
	info_line(a, &y, "Contents", buf, a->attr[THEME_NORMAL]);
	snprintf(buf, sizeof(buf), "%zu decided, %zu marked for later: %s",
		 triage_count_decided(ts->triage), triage_count_marked(ts->triage),
		 text_tilde(ts->state_path, home, sizeof(home)));
	info_line(a, &y, "Decisions", buf, a->attr[THEME_DIM]);
}

void sessions_draw(struct app *a)
{
	int lines = app_list_lines(a) - 1;
	bool info = lines >= INFO_LINES + 4 && a->n_sess;

	draw_header(a);
	if (info)
		lines -= INFO_LINES;
	if (a->sel_sess < a->top_sess)
		a->top_sess = a->sel_sess;
	if (a->sel_sess >= a->top_sess + (size_t)lines)
		a->top_sess = a->sel_sess - (size_t)lines + 1;
	for (int k = 0; k < lines && a->top_sess + (size_t)k < a->n_sess; k++)
		draw_session(a, 2 + k, a->top_sess + (size_t)k);
	if (!a->n_sess)
		text_put(stdscr, 3, 2, "No turnovers here.  Give folders or AAF files: turnover PATH...",
			 COLS - 3, 0, a->attr[THEME_DIM]);
	if (info)
		draw_info(a, 2 + lines + 1);
}

/* ---- actions ------------------------------------------------------------------ */

static void open_selected(struct app *a)
{
	struct tui_session *ts;

	if (a->sel_sess >= a->n_sess)
		return;
	ts = &a->sess[a->sel_sess];
	if (ts->state == SESS_FAILED) {
		app_error(a, "%s: %s", ts->path, ts->error);
		return;
	}
	if (ts->state != SESS_READY) {
		app_message(a, "still reading %s", ts->path);
		return;
	}
	cliplist_open(a, a->sel_sess);
	a->view = VIEW_CLIPS;
	a->msg[0] = '\0';
}

static void move_sel(struct app *a, long delta)
{
	long to = (long)a->sel_sess + delta;

	if (!a->n_sess)
		return;
	a->sel_sess = to < 0 ? 0 : (size_t)to >= a->n_sess ? a->n_sess - 1 : (size_t)to;
}

bool sessions_action(struct app *a, enum action act)
{
	long page = app_list_lines(a) - 1 - INFO_LINES;

	switch (act) {
	case ACTION_OPEN: open_selected(a); break;
	case ACTION_RESCAN: sessions_scan(a); app_message(a, "%zu turnovers", a->n_sess); break;
	case ACTION_UP: move_sel(a, -1); break;
	case ACTION_DOWN: move_sel(a, 1); break;
	case ACTION_PAGE_UP: move_sel(a, -(page > 1 ? page : 1)); break;
	case ACTION_PAGE_DOWN: move_sel(a, page > 1 ? page : 1); break;
	case ACTION_TOP: a->sel_sess = 0; break;
	case ACTION_BOTTOM: move_sel(a, (long)a->n_sess); break;
	default: return false;
	}
	return true;
}

/* prepview.c: the prep screen and its run (see prepview.h). */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "json.h"
#include "tui/cliplist.h"
#include "tui/preprun.h"
#include "tui/prepview.h"
#include "tui/text.h"
#include "utf8.h"
#include "xalloc.h"

#define LABEL_COLS 13
#define TRACK_CELL 20
#define REPORT_MAX (64 << 20)

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* ---- the default folder and "prepped" ---------------------------------------- */

char *prepview_default_dir(const char *aaf)
{
	char *abs = realpath(aaf, NULL), *dir, *slash, *out;
	const char *name = base_name(aaf);
	size_t stem = strlen(name);

	if (stem > 4 && !strcasecmp(name + stem - 4, ".aaf"))
		stem -= 4;
	dir = abs ? abs : xstrdup(aaf);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';	/* the AAF's folder */
	slash = strrchr(dir, '/');
	if (slash)
		slash[slash == dir] = '\0';	/* its parent ("/" stays) */
	out = !slash ? xasprintf("../%.*s-prep", (int)stem, name) :
	      xasprintf("%s%s%.*s-prep", dir, strcmp(dir, "/") ? "/" : "", (int)stem, name);
	free(dir);
	return out;
}

/* The file at path, whole (at most REPORT_MAX bytes); NULL when it cannot
 * be read. */
static char *read_small(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n <= REPORT_MAX &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = xmalloc((size_t)n + 1);
		*len = fread(buf, 1, (size_t)n, f);
		buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

bool prepview_prepped(const char *aaf, const char *dir)
{
	char *path = xasprintf("%s/report.json", dir);
	size_t len = 0;
	char *text = read_small(path, &len);
	struct json_value *v = NULL;
	const char *input;
	bool yes = false;

	free(path);
	if (text && json_parse(text, len, &v, NULL) == ERR_OK) {
		input = json_as_string(json_get(v, "input"));
		yes = input && !strcmp(input, base_name(aaf));
	}
	json_free(v);
	free(text);
	return yes;
}

/* ---- opening ------------------------------------------------------------------- */

static void set_str(char **dst, char *src)
{
	free(*dst);
	*dst = src;
}

/* The session of the screen, or NULL with the reason said. */
static struct tui_session *pick_session(struct app *a)
{
	if (a->view == VIEW_SESSIONS) {
		if (a->sel_sess >= a->n_sess || a->sess[a->sel_sess].state != SESS_READY) {
			app_message(a, "select a session that has been read first");
			return NULL;
		}
		cliplist_open(a, a->sel_sess);
	}
	return app_open_session(a);
}

void prepview_open(struct app *a)
{
	struct prep_view *pv = &a->pv;
	struct tui_session *ts = pick_session(a);

	if (!ts)
		return;
	if (!a->tmpl) {
		app_error(a, "prep needs a template (--template NAME or FILE)");
		return;
	}
	if (!a->model) {
		app_error(a, "prep needs the analysis, which is off (--no-analysis or no model)");
		return;
	}
	if (pv->sess != a->open || !pv->out_dir)
		set_str(&pv->out_dir, pv->out_opt ? xstrdup(pv->out_opt) :
				      prepview_default_dir(ts->path));
	if (pv->sess != a->open || !pv->run) {
		set_str(&pv->error, NULL);
		set_str(&pv->done, NULL);
		pv->ask_force = false;
	}
	pv->sess = a->open;
	pv->open = true;
	pv->editing = false;
	a->msg[0] = '\0';
}

/* ---- running ------------------------------------------------------------------- */

/* The decisions prep is to read: the file the browser saves to, when it
 * exists (else prep finds none, as the browser did). */
static const char *decisions_file(const struct tui_session *ts)
{
	struct stat st;

	return ts->state_path && stat(ts->state_path, &st) == 0 ? ts->state_path : NULL;
}

static void start_run(struct app *a, bool force)
{
	struct prep_view *pv = &a->pv;
	struct tui_session *ts = &a->sess[pv->sess];
	struct prep_options o;
	struct errbuf eb;

	if (pv->run) {
		app_message(a, "prep is running already");
		return;
	}
	prep_options_init(&o);
	o.aaf = ts->path;
	o.template_path = a->tmpl->file;
	o.out_dir = pv->out_dir;
	o.decisions = decisions_file(ts);
	o.force = force;
	o.jobs = a->ao.jobs;
	o.cache_dir = a->cache_dir;
	o.model = a->model;
	errbuf_init(&eb);
	set_str(&pv->error, NULL);
	set_str(&pv->done, NULL);
	pv->ask_force = false;
	pv->run = preprun_new(&o, &eb);
	pv->run_sess = pv->sess;
	if (!pv->run)
		set_str(&pv->error, xstrdup(errbuf_msg(&eb)));
	else
		a->analysing = true;
}

static void run_ended(struct app *a, enum err e, const struct prep_summary *sum,
		      const struct errbuf *eb)
{
	struct prep_view *pv = &a->pv;
	struct tui_session *ts = &a->sess[pv->run_sess];

	if (e == ERR_OK) {
		ts->prepped = true;
		set_str(&pv->done, xasprintf("%s: %zu clips, %zu to review, %zu fixes, "
					     "%zu media file%s missing", pv->out_dir, sum->clips,
					     sum->review, sum->fixes, sum->missing_media,
					     sum->missing_media == 1 ? "" : "s"));
		app_message(a, "prepped %s into %s", base_name(ts->path), pv->done);
		return;
	}
	pv->ask_force = e == ERR_EXISTS;
	set_str(&pv->error, xstrdup(errbuf_msg(eb)));
	app_error(a, "prep of %s failed: %s%s", base_name(ts->path), errbuf_msg(eb),
		  pv->ask_force ? (pv->open ? " (F replaces it)" : " (W, then F replaces it)") : "");
}

bool prepview_poll(struct app *a)
{
	struct prep_view *pv = &a->pv;
	struct prep_summary sum;
	struct errbuf eb;
	enum err e;

	if (!pv->run)
		return false;
	if (!preprun_result(pv->run, &e, &sum, &eb))
		return true;
	preprun_free(pv->run);
	pv->run = NULL;
	run_ended(a, e, &sum, &eb);
	prep_summary_release(&sum);
	return false;
}

void prepview_status(struct app *a, char *buf, size_t n)
{
	struct preprun_status st;

	buf[0] = '\0';
	if (!a->pv.run)
		return;
	preprun_status(a->pv.run, &st);
	if (!st.started)
		snprintf(buf, n, "prep: starting");
	else if (st.stage == PREP_STAGE_ANALYSE && st.total)
		snprintf(buf, n, "prep: analysing %zu clips (%zu cached)", st.total, st.done);
	else
		snprintf(buf, n, "prep: %s", prep_stage_name(st.stage));
}

void prepview_release(struct app *a)
{
	preprun_free(a->pv.run);
	a->pv.run = NULL;
	set_str(&a->pv.out_dir, NULL);
	set_str(&a->pv.error, NULL);
	set_str(&a->pv.done, NULL);
}

/* ---- keys ---------------------------------------------------------------------- */

static void edit_key(struct app *a, int key)
{
	struct prep_view *pv = &a->pv;
	char u[UTF8_MAX];
	size_t n;

	if (key == KEYCODE_ESCAPE) {
		pv->editing = false;
	} else if (key == KEYCODE_ENTER) {
		pv->editing = false;
		if (pv->edit_len)
			set_str(&pv->out_dir, xstrdup(pv->edit));
		pv->ask_force = false;
	} else if (key == KEYCODE_BACKSPACE) {
		while (pv->edit_len > 0 && ((unsigned char)pv->edit[--pv->edit_len] & 0xC0) == 0x80)
			;
		pv->edit[pv->edit_len] = '\0';
	} else if (key > 0x1F && key < KEYCODE_SPECIAL) {
		n = utf8_encode((uint32_t)key, u);
		if (pv->edit_len + n < sizeof(pv->edit)) {
			memcpy(pv->edit + pv->edit_len, u, n);
			pv->edit_len += n;
			pv->edit[pv->edit_len] = '\0';
		}
	}
}

void prepview_key(struct app *a, int key)
{
	struct prep_view *pv = &a->pv;

	if (pv->editing) {
		edit_key(a, key);
		return;
	}
	if (key == KEYCODE_ESCAPE || key == 'q') {
		pv->open = false;
		if (pv->run)
			app_message(a, "prep goes on: the status line shows it, the message line its end");
	} else if (key == KEYCODE_ENTER) {
		start_run(a, false);
	} else if (key == 'F' && pv->ask_force) {
		start_run(a, true);
	} else if (key == 'e' && !pv->run) {
		pv->editing = true;
		pv->edit_len = (size_t)snprintf(pv->edit, sizeof(pv->edit), "%s", pv->out_dir);
		if (pv->edit_len >= sizeof(pv->edit))
			pv->edit_len = sizeof(pv->edit) - 1;
	} else {
		app_message(a, "Enter writes the folder, e edits it, Escape goes back");
	}
}

/* ---- drawing ------------------------------------------------------------------- */

static void label(struct app *a, int y, const char *text)
{
	text_put(stdscr, y, 2, text, LABEL_COLS - 2, 0, a->attr[THEME_HEADER]);
}

static void line(struct app *a, int y, const char *name, const char *value, enum theme_slot slot)
{
	label(a, y, name);
	text_put(stdscr, y, LABEL_COLS, value, COLS - LABEL_COLS - 1, 0, a->attr[slot]);
}

static void draw_folder(struct app *a, int y)
{
	struct prep_view *pv = &a->pv;
	struct stat st;
	const char *state = stat(pv->out_dir, &st) != 0 ? "(new)" :
			    S_ISDIR(st.st_mode) ? "(exists)" : "(exists, not a folder)";
	int x;

	label(a, y, "Folder");
	if (pv->editing) {
		x = LABEL_COLS + text_put(stdscr, y, LABEL_COLS, pv->edit, COLS - LABEL_COLS - 2, 0,
					  a->attr[THEME_NORMAL]);
		text_put(stdscr, y, x, " ", 1, 0, a->attr[THEME_NORMAL] | A_REVERSE);
		return;
	}
	x = LABEL_COLS + text_put_tail(stdscr, y, LABEL_COLS, pv->out_dir, COLS - LABEL_COLS - 12,
				       a->attr[THEME_NORMAL]);
	text_put(stdscr, y, x + 1, state, COLS - x - 2, 0, a->attr[THEME_DIM]);
}

/* Fixes proposed, and how many of them were accepted and rejected. */
static void fix_counts(const struct tui_session *ts, size_t *n, size_t *yes, size_t *no)
{
	struct review_fix *v = NULL;

	*n = review_list_fixes(ts->rv, &v);
	*yes = *no = 0;
	for (size_t i = 0; i < *n; i++) {
		enum triage_fix d = triage_get_fix(ts->triage, v[i].key);

		*yes += d == TRIAGE_FIX_ACCEPTED;
		*no += d == TRIAGE_FIX_REJECTED;
	}
	review_fixes_free(v, *n);
}

/* Media files prep reports missing, their names after ": ". */
static size_t missing_media(const struct session *s, char *buf, size_t n)
{
	size_t count = 0, used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < s->n_media; i++) {
		const struct media *m = &s->media[i];

		if (m->status == MEDIA_STATUS_OK || m->embedded)
			continue;
		if (used < n)
			used += (size_t)snprintf(buf + used, n - used, "%s%s", count ? ", " : ": ",
						 m->name ? m->name : m->id);
		count++;
	}
	return count;
}

static void draw_summary(struct app *a, int y)
{
	const struct tui_session *ts = &a->sess[a->pv.sess];
	char buf[600], names[400];
	size_t nf, yes, no, miss = missing_media(ts->rv->session, names, sizeof(names));

	snprintf(buf, sizeof(buf), "%s  (%s)", a->tmpl->name, base_name(a->tmpl->file));
	line(a, y, "Template", buf, THEME_NORMAL);
	snprintf(buf, sizeof(buf), "%zu of %zu clips decided%s", triage_count_decided(ts->triage),
		 ts->rv->n_clips, ts->analysed ? "" : "  (the analysis is not finished)");
	line(a, y + 1, "Decisions", buf, ts->analysed ? THEME_NORMAL : THEME_UNCERTAIN);
	snprintf(buf, sizeof(buf), "%zu clip%s", a->plan.review, a->plan.review == 1 ? "" : "s");
	line(a, y + 2, "To review", buf, a->plan.review ? THEME_UNCERTAIN : THEME_NORMAL);
	fix_counts(ts, &nf, &yes, &no);
	snprintf(buf, sizeof(buf), "%zu proposed: %zu accepted, %zu rejected, %zu not decided", nf,
		 yes, no, nf - yes - no);
	line(a, y + 3, "Fixes", buf, THEME_NORMAL);
	snprintf(buf, sizeof(buf), "%zu file%s%s", miss, miss == 1 ? "" : "s", names);
	line(a, y + 4, "Missing", buf, miss ? THEME_CLIP_FLAGGED : THEME_NORMAL);
}

/* "DIA 1  6" for each track that gets clips, in columns; returns lines. */
static int draw_tracks(struct app *a, int y, int max)
{
	const struct mapping *m = &a->plan.map;
	int per_line = (COLS - LABEL_COLS - 1) / TRACK_CELL, k = 0;

	label(a, y, "Tracks");
	if (per_line < 1)
		per_line = 1;
	for (size_t t = 0; t < m->n_tracks; t++) {
		int row = k / per_line, col = k % per_line;

		if (!m->tracks[t].n_clips)
			continue;
		if (row >= max) {
			text_put(stdscr, y + max - 1, COLS - 5, text_glyphs()->ellipsis, 3, 0,
				 a->attr[THEME_DIM]);
			break;
		}
		text_putf(stdscr, y + row, LABEL_COLS + col * TRACK_CELL, TRACK_CELL - 1,
			  a->attr[m->tracks[t].tmpl == a->tmpl->review ? THEME_UNCERTAIN :
				  THEME_NORMAL], "%-13s %4zu", m->tracks[t].name, m->tracks[t].n_clips);
		k++;
	}
	if (!k)
		text_put(stdscr, y, LABEL_COLS, "no clips", 20, 0, a->attr[THEME_DIM]);
	return k ? (k + per_line - 1) / per_line : 1;
}

static void draw_outcome(struct app *a, int y)
{
	struct prep_view *pv = &a->pv;
	char buf[200];

	if (pv->run) {
		prepview_status(a, buf, sizeof(buf));
		line(a, y, "Running", buf + 6, THEME_NORMAL);
	} else if (pv->error) {
		text_put_wrapped(stdscr, y, 2, pv->error, COLS - 3, 2, a->attr[THEME_ERROR]);
	} else if (pv->done) {
		line(a, y, "Written", pv->done, THEME_NORMAL);
	}
}

static void draw_keys(struct app *a, int y)
{
	struct prep_view *pv = &a->pv;
	const char *keys = pv->editing ? "Enter takes the folder   Escape leaves it as it was" :
			   pv->run ? "Escape goes back (prep goes on)" :
			   pv->ask_force ? "F replaces the folder (its content is lost)   "
					   "e edits the folder   Escape goes back" :
			   "Enter writes the folder   e edits the folder   Escape goes back";

	text_put(stdscr, y, 2, keys, COLS - 3, 0, a->attr[pv->ask_force ? THEME_ERROR : THEME_DIM]);
}

void prepview_draw(struct app *a)
{
	int bottom = 1 + app_list_lines(a), y = 2;

	if (a->pv.sess >= a->n_sess || !a->sess[a->pv.sess].rv || !a->tmpl)
		return;
	draw_folder(a, y);
	draw_summary(a, y + 1);
	y += 7;
	y += draw_tracks(a, y, bottom - y - 5 > 1 ? bottom - y - 5 : 1) + 1;
	draw_outcome(a, y);
	draw_keys(a, bottom - 1);
}

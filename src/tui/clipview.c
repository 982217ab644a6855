/* clipview.c: the clip list on screen. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "timecode.h"
#include "tui/cliplist.h"
#include "tui/clipview.h"
#include "tui/text.h"

#define TC_COLS 11
#define TRACK_COLS 4
#define CLASS_COLS 10
#define CONF_COLS 11
#define FLAG_COLS 4
#define BAR_CELLS 5
/* columns the list needs besides the name (and the source, when wide) */
#define FIXED_COLS (1 + TC_COLS + 1 + TRACK_COLS + 1 + 1 + CLASS_COLS + 1 + CONF_COLS + 1 + FLAG_COLS)
#define WIDE_COLS 110
/* the planned track ("→ DIA 2"), when a template is loaded and the
 * screen is at least PLAN_MIN wide (the name keeps 20 columns at 80) */
#define PLAN_COLS 10
#define PLAN_MIN 72

void clipview_timecode(const struct session *s, int64_t samples, char *buf, size_t n)
{
	struct timecode_fmt f = { timecode_fps_for_rate(s->edit_rate), s->drop_frame };

	timecode_format_samples(f, s->edit_rate, samples, s->sample_rate, buf, n);
}

static attr_t class_attr(const struct app *a, enum clip_class c)
{
	static const enum theme_slot slots[CLIP_CLASS_COUNT] = {
		THEME_DIALOGUE, THEME_MUSIC, THEME_SFX
	};

	return (unsigned)c < CLIP_CLASS_COUNT ? a->attr[slots[c]] : a->attr[THEME_DIM];
}

void clipview_class(struct app *a, int y, int x, int w, size_t i, attr_t sel)
{
	const struct glyphs *g = text_glyphs();
	bool human;
	enum clip_class c = cliplist_class(a, i, &human);
	attr_t at = sel ? sel : class_attr(a, c);

	if (c == CLIP_CLASS_COUNT) {
		text_put(stdscr, y, x, g->dash, w, w, sel ? sel : a->attr[THEME_DIM]);
		return;
	}
	if (human) {
		text_put(stdscr, y, x, g->human, 1, 2, sel ? sel : a->attr[THEME_HUMAN]);
		text_put(stdscr, y, x + 2, clip_class_name(c), w - 2, w - 2,
			 at | (sel ? 0 : a->attr[THEME_HUMAN] & A_ATTRIBUTES & ~A_COLOR));
	} else {
		text_put(stdscr, y, x, clip_class_name(c), w, w, at);
	}
}

void clipview_confidence(struct app *a, int y, int x, size_t i, attr_t sel)
{
	const struct review_clip *rc = &a->sess[a->open].rv->clips[i];
	const struct glyphs *g = text_glyphs();
	int full;

	if (!rc->analysis.done) {
		text_put(stdscr, y, x, g->dash, CONF_COLS, CONF_COLS, sel ? sel : a->attr[THEME_DIM]);
		return;
	}
	full = (int)lround(rc->analysis.confidence * BAR_CELLS);
	text_putf(stdscr, y, x, 5, sel ? sel : rc->analysis.confidence < a->cl.threshold ?
		  a->attr[THEME_UNCERTAIN] : a->attr[THEME_NORMAL], "%.2f ", rc->analysis.confidence);
	for (int k = 0; k < BAR_CELLS; k++)
		text_put(stdscr, y, x + 5 + k, k < full ? g->bar_full : g->bar_empty, 1, 1,
			 sel ? sel : a->attr[k < full ? THEME_BAR : THEME_BAR_EMPTY]);
	text_fill(stdscr, y, x + 5 + BAR_CELLS, CONF_COLS - 5 - BAR_CELLS, sel ? sel : 0);
}

void clipview_flags(const struct app *a, size_t i, char buf[5])
{
	const struct review_clip *rc = &a->sess[a->open].rv->clips[i];
	unsigned media = REVIEW_PROBLEM_MISSING | REVIEW_PROBLEM_UNREADABLE |
			 REVIEW_PROBLEM_NO_SOURCE;

	buf[0] = rc->analysis.flags & CLIP_FLAG_SPLIT_PAIR ? 'S' : '.';
	buf[1] = rc->analysis.flags & CLIP_FLAG_DUAL_MONO ? 'D' : '.';
	buf[2] = rc->problems & media ? 'M' : '.';
	buf[3] = (rc->problems & ~media) || rc->analysis.problems ? '!' : '.';
	buf[4] = '\0';
}

static void draw_flags(struct app *a, int y, int x, size_t i, attr_t sel)
{
	char f[5];

	clipview_flags(a, i, f);
	for (int k = 0; k < 4; k++)
		text_putf(stdscr, y, x + k, 1, sel ? sel : f[k] == '.' ? a->attr[THEME_DIM] :
			  a->attr[THEME_CLIP_FLAGGED], "%c", f[k]);
}

/* Columns of the planned track; 0 when not shown. */
static int plan_width(const struct app *a)
{
	return a->plan.n && COLS >= PLAN_MIN ? PLAN_COLS : 0;
}

/* Columns of the name and, on a wide screen, of the source. */
static void name_widths(const struct app *a, int *name, int *source)
{
	int plan = plan_width(a);
	int rest = COLS - FIXED_COLS - (plan ? plan + 1 : 0);

	*source = COLS >= WIDE_COLS ? rest / 2 - 1 : 0;
	*name = rest - (*source ? *source + 1 : 0);
	if (*name < 6)
		*name = 6;
}

static const char *source_name(const struct session *s, const struct clip *c)
{
	int m = c->channels > 0 ? c->sources[0].media : -1;

	return m >= 0 && (size_t)m < s->n_media && s->media[m].name ? s->media[m].name : "";
}

/* "→ DIA 2" (the review track in the uncertain colour). */
static void draw_plan(struct app *a, int y, int x, size_t i, attr_t sel)
{
	const char *name = cliplist_plan_track(a, i);
	bool review = a->plan.track[i] < a->plan.map.n_tracks &&
		      a->plan.map.tracks[a->plan.track[i]].tmpl == a->tmpl->review;

	text_put(stdscr, y, x, text_glyphs()->right, 1, 2, sel ? sel : a->attr[THEME_DIM]);
	text_put(stdscr, y, x + 2, name ? name : "", PLAN_COLS - 2, PLAN_COLS - 2,
		 sel ? sel : a->attr[review ? THEME_UNCERTAIN : THEME_NORMAL]);
}

static void draw_row(struct app *a, int y, size_t row)
{
	struct tui_session *ts = &a->sess[a->open];
	size_t i = a->cl.rows[row];
	const struct clip *c = review_clip(ts->rv, i);
	bool marked = triage_get(ts->triage, ts->rv->clips[i].key).marked;
	attr_t sel = row == a->cl.sel ? a->attr[THEME_CLIP_SELECTED] : 0;
	attr_t normal = sel ? sel : a->attr[THEME_NORMAL];
	int name_w, src_w, x = 0;
	char tc[TIMECODE_BUFSZ];

	name_widths(a, &name_w, &src_w);
	text_fill(stdscr, y, 0, COLS, normal);
	text_put(stdscr, y, x, marked ? "*" : " ", 1, 1, sel ? sel : a->attr[THEME_CLIP_MARKED]);
	clipview_timecode(ts->rv->session, c->start, tc, sizeof(tc));
	x += 1 + text_put(stdscr, y, x + 1, tc, TC_COLS, TC_COLS + 1, normal);
	x += text_putf(stdscr, y, x, TRACK_COLS, normal, "A%d", review_track(ts->rv, i)->index);
	x = 1 + TC_COLS + 1 + TRACK_COLS + 1;
	x += text_put(stdscr, y, x, c->name && *c->name ? c->name : "(unnamed)", name_w, name_w + 1,
		      normal);
	if (src_w)
		x += text_put(stdscr, y, x, source_name(ts->rv->session, c), src_w, src_w + 1,
			      sel ? sel : a->attr[THEME_DIM]);
	clipview_class(a, y, x, CLASS_COLS, i, sel);
	clipview_confidence(a, y, x + CLASS_COLS + 1, i, sel);
	draw_flags(a, y, x + CLASS_COLS + 1 + CONF_COLS + 1, i, sel);
	if (plan_width(a))
		draw_plan(a, y, x + CLASS_COLS + 1 + CONF_COLS + 1 + FLAG_COLS + 1, i, sel);
}

static void header_cell(struct app *a, int *x, const char *label, enum sort_col col, int w)
{
	const struct glyphs *g = text_glyphs();
	char buf[64];

	snprintf(buf, sizeof(buf), "%s%s", label,
		 a->cl.sort != col ? "" : a->cl.reverse ? g->down : g->up);
	text_put(stdscr, 1, *x, buf, w, w + 1, a->attr[THEME_HEADER]);
	*x += w + 1;
}

static void draw_header(struct app *a)
{
	int name_w, src_w, x = 1;

	name_widths(a, &name_w, &src_w);
	text_fill(stdscr, 1, 0, COLS, a->attr[THEME_HEADER]);
	header_cell(a, &x, "TC IN ", SORT_TIMECODE, TC_COLS);
	header_cell(a, &x, "TRK", SORT_TRACK, TRACK_COLS);
	header_cell(a, &x, "CLIP ", SORT_NAME, name_w);
	if (src_w) {
		text_put(stdscr, 1, x, "SOURCE", src_w, src_w + 1, a->attr[THEME_HEADER]);
		x += src_w + 1;
	}
	header_cell(a, &x, "CLASS ", SORT_CLASS, CLASS_COLS);
	header_cell(a, &x, "CONF ", SORT_CONFIDENCE, CONF_COLS);
	header_cell(a, &x, "FLAG", SORT_FLAGS, FLAG_COLS);
	if (plan_width(a))
		text_put(stdscr, 1, x, "TRACK", PLAN_COLS, PLAN_COLS, a->attr[THEME_HEADER]);
}

static void draw_empty(struct app *a, int lines)
{
	const struct review *rv = a->sess[a->open].rv;
	const char *why = !rv->n_clips ? "This turnover has no audio clips." :
			  a->cl.filter_uncertain && !rv->clips[0].analysis.done ?
			  "No clip matches: the clips are not analysed yet (F shows all)." :
			  "No clip matches the filter (F shows all).";
	int w = text_width(why);

	text_put(stdscr, 2 + lines / 3, w < COLS ? (COLS - w) / 2 : 0, why, COLS, 0,
		 a->attr[THEME_DIM]);
}

void clipview_draw(struct app *a)
{
	int lines = app_list_lines(a) - 1;

	draw_header(a);
	cliplist_scroll(a, lines);
	if (!a->cl.n_rows) {
		draw_empty(a, lines);
		return;
	}
	for (int k = 0; k < lines && a->cl.top + (size_t)k < a->cl.n_rows; k++)
		draw_row(a, 2 + k, a->cl.top + (size_t)k);
}

/* cliplist.c: the clip list's rows: filters, sort, selection, search. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/cliplist.h"
#include "utf8.h"
#include "xalloc.h"

static const char *const sort_names[SORT_COL_COUNT] = {
	"timecode", "track", "name", "class", "confidence", "flags"
};

const char *cliplist_sort_name(enum sort_col c)
{
	return (unsigned)c < SORT_COL_COUNT ? sort_names[c] : "";
}

static struct review *open_review(const struct app *a)
{
	return a->open < a->n_sess ? a->sess[a->open].rv : NULL;
}

enum clip_class cliplist_class(const struct app *a, size_t i, bool *human)
{
	const struct tui_session *ts = &a->sess[a->open];
	const struct review_clip *rc = &ts->rv->clips[i];
	struct triage_decision d = triage_get(ts->triage, rc->key);

	*human = d.cls != CLIP_CLASS_COUNT;
	if (*human)
		return d.cls;
	return rc->analysis.done ? rc->analysis.cls : CLIP_CLASS_COUNT;
}

bool cliplist_needs_decision(const struct app *a, size_t i)
{
	const struct review_clip *rc = &a->sess[a->open].rv->clips[i];
	bool human;

	cliplist_class(a, i, &human);
	return !human && (!rc->analysis.done || rc->analysis.confidence < a->cl.threshold);
}

void cliplist_plan(struct app *a)
{
	struct review *rv = open_review(a);

	plan_release(&a->plan);
	if (a->tmpl && rv)
		plan_make(a->tmpl, rv, a->sess[a->open].triage, &a->plan);
}

const char *cliplist_plan_track(const struct app *a, size_t i)
{
	return i < a->plan.n ? plan_track_name(&a->plan, i) : NULL;
}

/* ---- filters and sort ------------------------------------------------------ */

static bool shows(const struct app *a, size_t i)
{
	const struct tui_session *ts = &a->sess[a->open];
	const struct review_clip *rc = &ts->rv->clips[i];
	const struct clip_list *cl = &a->cl;
	bool human;
	enum clip_class cls = cliplist_class(a, i, &human);

	if (cl->filter_class == FILTER_UNDECIDED && human)
		return false;
	if (cl->filter_class >= 0 && cl->filter_class < CLIP_CLASS_COUNT &&
	    (int)cls != cl->filter_class)
		return false;
	if (cl->filter_uncertain && !review_uncertain(rc, cl->threshold))
		return false;
	if (cl->filter_problems && !review_has_problem(rc))
		return false;
	if (cl->filter_marked && !triage_get(ts->triage, rc->key).marked)
		return false;
	return true;
}

/* qsort has no context argument; the UI thread is the only sorter */
static const struct app *sorting;

static int popcount(unsigned v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

static int cmp_column(const struct app *a, size_t x, size_t y)
{
	const struct review *rv = open_review(a);
	const struct review_clip *cx, *cy;
	bool hx, hy;

	if (!rv)
		return 0;
	cx = &rv->clips[x];
	cy = &rv->clips[y];

	switch (a->cl.sort) {
	case SORT_TRACK:
		return cx->track < cy->track ? -1 : cx->track > cy->track;
	case SORT_NAME: {
		const char *nx = review_clip(rv, x)->name, *ny = review_clip(rv, y)->name;

		return strcasecmp(nx ? nx : "", ny ? ny : "");
	}
	case SORT_CLASS:
		return (int)cliplist_class(a, x, &hx) - (int)cliplist_class(a, y, &hy);
	case SORT_CONFIDENCE: {
		double px = cx->analysis.done ? cx->analysis.confidence : 2;
		double py = cy->analysis.done ? cy->analysis.confidence : 2;

		return px < py ? -1 : px > py;
	}
	case SORT_FLAGS:
		return popcount(cy->problems | cy->analysis.flags << 8) -
		       popcount(cx->problems | cx->analysis.flags << 8);
	default:
		return 0;
	}
}

static int cmp_rows(const void *pa, const void *pb)
{
	size_t x = *(const size_t *)pa, y = *(const size_t *)pb;
	const struct review *rv = open_review(sorting);
	int64_t sx = review_clip(rv, x)->start, sy = review_clip(rv, y)->start;
	int c = cmp_column(sorting, x, y);

	if (sorting->cl.reverse)
		c = -c;
	if (c == 0)
		c = sx < sy ? -1 : sx > sy;
	if (c == 0)
		c = x < y ? -1 : x > y;
	return c;
}

void cliplist_rebuild(struct app *a)
{
	struct clip_list *cl = &a->cl;
	struct review *rv = open_review(a);
	size_t keep = 0;
	bool had = cliplist_selected(a, &keep);

	cl->n_rows = 0;
	if (!rv)
		return;
	XGROW(cl->rows, rv->n_clips + 1, cl->alloc_rows);
	for (size_t i = 0; i < rv->n_clips; i++)
		if (shows(a, i))
			cl->rows[cl->n_rows++] = i;
	sorting = a;
	if (cl->n_rows > 1)
		qsort(cl->rows, cl->n_rows, sizeof(size_t), cmp_rows);
	sorting = NULL;
	if (!had || !cliplist_select_clip(a, keep))
		cl->sel = cl->n_rows && cl->sel >= cl->n_rows ? cl->n_rows - 1 : cl->sel;
}

void cliplist_open(struct app *a, size_t sess)
{
	a->open = sess;
	a->cl.n_rows = 0;
	a->cl.sel = a->cl.top = 0;
	cliplist_rebuild(a);
}

bool cliplist_selected(const struct app *a, size_t *clip)
{
	if (!open_review(a) || a->cl.sel >= a->cl.n_rows)
		return false;
	*clip = a->cl.rows[a->cl.sel];
	return true;
}

bool cliplist_select_clip(struct app *a, size_t clip)
{
	for (size_t r = 0; r < a->cl.n_rows; r++)
		if (a->cl.rows[r] == clip) {
			a->cl.sel = r;
			return true;
		}
	return false;
}

void cliplist_move(struct app *a, long delta)
{
	struct clip_list *cl = &a->cl;
	long to = (long)cl->sel + delta;

	if (!cl->n_rows)
		return;
	cl->sel = to < 0 ? 0 : (size_t)to >= cl->n_rows ? cl->n_rows - 1 : (size_t)to;
}

void cliplist_scroll(struct app *a, int lines)
{
	struct clip_list *cl = &a->cl;

	if (lines < 1)
		lines = 1;
	if (cl->sel < cl->top)
		cl->top = cl->sel;
	if (cl->sel >= cl->top + (size_t)lines)
		cl->top = cl->sel - (size_t)lines + 1;
	if (cl->top + (size_t)lines > cl->n_rows)
		cl->top = cl->n_rows > (size_t)lines ? cl->n_rows - (size_t)lines : 0;
}

/* ---- search ---------------------------------------------------------------- */

static bool matches(const struct app *a, size_t row, const char *text)
{
	const struct clip *c = review_clip(open_review(a), a->cl.rows[row]);

	return c->name && strcasestr(c->name, text);
}

/* Selects the first match from row from, going dir (1, -1), wrapping. */
static bool search_from(struct app *a, size_t from, int dir, const char *text)
{
	size_t n = a->cl.n_rows;

	if (!*text || !n)
		return false;
	for (size_t k = 0; k < n; k++) {
		size_t row = (from + n + (size_t)((long)dir * (long)k)) % n;

		if (matches(a, row, text)) {
			a->cl.sel = row;
			return true;
		}
	}
	return false;
}

static void search_again(struct app *a, int dir)
{
	const char *text = a->cl.search;

	if (!*text) {
		app_message(a, "no search yet: / starts one");
		return;
	}
	if (!search_from(a, a->cl.sel + a->cl.n_rows + (size_t)dir, dir, text))
		app_error(a, "no clip name contains '%s'", text);
}

static void prompt_start(struct app *a, enum prompt_kind kind)
{
	a->prompt.kind = kind;
	a->prompt.len = 0;
	a->prompt.text[0] = '\0';
	a->prompt.origin = a->cl.sel;
	if (kind == PROMPT_THRESHOLD) {
		a->prompt.len = (size_t)snprintf(a->prompt.text, sizeof(a->prompt.text), "%.2f",
						 a->cl.threshold);
	}
}

static void prompt_finish(struct app *a)
{
	struct prompt *p = &a->prompt;
	char *end;
	double v;

	if (p->kind == PROMPT_SEARCH) {
		snprintf(a->cl.search, sizeof(a->cl.search), "%s", p->text);
		if (*p->text && !search_from(a, p->origin, 1, p->text))
			app_error(a, "no clip name contains '%s'", p->text);
	} else {
		v = strtod(p->text, &end);
		if (end == p->text || *end || v < 0 || v > 1) {
			app_error(a, "not a threshold between 0 and 1: '%s'", p->text);
		} else {
			a->cl.threshold = v;
			cliplist_rebuild(a);
			app_message(a, "confidence threshold %.2f", v);
		}
	}
	p->kind = PROMPT_NONE;
}

/* Appends the character of key (a code point) to the prompt. */
static void prompt_add(struct prompt *p, int key)
{
	char u[UTF8_MAX];
	size_t n = key > 0x1F && key < KEYCODE_SPECIAL ? utf8_encode((uint32_t)key, u) : 0;

	if (!n || p->len + n >= sizeof(p->text))
		return;
	memcpy(p->text + p->len, u, n);
	p->len += n;
	p->text[p->len] = '\0';
}

static void prompt_backspace(struct prompt *p)
{
	while (p->len > 0) {
		unsigned char c = (unsigned char)p->text[--p->len];

		if ((c & 0xC0) != 0x80)
			break;
	}
	p->text[p->len] = '\0';
}

void cliplist_prompt_key(struct app *a, int key)
{
	struct prompt *p = &a->prompt;

	if (key == KEYCODE_ESCAPE) {
		a->cl.sel = p->origin;
		p->kind = PROMPT_NONE;
		a->msg[0] = '\0';
		return;
	}
	if (key == KEYCODE_ENTER) {
		prompt_finish(a);
		return;
	}
	if (key == KEYCODE_BACKSPACE)
		prompt_backspace(p);
	else
		prompt_add(p, key);
	if (p->kind == PROMPT_SEARCH && !search_from(a, p->origin, 1, p->text))
		a->cl.sel = p->origin;
}

/* ---- actions --------------------------------------------------------------- */

static void cycle_class_filter(struct app *a)
{
	int *f = &a->cl.filter_class;

	*f = *f == FILTER_UNDECIDED ? FILTER_ALL : *f + 1;
	cliplist_rebuild(a);
}

static void toggle(struct app *a, bool *flag)
{
	*flag = !*flag;
	cliplist_rebuild(a);
}

static void clear_filters(struct app *a)
{
	a->cl.filter_class = FILTER_ALL;
	a->cl.filter_uncertain = a->cl.filter_problems = a->cl.filter_marked = false;
	cliplist_rebuild(a);
	app_message(a, "all clips shown");
}

bool cliplist_action(struct app *a, enum action act)
{
	switch (act) {
	case ACTION_SEARCH: prompt_start(a, PROMPT_SEARCH); break;
	case ACTION_THRESHOLD: prompt_start(a, PROMPT_THRESHOLD); break;
	case ACTION_SEARCH_NEXT: search_again(a, 1); break;
	case ACTION_SEARCH_PREV: search_again(a, -1); break;
	case ACTION_SORT:
		a->cl.sort = (a->cl.sort + 1) % SORT_COL_COUNT;
		cliplist_rebuild(a);
		break;
	case ACTION_SORT_REVERSE: toggle(a, &a->cl.reverse); break;
	case ACTION_FILTER_CLASS: cycle_class_filter(a); break;
	case ACTION_FILTER_UNCERTAIN: toggle(a, &a->cl.filter_uncertain); break;
	case ACTION_FILTER_PROBLEMS: toggle(a, &a->cl.filter_problems); break;
	case ACTION_FILTER_MARKED: toggle(a, &a->cl.filter_marked); break;
	case ACTION_FILTER_CLEAR: clear_filters(a); break;
	default: return false;
	}
	return true;
}

static void add_part(char *buf, size_t n, const char *part)
{
	size_t used = strlen(buf);

	snprintf(buf + used, n - used, "%s%s", used ? ", " : "", part);
}

void cliplist_describe_filter(const struct app *a, char *buf, size_t n)
{
	const struct clip_list *cl = &a->cl;
	char below[32];

	buf[0] = '\0';
	if (cl->filter_class == FILTER_UNDECIDED)
		add_part(buf, n, "undecided");
	else if (cl->filter_class >= 0 && cl->filter_class < CLIP_CLASS_COUNT)
		add_part(buf, n, clip_class_name((enum clip_class)cl->filter_class));
	snprintf(below, sizeof(below), "below %.2f", cl->threshold);
	if (cl->filter_uncertain)
		add_part(buf, n, below);
	if (cl->filter_problems)
		add_part(buf, n, "problems");
	if (cl->filter_marked)
		add_part(buf, n, "marked");
}

/* detail.c: one clip in full, with its level overview. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/classify.h"
#include "analysis/health.h"
#include "analysis/pairs.h"
#include "timecode.h"
#include "tui/audition.h"
#include "tui/cliplist.h"
#include "tui/clipview.h"
#include "tui/detail.h"
#include "tui/text.h"
#include "xalloc.h"

#define LABEL_COLS 11
#define MAX_LEVEL_ROWS 6
/* the overview shows the RMS level of each column from -60 to 0 dBFS */
#define FLOOR_DB 60.0

static int level_cols(void)
{
	return COLS - LABEL_COLS - 2 > 8 ? COLS - LABEL_COLS - 2 : 8;
}

static void label(struct app *a, int y, const char *text)
{
	text_put(stdscr, y, 1, text, LABEL_COLS - 1, LABEL_COLS - 1,
		 a->attr[THEME_HEADER] & ~A_COLOR);
}

/* ---- the level overview ------------------------------------------------------- */

void detail_release(struct app *a)
{
	free(a->lv.peak);
	free(a->lv.rms);
	free(a->lv.error);
	a->lv.peak = NULL;
	a->lv.rms = NULL;
	a->lv.error = NULL;
	a->lv.ready = a->lv.pending = false;
	a->lv.n = 0;
}

void detail_request_levels(struct app *a)
{
	struct tui_session *ts = app_open_session(a);
	struct review_source src;
	size_t clip;
	struct job j = { .kind = JOB_LEVELS };

	if (!ts || !cliplist_selected(a, &clip))
		return;
	if ((a->lv.ready || a->lv.pending) && a->lv.sess == a->open && a->lv.clip == clip &&
	    (a->lv.pending || a->lv.n == level_cols()))
		return;
	detail_release(a);
	a->lv.sess = a->open;
	a->lv.clip = clip;
	a->lv.serial++;
	if (!review_source(ts->rv, clip, 0, &src)) {
		a->lv.ready = true;
		a->lv.error = xstrdup("no readable media");
		return;
	}
	j.sess = a->open;
	j.clip = clip;
	j.serial = a->lv.serial;
	j.path = (char *)(uintptr_t)src.path;
	j.start = src.start;
	j.frames = src.frames;
	j.channel = src.channel;
	j.columns = level_cols();
	a->lv.pending = true;
	worker_submit(a->worker, &j);
}

void detail_levels(struct app *a, struct job_result *r)
{
	if (!a->lv.pending || r->serial != a->lv.serial)
		return;
	a->lv.pending = false;
	a->lv.ready = true;
	a->lv.peak = r->peak;
	a->lv.rms = r->rms;
	a->lv.n = r->n_peak;
	a->lv.error = r->error;
	r->peak = NULL;
	r->rms = NULL;
	r->error = NULL;
}

/* Eighths of a cell a level fills in rows rows. */
static int level_eighths(float level, int rows)
{
	double db = level > 0 ? 20 * log10(level) : -FLOOR_DB - 1;

	if (db < -FLOOR_DB)
		return 0;
	return 1 + (int)((db + FLOOR_DB) / FLOOR_DB * (rows * 8 - 1));
}

static void draw_level_cells(struct app *a, int y, int rows, int play_col)
{
	const struct glyphs *g = text_glyphs();

	for (int col = 0; col < a->lv.n && col < level_cols(); col++) {
		int e = level_eighths(a->lv.rms[col], rows);
		attr_t at = col == play_col ? a->attr[THEME_PLAYHEAD] :
			    a->lv.peak[col] >= 0.999f ? a->attr[THEME_METER_OVER] :
			    a->attr[THEME_METER];

		for (int r = 0; r < rows; r++) {
			int cell = e - (rows - 1 - r) * 8;

			cell = cell < 0 ? 0 : cell > 8 ? 8 : cell;
			text_put(stdscr, y + r, LABEL_COLS + col, g->blocks[cell], 1, 1, at);
		}
	}
}

/* The play position in the clip's overview, or -1 when it does not play. */
static int play_column(struct app *a, size_t clip, double *pos)
{
	const struct review *rv = app_open_session(a)->rv;
	double len = (double)review_clip(rv, clip)->length / rv->session->sample_rate;

	if (!audition_playing(a, a->open, clip) || len <= 0)
		return -1;
	*pos = a->ps.position;
	if (*pos < 0)
		return 0;
	return (int)(*pos / len * level_cols()) < level_cols() ? (int)(*pos / len * level_cols())
							       : level_cols() - 1;
}

/* "0.0 s   ▲ 3.2 s   28.0 s" under the overview: the ends and the
 * play position. */
static void draw_ruler(struct app *a, int y, size_t clip, int play_col, double pos)
{
	const struct review *rv = app_open_session(a)->rv;
	double len = (double)review_clip(rv, clip)->length / rv->session->sample_rate;
	char right[32], mark[32];
	int w = snprintf(right, sizeof(right), "%.1f s", len), cols = level_cols(), at, mw;

	text_put(stdscr, y, LABEL_COLS, "0.0 s", 5, 0, a->attr[THEME_DIM]);
	text_put(stdscr, y, LABEL_COLS + cols - w, right, w, 0, a->attr[THEME_DIM]);
	if (play_col < 0)
		return;
	mw = snprintf(mark, sizeof(mark), "%s %.1f s", text_glyphs()->up, pos) -
	     (int)strlen(text_glyphs()->up) + 1;
	at = play_col < 6 ? 6 : play_col;
	if (at + mw > cols - w - 1)
		at = cols - w - 1 - mw;
	if (at >= 6)
		text_put(stdscr, y, LABEL_COLS + at, mark, mw, 0, a->attr[THEME_STATUS_PLAYING]);
}

static void draw_levels(struct app *a, int y, int rows, size_t clip)
{
	double pos = 0;
	int play_col = play_column(a, clip, &pos);

	label(a, y, "Level");
	if (a->lv.pending) {
		text_put(stdscr, y, LABEL_COLS, "measuring…", COLS, 0, a->attr[THEME_DIM]);
	} else if (a->lv.error || !a->lv.rms) {
		text_putf(stdscr, y, LABEL_COLS, COLS - LABEL_COLS, a->attr[THEME_DIM],
			  "no overview: %s", a->lv.error ? a->lv.error : "not measured");
	} else {
		draw_level_cells(a, y, rows, play_col);
		draw_ruler(a, y + rows, clip, play_col, pos);
	}
}

/* ---- the text --------------------------------------------------------------- */

static void draw_title(struct app *a, int y, size_t clip)
{
	const struct tui_session *ts = app_open_session(a);
	const struct clip *c = review_clip(ts->rv, clip);
	char right[64];
	int w = snprintf(right, sizeof(right), "clip %zu of %zu", a->cl.sel + 1, a->cl.n_rows);

	text_fill(stdscr, y, 0, COLS, a->attr[THEME_HEADER]);
	text_put(stdscr, y, 1, c->name && *c->name ? c->name : "(unnamed)", COLS - w - 4, 0,
		 a->attr[THEME_HEADER]);
	text_put(stdscr, y, COLS - w - 1, right, w, 0, a->attr[THEME_HEADER]);
}

static void draw_position(struct app *a, int y, size_t clip)
{
	const struct tui_session *ts = app_open_session(a);
	const struct session *s = ts->rv->session;
	const struct clip *c = review_clip(ts->rv, clip);
	const struct track *t = review_track(ts->rv, clip);
	char in[TIMECODE_BUFSZ], out[TIMECODE_BUFSZ], buf[300];

	clipview_timecode(s, c->start, in, sizeof(in));
	clipview_timecode(s, c->start + c->length, out, sizeof(out));
	snprintf(buf, sizeof(buf), "A%d %s%s%s  %s - %s  %.2f s  %d ch%s", t->index,
		 t->name ? "\"" : "", t->name ? t->name : "", t->name ? "\"" : "", in, out,
		 (double)c->length / s->sample_rate, c->channels, c->mute ? "  muted" : "");
	label(a, y, "Position");
	text_put(stdscr, y, LABEL_COLS, buf, COLS - LABEL_COLS - 1, 0, a->attr[THEME_NORMAL]);
}

static void draw_class(struct app *a, int y, size_t clip)
{
	const struct review_clip *rc = &app_open_session(a)->rv->clips[clip];
	int x = LABEL_COLS;

	label(a, y, "Class");
	if (!rc->analysis.done) {
		text_put(stdscr, y, x, text_glyphs()->dash, 1, 2, a->attr[THEME_DIM]);
		text_put(stdscr, y, x + 2, "not analysed yet", 30, 0, a->attr[THEME_DIM]);
		return;
	}
	text_put(stdscr, y, x, clip_class_name(rc->analysis.cls), 10, 10, a->attr[THEME_NORMAL]);
	clipview_confidence(a, y, x + 10, clip, 0);
}

static void draw_scores(struct app *a, int y, size_t clip)
{
	const struct review_clip *rc = &app_open_session(a)->rv->clips[clip];
	int x = LABEL_COLS;

	label(a, y, "Scores");
	for (int c = 0; c < CLIP_CLASS_COUNT; c++) {
		x += text_putf(stdscr, y, x, 10, a->attr[THEME_NORMAL], "%s ",
			       clip_class_name((enum clip_class)c));
		if (rc->analysis.done)
			x += text_putf(stdscr, y, x, 8, a->attr[THEME_NORMAL], "%.2f   ",
				       rc->analysis.scores[c]);
		else
			x += text_putf(stdscr, y, x, 8, a->attr[THEME_DIM], "%s   ",
				       text_glyphs()->dash);
	}
}

/* The runner-up class: the margin says how clear the call was. */
static int runner_up(const struct review_analysis *ra)
{
	int second = -1;

	for (int c = 0; c < CLIP_CLASS_COUNT; c++)
		if (c != (int)ra->cls && (second < 0 || ra->scores[c] > ra->scores[second]))
			second = c;
	return second;
}

/* "Why": the margin over the runner-up, and what was measured that a
 * listener can check (not the network's reasons: it has no others to
 * give). */
static void draw_why(struct app *a, int y, size_t clip)
{
	const struct review_analysis *ra = &app_open_session(a)->rv->clips[clip].analysis;
	int second = runner_up(ra), n;
	char buf[300];

	label(a, y, "Why");
	if (!ra->done || second < 0) {
		text_put(stdscr, y, LABEL_COLS, text_glyphs()->dash, 1, 0, a->attr[THEME_DIM]);
		return;
	}
	n = snprintf(buf, sizeof(buf), "%.2f over %s", ra->scores[ra->cls] - ra->scores[second],
		     clip_class_name((enum clip_class)second));
	if (ra->measured)
		snprintf(buf + n, sizeof(buf) - (size_t)n, "; %.0f%% active, %.0f%% tonal, "
			 "%.1f onsets/s, speech band %.1f dB, floor %.0f dB", 100 * ra->active_ratio,
			 100 * ra->tonal_ratio, ra->onset_rate, ra->band_db, ra->floor_db);
	text_put(stdscr, y, LABEL_COLS, buf, COLS - LABEL_COLS - 1, 0, a->attr[THEME_NORMAL]);
}

/* The channel relation and, for a split half, its pair. */
static void channels_text(const struct review *rv, size_t clip, struct strbuf *sb)
{
	const struct review_analysis *ra = &rv->clips[clip].analysis;
	const struct stereo_result *st = &ra->channels;

	if (ra->has_channels && st->relation != STEREO_RELATION_MONO)
		strbuf_addf(sb, "%s%s  corr %.2f  delay %d smp  R-L %+.1f dB",
			    stereo_relation_name(st->relation), st->bit_exact ? " (bit exact)" : "",
			    st->correlation, st->delay_samples, st->gain_diff_db);
	if (ra->has_pair) {
		const struct review_clip *o = &rv->clips[ra->pair_with];
		const struct clip *oc = review_clip(rv, ra->pair_with);

		strbuf_addf(sb, "%s%s of a split pair with A%d '%s', confidence %.2f",
			    sb->len ? "; " : "", ra->pair_left ? "left" : "right",
			    rv->session->tracks[o->track].index, oc->name ? oc->name : "",
			    ra->pair_confidence);
	}
}

static void draw_channels(struct app *a, int y, size_t clip)
{
	const struct tui_session *ts = app_open_session(a);
	struct strbuf sb = STRBUF_INIT;

	label(a, y, "Channels");
	if (!ts->rv->clips[clip].analysis.findings_done)
		strbuf_addstr(&sb, ts->analysed ? "" : "not checked yet");
	else
		channels_text(ts->rv, clip, &sb);
	text_put(stdscr, y, LABEL_COLS, sb.len ? sb.buf : text_glyphs()->dash,
		 COLS - LABEL_COLS - 1, 0, a->attr[sb.len ? THEME_NORMAL : THEME_DIM]);
	strbuf_release(&sb);
}

/* "→ DIA 2 (model)": where prep would put the clip, and why. */
static void draw_plan(struct app *a, int y, int x, size_t clip)
{
	const char *track = cliplist_plan_track(a, clip);
	char buf[120];

	if (!track || x >= COLS - 4)
		return;
	snprintf(buf, sizeof(buf), "%s %s (%s)", text_glyphs()->right, track,
		 mapping_reason_name(a->plan.reason[clip]));
	text_put(stdscr, y, x, buf, COLS - x - 1, 0, a->attr[THEME_NORMAL]);
}

static void draw_decision(struct app *a, int y, size_t clip)
{
	const struct tui_session *ts = app_open_session(a);
	struct triage_decision d = triage_get(ts->triage, ts->rv->clips[clip].key);
	int x = LABEL_COLS;

	label(a, y, "Decision");
	if (d.cls == CLIP_CLASS_COUNT) {
		x += text_put(stdscr, y, x, "none yet", 20, 0, a->attr[THEME_DIM]);
	} else {
		int w = 2 + text_width(clip_class_name(d.cls));

		clipview_class(a, y, x, w, clip, 0);
		x += w;
		x += text_put(stdscr, y, x, d.accepted ? " (suggestion accepted)" : " (yours)", 30, 0,
			      a->attr[THEME_DIM]);
	}
	if (d.marked)
		x += 2 + text_put(stdscr, y, x + 2, "* marked for later", 30, 0,
				  a->attr[THEME_CLIP_MARKED]);
	draw_plan(a, y, x + 2, clip);
}

/* "name, name" of the set bits of v. */
static void bit_names(unsigned v, int count, const char *(*name)(unsigned), struct strbuf *sb)
{
	for (int b = 0; b < count; b++)
		if (v & (1u << b))
			strbuf_addf(sb, "%s%s", sb->len ? ", " : "", name(1u << b));
}

static void draw_tags(struct app *a, int y, size_t clip)
{
	const struct review_clip *rc = &app_open_session(a)->rv->clips[clip];
	struct strbuf sb = STRBUF_INIT;

	bit_names(rc->analysis.tags, ANALYSIS_TAG_COUNT, analysis_tag_name, &sb);
	bit_names(rc->analysis.flags, CLIP_FLAG_COUNT, clip_flag_name, &sb);
	label(a, y, "Tags");
	text_put(stdscr, y, LABEL_COLS, sb.len ? sb.buf : text_glyphs()->dash, COLS - LABEL_COLS - 1,
		 0, a->attr[sb.len ? THEME_NORMAL : THEME_DIM]);
	strbuf_release(&sb);
}

/* The channel findings' problems, one line each ("polarity_inverted:
 * one side is ..."); missing and unreadable media are said already. */
static void health_lines(uint32_t health, struct strbuf *sb)
{
	for (int c = 0; c < HEALTH_CODE_COUNT; c++) {
		if (!(health & (1u << c)) || c == HEALTH_MEDIA_MISSING || c == HEALTH_MEDIA_UNREADABLE)
			continue;
		if (sb->len && sb->buf[sb->len - 1] != '\n')
			strbuf_addch(sb, '\n');
		strbuf_addf(sb, "%s: %s\n", health_code_name((enum health_code)c),
			    health_code_text((enum health_code)c));
	}
}

/* Problems, one per line, at most max lines; returns the lines used. */
static int draw_problems(struct app *a, int y, int max, size_t clip)
{
	const struct tui_session *ts = app_open_session(a);
	const struct review_clip *rc = &ts->rv->clips[clip];
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	int n = 0;

	review_describe_problems(ts->rv, clip, &sb);
	bit_names(rc->analysis.problems, ANALYSIS_PROBLEM_COUNT, analysis_problem_name, &sb);
	health_lines(rc->analysis.health, &sb);
	label(a, y, "Problems");
	if (!sb.len)
		text_put(stdscr, y, LABEL_COLS, text_glyphs()->dash, 1, 0, a->attr[THEME_DIM]);
	for (p = strbuf_str(&sb); *p && n < max; n++) {
		size_t len = strcspn(p, "\n");
		char *line = xstrndup(p, len);

		text_put(stdscr, y + n, LABEL_COLS, line, COLS - LABEL_COLS - 1, 0,
			 a->attr[THEME_CLIP_FLAGGED]);
		free(line);
		p += len + (p[len] == '\n');
	}
	strbuf_release(&sb);
	return n ? n : 1;
}

/* One channel's source: media, its channel, format, state; with path,
 * the file on a second line.  Returns the lines used. */
static int draw_source(struct app *a, int y, size_t clip, int ch, bool path)
{
	const struct session *s = app_open_session(a)->rv->session;
	const struct clip *c = review_clip(app_open_session(a)->rv, clip);
	int m = c->sources[ch].media, w = COLS - LABEL_COLS - 1;
	const struct media *md = m >= 0 && (size_t)m < s->n_media ? &s->media[m] : NULL;
	const char *where;
	char buf[400];

	if (!md) {
		text_putf(stdscr, y, LABEL_COLS, w, a->attr[THEME_CLIP_FLAGGED], "ch %d  no media",
			  ch + 1);
		return 1;
	}
	where = md->embedded ? "embedded in the AAF" : md->path ? md->path : md->url ? md->url : "";
	snprintf(buf, sizeof(buf), "ch %d  %s %s : %d  %d Hz %d-bit  %s%s%s", ch + 1, md->id,
		 md->name ? md->name : "?", c->sources[ch].channel, md->sample_rate, md->bits,
		 media_status_name(md->status), path ? "" : "  ", path ? "" : where);
	text_put(stdscr, y, LABEL_COLS, buf, w, 0,
		 a->attr[md->status == MEDIA_STATUS_OK ? THEME_NORMAL : THEME_CLIP_FLAGGED]);
	if (!path)
		return 1;
	text_put_tail(stdscr, y + 1, LABEL_COLS + 6, where, w - 6, a->attr[THEME_DIM]);
	return 2;
}

/* Sources, one or two lines per channel, at most max lines; returns the
 * lines used. */
static int draw_sources(struct app *a, int y, int max, size_t clip)
{
	const struct clip *c = review_clip(app_open_session(a)->rv, clip);
	bool path = c->channels * 2 <= max;
	int n = 0, ch;

	label(a, y, "Sources");
	for (ch = 0; ch < c->channels && n < max - (ch + 1 < c->channels); ch++)
		n += draw_source(a, y + n, clip, ch, path);
	if (ch < c->channels)
		text_putf(stdscr, y + n, LABEL_COLS, COLS - LABEL_COLS - 1, a->attr[THEME_DIM],
			  "(%d more channels)", c->channels - ch);
	n += ch < c->channels;
	return n ? n : 1;
}

void detail_draw(struct app *a)
{
	int y = 1, bottom = 1 + app_list_lines(a), rows;
	size_t clip;

	if (!cliplist_selected(a, &clip)) {
		text_put(stdscr, 3, 2, "No clip selected.", COLS - 3, 0, a->attr[THEME_DIM]);
		return;
	}
	detail_request_levels(a);
	draw_title(a, y++, clip);
	draw_position(a, y++, clip);
	draw_class(a, ++y, clip);
	draw_scores(a, ++y, clip);
	draw_why(a, ++y, clip);
	draw_decision(a, ++y, clip);
	draw_tags(a, ++y, clip);
	draw_channels(a, ++y, clip);
	y += draw_problems(a, y + 1, 3, clip) + 1;
	y += draw_sources(a, y + 1, bottom - y - 5 > 4 ? 4 : bottom - y - 5, clip) + 2;
	rows = bottom - y - 1;
	if (rows > MAX_LEVEL_ROWS)
		rows = MAX_LEVEL_ROWS;
	if (rows >= 1)
		draw_levels(a, y, rows, clip);
}

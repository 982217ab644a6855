/* fixview.c: split pairs and channel problems: evidence, A/B, decisions. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/pairs.h"
#include "tui/audition.h"
#include "tui/cliplist.h"
#include "tui/fixview.h"
#include "tui/sessions.h"
#include "tui/text.h"

#define KIND_COLS 6
#define CONF_COLS 6
#define DECISION_COLS 10
#define PANEL_LINES 5

void fixview_release(struct app *a)
{
	review_fixes_free(a->fx.v, a->fx.n);
	a->fx.v = NULL;
	a->fx.n = 0;
}

/* The list again from the open session's findings (they come in while
 * the analysis runs); the selection stays in range. */
static void rebuild(struct app *a)
{
	struct tui_session *ts = app_open_session(a);

	fixview_release(a);
	if (ts)
		a->fx.n = review_list_fixes(ts->rv, &a->fx.v);
	if (a->fx.sel >= a->fx.n)
		a->fx.sel = a->fx.n ? a->fx.n - 1 : 0;
}

void fixview_open(struct app *a)
{
	if (a->view == VIEW_SESSIONS) {
		if (a->sel_sess >= a->n_sess || a->sess[a->sel_sess].state != SESS_READY) {
			app_message(a, "select a session that has been read first");
			return;
		}
		cliplist_open(a, a->sel_sess);
	}
	if (!app_open_session(a))
		return;
	a->view = VIEW_FIXES;
	a->fx.sel = a->fx.top = 0;
	a->msg[0] = '\0';
	rebuild(a);
	if (!app_open_session(a)->analysed)
		app_message(a, "the channel checks are not finished: the list fills in as they are");
}

/* ---- text -------------------------------------------------------------- */

static const char *clip_name(const struct review *rv, size_t i)
{
	const char *n = review_clip(rv, i)->name;

	return n && *n ? n : "(unnamed)";
}

/* "A5 'Track 01.wav' + A6 'Track 01.wav'" or "A7 'A003_C002.wav'". */
static void clips_text(const struct review *rv, const struct review_fix *f, char *buf, size_t n)
{
	int len = snprintf(buf, n, "A%d %s", review_track(rv, f->clip)->index, clip_name(rv, f->clip));

	if (f->kind == REVIEW_FIX_PAIR && len > 0 && (size_t)len < n)
		snprintf(buf + len, n - (size_t)len, " + A%d %s", review_track(rv, f->other)->index,
			 clip_name(rv, f->other));
}

/* What speaks for the fix, one line. */
static void evidence_text(const struct review *rv, const struct review_fix *f, struct strbuf *sb)
{
	const struct review_analysis *ra = &rv->clips[f->clip].analysis;
	const struct stereo_result *st = &ra->channels;

	if (f->kind == REVIEW_FIX_PAIR) {
		for (unsigned b = 0; b < PAIR_EVIDENCE_COUNT; b++)
			if (ra->pair_evidence & (1u << b))
				strbuf_addf(sb, "%s%s", sb->len ? ", " : "", pair_evidence_name(1u << b));
		return;
	}
	strbuf_addf(sb, "%s%s: correlation %.3f, R-L %+.1f dB, delay %d samples",
		    stereo_relation_name(st->relation), st->bit_exact ? " (bit exact)" : "",
		    st->peak_correlation, st->gain_diff_db, st->delay_samples);
	if (f->kind == REVIEW_FIX_FOLD && !st->bit_exact)
		strbuf_addf(sb, ", residual %.1f dB", st->residual_db);
	if (f->kind == REVIEW_FIX_MONO)
		strbuf_addf(sb, ", %s side silent", st->ch[0].silent ? "left" : "right");
}

static const char *fix_action_text(enum review_fix_kind k)
{
	switch (k) {
	case REVIEW_FIX_PAIR: return "play the two mono clips as one stereo clip (left, right)";
	case REVIEW_FIX_FOLD: return "fold the two channels to one mono channel";
	case REVIEW_FIX_FLIP: return "flip the polarity of the right channel";
	default: return "keep the side with sound, as mono";
	}
}

void fixview_title(struct app *a, char *buf, size_t n)
{
	struct tui_session *ts = app_open_session(a);

	snprintf(buf, n, "Channels  %zu fix%s, %zu accepted, %zu rejected", a->fx.n,
		 a->fx.n == 1 ? "" : "es", ts ? triage_count_fixes(ts->triage, TRIAGE_FIX_ACCEPTED) : 0,
		 ts ? triage_count_fixes(ts->triage, TRIAGE_FIX_REJECTED) : 0);
}

/* ---- drawing ----------------------------------------------------------- */

static int clips_cols(void)
{
	int w = COLS - 2 - KIND_COLS - CONF_COLS - DECISION_COLS - 3;

	return w > 10 ? w : 10;
}

static void draw_header(struct app *a, int y)
{
	text_fill(stdscr, y, 0, COLS, a->attr[THEME_HEADER]);
	text_putf(stdscr, y, 1, COLS - 1, a->attr[THEME_HEADER], "%-*s%-*s %*s %-*s", KIND_COLS,
		  "FIX", clips_cols(), "CLIPS", CONF_COLS - 1, "CONF", DECISION_COLS, "DECISION");
}

static void draw_row(struct app *a, int y, size_t i)
{
	const struct tui_session *ts = app_open_session(a);
	const struct review_fix *f = &a->fx.v[i];
	enum triage_fix d = triage_get_fix(ts->triage, f->key);
	attr_t sel = i == a->fx.sel ? a->attr[THEME_CLIP_SELECTED] : 0;
	char clips[400];
	int x = 1;

	clips_text(ts->rv, f, clips, sizeof(clips));
	text_fill(stdscr, y, 0, COLS, sel ? sel : a->attr[THEME_NORMAL]);
	x += text_put(stdscr, y, x, review_fix_kind_name(f->kind), KIND_COLS, KIND_COLS,
		      sel ? sel : a->attr[THEME_CLIP_FLAGGED]);
	x += text_put(stdscr, y, x, clips, clips_cols(), clips_cols(), sel ? sel : a->attr[THEME_NORMAL]);
	x += text_putf(stdscr, y, x + 1, CONF_COLS, sel ? sel : a->attr[THEME_NORMAL], "%.2f",
		       f->confidence) + 2;
	text_put(stdscr, y, x + 1, d == TRIAGE_FIX_NONE ? text_glyphs()->dash : triage_fix_name(d),
		 DECISION_COLS, 0, sel ? sel : a->attr[d == TRIAGE_FIX_NONE ? THEME_DIM :
						       THEME_HUMAN]);
}

/* The selected fix in full, under the list. */
static void draw_panel(struct app *a, int y)
{
	const struct tui_session *ts = app_open_session(a);
	const struct review_fix *f = &a->fx.v[a->fx.sel];
	struct strbuf sb = STRBUF_INIT;
	char keys[256], k[5][32];
	const enum action acts[5] = { ACTION_PLAY_LEFT, ACTION_PLAY_RIGHT, ACTION_PLAY_BOTH,
				      ACTION_PLAY_FIXED, ACTION_FIX_ACCEPT };

	evidence_text(ts->rv, f, &sb);
	text_put(stdscr, y, 2, "Evidence", 10, 10, a->attr[THEME_HEADER] & ~A_COLOR);
	text_put(stdscr, y, 12, sb.buf, COLS - 13, 0, a->attr[THEME_NORMAL]);
	text_put(stdscr, y + 1, 2, "Fix", 10, 10, a->attr[THEME_HEADER] & ~A_COLOR);
	text_put(stdscr, y + 1, 12, fix_action_text(f->kind), COLS - 13, 0, a->attr[THEME_NORMAL]);
	text_put(stdscr, y + 2, 2, "Key", 10, 10, a->attr[THEME_HEADER] & ~A_COLOR);
	text_put_tail(stdscr, y + 2, 12, f->key, COLS - 13, a->attr[THEME_DIM]);
	for (int i = 0; i < 5; i++)
		keymap_describe_keys(a->km, KEYMAP_CONTEXT_FIXES, acts[i], k[i], sizeof(k[i]));
	snprintf(keys, sizeof(keys), "%s left  %s right  %s both  %s fixed  %s accept", k[0], k[1],
		 k[2], k[3], k[4]);
	text_put(stdscr, y + 3, 12, keys, COLS - 13, 0, a->attr[THEME_DIM]);
	strbuf_release(&sb);
}

void fixview_draw(struct app *a)
{
	int lines = app_list_lines(a) - 1;
	bool panel = lines >= PANEL_LINES + 3;

	rebuild(a);
	draw_header(a, 1);
	if (panel)
		lines -= PANEL_LINES;
	if (a->fx.sel < a->fx.top)
		a->fx.top = a->fx.sel;
	if (lines > 0 && a->fx.sel >= a->fx.top + (size_t)lines)
		a->fx.top = a->fx.sel - (size_t)lines + 1;
	for (int k = 0; k < lines && a->fx.top + (size_t)k < a->fx.n; k++)
		draw_row(a, 2 + k, a->fx.top + (size_t)k);
	if (!a->fx.n)
		text_put(stdscr, 3, 2, app_open_session(a)->analysed ?
			 "No split pairs and no channel problems in this session." :
			 "Nothing found yet: the channel checks are still running.", COLS - 3, 0,
			 a->attr[THEME_DIM]);
	else if (panel)
		draw_panel(a, 2 + lines + 1);
}

/* ---- actions ----------------------------------------------------------- */

/* The pair as one stereo clip: left clip's channel on the left, right's
 * on the right. */
static bool pair_clip(struct app *a, const struct review_fix *f, struct audio_clip *ac)
{
	const struct review *rv = app_open_session(a)->rv;
	struct review_source r;

	if (!audition_make_clip(a, f->clip, ac))
		return false;
	if (!review_source(rv, f->other, 0, &r) || r.rate != ac->rate) {
		app_error(a, "cannot play '%s' with it", clip_name(rv, f->other));
		return false;
	}
	ac->src[1] = (struct audio_source){ r.path, r.channel, r.start };
	ac->n_src = 2;
	return true;
}

/* Plays the selected fix's clips: which = left, right, both (as they
 * are) or the fixed version. */
static void play(struct app *a, enum action which)
{
	const struct review_fix *f;
	struct audio_clip ac;
	enum audio_channels ch = AUDIO_CHANNELS_BOTH;
	enum audio_fix fx = AUDIO_FIX_NONE;

	if (!a->fx.n)
		return;
	f = &a->fx.v[a->fx.sel];
	if (!(f->kind == REVIEW_FIX_PAIR ? pair_clip(a, f, &ac) : audition_make_clip(a, f->clip, &ac)))
		return;
	if (which == ACTION_PLAY_LEFT)
		ch = AUDIO_CHANNELS_LEFT;
	else if (which == ACTION_PLAY_RIGHT)
		ch = AUDIO_CHANNELS_RIGHT;
	else if (which == ACTION_PLAY_FIXED && f->kind == REVIEW_FIX_FOLD)
		fx = AUDIO_FIX_FOLD;
	else if (which == ACTION_PLAY_FIXED && f->kind == REVIEW_FIX_FLIP)
		fx = AUDIO_FIX_FLIP_RIGHT;
	else if (which == ACTION_PLAY_FIXED && f->kind == REVIEW_FIX_MONO)
		ch = app_open_session(a)->rv->clips[f->clip].analysis.channels.ch[0].silent ?
		     AUDIO_CHANNELS_RIGHT : AUDIO_CHANNELS_LEFT;
	else if (which != ACTION_PLAY_FIXED && f->kind == REVIEW_FIX_PAIR)
		fx = AUDIO_FIX_FOLD;	/* as two mono tracks panned centre */
	audition_play(a, &ac, ch, fx);
	app_message(a, "playing %s: %s", which == ACTION_PLAY_FIXED ? "the fixed version" :
		    which == ACTION_PLAY_LEFT ? "left only" : which == ACTION_PLAY_RIGHT ?
		    "right only" : "both, as they are", f->key);
}

/* Accepts or rejects the selected fix; the same again takes it back. */
static void decide(struct app *a, enum triage_fix d)
{
	struct tui_session *ts = app_open_session(a);
	const struct review_fix *f;

	if (!a->fx.n)
		return;
	f = &a->fx.v[a->fx.sel];
	if (triage_get_fix(ts->triage, f->key) == d)
		d = TRIAGE_FIX_NONE;
	triage_set_fix(ts->triage, f->key, d);
	if (sessions_save(a, ts))
		app_message(a, "%s %s", review_fix_kind_name(f->kind),
			    d == TRIAGE_FIX_NONE ? "decision taken back" : triage_fix_name(d));
}

static void move_sel(struct app *a, long delta)
{
	long to = (long)a->fx.sel + delta;

	if (a->fx.n)
		a->fx.sel = to < 0 ? 0 : (size_t)to >= a->fx.n ? a->fx.n - 1 : (size_t)to;
}

bool fixview_action(struct app *a, enum action act)
{
	long page = app_list_lines(a) - 1 - PANEL_LINES;

	switch (act) {
	case ACTION_UP: move_sel(a, -1); break;
	case ACTION_DOWN: move_sel(a, 1); break;
	case ACTION_PAGE_UP: move_sel(a, -(page > 1 ? page : 1)); break;
	case ACTION_PAGE_DOWN: move_sel(a, page > 1 ? page : 1); break;
	case ACTION_TOP: a->fx.sel = 0; break;
	case ACTION_BOTTOM: move_sel(a, (long)a->fx.n); break;
	case ACTION_PLAY:
		if (a->ps.state == PLAYER_PLAYING)
			player_stop(a->player);
		else
			play(a, ACTION_PLAY_BOTH);
		break;
	case ACTION_PLAY_LEFT:
	case ACTION_PLAY_RIGHT:
	case ACTION_PLAY_BOTH:
	case ACTION_PLAY_FIXED: play(a, act); break;
	case ACTION_FIX_ACCEPT: decide(a, TRIAGE_FIX_ACCEPTED); break;
	case ACTION_FIX_REJECT: decide(a, TRIAGE_FIX_REJECTED); break;
	default: return false;
	}
	return true;
}

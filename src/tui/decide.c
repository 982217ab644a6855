/* decide.c: decisions from keys, saved at once. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tui/cliplist.h"
#include "tui/decide.h"
#include "tui/sessions.h"

/* The session and selected clip, or false (with a message) when the view
 * has none. */
static bool target(struct app *a, struct tui_session **ts, size_t *clip)
{
	*ts = app_open_session(a);
	if (a->view == VIEW_SESSIONS || !*ts) {
		app_message(a, "open a session first (Enter)");
		return false;
	}
	if (!cliplist_selected(a, clip)) {
		app_message(a, "no clip selected");
		return false;
	}
	return true;
}

static const char *clip_name(struct tui_session *ts, size_t clip)
{
	const char *n = review_clip(ts->rv, clip)->name;

	return n && *n ? n : "(unnamed)";
}

/* After a change: save, rebuild the list (the change may hide the clip
 * from a filter), keep the clip selected if it still shows. */
static void changed(struct app *a, struct tui_session *ts, size_t clip)
{
	sessions_save(a, ts);
	cliplist_rebuild(a);
	cliplist_select_clip(a, clip);
}

static void set_class(struct app *a, enum clip_class cls, bool accepted)
{
	struct tui_session *ts;
	size_t clip;

	if (!target(a, &ts, &clip))
		return;
	if (!triage_set_class(ts->triage, ts->rv->clips[clip].key, cls, accepted)) {
		app_message(a, "'%s' is %s already", clip_name(ts, clip),
			    cls == CLIP_CLASS_COUNT ? "undecided" : clip_class_name(cls));
		return;
	}
	if (cls == CLIP_CLASS_COUNT)
		app_message(a, "'%s': decision taken back", clip_name(ts, clip));
	else
		app_message(a, "'%s': %s", clip_name(ts, clip), clip_class_name(cls));
	changed(a, ts, clip);
}

static void accept(struct app *a)
{
	struct tui_session *ts;
	size_t clip;

	if (!target(a, &ts, &clip))
		return;
	if (!ts->rv->clips[clip].analysis.done) {
		app_message(a, "nothing to accept: '%s' is not analysed yet", clip_name(ts, clip));
		return;
	}
	set_class(a, ts->rv->clips[clip].analysis.cls, true);
}

static void mark(struct app *a)
{
	struct tui_session *ts;
	size_t clip;
	bool on;

	if (!target(a, &ts, &clip))
		return;
	on = !triage_get(ts->triage, ts->rv->clips[clip].key).marked;
	triage_set_mark(ts->triage, ts->rv->clips[clip].key, on);
	app_message(a, "'%s' %s", clip_name(ts, clip), on ? "marked for later" : "unmarked");
	changed(a, ts, clip);
}

/* The clip of key in the open session. */
static bool find_key(struct tui_session *ts, const char *key, size_t *clip)
{
	for (size_t i = 0; i < ts->rv->n_clips; i++)
		if (!strcmp(ts->rv->clips[i].key, key)) {
			*clip = i;
			return true;
		}
	return false;
}

static void undo_redo(struct app *a, bool redo)
{
	struct tui_session *ts = app_open_session(a);
	const char *key;
	size_t clip = 0;

	if (a->view == VIEW_SESSIONS || !ts) {
		app_message(a, "open a session first (Enter)");
		return;
	}
	key = redo ? triage_redo(ts->triage) : triage_undo(ts->triage);
	if (!key) {
		app_message(a, "nothing to %s", redo ? "redo" : "undo");
		return;
	}
	if (!find_key(ts, key, &clip)) {
		sessions_save(a, ts);
		return;
	}
	app_message(a, "%s on '%s'", redo ? "redone" : "undone", clip_name(ts, clip));
	changed(a, ts, clip);
}

static void next_uncertain(struct app *a, int dir)
{
	size_t n = a->cl.n_rows;

	if (a->view == VIEW_SESSIONS || !app_open_session(a)) {
		app_message(a, "open a session first (Enter)");
		return;
	}
	for (size_t k = 1; k <= n; k++) {
		size_t row = (a->cl.sel + n + (size_t)((long)dir * (long)k)) % n;

		if (cliplist_needs_decision(a, a->cl.rows[row])) {
			a->cl.sel = row;
			if (k == n)
				app_message(a, "this is the only clip that needs a decision");
			return;
		}
	}
	app_message(a, "no clip in the list needs a decision");
}

bool decide_action(struct app *a, enum action act)
{
	switch (act) {
	case ACTION_SET_DIALOGUE: set_class(a, CLIP_CLASS_DIALOGUE, false); break;
	case ACTION_SET_MUSIC: set_class(a, CLIP_CLASS_MUSIC, false); break;
	case ACTION_SET_SFX: set_class(a, CLIP_CLASS_SFX, false); break;
	case ACTION_CLEAR_CLASS: set_class(a, CLIP_CLASS_COUNT, false); break;
	case ACTION_ACCEPT: accept(a); break;
	case ACTION_MARK: mark(a); break;
	case ACTION_UNDO: undo_redo(a, false); break;
	case ACTION_REDO: undo_redo(a, true); break;
	case ACTION_NEXT_UNCERTAIN: next_uncertain(a, 1); break;
	case ACTION_PREV_UNCERTAIN: next_uncertain(a, -1); break;
	default: return false;
	}
	return true;
}

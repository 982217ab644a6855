/*
 * app.h: the state of the TUI, shared by its views.  One struct app,
 * owned by tui_main.c and touched only on the UI thread; the worker
 * thread hands over finished records only (worker.h).
 */
#ifndef TURNOVER_TUI_APP_H
#define TURNOVER_TUI_APP_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/job.h"
#include "audio/audio.h"
#include "keymap.h"
#include "log.h"
#include "plan.h"
#include "review.h"
#include "theme.h"
#include "triage.h"

enum view { VIEW_SESSIONS, VIEW_CLIPS, VIEW_DETAIL, VIEW_FIXES, VIEW_COUNT };

enum sess_state { SESS_QUEUED, SESS_LOADING, SESS_READY, SESS_FAILED };

/* One turnover found in the paths. */
struct tui_session {
	char *path;		/* the AAF, as found; owned */
	enum sess_state state;
	char *error;		/* why it could not be read; owned */
	struct review *rv;	/* once read; owned */
	struct triage *triage;	/* owned */
	char *state_path;	/* where decisions are saved; owned */
	char *fallback_path;	/* where they go when that fails; owned; may be NULL */
	size_t n_problems;	/* clips with media problems */
	bool save_failed;	/* the last save failed (message shown) */
	struct analyse *an;	/* the analysis under way or done; owned; NULL before */
	bool analysed;		/* everything the analysis found is in rv */
	bool prepped;		/* a prep of it succeeded in this run, or its default
				 * output folder has a report naming it */
};

/* Clip list columns, in sort order. */
enum sort_col {
	SORT_TIMECODE, SORT_TRACK, SORT_NAME, SORT_CLASS, SORT_CONFIDENCE, SORT_FLAGS,
	SORT_COL_COUNT
};

/* The class filter: one class, no decision yet, or all. */
#define FILTER_ALL (-1)
#define FILTER_UNDECIDED CLIP_CLASS_COUNT

/* The clip list of the open session. */
struct clip_list {
	size_t *rows;		/* indexes into rv->clips, filtered and sorted; owned */
	size_t n_rows, alloc_rows;
	size_t sel, top;	/* selected row, first row shown */
	enum sort_col sort;
	bool reverse;
	int filter_class;	/* FILTER_ALL, a class or FILTER_UNDECIDED */
	bool filter_uncertain, filter_problems, filter_marked;
	double threshold;	/* confidence below this needs a decision */
	char search[128];	/* the last search */
};

enum prompt_kind { PROMPT_NONE, PROMPT_SEARCH, PROMPT_THRESHOLD };

/* A line of input on the message line. */
struct prompt {
	enum prompt_kind kind;
	char text[128];
	size_t len;
	size_t origin;		/* the row selected when the search started */
};

/* The level overview of the clip in the detail view. */
struct levels {
	size_t sess, clip;	/* which clip */
	uint64_t serial;	/* the request; results of older ones are dropped */
	bool pending, ready;
	float *peak;		/* n peaks, 0-1; owned */
	float *rms;		/* n RMS levels, 0-1; owned */
	int n;
	char *error;		/* why there are none; owned */
};

/* The stereo and mono review of the open session. */
struct fix_list {
	struct review_fix *v;	/* the proposed fixes (review.h); owned */
	size_t n, sel, top;
};

struct preprun;

/* The prep screen (prepview.h). */
struct prep_view {
	bool open;
	size_t sess;		/* the session it is about */
	char *out_dir;		/* the folder to write; owned */
	const char *out_opt;	/* --out DIR; NULL: beside the AAF's folder */
	bool editing;		/* the folder is being edited */
	char edit[1024];
	size_t edit_len;
	bool ask_force;		/* the folder is not empty: F replaces it */
	char *error;		/* why the last run failed; owned */
	char *done;		/* what the last run wrote; owned */
	struct preprun *run;	/* under way or ended, not yet taken; owned */
	size_t run_sess;	/* the session it preps */
};

struct worker;
struct script;

struct app {
	struct keymap *km;
	struct theme theme;
	attr_t attr[THEME_SLOT_COUNT];	/* curses attributes of the theme slots */
	struct player *player;
	struct player_status ps;
	struct worker *worker;
	char **paths;		/* paths to look in, as given; owned */
	size_t n_paths;
	struct tui_session *sess;	/* owned */
	size_t n_sess;
	size_t sel_sess, top_sess;
	size_t open;		/* the session of the clips and detail views */
	enum view view;
	bool help;
	int help_top;
	struct clip_list cl;
	size_t detail;		/* the clip (index into rv->clips) in the detail view */
	struct prompt prompt;
	struct levels lv;
	struct fix_list fx;
	char msg[300];
	bool msg_is_error;
	double preroll;		/* seconds */
	enum audio_channels channels;
	bool loop;
	bool quit;
	int exit_status;
	char fatal[300];	/* printed after curses ends (a script's error) */
	unsigned ps_serial;	/* the player status last looked at */
	const char *keymap_name, *theme_name;
	struct classifier *model;	/* NULL: no analysis; owned */
	struct analysis_options ao;	/* threads and cache of the analysis */
	char *cache_dir;		/* owned; NULL: no cache */
	bool analysing;			/* an analysis is under way or waiting */
	struct template *tmpl;		/* --template (film-tv); NULL: none found; owned */
	struct plan plan;		/* where the open session's clips would land; n = 0: none */
	struct prep_view pv;
	int remote_port;		/* > 0: the audio goes to `turnover listen` there */
	bool remote_absent;		/* the listener is not (or no longer) there */
};

/* The session open in the clips and detail views, or NULL. */
struct tui_session *app_open_session(struct app *a);

/* The keymap context of what is on screen (the help overlay's when it
 * is open). */
enum keymap_context app_context(const struct app *a);

/* The keymap context of the view, overlay or not. */
enum keymap_context app_view_context(const struct app *a);

/* Shows a message, or an error, on the message line. */
void app_message(struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void app_error(struct app *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Lines the list views have between the title and the status line. */
int app_list_lines(const struct app *a);

/* Draws the whole screen. */
void app_draw(struct app *a);

/* Does what key does in the view on screen. */
void app_handle_key(struct app *a, int key);

/* Takes what the worker finished, the log and the player's state. */
void app_poll(struct app *a);

/* The log callback for the core (any thread): warnings reach the
 * message line through app_poll(). */
void app_log(enum log_level level, const char *msg, void *user);

/*
 * Runs until quit: keys from the terminal, or the steps of script sc
 * (NULL: none).  wake_fd is the read end of the pipe the worker and the
 * signals write to.
 */
void app_run(struct app *a, int wake_fd, struct script *sc);

#endif

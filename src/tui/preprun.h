/*
 * preprun.h: `turnover prep` (prep.h) run on a thread of its own for the
 * browser's prep screen.  The UI thread starts it, polls its stage and
 * progress, and takes the result once it ended; it never waits, except
 * preprun_free() of a run still going (quitting waits for the folder to
 * be finished or removed: prep leaves nothing half-written).  Core only:
 * no curses.
 */
#ifndef TURNOVER_TUI_PREPRUN_H
#define TURNOVER_TUI_PREPRUN_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "prep.h"

struct preprun;

/* What a run is doing. */
struct preprun_status {
	enum prep_stage stage;
	size_t done, total;	/* clips, while analysing */
	bool started;		/* a stage was reported */
	bool ended;
};

/*
 * Starts prep_run() with o, whose strings are copied (o->model is
 * borrowed and must outlive the run; progress, on_outdir and user are
 * the run's own).  Returns NULL, with the reason in eb, when no thread
 * could be started.
 */
struct preprun *preprun_new(const struct prep_options *o, struct errbuf *eb);

/* Where the run is. */
void preprun_status(struct preprun *r, struct preprun_status *out);

/* Once ended: its result (the summary moved to *sum, the error in eb);
 * false while it runs. */
bool preprun_result(struct preprun *r, enum err *e, struct prep_summary *sum,
		    struct errbuf *eb);

/* Waits for the run to end, then frees; NULL does nothing. */
void preprun_free(struct preprun *r);

#endif

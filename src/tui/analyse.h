/*
 * analyse.h: the live analysis of one session in the TUI.  The classes
 * come from an analysis job (job.h: its own threads, the cache); once
 * every clip is classified, the channel findings (findings.h: channel
 * checks, split pairs, health) run on a thread of their own.  The UI
 * thread polls: analyse_poll() copies what is finished into the review
 * records and never waits.  Core only: no curses.
 */
#ifndef TURNOVER_TUI_ANALYSE_H
#define TURNOVER_TUI_ANALYSE_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/job.h"
#include "review.h"

struct analyse;

/*
 * Starts analysing rv's session with model (borrowed; both must outlive
 * the analysis).  Returns NULL, with the reason in eb, when no thread
 * could be started.
 */
struct analyse *analyse_new(struct review *rv, const struct classifier *model,
			    const struct analysis_options *opt, struct errbuf *eb);

/* Copies what finished since the last call into rv's records (classes,
 * then the channel findings); true when something changed. */
bool analyse_poll(struct analyse *an, struct review *rv);

/* Steps done and in all (a step: one clip classified, or one clip's
 * channels checked). */
void analyse_progress(const struct analyse *an, size_t *done, size_t *total);

/* True once everything is in the records. */
bool analyse_finished(const struct analyse *an);

/* Clips whose analysis failed (unreadable or missing media). */
size_t analyse_failed(const struct analyse *an);

/* Stops the threads (after the clip in hand) and frees; NULL does
 * nothing. */
void analyse_free(struct analyse *an);

#endif

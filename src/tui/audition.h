/*
 * audition.h: the TUI's side of playback: what the play keys do with the
 * selected clip, and how playback shows on the status line.
 */
#ifndef TURNOVER_TUI_AUDITION_H
#define TURNOVER_TUI_AUDITION_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/app.h"

/* Handles play, seek, loop, channels and pre-roll; false when act is
 * none of them. */
bool audition_action(struct app *a, enum action act);

/* What to play for clip (index into the open session's clips): its first
 * two channels that have media; false (with a message) when it cannot
 * be played. */
bool audition_make_clip(struct app *a, size_t clip, struct audio_clip *ac);

/* Plays ac with channels ch and fix f (the fixed version heard on the
 * fly); errors go to the message line. */
void audition_play(struct app *a, const struct audio_clip *ac, enum audio_channels ch,
		   enum audio_fix f);

/* True when clip of session sess is what the player plays now. */
bool audition_playing(const struct app *a, size_t sess, size_t clip);

/* Draws the playback part of the status line from x, in at most w
 * columns; returns the columns used. */
int audition_draw_status(struct app *a, int y, int x, int w);

/* Takes a notice of the player (ps.message) into the state of the remote
 * audio: the network output says when the listener went away, refused
 * or came back (audio_net.c). */
void audition_notice(struct app *a, const char *msg);

#endif

/*
 * listener.h: `turnover listen`: a TCP server on 127.0.0.1 only that
 * plays what one sender (audio_net.c, through ssh -R) sends to an output
 * (PortAudio or null, sink.h).  A sender must present the token first;
 * a wrong one is refused and logged.  A new authorised sender replaces
 * the old one.  A small jitter buffer holds the first jitter_ms of sound
 * after a start, a flush or a gap before it plays, so network hiccups do
 * not click.  Events go to the core log (log.h): info for senders coming
 * and going, warnings for refusals.
 * Depends on the core, sink.h outputs, netproto and netsock.  No curses.
 */
#ifndef TURNOVER_AUDIO_LISTENER_H
#define TURNOVER_AUDIO_LISTENER_H

#include <stdatomic.h>
#include <stdbool.h>

#include "err.h"
#include "audio/audio.h"

#define LISTENER_DEFAULT_JITTER_MS 120

struct listener_options {
	int port;		/* 0: any free port (listener_port() says which) */
	const char *token;	/* what senders must present; copied */
	const struct player_options *out;	/* the output: PortAudio or null */
	int jitter_ms;		/* 0: LISTENER_DEFAULT_JITTER_MS */
};

struct listener_stats {
	unsigned long long senders;	/* accepted */
	unsigned long long refused;	/* wrong token or bad hello */
	unsigned long long packets, frames;	/* audio received */
	unsigned long long flushes;
	unsigned long long dropped;	/* frames with no room to play */
	unsigned long long gaps;	/* the sound ran out and more came later */
};

/* Opaque. */
struct listener;

/*
 * Opens the output and binds 127.0.0.1:port; *out is NULL on failure.
 * errors: ERR_INVALID (bad token, a net output), ERR_EXISTS (port
 * taken), ERR_NOT_FOUND (no such device), ERR_IO.
 */
enum err listener_new(const struct listener_options *o, struct listener **out,
		      struct errbuf *eb);

/* The port bound. */
int listener_port(const struct listener *l);

/* The output's name; borrowed for l's life. */
const char *listener_output(const struct listener *l);

/* Serves senders until *quit turns true (looked at every 5 ms). */
void listener_run(struct listener *l, const atomic_bool *quit);

/* Counters so far; may be called from another thread. */
void listener_stats(struct listener *l, struct listener_stats *out);

/* Closes the connections, the socket and the output; NULL does nothing. */
void listener_free(struct listener *l);

#endif

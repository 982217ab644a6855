/*
 * audio.h: audition.  A player plays part of a clip (one or two media
 * channels, a frame range of each file) to an output: a PortAudio device
 * (audio_pa.c), nothing (audio_null.c: for tests and for machines without
 * sound, consuming at real time or at once and recording what it played),
 * and `turnover listen` on another machine (audio_net.c, through ssh -R).
 *
 * The player owns a feeder thread that decodes (analysis/decode.h
 * readers), resamples to the output's rate (libsoxr) and writes to a
 * single-producer single-consumer ring; the output only copies from the
 * ring.  Commands return at once; the state is read as a snapshot.
 * Start audio before initscr(): some back ends print while they start.
 *
 * Depends on the core, PortAudio (audio_pa.c only), libsoxr and pthreads.
 * No curses.
 */
#ifndef TURNOVER_AUDIO_H
#define TURNOVER_AUDIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

enum audio_backend {
	AUDIO_BACKEND_PORTAUDIO,
	AUDIO_BACKEND_NULL,
	AUDIO_BACKEND_NET,	/* `turnover listen` on a loopback port */
	AUDIO_BACKEND_COUNT
};

/* "portaudio", "null", "net"; "" when out of range. */
const char *audio_backend_name(enum audio_backend b);

struct audio_device {
	char *name;		/* owned */
	char *host_api;		/* "ALSA", "JACK Audio Connection Kit", ...; owned */
	int channels;		/* output channels */
	double rate;		/* default sample rate */
	bool is_default;
};

struct audio_device_list {
	struct audio_device *dev;	/* owned */
	size_t n;
};

/*
 * The output devices of backend b in *out (release with
 * audio_device_list_release()).  errors: ERR_IO (the backend does not
 * start; eb says why).
 */
enum err audio_list_devices(enum audio_backend b, struct audio_device_list *out,
			    struct errbuf *eb);

void audio_device_list_release(struct audio_device_list *l);

struct player_options {
	enum audio_backend backend;
	const char *device;	/* device name (or a part of it); NULL: the default */
	bool null_instant;	/* null backend: consume as fast as written */
	int null_rate;		/* null backend's rate; 0: 48000 */
	const char *null_log;	/* null backend: file it records positions to */
	int remote_port;	/* net backend: the listener's port on 127.0.0.1 */
	const char *remote_token;	/* net backend: the listener's token */
};

/* Fills o with the defaults: PortAudio, default device. */
void player_options_init(struct player_options *o);

/* The player; opaque. */
struct player;

/*
 * A new player in *out (free with player_free()).  There is always one:
 * when the output cannot be opened, the player exists without a device
 * (state PLAYER_NO_DEVICE, the reason in its status) and every command
 * does nothing.  Returns ERR_OK, or the output's error: ERR_NOT_FOUND (no
 * such device, no device at all), ERR_IO (the device does not open).
 */
enum err player_open(const struct player_options *o, struct player **out, struct errbuf *eb);

/* Stops, closes the output, joins the feeder; NULL does nothing. */
void player_free(struct player *p);

/* Which channels are heard. */
enum audio_channels {
	AUDIO_CHANNELS_BOTH,	/* left to left, right to right */
	AUDIO_CHANNELS_LEFT,	/* the left (first) channel on both sides */
	AUDIO_CHANNELS_RIGHT,	/* the right (second) channel on both sides */
	AUDIO_CHANNELS_COUNT
};

/* "L+R", "L", "R". */
const char *audio_channels_name(enum audio_channels c);

/* A channel fix heard on the fly, rendered from the originals as they
 * play (nothing is written): the "fixed" side of an A/B. */
enum audio_fix {
	AUDIO_FIX_NONE,		/* as the files are */
	AUDIO_FIX_FOLD,		/* (L + R) / 2 on both sides: dual mono folded to mono */
	AUDIO_FIX_FLIP_RIGHT,	/* the right side's polarity flipped */
	AUDIO_FIX_COUNT
};

/* "none", "fold", "flip right". */
const char *audio_fix_name(enum audio_fix f);

/* One channel of what to play: a file, its channel, a frame range. */
struct audio_source {
	const char *path;	/* borrowed for the call (copied) */
	int channel;		/* 1-based channel of the file */
	int64_t start;		/* first frame, at the file's rate */
};

/* What to play: one source (heard on both sides) or two (left, right). */
struct audio_clip {
	struct audio_source src[2];
	int n_src;		/* 1 or 2 */
	int rate;		/* the files' sample rate (both the same) */
	int64_t frames;		/* length at that rate */
	double preroll;		/* seconds to play before start, when the file has them */
	uint64_t id;		/* the caller's tag, given back in the status */
};

/*
 * Plays c from its start (after the pre-roll), stopping whatever plays.
 * The player copies c.  errors: ERR_INVALID (bad clip), ERR_IO (no
 * device).  Decoding errors come later, in the status message.
 */
enum err player_play(struct player *p, const struct audio_clip *c, struct errbuf *eb);

/* Stops playing (nothing when stopped). */
void player_stop(struct player *p);

/* Moves the play position by seconds (negative: back), within the clip. */
void player_seek(struct player *p, double seconds);

/* Loops the clip (without its pre-roll) or not; takes effect at once. */
void player_set_loop(struct player *p, bool loop);

/* Which channels are heard; takes effect at once. */
void player_set_channels(struct player *p, enum audio_channels c);

/* The fix applied to what plays, from now on (before the channel
 * choice); AUDIO_FIX_NONE plays the files as they are. */
void player_set_fix(struct player *p, enum audio_fix f);

enum player_state {
	PLAYER_NO_DEVICE,
	PLAYER_STOPPED,
	PLAYER_PLAYING,
	PLAYER_STATE_COUNT
};

struct player_status {
	enum player_state state;
	uint64_t id;		/* the id of the clip playing or played last */
	double position;	/* seconds from the clip's start; < 0 in the pre-roll */
	double length;		/* the clip's length, seconds */
	bool loop;
	enum audio_channels channels;
	enum audio_fix fix;
	int rate;		/* the output's rate */
	char device[128];	/* the output's name, or why there is none */
	char message[256];	/* the last playback error or output notice; "" when none */
	unsigned serial;	/* changes when anything but position changes */
};

/* A consistent snapshot of the player's state, for the UI thread. */
void player_status(struct player *p, struct player_status *out);

#endif

/*
 * netproto.h: the remote audition protocol between a sender (the network
 * output, audio_net.c) and `turnover listen` (listener.c), over a TCP
 * connection on the loopback interface (carried to the laptop by ssh -R).
 *
 * Every message is an 8-byte header, "TV", the type, the protocol
 * version, the payload length (u32 little-endian, at most
 * NETPROTO_MAX_PAYLOAD), then the payload.  The sender opens with HELLO
 * (version, channels, rate, token); the listener answers ACCEPT (its
 * version, channels and rate, which the sender must use) or REFUSE (a
 * reason) and closes.  Then AUDIO (a sequence number and 16-bit
 * little-endian interleaved PCM), FLUSH (drop what is buffered: a seek or
 * a stop) and STOP (the sender leaves).  Parsing never reads past the
 * bytes it is given.  Pure: depends on libc and err.h only.
 */
#ifndef TURNOVER_AUDIO_NETPROTO_H
#define TURNOVER_AUDIO_NETPROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define NETPROTO_VERSION 1
#define NETPROTO_HEADER 8
#define NETPROTO_MAX_PAYLOAD 16384
#define NETPROTO_MAX_TOKEN 64
#define NETPROTO_MAX_REASON 200
/* Frames in one AUDIO message at most (stereo fits the payload limit). */
#define NETPROTO_MAX_FRAMES 2048
/* The default TCP port of `turnover listen`. */
#define NETPROTO_DEFAULT_PORT 47380

enum netproto_type {
	NETPROTO_HELLO = 1,
	NETPROTO_ACCEPT,
	NETPROTO_REFUSE,
	NETPROTO_AUDIO,
	NETPROTO_FLUSH,
	NETPROTO_STOP,
	NETPROTO_TYPE_END
};

/* One message found in a buffer; payload points into that buffer. */
struct netproto_msg {
	enum netproto_type type;
	const uint8_t *payload;
	uint32_t len;
};

struct netproto_hello {
	unsigned version;
	unsigned channels;	/* 1 or 2 */
	uint32_t rate;		/* Hz */
	char token[NETPROTO_MAX_TOKEN + 1];
};

enum netproto_status { NETPROTO_OK, NETPROTO_MORE, NETPROTO_BAD };

/*
 * Looks for one whole message at the start of buf (len bytes): NETPROTO_OK
 * with *m and *used (its size) filled, NETPROTO_MORE when buf holds only
 * part of one, NETPROTO_BAD (eb says why: bad magic, version, type or
 * length) when it cannot be one.
 */
enum netproto_status netproto_next(const uint8_t *buf, size_t len, struct netproto_msg *m,
				   size_t *used, struct errbuf *eb);

/* HELLO and ACCEPT payloads.  errors: ERR_INVALID (wrong type, size,
 * channels, rate or token). */
enum err netproto_get_hello(const struct netproto_msg *m, struct netproto_hello *h,
			    struct errbuf *eb);
enum err netproto_get_accept(const struct netproto_msg *m, struct netproto_hello *h,
			     struct errbuf *eb);

/* A REFUSE's reason, NUL-terminated and with unprintable bytes as '?',
 * into out (out_len > 0). */
void netproto_get_reason(const struct netproto_msg *m, char *out, size_t out_len);

/*
 * An AUDIO message of channels-channel PCM as stereo floats (mono on both
 * sides) into out (room for NETPROTO_MAX_FRAMES frames); *frames and *seq
 * set.  errors: ERR_INVALID (wrong type, a length that is not whole
 * frames, too many frames).
 */
enum err netproto_get_audio(const struct netproto_msg *m, unsigned channels, float *out,
			    size_t *frames, uint32_t *seq, struct errbuf *eb);

/*
 * Writers: the whole message into out (cap bytes); return its size, or 0
 * when it does not fit or the content is invalid.
 */
size_t netproto_put_hello(uint8_t *out, size_t cap, enum netproto_type type,
			  const struct netproto_hello *h);
size_t netproto_put_reason(uint8_t *out, size_t cap, const char *reason);
size_t netproto_put_empty(uint8_t *out, size_t cap, enum netproto_type type);
/* frames of stereo floats (clipped to -1..1) as 16-bit PCM. */
size_t netproto_put_audio(uint8_t *out, size_t cap, uint32_t seq, const float *stereo,
			  size_t frames);

/* True for 1 to NETPROTO_MAX_TOKEN characters of A-Z a-z 0-9 . _ -. */
bool netproto_token_valid(const char *token);

/* Compares two tokens in time independent of where they differ. */
bool netproto_token_equal(const char *a, const char *b);

/*
 * The port of a loopback address: "PORT", "127.0.0.1:PORT" or
 * "localhost:PORT".  errors: ERR_INVALID (any other host: remote audio
 * goes through an ssh tunnel, never over the network; a bad port).
 */
enum err netproto_parse_addr(const char *spec, int *port, struct errbuf *eb);

#endif

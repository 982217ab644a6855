/* netproto.c: framing and bounds-checked parsing of the remote audition
 * protocol (netproto.h).  No sockets, no threads. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/netproto.h"

/* HELLO/ACCEPT payload: version u16, channels u16, rate u32, token
 * length u8, the token. */
#define HELLO_FIXED 9

static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v & 0xff);
	p[1] = (uint8_t)(v >> 8 & 0xff);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i) & 0xff);
}

static unsigned get16(const uint8_t *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

enum netproto_status netproto_next(const uint8_t *buf, size_t len, struct netproto_msg *m,
				   size_t *used, struct errbuf *eb)
{
	uint32_t n;

	if (len >= 1 && buf[0] != 'T')
		goto bad_magic;
	if (len >= 2 && buf[1] != 'V')
		goto bad_magic;
	if (len >= 3 && (buf[2] < NETPROTO_HELLO || buf[2] >= NETPROTO_TYPE_END)) {
		err_set(eb, ERR_INVALID, "unknown message type %u", buf[2]);
		return NETPROTO_BAD;
	}
	if (len >= 4 && buf[3] != NETPROTO_VERSION) {
		err_set(eb, ERR_INVALID, "protocol version %u (this turnover speaks %d)", buf[3],
			NETPROTO_VERSION);
		return NETPROTO_BAD;
	}
	if (len < NETPROTO_HEADER)
		return NETPROTO_MORE;
	n = get32(buf + 4);
	if (n > NETPROTO_MAX_PAYLOAD) {
		err_set(eb, ERR_INVALID, "message of %lu bytes (at most %d)", (unsigned long)n,
			NETPROTO_MAX_PAYLOAD);
		return NETPROTO_BAD;
	}
	if (len - NETPROTO_HEADER < n)
		return NETPROTO_MORE;
	m->type = (enum netproto_type)buf[2];
	m->payload = buf + NETPROTO_HEADER;
	m->len = n;
	*used = NETPROTO_HEADER + (size_t)n;
	return NETPROTO_OK;
bad_magic:
	err_set(eb, ERR_INVALID, "not a turnover audio stream");
	return NETPROTO_BAD;
}

bool netproto_token_valid(const char *token)
{
	size_t n = strlen(token);

	if (n < 1 || n > NETPROTO_MAX_TOKEN)
		return false;
	return strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

bool netproto_token_equal(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	unsigned diff = na != nb;

	for (size_t i = 0; i < na; i++)
		diff |= (unsigned)(uint8_t)a[i] ^ (unsigned)(uint8_t)(nb ? b[i % nb] : 0);
	return diff == 0;
}

static enum err get_hello(const struct netproto_msg *m, enum netproto_type type,
			  struct netproto_hello *h, struct errbuf *eb)
{
	size_t tlen;

	memset(h, 0, sizeof(*h));
	if (m->type != type || m->len < HELLO_FIXED)
		return err_set(eb, ERR_INVALID, "expected a %s message",
			       type == NETPROTO_HELLO ? "hello" : "accept");
	h->version = get16(m->payload);
	h->channels = get16(m->payload + 2);
	h->rate = get32(m->payload + 4);
	tlen = m->payload[8];
	if (m->len != HELLO_FIXED + tlen || tlen > NETPROTO_MAX_TOKEN)
		return err_set(eb, ERR_INVALID, "malformed %s message",
			       type == NETPROTO_HELLO ? "hello" : "accept");
	if (memchr(m->payload + HELLO_FIXED, '\0', tlen))	/* would cut the token short */
		return err_set(eb, ERR_INVALID, "a NUL in the token");
	memcpy(h->token, m->payload + HELLO_FIXED, tlen);
	h->token[tlen] = '\0';
	if (h->channels < 1 || h->channels > 2)
		return err_set(eb, ERR_INVALID, "%u channels (1 or 2)", h->channels);
	if (h->rate < 8000 || h->rate > 384000)
		return err_set(eb, ERR_INVALID, "sample rate %lu Hz", (unsigned long)h->rate);
	return ERR_OK;
}

enum err netproto_get_hello(const struct netproto_msg *m, struct netproto_hello *h,
			    struct errbuf *eb)
{
	enum err e = get_hello(m, NETPROTO_HELLO, h, eb);

	if (e == ERR_OK && !netproto_token_valid(h->token))
		return err_set(eb, ERR_INVALID, "hello without a valid token");
	return e;
}

enum err netproto_get_accept(const struct netproto_msg *m, struct netproto_hello *h,
			     struct errbuf *eb)
{
	return get_hello(m, NETPROTO_ACCEPT, h, eb);
}

void netproto_get_reason(const struct netproto_msg *m, char *out, size_t out_len)
{
	size_t n = m->type == NETPROTO_REFUSE ? m->len : 0;

	if (n > out_len - 1)
		n = out_len - 1;
	for (size_t i = 0; i < n; i++)
		out[i] = m->payload[i] >= 0x20 && m->payload[i] < 0x7f ? (char)m->payload[i] : '?';
	out[n] = '\0';
}

enum err netproto_get_audio(const struct netproto_msg *m, unsigned channels, float *out,
			    size_t *frames, uint32_t *seq, struct errbuf *eb)
{
	size_t bytes, n;
	const uint8_t *p;

	*frames = 0;
	if (m->type != NETPROTO_AUDIO || m->len < 4 || channels < 1 || channels > 2)
		return err_set(eb, ERR_INVALID, "malformed audio message");
	bytes = m->len - 4;
	if (bytes % (2 * channels))
		return err_set(eb, ERR_INVALID, "audio message of %zu bytes: not whole frames", bytes);
	n = bytes / (2 * channels);
	if (n > NETPROTO_MAX_FRAMES)
		return err_set(eb, ERR_INVALID, "audio message of %zu frames", n);
	*seq = get32(m->payload);
	p = m->payload + 4;
	for (size_t i = 0; i < n; i++) {
		float l = (float)(int16_t)get16(p) / 32768.0f;
		float r = channels == 2 ? (float)(int16_t)get16(p + 2) / 32768.0f : l;

		out[2 * i] = l;
		out[2 * i + 1] = r;
		p += 2 * channels;
	}
	*frames = n;
	return ERR_OK;
}

static size_t put_header(uint8_t *out, size_t cap, enum netproto_type type, size_t len)
{
	if (len > NETPROTO_MAX_PAYLOAD || cap < NETPROTO_HEADER + len)
		return 0;
	out[0] = 'T';
	out[1] = 'V';
	out[2] = (uint8_t)type;
	out[3] = NETPROTO_VERSION;
	put32(out + 4, (uint32_t)len);
	return NETPROTO_HEADER + len;
}

size_t netproto_put_hello(uint8_t *out, size_t cap, enum netproto_type type,
			  const struct netproto_hello *h)
{
	size_t tlen = strlen(h->token), n;

	if ((type != NETPROTO_HELLO && type != NETPROTO_ACCEPT) || tlen > NETPROTO_MAX_TOKEN)
		return 0;
	n = put_header(out, cap, type, HELLO_FIXED + tlen);
	if (!n)
		return 0;
	put16(out + 8, h->version);
	put16(out + 10, h->channels);
	put32(out + 12, h->rate);
	out[16] = (uint8_t)tlen;
	memcpy(out + 17, h->token, tlen);
	return n;
}

size_t netproto_put_reason(uint8_t *out, size_t cap, const char *reason)
{
	size_t len = strlen(reason), n;

	if (len > NETPROTO_MAX_REASON)
		len = NETPROTO_MAX_REASON;
	n = put_header(out, cap, NETPROTO_REFUSE, len);
	if (n)
		memcpy(out + NETPROTO_HEADER, reason, len);
	return n;
}

size_t netproto_put_empty(uint8_t *out, size_t cap, enum netproto_type type)
{
	if (type != NETPROTO_FLUSH && type != NETPROTO_STOP)
		return 0;
	return put_header(out, cap, type, 0);
}

static unsigned to_s16(float x)
{
	long v = lrintf(x * 32767.0f);

	if (!(x == x))	/* NaN */
		v = 0;
	v = v < -32768 ? -32768 : v > 32767 ? 32767 : v;
	return (unsigned)(uint16_t)(int16_t)v;
}

size_t netproto_put_audio(uint8_t *out, size_t cap, uint32_t seq, const float *stereo,
			  size_t frames)
{
	size_t n;
	uint8_t *p;

	if (frames > NETPROTO_MAX_FRAMES)
		return 0;
	n = put_header(out, cap, NETPROTO_AUDIO, 4 + 4 * frames);
	if (!n)
		return 0;
	put32(out + 8, seq);
	p = out + 12;
	for (size_t i = 0; i < 2 * frames; i++, p += 2)
		put16(p, to_s16(stereo[i]));
	return n;
}

enum err netproto_parse_addr(const char *spec, int *port, struct errbuf *eb)
{
	const char *colon = strrchr(spec, ':'), *p = colon ? colon + 1 : spec;
	size_t hlen = colon ? (size_t)(colon - spec) : 0;
	char *end;
	long v;

	if (colon && !(hlen == 9 && !strncmp(spec, "127.0.0.1", 9)) &&
	    !(hlen == 9 && !strncmp(spec, "localhost", 9)))
		return err_set(eb, ERR_INVALID, "refusing '%s': remote audio goes to a loopback "
			       "address only (PORT, 127.0.0.1:PORT or localhost:PORT), "
			       "carried by ssh -R", spec);
	errno = 0;
	v = strtol(p, &end, 10);
	if (end == p || *end || errno || v < 1 || v > 65535)
		return err_set(eb, ERR_INVALID, "bad port in '%s' (1 to 65535)", spec);
	*port = (int)v;
	return ERR_OK;
}

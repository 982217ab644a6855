/*
 * strbuf.h: a growable NUL-terminated byte string.  Low level: libc and
 * xalloc only.
 */
#ifndef TURNOVER_STRBUF_H
#define TURNOVER_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;	/* always NUL-terminated once initialised */
	size_t len;
	size_t alloc;
};

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* Empties the string, keeping its memory. */
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hands the string to the caller (who frees it) and re-initialises sb. */
char *strbuf_detach(struct strbuf *sb);
/* The contents; "" for an empty, never-grown buffer.  Borrowed. */
const char *strbuf_str(const struct strbuf *sb);

#endif

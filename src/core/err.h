/*
 * err.h: the error codes of the core and a buffer that keeps the first
 * detailed message.  Low level: depends on nothing but libc.
 */
#ifndef TURNOVER_ERR_H
#define TURNOVER_ERR_H

#include <stddef.h>

#define ERR_CODES(_) \
	_(OK, "success") \
	_(NOMEM, "out of memory") \
	_(IO, "input/output error") \
	_(NOT_FOUND, "not found") \
	_(INVALID, "invalid argument") \
	_(NOT_AAF, "not an AAF file") \
	_(AAF_MALFORMED, "malformed AAF file") \
	_(AAF_UNSUPPORTED, "unsupported AAF content") \
	_(AAF_NO_COMPOSITION, "no composition in AAF file") \
	_(MEDIA_MISSING, "media file missing") \
	_(MEDIA_UNREADABLE, "media file unreadable") \
	_(JSON, "malformed JSON") \
	_(CONFIG, "bad configuration file") \
	_(EXISTS, "already exists") \
	_(INTERRUPTED, "interrupted") \
	_(MODEL, "bad classifier model")

enum err {
#define ERR_ENUM_(name, msg) ERR_##name,
	ERR_CODES(ERR_ENUM_)
#undef ERR_ENUM_
	ERR_COUNT
};

/* A caller-owned buffer for the first detailed error message. */
struct errbuf {
	enum err code;
	char msg[512];
};

/* The fixed text of an error code; never NULL. */
const char *err_str(enum err code);

/* Empties the buffer (code ERR_OK, empty message). */
void errbuf_init(struct errbuf *eb);

/*
 * Records code and a printf-style message in eb unless it already holds an
 * error (the first cause wins); eb may be NULL.  Returns code, so callers can
 * write `return err_set(eb, ERR_AAF_MALFORMED, "...")`.
 */
enum err err_set(struct errbuf *eb, enum err code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The message to show: the detailed one if any, else the code's text. */
const char *errbuf_msg(const struct errbuf *eb);

#endif

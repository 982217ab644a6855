/*
 * utf8.h: decoding and encoding single UTF-8 sequences, strictly
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
 * Low level: libc only.
 */
#ifndef TURNOVER_UTF8_H
#define TURNOVER_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Longest UTF-8 sequence, in bytes. */
#define UTF8_MAX 4

/* The replacement character U+FFFD as UTF-8, for bytes that do not decode. */
#define UTF8_REPLACEMENT "\xEF\xBF\xBD"

/*
 * Decodes the well-formed sequence at s (n bytes available) into *cp (cp
 * may be NULL) and returns its length, 1 to 4.  Returns 0 when s does not
 * start a well-formed sequence (a stray continuation byte, a truncated or
 * overlong sequence, a surrogate, a value past U+10FFFF) or n is 0; the
 * caller then treats the first byte alone as bad.
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Writes code point cp to out as UTF-8 and returns its length (1 to 4);
 * returns 0 and writes nothing for surrogates and values past U+10FFFF. */
size_t utf8_encode(uint32_t cp, char out[UTF8_MAX]);

#endif

/*
 * xalloc.h: allocation that never returns NULL.  On failure one hook runs
 * (the TUI ends curses there) and the process aborts.  Bad input must never
 * reach this path: sizes from files are checked before allocating.
 */
#ifndef TURNOVER_XALLOC_H
#define TURNOVER_XALLOC_H

#include <stddef.h>

typedef void (*xalloc_fail_fn)(void);

/* Installs the hook called before abort() on allocation failure. */
void xalloc_set_fail_hook(xalloc_fail_fn fn);

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc for arrays: nmemb * size, checked for overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grows *arr (of *alloc elements of size sz) to hold at least need. */
#define XGROW(arr, need, alloc) do { \
	if ((size_t)(need) > (alloc)) { \
		size_t n_ = (alloc) ? (alloc) * 2 : 8; \
		while (n_ < (size_t)(need)) \
			n_ *= 2; \
		(arr) = xreallocarray((arr), n_, sizeof(*(arr))); \
		(alloc) = n_; \
	} \
} while (0)

#endif

/* ring.c: lock-free SPSC ring of stereo frames. */
#include "config.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "ring.h"
#include "xalloc.h"

struct ring {
	float *buf;		/* 2 * size floats */
	size_t size;		/* frames, a power of two */
	atomic_size_t head;	/* frames written, ever (producer) */
	atomic_size_t tail;	/* frames read, ever (consumer) */
};

struct ring *ring_new(size_t frames)
{
	struct ring *r = xcalloc(1, sizeof(*r));

	r->size = 1;
	while (r->size < frames)
		r->size *= 2;
	r->buf = xcalloc(r->size * 2, sizeof(float));
	atomic_init(&r->head, 0);
	atomic_init(&r->tail, 0);
	return r;
}

void ring_free(struct ring *r)
{
	if (!r)
		return;
	free(r->buf);
	free(r);
}

size_t ring_space(const struct ring *r)
{
	size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);

	return r->size - (head - tail);
}

size_t ring_available(const struct ring *r)
{
	size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	size_t head = atomic_load_explicit(&r->head, memory_order_acquire);

	return head - tail;
}

/* Frames from frame index pos to the end of the buffer, at most n. */
static size_t first_part(const struct ring *r, size_t pos, size_t n)
{
	size_t left = r->size - (pos & (r->size - 1));

	return left < n ? left : n;
}

size_t ring_write(struct ring *r, const float *src, size_t n)
{
	size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
	size_t space = ring_space(r), first;

	if (n > space)
		n = space;
	if (n == 0)
		return 0;
	first = first_part(r, head, n);
	memcpy(r->buf + 2 * (head & (r->size - 1)), src, first * 2 * sizeof(float));
	memcpy(r->buf, src + 2 * first, (n - first) * 2 * sizeof(float));
	atomic_store_explicit(&r->head, head + n, memory_order_release);
	return n;
}

size_t ring_read(struct ring *r, float *dst, size_t n)
{
	size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
	size_t avail = ring_available(r), first;

	if (n > avail)
		n = avail;
	if (n == 0)
		return 0;
	first = first_part(r, tail, n);
	memcpy(dst, r->buf + 2 * (tail & (r->size - 1)), first * 2 * sizeof(float));
	memcpy(dst + 2 * first, r->buf, (n - first) * 2 * sizeof(float));
	atomic_store_explicit(&r->tail, tail + n, memory_order_release);
	return n;
}

void ring_drop(struct ring *r)
{
	size_t head = atomic_load_explicit(&r->head, memory_order_acquire);

	atomic_store_explicit(&r->tail, head, memory_order_release);
}

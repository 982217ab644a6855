/*
 * ring.h: a single-producer single-consumer ring of stereo float frames.
 * The producer (the player's feeder thread) writes, the consumer (the
 * audio callback) reads; neither locks, allocates or waits.  Indexes are
 * C11 atomics with acquire/release ordering.  Depends on libc only.
 */
#ifndef TURNOVER_AUDIO_RING_H
#define TURNOVER_AUDIO_RING_H

#include <stddef.h>

/* Opaque. */
struct ring;

/* A ring holding up to frames stereo frames (rounded up to a power of
 * two); free with ring_free(). */
struct ring *ring_new(size_t frames);

/* Frees r; NULL does nothing.  Neither side may use it any more. */
void ring_free(struct ring *r);

/* Producer: frames that can be written now. */
size_t ring_space(const struct ring *r);

/* Producer: writes up to n frames (2n floats, L R L R ...) from src;
 * returns how many it wrote. */
size_t ring_write(struct ring *r, const float *src, size_t n);

/* Consumer: frames ready to read. */
size_t ring_available(const struct ring *r);

/* Consumer: reads up to n frames into dst; returns how many. */
size_t ring_read(struct ring *r, float *dst, size_t n);

/* Consumer: drops every frame written so far. */
void ring_drop(struct ring *r);

#endif

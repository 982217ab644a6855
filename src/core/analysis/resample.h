/*
 * resample.h: converts a mono stream at any rate to the analysis rate,
 * RESAMPLE_RATE (8 kHz), keeping 0-3.5 kHz.
 *
 * Analysis looks only at the band every recording has, telephone speech
 * included, so what a clip is judged on does not depend on how wide its
 * band is.  Two windowed-sinc stages: any rate to 16 kHz with a short
 * kernel (passes 0-4 kHz, stops from 12 kHz, so what folds back lands
 * above 4 kHz), then a 16-to-8 kHz half-band stage (passes to 3.5 kHz,
 * stops from 4.5 kHz).  Positions step by exact integer ratios, so long
 * streams do not drift.
 *
 * Depends on libc only.
 */
#ifndef TURNOVER_ANALYSIS_RESAMPLE_H
#define TURNOVER_ANALYSIS_RESAMPLE_H

#include <stddef.h>

#define RESAMPLE_RATE 8000

struct resample;

/* A converter from in_rate (1 .. 1000000) to RESAMPLE_RATE; free with
 * resample_free().  Returns NULL for a rate out of range. */
struct resample *resample_new(int in_rate);

/*
 * Feeds n input samples and writes the outputs they complete to out,
 * which must have room for resample_out_max(n) samples.  Returns the
 * number written.  in == NULL with n > 0 feeds n zeros; call
 * resample_flush() at the end to get the tail.
 */
size_t resample_process(struct resample *r, const float *in, size_t n, float *out);

/* Outputs the tail held back for the filters' look-ahead (room for
 * resample_out_max(0) samples).  Returns the number written. */
size_t resample_flush(struct resample *r, float *out);

/* Room that out needs for n input samples. */
size_t resample_out_max(const struct resample *r, size_t n);

/* Starts a new stream at the same rate (keeps the kernels). */
void resample_reset(struct resample *r);

void resample_free(struct resample *r);

#endif

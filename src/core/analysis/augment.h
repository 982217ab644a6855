/*
 * augment.h: changes made to a training clip's analysis signal so that the
 * model learns the sound, not the recording chain: a band limit (high-pass
 * and low-pass), a spectral tilt, and added noise (room tone).  Applied at
 * the analysis rate, between resampling and the spectrum.
 *
 * Depends on libc and rng.h.
 */
#ifndef TURNOVER_ANALYSIS_AUGMENT_H
#define TURNOVER_ANALYSIS_AUGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/rng.h"

/* What to do to a clip; all zero = nothing. */
struct augment {
	double hp_hz;		/* 2nd-order Butterworth high-pass corner; 0 none */
	double lp_hz;		/* 2nd-order Butterworth low-pass corner; 0 none */
	double tilt_db;		/* first-order shelf at 1 kHz: gain above it, dB */
	double noise_db;	/* RMS of added pink noise, dBFS; 0 none */
	uint64_t seed;		/* for the noise */
};

/* The running state of one augmented stream. */
struct augment_state {
	struct augment a;
	double hp[5], lp[5];	/* biquad coefficients b0 b1 b2 a1 a2 */
	double hz[2], lz[2];	/* biquad states (transposed direct form II) */
	double tilt_a, tilt_g, tilt_z;
	double pink[3];
	float noise_gain;
	struct rng rng;
	bool active;
};

/*
 * Draws a random augmentation for a clip whose frames peak at about
 * level_db (dBFS, the 95th percentile of the frame levels): usually a band
 * limit, sometimes a tilt, and noise at 8-40 dB below the level.
 */
void augment_draw(struct augment *a, struct rng *r, double level_db);

/* Starts applying a (copied) at rate hz; a NULL a applies nothing. */
void augment_start(struct augment_state *st, const struct augment *a, int rate);

/* Applies the augmentation to x in place. */
void augment_apply(struct augment_state *st, float *x, size_t n);

#endif

/*
 * pairsim.h: how much two mono signals look like the two sides of one
 * stereo recording, beyond the waveform correlation (which genuine wide
 * stereo may lack): whether their levels rise and fall together, band by
 * band, and whether their long-term spectra have the same shape.
 *
 * Streams in frames of about 20 ms (a Hann-windowed FFT per frame and
 * side, 16 bands on a log scale); memory does not grow with the length.
 *
 * Low level: libc, xalloc and KissFFT (only in the .c).
 */
#ifndef TURNOVER_ANALYSIS_PAIRSIM_H
#define TURNOVER_ANALYSIS_PAIRSIM_H

#include <stddef.h>
#include <stdint.h>

struct pairsim_result {
	int64_t frames;		/* analysis frames in all */
	int64_t active;		/* frames where either side was above the floor */
	/* Pearson correlation over the active frames of the two sides'
	 * levels in dB: broadband, and the mean over the bands that carry
	 * sound; NaN with fewer than PAIRSIM_MIN_FRAMES active frames */
	double env_corr;
	double band_corr;
	/* the same for the frame-to-frame changes of the band levels: do
	 * onsets and decays happen together */
	double flux_corr;
	/* magnitude-squared coherence (0 .. 1) over the active frames,
	 * averaged over frequency with the power as weight: near 1 for one
	 * source in both sides whatever the delay, gain or polarity, near
	 * 1 / active frames for unrelated signals */
	double coherence;
	/* RMS over the bands of the difference of the long-term spectra in
	 * dB, once their mean level difference is taken out; NaN when too
	 * little was active */
	double spec_dist_db;
	double level_diff_db;	/* that mean level difference (b minus a) */
};

/* Fewest active frames (about 0.5 s) for the envelope measures. */
#define PAIRSIM_MIN_FRAMES 24

struct pairsim;

/* A new comparer for signals at rate Hz; free with pairsim_free(). */
struct pairsim *pairsim_new(int rate);

/* Feeds n more samples of both signals (same instants). */
void pairsim_feed(struct pairsim *p, const float *a, const float *b, size_t n);

/* The measures of everything fed; the comparer is spent afterwards. */
void pairsim_finish(struct pairsim *p, struct pairsim_result *out);

/* NULL does nothing. */
void pairsim_free(struct pairsim *p);

#endif

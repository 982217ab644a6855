/*
 * segment.h: the statistics of a run of analysis frames (a segment of up to
 * about 19 s): levels, spectral shape, onsets, envelope modulation, pitch
 * and cepstrum, as the entries of the feature vector (features.h).
 *
 * Depends on libc, spectrum.h and features.h (for the feature list).
 */
#ifndef TURNOVER_ANALYSIS_SEGMENT_H
#define TURNOVER_ANALYSIS_SEGMENT_H

#include "analysis/features.h"
#include "analysis/spectrum.h"

/* Most frames in one segment. */
#define SEGMENT_MAX_FRAMES 1024

/* Bins of the tone histogram: spectrum bins of 15.625 Hz. */
#define SEGMENT_TONE_BINS 257

/* A frame counts as one spectral line when the strongest peak (+-2 bins)
 * holds this share of the core band's power. */
#define SEGMENT_TONAL_SHARE 0.8

struct segment_stats {
	int frames;
	int active;		/* frames within 35 dB of the segment's loud ones */
	int tonal;		/* active frames dominated by one line */
	int onsets;
	/* the feature vector entries of this segment; CREST is the clip's and
	 * stays 0 */
	double v[FEATURE_COUNT];
};

/*
 * Measures n frames (1 <= n <= SEGMENT_MAX_FRAMES) into *out; f is modified (scratch).  For each
 * active tonal frame, tone_hist[bin of its strongest line] is incremented.
 */
void segment_measure(struct spectrum_frame *f, int n, struct segment_stats *out,
		     unsigned tone_hist[SEGMENT_TONE_BINS]);

#endif

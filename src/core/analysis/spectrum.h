/*
 * spectrum.h: short-time analysis of the 8 kHz analysis signal.  Frames of
 * SPECTRUM_WIN samples (40 ms, Hann, zero-padded to a 512-point FFT) every
 * SPECTRUM_HOP samples (25 ms); each gives one struct spectrum_frame of
 * measurements.  Level and pitch use the band SPECTRUM_LO_HZ ..
 * SPECTRUM_HI_HZ; the spectral shape, peaks and mel bands use the core
 * band, about 300-3400 Hz, which telephone speech and small speakers keep.
 *
 * Everything but energy_db and mel_db/ceps[0] is independent of the level.
 *
 * Depends on libc and KissFFT (only in the .c).
 */
#ifndef TURNOVER_ANALYSIS_SPECTRUM_H
#define TURNOVER_ANALYSIS_SPECTRUM_H

#include <stddef.h>
#include <stdint.h>

#define SPECTRUM_RATE 8000
#define SPECTRUM_WIN 320
#define SPECTRUM_HOP 200
#define SPECTRUM_FPS (SPECTRUM_RATE / SPECTRUM_HOP)
#define SPECTRUM_LO_HZ 62.5
#define SPECTRUM_HI_HZ 3750.0
#define SPECTRUM_MEL 24		/* mel bands between LO and HI */
#define SPECTRUM_CEPS 13	/* cepstral coefficients c0 .. c12 */
#define SPECTRUM_PITCH_MIN 60.0	/* Hz */
#define SPECTRUM_PITCH_MAX 500.0

struct spectrum_frame {
	float energy_db;	/* mean square in the band, dB (full-scale sine: -3) */
	float centroid;		/* Hz */
	float spread;		/* Hz, standard deviation around the centroid */
	float rolloff;		/* Hz below which 85% of the band's power lies */
	float flatness;		/* dB, geometric over arithmetic mean power, <= 0 */
	float change;		/* 1 - cosine similarity of magnitude spectra with the
				 * previous frame (0 steady .. 1 all new) */
	float onset;		/* mean rise of the mel band levels since the
				 * previous frame, dB (falls count 0) */
	float harmonicity;	/* normalised autocorrelation peak, 0 .. 1 */
	float pitch_hz;		/* lag of that peak as a frequency */
	float peaks;		/* spectral peaks (local maxima 6 dB over their
				 * surroundings) in the band */
	float peak_keep;	/* fraction of them that the previous frame had
				 * within one bin */
	float tonal;		/* power share of the strongest peak (+-2 bins) */
	float tone_hz;		/* frequency of the strongest bin in the core band */
	float chroma[12];	/* the peaks' power by pitch class (C = 0), sum 1
				 * (all 0 without peaks) */
	float mel_db[SPECTRUM_MEL];
	float ceps[SPECTRUM_CEPS];	/* DCT-II of mel_db */
};

struct spectrum;

/* Called for each frame in order; f is borrowed for the call. */
typedef void (*spectrum_frame_fn)(const struct spectrum_frame *f, void *user);

/* A new analyser; free with spectrum_free(). */
struct spectrum *spectrum_new(void);

/* Starts over (a new signal), keeping the allocations. */
void spectrum_reset(struct spectrum *s);

/* Feeds n samples at SPECTRUM_RATE; fn gets each frame they complete. */
void spectrum_feed(struct spectrum *s, const float *x, size_t n,
		   spectrum_frame_fn fn, void *user);

/* Ends the signal: frames whose centre lies in it are padded with zeros
 * and passed to fn, and a signal shorter than one frame still gives one.
 * No frame at all for an empty signal. */
void spectrum_finish(struct spectrum *s, spectrum_frame_fn fn, void *user);

void spectrum_free(struct spectrum *s);

#endif

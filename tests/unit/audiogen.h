/*
 * audiogen.h: audio fixtures for the analysis tests, written with
 * libsndfile into a temporary directory: sines, noise, silence, and
 * whatever a test computes sample by sample.
 */
#ifndef TURNOVER_TESTS_AUDIOGEN_H
#define TURNOVER_TESTS_AUDIOGEN_H

#include <stdint.h>

/* Sample (channel ch, frame i) of a generated signal. */
typedef double (*audiogen_fn)(int64_t i, int ch, int rate, void *user);

/* Creates the temporary directory (under $TMPDIR); returns its path
 * (static storage). */
const char *audiogen_dir(const char *name);

/* Writes into the existing folder path instead (a generator's output
 * folder; audiogen_cleanup() would remove it). */
void audiogen_use_dir(const char *path);

/* The directory audiogen_dir() made. */
const char *audiogen_dir_path(void);

/* Removes it and everything in it. */
void audiogen_cleanup(void);

/*
 * Writes frames frames of fn to DIR/rel with libsndfile format (e.g.
 * SF_FORMAT_WAV | SF_FORMAT_PCM_24); returns the path (caller frees).
 * Fails the test when it cannot.
 */
char *audiogen_write(const char *rel, int format, int channels, int rate, int64_t frames,
		     audiogen_fn fn, void *user);

/* Ready-made signals.  user points at a struct audiogen_tone. */
struct audiogen_tone {
	double hz, amp;		/* sine */
	double dc;		/* added offset */
	double noise;		/* RMS of added white noise */
	uint64_t seed;
};
double audiogen_tone(int64_t i, int ch, int rate, void *user);

/* A crude synthetic "voice": a 120-220 Hz gliding pulse train through two
 * formants, in 4 Hz syllables with pauses. */
double audiogen_voice(int64_t i, int ch, int rate, void *user);

#endif

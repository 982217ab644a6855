/*
 * pcm.h: whole recordings in memory, for building the demo turnover:
 * load (libsndfile), mix, resample (libsoxr), cut, and write WAV files
 * atomically.  Not for analysis (which streams): these buffers hold a few
 * seconds of audio.  Depends on libsndfile, libsoxr and the core's
 * err/xalloc.
 */
#ifndef TURNOVER_DEMO_PCM_H
#define TURNOVER_DEMO_PCM_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct pcm {
	float *data;		/* interleaved; owned */
	int64_t frames;
	int channels;
	int rate;
};

/* Frees p's samples and zeroes it. */
void pcm_release(struct pcm *p);

/* Loads a whole audio file (anything libsndfile reads) of at most
 * max_frames frames.  errors: ERR_MEDIA_MISSING, ERR_MEDIA_UNREADABLE. */
enum err pcm_load_file(const char *path, int64_t max_frames, struct pcm *out, struct errbuf *eb);

/* The same from a file image in memory (borrowed for the call). */
enum err pcm_load_memory(const void *data, size_t len, struct pcm *out, struct errbuf *eb);

/* Converts p to rate in place (libsoxr, high quality).  errors: ERR_INVALID. */
enum err pcm_resample(struct pcm *p, int rate, struct errbuf *eb);

/* Mixes p down to one channel in place (the mean of the channels). */
void pcm_to_mono(struct pcm *p);

/* A new buffer of channels x frames of silence at rate. */
void pcm_init_silence(struct pcm *p, int channels, int64_t frames, int rate);

/* Adds src (same channel count, or mono into every channel) into dst at
 * frame at, scaled by gain; what falls outside dst is dropped. */
void pcm_mix_into(struct pcm *dst, int64_t at, const struct pcm *src, float gain);

/* The frames [from, from + n) of p as a new buffer (clamped to p). */
void pcm_cut(const struct pcm *p, int64_t from, int64_t n, struct pcm *out);

/* Peak-normalises p to peak_dbfs (no-op for silence). */
void pcm_normalise(struct pcm *p, double peak_dbfs);

/* Writes p as a WAV file of bits (16 or 24) per sample through a temp
 * file and rename().  With a description, a bext chunk (BWF) carries it,
 * the originator and time_reference (samples since midnight).
 * errors: ERR_IO. */
enum err pcm_write_wav(const struct pcm *p, const char *path, int bits, const char *description,
		       int64_t time_reference, struct errbuf *eb);

#endif

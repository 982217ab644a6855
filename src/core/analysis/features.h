/*
 * features.h: what a clip sounds like, as one vector of numbers: the
 * input of the classifier.
 *
 * A clip is decoded (decode.h), its level measured at its own rate,
 * resampled to 8 kHz (resample.h), optionally augmented for training
 * (augment.h) and cut into frames (spectrum.h).  Frames are gathered into
 * segments of about 13 s; each segment gives the statistics below over its
 * active frames (within 35 dB of its loud frames), and the clip's vector
 * is their average weighted by active frames.  So memory does not grow
 * with the clip and long clips are judged on all of their length.
 *
 * The clip's duration is measured but is not a feature: clips are judged
 * by their sound, and a short music cue or a long effect is no rarer in a
 * session than the reverse (leaving it out cost nothing in accuracy).
 *
 * Depends on libc, err.h and the analysis modules named above.
 */
#ifndef TURNOVER_ANALYSIS_FEATURES_H
#define TURNOVER_ANALYSIS_FEATURES_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "analysis/augment.h"
#include "analysis/decode.h"

#define FEATURE_CEPS(_, what, text) \
	_(what##_1, text "_1") _(what##_2, text "_2") _(what##_3, text "_3") \
	_(what##_4, text "_4") _(what##_5, text "_5") _(what##_6, text "_6") \
	_(what##_7, text "_7") _(what##_8, text "_8") _(what##_9, text "_9") \
	_(what##_10, text "_10") _(what##_11, text "_11") _(what##_12, text "_12")

/* name, text name; see features.c for each definition */
#define FEATURE_LIST(_) \
	_(CREST, "crest") \
	_(ACTIVE_RATIO, "active_ratio") \
	_(LOW_ENERGY_RATIO, "low_energy_ratio") \
	_(LEVEL_STD, "level_std") \
	_(LEVEL_P10, "level_p10") \
	_(LEVEL_P50, "level_p50") \
	_(DIP_RATE, "dip_rate") \
	_(CENTROID_MEAN, "centroid_mean") \
	_(CENTROID_STD, "centroid_std") \
	_(SPREAD_MEAN, "spread_mean") \
	_(ROLLOFF_MEAN, "rolloff_mean") \
	_(ROLLOFF_STD, "rolloff_std") \
	_(FLATNESS_MEAN, "flatness_mean") \
	_(FLATNESS_STD, "flatness_std") \
	_(CHANGE_MEAN, "change_mean") \
	_(CHANGE_STD, "change_std") \
	_(PEAKS_MEAN, "peaks_mean") \
	_(PEAK_KEEP_MEAN, "peak_keep_mean") \
	_(TONAL_MEAN, "tonal_mean") \
	_(ONSET_RATE, "onset_rate") \
	_(ONSET_MEAN, "onset_mean") \
	_(BEAT_STRENGTH, "beat_strength") \
	_(MOD_SLOW, "mod_0_5_2hz") \
	_(MOD_MID, "mod_2_4hz") \
	_(MOD_SYLLABLE, "mod_4_8hz") \
	_(MOD_FAST, "mod_8_16hz") \
	_(VOICED_RATIO, "voiced_ratio") \
	_(HARM_MEAN, "harm_mean") \
	_(HARM_STD, "harm_std") \
	_(PITCH_STD, "pitch_std") \
	_(PITCH_STABLE, "pitch_stable") \
	_(PITCH_GLIDE, "pitch_glide") \
	_(PITCH_JUMP, "pitch_jump") \
	_(VOICED_RUN, "voiced_run") \
	_(VOICING_RATE, "voicing_rate") \
	_(NOISY_RATIO, "noisy_ratio") \
	_(LEVEL_SKEW, "level_skew") \
	_(SIM_SHORT, "sim_0_5s") \
	_(SIM_LONG, "sim_2s") \
	_(COMODULATION, "comodulation") \
	_(CHROMA_ENTROPY, "chroma_entropy") \
	_(CHROMA_PEAK, "chroma_peak") \
	_(CHROMA_KEEP, "chroma_keep") \
	_(CHROMA_CHANGE, "chroma_change") \
	_(NOTES, "notes") \
	FEATURE_CEPS(_, CEPS_MEAN, "ceps_mean") \
	FEATURE_CEPS(_, CEPS_STD, "ceps_std") \
	_(CEPS_DELTA, "ceps_delta")

enum feature {
#define FEATURE_ENUM_(name, text) FEATURE_##name,
	FEATURE_LIST(FEATURE_ENUM_)
#undef FEATURE_ENUM_
	FEATURE_COUNT
};

/* The text name of a feature ("crest", ...); NULL when out of range. */
const char *feature_name(int i);

/* What was measured of one clip. */
struct clip_features {
	double duration;	/* seconds analysed */
	int64_t frames;		/* frames at the source rate */
	int sample_rate;	/* of the source */
	int channels;		/* mixed */
	int64_t missing;	/* frames of the range past the end of the source */
	/* levels at the source rate, of the mono mix */
	double peak_db;		/* sample peak, dBFS (-200 for silence) */
	double rms_db;		/* dBFS */
	double dc;		/* DC offset of the channels (decode_dc()) */
	int64_t clipped;	/* samples in runs of 3+ at full scale, any channel */
	/* of the 8 kHz analysis frames */
	double level_db;	/* 95th percentile of frame levels, dB */
	double floor_db;	/* 10th percentile */
	double active_ratio;	/* frames within 35 dB of the loud ones */
	double tonal_ratio;	/* active frames dominated by one spectral line */
	double tone_hz;		/* that line's median frequency, or 0 */
	double tone_spread;	/* its frequency's spread (Hz) among those frames */
	double onset_rate;	/* onsets per second */
	double band_db;	/* analysis band (60-3750 Hz) level minus the full level */
	bool silent;		/* no frame carries anything */
	double v[FEATURE_COUNT];	/* the classifier's input */
};

/* A reusable analysis context (FFT plans, tables); one per thread. */
struct features;

struct features *features_new(void);
void features_free(struct features *fx);

/*
 * Reads the rest of stream d to its end and measures it into *out
 * (cleared first).  aug, when not NULL, is applied to the analysis signal
 * (training).  errors: ERR_MEDIA_UNREADABLE when the source fails to read
 * (what was read before is not measured).
 */
enum err features_extract(struct features *fx, struct decode *d, const struct augment *aug,
			  struct clip_features *out, struct errbuf *eb);

#endif

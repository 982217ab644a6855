/*
 * stereo.h: what the channels of a clip really hold.  Per channel: level,
 * peak, DC offset, clipping runs, digital silence.  Between the first two
 * channels (left and right): whether they are genuine stereo, dual mono
 * (identical), near dual mono (one mono source with a small gain or delay
 * difference), polarity inverted (R = -L), or one side silent; with the
 * correlation, the inter-channel delay and the gain difference.
 *
 * The analysis streams: memory does not grow with the clip's length.  The
 * delay is the peak of the cross-correlation over a bounded window of lags
 * (xcorr.h).  Results are plain records; nothing here prints.
 *
 * Depends on libc, err, json (the writer), session, clipread and xcorr.
 */
#ifndef TURNOVER_ANALYSIS_STEREO_H
#define TURNOVER_ANALYSIS_STEREO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/clipread.h"
#include "err.h"
#include "json.h"
#include "session.h"

/* Channels measured one by one (a wider clip: the first ones). */
#define STEREO_MAX_CHANNELS 8

/* Lag window of the delay search, default (see stereo.c for why). */
#define STEREO_DEFAULT_MAX_LAG_MS 20

enum stereo_relation {
	STEREO_RELATION_UNKNOWN,	/* nothing measured (no frames) */
	STEREO_RELATION_MONO,		/* one channel: no relation to judge */
	STEREO_RELATION_STEREO,		/* two different signals */
	STEREO_RELATION_DUAL_MONO,	/* identical (to 1 LSB at 16 bits) */
	STEREO_RELATION_NEAR_DUAL_MONO,	/* one source, small gain or delay change */
	STEREO_RELATION_POLARITY_INVERTED,	/* R = -L (maybe with gain/delay) */
	STEREO_RELATION_ONE_SIDE_SILENT,	/* one side silent, the other not */
	STEREO_RELATION_SILENT,		/* both sides digital silence */
	STEREO_RELATION_COUNT
};

struct stereo_options {
	int max_lag_ms;		/* delay search window, +- ms (1 .. 100) */
};

/* What one channel holds. */
struct stereo_channel {
	double peak;		/* largest |sample|, full scale = 1 */
	double rms_db;		/* dBFS; -inf for silence */
	double dc;		/* DC offset, full scale = 1 (dcoffset.h): the
				 * smallest mean of any 1 s window if all share
				 * its sign, else 0 (the plain mean under 1 s) */
	int64_t clipped;	/* samples in runs of >= 3 at |x| >= 0.999 */
	int64_t clip_runs;	/* such runs */
	int64_t silent_frames;	/* frames in runs of digital silence >= 10 ms */
	bool silent;		/* every sample digital silence */
};

struct stereo_result {
	int channels;		/* channels analysed (<= STEREO_MAX_CHANNELS) */
	int sample_rate;
	int64_t frames;		/* frames analysed */
	int64_t missing;	/* frames of the clip's range the media lacks */
	enum stereo_relation relation;
	/* between channels 1 and 2 (0 / NaN for a mono clip): */
	double correlation;	/* at lag 0, -1 .. 1 (no mean removed) */
	double peak_correlation;	/* at delay_samples, signed */
	int delay_samples;	/* R later than L by this much (< 0: earlier) */
	double gain_diff_db;	/* R level minus L level, dB */
	double side_mid_db;	/* energy of (L-R) over (L+R), dB */
	double residual_db;	/* what R - g * L(t - delay) leaves, dB under R */
	bool bit_exact;		/* dual mono: every sample equal; polarity
				 * inverted: every sample R == -L */
	struct stereo_channel ch[STEREO_MAX_CHANNELS];
};

/* Fills o with the defaults. */
void stereo_options_init(struct stereo_options *o);

/* Streaming analyser; opaque. */
struct stereo;

/* A new analyser of `channels` channels (only the first
 * STEREO_MAX_CHANNELS are measured) at rate Hz; o NULL: defaults. */
struct stereo *stereo_new(int channels, int rate, const struct stereo_options *o);

/* Feeds n frames: ch[k] holds channel k's samples. */
void stereo_feed(struct stereo *st, const float *const *ch, size_t n);

/* The result of everything fed (the analyser is spent afterwards). */
void stereo_finish(struct stereo *st, struct stereo_result *out);

/* NULL does nothing. */
void stereo_free(struct stereo *st);

/*
 * Reads the rest of cr (not freed) and analyses it.
 * errors: ERR_MEDIA_UNREADABLE (read error).
 */
enum err stereo_analyze_read(struct clipread *cr, const struct stereo_options *o,
			     struct stereo_result *out, struct errbuf *eb);

/*
 * Analyses the range clip `clip` of track `track` plays (indices into the
 * session's arrays); o NULL: defaults.  A range past the media's end is
 * analysed as far as it goes (out->missing says how much was lacking).
 * errors: those of clipread_open_clip(), ERR_MEDIA_UNREADABLE.
 */
enum err stereo_analyze_clip(const struct session *s, size_t track, size_t clip,
			     const struct stereo_options *o, struct stereo_result *out,
			     struct errbuf *eb);

/* "unknown", "mono", "stereo", "dual_mono", "near_dual_mono",
 * "polarity_inverted", "one_side_silent", "silent"; never NULL. */
const char *stereo_relation_name(enum stereo_relation r);

/*
 * Writes r as the value of a clip's "channels" key: {"relation",
 * "delay_samples", "gain_diff_db", "correlation", "peak_correlation",
 * "side_mid_db", "bit_exact", "frames", "missing_frames", "per_channel":
 * [{"peak_dbfs", "rms_dbfs", "dc_offset", "clipped_samples", "clip_runs",
 * "silent_frames", "silent"}]}.  Values that do not apply are null.
 */
void stereo_json_write(struct json_writer *w, const struct stereo_result *r);

#endif

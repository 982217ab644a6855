/*
 * loudness.h: loudness of clips after ITU-R BS.1770 / EBU R128, through
 * libebur128: integrated loudness (LUFS), loudness range (LU), sample
 * peak, and true peak when asked (4x oversampling: it costs about as much
 * as everything else together).  Per clip, and per session as the clips'
 * gating blocks pooled (what the clips measure together, not the mix:
 * gains, fades and overlaps are not applied).
 *
 * Channel layout follows libebur128's defaults (1: one channel; 2: L R;
 * 5: L R C Ls Rs; 6: L R C LFE Ls Rs, LFE not counted).  A mono clip can
 * be counted as if played on both sides (options).
 *
 * No libebur128 type or code crosses this header: its errors become ours.
 * Depends on libc, err, json (the writer), session and clipread.
 */
#ifndef TURNOVER_ANALYSIS_LOUDNESS_H
#define TURNOVER_ANALYSIS_LOUDNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "analysis/clipread.h"
#include "err.h"
#include "json.h"
#include "session.h"

struct loud_options {
	bool true_peak;		/* measure the true peak (costly) */
	bool mono_as_dual_mono;	/* count a mono clip on both sides (+3 dB) */
};

struct loud_result {
	int channels;
	int sample_rate;
	int64_t frames;
	double integrated_lufs;	/* -inf when nothing passed the gates */
	double lra;		/* LU; 0 when too short to tell */
	double sample_peak_dbfs;	/* -inf for silence */
	double true_peak_dbtp;	/* NaN when not measured */
};

void loud_options_init(struct loud_options *o);

/* A streaming meter; opaque. */
struct loud;

/*
 * A new meter for channels (1 .. 64) at rate Hz.  o NULL: defaults.
 * errors: ERR_INVALID (channels or rate libebur128 refuses), ERR_NOMEM.
 */
enum err loud_new(int channels, int rate, const struct loud_options *o, struct loud **out,
		  struct errbuf *eb);

/* Feeds n frames: ch[k] holds channel k's samples.  errors: ERR_NOMEM. */
enum err loud_feed(struct loud *l, const float *const *ch, size_t n, struct errbuf *eb);

/* The result of everything fed so far.  errors: ERR_NOMEM, ERR_INVALID. */
enum err loud_result(const struct loud *l, struct loud_result *out, struct errbuf *eb);

/* NULL does nothing. */
void loud_free(struct loud *l);

/* Clips measured together; opaque. */
struct loud_total;

/* A new, empty total; free with loud_total_free(). */
struct loud_total *loud_total_new(void);

/* Adds meter l (taken over: freed with the total) to t. */
void loud_total_add(struct loud_total *t, struct loud *l);

/*
 * The loudness of every meter added, as one programme: integrated and
 * range from the pooled gating blocks, the largest peaks; frames summed,
 * channels and rate 0.  An empty total gives -inf and 0.
 * errors: ERR_NOMEM, ERR_INVALID (meters made with different options).
 */
enum err loud_total_result(const struct loud_total *t, struct loud_result *out,
			   struct errbuf *eb);

/* NULL does nothing. */
void loud_total_free(struct loud_total *t);

/*
 * Reads the rest of cr (not freed) and measures it.  When total is not
 * NULL the meter is added to it.
 * errors: those of loud_new() and loud_feed(), ERR_MEDIA_UNREADABLE.
 */
enum err loud_measure_read(struct clipread *cr, const struct loud_options *o,
			   struct loud_total *total, struct loud_result *out, struct errbuf *eb);

/* Measures clip `clip` of track `track` (indices into s's arrays); total
 * as above.  errors: those of clipread_open_clip() and loud_measure_read(). */
enum err loud_measure_clip(const struct session *s, size_t track, size_t clip,
			   const struct loud_options *o, struct loud_total *total,
			   struct loud_result *out, struct errbuf *eb);

/* Writes r as the value of a clip's "loudness" key: {"integrated_lufs",
 * "lra", "sample_peak_dbfs", "true_peak_dbtp"}; -inf and NaN as null. */
void loud_json_write(struct json_writer *w, const struct loud_result *r);

#endif

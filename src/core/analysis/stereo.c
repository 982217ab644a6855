/* stereo.c: per-channel measurements and the left/right relation of a
 * clip (see stereo.h).  Thresholds are named below, each with the reason
 * for its value; doc/channel-health.md has the measurements behind them. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/dcoffset.h"
#include "analysis/stereo.h"
#include "analysis/xcorr.h"
#include "xalloc.h"

/*
 * Digital silence: |x| at most one LSB at 16 bits.  Dither and 16-bit
 * rounding of a silent mix toggle that bit, so exact zero would miss
 * them; anything louder is signal, however quiet.
 */
#define STEREO_SILENCE_LEVEL (1.0 / 32768)
/* Runs of digital silence shorter than this (10 ms) are just zero
 * crossings and quiet samples, not silence. */
#define STEREO_SILENCE_RUN_DIV 100
/*
 * Two samples count as equal within one LSB at 16 bits: the corpus'
 * polarity-inverted files clamp -32768 to 32767, one LSB off, and a
 * 24-bit dual mono made through a 16-bit path differs by less.
 */
#define STEREO_SAME_EPS (1.0 / 32768)
/*
 * Clipping: runs of at least 3 samples at |x| >= 0.999 (-0.009 dBFS),
 * the same rule as decode.c, so every part of turnover counts alike.  A
 * single full-scale sample is a legitimate peak; three in a row are not.
 */
#define STEREO_CLIP_LEVEL 0.999
#define STEREO_CLIP_RUN 3
/*
 * One side counts as silent when it is digital silence or this far under
 * the other side: 60 dB under is below the noise floor of any recorder,
 * so such a side carries no usable signal.
 */
#define STEREO_ONE_SIDE_DB 60.0
/*
 * Near dual mono: after the best gain and delay in the lag window, R
 * differs from L by at most -40 dB.  A mono source copied with a gain or
 * a delay leaves only rounding (-70 dB and lower at 16 bits; the float
 * FFT limits the measurement to about -60 dB), while the most mono-like
 * genuine stereo in the corpus (sfx_wes_0081, correlation 0.9997) leaves
 * -32 dB and ordinary stereo -3 to -15 dB.
 */
#define STEREO_NEAR_RESIDUAL_DB (-40.0)
/* DC offset: dcoffset.h, the definition the classifier uses too. */
/* Among lags whose correlation is within this ratio of the best, the
 * shortest wins: periodic signals correlate equally every period. */
#define STEREO_LAG_TIE 1e-6

struct chan_acc {
	double sumsq, peak;
	struct dcoffset dc;
	int64_t clipped, clip_runs, silent_frames;
	int64_t clip_run, silence_run;
	bool loud;		/* a sample above digital silence */
};

struct stereo {
	int n, rate;
	int64_t frames, silence_run_min;
	struct stereo_options opt;
	struct chan_acc ch[STEREO_MAX_CHANNELS];
	double lr, max_diff, max_sum;	/* channels 1 and 2 */
	struct xcorr *xc;
	/* the ends of channels 1 and 2, to take the samples a lag leaves
	 * without a partner out of the normalisation: head[c][j] = energy of
	 * the first j samples (j <= lag), ring[c] the last lag samples */
	int lag;
	double *head[2];
	float *ring[2];
};

void stereo_options_init(struct stereo_options *o)
{
	o->max_lag_ms = STEREO_DEFAULT_MAX_LAG_MS;
}

struct stereo *stereo_new(int channels, int rate, const struct stereo_options *o)
{
	struct stereo *st = xcalloc(1, sizeof(*st));

	if (o)
		st->opt = *o;
	else
		stereo_options_init(&st->opt);
	if (st->opt.max_lag_ms < 1)
		st->opt.max_lag_ms = 1;
	if (st->opt.max_lag_ms > 100)
		st->opt.max_lag_ms = 100;
	st->n = channels < 0 ? 0 : channels > STEREO_MAX_CHANNELS ? STEREO_MAX_CHANNELS : channels;
	st->rate = rate > 0 ? rate : 48000;
	st->silence_run_min = st->rate / STEREO_SILENCE_RUN_DIV;
	for (int k = 0; k < st->n; k++)
		dcoffset_init(&st->ch[k].dc, st->rate);
	if (st->n >= 2) {
		st->xc = xcorr_new((int)((int64_t)st->rate * st->opt.max_lag_ms / 1000));
		st->lag = xcorr_max_lag(st->xc);
		for (int c = 0; c < 2; c++) {
			st->head[c] = xcalloc((size_t)st->lag + 1, sizeof(double));
			st->ring[c] = xcalloc((size_t)st->lag + 1, sizeof(float));
		}
	}
	return st;
}

void stereo_free(struct stereo *st)
{
	if (!st)
		return;
	xcorr_free(st->xc);
	for (int c = 0; c < 2; c++) {
		free(st->head[c]);
		free(st->ring[c]);
	}
	free(st);
}

/* The end of a run of digital silence. */
static void end_silence(struct stereo *st, struct chan_acc *a)
{
	if (a->silence_run >= st->silence_run_min)
		a->silent_frames += a->silence_run;
	a->silence_run = 0;
}

/* Level, peak, clipping and silence of n samples, sample by sample. */
static void scan_careful(struct stereo *st, struct chan_acc *a, const float *x, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		double m = fabs((double)x[i]);

		if (m >= STEREO_CLIP_LEVEL) {
			if (++a->clip_run == STEREO_CLIP_RUN) {
				a->clipped += STEREO_CLIP_RUN;
				a->clip_runs++;
			} else if (a->clip_run > STEREO_CLIP_RUN) {
				a->clipped++;
			}
		} else {
			a->clip_run = 0;
		}
		if (m <= STEREO_SILENCE_LEVEL) {
			a->silence_run++;
		} else {
			a->loud = true;
			if (a->silence_run)
				end_silence(st, a);
		}
	}
}

/* Energy and peak of n samples in a pass without branches; the careful pass
 * runs only over blocks with a sample at full scale or digital silence,
 * or inside a run of either. */
static void scan_samples(struct stereo *st, struct chan_acc *a, const float *x, size_t n)
{
	double sumsq = 0;
	float peak = 0, low = 1;

	for (size_t i = 0; i < n; i++) {
		float m = fabsf(x[i]);

		sumsq += (double)x[i] * x[i];
		peak = m > peak ? m : peak;
		low = m < low ? m : low;
	}
	if (peak >= STEREO_CLIP_LEVEL || low <= STEREO_SILENCE_LEVEL || a->clip_run ||
	    a->silence_run)
		scan_careful(st, a, x, n);
	else if (n > 0)
		a->loud = true;
	a->sumsq += sumsq;
	if (peak > a->peak)
		a->peak = peak;
}

static void feed_channel(struct stereo *st, struct chan_acc *a, const float *x, size_t n)
{
	scan_samples(st, a, x, n);
	dcoffset_feed(&a->dc, x, n, 1);
}

/* Records the first and (so far) last samples of channels 1 and 2. */
static void keep_ends(struct stereo *st, const float *l, const float *r, size_t n)
{
	const float *x[2] = { l, r };
	int64_t t0 = st->frames, k = st->lag;

	for (int c = 0; c < 2 && k > 0; c++) {
		for (size_t i = 0; i < n && t0 + (int64_t)i < k; i++) {
			int64_t t = t0 + (int64_t)i;

			st->head[c][t + 1] = st->head[c][t] + (double)x[c][i] * x[c][i];
		}
		for (size_t i = n > (size_t)k ? n - (size_t)k : 0; i < n; i++)
			st->ring[c][(t0 + (int64_t)i) % k] = x[c][i];
	}
}

static void feed_pair(struct stereo *st, const float *l, const float *r, size_t n)
{
	double lr = 0, md = st->max_diff, ms = st->max_sum;

	for (size_t i = 0; i < n; i++) {
		double a = l[i], b = r[i], d = fabs(a - b), s = fabs(a + b);

		lr += a * b;
		if (d > md)
			md = d;
		if (s > ms)
			ms = s;
	}
	st->lr += lr;
	st->max_diff = md;
	st->max_sum = ms;
	xcorr_feed(st->xc, l, r, n);
	keep_ends(st, l, r, n);
}

void stereo_feed(struct stereo *st, const float *const *ch, size_t n)
{
	for (int k = 0; k < st->n; k++)
		feed_channel(st, &st->ch[k], ch[k], n);
	if (st->n >= 2)
		feed_pair(st, ch[0], ch[1], n);
	st->frames += (int64_t)n;
}

static double db10(double ratio)
{
	if (ratio <= 0)
		return -INFINITY;
	return 10 * log10(ratio);
}

static void finish_channel(struct stereo *st, struct chan_acc *a, struct stereo_channel *out)
{
	double n = st->frames > 0 ? (double)st->frames : 1;

	if (a->silence_run)
		end_silence(st, a);
	out->peak = a->peak;
	out->rms_db = db10(a->sumsq / n);
	out->dc = dcoffset_value(&a->dc);
	out->clipped = a->clipped;
	out->clip_runs = a->clip_runs;
	out->silent_frames = a->silent_frames;
	out->silent = !a->loud;
}

/* tail[c][j] = energy of the last j samples of channel c (j <= lag). */
static void tail_energy(const struct stereo *st, double *tail[2])
{
	int64_t n = st->frames < st->lag ? st->frames : st->lag;

	for (int c = 0; c < 2; c++) {
		tail[c][0] = 0;
		for (int64_t j = 1; j <= st->lag; j++) {
			double v = j <= n ? st->ring[c][(st->frames - j) % st->lag] : 0;

			tail[c][j] = tail[c][j - 1] + v * v;
		}
	}
}

/* Energies of the samples lag k pairs: for k > 0 (R later) L's last k and
 * R's first k samples have no partner, and the other way round. */
static void paired_energy(const struct stereo *st, double *const tail[2], int k, double *el,
			  double *er)
{
	int64_t a = k < 0 ? -k : k, h = a < st->frames ? a : st->frames;

	*el = st->ch[0].sumsq;
	*er = st->ch[1].sumsq;
	if (k > 0) {
		*el -= tail[0][a];
		*er -= st->head[1][h];
	} else if (k < 0) {
		*el -= st->head[0][h];
		*er -= tail[1][a];
	}
}

/* r(k) normalised by the energies of the samples lag k pairs. */
static double normalised(const struct stereo *st, double *const tail[2], const double *r,
			 int k)
{
	double el, er, d;

	paired_energy(st, tail, k, &el, &er);
	d = sqrt(el * er);
	return d > 0 ? r[st->lag + k] / d : 0;
}

/* The lag of the strongest correlation (shortest among near ties). */
static int best_lag(const double *r, int k)
{
	int best = 0;
	double top = fabs(r[k]);

	for (int d = 1; d <= k; d++) {
		for (int s = -1; s <= 1; s += 2) {
			double v = fabs(r[k + s * d]);

			if (v > top * (1 + STEREO_LAG_TIE)) {
				top = v;
				best = s * d;
			}
		}
	}
	return best;
}

/* Correlation, delay, gain and residual between channels 1 and 2. */
static void measure_pair(struct stereo *st, struct stereo_result *out)
{
	double el = st->ch[0].sumsq, er = st->ch[1].sumsq, norm = sqrt(el * er);
	int k = st->lag;
	double *r = xmalloc((size_t)(2 * k + 1) * sizeof(double));
	double *rho = xmalloc((size_t)(2 * k + 1) * sizeof(double));
	double *tail[2] = { xmalloc((size_t)(k + 1) * sizeof(double)),
			    xmalloc((size_t)(k + 1) * sizeof(double)) };
	double p;

	xcorr_finish(st->xc, r);
	r[k] = st->lr;		/* the exact sum, not the FFT's */
	tail_energy(st, tail);
	for (int d = -k; d <= k; d++)
		rho[k + d] = normalised(st, tail, r, d);
	out->delay_samples = best_lag(rho, k);
	out->correlation = norm > 0 ? st->lr / norm : 0;
	p = rho[k + out->delay_samples];
	out->peak_correlation = p > 1 ? 1 : p < -1 ? -1 : p;
	out->side_mid_db = db10((el + er - 2 * st->lr) / (el + er + 2 * st->lr));
	out->residual_db = db10(1 - out->peak_correlation * out->peak_correlation);
	paired_energy(st, tail, out->delay_samples, &el, &er);
	out->gain_diff_db = el > 0 && er > 0 ? db10(er / el) : NAN;
	free(r);
	free(rho);
	free(tail[0]);
	free(tail[1]);
}

static enum stereo_relation decide(const struct stereo *st, struct stereo_result *out)
{
	bool sl = out->ch[0].silent, sr = out->ch[1].silent;

	if (sl && sr)
		return STEREO_RELATION_SILENT;
	if (sl || sr || fabs(out->ch[0].rms_db - out->ch[1].rms_db) >= STEREO_ONE_SIDE_DB)
		return STEREO_RELATION_ONE_SIDE_SILENT;
	if (st->max_diff <= STEREO_SAME_EPS) {
		out->bit_exact = st->max_diff == 0;
		return STEREO_RELATION_DUAL_MONO;
	}
	if (st->max_sum <= STEREO_SAME_EPS) {
		out->bit_exact = st->max_sum == 0;
		return STEREO_RELATION_POLARITY_INVERTED;
	}
	if (out->residual_db <= STEREO_NEAR_RESIDUAL_DB)
		return out->peak_correlation < 0 ? STEREO_RELATION_POLARITY_INVERTED :
		       STEREO_RELATION_NEAR_DUAL_MONO;
	return STEREO_RELATION_STEREO;
}

void stereo_finish(struct stereo *st, struct stereo_result *out)
{
	memset(out, 0, sizeof(*out));
	out->channels = st->n;
	out->sample_rate = st->rate;
	out->frames = st->frames;
	out->correlation = out->peak_correlation = NAN;
	out->gain_diff_db = out->side_mid_db = out->residual_db = NAN;
	for (int k = 0; k < st->n; k++)
		finish_channel(st, &st->ch[k], &out->ch[k]);
	if (st->frames == 0 || st->n == 0)
		out->relation = STEREO_RELATION_UNKNOWN;
	else if (st->n == 1)
		out->relation = STEREO_RELATION_MONO;
	else {
		measure_pair(st, out);
		out->relation = decide(st, out);
	}
}

enum err stereo_analyze_read(struct clipread *cr, const struct stereo_options *o,
			     struct stereo_result *out, struct errbuf *eb)
{
	int n = clipread_channels(cr);
	float *buf = xmalloc((size_t)n * CLIPREAD_BLOCK * sizeof(float));
	float *ch[CLIPREAD_MAX_CHANNELS];
	struct stereo *st = stereo_new(n, clipread_sample_rate(cr), o);
	int64_t got;

	for (int k = 0; k < n; k++)
		ch[k] = buf + (size_t)k * CLIPREAD_BLOCK;
	while ((got = clipread_read(cr, ch, CLIPREAD_BLOCK, eb)) > 0)
		stereo_feed(st, (const float *const *)ch, (size_t)got);
	stereo_finish(st, out);
	out->missing = clipread_missing(cr);
	stereo_free(st);
	free(buf);
	return got < 0 ? ERR_MEDIA_UNREADABLE : ERR_OK;
}

enum err stereo_analyze_clip(const struct session *s, size_t track, size_t clip,
			     const struct stereo_options *o, struct stereo_result *out,
			     struct errbuf *eb)
{
	struct clipread *cr;
	enum err e = clipread_open_clip(s, track, clip, &cr, eb);

	if (e) {
		memset(out, 0, sizeof(*out));
		return e;
	}
	e = stereo_analyze_read(cr, o, out, eb);
	clipread_free(cr);
	return e;
}

const char *stereo_relation_name(enum stereo_relation r)
{
	static const char *const names[STEREO_RELATION_COUNT] = {
		[STEREO_RELATION_UNKNOWN] = "unknown",
		[STEREO_RELATION_MONO] = "mono",
		[STEREO_RELATION_STEREO] = "stereo",
		[STEREO_RELATION_DUAL_MONO] = "dual_mono",
		[STEREO_RELATION_NEAR_DUAL_MONO] = "near_dual_mono",
		[STEREO_RELATION_POLARITY_INVERTED] = "polarity_inverted",
		[STEREO_RELATION_ONE_SIDE_SILENT] = "one_side_silent",
		[STEREO_RELATION_SILENT] = "silent",
	};

	return (unsigned)r < STEREO_RELATION_COUNT ? names[r] : "unknown";
}

/* ---- JSON ---------------------------------------------------------------------- */

static void key_double(struct json_writer *w, const char *key, double v)
{
	json_key(w, key);
	json_double(w, v);
}

static void key_int(struct json_writer *w, const char *key, int64_t v)
{
	json_key(w, key);
	json_int(w, v);
}

static void channel_json(struct json_writer *w, const struct stereo_channel *c)
{
	json_begin_object(w);
	key_double(w, "peak_dbfs", c->peak > 0 ? 20 * log10(c->peak) : -INFINITY);
	key_double(w, "rms_dbfs", c->rms_db);
	key_double(w, "dc_offset", c->dc);
	key_int(w, "clipped_samples", c->clipped);
	key_int(w, "clip_runs", c->clip_runs);
	key_int(w, "silent_frames", c->silent_frames);
	json_key(w, "silent");
	json_bool(w, c->silent);
	json_end_object(w);
}

void stereo_json_write(struct json_writer *w, const struct stereo_result *r)
{
	bool pair = r->channels >= 2 && r->frames > 0;

	json_begin_object(w);
	json_key(w, "relation");
	json_string(w, stereo_relation_name(r->relation));
	json_key(w, "delay_samples");
	if (pair)
		json_int(w, r->delay_samples);
	else
		json_null(w);
	key_double(w, "gain_diff_db", r->gain_diff_db);
	key_double(w, "correlation", r->correlation);
	key_double(w, "peak_correlation", r->peak_correlation);
	key_double(w, "side_mid_db", r->side_mid_db);
	json_key(w, "bit_exact");
	json_bool(w, r->bit_exact);
	key_int(w, "frames", r->frames);
	key_int(w, "missing_frames", r->missing);
	json_key(w, "per_channel");
	json_begin_array(w);
	for (int k = 0; k < r->channels; k++)
		channel_json(w, &r->ch[k]);
	json_end_array(w);
	json_end_object(w);
}

/* features.c: the analysis pipeline of one clip, from decoded blocks to
 * the feature vector. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/features.h"
#include "analysis/resample.h"
#include "analysis/segment.h"
#include "analysis/spectrum.h"
#include "xalloc.h"

#define BLOCK 4096
#define SEG_FRAMES 512		/* 12.8 s; the last segment takes 0.5-1.5 of this */
#define SEG_HOLD (SEG_FRAMES + SEG_FRAMES / 2)
#define HIST_LO_DB -140.0
#define HIST_STEP_DB 0.5
#define HIST_N 300
#define CLIP_LEVEL 0.999	/* full scale, for clipping runs */

static const char *const names[FEATURE_COUNT] = {
#define FEATURE_NAME_(name, text) text,
	FEATURE_LIST(FEATURE_NAME_)
#undef FEATURE_NAME_
};

const char *feature_name(int i)
{
	return i >= 0 && i < FEATURE_COUNT ? names[i] : NULL;
}

struct features {
	struct spectrum *sp;
	struct resample *rs;
	int rs_rate;
	float in[BLOCK];
	float *an;		/* resampled block */
	size_t an_cap;
	struct spectrum_frame seg[SEG_HOLD];
	int n_seg;
	/* the clip being measured */
	struct augment_state aug;
	double sum[FEATURE_COUNT], weight;
	unsigned tone_hist[SEGMENT_TONE_BINS];
	unsigned level_hist[HIST_N];
	int64_t n_frames, active, tonal, onsets;
	double an_peak, an_sumsq;
	int64_t an_n;
	double nat_peak, nat_sum, nat_sumsq;
	int64_t nat_n;
};

struct features *features_new(void)
{
	struct features *fx = xcalloc(1, sizeof(*fx));

	fx->sp = spectrum_new();
	return fx;
}

void features_free(struct features *fx)
{
	if (!fx)
		return;
	spectrum_free(fx->sp);
	resample_free(fx->rs);
	free(fx->an);
	free(fx);
}

static void start_clip(struct features *fx, int rate, const struct augment *aug)
{
	if (fx->rs && fx->rs_rate == rate) {
		resample_reset(fx->rs);
	} else {
		resample_free(fx->rs);
		fx->rs = resample_new(rate);
		fx->rs_rate = rate;
		free(fx->an);
		fx->an_cap = resample_out_max(fx->rs, BLOCK);
		fx->an = xmalloc(fx->an_cap * sizeof(float));
	}
	spectrum_reset(fx->sp);
	augment_start(&fx->aug, aug, SPECTRUM_RATE);
	fx->n_seg = 0;
	memset(fx->sum, 0, sizeof(fx->sum));
	memset(fx->tone_hist, 0, sizeof(fx->tone_hist));
	memset(fx->level_hist, 0, sizeof(fx->level_hist));
	fx->weight = 0;
	fx->n_frames = fx->active = fx->tonal = fx->onsets = 0;
	fx->an_peak = fx->an_sumsq = 0;
	fx->an_n = 0;
	fx->nat_peak = fx->nat_sum = fx->nat_sumsq = 0;
	fx->nat_n = 0;
}

static void measure_segment(struct features *fx, int n)
{
	struct segment_stats st;

	segment_measure(fx->seg, n, &st, fx->tone_hist);
	for (int i = 0; i < FEATURE_COUNT; i++)
		fx->sum[i] += st.v[i] * st.active;
	fx->weight += st.active;
	fx->active += st.active;
	fx->tonal += st.tonal;
	fx->onsets += st.onsets;
}

static void on_frame(const struct spectrum_frame *f, void *user)
{
	struct features *fx = user;
	int bin = (int)floor((f->energy_db - HIST_LO_DB) / HIST_STEP_DB);

	fx->level_hist[bin < 0 ? 0 : bin >= HIST_N ? HIST_N - 1 : bin]++;
	fx->n_frames++;
	fx->seg[fx->n_seg++] = *f;
	if (fx->n_seg == SEG_HOLD) {
		measure_segment(fx, SEG_FRAMES);
		memmove(fx->seg, fx->seg + SEG_FRAMES,
			(SEG_HOLD - SEG_FRAMES) * sizeof(fx->seg[0]));
		fx->n_seg = SEG_HOLD - SEG_FRAMES;
	}
}

/* Sum, sum of squares and peak of x; four partial sums keep it fast and
 * the order fixed. */
static void block_levels(const float *x, size_t n, double *sum, double *sumsq, double *peak)
{
	float s[4] = { 0 }, q[4] = { 0 }, m[4] = { 0 };
	size_t i = 0;

	for (; i + 4 <= n; i += 4)
		for (int j = 0; j < 4; j++) {
			float a = fabsf(x[i + j]);

			s[j] += x[i + j];
			q[j] += x[i + j] * x[i + j];
			m[j] = a > m[j] ? a : m[j];
		}
	for (; i < n; i++) {
		float a = fabsf(x[i]);

		s[0] += x[i];
		q[0] += x[i] * x[i];
		m[0] = a > m[0] ? a : m[0];
	}
	*sum += ((double)s[0] + s[1]) + ((double)s[2] + s[3]);
	*sumsq += ((double)q[0] + q[1]) + ((double)q[2] + q[3]);
	*peak = fmax(*peak, fmax(fmax(m[0], m[1]), fmax(m[2], m[3])));
}

static void native_levels(struct features *fx, const float *x, size_t n)
{
	block_levels(x, n, &fx->nat_sum, &fx->nat_sumsq, &fx->nat_peak);
	fx->nat_n += (int64_t)n;
}

static void analysis_block(struct features *fx, float *x, size_t n)
{
	double unused = 0;

	augment_apply(&fx->aug, x, n);
	block_levels(x, n, &unused, &fx->an_sumsq, &fx->an_peak);
	fx->an_n += (int64_t)n;
	spectrum_feed(fx->sp, x, n, on_frame, fx);
}

static double db(double power)
{
	return power > 1e-20 ? 10 * log10(power) : -200;
}

static double level_quantile(const struct features *fx, double p)
{
	int64_t want = (int64_t)ceil(p * (double)fx->n_frames), acc = 0;

	for (int i = 0; i < HIST_N; i++) {
		acc += fx->level_hist[i];
		if (acc >= want && acc > 0)
			return HIST_LO_DB + (i + 0.5) * HIST_STEP_DB;
	}
	return HIST_LO_DB;
}

/* The median frequency of the tonal frames' line and its mean deviation. */
static void tone(const struct features *fx, struct clip_features *out)
{
	int64_t acc = 0, med = -1;
	double dev = 0;

	if (!fx->tonal)
		return;
	for (int i = 0; i < SEGMENT_TONE_BINS && med < 0; i++) {
		acc += fx->tone_hist[i];
		if (2 * acc >= fx->tonal)
			med = i;
	}
	for (int i = 0; i < SEGMENT_TONE_BINS; i++)
		dev += fx->tone_hist[i] * fabs((double)(i - med));
	out->tone_hz = med * (double)SPECTRUM_RATE / 512;
	out->tone_spread = dev / fx->tonal * SPECTRUM_RATE / 512;
}

static void finish_clip(struct features *fx, struct clip_features *out)
{
	double an_ms = fx->an_n ? fx->an_sumsq / (double)fx->an_n : 0;
	double nat_ms = fx->nat_n ? fx->nat_sumsq / (double)fx->nat_n : 0;

	if (fx->n_seg)
		measure_segment(fx, fx->n_seg);
	out->peak_db = fx->nat_peak > 0 ? 20 * log10(fx->nat_peak) : -200;
	out->rms_db = db(nat_ms);
	out->level_db = level_quantile(fx, 0.95);
	out->floor_db = level_quantile(fx, 0.10);
	out->active_ratio = fx->n_frames ? (double)fx->active / (double)fx->n_frames : 0;
	out->tonal_ratio = fx->active ? (double)fx->tonal / (double)fx->active : 0;
	out->onset_rate = out->duration > 0 ? fx->onsets / out->duration : 0;
	out->band_db = db(an_ms) - db(nat_ms);
	out->silent = fx->weight <= 0;
	tone(fx, out);
	for (int i = 0; i < FEATURE_COUNT && fx->weight > 0; i++)
		out->v[i] = fx->sum[i] / fx->weight;
	out->v[FEATURE_CREST] = an_ms > 0 && fx->an_peak > 0 ?
		fmin(40, 20 * log10(fx->an_peak) - db(an_ms)) : 0;
}

enum err features_extract(struct features *fx, struct decode *d, const struct augment *aug,
			  struct clip_features *out, struct errbuf *eb)
{
	int rate = decode_sample_rate(d);
	int64_t got;
	size_t m;

	memset(out, 0, sizeof(*out));
	out->sample_rate = rate;
	out->channels = decode_channels(d);
	start_clip(fx, rate, aug);
	while ((got = decode_read(d, fx->in, BLOCK, eb)) > 0) {
		native_levels(fx, fx->in, (size_t)got);
		m = resample_process(fx->rs, fx->in, (size_t)got, fx->an);
		analysis_block(fx, fx->an, m);
	}
	if (got < 0)
		return ERR_MEDIA_UNREADABLE;
	m = resample_flush(fx->rs, fx->an);
	analysis_block(fx, fx->an, m);
	spectrum_finish(fx->sp, on_frame, fx);
	out->frames = fx->nat_n;
	out->missing = decode_frames_missing(d);
	out->clipped = decode_clipped(d);
	out->dc = decode_dc(d);
	out->duration = (double)fx->nat_n / rate;
	finish_clip(fx, out);
	return ERR_OK;
}

/* loudness.c: libebur128 behind our types and errors (see loudness.h). */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <ebur128.h>

#include "analysis/loudness.h"
#include "xalloc.h"

/* Frames handed to libebur128 at a time (interleaved). */
#define LOUD_BLOCK 4096

struct loud {
	ebur128_state *st;
	struct loud_options opt;
	int channels, rate;
	int64_t frames;
	float *buf;		/* LOUD_BLOCK interleaved frames */
};

struct loud_total {
	struct loud **meters;
	size_t n, alloc;
};

void loud_options_init(struct loud_options *o)
{
	o->true_peak = false;
	o->mono_as_dual_mono = false;
}

/* libebur128's error as ours. */
static enum err ebur_err(int e, const char *what, struct errbuf *eb)
{
	switch (e) {
	case EBUR128_SUCCESS:
	case EBUR128_ERROR_NO_CHANGE:
		return ERR_OK;
	case EBUR128_ERROR_NOMEM:
		return err_set(eb, ERR_NOMEM, "loudness: %s: out of memory", what);
	case EBUR128_ERROR_INVALID_MODE:
		return err_set(eb, ERR_INVALID, "loudness: %s: measurement not enabled", what);
	case EBUR128_ERROR_INVALID_CHANNEL_INDEX:
		return err_set(eb, ERR_INVALID, "loudness: %s: bad channel", what);
	default:
		return err_set(eb, ERR_INVALID, "loudness: %s: error %d", what, e);
	}
}

static int modes(const struct loud_options *o)
{
	int m = EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_SAMPLE_PEAK |
		EBUR128_MODE_HISTOGRAM;

	return o->true_peak ? m | EBUR128_MODE_TRUE_PEAK : m;
}

enum err loud_new(int channels, int rate, const struct loud_options *o, struct loud **out,
		  struct errbuf *eb)
{
	struct loud *l;

	*out = NULL;
	if (channels < 1 || channels > 64 || rate < 16 || rate > 2822400)
		return err_set(eb, ERR_INVALID, "loudness: %d channels at %d Hz", channels, rate);
	l = xcalloc(1, sizeof(*l));
	if (o)
		l->opt = *o;
	else
		loud_options_init(&l->opt);
	l->st = ebur128_init((unsigned)channels, (unsigned long)rate, modes(&l->opt));
	if (!l->st) {
		free(l);
		return err_set(eb, ERR_NOMEM, "loudness: cannot start a meter");
	}
	if (channels == 1 && l->opt.mono_as_dual_mono &&
	    ebur128_set_channel(l->st, 0, EBUR128_DUAL_MONO) != EBUR128_SUCCESS) {
		loud_free(l);
		return err_set(eb, ERR_INVALID, "loudness: cannot count mono twice");
	}
	l->channels = channels;
	l->rate = rate;
	l->buf = xmalloc((size_t)LOUD_BLOCK * (size_t)channels * sizeof(float));
	*out = l;
	return ERR_OK;
}

void loud_free(struct loud *l)
{
	if (!l)
		return;
	if (l->st)
		ebur128_destroy(&l->st);
	free(l->buf);
	free(l);
}

enum err loud_feed(struct loud *l, const float *const *ch, size_t n, struct errbuf *eb)
{
	size_t done = 0;

	while (done < n) {
		size_t take = n - done < LOUD_BLOCK ? n - done : LOUD_BLOCK;
		enum err e;

		for (int k = 0; k < l->channels; k++)
			for (size_t i = 0; i < take; i++)
				l->buf[i * (size_t)l->channels + (size_t)k] = ch[k][done + i];
		e = ebur_err(ebur128_add_frames_float(l->st, l->buf, take), "adding audio", eb);
		if (e)
			return e;
		done += take;
	}
	l->frames += (int64_t)n;
	return ERR_OK;
}

static double to_db(double lin)
{
	return lin > 0 ? 20 * log10(lin) : -INFINITY;
}

/* The largest peak of one meter's channels: sample or true. */
static enum err peaks(ebur128_state *st, int channels, bool true_peak, double *sample,
		      double *truep, struct errbuf *eb)
{
	for (int k = 0; k < channels; k++) {
		double v;
		enum err e = ebur_err(ebur128_sample_peak(st, (unsigned)k, &v), "sample peak", eb);

		if (e)
			return e;
		if (v > *sample)
			*sample = v;
		if (!true_peak)
			continue;
		e = ebur_err(ebur128_true_peak(st, (unsigned)k, &v), "true peak", eb);
		if (e)
			return e;
		if (v > *truep)
			*truep = v;
	}
	return ERR_OK;
}

/* Integrated loudness and range of n states as one programme. */
static enum err pooled(ebur128_state **st, size_t n, struct loud_result *out,
		       struct errbuf *eb)
{
	enum err e = ebur_err(ebur128_loudness_global_multiple(st, n, &out->integrated_lufs),
			      "integrated loudness", eb);

	if (!e)
		e = ebur_err(ebur128_loudness_range_multiple(st, n, &out->lra), "loudness range",
			     eb);
	return e;
}

enum err loud_result(const struct loud *l, struct loud_result *out, struct errbuf *eb)
{
	ebur128_state *st = l->st;
	double sample = 0, truep = 0;
	enum err e;

	memset(out, 0, sizeof(*out));
	out->channels = l->channels;
	out->sample_rate = l->rate;
	out->frames = l->frames;
	e = pooled(&st, 1, out, eb);
	if (!e)
		e = peaks(st, l->channels, l->opt.true_peak, &sample, &truep, eb);
	out->sample_peak_dbfs = to_db(sample);
	out->true_peak_dbtp = l->opt.true_peak ? to_db(truep) : NAN;
	return e;
}

/* ---- session totals --------------------------------------------------------- */

struct loud_total *loud_total_new(void)
{
	return xcalloc(1, sizeof(struct loud_total));
}

void loud_total_add(struct loud_total *t, struct loud *l)
{
	XGROW(t->meters, t->n + 1, t->alloc);
	t->meters[t->n++] = l;
}

enum err loud_total_result(const struct loud_total *t, struct loud_result *out,
			   struct errbuf *eb)
{
	double sample = 0, truep = 0;
	bool tp = t->n > 0 && t->meters[0]->opt.true_peak;
	ebur128_state **st;
	enum err e = ERR_OK;

	memset(out, 0, sizeof(*out));
	out->integrated_lufs = -INFINITY;
	for (size_t i = 0; i < t->n; i++) {
		if (t->meters[i]->opt.true_peak != tp)
			return err_set(eb, ERR_INVALID, "loudness: clips measured differently");
		out->frames += t->meters[i]->frames;
	}
	st = xcalloc(t->n ? t->n : 1, sizeof(*st));
	for (size_t i = 0; i < t->n; i++)
		st[i] = t->meters[i]->st;
	if (t->n)
		e = pooled(st, t->n, out, eb);
	for (size_t i = 0; !e && i < t->n; i++)
		e = peaks(st[i], t->meters[i]->channels, tp, &sample, &truep, eb);
	free(st);
	out->sample_peak_dbfs = to_db(sample);
	out->true_peak_dbtp = tp ? to_db(truep) : NAN;
	return e;
}

void loud_total_free(struct loud_total *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		loud_free(t->meters[i]);
	free(t->meters);
	free(t);
}

/* ---- clips ------------------------------------------------------------------- */

enum err loud_measure_read(struct clipread *cr, const struct loud_options *o,
			   struct loud_total *total, struct loud_result *out, struct errbuf *eb)
{
	int n = clipread_channels(cr);
	float *buf, *ch[CLIPREAD_MAX_CHANNELS];
	struct loud *l;
	int64_t got;
	enum err e = loud_new(n, clipread_sample_rate(cr), o, &l, eb);

	memset(out, 0, sizeof(*out));
	if (e)
		return e;
	buf = xmalloc((size_t)n * CLIPREAD_BLOCK * sizeof(float));
	for (int k = 0; k < n; k++)
		ch[k] = buf + (size_t)k * CLIPREAD_BLOCK;
	while (!e && (got = clipread_read(cr, ch, CLIPREAD_BLOCK, eb)) != 0)
		e = got < 0 ? ERR_MEDIA_UNREADABLE : loud_feed(l, (const float *const *)ch,
							       (size_t)got, eb);
	free(buf);
	if (!e)
		e = loud_result(l, out, eb);
	if (!e && total)
		loud_total_add(total, l);
	else
		loud_free(l);
	return e;
}

enum err loud_measure_clip(const struct session *s, size_t track, size_t clip,
			   const struct loud_options *o, struct loud_total *total,
			   struct loud_result *out, struct errbuf *eb)
{
	struct clipread *cr;
	enum err e = clipread_open_clip(s, track, clip, &cr, eb);

	if (e) {
		memset(out, 0, sizeof(*out));
		return e;
	}
	e = loud_measure_read(cr, o, total, out, eb);
	clipread_free(cr);
	return e;
}

void loud_json_write(struct json_writer *w, const struct loud_result *r)
{
	json_begin_object(w);
	json_key(w, "integrated_lufs");
	json_double(w, r->integrated_lufs);
	json_key(w, "lra");
	json_double(w, r->lra);
	json_key(w, "sample_peak_dbfs");
	json_double(w, r->sample_peak_dbfs);
	json_key(w, "true_peak_dbtp");
	json_double(w, r->true_peak_dbtp);
	json_end_object(w);
}

/* stream.c: a clip's sources decoded, made stereo and resampled. */
#include "config.h"

#include <math.h>
#include <soxr.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/decode.h"
#include "audio/stream.h"
#include "xalloc.h"

struct source {
	struct decode_reader rd;
	bool open;
	int channel;		/* 0-based */
	int64_t first;		/* file frame of position 0 */
	float *buf;		/* STREAM_BLOCK * rd.channels */
};

struct stream {
	struct source src[2];
	int n_src;
	int rate, out_rate;
	int64_t pos, pre, clip;	/* next frame to read; pre-roll; clip */
	soxr_t rs;		/* NULL when the rates agree */
	bool drained;		/* the resampler's tail went out */
	float in[2 * STREAM_BLOCK];
};

static void source_close(struct source *s)
{
	if (s->open)
		s->rd.close(s->rd.ctx);
	s->open = false;
	free(s->buf);
	s->buf = NULL;
}

void stream_free(struct stream *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n_src; i++)
		source_close(&s->src[i]);
	if (s->rs)
		soxr_delete(s->rs);
	free(s);
}

/* Puts source s at frame first + pos; reading and dropping when the
 * reader cannot seek. */
static enum err source_seek(struct source *s, int64_t pos, struct errbuf *eb)
{
	int64_t at = s->first + pos, skip;

	if (s->rd.seek(s->rd.ctx, at))
		return ERR_OK;
	if (!s->rd.seek(s->rd.ctx, 0))
		return err_set(eb, ERR_MEDIA_UNREADABLE, "cannot seek in the media file");
	for (skip = at; skip > 0;) {
		int64_t n = s->rd.read(s->rd.ctx, s->buf, skip < STREAM_BLOCK ? skip : STREAM_BLOCK);

		if (n <= 0)
			break;
		skip -= n;
	}
	return ERR_OK;
}

static enum err source_open(struct source *s, const struct audio_source *as, int rate,
			    struct errbuf *eb)
{
	enum err e = decode_reader_open_file(as->path, &s->rd, eb);

	if (e != ERR_OK)
		return e;
	s->open = true;
	s->channel = as->channel - 1;
	s->buf = xcalloc((size_t)STREAM_BLOCK * (size_t)s->rd.channels, sizeof(float));
	if (s->channel < 0 || s->channel >= s->rd.channels)
		return err_set(eb, ERR_MEDIA_UNREADABLE, "'%s' has no channel %d", as->path,
			       as->channel);
	if (s->rd.sample_rate != rate)
		return err_set(eb, ERR_MEDIA_UNREADABLE, "'%s' is at %d Hz, not %d", as->path,
			       s->rd.sample_rate, rate);
	return ERR_OK;
}

static enum err make_resampler(struct stream *s, struct errbuf *eb)
{
	soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
	soxr_quality_spec_t q = soxr_quality_spec(SOXR_MQ, 0);
	soxr_error_t error = NULL;

	if (s->rate == s->out_rate)
		return ERR_OK;
	s->rs = soxr_create(s->rate, s->out_rate, 2, &error, &io, &q, NULL);
	if (!s->rs || error)
		return err_set(eb, ERR_IO, "cannot resample %d to %d Hz: %s", s->rate, s->out_rate,
			       error ? error : "soxr_create failed");
	return ERR_OK;
}

static bool clip_valid(const struct audio_clip *c, int out_rate)
{
	if (c->n_src < 1 || c->n_src > 2 || c->rate <= 0 || c->frames <= 0 || out_rate <= 0)
		return false;
	for (int i = 0; i < c->n_src; i++)
		if (!c->src[i].path || c->src[i].start < 0 || c->src[i].channel < 1)
			return false;
	return true;
}

enum err stream_open(const struct audio_clip *c, int out_rate, struct stream **out,
		     struct errbuf *eb)
{
	struct stream *s;
	enum err e = ERR_OK;

	*out = NULL;
	if (!clip_valid(c, out_rate))
		return err_set(eb, ERR_INVALID, "nothing to play");
	s = xcalloc(1, sizeof(*s));
	s->n_src = c->n_src;
	s->rate = c->rate;
	s->out_rate = out_rate;
	s->clip = c->frames;
	s->pre = c->preroll > 0 ? (int64_t)llround(c->preroll * c->rate) : 0;
	for (int i = 0; i < c->n_src; i++)
		if (c->src[i].start < s->pre)
			s->pre = c->src[i].start;
	for (int i = 0; i < c->n_src && e == ERR_OK; i++) {
		s->src[i].first = c->src[i].start - s->pre;
		e = source_open(&s->src[i], &c->src[i], c->rate, eb);
	}
	if (e == ERR_OK)
		e = make_resampler(s, eb);
	if (e == ERR_OK)
		e = stream_seek(s, 0, eb);
	if (e != ERR_OK) {
		stream_free(s);
		return e;
	}
	*out = s;
	return ERR_OK;
}

size_t stream_max_out(const struct stream *s)
{
	return (size_t)ceil((double)STREAM_BLOCK * s->out_rate / s->rate) + 256;
}

enum err stream_seek(struct stream *s, int64_t pos, struct errbuf *eb)
{
	if (pos < 0)
		pos = 0;
	if (pos > s->pre + s->clip)
		pos = s->pre + s->clip;
	s->pos = pos;
	s->drained = false;
	if (s->rs)
		soxr_clear(s->rs);
	for (int i = 0; i < s->n_src; i++) {
		enum err e = source_seek(&s->src[i], pos, eb);

		if (e != ERR_OK)
			return e;
	}
	return ERR_OK;
}

/* Reads n frames of source i into one side of s->in (silence past the
 * end of the file). */
static int read_side(struct stream *s, int i, size_t n, int side, struct errbuf *eb)
{
	struct source *src = &s->src[i];
	int ch = src->rd.channels;
	int64_t got = src->rd.read(src->rd.ctx, src->buf, (int64_t)n);

	if (got < 0) {
		err_set(eb, ERR_MEDIA_UNREADABLE, "read error in the media file");
		return -1;
	}
	for (size_t f = 0; f < n; f++)
		s->in[2 * f + side] = (int64_t)f < got ? src->buf[f * ch + src->channel] : 0.0f;
	return 0;
}

static long resample(struct stream *s, const float *in, size_t n, float *out)
{
	size_t done_in = 0, done_out = 0;
	soxr_error_t error;

	if (!s->rs) {
		memcpy(out, in, n * 2 * sizeof(float));
		return (long)n;
	}
	error = soxr_process(s->rs, in, n, &done_in, out, stream_max_out(s), &done_out);
	return error ? -1 : (long)done_out;
}

long stream_read(struct stream *s, float *out, bool loop, struct errbuf *eb)
{
	int64_t end = s->pre + s->clip;
	size_t n;

	if (s->pos >= end && loop && stream_seek(s, s->pre, eb) != ERR_OK)
		return -1;
	if (s->pos >= end) {
		long tail;

		if (!s->rs || s->drained)
			return 0;
		tail = resample(s, NULL, 0, out);
		s->drained = tail <= 0;
		return tail < 0 ? 0 : tail;
	}
	n = end - s->pos < STREAM_BLOCK ? (size_t)(end - s->pos) : STREAM_BLOCK;
	for (int i = 0; i < s->n_src; i++)
		if (read_side(s, i, n, i, eb) != 0)
			return -1;
	if (s->n_src == 1)
		for (size_t f = 0; f < n; f++)
			s->in[2 * f + 1] = s->in[2 * f];
	s->pos += (int64_t)n;
	return resample(s, s->in, n, out);
}

bool stream_ended(const struct stream *s)
{
	return s->pos >= s->pre + s->clip && (!s->rs || s->drained);
}

int64_t stream_preroll(const struct stream *s)
{
	return s->pre;
}

int64_t stream_clip(const struct stream *s)
{
	return s->clip;
}

int stream_rate(const struct stream *s)
{
	return s->rate;
}

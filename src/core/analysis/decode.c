/* decode.c: clip streams through libsndfile (files and memory images),
 * with the seam for other sources of frames. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sndfile.h>

#include "analysis/dcoffset.h"
#include "analysis/decode.h"
#include "xalloc.h"

/* Frames read from the source at a time. */
#define BLOCK_FRAMES 4096
/* Frames with signal on both channels before a channel's polarity is fixed. */
#define POLARITY_FRAMES 2048
/* Largest magnitude passed on (a float file may hold huge values or NaN). */
#define SAMPLE_LIMIT 64.0f
#define CLIP_LEVEL 0.999f

struct decode {
	struct decode_reader r;
	int64_t left;		/* frames of the range still to deliver; -1 open */
	int64_t missing;	/* frames of the range the source lacked */
	int n_sel;
	int sel[DECODE_MAX_CHANNELS];	/* selected channel indices */
	float sign[DECODE_MAX_CHANNELS];	/* polarity per selected channel */
	bool decided[DECODE_MAX_CHANNELS];
	double dot[DECODE_MAX_CHANNELS], energy[DECODE_MAX_CHANNELS];
	int64_t seen[DECODE_MAX_CHANNELS];	/* frames with signal on both */
	int run[DECODE_MAX_CHANNELS];	/* current run at full scale */
	int64_t clipped;
	struct dcoffset dc[DECODE_MAX_CHANNELS];	/* per selected channel */
	float *buf;		/* BLOCK_FRAMES interleaved frames */
	bool failed;
};

/* ---- libsndfile readers --------------------------------------------------- */

struct sf_ctx {
	SNDFILE *sf;
	/* memory image or byte source (sf_open_virtual) */
	const unsigned char *data;
	struct decode_bytes bytes;	/* read_at NULL: data */
	sf_count_t len, pos;
};

static bool sfr_seek(void *ctx, int64_t pos)
{
	struct sf_ctx *c = ctx;

	return sf_seek(c->sf, (sf_count_t)pos, SEEK_SET) == (sf_count_t)pos;
}

static int64_t sfr_read(void *ctx, float *buf, int64_t n)
{
	struct sf_ctx *c = ctx;
	sf_count_t got = sf_readf_float(c->sf, buf, (sf_count_t)n);

	if (got == 0 && sf_error(c->sf) != SF_ERR_NO_ERROR)
		return -1;
	return got;
}

static void sfr_close(void *ctx)
{
	struct sf_ctx *c = ctx;

	if (c->sf)
		sf_close(c->sf);
	if (c->bytes.close)
		c->bytes.close(c->bytes.ctx);
	free(c);
}

/* Checks what libsndfile opened and fills out; frees c on failure. */
static enum err sfr_finish(struct sf_ctx *c, const SF_INFO *info, const char *what,
			   struct decode_reader *out, struct errbuf *eb)
{
	if (info->channels < 1 || info->channels > DECODE_MAX_CHANNELS) {
		sfr_close(c);
		return err_set(eb, ERR_MEDIA_UNREADABLE, "'%s': unsupported channel count %d",
			       what, info->channels);
	}
	if (info->samplerate < 1 || info->samplerate > 1000000) {
		sfr_close(c);
		return err_set(eb, ERR_MEDIA_UNREADABLE, "'%s': unsupported sample rate %d",
			       what, info->samplerate);
	}
	memset(out, 0, sizeof(*out));
	out->ctx = c;
	out->channels = info->channels;
	out->sample_rate = info->samplerate;
	out->frames = info->frames >= 0 ? (int64_t)info->frames : -1;
	out->seek = info->seekable ? sfr_seek : NULL;
	out->read = sfr_read;
	out->close = sfr_close;
	return ERR_OK;
}

enum err decode_reader_open_file(const char *path, struct decode_reader *out,
				 struct errbuf *eb)
{
	struct sf_ctx *c;
	SF_INFO info;
	struct stat st;

	if (stat(path, &st) != 0)
		return err_set(eb, errno == ENOENT || errno == ENOTDIR ? ERR_MEDIA_MISSING
			       : ERR_MEDIA_UNREADABLE, "cannot open '%s': %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return err_set(eb, ERR_MEDIA_UNREADABLE, "'%s' is not a regular file", path);
	memset(&info, 0, sizeof(info));
	c = xcalloc(1, sizeof(*c));
	c->sf = sf_open(path, SFM_READ, &info);
	if (!c->sf) {
		free(c);
		return err_set(eb, ERR_MEDIA_UNREADABLE, "cannot read '%s': %s", path,
			       sf_strerror(NULL));
	}
	return sfr_finish(c, &info, path, out, eb);
}

static sf_count_t vio_len(void *user)
{
	return ((struct sf_ctx *)user)->len;
}

static sf_count_t vio_seek(sf_count_t off, int whence, void *user)
{
	struct sf_ctx *c = user;
	sf_count_t base = whence == SEEK_CUR ? c->pos : whence == SEEK_END ? c->len : 0;

	if (off < -base || off > c->len - base)
		return -1;
	c->pos = base + off;
	return c->pos;
}

static sf_count_t vio_read(void *ptr, sf_count_t n, void *user)
{
	struct sf_ctx *c = user;

	if (n > c->len - c->pos)
		n = c->len - c->pos;
	if (n <= 0)
		return 0;
	if (c->bytes.read_at) {
		if (!c->bytes.read_at(c->bytes.ctx, (uint64_t)c->pos, ptr, (size_t)n))
			return 0;
	} else {
		memcpy(ptr, c->data + c->pos, (size_t)n);
	}
	c->pos += n;
	return n;
}

static sf_count_t vio_write(const void *ptr, sf_count_t n, void *user)
{
	(void)ptr;
	(void)n;
	(void)user;
	return 0;
}

static sf_count_t vio_tell(void *user)
{
	return ((struct sf_ctx *)user)->pos;
}

enum err decode_reader_open_memory(const void *data, size_t len,
				   struct decode_reader *out, struct errbuf *eb)
{
	SF_VIRTUAL_IO vio = { vio_len, vio_seek, vio_read, vio_write, vio_tell };
	struct sf_ctx *c;
	SF_INFO info;

	if (len > (size_t)INT64_MAX / 2)
		return err_set(eb, ERR_MEDIA_UNREADABLE, "memory image too large");
	memset(&info, 0, sizeof(info));
	c = xcalloc(1, sizeof(*c));
	c->data = data;
	c->len = (sf_count_t)len;
	c->sf = sf_open_virtual(&vio, SFM_READ, &info, c);
	if (!c->sf) {
		free(c);
		return err_set(eb, ERR_MEDIA_UNREADABLE, "cannot read audio in memory: %s",
			       sf_strerror(NULL));
	}
	return sfr_finish(c, &info, "(memory)", out, eb);
}

/* libsndfile's format for headerless PCM of bits bits; 0 if none. */
static int raw_format(const struct decode_raw *raw)
{
	int sub = raw->bits == 8 ? SF_FORMAT_PCM_U8 : raw->bits == 16 ? SF_FORMAT_PCM_16 :
		  raw->bits == 24 ? SF_FORMAT_PCM_24 : raw->bits == 32 ? SF_FORMAT_PCM_32 : 0;

	if (!sub || raw->channels < 1 || raw->channels > DECODE_MAX_CHANNELS ||
	    raw->sample_rate < 1 || raw->sample_rate > 1000000)
		return 0;
	return SF_FORMAT_RAW | sub | (raw->big_endian ? SF_ENDIAN_BIG : SF_ENDIAN_LITTLE);
}

enum err decode_reader_open_bytes(const struct decode_bytes *b, const struct decode_raw *raw,
				  struct decode_reader *out, struct errbuf *eb)
{
	SF_VIRTUAL_IO vio = { vio_len, vio_seek, vio_read, vio_write, vio_tell };
	struct sf_ctx *c;
	SF_INFO info;

	memset(&info, 0, sizeof(info));
	if (raw) {
		info.format = raw_format(raw);
		info.channels = raw->channels;
		info.samplerate = raw->sample_rate;
		if (!info.format) {
			if (b->close)
				b->close(b->ctx);
			return err_set(eb, ERR_MEDIA_UNREADABLE, "unsupported raw PCM: %d channel(s), "
				       "%d Hz, %d bits", raw->channels, raw->sample_rate, raw->bits);
		}
	}
	c = xcalloc(1, sizeof(*c));
	c->bytes = *b;
	c->len = b->size > 0 ? (sf_count_t)b->size : 0;
	c->sf = sf_open_virtual(&vio, SFM_READ, &info, c);
	if (!c->sf) {
		enum err e = err_set(eb, ERR_MEDIA_UNREADABLE, "cannot read embedded audio: %s",
				     sf_strerror(NULL));

		sfr_close(c);
		return e;
	}
	return sfr_finish(c, &info, "(embedded)", out, eb);
}

/* ---- the clip stream -------------------------------------------------------- */

/* Reads and drops n frames; false when the source fails. */
static bool skip_frames(struct decode *d, int64_t n)
{
	while (n > 0) {
		int64_t got = d->r.read(d->r.ctx, d->buf, n < BLOCK_FRAMES ? n : BLOCK_FRAMES);

		if (got < 0)
			return false;
		if (got == 0)
			break;
		n -= got;
	}
	return true;
}

static void select_channels(struct decode *d, uint64_t mask)
{
	for (int c = 0; c < d->r.channels; c++) {
		if (mask && (c >= 64 || !(mask >> c & 1)))
			continue;
		d->sel[d->n_sel] = c;
		d->sign[d->n_sel] = 1.0f;
		d->n_sel++;
	}
	d->decided[0] = true;
}

enum err decode_open(struct decode_reader *r, int64_t start, int64_t frames,
		     uint64_t channel_mask, struct decode **out, struct errbuf *eb)
{
	struct decode *d = xcalloc(1, sizeof(*d));

	*out = NULL;
	d->r = *r;
	d->left = frames;
	if (start < 0 || frames < -1) {
		decode_free(d);
		return err_set(eb, ERR_INVALID, "bad range: start %lld, %lld frames",
			       (long long)start, (long long)frames);
	}
	select_channels(d, channel_mask);
	if (d->n_sel == 0) {
		decode_free(d);
		return err_set(eb, ERR_INVALID, "no selected channel among %d", r->channels);
	}
	for (int k = 0; k < d->n_sel; k++)
		dcoffset_init(&d->dc[k], d->r.sample_rate);
	d->buf = xmalloc((size_t)BLOCK_FRAMES * (size_t)d->r.channels * sizeof(float));
	if (start > 0 && !(d->r.seek && d->r.seek(d->r.ctx, start)) && !skip_frames(d, start)) {
		decode_free(d);
		return err_set(eb, ERR_MEDIA_UNREADABLE, "read error before frame %lld",
			       (long long)start);
	}
	*out = d;
	return ERR_OK;
}

enum err decode_open_file(const char *path, int64_t start, int64_t frames,
			  uint64_t channel_mask, struct decode **out, struct errbuf *eb)
{
	struct decode_reader r;
	enum err e = decode_reader_open_file(path, &r, eb);

	*out = NULL;
	if (e != ERR_OK)
		return e;
	return decode_open(&r, start, frames, channel_mask, out, eb);
}

/* Fixes the polarity of selected channel k once both it and the first
 * selected channel have carried signal for long enough. */
static void update_polarity(struct decode *d, int k, int64_t n)
{
	const float *p = d->buf;
	int ch = d->r.channels, a = d->sel[0], b = d->sel[k];
	double dot = 0, ea = 0, eb = 0;

	for (int64_t i = 0; i < n; i++, p += ch) {
		dot += (double)p[a] * p[b];
		ea += (double)p[a] * p[a];
		eb += (double)p[b] * p[b];
	}
	if (ea < 1e-9 * (double)n || eb < 1e-9 * (double)n)
		return;		/* one side quiet in this block: no evidence */
	d->dot[k] += dot;
	d->energy[k] += sqrt(ea * eb);
	d->seen[k] += n;
	if (d->dot[k] < -0.5 * d->energy[k])
		d->sign[k] = -1.0f;
	if (d->seen[k] >= POLARITY_FRAMES)
		d->decided[k] = true;
}

/* Keeps the analysis finite whatever a float file holds. */
static float sane(float v)
{
	if (fabsf(v) <= SAMPLE_LIMIT)
		return v;
	return isnan(v) ? 0.0f : copysignf(SAMPLE_LIMIT, v);
}

/* The careful path: clipping runs counted, values made finite. */
static void mix_careful(struct decode *d, int k, float gain, float *out, int64_t n, bool first)
{
	const float *p = d->buf + d->sel[k];
	int ch = d->r.channels, run = d->run[k];
	int64_t clipped = 0;

	for (int64_t i = 0; i < n; i++, p += ch) {
		float v = sane(*p);

		if (fabsf(v) >= CLIP_LEVEL) {
			run++;
			clipped += run == 3 ? 3 : run > 3;
		} else {
			run = 0;
		}
		out[i] = first ? gain * v : out[i] + gain * v;
	}
	d->run[k] = run;
	d->clipped += clipped;
}

/* Adds selected channel k, times gain, to out (or stores it when first),
 * counting its clipped samples.  The plain pass also notes whether any
 * sample is at full scale or not finite; only then is the careful one
 * run over it instead. */
static void mix_channel(struct decode *d, int k, float gain, float *out, int64_t n, bool first)
{
	const float *p = d->buf + d->sel[k];
	int ch = d->r.channels, bad = d->run[k] != 0;

	if (first && ch == 1) {
		for (int64_t i = 0; i < n; i++) {
			bad |= !(fabsf(p[i]) < CLIP_LEVEL);
			out[i] = gain * p[i];
		}
	} else if (first) {
		for (int64_t i = 0; i < n; i++) {
			float v = p[i * ch];

			bad |= !(fabsf(v) < CLIP_LEVEL);
			out[i] = gain * v;
		}
	} else if (!bad) {
		for (int64_t i = 0; i < n; i++)
			bad |= !(fabsf(p[i * ch]) < CLIP_LEVEL);
		for (int64_t i = 0; i < n && !bad; i++)
			out[i] += gain * p[i * ch];
	}
	if (bad)
		mix_careful(d, k, gain, out, n, first);
}

static void mix_block(struct decode *d, float *out, int64_t n)
{
	float scale = 1.0f / (float)d->n_sel;

	for (int k = 1; k < d->n_sel; k++)
		if (!d->decided[k])
			update_polarity(d, k, n);
	for (int k = 0; k < d->n_sel; k++)
		mix_channel(d, k, d->sign[k] * scale, out, n, k == 0);
}

int64_t decode_read(struct decode *d, float *out, size_t max, struct errbuf *eb)
{
	int64_t want = max < BLOCK_FRAMES ? (int64_t)max : BLOCK_FRAMES, got;

	if (d->failed || d->left == 0 || want == 0)
		return d->failed ? -1 : 0;
	if (d->left > 0 && want > d->left)
		want = d->left;
	got = d->r.read(d->r.ctx, d->buf, want);
	if (got < 0) {
		d->failed = true;
		err_set(eb, ERR_MEDIA_UNREADABLE, "read error in audio data");
		return -1;
	}
	if (got == 0) {
		if (d->left > 0)
			d->missing = d->left;
		d->left = 0;
		return 0;
	}
	if (d->left > 0)
		d->left -= got;
	for (int k = 0; k < d->n_sel; k++)
		dcoffset_feed(&d->dc[k], d->buf + d->sel[k], (size_t)got, (size_t)d->r.channels);
	mix_block(d, out, got);
	return got;
}

int decode_sample_rate(const struct decode *d)
{
	return d->r.sample_rate;
}

int decode_channels(const struct decode *d)
{
	return d->n_sel;
}

int64_t decode_frames_missing(const struct decode *d)
{
	return d->missing;
}

int64_t decode_clipped(const struct decode *d)
{
	return d->clipped;
}

double decode_dc(const struct decode *d)
{
	double dc = 0;

	for (int k = 0; k < d->n_sel; k++) {
		double v = dcoffset_value(&d->dc[k]);

		if (fabs(v) > fabs(dc))
			dc = v;
	}
	return dc;
}

void decode_free(struct decode *d)
{
	if (!d)
		return;
	if (d->r.close)
		d->r.close(d->r.ctx);
	free(d->buf);
	free(d);
}

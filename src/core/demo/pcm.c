/* pcm.c: recordings in memory for the demo turnover (see pcm.h). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <sndfile.h>
#include <soxr.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo/pcm.h"
#include "xalloc.h"

/* A few minutes at 48 kHz is the most the demo ever loads. */
#define PCM_MAX_FRAMES ((int64_t)48000 * 600)

void pcm_release(struct pcm *p)
{
	free(p->data);
	memset(p, 0, sizeof(*p));
}

static enum err load_sndfile(SNDFILE *sf, const SF_INFO *info, int64_t max_frames,
			     struct pcm *out, const char *what, struct errbuf *eb)
{
	sf_count_t got;

	memset(out, 0, sizeof(*out));
	if (info->channels < 1 || info->channels > 64 || info->samplerate < 1 ||
	    info->frames < 0 || info->frames > max_frames) {
		sf_close(sf);
		return err_set(eb, ERR_MEDIA_UNREADABLE, "'%s': unexpected format or length", what);
	}
	out->channels = info->channels;
	out->rate = info->samplerate;
	out->data = xcalloc((size_t)(info->frames ? info->frames : 1) * (size_t)info->channels,
			    sizeof(float));
	got = sf_readf_float(sf, out->data, info->frames);
	sf_close(sf);
	out->frames = got > 0 ? got : 0;
	return ERR_OK;
}

enum err pcm_load_file(const char *path, int64_t max_frames, struct pcm *out, struct errbuf *eb)
{
	SF_INFO info;
	SNDFILE *sf;

	memset(&info, 0, sizeof(info));
	memset(out, 0, sizeof(*out));
	if (access(path, R_OK) != 0)
		return err_set(eb, ERR_MEDIA_MISSING, "cannot open '%s': %s", path, strerror(errno));
	sf = sf_open(path, SFM_READ, &info);
	if (!sf)
		return err_set(eb, ERR_MEDIA_UNREADABLE, "cannot read '%s': %s", path,
			       sf_strerror(NULL));
	return load_sndfile(sf, &info, max_frames < PCM_MAX_FRAMES ? max_frames : PCM_MAX_FRAMES,
			    out, path, eb);
}

struct memfile {
	const unsigned char *data;
	sf_count_t len, pos;
};

static sf_count_t mem_len(void *u)
{
	return ((struct memfile *)u)->len;
}

static sf_count_t mem_seek(sf_count_t off, int whence, void *u)
{
	struct memfile *m = u;
	sf_count_t base = whence == SEEK_CUR ? m->pos : whence == SEEK_END ? m->len : 0;

	if (base + off < 0 || base + off > m->len)
		return -1;
	m->pos = base + off;
	return m->pos;
}

static sf_count_t mem_read(void *buf, sf_count_t n, void *u)
{
	struct memfile *m = u;

	if (n > m->len - m->pos)
		n = m->len - m->pos;
	memcpy(buf, m->data + m->pos, (size_t)n);
	m->pos += n;
	return n;
}

static sf_count_t mem_tell(void *u)
{
	return ((struct memfile *)u)->pos;
}

enum err pcm_load_memory(const void *data, size_t len, struct pcm *out, struct errbuf *eb)
{
	SF_VIRTUAL_IO io = { mem_len, mem_seek, mem_read, NULL, mem_tell };
	struct memfile m = { data, (sf_count_t)len, 0 };
	SF_INFO info;
	SNDFILE *sf;

	memset(&info, 0, sizeof(info));
	memset(out, 0, sizeof(*out));
	sf = sf_open_virtual(&io, SFM_READ, &info, &m);
	if (!sf)
		return err_set(eb, ERR_MEDIA_UNREADABLE, "cannot read embedded audio: %s",
			       sf_strerror(NULL));
	return load_sndfile(sf, &info, PCM_MAX_FRAMES, out, "embedded audio", eb);
}

enum err pcm_resample(struct pcm *p, int rate, struct errbuf *eb)
{
	soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
	size_t olen, odone = 0;
	float *out;
	soxr_error_t e;

	if (rate <= 0)
		return err_set(eb, ERR_INVALID, "bad sample rate %d", rate);
	if (rate == p->rate || !p->frames) {
		p->rate = rate;
		return ERR_OK;
	}
	olen = (size_t)((double)p->frames * rate / p->rate + 1.0);
	out = xcalloc(olen * (size_t)p->channels, sizeof(float));
	e = soxr_oneshot(p->rate, rate, (unsigned)p->channels, p->data, (size_t)p->frames, NULL,
			 out, olen, &odone, NULL, &q, NULL);
	if (e) {
		free(out);
		return err_set(eb, ERR_INVALID, "resampling failed: %s", e);
	}
	free(p->data);
	p->data = out;
	p->frames = (int64_t)odone;
	p->rate = rate;
	return ERR_OK;
}

void pcm_to_mono(struct pcm *p)
{
	if (p->channels <= 1)
		return;
	for (int64_t i = 0; i < p->frames; i++) {
		float sum = 0;

		for (int c = 0; c < p->channels; c++)
			sum += p->data[i * p->channels + c];
		p->data[i] = sum / (float)p->channels;
	}
	p->channels = 1;
}

void pcm_init_silence(struct pcm *p, int channels, int64_t frames, int rate)
{
	p->channels = channels;
	p->frames = frames;
	p->rate = rate;
	p->data = xcalloc((size_t)(frames ? frames : 1) * (size_t)channels, sizeof(float));
}

void pcm_mix_into(struct pcm *dst, int64_t at, const struct pcm *src, float gain)
{
	for (int64_t i = 0; i < src->frames; i++) {
		int64_t d = at + i;

		if (d < 0 || d >= dst->frames)
			continue;
		for (int c = 0; c < dst->channels; c++) {
			int sc = src->channels == 1 ? 0 : c % src->channels;

			dst->data[d * dst->channels + c] += gain * src->data[i * src->channels + sc];
		}
	}
}

void pcm_cut(const struct pcm *p, int64_t from, int64_t n, struct pcm *out)
{
	if (from < 0)
		from = 0;
	if (from > p->frames)
		from = p->frames;
	if (n > p->frames - from)
		n = p->frames - from;
	if (n < 0)
		n = 0;
	pcm_init_silence(out, p->channels, n, p->rate);
	memcpy(out->data, p->data + from * p->channels, (size_t)n * (size_t)p->channels * sizeof(float));
}

void pcm_normalise(struct pcm *p, double peak_dbfs)
{
	float peak = 0, g;
	size_t n = (size_t)p->frames * (size_t)p->channels;

	for (size_t i = 0; i < n; i++)
		if (fabsf(p->data[i]) > peak)
			peak = fabsf(p->data[i]);
	if (peak <= 0)
		return;
	g = (float)(pow(10.0, peak_dbfs / 20.0) / peak);
	for (size_t i = 0; i < n; i++)
		p->data[i] *= g;
}

static void set_bext(SNDFILE *sf, const char *description, int64_t time_reference)
{
	SF_BROADCAST_INFO bi;

	memset(&bi, 0, sizeof(bi));
	snprintf(bi.description, sizeof(bi.description), "%s", description);
	snprintf(bi.originator, sizeof(bi.originator), "turnover demo");
	/* a fixed date: the same inputs give the same bytes */
	memcpy(bi.origination_date, "2026-01-01", 10);
	memcpy(bi.origination_time, "10:00:00", 8);
	bi.time_reference_low = (uint32_t)time_reference;
	bi.time_reference_high = (uint32_t)((uint64_t)time_reference >> 32);
	bi.version = 1;
	sf_command(sf, SFC_SET_BROADCAST_INFO, &bi, sizeof(bi));
}

enum err pcm_write_wav(const struct pcm *p, const char *path, int bits, const char *description,
		       int64_t time_reference, struct errbuf *eb)
{
	SF_INFO info;
	SNDFILE *sf;
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	sf_count_t put;

	memset(&info, 0, sizeof(info));
	info.samplerate = p->rate;
	info.channels = p->channels;
	info.format = SF_FORMAT_WAV | (bits == 24 ? SF_FORMAT_PCM_24 : SF_FORMAT_PCM_16);
	sf = sf_open(tmp, SFM_WRITE, &info);
	if (!sf) {
		enum err e = err_set(eb, ERR_IO, "cannot write '%s': %s", tmp, sf_strerror(NULL));

		free(tmp);
		return e;
	}
	/* clip rather than wrap; no dither, so the bytes are reproducible */
	sf_command(sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
	if (description)
		set_bext(sf, description, time_reference);
	put = sf_writef_float(sf, p->data, p->frames);
	if (sf_close(sf) != 0 || put != p->frames || rename(tmp, path) != 0) {
		enum err e = err_set(eb, ERR_IO, "cannot write '%s': %s", path, strerror(errno));

		unlink(tmp);
		free(tmp);
		return e;
	}
	free(tmp);
	return ERR_OK;
}

/*
 * aafwessence.c: streaming embedded audio into an AAF: the WAVE header,
 * the sink that counts what a source pushes (exactly the declared length
 * must arrive, or the file would contradict its own descriptor), and a
 * default source that reads the media file with libsndfile.
 */
#include "config.h"

#include <sndfile.h>
#include <stdlib.h>
#include <string.h>

#include "aaf/aafwessence.h"
#include "xalloc.h"

#define READ_FRAMES 4096

struct aaf_essence_sink {
	struct cfbw *w;
	struct cfbw_node *stream;
	uint64_t written, expected;
	const char *name;
};

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v & 0xFFFF);
	put16(p + 2, v >> 16);
}

bool aafwessence_wave_header(uint8_t out[44], int channels, int rate, int bits, int64_t frames)
{
	uint32_t align = (uint32_t)channels * (uint32_t)((bits + 7) / 8);
	uint64_t data = (uint64_t)(frames > 0 ? frames : 0) * align;

	if (data > 0xFFFFFFFFull - 36)
		return false;
	memcpy(out, "RIFF", 4);
	put32(out + 4, (uint32_t)(36 + data));
	memcpy(out + 8, "WAVEfmt ", 8);
	put32(out + 16, 16);
	put16(out + 20, 1);		/* PCM */
	put16(out + 22, (uint32_t)channels);
	put32(out + 24, (uint32_t)rate);
	put32(out + 28, (uint32_t)rate * align);
	put16(out + 32, align);
	put16(out + 34, (uint32_t)bits);
	memcpy(out + 36, "data", 4);
	put32(out + 40, (uint32_t)data);
	return true;
}

enum err aaf_essence_put(struct aaf_essence_sink *sink, const void *pcm, size_t len,
			 struct errbuf *eb)
{
	if (len > sink->expected - sink->written)
		return err_set(eb, ERR_INVALID, "embedded media '%s': more samples than its length",
			       sink->name);
	sink->written += len;
	return cfbw_write(sink->w, sink->stream, pcm, len, eb);
}

enum err aafwessence_write(void *user, struct cfbw *w, struct cfbw_node *stream,
			   struct errbuf *eb)
{
	struct aafwessence *e = user;
	struct aaf_essence_sink sink;
	uint8_t head[44];
	enum err r;

	memset(&sink, 0, sizeof(sink));
	sink.w = w;
	sink.stream = stream;
	sink.name = e->m->name ? e->m->name : "";
	sink.expected = (uint64_t)e->m->length * (uint64_t)e->channels * (uint64_t)((e->bits + 7) / 8);
	if (e->wave) {
		if (!aafwessence_wave_header(head, e->channels, e->rate, e->bits, e->m->length))
			return err_set(eb, ERR_INVALID, "embedded media '%s' is too long for WAVE",
				       sink.name);
		r = cfbw_write(w, stream, head, sizeof(head), eb);
		if (r)
			return r;
	}
	r = e->fn(e->user, e->m, &sink, eb);
	if (!r && sink.written != sink.expected)
		r = err_set(eb, ERR_INVALID, "embedded media '%s': %llu of %llu bytes of samples given",
			    sink.name, (unsigned long long)sink.written,
			    (unsigned long long)sink.expected);
	return r;
}

/* Converts n samples (32-bit, left-justified) to bits-wide little-endian PCM. */
static size_t convert(uint8_t *out, const int *in, size_t n, int bits)
{
	int bytes = (bits + 7) / 8;

	for (size_t i = 0; i < n; i++) {
		uint32_t v = (uint32_t)in[i];

		if (bytes == 1) {
			out[i] = (uint8_t)((v >> 24) ^ 0x80);	/* 8-bit WAVE is unsigned */
			continue;
		}
		for (int b = 0; b < bytes; b++)
			out[i * (size_t)bytes + (size_t)b] = (uint8_t)(v >> (8 * (4 - bytes + b)));
	}
	return n * (size_t)bytes;
}

enum err aaf_essence_from_file(void *user, const struct media *m,
			       struct aaf_essence_sink *sink, struct errbuf *eb)
{
	SF_INFO info;
	SNDFILE *sf;
	int *buf;
	uint8_t *out;
	int64_t left = m->length;
	enum err e = ERR_OK;

	(void)user;
	if (!m->path)
		return err_set(eb, ERR_MEDIA_MISSING, "embedded media '%s': no file to read it from",
			       m->name ? m->name : "");
	memset(&info, 0, sizeof(info));
	sf = sf_open(m->path, SFM_READ, &info);
	if (!sf)
		return err_set(eb, ERR_MEDIA_UNREADABLE, "cannot read '%s': %s", m->path,
			       sf_strerror(NULL));
	if (info.channels != m->channels) {
		sf_close(sf);
		return err_set(eb, ERR_MEDIA_UNREADABLE, "'%s' has %d channels, the media %d",
			       m->path, info.channels, m->channels);
	}
	buf = xcalloc((size_t)READ_FRAMES * (size_t)info.channels, sizeof(*buf));
	out = xcalloc((size_t)READ_FRAMES * (size_t)info.channels, 4);
	while (left > 0 && !e) {
		sf_count_t want = left < READ_FRAMES ? left : READ_FRAMES;
		sf_count_t got = sf_readf_int(sf, buf, want);

		if (got <= 0) {
			e = err_set(eb, ERR_MEDIA_UNREADABLE, "'%s' ends before its %lld frames",
				    m->path, (long long)m->length);
			break;
		}
		e = aaf_essence_put(sink, out, convert(out, buf, (size_t)got * (size_t)info.channels,
						       m->bits), eb);
		left -= got;
	}
	free(buf);
	free(out);
	sf_close(sf);
	return e;
}

/* fixmedia.c: new WAVE files from channels of existing ones, sample for
 * sample, written atomically (see fixmedia.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>

#include "analysis/fixmedia.h"
#include "xalloc.h"

/* Frames copied at a time. */
#define FIX_BLOCK 4096
#define WAVE_FORMAT_PCM 1
#define WAVE_FORMAT_IEEE_FLOAT 3
/* RIFF sizes are 32-bit: what the data may use, leaving room for the
 * header and chunks. */
#define RIFF_MAX_DATA (UINT32_MAX - 2 * (uint64_t)FIXMEDIA_MAX_CHUNK - 4096)

struct source {
	SNDFILE *sf;
	SF_INFO info;
	int bits;
	bool is_float, invert, done;
	int channel;		/* 0-based */
	int *ibuf;
	float *fbuf;
};

/* ---- reading the sources ------------------------------------------------------ */

/* Bits per sample of a libsndfile subtype we copy exactly; 0 for others. */
static int subtype_bits(int format, bool *is_float)
{
	*is_float = false;
	switch (format & SF_FORMAT_SUBMASK) {
	case SF_FORMAT_PCM_S8: case SF_FORMAT_PCM_U8: return 8;
	case SF_FORMAT_PCM_16: return 16;
	case SF_FORMAT_PCM_24: return 24;
	case SF_FORMAT_PCM_32: return 32;
	case SF_FORMAT_FLOAT: *is_float = true; return 32;
	default: return 0;
	}
}

static void close_sources(struct source *src, int n)
{
	for (int k = 0; k < n; k++) {
		if (src[k].sf)
			sf_close(src[k].sf);
		free(src[k].ibuf);
		free(src[k].fbuf);
	}
}

static enum err open_source(const struct fixmedia_input *in, struct source *s,
			    struct errbuf *eb)
{
	struct stat st;

	if (stat(in->path, &st) != 0)
		return err_set(eb, errno == ENOENT ? ERR_MEDIA_MISSING : ERR_MEDIA_UNREADABLE,
			       "cannot open '%s': %s", in->path, strerror(errno));
	s->sf = sf_open(in->path, SFM_READ, &s->info);
	if (!s->sf)
		return err_set(eb, ERR_MEDIA_UNREADABLE, "cannot read '%s': %s", in->path,
			       sf_strerror(NULL));
	s->bits = subtype_bits(s->info.format, &s->is_float);
	if (!s->bits)
		return err_set(eb, ERR_INVALID, "'%s': only PCM and 32-bit float are copied exactly",
			       in->path);
	if (in->channel < 1 || in->channel > s->info.channels)
		return err_set(eb, ERR_INVALID, "'%s' has no channel %d", in->path, in->channel);
	s->channel = in->channel - 1;
	s->invert = in->invert;
	if (s->is_float)
		s->fbuf = xmalloc((size_t)FIX_BLOCK * (size_t)s->info.channels * sizeof(float));
	else
		s->ibuf = xmalloc((size_t)FIX_BLOCK * (size_t)s->info.channels * sizeof(int));
	return ERR_OK;
}

/* Opens every source and checks they agree; fills info. */
static enum err open_sources(const struct fixmedia_input *in, int n, struct source *src,
			     struct fixmedia_info *info, struct errbuf *eb)
{
	memset(info, 0, sizeof(*info));
	for (int k = 0; k < n; k++) {
		enum err e = open_source(&in[k], &src[k], eb);

		if (e)
			return e;
		if (k > 0 && src[k].info.samplerate != src[0].info.samplerate)
			return err_set(eb, ERR_INVALID, "'%s' is %d Hz, '%s' %d Hz", in[0].path,
				       src[0].info.samplerate, in[k].path, src[k].info.samplerate);
		if (k > 0 && (src[k].bits != src[0].bits || src[k].is_float != src[0].is_float))
			return err_set(eb, ERR_INVALID, "'%s' and '%s' differ in sample format",
				       in[0].path, in[k].path);
		if (k > 0 && src[k].info.frames != info->frames)
			info->padded = true;
		if (src[k].info.frames > info->frames)
			info->frames = src[k].info.frames;
	}
	info->channels = n;
	info->sample_rate = src[0].info.samplerate;
	info->bits = src[0].bits;
	info->is_float = src[0].is_float;
	if ((uint64_t)info->frames * (uint64_t)n * (uint64_t)(info->bits / 8) > RIFF_MAX_DATA)
		return err_set(eb, ERR_INVALID, "%lld frames are too many for a RIFF file",
			       (long long)info->frames);
	return ERR_OK;
}

/* ---- writing -------------------------------------------------------------------- */

static void put16(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static bool put_chunk_header(FILE *f, const char *id, uint32_t len)
{
	unsigned char h[8];

	memcpy(h, id, 4);
	put32(h + 4, len);
	return fwrite(h, 1, 8, f) == 8;
}

/* Writes a chunk header and body (with its pad byte). */
static bool put_chunk(FILE *f, const char *id, const void *body, uint32_t len)
{
	if (!put_chunk_header(f, id, len) || (len && fwrite(body, 1, len, f) != len))
		return false;
	return !(len & 1) || fputc(0, f) != EOF;
}

struct chunks {
	unsigned char *bext, *ixml;
	size_t bext_len, ixml_len;
};

/* Sizes of everything before the data's bytes, in file order. */
static uint32_t header_bytes(const struct fixmedia_info *info, const struct chunks *ch)
{
	uint32_t n = 12 + 8 + (info->is_float ? 18 : 16);

	if (ch->bext)
		n += 8 + (uint32_t)((ch->bext_len + 1) & ~(size_t)1);
	if (ch->ixml)
		n += 8 + (uint32_t)((ch->ixml_len + 1) & ~(size_t)1);
	if (info->is_float)
		n += 8 + 4;
	return n + 8;
}

static bool write_header(FILE *f, const struct fixmedia_info *info, const struct chunks *ch)
{
	unsigned char fmt[18], riff[12], fact[4];
	uint32_t bps = (uint32_t)(info->bits / 8), block = bps * (uint32_t)info->channels;
	uint32_t data = (uint32_t)info->frames * block;

	memcpy(riff, "RIFF", 4);
	put32(riff + 4, header_bytes(info, ch) - 8 + data + (data & 1));
	memcpy(riff + 8, "WAVE", 4);
	put16(fmt, info->is_float ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM);
	put16(fmt + 2, (uint32_t)info->channels);
	put32(fmt + 4, (uint32_t)info->sample_rate);
	put32(fmt + 8, (uint32_t)info->sample_rate * block);
	put16(fmt + 12, block);
	put16(fmt + 14, (uint32_t)info->bits);
	put16(fmt + 16, 0);
	put32(fact, (uint32_t)info->frames);
	return fwrite(riff, 1, 12, f) == 12 &&
	       put_chunk(f, "fmt ", fmt, info->is_float ? 18 : 16) &&
	       (!ch->bext || put_chunk(f, "bext", ch->bext, (uint32_t)ch->bext_len)) &&
	       (!ch->ixml || put_chunk(f, "iXML", ch->ixml, (uint32_t)ch->ixml_len)) &&
	       (!info->is_float || put_chunk(f, "fact", fact, 4)) &&
	       put_chunk_header(f, "data", data);
}

/* Reads the next block of source s; frames got (0 at its end), -1 on error. */
static sf_count_t read_block(struct source *s)
{
	sf_count_t got;

	if (s->done)
		return 0;
	got = s->is_float ? sf_readf_float(s->sf, s->fbuf, FIX_BLOCK) :
	      sf_readf_int(s->sf, s->ibuf, FIX_BLOCK);
	if (got <= 0) {
		s->done = true;
		return sf_error(s->sf) != SF_ERR_NO_ERROR ? -1 : 0;
	}
	return got;
}

/* Sample i of source s as the integer of its bit depth (frames past its
 * end are silence), negated when asked. */
static int32_t int_sample(const struct source *s, sf_count_t got, sf_count_t i)
{
	int32_t v, top = (int32_t)((1u << (s->bits - 1)) - 1);

	if (i >= got)
		return 0;
	v = s->ibuf[i * s->info.channels + s->channel] >> (32 - s->bits);
	if (s->invert)
		v = v < -top ? top : -v;
	return v;
}

static float float_sample(const struct source *s, sf_count_t got, sf_count_t i)
{
	float v;

	if (i >= got)
		return 0;
	v = s->fbuf[i * s->info.channels + s->channel];
	return s->invert ? -v : v;
}

/* Packs n frames of the sources into out (little-endian). */
static void pack(const struct source *src, int ns, const sf_count_t *got, sf_count_t n,
		 unsigned char *out)
{
	int bps = src[0].bits / 8;

	for (sf_count_t i = 0; i < n; i++) {
		for (int k = 0; k < ns; k++, out += bps) {
			uint32_t u;

			if (src[0].is_float) {
				float v = float_sample(&src[k], got[k], i);

				memcpy(&u, &v, 4);
			} else {
				u = (uint32_t)int_sample(&src[k], got[k], i);
				if (bps == 1)
					u += 128;	/* 8-bit WAVE is unsigned */
			}
			for (int b = 0; b < bps; b++)
				out[b] = (unsigned char)(u >> (8 * b));
		}
	}
}

/* Copies every frame; returns the frames written, -1 on a read error,
 * -2 on a write error. */
static int64_t copy_data(struct source *src, int n, const struct fixmedia_info *info, FILE *f)
{
	size_t frame = (size_t)n * (size_t)(info->bits / 8);
	unsigned char *buf = xmalloc(FIX_BLOCK * frame);
	sf_count_t got[FIXMEDIA_MAX_CHANNELS];
	int64_t total = 0;

	for (;;) {
		sf_count_t most = 0;

		for (int k = 0; k < n; k++) {
			got[k] = read_block(&src[k]);
			if (got[k] < 0) {
				free(buf);
				return -1;
			}
			if (got[k] > most)
				most = got[k];
		}
		if (most == 0)
			break;
		pack(src, n, got, most, buf);
		if (fwrite(buf, frame, (size_t)most, f) != (size_t)most) {
			free(buf);
			return -2;
		}
		total += most;
	}
	free(buf);
	return total;
}

/* ---- the file ---------------------------------------------------------------- */

/* Whether path names the same file as one of the sources. */
static bool is_source(const char *path, const struct fixmedia_input *in, int n)
{
	struct stat out, st;

	if (stat(path, &out) != 0)
		return false;
	for (int k = 0; k < n; k++)
		if (stat(in[k].path, &st) == 0 && st.st_dev == out.st_dev && st.st_ino == out.st_ino)
			return true;
	return false;
}

/* Header, data, header again if the sources held fewer frames than they
 * said, pad byte.  Returns ERR_OK or the error (eb set). */
static enum err write_wave(FILE *f, struct source *src, int n, struct fixmedia_info *info,
			   const struct chunks *ch, struct errbuf *eb)
{
	int64_t frames;

	if (!write_header(f, info, ch))
		return err_set(eb, ERR_IO, "cannot write: %s", strerror(errno));
	frames = copy_data(src, n, info, f);
	if (frames == -1)
		return err_set(eb, ERR_MEDIA_UNREADABLE, "read error in a source file");
	if (frames < 0)
		return err_set(eb, ERR_IO, "cannot write: %s", strerror(errno));
	if (frames != info->frames) {
		info->padded = info->padded || frames < info->frames;
		info->frames = frames;
		if (fseek(f, 0, SEEK_SET) != 0 || !write_header(f, info, ch) ||
		    fseek(f, 0, SEEK_END) != 0)
			return err_set(eb, ERR_IO, "cannot write: %s", strerror(errno));
	}
	if ((frames * n * (info->bits / 8)) & 1 && fputc(0, f) == EOF)
		return err_set(eb, ERR_IO, "cannot write: %s", strerror(errno));
	return ERR_OK;
}

/* Writes to a temporary file next to out_path, then renames it there. */
static enum err write_atomic(const char *out_path, struct source *src, int n,
			     struct fixmedia_info *info, const struct chunks *ch,
			     struct errbuf *eb)
{
	char *tmp = xasprintf("%s.tmp-XXXXXX", out_path);
	int fd = mkstemp(tmp);
	FILE *f;
	enum err e;

	if (fd < 0) {
		e = err_set(eb, ERR_IO, "cannot create '%s': %s", tmp, strerror(errno));
		free(tmp);
		return e;
	}
	f = fdopen(fd, "wb");
	if (!f) {
		close(fd);
		e = err_set(eb, ERR_IO, "cannot write '%s': %s", tmp, strerror(errno));
	} else {
		e = write_wave(f, src, n, info, ch, eb);
		if (!e && (fflush(f) != 0 || fsync(fileno(f)) != 0 || fchmod(fileno(f), 0644) != 0))
			e = err_set(eb, ERR_IO, "cannot write '%s': %s", tmp, strerror(errno));
		if (fclose(f) != 0 && !e)
			e = err_set(eb, ERR_IO, "cannot write '%s': %s", tmp, strerror(errno));
	}
	if (!e && rename(tmp, out_path) != 0)
		e = err_set(eb, ERR_IO, "cannot rename '%s' to '%s': %s", tmp, out_path,
			    strerror(errno));
	if (e)
		unlink(tmp);
	free(tmp);
	return e;
}

/* The first source's chunk id, if any source has one (else NULL). */
static unsigned char *first_chunk(const struct fixmedia_input *in, int n, const char *id,
				  size_t *len)
{
	for (int k = 0; k < n; k++) {
		unsigned char *data;

		if (fixmedia_chunk_read(in[k].path, id, &data, len, NULL) == ERR_OK)
			return data;
	}
	*len = 0;
	return NULL;
}

enum err fixmedia_write(const struct fixmedia_input *in, int n, const char *out_path,
			struct fixmedia_info *info, struct errbuf *eb)
{
	struct source src[FIXMEDIA_MAX_CHANNELS];
	struct fixmedia_info local;
	struct chunks ch;
	enum err e;

	if (!info)
		info = &local;
	memset(info, 0, sizeof(*info));
	if (n < 1 || n > FIXMEDIA_MAX_CHANNELS)
		return err_set(eb, ERR_INVALID, "%d channels for a fixed file", n);
	if (is_source(out_path, in, n))
		return err_set(eb, ERR_EXISTS, "'%s' is a source: originals are never written",
			       out_path);
	memset(src, 0, sizeof(src));
	e = open_sources(in, n, src, info, eb);
	if (!e) {
		ch.bext = first_chunk(in, n, "bext", &ch.bext_len);
		ch.ixml = first_chunk(in, n, "iXML", &ch.ixml_len);
		info->has_bext = ch.bext != NULL;
		info->has_ixml = ch.ixml != NULL;
		e = write_atomic(out_path, src, n, info, &ch, eb);
		free(ch.bext);
		free(ch.ixml);
	}
	close_sources(src, n);
	return e;
}

/* ---- reading chunks ------------------------------------------------------------ */

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* Reads the chunk body of len bytes at the file position. */
static enum err read_body(FILE *f, uint64_t len, unsigned char **data, size_t *n,
			  struct errbuf *eb)
{
	if (len > FIXMEDIA_MAX_CHUNK)
		return err_set(eb, ERR_INVALID, "chunk of %llu bytes", (unsigned long long)len);
	*data = xmalloc(len ? (size_t)len : 1);
	*n = (size_t)len;
	if (len && fread(*data, 1, (size_t)len, f) != (size_t)len) {
		free(*data);
		*data = NULL;
		return err_set(eb, ERR_IO, "chunk cut short");
	}
	return ERR_OK;
}

/* Walks the chunks of the open WAVE file f for id. */
static enum err find_chunk(FILE *f, bool rf64, const char *id, unsigned char **data,
			   size_t *n, struct errbuf *eb)
{
	unsigned char h[8], ds64[16];
	uint64_t data64 = 0;

	while (fread(h, 1, 8, f) == 8) {
		uint64_t len = get32(h + 4);

		if (!memcmp(h, id, 4))
			return read_body(f, len, data, n, eb);
		if (rf64 && !memcmp(h, "ds64", 4) && len >= 16) {
			if (fread(ds64, 1, 16, f) != 16)
				break;
			data64 = get64(ds64 + 8);
			len -= 16;
		}
		if (rf64 && !memcmp(h, "data", 4) && len == UINT32_MAX)
			len = data64;
		if (len > INT64_MAX / 2 || fseeko(f, (off_t)(len + (len & 1)), SEEK_CUR) != 0)
			break;
	}
	return err_set(eb, ERR_NOT_FOUND, "no '%s' chunk", id);
}

enum err fixmedia_chunk_read(const char *path, const char *id, unsigned char **data,
			     size_t *len, struct errbuf *eb)
{
	FILE *f = fopen(path, "rb");
	unsigned char h[12];
	enum err e;

	*data = NULL;
	*len = 0;
	if (!f)
		return err_set(eb, errno == ENOENT ? ERR_MEDIA_MISSING : ERR_IO, "cannot open '%s': %s",
			       path, strerror(errno));
	if (fread(h, 1, 12, f) != 12 || memcmp(h + 8, "WAVE", 4) ||
	    (memcmp(h, "RIFF", 4) && memcmp(h, "RF64", 4)))
		e = err_set(eb, ERR_NOT_FOUND, "'%s' is not a WAVE file", path);
	else
		e = find_chunk(f, !memcmp(h, "RF64", 4), id, data, len, eb);
	fclose(f);
	return e;
}

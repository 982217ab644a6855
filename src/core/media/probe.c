/* probe.c: media file headers through libsndfile, plus our own chunk walk
 * to catch truncated WAVE and AIFF files. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>

#include "media/probe.h"
#include "strbuf.h"
#include "xalloc.h"

/* Chunks walked before giving up on a header (each step moves >= 8 bytes,
 * but a file of tiny junk chunks should not cost a long loop). */
#define MAX_CHUNKS 4096

/* What the chunk walk learnt about the audio data. */
struct data_span {
	bool found;		/* data (WAVE) / SSND (AIFF) located */
	uint64_t claimed;	/* bytes of audio the header claims */
	uint64_t avail;		/* bytes of audio in the file */
	uint32_t frame_bytes;	/* bytes per frame; 0 = not fixed or unknown */
	int64_t comm_frames;	/* AIFF: frames the COMM chunk claims; -1 */
};

/* ---- byte access ------------------------------------------------------------ */

/* Reads n bytes at off; false on a short read or an error. */
static bool read_at(int fd, uint64_t off, void *buf, size_t n)
{
	unsigned char *p = buf;

	while (n) {
		ssize_t got = pread(fd, p, n, (off_t)off);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		p += got;
		off += (uint64_t)got;
		n -= (size_t)got;
	}
	return true;
}

static uint32_t rd16(const unsigned char *p, bool be)
{
	return be ? (uint32_t)p[0] << 8 | p[1] : (uint32_t)p[1] << 8 | p[0];
}

static uint32_t rd32(const unsigned char *p, bool be)
{
	if (be)
		return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint64_t rd64le(const unsigned char *p)
{
	return (uint64_t)rd32(p + 4, false) << 32 | rd32(p, false);
}

/* ---- RIFF / RF64 WAVE --------------------------------------------------------- */

/* The fmt chunk: bytes per frame for PCM and float data, else 0. */
static uint32_t wave_frame_bytes(int fd, uint64_t body, uint32_t size, bool be)
{
	unsigned char b[26];
	uint32_t tag;

	if (size < 16 || !read_at(fd, body, b, size >= 26 ? 26 : 16))
		return 0;
	tag = rd16(b, be);
	if (tag == 0xFFFE && size >= 26)	/* WAVE_FORMAT_EXTENSIBLE: sub-format */
		tag = rd16(b + 24, be);
	if (tag != 1 && tag != 3)		/* PCM, IEEE float */
		return 0;
	return rd16(b + 12, be);		/* block align */
}

static void scan_wave(int fd, uint64_t size, const unsigned char *hdr, struct data_span *ds)
{
	bool be = !memcmp(hdr, "RIFX", 4);
	bool rf64 = !memcmp(hdr, "RF64", 4) || !memcmp(hdr, "BW64", 4);
	uint64_t off = 12, ds64_data = 0;
	bool have_ds64 = false;
	unsigned char ch[28];

	for (int i = 0; i < MAX_CHUNKS && off + 8 <= size; i++) {
		uint64_t csize;

		if (!read_at(fd, off, ch, 8))
			return;
		csize = rd32(ch + 4, be);
		if (rf64 && !memcmp(ch, "ds64", 4) && csize >= 24 &&
		    read_at(fd, off + 8, ch, 24)) {
			ds64_data = rd64le(ch + 8);
			have_ds64 = true;
		} else if (!memcmp(ch, "fmt ", 4)) {
			ds->frame_bytes = wave_frame_bytes(fd, off + 8, (uint32_t)csize, be);
		} else if (!memcmp(ch, "data", 4) && !ds->found) {
			if (csize == 0xFFFFFFFF) {
				if (!rf64 || !have_ds64)
					return;	/* length left open (streamed): unknowable */
				csize = ds64_data;
			}
			ds->found = true;
			ds->claimed = csize;
			ds->avail = size - (off + 8);
		}
		if (csize > size)	/* also keeps the sum below from overflowing */
			break;
		off += 8 + csize + (csize & 1);
	}
}

/* ---- AIFF / AIFC ---------------------------------------------------------------- */

/* Bytes per sample for an AIFC compression type; 0 when not fixed. */
static uint32_t aifc_sample_bytes(const unsigned char *type, uint32_t bits)
{
	static const char *const pcm[] = {
		"NONE", "sowt", "twos", "raw ", "in24", "in32", "42ni", "23ni"
	};

	for (size_t i = 0; i < sizeof(pcm) / sizeof(pcm[0]); i++)
		if (!memcmp(type, pcm[i], 4))
			return (bits + 7) / 8;
	if (!memcmp(type, "fl32", 4) || !memcmp(type, "FL32", 4))
		return 4;
	if (!memcmp(type, "fl64", 4) || !memcmp(type, "FL64", 4))
		return 8;
	return 0;
}

static void aiff_comm(int fd, uint64_t body, uint64_t csize, bool aifc, struct data_span *ds)
{
	unsigned char b[22];
	uint32_t channels, bits, sample_bytes;

	if (csize < 18 || !read_at(fd, body, b, csize >= 22 ? 22 : 18))
		return;
	channels = rd16(b, true);
	ds->comm_frames = rd32(b + 2, true);
	bits = rd16(b + 6, true);
	if (aifc && csize < 22)
		return;
	sample_bytes = aifc ? aifc_sample_bytes(b + 18, bits) : (bits + 7) / 8;
	ds->frame_bytes = channels * sample_bytes;
}

static void scan_aiff(int fd, uint64_t size, const unsigned char *hdr, struct data_span *ds)
{
	bool aifc = !memcmp(hdr + 8, "AIFC", 4);
	uint64_t off = 12;
	unsigned char ch[8];

	for (int i = 0; i < MAX_CHUNKS && off + 8 <= size; i++) {
		uint64_t csize;

		if (!read_at(fd, off, ch, 8))
			return;
		csize = rd32(ch + 4, true);
		if (!memcmp(ch, "COMM", 4)) {
			aiff_comm(fd, off + 8, csize, aifc, ds);
		} else if (!memcmp(ch, "SSND", 4) && !ds->found && csize >= 8 &&
			   read_at(fd, off + 8, ch, 8)) {
			/* SSND body: offset to the first sample, block size, samples */
			uint64_t skip = rd32(ch, true);

			if (skip <= csize - 8) {
				uint64_t start = off + 16 + skip;

				ds->found = true;
				ds->claimed = csize - 8 - skip;
				ds->avail = start < size ? size - start : 0;
			}
		}
		if (csize > size)
			break;
		off += 8 + csize + (csize & 1);
	}
}

/* Walks the header of a WAVE or AIFF file; ds->found false for others. */
static void scan_chunks(int fd, uint64_t size, struct data_span *ds)
{
	unsigned char hdr[12];

	memset(ds, 0, sizeof(*ds));
	ds->comm_frames = -1;
	if (size < 12 || !read_at(fd, 0, hdr, sizeof(hdr)))
		return;
	if ((!memcmp(hdr, "RIFF", 4) || !memcmp(hdr, "RIFX", 4) || !memcmp(hdr, "RF64", 4) ||
	     !memcmp(hdr, "BW64", 4)) && !memcmp(hdr + 8, "WAVE", 4))
		scan_wave(fd, size, hdr, ds);
	else if (!memcmp(hdr, "FORM", 4) &&
		 (!memcmp(hdr + 8, "AIFF", 4) || !memcmp(hdr + 8, "AIFC", 4)))
		scan_aiff(fd, size, hdr, ds);
}

/* Sets out->truncated, claimed_frames and (when cut) frames from ds. */
static void apply_span(const struct data_span *ds, struct probe_info *out)
{
	uint64_t claimed_bytes = ds->claimed, claimed;

	out->claimed_frames = out->frames;
	if (!ds->found)
		return;
	if (ds->comm_frames >= 0 && ds->frame_bytes)	/* AIFF: COMM is the claim */
		claimed_bytes = (uint64_t)ds->comm_frames * ds->frame_bytes;
	if (claimed_bytes <= ds->avail)
		return;
	out->truncated = true;
	if (!ds->frame_bytes) {
		out->claimed_frames = ds->comm_frames;
		return;
	}
	claimed = claimed_bytes / ds->frame_bytes;	/* an RF64 size may be absurd */
	out->claimed_frames = claimed > INT64_MAX ? INT64_MAX : (int64_t)claimed;
	if ((uint64_t)out->frames > ds->avail / ds->frame_bytes)
		out->frames = (int64_t)(ds->avail / ds->frame_bytes);
}

/* ---- libsndfile -------------------------------------------------------------- */

static int subtype_bits(int format)
{
	switch (format & SF_FORMAT_SUBMASK) {
	case SF_FORMAT_PCM_S8:
	case SF_FORMAT_PCM_U8:
		return 8;
	case SF_FORMAT_PCM_16:
		return 16;
	case SF_FORMAT_PCM_24:
		return 24;
	case SF_FORMAT_PCM_32:
	case SF_FORMAT_FLOAT:
		return 32;
	case SF_FORMAT_DOUBLE:
		return 64;
	default:
		return 0;
	}
}

static enum media_container major_container(int format)
{
	switch (format & SF_FORMAT_TYPEMASK) {
	case SF_FORMAT_WAV:
	case SF_FORMAT_WAVEX:
	case SF_FORMAT_RF64:
		return MEDIA_CONTAINER_WAVE;
	case SF_FORMAT_AIFF:
		return MEDIA_CONTAINER_AIFC;
	default:
		return MEDIA_CONTAINER_UNKNOWN;
	}
}

static const char *major_name(int format)
{
	static const struct { int f; const char *name; } t[] = {
		{ SF_FORMAT_WAV, "WAV" }, { SF_FORMAT_WAVEX, "WAVEX" }, { SF_FORMAT_RF64, "RF64" },
		{ SF_FORMAT_AIFF, "AIFF" }, { SF_FORMAT_W64, "W64" }, { SF_FORMAT_CAF, "CAF" },
		{ SF_FORMAT_FLAC, "FLAC" }, { SF_FORMAT_OGG, "OGG" }, { SF_FORMAT_AU, "AU" },
		{ SF_FORMAT_RAW, "RAW" }, { SF_FORMAT_SD2, "SD2" }, { SF_FORMAT_MPEG, "MPEG" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if ((format & SF_FORMAT_TYPEMASK) == t[i].f)
			return t[i].name;
	return "other";
}

static const char *subtype_name(int format)
{
	static const struct { int f; const char *name; } t[] = {
		{ SF_FORMAT_PCM_S8, "PCM_S8" }, { SF_FORMAT_PCM_U8, "PCM_U8" },
		{ SF_FORMAT_PCM_16, "PCM_16" }, { SF_FORMAT_PCM_24, "PCM_24" },
		{ SF_FORMAT_PCM_32, "PCM_32" }, { SF_FORMAT_FLOAT, "FLOAT" },
		{ SF_FORMAT_DOUBLE, "DOUBLE" }, { SF_FORMAT_ULAW, "ULAW" },
		{ SF_FORMAT_ALAW, "ALAW" }, { SF_FORMAT_IMA_ADPCM, "IMA_ADPCM" },
		{ SF_FORMAT_MS_ADPCM, "MS_ADPCM" }, { SF_FORMAT_VORBIS, "VORBIS" },
		{ SF_FORMAT_OPUS, "OPUS" }, { SF_FORMAT_MPEG_LAYER_III, "MP3" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if ((format & SF_FORMAT_SUBMASK) == t[i].f)
			return t[i].name;
	return "other";
}

/*
 * libsndfile's last open error as our text: lower case, no full stop, no
 * "Error :"-style prefix.  Its numeric codes stay here.
 */
static void sf_reason(char *buf, size_t n)
{
	const char *s = sf_strerror(NULL);
	size_t len;

	if (!s || !*s)
		s = "unknown libsndfile error";
	if (!strncmp(s, "Error : ", 8))
		s += 8;
	snprintf(buf, n, "%s", s);
	len = strlen(buf);
	while (len && (buf[len - 1] == '.' || isspace((unsigned char)buf[len - 1])))
		buf[--len] = '\0';
	if (isupper((unsigned char)buf[0]) && !isupper((unsigned char)buf[1]))
		buf[0] = (char)tolower((unsigned char)buf[0]);
}

/* A clearer reason than libsndfile's for containers it cannot read. */
static const char *known_unsupported(int fd)
{
	static const unsigned char mxf[4] = { 0x06, 0x0E, 0x2B, 0x34 };
	unsigned char h[4];

	if (!read_at(fd, 0, h, sizeof(h)))
		return NULL;
	if (!memcmp(h, mxf, 4))
		return "MXF media is not supported";
	if (!memcmp(h, "BW64", 4))
		return "BW64 (ADM broadcast wave) is not supported";
	return NULL;
}

static enum err open_error(const char *path, int err, struct errbuf *eb)
{
	if (err == ENOENT || err == ENOTDIR)
		return err_set(eb, ERR_MEDIA_MISSING, "'%s': no such file", path);
	return err_set(eb, ERR_MEDIA_UNREADABLE, "cannot open '%s': %s", path, strerror(err));
}

/* Opens path read-only without blocking on a FIFO; fills *st. */
static enum err open_regular(const char *path, struct stat *st, int *fd, struct errbuf *eb)
{
	*fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (*fd < 0)
		return open_error(path, errno, eb);
	if (fstat(*fd, st) != 0) {
		int e = errno;

		close(*fd);
		return open_error(path, e, eb);
	}
	if (!S_ISREG(st->st_mode)) {
		close(*fd);
		return err_set(eb, ERR_MEDIA_UNREADABLE, "'%s' is not a regular file", path);
	}
	if (st->st_size == 0) {
		close(*fd);
		return err_set(eb, ERR_MEDIA_UNREADABLE, "'%s' is empty (0 bytes)", path);
	}
	return ERR_OK;
}

/*
 * libsndfile reads through these callbacks from our descriptor, so the
 * descriptor stays ours whatever happens (sf_open_fd() 1.2 closes it on a
 * failed open even when told not to) and the file is opened only once.
 */
struct vio {
	int fd;
	sf_count_t pos, len;
};

static sf_count_t vio_len(void *user)
{
	return ((struct vio *)user)->len;
}

static sf_count_t vio_seek(sf_count_t off, int whence, void *user)
{
	struct vio *v = user;
	sf_count_t base = whence == SEEK_CUR ? v->pos : whence == SEEK_END ? v->len : 0;

	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -1;
	v->pos = base + off;
	return v->pos;
}

static sf_count_t vio_read(void *ptr, sf_count_t count, void *user)
{
	struct vio *v = user;
	sf_count_t done = 0;

	while (count > done) {
		ssize_t got = pread(v->fd, (char *)ptr + done, (size_t)(count - done),
				    (off_t)(v->pos + done));

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		done += got;
	}
	v->pos += done;
	return done;
}

static sf_count_t vio_write(const void *ptr, sf_count_t count, void *user)
{
	(void)ptr;
	(void)count;
	(void)user;
	return 0;	/* opened for reading only: never writes */
}

static sf_count_t vio_tell(void *user)
{
	return ((struct vio *)user)->pos;
}

/* Fills out from libsndfile's view of the file. */
static enum err sf_probe(const char *path, int fd, uint64_t size, struct probe_info *out,
			 struct errbuf *eb)
{
	SF_VIRTUAL_IO io = { vio_len, vio_seek, vio_read, vio_write, vio_tell };
	struct vio v = { fd, 0, (sf_count_t)size };
	SF_INFO sfi;
	SNDFILE *sf;
	char reason[256];
	const char *unsupported;

	memset(&sfi, 0, sizeof(sfi));
	sf = sf_open_virtual(&io, SFM_READ, &sfi, &v);
	if (!sf) {
		unsupported = known_unsupported(fd);
		sf_reason(reason, sizeof(reason));
		return err_set(eb, ERR_MEDIA_UNREADABLE, "cannot read '%s' as audio: %s", path,
			       unsupported ? unsupported : reason);
	}
	out->channels = sfi.channels;
	out->sample_rate = sfi.samplerate;
	out->bits = subtype_bits(sfi.format);
	out->frames = sfi.frames;
	out->container = major_container(sfi.format);
	snprintf(out->format_name, sizeof(out->format_name), "%s %s",
		 major_name(sfi.format), subtype_name(sfi.format));
	sf_close(sf);
	return ERR_OK;
}

enum err probe_file(const char *path, struct probe_info *out, struct errbuf *eb)
{
	struct stat st;
	struct data_span ds;
	enum err e;
	int fd;

	memset(out, 0, sizeof(*out));
	e = open_regular(path, &st, &fd, eb);
	if (e != ERR_OK)
		return e;
	e = sf_probe(path, fd, (uint64_t)st.st_size, out, eb);
	if (e == ERR_OK) {
		scan_chunks(fd, (uint64_t)st.st_size, &ds);
		apply_span(&ds, out);
	}
	close(fd);
	return e;
}

/* ---- session media records ----------------------------------------------------- */

static void next_note(struct strbuf *sb)
{
	if (sb->len)
		strbuf_addstr(sb, "; ");
}

/* What deserves a look in a file that reads: truncation, emptiness,
 * disagreement with the AAF's values in m, why's remark. */
static char *media_notes(const struct media *m, const struct probe_info *pi, const char *why)
{
	struct strbuf sb = STRBUF_INIT;

	if (pi->truncated && pi->claimed_frames >= 0)
		strbuf_addf(&sb, "truncated: header claims %lld frames, file holds %lld",
			    (long long)pi->claimed_frames, (long long)pi->frames);
	else if (pi->truncated)
		strbuf_addf(&sb, "truncated: the audio data stops before the header says "
			    "(file holds %lld frames)", (long long)pi->frames);
	else if (pi->frames == 0)
		strbuf_addstr(&sb, "empty: the file holds no audio frames");
	if (m->channels > 0 && m->channels != pi->channels) {
		next_note(&sb);
		strbuf_addf(&sb, "file has %d channels, the AAF says %d",
			    pi->channels, m->channels);
	}
	if (m->sample_rate > 0 && m->sample_rate != pi->sample_rate) {
		next_note(&sb);
		strbuf_addf(&sb, "file is at %d Hz, the AAF says %d Hz", pi->sample_rate,
			    m->sample_rate);
	}
	if (why && *why) {
		next_note(&sb);
		strbuf_addstr(&sb, why);
	}
	return sb.len ? strbuf_detach(&sb) : NULL;
}

static void set_file(struct media_file *f, const struct probe_info *pi)
{
	f->channels = pi->channels;
	f->sample_rate = pi->sample_rate;
	f->bits = pi->bits;
	f->length = pi->frames;
	f->claimed_length = pi->claimed_frames;
	f->truncated = pi->truncated;
	f->probed = true;
}

enum err probe_update_media(struct media *m, const char *path, const char *why,
			    struct probe_info *info)
{
	struct probe_info pi;
	struct errbuf eb;
	enum err e;

	free(m->path);
	free(m->status_detail);
	m->path = NULL;
	m->status_detail = NULL;
	memset(&m->file, 0, sizeof(m->file));
	if (info)
		memset(info, 0, sizeof(*info));
	if (!path) {
		m->status = MEDIA_STATUS_MISSING;
		m->status_detail = xstrdup(why && *why ? why : "no file found for the locator");
		return ERR_MEDIA_MISSING;
	}
	errbuf_init(&eb);
	e = probe_file(path, &pi, &eb);
	if (info)
		*info = pi;
	if (e != ERR_OK) {
		e = e == ERR_MEDIA_MISSING ? e : ERR_MEDIA_UNREADABLE;
		m->status = e == ERR_MEDIA_MISSING ? MEDIA_STATUS_MISSING : MEDIA_STATUS_UNREADABLE;
		m->status_detail = xstrdup(errbuf_msg(&eb));
		if (e == ERR_MEDIA_UNREADABLE)
			m->path = xstrdup(path);
		return e;
	}
	m->status = MEDIA_STATUS_OK;
	m->path = xstrdup(path);
	m->status_detail = media_notes(m, &pi, why);
	set_file(&m->file, &pi);
	if (m->container == MEDIA_CONTAINER_UNKNOWN)
		m->container = pi.container;
	return ERR_OK;
}

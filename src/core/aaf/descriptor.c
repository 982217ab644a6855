/*
 * descriptor.c: what an essence descriptor says about its audio: channels,
 * rate, bits, length and container.  WAVE and AIFC descriptors keep the
 * file's own header bytes in a Summary property, parsed here with bounds
 * checks on every chunk.
 */
#include "config.h"

#include <string.h>

#include "aaf/descriptor.h"

/* Channel counts, sample sizes and rates a header may state; beyond is
 * damage, taken as unknown. */
#define MAX_CHANNELS 1024
#define MAX_BITS 64
#define MAX_AUDIO_RATE 1536000

static int bounded(int v, int max)
{
	return v > 0 && v <= max ? v : 0;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* RIFF/WAVE header bytes: fmt gives the format; data gives the length
 * when its size is written (Premiere leaves it out). */
static void parse_wave(const uint8_t *d, size_t len, struct media *m)
{
	size_t off = 12;
	int block_align = 0;

	if (len < 12 || (memcmp(d, "RIFF", 4) && memcmp(d, "RF64", 4)) || memcmp(d + 8, "WAVE", 4))
		return;
	while (off + 8 <= len) {
		uint32_t size = le32(d + off + 4);
		const uint8_t *body = d + off + 8;
		size_t avail = len - off - 8;

		if (!memcmp(d + off, "fmt ", 4) && avail >= 16) {
			m->channels = bounded(le16(body + 2), MAX_CHANNELS);
			m->sample_rate = le32(body + 4) <= MAX_AUDIO_RATE ? (int)le32(body + 4) : 0;
			block_align = le16(body + 12);
			m->bits = bounded(le16(body + 14), MAX_BITS);
		} else if (!memcmp(d + off, "data", 4)) {
			if (block_align > 0 && size > 0 && size != 0xFFFFFFFFu)
				m->length = size / (uint32_t)block_align;
			break;
		}
		if (size > avail)
			break;
		off += 8 + size + (size & 1);
	}
}

/* 80-bit IEEE extended sample rate of an AIFF COMM chunk. */
static int aiff_rate(const uint8_t *p)
{
	int exp = ((p[0] & 0x7F) << 8 | p[1]) - 16383 - 63;
	uint64_t mant = (uint64_t)be32(p + 2) << 32 | be32(p + 6);

	if (exp > 0 || exp < -63 || mant == 0)
		return 0;
	mant >>= -exp;
	return mant > 10000000 ? 0 : (int)mant;
}

static void parse_aifc(const uint8_t *d, size_t len, struct media *m)
{
	size_t off = 12;

	if (len < 12 || memcmp(d, "FORM", 4) || (memcmp(d + 8, "AIFC", 4) && memcmp(d + 8, "AIFF", 4)))
		return;
	while (off + 8 <= len) {
		uint32_t size = be32(d + off + 4);
		const uint8_t *body = d + off + 8;
		size_t avail = len - off - 8;

		if (!memcmp(d + off, "COMM", 4) && avail >= 18) {
			m->channels = bounded(be16(body), MAX_CHANNELS);
			m->length = be32(body + 2);
			m->bits = bounded(be16(body + 6), MAX_BITS);
			m->sample_rate = aiff_rate(body + 8);
		}
		if (size > avail)
			break;
		off += 8 + size + (size & 1);
	}
}

static int rate_of(struct rational r)
{
	if (r.den <= 0 || r.num <= 0 || r.num % r.den || r.num / r.den > MAX_AUDIO_RATE)
		return 0;
	return (int)(r.num / r.den);
}

bool descriptor_is_file(const struct aaf_obj *d)
{
	return d && aafobj_isa(d, AAF_CLASS_FILE_DESCRIPTOR);
}

void descriptor_read(const struct aaf_obj *d, struct media *m)
{
	const struct aaf_prop *sum;
	struct rational r;
	uint32_t u32;
	int64_t len;
	int file_rate = 0;

	if (!d)
		return;
	if (aafobj_rational(d, PID_FILEDESC_SAMPLE_RATE, &r))
		file_rate = rate_of(r);
	if (aafobj_isa(d, AAF_CLASS_WAVE_DESCRIPTOR)) {
		m->container = MEDIA_CONTAINER_WAVE;
		sum = aafobj_prop(d, PID_WAVEDESC_SUMMARY);
		if (sum)
			parse_wave(sum->data, sum->len, m);
		return;
	}
	if (aafobj_isa(d, AAF_CLASS_AIFC_DESCRIPTOR)) {
		m->container = MEDIA_CONTAINER_AIFC;
		sum = aafobj_prop(d, PID_AIFCDESC_SUMMARY);
		if (sum)
			parse_aifc(sum->data, sum->len, m);
		return;
	}
	if (aafobj_isa(d, AAF_CLASS_SOUND_DESCRIPTOR)) {
		if (aafobj_isa(d, AAF_CLASS_PCM_DESCRIPTOR))
			m->container = MEDIA_CONTAINER_PCM;
		if (aafobj_u32(d, PID_SOUNDDESC_CHANNELS, &u32) && u32 < 1024)
			m->channels = (int)u32;
		if (aafobj_u32(d, PID_SOUNDDESC_QUANTIZATION_BITS, &u32) && u32 <= 64)
			m->bits = (int)u32;
		if (aafobj_rational(d, PID_SOUNDDESC_AUDIO_SAMPLING_RATE, &r))
			m->sample_rate = rate_of(r);
		if (!m->sample_rate)
			m->sample_rate = file_rate;
		/* Length counts the descriptor's SampleRate units */
		if (aafobj_i64(d, PID_FILEDESC_LENGTH, &len) && len >= 0 && file_rate > 0 &&
		    m->sample_rate > 0 && len < ((int64_t)1 << 40))
			m->length = rational_rescale_floor(len, (struct rational){ file_rate, 1 },
							   (struct rational){ m->sample_rate, 1 });
	}
}

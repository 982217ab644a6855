/* timecode.c: SMPTE timecode labels, drop-frame included. */
#include "config.h"

#include <stdio.h>

#include "timecode.h"

int timecode_fps_for_rate(struct rational rate)
{
	int64_t q, r;

	if (!rational_valid(rate))
		return 0;
	q = rate.num / rate.den;
	r = rate.num % rate.den;
	if (r >= rate.den - r)	/* remainder >= half: round up, without overflow */
		q++;
	if (q < 1 || q > TIMECODE_MAX_FPS)
		return 0;
	return (int)q;
}

bool timecode_fmt_valid(struct timecode_fmt f)
{
	return f.fps >= 1 && f.fps <= TIMECODE_MAX_FPS;
}

int timecode_drop_frames(struct timecode_fmt f)
{
	if (!timecode_fmt_valid(f) || !f.drop || f.fps % 30 != 0)
		return 0;
	return f.fps / 15;
}

int64_t timecode_frames_per_day(struct timecode_fmt f)
{
	if (!timecode_fmt_valid(f))
		return 0;
	/* 24 * 60 minutes, of which 24 * 6 are tenth minutes and keep every label */
	return (int64_t)f.fps * 86400 - (int64_t)timecode_drop_frames(f) * (1440 - 144);
}

/* A drop-frame count (within a day) to the count of labels it passes,
 * dropped ones included: the value to split into HH:MM:SS:FF. */
static int64_t add_dropped(int64_t frames, int fps, int d)
{
	int64_t per_ten = (int64_t)fps * 600 - 9 * d;	/* frames in ten minutes */
	int64_t per_min = (int64_t)fps * 60 - d;	/* in a minute that drops */
	int64_t tens = frames / per_ten, rem = frames % per_ten;

	frames += 9 * (int64_t)d * tens;
	if (rem >= d)
		frames += d * ((rem - d) / per_min);
	return frames;
}

void timecode_format(struct timecode_fmt f, int64_t frames, char *buf, size_t n)
{
	int64_t day = timecode_frames_per_day(f);
	int d = timecode_drop_frames(f);
	int64_t secs;

	if (n == 0)
		return;
	if (day == 0) {
		snprintf(buf, n, "--:--:--:--");
		return;
	}
	frames %= day;
	if (frames < 0)
		frames += day;
	if (d)
		frames = add_dropped(frames, f.fps, d);
	secs = frames / f.fps;
	snprintf(buf, n, "%02d:%02d:%02d%c%02d", (int)(secs / 3600), (int)(secs / 60 % 60),
		 (int)(secs % 60), d ? ';' : ':', (int)(frames % f.fps));
}

static bool is_sep(char c)
{
	return c == ':' || c == ';' || c == '.';
}

/* Reads 1 to max digits at p into *v; returns the end, NULL if none. */
static const char *read_field(const char *p, int max, int *v)
{
	int n = 0;

	*v = 0;
	while (n < max && *p >= '0' && *p <= '9') {
		*v = *v * 10 + (*p++ - '0');
		n++;
	}
	return n ? p : NULL;
}

/* Splits "HH:MM:SS:FF" into f[0..3]; false on bad syntax. */
static bool split_label(const char *s, int f[4])
{
	const char *p = s;

	for (int i = 0; i < 4; i++) {
		if (i > 0) {
			if (!is_sep(*p))
				return false;
			p++;
		}
		p = read_field(p, i == 3 ? 3 : 2, &f[i]);
		if (!p)
			return false;
	}
	return *p == '\0';
}

enum err timecode_parse(struct timecode_fmt f, const char *s, int64_t *frames,
			struct errbuf *eb)
{
	int v[4], d = timecode_drop_frames(f);
	int64_t minutes;

	if (!timecode_fmt_valid(f))
		return err_set(eb, ERR_INVALID, "timecode rate %d fps not supported", f.fps);
	if (!s || !split_label(s, v))
		return err_set(eb, ERR_INVALID, "bad timecode '%s': expected HH:MM:SS:FF",
			       s ? s : "");
	if (v[0] > 23 || v[1] > 59 || v[2] > 59 || v[3] >= f.fps)
		return err_set(eb, ERR_INVALID, "bad timecode '%s': field out of range at %d fps",
			       s, f.fps);
	if (d && v[2] == 0 && v[3] < d && v[1] % 10 != 0)
		return err_set(eb, ERR_INVALID, "bad timecode '%s': label dropped in drop-frame", s);
	minutes = (int64_t)v[0] * 60 + v[1];
	*frames = (minutes * 60 + v[2]) * f.fps + v[3] - d * (minutes - minutes / 10);
	return ERR_OK;
}

int64_t timecode_samples_to_frames(int64_t samples, int sample_rate, struct rational rate)
{
	const int64_t lim = (int64_t)1 << 61;

	if (sample_rate <= 0 || sample_rate > INT32_MAX / 2)
		return 0;
	if (samples > lim)
		samples = lim;
	if (samples < -lim)
		samples = -lim;
	/* (samples + 1/2) / sample_rate * rate, floored */
	return rational_rescale_floor(2 * samples + 1, (struct rational){ 2 * (int64_t)sample_rate, 1 },
				      rate);
}

void timecode_format_samples(struct timecode_fmt f, struct rational rate, int64_t samples,
			     int sample_rate, char *buf, size_t n)
{
	if (!rational_valid(rate) || sample_rate <= 0) {
		timecode_format((struct timecode_fmt){ 0, false }, 0, buf, n);
		return;
	}
	timecode_format(f, timecode_samples_to_frames(samples, sample_rate, rate), buf, n);
}

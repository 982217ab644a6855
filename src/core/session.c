/* session.c: building, converting and freeing the session model. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "xalloc.h"

struct session *session_new(void)
{
	struct session *s = xcalloc(1, sizeof(*s));

	s->edit_rate = (struct rational){ 25, 1 };
	s->tc_rate = (struct rational){ 25, 1 };
	s->tc_fps = 25;
	s->sample_rate = 48000;
	return s;
}

static void clip_release(struct clip *c)
{
	free(c->name);
	free(c->sources);
	free(c->volume);
}

static void track_release(struct track *t)
{
	for (size_t i = 0; i < t->n_clips; i++)
		clip_release(&t->clips[i]);
	free(t->clips);
	free(t->name);
}

static void media_release(struct media *m)
{
	free(m->id);
	free(m->name);
	free(m->url);
	free(m->path);
	free(m->status_detail);
	free(m->essence_stream);
}

void session_free(struct session *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_tracks; i++)
		track_release(&s->tracks[i]);
	for (size_t i = 0; i < s->n_media; i++)
		media_release(&s->media[i]);
	for (size_t i = 0; i < s->n_markers; i++) {
		free(s->markers[i].name);
		free(s->markers[i].comment);
	}
	free(s->tracks);
	free(s->media);
	free(s->markers);
	free(s->file);
	free(s->product);
	free(s->product_version);
	free(s->composition_name);
	free(s);
}

struct track *session_add_track(struct session *s, enum track_kind kind)
{
	struct track *t;
	int index = 1;

	for (size_t i = 0; i < s->n_tracks; i++)
		if (s->tracks[i].kind == kind)
			index++;
	XGROW(s->tracks, s->n_tracks + 1, s->alloc_tracks);
	t = &s->tracks[s->n_tracks++];
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->index = index;
	t->edit_rate = s->edit_rate;
	return t;
}

struct clip *track_add_clip(struct track *t)
{
	struct clip *c;

	XGROW(t->clips, t->n_clips + 1, t->alloc_clips);
	c = &t->clips[t->n_clips++];
	memset(c, 0, sizeof(*c));
	return c;
}

void track_remove_clip(struct track *t, size_t i)
{
	if (i >= t->n_clips)
		return;
	clip_release(&t->clips[i]);
	memmove(&t->clips[i], &t->clips[i + 1], (t->n_clips - i - 1) * sizeof(*t->clips));
	t->n_clips--;
}

void clip_set_channels(struct clip *c, int n)
{
	if (n < 0)
		n = 0;
	c->sources = xreallocarray(c->sources, (size_t)n, sizeof(*c->sources));
	for (int i = c->channels; i < n; i++) {
		memset(&c->sources[i], 0, sizeof(c->sources[i]));
		c->sources[i].media = -1;
		c->sources[i].channel = i + 1;
	}
	c->channels = n;
}

struct media *session_add_media(struct session *s)
{
	struct media *m;

	XGROW(s->media, s->n_media + 1, s->alloc_media);
	m = &s->media[s->n_media++];
	memset(m, 0, sizeof(*m));
	m->id = xasprintf("m%zu", s->n_media);
	m->length = -1;
	m->file.length = -1;
	m->file.claimed_length = -1;
	m->status = MEDIA_STATUS_UNCHECKED;
	return m;
}

struct marker *session_add_marker(struct session *s)
{
	struct marker *mk;

	XGROW(s->markers, s->n_markers + 1, s->alloc_markers);
	mk = &s->markers[s->n_markers++];
	memset(mk, 0, sizeof(*mk));
	return mk;
}

void session_prune_media(struct session *s)
{
	int *map = xcalloc(s->n_media ? s->n_media : 1, sizeof(*map));
	size_t out = 0;

	for (size_t i = 0; i < s->n_tracks; i++)
		for (size_t j = 0; j < s->tracks[i].n_clips; j++)
			for (int ch = 0; ch < s->tracks[i].clips[j].channels; ch++) {
				int m = s->tracks[i].clips[j].sources[ch].media;

				if (m >= 0 && (size_t)m < s->n_media)
					map[m] = 1;
			}
	for (size_t i = 0; i < s->n_media; i++) {
		if (!map[i]) {
			media_release(&s->media[i]);
			map[i] = -1;
			continue;
		}
		map[i] = (int)out;
		if (out != i)
			s->media[out] = s->media[i];
		free(s->media[out].id);
		s->media[out].id = xasprintf("m%zu", out + 1);
		out++;
	}
	s->n_media = out;
	for (size_t i = 0; i < s->n_tracks; i++)
		for (size_t j = 0; j < s->tracks[i].n_clips; j++)
			for (int ch = 0; ch < s->tracks[i].clips[j].channels; ch++) {
				struct clip_source *src = &s->tracks[i].clips[j].sources[ch];

				if (src->media >= 0)
					src->media = map[src->media];
			}
	free(map);
}

size_t session_audio_tracks(const struct session *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n_tracks; i++)
		if (s->tracks[i].kind == TRACK_KIND_AUDIO)
			n++;
	return n;
}

int64_t session_eu_to_samples(int64_t eu, struct rational rate, int sample_rate)
{
	return rational_rescale(eu, rate, (struct rational){ sample_rate, 1 });
}

/* Edit-unit values from a file are clamped to this magnitude (about 260
 * days at 48 kHz) so that the exact products below stay inside 128 bits. */
#define EU_LIMIT ((int64_t)1 << 40)

static int64_t clamp_eu(int64_t v)
{
	return v > EU_LIMIT ? EU_LIMIT : v < -EU_LIMIT ? -EU_LIMIT : v;
}

/*
 * Absolute position: tc_start frames at tc_rate plus pos edit units at rate,
 * summed as one exact fraction and rounded once (half up).
 */
static int64_t absolute_samples(const struct session *s, int64_t pos, struct rational rate)
{
	__int128 n, d;

	if (!rational_valid(rate) || !rational_valid(s->tc_rate) ||
	    s->sample_rate <= 0 || s->sample_rate > (1 << 20) ||
	    rate.num > INT32_MAX || rate.den > INT32_MAX ||
	    s->tc_rate.num > INT32_MAX || s->tc_rate.den > INT32_MAX)
		return 0;
	/* (tc_start * tc.den / tc.num + pos * rate.den / rate.num) * sr */
	n = ((__int128)clamp_eu(s->tc_start) * s->tc_rate.den * rate.num +
	     (__int128)clamp_eu(pos) * rate.den * s->tc_rate.num) * s->sample_rate;
	d = (__int128)s->tc_rate.num * rate.num;
	n = 2 * n + d;
	d = 2 * d;
	if (n < 0 && n % d)
		return (int64_t)(n / d - 1);
	return (int64_t)(n / d);
}

void session_update_samples(struct session *s)
{
	s->start = absolute_samples(s, 0, s->edit_rate);
	s->end = absolute_samples(s, s->length_eu, s->edit_rate);
	for (size_t i = 0; i < s->n_markers; i++) {
		struct marker *mk = &s->markers[i];

		mk->pos = absolute_samples(s, mk->pos_eu, mk->rate);
		mk->length = session_eu_to_samples(mk->length_eu, mk->rate, s->sample_rate);
	}
	for (size_t i = 0; i < s->n_tracks; i++) {
		struct track *t = &s->tracks[i];

		for (size_t j = 0; j < t->n_clips; j++) {
			struct clip *c = &t->clips[j];

			c->start = absolute_samples(s, c->pos_eu, t->edit_rate);
			c->length = session_eu_to_samples(c->length_eu, t->edit_rate, s->sample_rate);
			c->source_offset = session_eu_to_samples(c->source_offset_eu, t->edit_rate,
								 s->sample_rate);
			c->fade_in.length = session_eu_to_samples(c->fade_in.length_eu, t->edit_rate,
								  s->sample_rate);
			c->fade_out.length = session_eu_to_samples(c->fade_out.length_eu, t->edit_rate,
								   s->sample_rate);
		}
	}
}

const char *channel_format_name(enum channel_format f)
{
	static const char *const names[CHANNEL_FORMAT_COUNT] = {
		[CHANNEL_FORMAT_UNKNOWN] = "",
		[CHANNEL_FORMAT_MONO] = "MONO",
		[CHANNEL_FORMAT_STEREO] = "STEREO",
		[CHANNEL_FORMAT_5_1] = "5.1",
		[CHANNEL_FORMAT_7_1] = "7.1",
	};
	return (unsigned)f < CHANNEL_FORMAT_COUNT ? names[f] : "";
}

enum channel_format channel_format_for(int channels)
{
	switch (channels) {
	case 1: return CHANNEL_FORMAT_MONO;
	case 2: return CHANNEL_FORMAT_STEREO;
	case 6: return CHANNEL_FORMAT_5_1;
	case 8: return CHANNEL_FORMAT_7_1;
	default: return CHANNEL_FORMAT_UNKNOWN;
	}
}

const char *media_status_name(enum media_status st)
{
	static const char *const names[MEDIA_STATUS_COUNT] = {
		[MEDIA_STATUS_OK] = "ok",
		[MEDIA_STATUS_MISSING] = "missing",
		[MEDIA_STATUS_UNREADABLE] = "unreadable",
		[MEDIA_STATUS_UNCHECKED] = "unchecked",
	};
	return (unsigned)st < MEDIA_STATUS_COUNT ? names[st] : "unknown";
}

const char *fade_shape_name(enum fade_shape sh)
{
	static const char *const names[FADE_SHAPE_COUNT] = {
		[FADE_SHAPE_NONE] = "none",
		[FADE_SHAPE_LINEAR] = "linear",
		[FADE_SHAPE_EQUAL_POWER] = "equal_power",
		[FADE_SHAPE_LOG] = "log",
		[FADE_SHAPE_EXP] = "exp",
		[FADE_SHAPE_SCURVE] = "s_curve",
	};
	return (unsigned)sh < FADE_SHAPE_COUNT ? names[sh] : "none";
}

const char *media_container_name(enum media_container c)
{
	static const char *const names[MEDIA_CONTAINER_COUNT] = {
		[MEDIA_CONTAINER_UNKNOWN] = "unknown",
		[MEDIA_CONTAINER_WAVE] = "wave",
		[MEDIA_CONTAINER_AIFC] = "aifc",
		[MEDIA_CONTAINER_PCM] = "pcm",
		[MEDIA_CONTAINER_MXF] = "mxf",
	};
	return (unsigned)c < MEDIA_CONTAINER_COUNT ? names[c] : "unknown";
}

/*
 * session_build.c: putting a session together by hand (the demo turnover,
 * tests), filling in what the AAF reader would derive.
 */
#include "config.h"

#include "session_build.h"
#include "xalloc.h"

struct session *session_build_new(const char *name, int64_t num, int64_t den, int64_t tc_start,
				  bool drop)
{
	struct session *s = session_new();

	s->composition_name = xstrdup(name);
	s->edit_rate = (struct rational){ num, den };
	s->tc_rate = s->edit_rate;
	s->tc_fps = (int)((num + den / 2) / den);
	s->tc_start = tc_start;
	s->drop_frame = drop;
	s->sample_rate = 48000;
	return s;
}

struct media *session_build_media(struct session *s, const char *name, enum media_container c,
				  int channels, int rate, int bits, int64_t length, const char *url)
{
	struct media *m = session_add_media(s);

	m->name = xstrdup(name);
	m->container = c;
	m->channels = channels;
	m->sample_rate = rate;
	m->bits = bits;
	m->length = length;
	m->embedded = url == NULL;
	m->url = url ? xstrdup(url) : NULL;
	if (m->embedded) {
		m->status = MEDIA_STATUS_OK;
		m->essence_stream = xstrdup("Data-2702");
	}
	return m;
}

struct track *session_build_track(struct session *s, const char *name, int64_t num, int64_t den)
{
	struct track *t = session_add_track(s, TRACK_KIND_AUDIO);

	t->name = xstrdup(name);
	t->edit_rate = (struct rational){ num, den };
	return t;
}

struct clip *session_build_clip(struct track *t, const char *name, int64_t pos_eu, int64_t length_eu,
				int media, int first_ch, int channels, int64_t offset, int rate)
{
	struct clip *c = track_add_clip(t);

	c->name = xstrdup(name);
	c->pos_eu = pos_eu;
	c->length_eu = length_eu;
	clip_set_channels(c, channels);
	for (int ch = 0; ch < channels; ch++) {
		c->sources[ch].media = media;
		c->sources[ch].channel = first_ch + ch;
		c->sources[ch].offset = offset;
		c->sources[ch].offset_rate = (struct rational){ rate, 1 };
	}
	return c;
}

void session_build_finish(struct session *s)
{
	for (size_t i = 0; i < s->n_tracks; i++) {
		struct track *t = &s->tracks[i];
		int maxch = 0;

		for (size_t j = 0; j < t->n_clips; j++) {
			struct clip *c = &t->clips[j];
			int64_t end = rational_rescale(c->pos_eu + c->length_eu, t->edit_rate, s->edit_rate);

			if (c->channels > maxch)
				maxch = c->channels;
			if (c->channels && rational_valid(c->sources[0].offset_rate))
				c->source_offset_eu = rational_rescale(c->sources[0].offset,
								       c->sources[0].offset_rate, t->edit_rate);
			if (end > s->length_eu)
				s->length_eu = end;
		}
		if (t->kind == TRACK_KIND_AUDIO)
			t->format = channel_format_for(maxch ? maxch : 1);
	}
	session_update_samples(s);
}

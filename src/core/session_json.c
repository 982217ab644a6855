/* session_json.c: the session as the `inspect --json` document. */
#include "config.h"

#include <stdio.h>

#include "json.h"
#include "session_json.h"
#include "timecode.h"

static void kv_string(struct json_writer *w, const char *key, const char *v)
{
	json_key(w, key);
	json_string(w, v);
}

static void kv_int(struct json_writer *w, const char *key, int64_t v)
{
	json_key(w, key);
	json_int(w, v);
}

/* An integer, or null when !known. */
static void kv_int_if(struct json_writer *w, const char *key, int64_t v, bool known)
{
	json_key(w, key);
	if (known)
		json_int(w, v);
	else
		json_null(w);
}

static void kv_bool(struct json_writer *w, const char *key, bool v)
{
	json_key(w, key);
	json_bool(w, v);
}

static void kv_double(struct json_writer *w, const char *key, double v)
{
	json_key(w, key);
	json_double(w, v);
}

static void write_composition(struct json_writer *w, const struct session *s)
{
	struct timecode_fmt tc = { s->tc_fps, s->drop_frame };
	char buf[TIMECODE_BUFSZ], rate[48];

	json_key(w, "composition");
	json_begin_object(w);
	kv_string(w, "name", s->composition_name);
	snprintf(rate, sizeof(rate), "%lld/%lld", (long long)s->edit_rate.num,
		 (long long)s->edit_rate.den);
	kv_string(w, "edit_rate", rate);
	kv_int(w, "tc_fps", s->tc_fps);
	kv_bool(w, "drop_frame", s->drop_frame);
	timecode_format(tc, s->tc_start, buf, sizeof(buf));
	kv_string(w, "start_tc", timecode_fmt_valid(tc) ? buf : NULL);
	kv_int_if(w, "sample_rate", s->sample_rate, s->sample_rate > 0);
	json_end_object(w);
}

static void write_media(struct json_writer *w, const struct media *m)
{
	json_begin_object(w);
	kv_string(w, "id", m->id);
	kv_string(w, "name", m->name);
	kv_int_if(w, "channels", m->channels, m->channels > 0);
	kv_int_if(w, "sample_rate", m->sample_rate, m->sample_rate > 0);
	kv_int_if(w, "bits", m->bits, m->bits > 0);
	kv_int_if(w, "length", m->length, m->length >= 0);
	kv_bool(w, "embedded", m->embedded);
	kv_string(w, "url", m->url);
	kv_string(w, "path", m->path);
	kv_string(w, "status", media_status_name(m->status));
	kv_string(w, "detail", m->status_detail);
	if (m->file.probed) {
		/* what the file itself holds, beside what the AAF says */
		json_key(w, "file");
		json_begin_object(w);
		kv_int(w, "channels", m->file.channels);
		kv_int(w, "sample_rate", m->file.sample_rate);
		kv_int_if(w, "bits", m->file.bits, m->file.bits > 0);
		kv_int(w, "length", m->file.length);
		kv_bool(w, "truncated", m->file.truncated);
		json_end_object(w);
	}
	json_end_object(w);
}

static void write_fade(struct json_writer *w, const char *key, const struct fade *f)
{
	json_key(w, key);
	if (f->length == 0) {
		json_null(w);
		return;
	}
	json_begin_object(w);
	kv_int(w, "length", f->length);
	kv_string(w, "shape", fade_shape_name(f->shape));
	json_end_object(w);
}

static void write_sources(struct json_writer *w, const struct session *s, const struct clip *c)
{
	json_key(w, "sources");
	json_begin_array(w);
	for (int i = 0; i < c->channels; i++) {
		int m = c->sources[i].media;

		json_string(w, m >= 0 && (size_t)m < s->n_media ? s->media[m].id : NULL);
	}
	json_end_array(w);
	json_key(w, "source_channels");
	json_begin_array(w);
	for (int i = 0; i < c->channels; i++)
		json_int(w, c->sources[i].channel);
	json_end_array(w);
}

static void write_volume(struct json_writer *w, const struct clip *c)
{
	if (c->n_volume == 0)
		return;
	json_key(w, "volume");
	json_begin_array(w);
	for (size_t i = 0; i < c->n_volume; i++) {
		json_begin_object(w);
		kv_int(w, "pos", c->volume[i].pos);
		kv_double(w, "gain_db", c->volume[i].gain_db);
		json_end_object(w);
	}
	json_end_array(w);
}

static void write_clip(struct json_writer *w, const struct session *s, const struct clip *c)
{
	json_begin_object(w);
	kv_string(w, "name", c->name);
	kv_int(w, "start", c->start);
	kv_int(w, "length", c->length);
	kv_int(w, "source_offset", c->source_offset);
	kv_int(w, "channels", c->channels);
	kv_double(w, "gain_db", c->gain_db);
	kv_bool(w, "mute", c->mute);
	write_fade(w, "fade_in", &c->fade_in);
	write_fade(w, "fade_out", &c->fade_out);
	write_sources(w, s, c);
	json_key(w, "pan");
	if (c->has_pan)
		json_double(w, c->pan);
	else
		json_null(w);
	write_volume(w, c);
	json_end_object(w);
}

static void write_track(struct json_writer *w, const struct session *s, const struct track *t)
{
	const char *format = channel_format_name(t->format);

	json_begin_object(w);
	kv_int(w, "index", t->index);
	kv_string(w, "name", t->name);
	kv_string(w, "format", *format && t->n_clips > 0 ? format : NULL);
	json_key(w, "clips");
	json_begin_array(w);
	for (size_t i = 0; i < t->n_clips; i++)
		write_clip(w, s, &t->clips[i]);
	json_end_array(w);
	json_end_object(w);
}

static void write_marker(struct json_writer *w, const struct marker *mk)
{
	json_begin_object(w);
	kv_int(w, "pos", mk->pos);
	kv_int(w, "length", mk->length);
	kv_int(w, "track", mk->track);
	kv_string(w, "name", mk->name);
	kv_string(w, "comment", mk->comment);
	if (mk->has_color) {
		char hex[8];

		snprintf(hex, sizeof(hex), "#%02x%02x%02x", mk->rgb[0] >> 8, mk->rgb[1] >> 8,
			 mk->rgb[2] >> 8);
		kv_string(w, "color", hex);
	} else {
		kv_string(w, "color", NULL);
	}
	json_end_object(w);
}

void session_json_write(const struct session *s, struct strbuf *out, bool pretty)
{
	struct json_writer w;

	json_writer_init(&w, out, pretty);
	json_begin_object(&w);
	kv_string(&w, "file", s->file);
	kv_string(&w, "product", s->product);
	write_composition(&w, s);
	json_key(&w, "media");
	json_begin_array(&w);
	for (size_t i = 0; i < s->n_media; i++)
		write_media(&w, &s->media[i]);
	json_end_array(&w);
	json_key(&w, "tracks");
	json_begin_array(&w);
	for (size_t i = 0; i < s->n_tracks; i++)
		if (s->tracks[i].kind == TRACK_KIND_AUDIO)
			write_track(&w, s, &s->tracks[i]);
	json_end_array(&w);
	json_key(&w, "markers");
	json_begin_array(&w);
	for (size_t i = 0; i < s->n_markers; i++)
		write_marker(&w, &s->markers[i]);
	json_end_array(&w);
	json_end_object(&w);
	strbuf_addch(out, '\n');
}

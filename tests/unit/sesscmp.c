/* sesscmp.c: hand-built sessions and field-by-field comparison (see sesscmp.h). */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "sesscmp.h"
#include "xalloc.h"

/* ---- comparing ---------------------------------------------------------------------- */

struct cmp {
	const char *label;
	int diffs;
};

static void diff(struct cmp *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void diff(struct cmp *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_error("%s: %s\n", c->label, msg);
	c->diffs++;
}

#define CMP_INT(c, what, x, y) do { if ((long long)(x) != (long long)(y)) \
	diff(c, "%s: %lld != %lld", what, (long long)(x), (long long)(y)); } while (0)
static void cmp_str(struct cmp *c, const char *what, const char *x, const char *y)
{
	if (strcmp(x ? x : "(null)", y ? y : "(null)"))
		diff(c, "%s: '%s' != '%s'", what, x ? x : "(null)", y ? y : "(null)");
}

#define CMP_STR(c, what, x, y) cmp_str(c, what, x, y)
#define CMP_RATE(c, what, x, y) do { if (!rational_eq(x, y)) diff(c, "%s: %lld/%lld != %lld/%lld", \
	what, (long long)(x).num, (long long)(x).den, (long long)(y).num, (long long)(y).den); } while (0)
#define CMP_DBL(c, what, x, y, tol) do { if (fabs((x) - (y)) > (tol)) \
	diff(c, "%s: %.12g != %.12g", what, (double)(x), (double)(y)); } while (0)

static void cmp_fade(struct cmp *c, const char *what, const struct fade *x, const struct fade *y,
		     const struct sesscmp_opts *o)
{
	char w[64];

	snprintf(w, sizeof(w), "%s length_eu", what);
	CMP_INT(c, w, x->length_eu, y->length_eu);
	snprintf(w, sizeof(w), "%s length", what);
	CMP_INT(c, w, x->length, y->length);
	snprintf(w, sizeof(w), "%s shape", what);
	if (o->shapes || !x->length_eu)
		CMP_INT(c, w, x->length_eu ? x->shape : FADE_SHAPE_NONE, y->shape);
}

static void cmp_clip(struct cmp *c, const struct clip *x, const struct clip *y,
		     const struct sesscmp_opts *o)
{
	CMP_STR(c, "clip name", x->name, y->name);
	CMP_INT(c, "pos_eu", x->pos_eu, y->pos_eu);
	CMP_INT(c, "length_eu", x->length_eu, y->length_eu);
	CMP_INT(c, "source_offset_eu", x->source_offset_eu, y->source_offset_eu);
	CMP_INT(c, "start", x->start, y->start);
	CMP_INT(c, "length", x->length, y->length);
	CMP_INT(c, "source_offset", x->source_offset, y->source_offset);
	CMP_INT(c, "channels", x->channels, y->channels);
	for (int ch = 0; ch < x->channels && ch < y->channels; ch++) {
		CMP_INT(c, "source media", x->sources[ch].media, y->sources[ch].media);
		CMP_INT(c, "source channel", x->sources[ch].channel, y->sources[ch].channel);
		if (x->sources[ch].media >= 0 && rational_valid(x->sources[ch].offset_rate)) {
			CMP_INT(c, "source offset", x->sources[ch].offset, y->sources[ch].offset);
			CMP_RATE(c, "source offset rate", x->sources[ch].offset_rate,
				 y->sources[ch].offset_rate);
		}
	}
	CMP_DBL(c, "gain_db", x->gain_db, y->gain_db, 1e-6);
	CMP_INT(c, "volume points", x->n_volume, y->n_volume);
	for (size_t i = 0; i < x->n_volume && i < y->n_volume; i++) {
		CMP_INT(c, "volume pos", x->volume[i].pos, y->volume[i].pos);
		CMP_DBL(c, "volume gain_db", x->volume[i].gain_db, y->volume[i].gain_db, 1e-6);
	}
	CMP_INT(c, "has_pan", x->has_pan, y->has_pan);
	if (x->has_pan)
		CMP_DBL(c, "pan", x->pan, y->pan, 1e-9);
	CMP_INT(c, "mute", x->mute, y->mute);
	cmp_fade(c, "fade in", &x->fade_in, &y->fade_in, o);
	cmp_fade(c, "fade out", &x->fade_out, &y->fade_out, o);
}

static void cmp_track(struct cmp *c, const struct track *x, const struct track *y,
		      const struct sesscmp_opts *o)
{
	CMP_INT(c, "track kind", x->kind, y->kind);
	CMP_INT(c, "track index", x->index, y->index);
	CMP_STR(c, "track name", x->name, y->name);
	if (o->ids)
		CMP_INT(c, "slot id", x->slot_id, y->slot_id);
	if (x->kind != TRACK_KIND_AUDIO)
		return;
	CMP_RATE(c, "track edit rate", x->edit_rate, y->edit_rate);
	CMP_INT(c, "track format", x->format, y->format);
	CMP_INT(c, "clips", x->n_clips, y->n_clips);
	for (size_t j = 0; j < x->n_clips && j < y->n_clips; j++)
		cmp_clip(c, &x->clips[j], &y->clips[j], o);
}

static void cmp_media(struct cmp *c, const struct media *x, const struct media *y,
		      const struct sesscmp_opts *o)
{
	/* MXF and unknown media are described by PCM descriptors */
	enum media_container xc = x->container == MEDIA_CONTAINER_MXF ||
				  x->container == MEDIA_CONTAINER_UNKNOWN ? MEDIA_CONTAINER_PCM :
				  x->container;

	CMP_STR(c, "media name", x->name, y->name);
	CMP_INT(c, "media channels", x->channels, y->channels);
	CMP_INT(c, "media rate", x->sample_rate, y->sample_rate);
	CMP_INT(c, "media bits", x->bits, y->bits);
	CMP_INT(c, "media length", x->length, y->length);
	CMP_INT(c, "media embedded", x->embedded, y->embedded);
	CMP_INT(c, "media container", x->embedded && xc != MEDIA_CONTAINER_PCM ?
		MEDIA_CONTAINER_WAVE : xc, y->container);
	CMP_STR(c, "media url", x->embedded ? NULL : x->url, y->url);
	CMP_INT(c, "media essence stream", x->embedded, y->essence_stream != NULL);
	if (o->ids) {
		CMP_INT(c, "media mob id", memcmp(x->mob_id, y->mob_id, 32) != 0, 0);
		CMP_INT(c, "media master mob id", memcmp(x->master_mob_id, y->master_mob_id, 32) != 0, 0);
	}
}

int sesscmp_compare(const struct session *a, const struct session *b,
		    const struct sesscmp_opts *o, const char *label)
{
	struct cmp c = { label, 0 };

	CMP_STR(&c, "composition name", a->composition_name, b->composition_name);
	CMP_RATE(&c, "edit rate", a->edit_rate, b->edit_rate);
	CMP_RATE(&c, "tc rate", a->tc_rate, b->tc_rate);
	CMP_INT(&c, "tc fps", a->tc_fps, b->tc_fps);
	CMP_INT(&c, "drop frame", a->drop_frame, b->drop_frame);
	CMP_INT(&c, "tc start", a->tc_start, b->tc_start);
	CMP_INT(&c, "sample rate", a->sample_rate, b->sample_rate);
	CMP_INT(&c, "length_eu", a->length_eu, b->length_eu);
	CMP_INT(&c, "start", a->start, b->start);
	CMP_INT(&c, "end", a->end, b->end);
	CMP_INT(&c, "tracks", a->n_tracks, b->n_tracks);
	for (size_t i = 0; i < a->n_tracks && i < b->n_tracks; i++)
		cmp_track(&c, &a->tracks[i], &b->tracks[i], o);
	CMP_INT(&c, "media", a->n_media, b->n_media);
	for (size_t i = 0; i < a->n_media && i < b->n_media; i++)
		cmp_media(&c, &a->media[i], &b->media[i], o);
	CMP_INT(&c, "markers", a->n_markers, b->n_markers);
	for (size_t i = 0; i < a->n_markers && i < b->n_markers; i++) {
		const struct marker *x = &a->markers[i], *y = &b->markers[i];

		CMP_INT(&c, "marker pos", x->pos, y->pos);
		CMP_INT(&c, "marker length", x->length, y->length);
		CMP_INT(&c, "marker pos_eu", x->pos_eu, y->pos_eu);
		CMP_INT(&c, "marker length_eu", x->length_eu, y->length_eu);
		CMP_RATE(&c, "marker rate", x->rate, y->rate);
		CMP_INT(&c, "marker track", x->track, y->track);
		CMP_STR(&c, "marker name", x->name, y->name);
		CMP_INT(&c, "marker colour", x->has_color, y->has_color);
		for (int k = 0; k < 3 && x->has_color; k++)
			CMP_INT(&c, "marker colour component", x->rgb[k], y->rgb[k]);
	}
	return c.diffs;
}

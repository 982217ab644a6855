/* health.c: media and clip problems from what the session and the channel
 * analysis already know (see health.h). */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/clipread.h"
#include "analysis/dcoffset.h"
#include "analysis/health.h"
#include "xalloc.h"


struct code_info {
	const char *name, *text;
	enum health_severity severity;
};

static const struct code_info codes[HEALTH_CODE_COUNT] = {
#define HEALTH_INFO_(code, name, sev, text) [HEALTH_##code] = { name, text, HEALTH_##sev },
	HEALTH_CODES(HEALTH_INFO_)
#undef HEALTH_INFO_
};

const char *health_code_name(enum health_code c)
{
	return (unsigned)c < HEALTH_CODE_COUNT ? codes[c].name : "";
}

const char *health_code_text(enum health_code c)
{
	return (unsigned)c < HEALTH_CODE_COUNT ? codes[c].text : "";
}

enum health_severity health_code_severity(enum health_code c)
{
	return (unsigned)c < HEALTH_CODE_COUNT ? codes[c].severity : HEALTH_ERROR;
}

const char *health_severity_name(enum health_severity s)
{
	static const char *const names[HEALTH_SEVERITY_COUNT] = { "info", "warning", "error" };

	return (unsigned)s < HEALTH_SEVERITY_COUNT ? names[s] : "";
}

void health_report_release(struct health_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].detail);
	free(r->v);
	r->v = NULL;
	r->n = r->alloc = 0;
}

static void add(struct health_report *r, enum health_code code, int media, const size_t *at,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Appends a problem; at is {track, clip} or NULL. */
static void add(struct health_report *r, enum health_code code, int media, const size_t *at,
		const char *fmt, ...)
{
	struct health_problem *p;
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	XGROW(r->v, r->n + 1, r->alloc);
	p = &r->v[r->n++];
	memset(p, 0, sizeof(*p));
	p->code = code;
	p->severity = health_code_severity(code);
	p->media = media;
	if (at) {
		p->has_clip = true;
		p->track = at[0];
		p->clip = at[1];
	}
	p->detail = xstrdup(buf);
}

bool health_has_media(const struct health_report *r, enum health_code code, int m)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].code == code && r->v[i].media == m)
			return true;
	return false;
}

/* ---- media ------------------------------------------------------------------- */

/* The most common bit depth of the found files (the larger on a tie);
 * 0 when none is known. */
static int session_bits(const struct session *s)
{
	int best = 0, best_n = 0;

	for (size_t i = 0; i < s->n_media; i++) {
		int b = s->media[i].file.probed ? s->media[i].file.bits : 0, n = 0;

		for (size_t j = 0; b > 0 && j < s->n_media; j++)
			n += s->media[j].file.probed && s->media[j].file.bits == b;
		if (n > best_n || (n == best_n && b > best)) {
			best = b;
			best_n = n;
		}
	}
	return best;
}

static bool media_used(const struct session *s, int m)
{
	for (size_t t = 0; t < s->n_tracks; t++)
		for (size_t k = 0; k < s->tracks[t].n_clips; k++)
			for (int ch = 0; ch < s->tracks[t].clips[k].channels; ch++)
				if (s->tracks[t].clips[k].sources[ch].media == m)
					return true;
	return false;
}

static const char *label(const struct media *m)
{
	return m->name ? m->name : m->id;
}

/* Rate, bit depth and channel count of a found file against the session
 * and the AAF. */
static void check_format(const struct session *s, int i, int bits, struct health_report *r)
{
	const struct media *m = &s->media[i];
	const struct media_file *f = &m->file;

	if (f->sample_rate != s->sample_rate)
		add(r, HEALTH_SAMPLE_RATE_MISMATCH, i, NULL, "'%s': %d Hz in a %d Hz session",
		    label(m), f->sample_rate, s->sample_rate);
	else if (m->sample_rate > 0 && m->sample_rate != f->sample_rate)
		add(r, HEALTH_SAMPLE_RATE_MISMATCH, i, NULL, "'%s': the file is %d Hz, the AAF says %d Hz",
		    label(m), f->sample_rate, m->sample_rate);
	if (bits > 0 && f->bits > 0 && f->bits != bits)
		add(r, HEALTH_BIT_DEPTH_MISMATCH, i, NULL, "'%s': %d-bit among %d-bit files",
		    label(m), f->bits, bits);
	if (m->channels > 0 && f->channels != m->channels)
		add(r, HEALTH_CHANNEL_COUNT_MISMATCH, i, NULL, "'%s': %d channels, the AAF says %d",
		    label(m), f->channels, m->channels);
}

/* Length of a found file: truncated, empty, shorter than the AAF says. */
static void check_length(const struct session *s, int i, struct health_report *r)
{
	const struct media *m = &s->media[i];
	const struct media_file *f = &m->file;

	if (f->truncated)
		add(r, HEALTH_TRUNCATED, i, NULL, "'%s': the header claims %" PRId64
		    " frames, the file holds %" PRId64, label(m), f->claimed_length, f->length);
	if (f->length == 0)
		add(r, HEALTH_ZERO_LENGTH, i, NULL, "'%s': no audio frames", label(m));
	else if (!f->truncated && m->length > 0 && f->sample_rate == m->sample_rate &&
		 f->length < m->length)
		add(r, HEALTH_LENGTH_MISMATCH, i, NULL, "'%s': %" PRId64 " frames, the AAF says %"
		    PRId64, label(m), f->length, m->length);
}

static void check_media(const struct session *s, int i, int bits, struct health_report *r)
{
	const struct media *m = &s->media[i];

	if (m->embedded)
		return;		/* checked by the AAF reader */
	if (m->status == MEDIA_STATUS_MISSING || (m->status == MEDIA_STATUS_UNCHECKED && !m->path)) {
		add(r, HEALTH_MEDIA_MISSING, i, NULL, "'%s': %s", label(m),
		    m->status_detail ? m->status_detail : "not found");
		return;
	}
	if (m->status == MEDIA_STATUS_UNREADABLE) {
		add(r, HEALTH_MEDIA_UNREADABLE, i, NULL, "'%s': %s", label(m),
		    m->status_detail ? m->status_detail : "not audio");
		return;
	}
	if (!m->file.probed) {
		if (m->length == 0)
			add(r, HEALTH_ZERO_LENGTH, i, NULL, "'%s': the AAF gives no frames", label(m));
		return;
	}
	check_length(s, i, r);
	check_format(s, i, bits, r);
}

/* ---- clips ------------------------------------------------------------------- */

/* Channel ch of clip (track, clip): the channel exists, the range fits. */
static void check_source(const struct session *s, size_t track, size_t clip, int ch,
			 struct health_report *r)
{
	const struct clip *c = &s->tracks[track].clips[clip];
	const struct clip_source *src = &c->sources[ch];
	const struct media *m;
	size_t at[2] = { track, clip };
	int64_t start, frames;

	if (src->media < 0 || (size_t)src->media >= s->n_media)
		return;
	m = &s->media[src->media];
	if (!m->file.probed || m->file.sample_rate <= 0)
		return;
	if (src->channel < 1 || src->channel > m->file.channels) {
		add(r, HEALTH_CHANNEL_MISSING, src->media, at, "clip '%s' plays channel %d of '%s', "
		    "which has %d", c->name ? c->name : "", src->channel, label(m), m->file.channels);
		return;
	}
	clipread_clip_range(s, track, clip, ch, m->file.sample_rate, &start, &frames);
	if (frames > 0 && start + frames > m->file.length)
		add(r, HEALTH_RANGE_PAST_END, src->media, at, "clip '%s' plays frames %" PRId64
		    "-%" PRId64 " of '%s', which holds %" PRId64, c->name ? c->name : "", start,
		    start + frames, label(m), m->file.length);
}

static void check_clips(const struct session *s, struct health_report *r)
{
	for (size_t t = 0; t < s->n_tracks; t++) {
		if (s->tracks[t].kind != TRACK_KIND_AUDIO)
			continue;
		for (size_t k = 0; k < s->tracks[t].n_clips; k++) {
			const struct clip *c = &s->tracks[t].clips[k];
			int last = -1;

			/* report each media once per clip */
			for (int ch = 0; ch < c->channels; ch++) {
				size_t before = r->n;

				if (c->sources[ch].media == last)
					continue;
				check_source(s, t, k, ch, r);
				if (r->n > before)
					last = c->sources[ch].media;
			}
		}
	}
}

void health_check_session(const struct session *s, struct health_report *r)
{
	int bits = session_bits(s);

	for (size_t i = 0; i < s->n_media; i++)
		if (media_used(s, (int)i))
			check_media(s, (int)i, bits, r);
	check_clips(s, r);
}

/* ---- audio ------------------------------------------------------------------- */

static void add_levels(struct health_report *r, const size_t *at, const struct stereo_result *st)
{
	int64_t clipped = 0;
	double dc = 0;

	for (int k = 0; k < st->channels; k++) {
		clipped += st->ch[k].clipped;
		if (fabs(st->ch[k].dc) > fabs(dc))
			dc = st->ch[k].dc;
	}
	if (clipped > 0)
		add(r, HEALTH_CLIPPED, -1, at, "%" PRId64 " samples in runs at full scale", clipped);
	if (dcoffset_is_problem(dc))	/* dcoffset.h: as the classifier decides */
		add(r, HEALTH_DC_OFFSET, -1, at, "DC offset %.1f%% of full scale", 100 * dc);
}

void health_add_channels(struct health_report *r, size_t track, size_t clip,
			 const struct stereo_result *st)
{
	size_t at[2] = { track, clip };

	switch (st->relation) {
	case STEREO_RELATION_SILENT:
		add(r, HEALTH_SILENT, -1, at, "every channel is digital silence");
		break;
	case STEREO_RELATION_MONO:
		if (st->ch[0].silent)
			add(r, HEALTH_SILENT, -1, at, "digital silence");
		break;
	case STEREO_RELATION_ONE_SIDE_SILENT:
		add(r, HEALTH_ONE_SIDE_SILENT, -1, at, "the %s side is silent",
		    st->ch[0].silent || st->ch[0].rms_db < st->ch[1].rms_db ? "left" : "right");
		break;
	case STEREO_RELATION_DUAL_MONO:
		add(r, HEALTH_DUAL_MONO, -1, at, "left and right are identical%s",
		    st->bit_exact ? " sample for sample" : " within one 16-bit step");
		break;
	case STEREO_RELATION_NEAR_DUAL_MONO:
		add(r, HEALTH_NEAR_DUAL_MONO, -1, at, "right is left %+.2f dB, %d samples later",
		    st->gain_diff_db, st->delay_samples);
		break;
	case STEREO_RELATION_POLARITY_INVERTED:
		add(r, HEALTH_POLARITY_INVERTED, -1, at, "right is left inverted (%+.2f dB, %d samples)",
		    st->gain_diff_db, st->delay_samples);
		break;
	default:
		break;
	}
	add_levels(r, at, st);
}

/* ---- JSON ---------------------------------------------------------------------- */

static void problem_fields(struct json_writer *w, const struct health_problem *p)
{
	json_key(w, "code");
	json_string(w, health_code_name(p->code));
	json_key(w, "severity");
	json_string(w, health_severity_name(p->severity));
}

void health_json_write(struct json_writer *w, const struct session *s,
		       const struct health_report *r)
{
	json_begin_array(w);
	for (size_t i = 0; i < r->n; i++) {
		const struct health_problem *p = &r->v[i];

		json_begin_object(w);
		problem_fields(w, p);
		json_key(w, "media");
		if (p->media >= 0 && (size_t)p->media < s->n_media)
			json_string(w, label(&s->media[p->media]));
		else
			json_null(w);
		json_key(w, "track");
		if (p->has_clip)
			json_int(w, s->tracks[p->track].index);
		else
			json_null(w);
		json_key(w, "index");
		if (p->has_clip)
			json_int(w, (int64_t)p->clip + 1);
		else
			json_null(w);
		json_key(w, "detail");
		json_string(w, p->detail);
		json_end_object(w);
	}
	json_end_array(w);
}

/* Whether p concerns clip (track, clip): its own, or its media's. */
static bool concerns(const struct session *s, const struct health_problem *p, size_t track,
		     size_t clip)
{
	const struct clip *c = &s->tracks[track].clips[clip];

	if (p->has_clip)
		return p->track == track && p->clip == clip;
	for (int ch = 0; ch < c->channels; ch++)
		if (p->media >= 0 && c->sources[ch].media == p->media)
			return true;
	return false;
}

void health_clip_json_write(struct json_writer *w, const struct session *s,
			    const struct health_report *r, size_t track, size_t clip)
{
	json_begin_array(w);
	for (size_t i = 0; i < r->n; i++) {
		if (!concerns(s, &r->v[i], track, clip))
			continue;
		json_begin_object(w);
		problem_fields(w, &r->v[i]);
		json_key(w, "detail");
		json_string(w, r->v[i].detail);
		json_end_object(w);
	}
	json_end_array(w);
}

/* clipread.c: a clip's channels in lockstep, one reader per distinct file
 * and range (see clipread.h). */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/clipread.h"
#include "analysis/essence.h"
#include "xalloc.h"

/* Largest magnitude passed on: a float file may hold huge values or NaN. */
#define SAMPLE_LIMIT 64.0f

struct group {
	struct decode_reader r;
	int64_t left;		/* frames of the range still to read; -1 open */
	float *buf;		/* CLIPREAD_BLOCK interleaved frames */
};

struct clipread {
	struct group g[CLIPREAD_MAX_CHANNELS];
	int n_groups;
	int n;
	int grp[CLIPREAD_MAX_CHANNELS];	/* output channel -> group */
	int chan[CLIPREAD_MAX_CHANNELS];	/* output channel -> reader channel (0-based) */
	int rate;
	int64_t missing;
	bool failed, ended;
};

void clipread_free(struct clipread *cr)
{
	if (!cr)
		return;
	for (int i = 0; i < cr->n_groups; i++) {
		if (cr->g[i].r.close)
			cr->g[i].r.close(cr->g[i].r.ctx);
		free(cr->g[i].buf);
	}
	free(cr);
}

/* Reads and drops n frames of group g; false when the source fails. */
static bool skip_frames(struct group *g, int64_t n)
{
	while (n > 0) {
		int64_t got = g->r.read(g->r.ctx, g->buf, n < CLIPREAD_BLOCK ? n : CLIPREAD_BLOCK);

		if (got < 0)
			return false;
		if (got == 0)
			break;
		n -= got;
	}
	return true;
}

/* Makes r group number cr->n_groups, positioned at start; the group owns r
 * from here on, also on failure. */
static enum err add_group(struct clipread *cr, struct decode_reader *r, int64_t start,
			  int64_t frames, struct errbuf *eb)
{
	struct group *g = &cr->g[cr->n_groups++];

	g->r = *r;
	g->left = frames;
	g->buf = xmalloc((size_t)CLIPREAD_BLOCK * (size_t)r->channels * sizeof(float));
	if (cr->rate && r->sample_rate != cr->rate)
		return err_set(eb, ERR_INVALID, "channels at different rates (%d and %d Hz)",
			       cr->rate, r->sample_rate);
	cr->rate = r->sample_rate;
	if (start < 0 || frames < -1)
		return err_set(eb, ERR_INVALID, "bad range: start %lld, %lld frames",
			       (long long)start, (long long)frames);
	if (start > 0 && !(g->r.seek && g->r.seek(g->r.ctx, start)) && !skip_frames(g, start))
		return err_set(eb, ERR_MEDIA_UNREADABLE, "read error before frame %lld",
			       (long long)start);
	return ERR_OK;
}

/* Maps output channel k to channel ch (from 1) of group gi. */
static enum err map_channel(struct clipread *cr, int k, int gi, int ch, struct errbuf *eb)
{
	if (ch < 1 || ch > cr->g[gi].r.channels)
		return err_set(eb, ERR_INVALID, "channel %d of a %d-channel source", ch,
			       cr->g[gi].r.channels);
	cr->grp[k] = gi;
	cr->chan[k] = ch - 1;
	return ERR_OK;
}

enum err clipread_open_reader(struct decode_reader *r, const int *channels, int n,
			      int64_t start, int64_t frames, struct clipread **out,
			      struct errbuf *eb)
{
	struct clipread *cr = xcalloc(1, sizeof(*cr));
	enum err e;

	*out = NULL;
	e = add_group(cr, r, start, frames, eb);
	if (!e && (n < 1 || n > CLIPREAD_MAX_CHANNELS))
		e = err_set(eb, ERR_INVALID, "%d channels asked for", n);
	cr->n = n;
	for (int k = 0; !e && k < n; k++)
		e = map_channel(cr, k, 0, channels[k], eb);
	if (e) {
		clipread_free(cr);
		return e;
	}
	*out = cr;
	return ERR_OK;
}

/* The group already reading src's file and range, or -1. */
static int find_group(const struct clipread_source *src, int k)
{
	for (int j = 0; j < k; j++)
		if (!strcmp(src[j].path, src[k].path) && src[j].embedded == src[k].embedded &&
		    src[j].start == src[k].start &&
		    src[j].frames == src[k].frames)
			return j;
	return -1;
}

enum err clipread_open(const struct clipread_source *src, int n, struct clipread **out,
		       struct errbuf *eb)
{
	struct clipread *cr;
	int first[CLIPREAD_MAX_CHANNELS];	/* source -> group */
	enum err e = ERR_OK;

	*out = NULL;
	if (n < 1 || n > CLIPREAD_MAX_CHANNELS)
		return err_set(eb, ERR_INVALID, "%d channels asked for", n);
	cr = xcalloc(1, sizeof(*cr));
	cr->n = n;
	for (int k = 0; !e && k < n; k++) {
		int j = find_group(src, k);
		struct decode_reader r;

		if (j >= 0) {
			first[k] = first[j];
		} else {
			e = src[k].embedded ? essence_reader_open(src[k].path, src[k].embedded, &r, eb)
					    : decode_reader_open_file(src[k].path, &r, eb);
			if (e)
				break;
			first[k] = cr->n_groups;
			e = add_group(cr, &r, src[k].start, src[k].frames, eb);
		}
		if (!e)
			e = map_channel(cr, k, first[k], src[k].channel, eb);
	}
	if (e) {
		clipread_free(cr);
		return e;
	}
	*out = cr;
	return ERR_OK;
}

/* Fills g->buf with up to want frames (fewer only at the source's end);
 * returns the count or -1. */
static int64_t fill_group(struct group *g, int64_t want)
{
	int64_t have = 0;

	if (g->left >= 0 && want > g->left)
		want = g->left;
	while (have < want) {
		int64_t got = g->r.read(g->r.ctx, g->buf + have * g->r.channels, want - have);

		if (got < 0)
			return -1;
		if (got == 0)
			break;
		have += got;
	}
	return have;
}

static float sane(float v)
{
	if (fabsf(v) <= SAMPLE_LIMIT)
		return v;
	return isnan(v) ? 0.0f : copysignf(SAMPLE_LIMIT, v);
}

/* Copies output channel k's n frames out of its group's buffer. */
static void deinterleave(const struct clipread *cr, int k, float *out, int64_t n)
{
	const struct group *g = &cr->g[cr->grp[k]];
	const float *p = g->buf + cr->chan[k];
	int step = g->r.channels;

	for (int64_t i = 0; i < n; i++, p += step)
		out[i] = sane(*p);
}

/* The stream is over: count what the bounded ranges lacked. */
static void end_stream(struct clipread *cr)
{
	if (cr->ended)
		return;
	cr->ended = true;
	for (int i = 0; i < cr->n_groups; i++)
		if (cr->g[i].left > cr->missing)
			cr->missing = cr->g[i].left;
}

int64_t clipread_read(struct clipread *cr, float *const *out, size_t max, struct errbuf *eb)
{
	int64_t want = max < CLIPREAD_BLOCK ? (int64_t)max : CLIPREAD_BLOCK, n = want;

	if (cr->failed)
		return -1;
	if (cr->ended || want == 0)
		return 0;
	for (int i = 0; i < cr->n_groups; i++) {
		int64_t got = fill_group(&cr->g[i], want);

		if (got < 0) {
			cr->failed = true;
			err_set(eb, ERR_MEDIA_UNREADABLE, "read error in audio data");
			return -1;
		}
		if (got < n)
			n = got;
	}
	for (int i = 0; i < cr->n_groups; i++)
		if (cr->g[i].left >= 0)
			cr->g[i].left -= n;
	if (n == 0) {
		end_stream(cr);
		return 0;
	}
	for (int k = 0; k < cr->n; k++)
		deinterleave(cr, k, out[k], n);
	return n;
}

int clipread_channels(const struct clipread *cr)
{
	return cr->n;
}

int clipread_sample_rate(const struct clipread *cr)
{
	return cr->rate;
}

int64_t clipread_missing(const struct clipread *cr)
{
	return cr->missing;
}

/* ---- clips of a session ------------------------------------------------------ */

int clipread_media_rate(const struct media *m)
{
	if (m->file.probed && m->file.sample_rate > 0)
		return m->file.sample_rate;
	return m->sample_rate > 0 ? m->sample_rate : 0;
}

/* Media of clip source src, checked; NULL (eb set) when not readable. */
static const struct media *source_media(const struct session *s, const struct clip_source *src,
					enum err *e, struct errbuf *eb)
{
	const struct media *m;

	if (src->media < 0 || (size_t)src->media >= s->n_media) {
		*e = err_set(eb, ERR_INVALID, "clip channel without media");
		return NULL;
	}
	m = &s->media[src->media];
	if (m->status == MEDIA_STATUS_MISSING || (!m->path && !m->embedded)) {
		*e = err_set(eb, ERR_MEDIA_MISSING, "media '%s' not found", m->name ? m->name : m->id);
		return NULL;
	}
	if (m->status == MEDIA_STATUS_UNREADABLE || (!m->path && !(m->embedded && s->file)) ||
	    clipread_media_rate(m) <= 0) {
		*e = err_set(eb, ERR_MEDIA_UNREADABLE, "media '%s' cannot be read%s",
			     m->name ? m->name : m->id, m->embedded ? " (embedded)" : "");
		return NULL;
	}
	return m;
}

void clipread_clip_range(const struct session *s, size_t track, size_t clip, int ch, int rate,
			 int64_t *start, int64_t *frames)
{
	const struct track *t = &s->tracks[track];
	const struct clip *c = &t->clips[clip];
	const struct clip_source *src = &c->sources[ch];
	struct rational to = { rate, 1 }, srate = { s->sample_rate, 1 };

	if (rational_valid(src->offset_rate))
		*start = rational_rescale(src->offset, src->offset_rate, to);
	else if (rational_valid(t->edit_rate))
		*start = rational_rescale(c->source_offset_eu, t->edit_rate, to);
	else
		*start = rational_rescale(c->source_offset, srate, to);
	if (rational_valid(t->edit_rate))
		*frames = rational_rescale(c->length_eu, t->edit_rate, to);
	else
		*frames = rational_rescale(c->length, srate, to);
	if (*start < 0)
		*start = 0;
	if (*frames < 0)
		*frames = 0;
}

enum err clipread_clip_sources(const struct session *s, size_t track, size_t clip,
			       struct clipread_source *out, int max, int *n,
			       struct errbuf *eb)
{
	const struct clip *c;
	enum err e = ERR_OK;

	*n = 0;
	if (track >= s->n_tracks || clip >= s->tracks[track].n_clips)
		return err_set(eb, ERR_INVALID, "no clip %zu on track %zu", clip, track);
	c = &s->tracks[track].clips[clip];
	if (c->channels < 1 || c->channels > max)
		return err_set(eb, ERR_INVALID, "clip '%s': %d channels", c->name ? c->name : "",
			       c->channels);
	for (int k = 0; k < c->channels; k++) {
		const struct media *m = source_media(s, &c->sources[k], &e, eb);

		if (!m)
			return e;
		out[k].path = m->embedded ? s->file : m->path;
		out[k].embedded = m->embedded ? m : NULL;
		out[k].channel = c->sources[k].channel;
		clipread_clip_range(s, track, clip, k, clipread_media_rate(m), &out[k].start,
				    &out[k].frames);
	}
	*n = c->channels;
	return ERR_OK;
}

enum err clipread_open_clip(const struct session *s, size_t track, size_t clip,
			    struct clipread **out, struct errbuf *eb)
{
	struct clipread_source src[CLIPREAD_MAX_CHANNELS];
	int n;
	enum err e = clipread_clip_sources(s, track, clip, src, CLIPREAD_MAX_CHANNELS, &n, eb);

	*out = NULL;
	if (e)
		return e;
	return clipread_open(src, n, out, eb);
}

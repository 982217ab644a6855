/* review.c: a session's clips as records to review, with media problems. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/classify.h"
#include "analysis/findings.h"
#include "review.h"
#include "xalloc.h"

static const char *const problem_names[REVIEW_PROBLEM_COUNT] = {
	"no source", "missing media", "unreadable media", "truncated media", "missing channel",
};

static const char *const flag_names[CLIP_FLAG_COUNT] = { "split pair", "dual mono" };

static const char *bit_name(const char *const *names, int count, unsigned bit)
{
	for (int i = 0; i < count; i++)
		if (bit == 1u << i)
			return names[i];
	return "";
}

const char *review_problem_name(unsigned bit)
{
	return bit_name(problem_names, REVIEW_PROBLEM_COUNT, bit);
}

const char *clip_flag_name(unsigned bit)
{
	return bit_name(flag_names, CLIP_FLAG_COUNT, bit);
}

const struct clip *review_clip(const struct review *rv, size_t i)
{
	const struct review_clip *rc = &rv->clips[i];

	return &rv->session->tracks[rc->track].clips[rc->clip];
}

const struct track *review_track(const struct review *rv, size_t i)
{
	return &rv->session->tracks[rv->clips[i].track];
}

static const struct media *source_media(const struct session *s, const struct clip *c, int ch)
{
	int m = ch < c->channels ? c->sources[ch].media : -1;

	return m >= 0 && (size_t)m < s->n_media ? &s->media[m] : NULL;
}

char *review_clip_key(const struct session *s, const struct track *t, size_t clip_index)
{
	const struct clip *c = &t->clips[clip_index];
	const struct media *m = source_media(s, c, 0);

	return xasprintf("A%d#%zu@%lld:%s", t->index, clip_index + 1, (long long)c->start,
			 m && m->name ? m->name : "");
}

static int file_rate(const struct media *m)
{
	return m->file.probed && m->file.sample_rate > 0 ? m->file.sample_rate : m->sample_rate;
}

static int file_channels(const struct media *m)
{
	return m->file.probed ? m->file.channels : m->channels;
}

/* The frames of channel ch's file that clip c plays: [*start, *start + *frames). */
static bool source_range(const struct track *t, const struct clip *c, int ch, int rate,
			 int64_t *start, int64_t *frames)
{
	struct rational to = { rate, 1 };

	if (rate <= 0 || !rational_valid(c->sources[ch].offset_rate) ||
	    !rational_valid(t->edit_rate))
		return false;
	*start = rational_rescale(c->sources[ch].offset, c->sources[ch].offset_rate, to);
	*frames = rational_rescale(c->length_eu, t->edit_rate, to);
	return true;
}

static unsigned channel_problems(const struct session *s, const struct track *t,
				 const struct clip *c, int ch)
{
	const struct media *m = source_media(s, c, ch);
	int64_t start, frames;

	if (!m)
		return REVIEW_PROBLEM_NO_SOURCE;
	if (m->status == MEDIA_STATUS_MISSING)
		return REVIEW_PROBLEM_MISSING;
	if (m->status == MEDIA_STATUS_UNREADABLE)
		return REVIEW_PROBLEM_UNREADABLE;
	if (m->status != MEDIA_STATUS_OK || !m->file.probed)
		return 0;
	if (c->sources[ch].channel > file_channels(m))
		return REVIEW_PROBLEM_CHANNEL;
	if (source_range(t, c, ch, file_rate(m), &start, &frames) &&
	    start + frames > m->file.length)
		return REVIEW_PROBLEM_TRUNCATED;
	return 0;
}

static unsigned clip_problems(const struct session *s, const struct track *t,
			      const struct clip *c)
{
	unsigned p = c->channels > 0 ? 0 : REVIEW_PROBLEM_NO_SOURCE;

	for (int ch = 0; ch < c->channels; ch++)
		p |= channel_problems(s, t, c, ch);
	return p;
}

struct review *review_new(struct session *s)
{
	struct review *rv = xcalloc(1, sizeof(*rv));
	size_t n = 0;

	rv->session = s;
	for (size_t i = 0; i < s->n_tracks; i++)
		if (s->tracks[i].kind == TRACK_KIND_AUDIO)
			n += s->tracks[i].n_clips;
	rv->clips = xcalloc(n ? n : 1, sizeof(*rv->clips));
	for (size_t i = 0; i < s->n_tracks; i++) {
		const struct track *t = &s->tracks[i];

		if (t->kind != TRACK_KIND_AUDIO)
			continue;
		for (size_t j = 0; j < t->n_clips; j++) {
			struct review_clip *rc = &rv->clips[rv->n_clips++];

			rc->track = i;
			rc->clip = j;
			rc->key = review_clip_key(s, t, j);
			rc->problems = clip_problems(s, t, &t->clips[j]);
			rc->analysis.cls = CLIP_CLASS_COUNT;
		}
	}
	return rv;
}

void review_free(struct review *rv)
{
	if (!rv)
		return;
	for (size_t i = 0; i < rv->n_clips; i++)
		free(rv->clips[i].key);
	free(rv->clips);
	session_free(rv->session);
	free(rv);
}

static void describe_channel(const struct session *s, const struct track *t,
			     const struct clip *c, int ch, struct strbuf *out)
{
	unsigned p = channel_problems(s, t, c, ch);
	const struct media *m = source_media(s, c, ch);
	const char *name = m && m->name && *m->name ? m->name : "?";

	if (!p)
		return;
	strbuf_addf(out, "ch %d: ", ch + 1);
	if (p == REVIEW_PROBLEM_NO_SOURCE)
		strbuf_addstr(out, "no media known for this channel");
	else if (p == REVIEW_PROBLEM_CHANNEL)
		strbuf_addf(out, "'%s' has no channel %d", name, c->sources[ch].channel);
	else if (p == REVIEW_PROBLEM_TRUNCATED)
		strbuf_addf(out, "'%s' ends before the clip does", name);
	else
		strbuf_addf(out, "'%s' %s", name, m->status == MEDIA_STATUS_MISSING ? "missing" :
			    "unreadable");
	if (m && m->status_detail)
		strbuf_addf(out, ": %s", m->status_detail);
	strbuf_addch(out, '\n');
}

void review_describe_problems(const struct review *rv, size_t i, struct strbuf *out)
{
	const struct clip *c = review_clip(rv, i);
	const struct track *t = review_track(rv, i);

	if (c->channels <= 0)
		strbuf_addstr(out, "the clip has no channels\n");
	for (int ch = 0; ch < c->channels; ch++)
		describe_channel(rv->session, t, c, ch, out);
}

size_t review_count_problems(const struct review *rv)
{
	size_t n = 0;

	for (size_t i = 0; i < rv->n_clips; i++)
		n += rv->clips[i].problems != 0;
	return n;
}

void review_take_analysis(struct review_clip *rc, const struct analysis_result *r)
{
	rc->analysis.done = true;
	rc->analysis.cls = r->cls;
	rc->analysis.confidence = r->confidence;
	memcpy(rc->analysis.scores, r->scores, sizeof(rc->analysis.scores));
	rc->analysis.tags = r->tags;
	rc->analysis.problems = r->problems;
	rc->analysis.measured = r->features.frames > 0;
	rc->analysis.level_db = r->features.level_db;
	rc->analysis.floor_db = r->features.floor_db;
	rc->analysis.active_ratio = r->features.active_ratio;
	rc->analysis.tonal_ratio = r->features.tonal_ratio;
	rc->analysis.onset_rate = r->features.onset_rate;
	rc->analysis.band_db = r->features.band_db;
}

bool review_find(const struct review *rv, size_t track, size_t clip, size_t *i)
{
	size_t lo = 0, hi = rv->n_clips;

	/* the records go by track, then clip */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct review_clip *rc = &rv->clips[mid];

		if (rc->track < track || (rc->track == track && rc->clip < clip))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= rv->n_clips || rv->clips[lo].track != track || rv->clips[lo].clip != clip)
		return false;
	*i = lo;
	return true;
}

static void take_pair(struct review *rv, const struct pair *p)
{
	size_t l, r;

	if (!review_find(rv, p->left.track, p->left.clip, &l) ||
	    !review_find(rv, p->right.track, p->right.clip, &r))
		return;
	for (int half = 0; half < 2; half++) {
		struct review_analysis *ra = &rv->clips[half ? r : l].analysis;

		ra->flags |= CLIP_FLAG_SPLIT_PAIR;
		ra->has_pair = true;
		ra->pair_left = !half;
		ra->pair_with = half ? l : r;
		ra->pair_confidence = p->check.confidence;
		ra->pair_evidence = p->check.evidence;
	}
}

static void take_clip_findings(struct review *rv, size_t i, const struct findings *f)
{
	struct review_clip *rc = &rv->clips[i];
	size_t k = findings_index(f, rc->track, rc->clip);
	enum stereo_relation rel;

	rc->analysis.findings_done = true;
	rc->analysis.has_channels = f->has_stereo[k];
	if (f->has_stereo[k])
		rc->analysis.channels = f->stereo[k];
	rel = f->has_stereo[k] ? f->stereo[k].relation : STEREO_RELATION_UNKNOWN;
	if (rel == STEREO_RELATION_DUAL_MONO || rel == STEREO_RELATION_NEAR_DUAL_MONO)
		rc->analysis.flags |= CLIP_FLAG_DUAL_MONO;
	for (size_t h = 0; h < f->health.n; h++)
		if (findings_concerns(&f->health.v[h], rv->session, rc->track, rc->clip))
			rc->analysis.health |= 1u << f->health.v[h].code;
	rc->analysis.problems = findings_own_problems(f, rv->session, rc->track, rc->clip,
						      rc->analysis.problems);
}

void review_take_findings(struct review *rv, const struct findings *f)
{
	for (size_t i = 0; i < rv->n_clips; i++)
		take_clip_findings(rv, i, f);
	for (size_t p = 0; p < f->pairs.n; p++)
		take_pair(rv, &f->pairs.v[p]);
}

bool review_has_problem(const struct review_clip *rc)
{
	uint32_t serious = 0;

	for (int c = 0; c < HEALTH_CODE_COUNT; c++)
		if (health_code_severity((enum health_code)c) != HEALTH_INFO)
			serious |= 1u << c;
	return rc->problems || rc->analysis.problems || (rc->analysis.health & serious);
}

size_t review_count_all_problems(const struct review *rv)
{
	size_t n = 0;

	for (size_t i = 0; i < rv->n_clips; i++)
		n += review_has_problem(&rv->clips[i]);
	return n;
}

bool review_uncertain(const struct review_clip *rc, double threshold)
{
	return rc->analysis.done && rc->analysis.confidence < threshold;
}

bool review_source(const struct review *rv, size_t i, int ch, struct review_source *out)
{
	const struct clip *c = review_clip(rv, i);
	const struct media *m = ch >= 0 ? source_media(rv->session, c, ch) : NULL;

	if (!m || m->embedded || m->status != MEDIA_STATUS_OK || !m->path)
		return false;
	out->path = m->path;
	out->channel = c->sources[ch].channel;
	out->channels = file_channels(m);
	out->rate = file_rate(m);
	if (out->channel < 1 || out->channel > out->channels)
		return false;
	return source_range(review_track(rv, i), c, ch, out->rate, &out->start, &out->frames);
}

/* ---- proposed fixes ------------------------------------------------------- */

const char *review_fix_kind_name(enum review_fix_kind k)
{
	static const char *const names[REVIEW_FIX_KIND_COUNT] = { "pair", "fold", "flip", "mono" };

	return (unsigned)k < REVIEW_FIX_KIND_COUNT ? names[k] : "";
}

/* The fix of clip i's own channels, or REVIEW_FIX_KIND_COUNT. */
static enum review_fix_kind channel_fix(const struct review_analysis *ra)
{
	if (!ra->has_channels)
		return REVIEW_FIX_KIND_COUNT;
	switch (ra->channels.relation) {
	case STEREO_RELATION_DUAL_MONO:
	case STEREO_RELATION_NEAR_DUAL_MONO: return REVIEW_FIX_FOLD;
	case STEREO_RELATION_POLARITY_INVERTED: return REVIEW_FIX_FLIP;
	case STEREO_RELATION_ONE_SIDE_SILENT: return REVIEW_FIX_MONO;
	default: return REVIEW_FIX_KIND_COUNT;
	}
}

static void add_fix(const struct review *rv, struct review_fix **v, size_t *n, size_t *alloc,
		    struct review_fix f)
{
	const struct stereo_result *st = &rv->clips[f.clip].analysis.channels;

	if (f.kind == REVIEW_FIX_PAIR) {
		f.confidence = rv->clips[f.clip].analysis.pair_confidence;
		f.key = xasprintf("pair:%s+%s", rv->clips[f.clip].key, rv->clips[f.other].key);
	} else {
		f.confidence = st->bit_exact ? 1.0 : fabs(st->peak_correlation);
		f.key = xasprintf("%s:%s", review_fix_kind_name(f.kind), rv->clips[f.clip].key);
	}
	XGROW(*v, *n + 1, *alloc);
	(*v)[(*n)++] = f;
}

size_t review_list_fixes(const struct review *rv, struct review_fix **out)
{
	struct review_fix *v = NULL;
	size_t n = 0, alloc = 0;

	for (size_t i = 0; i < rv->n_clips; i++) {
		const struct review_analysis *ra = &rv->clips[i].analysis;
		enum review_fix_kind k = channel_fix(ra);

		if (ra->has_pair && ra->pair_left)
			add_fix(rv, &v, &n, &alloc, (struct review_fix){ REVIEW_FIX_PAIR, i,
									 ra->pair_with, 0, NULL });
		if (k != REVIEW_FIX_KIND_COUNT)
			add_fix(rv, &v, &n, &alloc, (struct review_fix){ k, i, i, 0, NULL });
	}
	*out = v;
	return n;
}

void review_fixes_free(struct review_fix *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].key);
	free(v);
}

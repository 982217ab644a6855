/* pairs.c: split-stereo candidates from the session, confirmed by their
 * audio (see pairs.h).
 *
 * The audio rules were set on the shared corpus (doc/channel-health.md):
 * 204 genuine pairs (the two sides of every stereo file and the four
 * split pairs) against 1800 unrelated pairs lined up at their starts
 * (random stereo sides, random mono files, and files of one class: two
 * dialogue lines, two effects, two music cues).  The strong route alone
 * proposed no unrelated pair and confirmed 139 of the 204; with the
 * moderate route, which only counts next to strong metadata, 200 of 204,
 * still with no unrelated pair. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/clipread.h"
#include "analysis/pairname.h"
#include "analysis/pairs.h"
#include "log.h"
#include "xalloc.h"

/*
 * Strong audio: the waveforms correlate (|r| >= 0.5 at the best lag; no
 * unrelated pair passed 0.11 but two variants of one effect, which reach
 * 0.72 and are told apart by their spectra) or the coherence is high (>=
 * 0.25: unrelated long pairs stay under 0.07, short ones under 0.19), and
 * the long-term spectra have one shape (<= 4.5 dB apart: genuine pairs
 * are 95% under 3.4 dB, unrelated ones 95% over 3.4 dB, the effect
 * variants 5.2 dB).
 */
#define PAIR_STRONG_CORR 0.5
#define PAIR_STRONG_COHERENCE 0.25
#define PAIR_STRONG_SPEC_DB 4.5
/*
 * Moderate audio, for wide stereo whose sides barely correlate (orchestral
 * recordings: r 0.1 .. 0.4): spectra within 3 dB and the sum band + env +
 * flux + 2 * coherence (pairsim.h) at least 0.95.  Genuine wide pairs
 * score 1.0 .. 2.6; the best unrelated pair with spectra that close
 * scored 0.78.
 */
#define PAIR_MODERATE_SPEC_DB 3.0
#define PAIR_MODERATE_SCORE 0.95

/* Metadata that names the two clips as halves of one source. */
#define STRONG_METADATA (PAIR_EVIDENCE_SAME_FILE | PAIR_EVIDENCE_SAME_MASTER_MOB | \
			 PAIR_EVIDENCE_NAME_LR | PAIR_EVIDENCE_NAME_TRACK | \
			 PAIR_EVIDENCE_NAME_CHANNEL)

/* Weight of each piece of metadata in the confidence (combined as
 * independent: 1 - product of (1 - w)). */
static const double metadata_weight[PAIR_EVIDENCE_COUNT] = {
	0.6, 0.5, 0.6, 0.6, 0.4, 0.2, 0.1, 0, 0, 0
};

void pairs_options_init(struct pairs_options *o)
{
	stereo_options_init(&o->stereo);
}

const char *pair_evidence_name(unsigned bit)
{
	static const char *const names[PAIR_EVIDENCE_COUNT] = {
		"same_file", "same_master_mob", "name_lr", "name_track", "name_channel",
		"same_range", "adjacent_tracks", "audio_same", "audio_correlated",
		"audio_alike",
	};

	for (int i = 0; i < PAIR_EVIDENCE_COUNT; i++)
		if (bit == 1u << i)
			return names[i];
	return "";
}

/* ---- the audio verdict ---------------------------------------------------------- */

static double nz(double v)
{
	return isnan(v) ? 0 : v;
}

static double clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

static bool same_signal(enum stereo_relation r)
{
	return r == STEREO_RELATION_DUAL_MONO || r == STEREO_RELATION_NEAR_DUAL_MONO ||
	       r == STEREO_RELATION_POLARITY_INVERTED;
}

/* Sets the audio evidence bits; returns the audio's confidence (0 when it
 * does not support the pair, negative when only with strong metadata). */
static double audio_score(struct pair_check *c)
{
	const struct pairsim_result *p = &c->sim;
	double r = fabs(nz(c->audio.peak_correlation)), coh = nz(p->coherence);
	double sd = isnan(p->spec_dist_db) ? INFINITY : p->spec_dist_db;
	double sum = nz(p->band_corr) + nz(p->env_corr) + nz(p->flux_corr) + 2 * coh;

	if (same_signal(c->audio.relation)) {
		c->evidence |= PAIR_EVIDENCE_AUDIO_SAME;
		return 0.95;
	}
	if ((r >= PAIR_STRONG_CORR || coh >= PAIR_STRONG_COHERENCE) && sd <= PAIR_STRONG_SPEC_DB) {
		c->evidence |= PAIR_EVIDENCE_AUDIO_CORRELATED;
		return 0.8 + 0.15 * clamp01(r > coh ? r : coh);
	}
	if (p->active >= PAIRSIM_MIN_FRAMES && sd <= PAIR_MODERATE_SPEC_DB &&
	    sum >= PAIR_MODERATE_SCORE) {
		c->evidence |= PAIR_EVIDENCE_AUDIO_ALIKE;
		return -(0.5 + 0.3 * clamp01((sum - PAIR_MODERATE_SCORE) / 1.5));
	}
	return 0;
}

/* Decides from the measurements and the metadata bits already in c. */
static void decide(struct pair_check *c)
{
	double a = audio_score(c), m = 1;

	if (a < 0 && (c->evidence & STRONG_METADATA))
		a = -a;
	c->confirmed = a > 0;
	if (!c->confirmed) {
		c->confidence = 0;
		return;
	}
	for (int i = 0; i < PAIR_EVIDENCE_COUNT; i++)
		if (c->evidence & (1u << i))
			m *= 1 - metadata_weight[i];
	c->confidence = 1 - (1 - a) * m;
}

/* Reads both sides of cr (two channels) through the analysers and
 * decides.  errors: ERR_MEDIA_UNREADABLE. */
static enum err check_stream(struct clipread *cr, const struct pairs_options *o,
			     struct pair_check *c, struct errbuf *eb)
{
	float *buf = xmalloc(2 * CLIPREAD_BLOCK * sizeof(float));
	float *ch[2] = { buf, buf + CLIPREAD_BLOCK };
	int rate = clipread_sample_rate(cr);
	struct stereo *st = stereo_new(2, rate, &o->stereo);
	struct pairsim *ps = pairsim_new(rate);
	int64_t got;

	while ((got = clipread_read(cr, ch, CLIPREAD_BLOCK, eb)) > 0) {
		stereo_feed(st, (const float *const *)ch, (size_t)got);
		pairsim_feed(ps, ch[0], ch[1], (size_t)got);
	}
	stereo_finish(st, &c->audio);
	c->audio.missing = clipread_missing(cr);
	pairsim_finish(ps, &c->sim);
	stereo_free(st);
	pairsim_free(ps);
	free(buf);
	if (got < 0)
		return ERR_MEDIA_UNREADABLE;
	decide(c);
	return ERR_OK;
}

/* ---- loose files ------------------------------------------------------------------ */

enum err pairs_check_files(const char *left, const char *right, const struct pairs_options *o,
			   struct pair_check *out, struct errbuf *eb)
{
	struct pairs_options def;
	struct clipread_source src[2] = { { left, 1, 0, -1, NULL }, { right, 1, 0, -1, NULL } };
	struct clipread *cr;
	enum err e;
	int left_first;

	memset(out, 0, sizeof(*out));
	if (!o) {
		pairs_options_init(&def);
		o = &def;
	}
	switch (pairname_match(left, right, &left_first)) {
	case PAIRNAME_LR: out->evidence |= PAIR_EVIDENCE_NAME_LR; break;
	case PAIRNAME_TRACK: out->evidence |= PAIR_EVIDENCE_NAME_TRACK; break;
	case PAIRNAME_CHANNEL: out->evidence |= PAIR_EVIDENCE_NAME_CHANNEL; break;
	default: break;
	}
	out->evidence |= PAIR_EVIDENCE_SAME_RANGE;	/* both from their start */
	e = clipread_open(src, 2, &cr, eb);
	if (e)
		return e;
	e = check_stream(cr, o, out, eb);
	clipread_free(cr);
	return e;
}

/* Checks the named halves i and j of paths; appends the pair and returns
 * true when confirmed. */
static bool try_files(const char *const *paths, size_t i, size_t j, int i_left,
		      const struct pairs_options *o, struct file_pair **out, size_t *n,
		      size_t *alloc)
{
	struct file_pair fp = { i_left ? i : j, i_left ? j : i, { 0 } };
	struct errbuf eb;

	errbuf_init(&eb);
	if (pairs_check_files(paths[fp.left], paths[fp.right], o, &fp.check, &eb)) {
		log_info("split pair '%s' + '%s' not checked: %s", paths[fp.left],
			 paths[fp.right], errbuf_msg(&eb));
		return false;
	}
	if (!fp.check.confirmed)
		return false;
	XGROW(*out, *n + 1, *alloc);
	(*out)[(*n)++] = fp;
	return true;
}

static int by_left(const void *a, const void *b)
{
	const struct file_pair *x = a, *y = b;

	return x->left < y->left ? -1 : x->left > y->left;
}

size_t pairs_find_files(const char *const *paths, size_t n, const struct pairs_options *o,
			struct file_pair **out)
{
	size_t found = 0, alloc = 0;
	bool *used = xcalloc(n ? n : 1, sizeof(bool));

	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n && !used[i]; j++) {
			int i_left;

			if (used[j] || pairname_match(paths[i], paths[j], &i_left) == PAIRNAME_NONE)
				continue;
			if (try_files(paths, i, j, i_left, o, out, &found, &alloc))
				used[i] = used[j] = true;
		}
	}
	free(used);
	if (found)
		qsort(*out, found, sizeof(**out), by_left);
	return found;
}

/* ---- clips of a session ----------------------------------------------------------- */

/* A mono clip that may be half of a pair. */
struct mono_clip {
	int64_t start, length;
	struct pair_clip at;
};

struct candidate {
	struct pair_clip left, right;
	struct pair_check check;
};

static const struct clip *clip_at(const struct session *s, struct pair_clip at)
{
	return &s->tracks[at.track].clips[at.clip];
}

static int by_position(const void *a, const void *b)
{
	const struct mono_clip *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->length != y->length)
		return x->length < y->length ? -1 : 1;
	if (x->at.track != y->at.track)
		return x->at.track < y->at.track ? -1 : 1;
	return x->at.clip < y->at.clip ? -1 : x->at.clip > y->at.clip;
}

/* Every mono clip with media on an audio track, by position. */
static struct mono_clip *mono_clips(const struct session *s, size_t *n)
{
	struct mono_clip *v = NULL;
	size_t alloc = 0;

	*n = 0;
	for (size_t t = 0; t < s->n_tracks; t++) {
		const struct track *tr = &s->tracks[t];

		for (size_t k = 0; tr->kind == TRACK_KIND_AUDIO && k < tr->n_clips; k++) {
			const struct clip *c = &tr->clips[k];

			if (c->channels != 1 || c->sources[0].media < 0 || c->length <= 0)
				continue;
			XGROW(v, *n + 1, alloc);
			v[(*n)++] = (struct mono_clip){ c->start, c->length, { t, k } };
		}
	}
	if (*n)
		qsort(v, *n, sizeof(*v), by_position);
	return v;
}

static const char *media_file_name(const struct media *m)
{
	if (m->path)
		return m->path;
	return m->name ? m->name : m->url;
}

/* Name evidence between clips a and b (clip names, then file names);
 * *a_left tells whether a is the named left half. */
static unsigned name_evidence(const struct session *s, const struct clip *a,
			      const struct clip *b, int *a_left)
{
	const struct media *ma = &s->media[a->sources[0].media];
	const struct media *mb = &s->media[b->sources[0].media];
	enum pairname_kind k = pairname_match(media_file_name(ma), media_file_name(mb), a_left);

	if (k == PAIRNAME_NONE)
		k = pairname_match(a->name, b->name, a_left);
	switch (k) {
	case PAIRNAME_LR: return PAIR_EVIDENCE_NAME_LR;
	case PAIRNAME_TRACK: return PAIR_EVIDENCE_NAME_TRACK;
	case PAIRNAME_CHANNEL: return PAIR_EVIDENCE_NAME_CHANNEL;
	default: return 0;
	}
}

static bool same_master(const struct media *a, const struct media *b)
{
	return a->has_master_mob_id && b->has_master_mob_id &&
	       !memcmp(a->master_mob_id, b->master_mob_id, sizeof(a->master_mob_id));
}

/* The metadata of clips x and y as a candidate (left/right set); false
 * when they cannot be two halves (the same channel of the same media). */
static bool metadata(const struct session *s, struct pair_clip x, struct pair_clip y,
		     struct candidate *c)
{
	const struct clip *a = clip_at(s, x), *b = clip_at(s, y);
	const struct clip_source *sa = &a->sources[0], *sb = &b->sources[0];
	int a_left = -1;
	unsigned ev = 0;

	if (sa->media == sb->media && sa->channel == sb->channel)
		return false;
	ev |= name_evidence(s, a, b, &a_left);
	if (!ev)
		a_left = -1;
	if (sa->media == sb->media)
		ev |= PAIR_EVIDENCE_SAME_FILE;
	else if (same_master(&s->media[sa->media], &s->media[sb->media]))
		ev |= PAIR_EVIDENCE_SAME_MASTER_MOB;
	if (a->source_offset == b->source_offset)
		ev |= PAIR_EVIDENCE_SAME_RANGE;
	if (s->tracks[x.track].index + 1 == s->tracks[y.track].index ||
	    s->tracks[y.track].index + 1 == s->tracks[x.track].index)
		ev |= PAIR_EVIDENCE_ADJACENT;
	if (a_left < 0 && (ev & (PAIR_EVIDENCE_SAME_FILE | PAIR_EVIDENCE_SAME_MASTER_MOB)))
		a_left = sa->channel < sb->channel || (sa->channel == sb->channel && x.track < y.track);
	if (a_left < 0)
		a_left = x.track < y.track || (x.track == y.track && x.clip < y.clip);
	memset(c, 0, sizeof(*c));
	c->left = a_left ? x : y;
	c->right = a_left ? y : x;
	c->check.evidence = ev;
	return true;
}

/* Reads the candidate's two clips together and decides. */
static void check_candidate(const struct session *s, const struct pairs_options *o,
			    struct candidate *c)
{
	struct clipread_source src[2];
	struct clipread *cr = NULL;
	struct errbuf eb;
	int n;
	enum err e;

	errbuf_init(&eb);
	e = clipread_clip_sources(s, c->left.track, c->left.clip, &src[0], 1, &n, &eb);
	if (!e)
		e = clipread_clip_sources(s, c->right.track, c->right.clip, &src[1], 1, &n, &eb);
	if (!e)
		e = clipread_open(src, 2, &cr, &eb);
	if (!e)
		e = check_stream(cr, o, &c->check, &eb);
	clipread_free(cr);
	if (e) {
		c->check.confirmed = false;
		c->check.confidence = 0;
		log_info("split pair '%s' + '%s' not checked: %s", clip_at(s, c->left)->name,
			 clip_at(s, c->right)->name, errbuf_msg(&eb));
	}
}

/* Adds the candidates among clips v[0 .. n) (same start and length). */
static void group_candidates(const struct session *s, const struct mono_clip *v, size_t n,
			     struct candidate **out, size_t *count, size_t *alloc)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			struct candidate c;

			if (v[i].at.track == v[j].at.track || !metadata(s, v[i].at, v[j].at, &c))
				continue;
			XGROW(*out, *count + 1, *alloc);
			(*out)[(*count)++] = c;
		}
	}
}

static int by_confidence(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->check.confidence != y->check.confidence)
		return x->check.confidence > y->check.confidence ? -1 : 1;
	if (x->left.track != y->left.track)
		return x->left.track < y->left.track ? -1 : 1;
	if (x->left.clip != y->left.clip)
		return x->left.clip < y->left.clip ? -1 : 1;
	if (x->right.track != y->right.track)
		return x->right.track < y->right.track ? -1 : 1;
	return x->right.clip < y->right.clip ? -1 : x->right.clip > y->right.clip;
}

static int by_left_clip(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->left.track != y->left.track)
		return x->left.track < y->left.track ? -1 : 1;
	return x->left.clip < y->left.clip ? -1 : x->left.clip > y->left.clip;
}

static bool clip_used(const struct pairs *p, struct pair_clip c)
{
	for (size_t i = 0; i < p->n; i++)
		if ((p->v[i].left.track == c.track && p->v[i].left.clip == c.clip) ||
		    (p->v[i].right.track == c.track && p->v[i].right.clip == c.clip))
			return true;
	return false;
}

/* Keeps the confirmed candidates, most confident first, each clip once. */
static void select_pairs(struct candidate *c, size_t n, struct pairs *out)
{
	size_t alloc = 0;

	if (n)
		qsort(c, n, sizeof(*c), by_confidence);
	for (size_t i = 0; i < n; i++) {
		if (!c[i].check.confirmed) {
			out->unconfirmed++;
			continue;
		}
		if (clip_used(out, c[i].left) || clip_used(out, c[i].right))
			continue;
		XGROW(out->v, out->n + 1, alloc);
		out->v[out->n++] = (struct pair){ c[i].left, c[i].right, c[i].check };
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), by_left_clip);
}

void pairs_find(const struct session *s, const struct pairs_options *o, struct pairs *out)
{
	struct pairs_options def;
	struct candidate *cand = NULL;
	size_t n_mono, n_cand = 0, alloc = 0;
	struct mono_clip *v = mono_clips(s, &n_mono);

	memset(out, 0, sizeof(*out));
	if (!o) {
		pairs_options_init(&def);
		o = &def;
	}
	for (size_t i = 0, j; i < n_mono; i = j) {
		for (j = i + 1; j < n_mono && v[j].start == v[i].start &&
		     v[j].length == v[i].length; j++)
			;
		group_candidates(s, v + i, j - i, &cand, &n_cand, &alloc);
	}
	for (size_t i = 0; i < n_cand; i++)
		check_candidate(s, o, &cand[i]);
	out->candidates = n_cand;
	select_pairs(cand, n_cand, out);
	free(cand);
	free(v);
}

void pairs_release(struct pairs *p)
{
	if (!p)
		return;
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* ---- JSON ---------------------------------------------------------------------- */

static void clip_ref_json(struct json_writer *w, const struct session *s, struct pair_clip c)
{
	json_begin_object(w);
	json_key(w, "track");
	json_int(w, s->tracks[c.track].index);
	json_key(w, "index");
	json_int(w, (int64_t)c.clip + 1);
	json_end_object(w);
}

static void evidence_json(struct json_writer *w, unsigned ev)
{
	json_begin_array(w);
	for (int i = 0; i < PAIR_EVIDENCE_COUNT; i++)
		if (ev & (1u << i))
			json_string(w, pair_evidence_name(1u << i));
	json_end_array(w);
}

void pairs_json_write(struct json_writer *w, const struct session *s, const struct pairs *p)
{
	json_begin_array(w);
	for (size_t i = 0; i < p->n; i++) {
		const struct pair *pr = &p->v[i];

		json_begin_object(w);
		json_key(w, "left");
		clip_ref_json(w, s, pr->left);
		json_key(w, "right");
		clip_ref_json(w, s, pr->right);
		json_key(w, "evidence");
		evidence_json(w, pr->check.evidence);
		json_key(w, "confidence");
		json_double(w, pr->check.confidence);
		json_key(w, "relation");
		json_string(w, stereo_relation_name(pr->check.audio.relation));
		json_key(w, "delay_samples");
		json_int(w, pr->check.audio.delay_samples);
		json_key(w, "gain_diff_db");
		json_double(w, pr->check.audio.gain_diff_db);
		json_end_object(w);
	}
	json_end_array(w);
}

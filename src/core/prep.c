/* prep.c: a turnover made into an organised session (see prep.h). */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aaf/aaf.h"
#include "aaf/aafwriter.h"
#include "analysis/fixplan.h"
#include "analysis/job.h"
#include "mapping.h"
#include "media/url.h"
#include "prep.h"
#include "prep/outdir.h"
#include "prep/safety.h"
#include "prep_report.h"
#include "review.h"
#include "savefile.h"
#include "strbuf.h"
#include "template.h"
#include "triage.h"
#include "xalloc.h"

static const char *const stage_names[PREP_STAGE_COUNT] = {
	"reading", "analysing", "fixing", "mapping", "writing", "safety copy", "finishing"
};

const char *prep_stage_name(enum prep_stage st)
{
	return (unsigned)st < PREP_STAGE_COUNT ? stage_names[st] : "";
}

void prep_options_init(struct prep_options *o)
{
	memset(o, 0, sizeof(*o));
}

void prep_summary_release(struct prep_summary *s)
{
	free(s->out_aaf);
	memset(s, 0, sizeof(*s));
}

/* Everything one run holds. */
struct prep {
	const struct prep_options *o;
	struct template *t;
	struct session *s;
	struct triage *decisions;
	struct analysis_job *job;
	struct outdir *od;
	char *final_abs;	/* absolute path of the final folder */
	struct prep_report rep;
	size_t *first;		/* per input track: its first record */
	struct fixplan plan;
	struct pairs pairs;	/* confirmed split pairs, fixed or not */
	struct mapping map;
	struct mapping_clip *mc;
	size_t n_mc;
	char **hints;		/* per record */
	size_t *post_record;	/* per mapping clip: its record */
};

static void stage(const struct prep *p, enum prep_stage st, size_t done, size_t total)
{
	if (p->o->progress)
		p->o->progress(st, done, total, p->o->user);
}

/* ---- where the output may go ---------------------------------------------- */

static char *abs_dir_of(const char *path)
{
	char *copy = xstrdup(path), *slash = strrchr(copy, '/'), *abs;

	if (!slash)
		abs = realpath(".", NULL);
	else if (slash == copy)
		abs = xstrdup("/");
	else {
		*slash = '\0';
		abs = realpath(copy, NULL);
	}
	free(copy);
	return abs;
}

/* The absolute path out_dir will have (its parent must exist). */
static char *final_path(const char *out_dir, struct errbuf *eb)
{
	char *trimmed = xstrdup(out_dir), *parent, *base, *res;
	size_t n = strlen(trimmed);

	while (n > 1 && trimmed[n - 1] == '/')
		trimmed[--n] = '\0';
	parent = abs_dir_of(trimmed);
	base = strrchr(trimmed, '/');
	base = base ? base + 1 : trimmed;
	if (!parent || !*base || !strcmp(base, ".") || !strcmp(base, "..")) {
		err_set(eb, ERR_INVALID, "cannot use '%s' as the output folder", out_dir);
		res = NULL;
	} else {
		res = xasprintf("%s%s%s", parent, strcmp(parent, "/") ? "/" : "", base);
	}
	free(parent);
	free(trimmed);
	return res;
}

static bool inside(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n]);
}

/* Refuses the AAF's own folder and anything in or above a media folder. */
static enum err check_out(const struct prep *p, struct errbuf *eb)
{
	char *aaf_dir = abs_dir_of(p->o->aaf);
	enum err e = ERR_OK;

	if (aaf_dir && !strcmp(aaf_dir, p->final_abs))
		e = err_set(eb, ERR_INVALID, "'%s' is the turnover's own folder: prep never writes "
			    "next to the originals", p->o->out_dir);
	for (size_t i = 0; !e && i < p->o->n_media_dirs; i++) {
		char *m = realpath(p->o->media_dirs[i], NULL);

		if (m && (inside(p->final_abs, m) || inside(m, p->final_abs)))
			e = err_set(eb, ERR_INVALID, "'%s' is in or around the media folder '%s': "
				    "prep never writes next to the originals", p->o->out_dir,
				    p->o->media_dirs[i]);
		free(m);
	}
	free(aaf_dir);
	return e;
}

/* Refuses a folder that holds an original (replacing it with --force would
 * remove it) or is the folder of a media file. */
static enum err check_originals(const struct prep *p, struct errbuf *eb)
{
	char *aaf = realpath(p->o->aaf, NULL);
	enum err e = ERR_OK;

	if (aaf && inside(aaf, p->final_abs))
		e = err_set(eb, ERR_INVALID, "'%s' holds the turnover: prep never writes over "
			    "the originals", p->o->out_dir);
	free(aaf);
	for (size_t i = 0; !e && i < p->s->n_media; i++) {
		char *m = p->s->media[i].path ? realpath(p->s->media[i].path, NULL) : NULL;
		char *dir = m ? abs_dir_of(m) : NULL;

		if (m && (inside(m, p->final_abs) || (dir && !strcmp(dir, p->final_abs))))
			e = err_set(eb, ERR_INVALID, "'%s' holds or sits beside the media file '%s': "
				    "prep never writes over or next to the originals", p->o->out_dir,
				    p->s->media[i].path);
		free(dir);
		free(m);
	}
	return e;
}

/* ---- inputs ----------------------------------------------------------- */

static enum err load_decisions(struct prep *p, struct errbuf *eb)
{
	char *path = p->o->decisions ? xstrdup(p->o->decisions) : triage_state_path(p->o->aaf);
	struct stat st;
	enum err e;

	if (!p->o->decisions && stat(path, &st) != 0 && p->o->state_dir) {
		char *abs = realpath(p->o->aaf, NULL);

		free(path);
		path = triage_fallback_path(abs ? abs : p->o->aaf, p->o->state_dir);
		free(abs);
	}
	p->decisions = triage_new();
	e = triage_load(p->decisions, path, eb);
	if (e == ERR_NOT_FOUND && !p->o->decisions) {
		errbuf_init(eb);
		e = ERR_OK;
	}
	free(path);
	return e;
}

static enum err analyse(struct prep *p, struct errbuf *eb)
{
	struct analysis_options ao;
	size_t done = 0, total = 0;
	enum err e;

	analysis_options_init(&ao);
	ao.jobs = p->o->jobs;
	ao.cache_dir = p->o->cache_dir;
	p->job = analysis_job_new(p->s, p->o->model, &ao);
	e = analysis_job_start(p->job, eb);
	if (e)
		return e;
	if (p->o->progress) {
		analysis_job_progress(p->job, &done, &total);
		stage(p, PREP_STAGE_ANALYSE, done, total);
	}
	return analysis_job_run(p->job, eb);
}

/* ---- records -------------------------------------------------------------- */

/* The names the iXML chunk gives channel ch (from 1) of the file at path. */
static void ixml_names(const char *path, int ch, struct strbuf *out)
{
	unsigned char *data;
	size_t len;
	struct errbuf eb;
	char *x, *p;

	errbuf_init(&eb);
	if (!path || fixmedia_chunk_read(path, "iXML", &data, &len, &eb) != ERR_OK)
		return;
	x = xasprintf("%.*s", (int)len, (const char *)data);
	free(data);
	for (p = strstr(x, "<TRACK>"); p; p = strstr(p + 1, "<TRACK>")) {
		char *end = strstr(p, "</TRACK>"), *ci = strstr(p, "<CHANNEL_INDEX>");
		char *nm = strstr(p, "<NAME>"), *ne;

		if (!end || !ci || !nm || ci > end || nm > end || atoi(ci + 15) != ch)
			continue;
		ne = strstr(nm, "</NAME>");
		if (ne && ne < end)
			strbuf_addf(out, " %.*s", (int)(ne - nm - 6), nm + 6);
	}
	free(x);
}

static char *clip_hints(const struct session *s, const struct clip *c)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, c->name ? c->name : "");
	for (int ch = 0; ch < c->channels; ch++) {
		const struct media *m = c->sources[ch].media >= 0 &&
			(size_t)c->sources[ch].media < s->n_media ? &s->media[c->sources[ch].media] : NULL;

		if (!m)
			continue;
		strbuf_addf(&sb, " %s", m->name ? m->name : "");
		if (m->status == MEDIA_STATUS_OK)
			ixml_names(m->path, c->sources[ch].channel, &sb);
	}
	return strbuf_detach(&sb);
}

static void record_analysis(struct prep *p, struct prep_clip *pc, size_t t, size_t k)
{
	const struct clip_analysis *a = analysis_job_clip(p->job, t, k);
	char *key = review_clip_key(p->s, &p->s->tracks[t], k);
	struct triage_decision d = triage_get(p->decisions, key);

	free(key);
	if (a && !a->err) {
		pc->has_class = pc->has_confidence = true;
		pc->cls = a->result.cls;
		pc->confidence = a->result.confidence;
		for (unsigned b = 0; b < ANALYSIS_PROBLEM_COUNT; b++)
			if (a->result.problems & (1u << b))
				prep_report_push(&pc->problems, &pc->n_problems,
						 analysis_problem_name(1u << b));
	} else {
		prep_report_push(&pc->problems, &pc->n_problems,
				 a && a->error ? a->error : "not analysed");
	}
	if (d.cls < CLIP_CLASS_COUNT) {
		pc->has_class = pc->human = true;
		pc->cls = d.cls;
	}
}

static void build_records(struct prep *p)
{
	const struct session *s = p->s;
	size_t n = 0;

	p->first = xcalloc(s->n_tracks + 1, sizeof(*p->first));
	for (size_t t = 0; t < s->n_tracks; t++) {
		p->first[t] = n;
		n += s->tracks[t].kind == TRACK_KIND_AUDIO ? s->tracks[t].n_clips : 0;
	}
	p->rep.clips = xcalloc(n ? n : 1, sizeof(*p->rep.clips));
	p->hints = xcalloc(n ? n : 1, sizeof(*p->hints));
	p->rep.n_clips = n;
	for (size_t t = 0; t < s->n_tracks; t++)
		for (size_t k = 0; s->tracks[t].kind == TRACK_KIND_AUDIO && k < s->tracks[t].n_clips;
		     k++) {
			const struct clip *c = &s->tracks[t].clips[k];
			struct prep_clip *pc = &p->rep.clips[p->first[t] + k];
			int m = c->channels ? c->sources[0].media : -1;

			pc->source_track = s->tracks[t].index;
			pc->source_index = k + 1;
			pc->name = c->name ? xstrdup(c->name) : NULL;
			pc->start = c->start;
			pc->length = c->length;
			pc->media = m >= 0 && (size_t)m < s->n_media && s->media[m].name ?
				xstrdup(s->media[m].name) : NULL;
			record_analysis(p, pc, t, k);
			p->hints[p->first[t] + k] = clip_hints(s, c);
		}
	for (size_t i = 0; i < s->n_media; i++)
		if (s->media[i].status != MEDIA_STATUS_OK && !s->media[i].embedded) {
			char *note = xasprintf("media missing: %s (%s)",
					       s->media[i].name ? s->media[i].name : s->media[i].id,
					       media_status_name(s->media[i].status));

			prep_report_push(&p->rep.notes, &p->rep.n_notes, note);
			free(note);
			p->rep.missing_media++;
		}
}

/* ---- fixes --------------------------------------------------------------- */

/* A two-channel clip and what its channels are. */
struct prep_rel {
	struct pair_clip clip;
	enum stereo_relation relation;
	int sounding;		/* the channel with sound (one side silent), from 1 */
};

static struct prep_clip *record_of(struct prep *p, struct pair_clip c)
{
	return &p->rep.clips[p->first[c.track] + c.clip];
}

/* The review's key of the fix (triage.h), a new string. */
static char *fix_key(const struct prep *p, const char *kind, struct pair_clip a,
		     const struct pair_clip *b)
{
	char *ka = review_clip_key(p->s, &p->s->tracks[a.track], a.clip);
	char *kb = b ? review_clip_key(p->s, &p->s->tracks[b->track], b->clip) : NULL;
	char *key = kb ? xasprintf("%s:%s+%s", kind, ka, kb) : xasprintf("%s:%s", kind, ka);

	free(ka);
	free(kb);
	return key;
}

static enum triage_fix decided(const struct prep *p, const char *kind, struct pair_clip a,
			       const struct pair_clip *b)
{
	char *key = fix_key(p, kind, a, b);
	enum triage_fix d = triage_get_fix(p->decisions, key);

	free(key);
	return d;
}

/* Notes the action just added to the plan on the clips it concerns. */
static void note_applied(struct prep *p, const char *by)
{
	const struct fix_action *a = &p->plan.actions[p->plan.n_actions - 1];
	const char *out = a->output >= 0 ? p->plan.outputs[a->output].name : NULL;
	struct prep_clip *c = record_of(p, a->clip);
	char *text = out ? xasprintf("media/%s", out) : a->kind == FIX_KIND_KEEP_SIDE ?
		xasprintf("plays channel %d alone, as mono", a->keep_channel) : NULL;

	prep_report_add_fix(c, fix_kind_name(a->kind), true, by, text);
	free(text);
	if (a->has_other) {
		text = xasprintf("right half, joined into A%d.%zu", c->source_track,
				 c->source_index);
		prep_report_add_fix(record_of(p, a->other), fix_kind_name(a->kind), true, by, text);
		free(text);
	}
}

static void note_declined(struct prep *p, struct pair_clip c, enum fix_kind k, const char *by,
			  const char *why)
{
	prep_report_add_fix(record_of(p, c), fix_kind_name(k), false, by, why);
}

/* The reason the plan gave last for not taking a fix. */
static const char *last_skip(const struct prep *p)
{
	return p->plan.n_skipped ? p->plan.skipped[p->plan.n_skipped - 1] : "cannot be applied";
}

/* The two-channel clips and their relations. */
static struct prep_rel *relations(const struct prep *p, size_t *n)
{
	struct prep_rel *rel = NULL;

	*n = 0;
	for (size_t t = 0; t < p->s->n_tracks; t++)
		for (size_t k = 0; p->s->tracks[t].kind == TRACK_KIND_AUDIO &&
		     k < p->s->tracks[t].n_clips; k++) {
			struct stereo_result sr;
			struct errbuf eb;

			errbuf_init(&eb);
			if (p->s->tracks[t].clips[k].channels != 2 ||
			    stereo_analyze_clip(p->s, t, k, NULL, &sr, &eb) != ERR_OK)
				continue;
			rel = xreallocarray(rel, *n + 1, sizeof(*rel));
			rel[(*n)++] = (struct prep_rel){ { t, k }, sr.relation, sr.ch[0].silent ? 2 : 1 };
		}
	return rel;
}

/* Split pairs: applied unless a person rejected them. */
static void plan_pairs(struct prep *p)
{
	struct pairs_options po;

	pairs_options_init(&po);
	pairs_find(p->s, &po, &p->pairs);
	for (size_t i = 0; i < p->pairs.n; i++) {
		const struct pair *pr = &p->pairs.v[i];
		enum triage_fix d = decided(p, "pair", pr->left, &pr->right);

		if (d == TRIAGE_FIX_REJECTED) {
			const struct clip *l = &p->s->tracks[pr->left.track].clips[pr->left.clip];
			const struct clip *r = &p->s->tracks[pr->right.track].clips[pr->right.clip];
			enum fix_kind k = l->sources[0].media == r->sources[0].media ?
				FIX_KIND_JOIN : FIX_KIND_INTERLEAVE;

			note_declined(p, pr->left, k, "human", "rejected in the review");
			note_declined(p, pr->right, k, "human", "rejected in the review");
		} else if (fixplan_add_pair(&p->plan, p->s, pr)) {
			note_applied(p, d == TRIAGE_FIX_ACCEPTED ? "human" : "model");
		} else {
			note_declined(p, pr->left, FIX_KIND_INTERLEAVE,
				      d == TRIAGE_FIX_ACCEPTED ? "human" : "model", last_skip(p));
		}
	}
}

static bool add_clip_fix(struct prep *p, const struct prep_rel *r, enum fix_kind k,
			 const char *by)
{
	if (fixplan_add_clip(&p->plan, p->s, r->clip, k, r->sounding)) {
		note_applied(p, by);
		return true;
	}
	note_declined(p, r->clip, k, by, last_skip(p));
	return false;
}

static void plan_flip(struct prep *p, const struct prep_rel *r)
{
	enum triage_fix d = decided(p, "flip", r->clip, NULL);
	struct prep_clip *pc = record_of(p, r->clip);

	if (d == TRIAGE_FIX_ACCEPTED || (d == TRIAGE_FIX_NONE && p->o->fix_polarity)) {
		if (!add_clip_fix(p, r, FIX_KIND_FLIP_POLARITY, d ? "human" : "option"))
			prep_report_push(&pc->problems, &pc->n_problems,
					 "polarity inverted (left as it is)");
		return;
	}
	prep_report_push(&pc->problems, &pc->n_problems, "polarity inverted (left as it is)");
	note_declined(p, r->clip, FIX_KIND_FLIP_POLARITY, d == TRIAGE_FIX_REJECTED ? "human" : "model",
		      d == TRIAGE_FIX_REJECTED ? "rejected in the review" :
		      "not asked: accept it in the review or use --fix-polarity");
}

static void plan_side(struct prep *p, const struct prep_rel *r)
{
	enum triage_fix d = decided(p, "mono", r->clip, NULL);

	if (d == TRIAGE_FIX_ACCEPTED)
		add_clip_fix(p, r, FIX_KIND_KEEP_SIDE, "human");
	else
		note_declined(p, r->clip, FIX_KIND_KEEP_SIDE, d ? "human" : "model",
			      d ? "rejected in the review" : "not asked: accept it in the review");
}

static bool is_dual_mono(enum stereo_relation r)
{
	return r == STEREO_RELATION_DUAL_MONO || r == STEREO_RELATION_NEAR_DUAL_MONO;
}

/* The mapping's clips: the session's audio clips, less those in gone (per
 * record; NULL: none), numbered as they will be once those are removed. */
static void build_mc(struct prep *p, const bool *gone)
{
	size_t *mc_of = xcalloc(p->rep.n_clips ? p->rep.n_clips : 1, sizeof(*mc_of));

	free(p->mc);
	free(p->post_record);
	p->n_mc = 0;
	p->mc = xcalloc(p->rep.n_clips ? p->rep.n_clips : 1, sizeof(*p->mc));
	p->post_record = xcalloc(p->rep.n_clips ? p->rep.n_clips : 1, sizeof(*p->post_record));
	for (size_t t = 0; t < p->s->n_tracks; t++) {
		size_t k2 = 0;

		for (size_t k = 0; p->s->tracks[t].kind == TRACK_KIND_AUDIO &&
		     k < p->s->tracks[t].n_clips; k++) {
			size_t r = p->first[t] + k;
			struct prep_clip *pc = &p->rep.clips[r];
			const struct clip_analysis *a = analysis_job_clip(p->job, t, k);

			if (gone && gone[r])
				continue;
			mc_of[r] = p->n_mc + 1;
			p->post_record[p->n_mc] = r;
			p->mc[p->n_mc++] = (struct mapping_clip){
				.track = t, .clip = k2++, .human = pc->human,
				.analysed = a && !a->err, .cls = pc->has_class ? pc->cls : CLIP_CLASS_COUNT,
				.confidence = pc->human ? 1.0 : pc->confidence,
				.tags = a && !a->err ? a->result.tags : 0, .hints = p->hints[r],
			};
		}
	}
	/* halves of a pair that was not joined move together */
	for (size_t i = 0; i < p->pairs.n; i++) {
		size_t l = mc_of[p->first[p->pairs.v[i].left.track] + p->pairs.v[i].left.clip];
		size_t r = mc_of[p->first[p->pairs.v[i].right.track] + p->pairs.v[i].right.clip];

		if (l && r) {
			p->mc[l - 1].with = r;
			p->mc[r - 1].with = l;
		}
	}
	free(mc_of);
}

/*
 * Dual mono no one decided on: folded when the template track it would
 * take as a mono clip is mono.  A trial mapping of the clips as they are
 * (dual mono ones as mono) answers; the real one comes after the fixes.
 */
static void plan_folds(struct prep *p, const struct prep_rel *rel, size_t n_rel)
{
	struct mapping trial = { NULL, 0 };
	bool *ask = xcalloc(p->rep.n_clips ? p->rep.n_clips : 1, sizeof(*ask));

	for (size_t i = 0; i < n_rel; i++)
		if (is_dual_mono(rel[i].relation))
			ask[p->first[rel[i].clip.track] + rel[i].clip.clip] = true;
	build_mc(p, NULL);
	for (size_t i = 0; i < p->n_mc; i++)
		p->mc[i].as_channels = ask[p->post_record[i]] ? 1 : 0;
	mapping_plan(p->t, p->s, p->mc, p->n_mc, &trial);
	for (size_t i = 0; i < p->n_mc; i++) {
		const struct mapping_track *mt = &trial.tracks[p->mc[i].out_track];
		const struct prep_rel *r = NULL;

		for (size_t k = 0; ask[p->post_record[i]] && k < n_rel; k++)
			if (p->first[rel[k].clip.track] + rel[k].clip.clip == p->post_record[i])
				r = &rel[k];
		if (!r || decided(p, "fold", r->clip, NULL) != TRIAGE_FIX_NONE)
			continue;
		if (p->t->tracks[mt->tmpl].format == CHANNEL_FORMAT_MONO)
			add_clip_fix(p, r, FIX_KIND_FOLD_MONO, "model");
		else
			note_declined(p, r->clip, FIX_KIND_FOLD_MONO, "model",
				      "its template track is not mono: kept as it is");
	}
	mapping_release(&trial);
	free(ask);
}

static void plan_clip_fixes(struct prep *p, const struct prep_rel *rel, size_t n_rel)
{
	for (size_t i = 0; i < n_rel; i++) {
		enum triage_fix d;

		switch (rel[i].relation) {
		case STEREO_RELATION_DUAL_MONO:
		case STEREO_RELATION_NEAR_DUAL_MONO:
			d = decided(p, "fold", rel[i].clip, NULL);
			if (d == TRIAGE_FIX_ACCEPTED)
				add_clip_fix(p, &rel[i], FIX_KIND_FOLD_MONO, "human");
			else if (d == TRIAGE_FIX_REJECTED)
				note_declined(p, rel[i].clip, FIX_KIND_FOLD_MONO, "human",
					      "rejected in the review");
			break;
		case STEREO_RELATION_POLARITY_INVERTED: plan_flip(p, &rel[i]); break;
		case STEREO_RELATION_ONE_SIDE_SILENT: plan_side(p, &rel[i]); break;
		default: break;
		}
	}
}

/* Plans the fixes as the decisions and the template say (see prep.h). */
static void plan_fixes(struct prep *p)
{
	size_t n_rel;
	struct prep_rel *rel = relations(p, &n_rel);

	plan_pairs(p);
	plan_clip_fixes(p, rel, n_rel);
	plan_folds(p, rel, n_rel);
	free(rel);
	for (size_t i = 0; i < p->plan.n_skipped; i++) {
		char *note = xasprintf("fix skipped: %s", p->plan.skipped[i]);

		prep_report_push(&p->rep.notes, &p->rep.n_notes, note);
		free(note);
	}
	p->rep.fixes = p->plan.n_actions;
}

/* Records surviving the fixes, per track, in order: the mapping's clips. */
static void surviving(struct prep *p)
{
	bool *gone = xcalloc(p->rep.n_clips ? p->rep.n_clips : 1, sizeof(*gone));

	for (size_t i = 0; i < p->plan.n_actions; i++)
		if (p->plan.actions[i].has_other)
			gone[p->first[p->plan.actions[i].other.track] +
			     p->plan.actions[i].other.clip] = true;
	build_mc(p, gone);
	free(gone);
}

static enum err apply_fixes(struct prep *p, struct errbuf *eb)
{
	char *media_dir = xasprintf("%s/media", outdir_path(p->od));
	size_t before = p->s->n_media;
	enum err e = ERR_OK;

	if (p->plan.n_outputs)
		e = fixplan_write_media(&p->plan, p->s, media_dir, eb);
	free(media_dir);
	if (!e)
		e = safety_write(p->o->aaf, p->s, outdir_path(p->od), eb);
	if (e)
		return e;
	stage(p, PREP_STAGE_FIX, 0, 0);
	e = fixplan_apply(&p->plan, p->s, eb);
	/* the written files are found at their final place once committed */
	for (size_t i = before; !e && i < p->s->n_media; i++) {
		char *path = xasprintf("%s/media/%s", p->final_abs, p->s->media[i].name);

		free(p->s->media[i].url);
		p->s->media[i].url = url_from_path(path);
		/* and named by it, so nothing depends on the staging folder's name */
		free(p->s->media[i].path);
		p->s->media[i].path = path;
	}
	return e;
}

/* ---- mapping and output ---------------------------------------------------- */

static void map_clips(struct prep *p)
{
	mapping_plan(p->t, p->s, p->mc, p->n_mc, &p->map);
	for (size_t i = 0; i < p->n_mc; i++) {
		struct prep_clip *pc = &p->rep.clips[p->post_record[i]];
		const struct mapping_track *mt = &p->map.tracks[p->mc[i].out_track];

		pc->template_track = xstrdup(mt->name);
		pc->on_review = p->t->tracks[mt->tmpl].kind == TEMPLATE_KIND_REVIEW;
		pc->reason = p->mc[i].reason;
	}
	/* a pair's right half goes where its left half went */
	for (size_t i = 0; i < p->plan.n_actions; i++) {
		const struct fix_action *a = &p->plan.actions[i];
		struct prep_clip *l = record_of(p, a->clip), *r;

		if (!a->has_other)
			continue;
		r = record_of(p, a->other);
		free(r->template_track);
		r->template_track = xstrdup(l->template_track ? l->template_track : "");
		r->on_review = l->on_review;
		r->reason = l->reason;
	}
}

/* Embedded media we cannot copy become offline references. */
static void offline_embedded(struct prep *p)
{
	for (size_t i = 0; i < p->s->n_media; i++) {
		struct media *m = &p->s->media[i];

		if (!m->embedded)
			continue;
		m->embedded = false;
		free(m->essence_stream);
		m->essence_stream = NULL;
		if (!m->url) {
			char *note = xasprintf("embedded media not carried over (offline): %s",
					       m->name ? m->name : m->id);

			prep_report_push(&p->rep.notes, &p->rep.n_notes, note);
			free(note);
		}
	}
}

static char *aaf_stem(const char *path)
{
	const char *b = strrchr(path, '/'), *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	return dot && dot > b ? xasprintf("%.*s", (int)(dot - b), b) : xstrdup(b);
}

static enum err write_outputs(struct prep *p, struct prep_summary *sum, struct errbuf *eb)
{
	char *stem = aaf_stem(p->o->aaf), *path, *text;
	const char *dir = outdir_path(p->od);
	size_t len;
	enum err e;

	stage(p, PREP_STAGE_WRITE, 0, 0);
	path = xasprintf("%s/%s.aaf", dir, stem);
	e = aaf_write_file(p->s, path, NULL, eb);
	free(path);
	sum->out_aaf = xasprintf("%s/%s.aaf", p->o->out_dir, stem);
	free(stem);
	p->rep.input = strrchr(p->o->aaf, '/') ? strrchr(p->o->aaf, '/') + 1 : p->o->aaf;
	p->rep.t = p->t;
	p->rep.m = &p->map;
	p->rep.tc_fps = p->s->tc_fps;
	p->rep.drop_frame = p->s->drop_frame;
	p->rep.sample_rate = p->s->sample_rate;
	p->rep.edit_rate = p->s->edit_rate;
	for (int json = 0; !e && json < 2; json++) {
		text = json ? prep_report_json(&p->rep, &len) : prep_report_text(&p->rep, &len);
		path = xasprintf("%s/report.%s", dir, json ? "json" : "txt");
		e = savefile_write(path, text, len, eb);
		free(path);
		free(text);
	}
	return e;
}

static void summarise(const struct prep *p, struct prep_summary *sum)
{
	sum->clips = p->rep.n_clips;
	for (size_t i = 0; i < p->rep.n_clips; i++) {
		sum->review += p->rep.clips[i].on_review;
		sum->human += p->rep.clips[i].human;
	}
	sum->missing_media = p->rep.missing_media;
	sum->fixes = p->rep.fixes;
	sum->tracks = p->map.n_tracks;
	for (size_t i = 0; i < p->map.n_tracks; i++)
		sum->extra_tracks += p->map.tracks[i].extra;
}

static void prep_release(struct prep *p)
{
	if (p->od) {
		/* the signal handler lets go first: abort frees p->od */
		if (p->o->on_outdir)
			p->o->on_outdir(NULL, p->o->user);
		outdir_abort(p->od);
	}
	for (size_t i = 0; i < p->rep.n_clips; i++)
		free(p->hints ? p->hints[i] : NULL);
	free(p->hints);
	prep_report_release(&p->rep);
	mapping_release(&p->map);
	fixplan_release(&p->plan);
	pairs_release(&p->pairs);
	analysis_job_free(p->job);
	triage_free(p->decisions);
	session_free(p->s);
	template_free(p->t);
	free(p->first);
	free(p->mc);
	free(p->post_record);
	free(p->final_abs);
}

static enum err run(struct prep *p, struct prep_summary *sum, struct errbuf *eb)
{
	struct aaf_options ao;
	enum err e;

	if (!(p->final_abs = final_path(p->o->out_dir, eb)))
		return ERR_INVALID;
	if ((e = check_out(p, eb)) || (e = template_load(p->o->template_path, &p->t, NULL, eb)))
		return e;
	stage(p, PREP_STAGE_READ, 0, 0);
	aaf_options_init(&ao);
	ao.media_dirs = p->o->media_dirs;
	ao.n_media_dirs = p->o->n_media_dirs;
	if ((e = aaf_read_file(p->o->aaf, &ao, &p->s, eb)) || (e = check_originals(p, eb)) ||
	    (e = load_decisions(p, eb)))
		return e;
	if ((e = outdir_begin(p->o->out_dir, p->o->force, &p->od, eb)))
		return e;
	if (p->o->on_outdir)
		p->o->on_outdir(p->od, p->o->user);
	if ((e = analyse(p, eb)))
		return e;
	build_records(p);
	plan_fixes(p);
	surviving(p);
	if ((e = apply_fixes(p, eb)))
		return e;
	stage(p, PREP_STAGE_MAP, 0, 0);
	map_clips(p);
	if ((e = mapping_apply(&p->map, p->t, p->mc, p->n_mc, p->s, eb)))
		return e;
	session_prune_media(p->s);
	offline_embedded(p);
	if ((e = write_outputs(p, sum, eb)))
		return e;
	summarise(p, sum);
	stage(p, PREP_STAGE_COMMIT, 0, 0);
	e = outdir_commit(p->od, eb);
	p->od = NULL;
	if (p->o->on_outdir)
		p->o->on_outdir(NULL, p->o->user);
	return e;
}

enum err prep_run(const struct prep_options *o, struct prep_summary *sum, struct errbuf *eb)
{
	struct prep p;
	enum err e;

	memset(&p, 0, sizeof(p));
	memset(sum, 0, sizeof(*sum));
	p.o = o;
	e = run(&p, sum, eb);
	prep_release(&p);
	if (e)
		prep_summary_release(sum);
	return e;
}

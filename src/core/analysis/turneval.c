/* turneval.c: the classifier on AAF turnovers with ground truth. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaf/aaf.h"
#include "analysis/classify.h"
#include "analysis/turneval.h"
#include "scan.h"
#include "xalloc.h"

#define C CLIP_CLASS_COUNT
#define TRUTH_SUFFIX ".truth.json"

void turneval_init(struct turneval *te)
{
	memset(te, 0, sizeof(*te));
}

void turneval_release(struct turneval *te)
{
	for (size_t i = 0; i < te->n_turnovers; i++)
		free(te->turnovers[i]);
	for (size_t i = 0; i < te->n_clips; i++) {
		free(te->clips[i].media);
		free(te->clips[i].error);
	}
	for (size_t i = 0; i < te->n_problems; i++)
		free(te->problems[i]);
	free(te->turnovers);
	free(te->clips);
	free(te->problems);
	turneval_init(te);
}

static void add_problem(struct turneval *te, char *msg)
{
	te->problems = xreallocarray(te->problems, te->n_problems + 1, sizeof(char *));
	te->problems[te->n_problems++] = msg;
}

static struct turneval_clip *new_clip(struct turneval *te)
{
	struct turneval_clip *tc;

	if (te->n_clips == te->alloc_clips) {
		te->alloc_clips = te->alloc_clips ? 2 * te->alloc_clips : 64;
		te->clips = xreallocarray(te->clips, te->alloc_clips, sizeof(*te->clips));
	}
	tc = &te->clips[te->n_clips++];
	memset(tc, 0, sizeof(*tc));
	tc->truth = CLIP_CLASS_COUNT;
	tc->fold = -1;
	return tc;
}

/* Index into s->tracks of audio track number (from 1); SIZE_MAX if none. */
static size_t audio_track(const struct session *s, int64_t number)
{
	for (size_t i = 0; i < s->n_tracks && number > 0; i++)
		if (s->tracks[i].kind == TRACK_KIND_AUDIO && --number == 0)
			return i;
	return SIZE_MAX;
}

static int64_t get_int(const struct json_value *o, const char *key)
{
	int64_t v;

	return json_as_int64(json_get(o, key), &v) && v >= 1 && v <= INT32_MAX ? v : 0;
}

/* Takes the job's answer for clip k of session track t into tc. */
static void take_answer(struct turneval_clip *tc, const struct session *s,
			const struct analysis_job *j, size_t t, size_t k)
{
	const struct clip_analysis *ca = analysis_job_clip(j, t, k);
	const struct clip *cl = &s->tracks[t].clips[k];
	double rate = rational_to_double(s->tracks[t].edit_rate);

	tc->seconds = rate > 0 ? (double)cl->length_eu / rate : 0;
	if (!ca || !ca->done) {
		tc->error = xstrdup("not analysed");
	} else if (ca->err != ERR_OK) {
		tc->error = xstrdup(ca->error ? ca->error : err_str(ca->err));
	} else {
		tc->analysed = true;
		tc->pred = ca->result.cls;
		tc->confidence = ca->result.confidence;
		tc->problems = ca->result.problems;
		tc->features = ca->result.features;
	}
}

static void add_clip(struct turneval *te, const struct session *s, const struct analysis_job *j,
		     const struct json_value *jc)
{
	struct turneval_clip *tc = new_clip(te);
	const char *cls = json_as_string(json_get(jc, "class"));
	const char *media = json_as_string(json_get(jc, "media"));
	size_t t;

	tc->turnover = te->n_turnovers - 1;
	tc->track = (int)get_int(jc, "track");
	tc->index = (int)get_int(jc, "index");
	tc->media = media ? xstrdup(media) : NULL;
	tc->truth = cls ? clip_class_parse(cls) : CLIP_CLASS_COUNT;
	t = audio_track(s, tc->track);
	if (tc->truth == CLIP_CLASS_COUNT)
		tc->error = xasprintf("the truth gives no known class ('%s')", cls ? cls : "");
	else if (t == SIZE_MAX)
		tc->error = xasprintf("no audio track %d", tc->track);
	else if (tc->index < 1 || (size_t)tc->index > s->tracks[t].n_clips)
		tc->error = xasprintf("no clip %d on audio track %d", tc->index, tc->track);
	else
		take_answer(tc, s, j, t, (size_t)tc->index - 1);
}

void turneval_add(struct turneval *te, const char *name, const struct session *s,
		  const struct analysis_job *j, const struct json_value *truth)
{
	const struct json_value *clips = json_get(truth, "clips");

	te->turnovers = xreallocarray(te->turnovers, te->n_turnovers + 1, sizeof(char *));
	te->turnovers[te->n_turnovers++] = xstrdup(name);
	for (size_t i = 0; i < json_length(clips); i++)
		add_clip(te, s, j, json_at(clips, i));
}

/* ---- reading a folder ------------------------------------------------------ */

/* NAME.truth.json for NAME.aaf (any case of the extension). */
static char *truth_path(const char *aaf)
{
	size_t len = strlen(aaf);

	return xasprintf("%.*s%s", (int)(len >= 4 ? len - 4 : len), aaf, TRUTH_SUFFIX);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Reads, analyses and scores one AAF; one that cannot be read is listed
 * as a problem. */
static void run_one(struct turneval *te, const char *dir, const char *aaf,
		    const struct json_value *truth, const struct classifier *model,
		    const struct analysis_options *ao)
{
	const char *const dirs[] = { dir };
	struct aaf_options opt;
	struct session *s = NULL;
	struct analysis_job *j;
	struct errbuf eb;

	errbuf_init(&eb);
	aaf_options_init(&opt);
	opt.media_dirs = dirs;
	opt.n_media_dirs = 1;
	if (aaf_read_file(aaf, &opt, &s, &eb)) {
		add_problem(te, xasprintf("%s: %s", base_name(aaf), errbuf_msg(&eb)));
		return;
	}
	j = analysis_job_new(s, model, ao);
	errbuf_init(&eb);
	if (analysis_job_run(j, &eb))
		add_problem(te, xasprintf("%s: %s", base_name(aaf), errbuf_msg(&eb)));
	turneval_add(te, base_name(aaf), s, j, truth);
	analysis_job_free(j);
	session_free(s);
}

enum err turneval_run(struct turneval *te, const char *dir, const struct classifier *model,
		      const struct analysis_options *ao, struct errbuf *eb)
{
	struct scan_result sr;
	size_t before = te->n_turnovers;

	scan_result_init(&sr);
	scan_paths(&dir, 1, &sr);
	for (size_t i = 0; i < sr.n_files; i++) {
		char *tp = truth_path(sr.files[i]);
		struct json_value *truth;
		struct errbuf teb;
		enum err e;

		errbuf_init(&teb);
		e = json_load_file(tp, &truth, &teb);
		if (e == ERR_OK)
			run_one(te, dir, sr.files[i], truth, model, ao);
		else if (e != ERR_NOT_FOUND)	/* an AAF without truth is not a problem */
			add_problem(te, xasprintf("%s: %s", base_name(tp), errbuf_msg(&teb)));
		json_free(truth);
		free(tp);
	}
	for (size_t i = 0; i < sr.n_problems; i++)
		add_problem(te, xstrdup(sr.problems[i]));
	scan_result_release(&sr);
	if (te->n_turnovers == before)
		return err_set(eb, ERR_NOT_FOUND, "no AAF with ground truth (NAME%s) in '%s'",
			       TRUTH_SUFFIX, dir);
	return ERR_OK;
}

/* ---- held-out models ----------------------------------------------------------- */

struct source_map {
	char **media;		/* media file name -> */
	int *item;		/* corpus item, -1 none */
	size_t n;
};

static void add_source(const char *key, int item, void *user)
{
	struct source_map *sm = user;

	sm->media = xreallocarray(sm->media, sm->n + 1, sizeof(char *));
	sm->item = xreallocarray(sm->item, sm->n + 1, sizeof(int));
	sm->media[sm->n] = xstrdup(key);
	sm->item[sm->n++] = item;
}

/* The corpus item media was cut from; -1 if none. */
static int source_of(const struct source_map *sm, const char *media)
{
	for (size_t i = 0; media && i < sm->n; i++)
		if (!strcmp(sm->media[i], media))
			return sm->item[i];
	return -1;
}

struct fold_keep {
	const struct corpus *c;
	const int *fold_of_group;
	int k;
};

static bool outside(size_t item, const void *user)
{
	const struct fold_keep *fk = user;

	return fk->fold_of_group[fk->c->items[item].group] != fk->k;
}

/* Fold k's model, trained on first use. */
static const struct classifier *fold_model(struct classifier **models, int k,
					   const struct corpus *c, const double *v, int variants,
					   const bool *ok, const struct evaluate_opts *o,
					   const int *fold_of_group)
{
	if (!models[k]) {
		struct fold_keep fk = { c, fold_of_group, k };
		struct train_opts to = o->train;

		to.seed = evaluate_fold_seed(o, k);
		models[k] = evaluate_fit(c, v, variants, ok, outside, &fk, &to);
	}
	return models[k];
}

/* Clip tc again with the model of the fold that holds item. */
static void rejudge(struct turneval_clip *tc, int item, struct classifier **models,
		    const struct corpus *c, const double *v, int variants, const bool *ok,
		    const struct evaluate_opts *o, const int *fold_of_group)
{
	const struct classifier *m;
	struct analysis_result r;

	if (item < 0 || !ok[item]) {
		tc->analysed = false;
		tc->error = xasprintf("'%s': no source recording read in the corpus",
				      tc->media ? tc->media : "");
		return;
	}
	tc->fold = fold_of_group[c->items[item].group];
	m = fold_model(models, tc->fold, c, v, variants, ok, o, fold_of_group);
	if (!m) {
		tc->analysed = false;
		tc->error = xasprintf("no model for fold %d", tc->fold + 1);
		return;
	}
	classify_features(m, &tc->features, &r);
	tc->pred = r.cls;
	tc->confidence = r.confidence;
}

enum err turneval_held_out(struct turneval *te, const char *sources, const struct corpus *c,
			   const double *v, int variants, const bool *ok,
			   const struct evaluate_opts *o, struct errbuf *eb)
{
	struct source_map sm = { NULL, NULL, 0 };
	struct classifier **models = xcalloc((size_t)o->folds, sizeof(*models));
	int *fold_of_group = xcalloc((size_t)c->n_groups + 1, sizeof(int));
	enum err e = corpus_read_map(c, sources, "media", "corpus_file", add_source, &sm, eb);

	if (e == ERR_OK) {
		evaluate_assign_folds(c, o, fold_of_group);
		for (size_t i = 0; i < te->n_clips; i++)
			if (te->clips[i].analysed)
				rejudge(&te->clips[i], source_of(&sm, te->clips[i].media), models, c, v,
					variants, ok, o, fold_of_group);
		te->held_out_folds = o->folds;
	}
	for (int k = 0; k < o->folds; k++)
		classifier_free(models[k]);
	for (size_t i = 0; i < sm.n; i++)
		free(sm.media[i]);
	free(sm.media);
	free(sm.item);
	free(models);
	free(fold_of_group);
	return e;
}

/* ---- figures and report ------------------------------------------------------ */

void turneval_metrics(const struct turneval *te, size_t t, struct evaluate_metrics *m)
{
	struct evaluate_tally tally;

	evaluate_tally_init(&tally);
	for (size_t i = 0; i < te->n_clips; i++) {
		const struct turneval_clip *tc = &te->clips[i];

		if (tc->analysed && (t == SIZE_MAX || tc->turnover == t))
			evaluate_tally_add(&tally, (int)tc->truth, (int)tc->pred, tc->confidence);
	}
	evaluate_tally_finish(&tally, m);
}

static void per_turnover(const struct turneval *te, struct strbuf *sb)
{
	strbuf_addstr(sb, "| turnover | clips | analysed | accuracy | coverage | errors/confident |\n"
		      "|---|---:|---:|---:|---:|---:|\n");
	for (size_t t = 0; t < te->n_turnovers; t++) {
		struct evaluate_metrics m;
		size_t n = 0;

		for (size_t i = 0; i < te->n_clips; i++)
			n += te->clips[i].turnover == t;
		turneval_metrics(te, t, &m);
		strbuf_addf(sb, "| %s | %zu | %zu | %.1f%% | %.1f%% | %zu/%zu |\n", te->turnovers[t],
			    n, m.n, 100 * m.accuracy, 100 * m.coverage, m.confident_wrong,
			    m.confident);
	}
	strbuf_addstr(sb, "\n");
}

static void clip_cells(const struct turneval *te, const struct turneval_clip *tc,
		       struct strbuf *sb)
{
	strbuf_addf(sb, "| %s | A%d.%d | %s | %.2f s | %s |", te->turnovers[tc->turnover],
		    tc->track, tc->index, tc->media ? tc->media : "", tc->seconds,
		    tc->truth < C ? clip_class_name(tc->truth) : "?");
}

static void not_analysed(const struct turneval *te, struct strbuf *sb)
{
	bool any = false;

	for (size_t i = 0; i < te->n_clips; i++) {
		const struct turneval_clip *tc = &te->clips[i];

		if (tc->analysed)
			continue;
		if (!any)
			strbuf_addstr(sb, "Clips not analysed:\n\n| turnover | clip | media | length"
				      " | class | why |\n|---|---|---|---:|---|---|\n");
		any = true;
		clip_cells(te, tc, sb);
		strbuf_addf(sb, " %s |\n", tc->error ? tc->error : "");
	}
	if (any)
		strbuf_addstr(sb, "\n");
}

/* The answers that are wrong (unsure: false) or right but not confident
 * (unsure: true). */
static void answers(const struct turneval *te, bool unsure, struct strbuf *sb)
{
	strbuf_addf(sb, "%s:\n\n| turnover | clip | media | length | class | predicted"
		    " | confidence |\n|---|---|---|---:|---|---|---:|\n", unsure ?
		    "Right answers with a confidence under 0.90" : "Wrong answers");
	for (size_t i = 0; i < te->n_clips; i++) {
		const struct turneval_clip *tc = &te->clips[i];

		if (!tc->analysed || (tc->pred == tc->truth) != unsure ||
		    (unsure && tc->confidence >= EVALUATE_CONFIDENT))
			continue;
		clip_cells(te, tc, sb);
		strbuf_addf(sb, " %s | %.3f |\n", clip_class_name(tc->pred), tc->confidence);
	}
}

void turneval_report(const struct turneval *te, struct strbuf *out)
{
	struct evaluate_metrics m;

	turneval_metrics(te, SIZE_MAX, &m);
	strbuf_addf(out, "%zu turnover(s), %zu clip(s) in the ground truth, %zu analysed.\n\n",
		    te->n_turnovers, te->n_clips, m.n);
	if (te->held_out_folds)
		strbuf_addf(out, "Each clip judged by the model of the %d-fold cross-validation that "
			    "did not see its source recording.\n\n", te->held_out_folds);
	for (size_t i = 0; i < te->n_problems; i++)
		strbuf_addf(out, "- problem: %s\n%s", te->problems[i],
			    i + 1 == te->n_problems ? "\n" : "");
	evaluate_report_metrics(&m, out);
	per_turnover(te, out);
	not_analysed(te, out);
	answers(te, false, out);
	strbuf_addstr(out, "\n");
	answers(te, true, out);
}

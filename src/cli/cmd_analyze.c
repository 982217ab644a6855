/*
 * cmd_analyze.c: `turnover analyze INPUT... [--media DIR]... [--json]
 * [--jobs N]`: classify every clip of AAF compositions, or audio files
 * (each file one clip).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aaf/aaf.h"
#include "analysis/findings.h"
#include "analysis/health.h"
#include "analysis/job.h"
#include "analysis/loudness.h"
#include "analysis/pairs.h"
#include "analysis/stereo.h"
#include "commands.h"
#include "inputs.h"
#include "json.h"
#include "media/fileset.h"
#include "strbuf.h"
#include "timecode.h"
#include "xalloc.h"
#include "xdg.h"

struct analyze_opts {
	const char **dirs;
	size_t n_dirs;
	int json, jobs, verbose, no_cache;
	const char *cache;
	const char *model;
};

static void usage(FILE *fp)
{
	fprintf(fp, "usage: turnover analyze INPUT... [--media DIR]... [--json] [--jobs N]\n"
		    "                        [--cache DIR | --no-cache] [--model FILE]\n");
}

/* The cache folder: --cache, else $XDG_CACHE_HOME/turnover, else
 * ~/.cache/turnover; NULL for none.  The caller frees it. */
static char *cache_dir(const struct analyze_opts *o)
{
	if (o->no_cache)
		return NULL;
	return o->cache ? xstrdup(o->cache) : xdg_dir(XDG_CACHE);
}

static void progress(struct analysis_job *j, bool tty)
{
	size_t done, total;
	struct timespec ts = { 0, 100 * 1000 * 1000 };

	for (;;) {
		analysis_job_progress(j, &done, &total);
		if (tty) {
			int bar = total ? (int)(40 * done / total) : 40;

			fprintf(stderr, "\ranalysing [%.*s%*s] %zu/%zu", bar,
				"########################################", 40 - bar, "", done, total);
		}
		if (done >= total)
			break;
		nanosleep(&ts, NULL);
	}
	if (tty)
		fputc('\n', stderr);
}

static void write_scores(struct json_writer *w, const struct analysis_result *r)
{
	json_key(w, "scores");
	json_begin_object(w);
	for (int c = 0; c < CLIP_CLASS_COUNT; c++) {
		json_key(w, clip_class_name((enum clip_class)c));
		json_double_prec(w, r->scores[c], 4);
	}
	json_end_object(w);
}

static void write_problem(struct json_writer *w, const char *code, const char *severity,
			  const char *message)
{
	json_begin_object(w);
	json_key(w, "code");
	json_string(w, code);
	json_key(w, "severity");
	json_string(w, severity);
	json_key(w, "message");
	json_string(w, message);
	json_end_object(w);
}

static void write_flags(struct json_writer *w, const struct session *s, size_t t, size_t k,
			const struct clip_analysis *a, const struct findings *f)
{
	unsigned own;

	json_key(w, "tags");
	json_begin_array(w);
	for (unsigned b = 0; a && !a->err && b < ANALYSIS_TAG_COUNT; b++)
		if (a->result.tags & (1u << b))
			json_string(w, analysis_tag_name(1u << b));
	json_end_array(w);
	json_key(w, "problems");
	json_begin_array(w);
	if (a && a->err)
		write_problem(w, a->err == ERR_MEDIA_MISSING ? "media_missing" : "media_unreadable",
			      "error", a->error);
	own = a && !a->err ? findings_own_problems(f, s, t, k, a->result.problems) : 0;
	for (unsigned b = 0; b < ANALYSIS_PROBLEM_COUNT; b++)
		if (own & (1u << b))
			write_problem(w, analysis_problem_name(1u << b), "warning",
				      analysis_problem_name(1u << b));
	for (size_t i = 0; i < f->health.n; i++) {
		const struct health_problem *p = &f->health.v[i];

		/* a missing or unreadable file is already the clip's own error above */
		if (!findings_concerns(p, s, t, k) || (a && a->err && (p->code == HEALTH_MEDIA_MISSING ||
								      p->code == HEALTH_MEDIA_UNREADABLE)))
			continue;
		write_problem(w, health_code_name(p->code), health_severity_name(p->severity),
			      p->detail ? p->detail : health_code_text(p->code));
	}
	json_end_array(w);
}

static void write_clip(struct json_writer *w, struct input *in, size_t t, size_t k,
		       const struct clip_analysis *a, const struct findings *f)
{
	size_t i = f->first[t] + k;
	const struct track *tr = &in->s->tracks[t];
	const struct clip *c = &tr->clips[k];

	json_begin_object(w);
	json_key(w, "id");
	json_string(w, input_clip_id(in, t, k));
	json_key(w, "path");
	json_string(w, a ? a->path : NULL);
	if (in->is_aaf) {
		json_key(w, "track");
		json_int(w, tr->index);
		json_key(w, "start");
		json_int(w, c->start);
	}
	json_key(w, "name");
	json_string(w, c->name);
	json_key(w, "length");
	json_int(w, c->length);
	json_key(w, "class");
	json_string(w, a && !a->err ? clip_class_name(a->result.cls) : NULL);
	json_key(w, "confidence");
	if (a && !a->err)
		json_double_prec(w, a->result.confidence, 4);
	else
		json_null(w);
	if (a && !a->err)
		write_scores(w, &a->result);
	write_flags(w, in->s, t, k, a, f);
	json_key(w, "channels");
	if (f->has_stereo[i])
		stereo_json_write(w, &f->stereo[i]);
	else
		json_null(w);
	json_key(w, "loudness");
	if (f->has_loud[i])
		loud_json_write(w, &f->loud[i]);
	else
		json_null(w);
	json_end_object(w);
}

static void print_row(struct input *in, size_t t, size_t k, const struct clip_analysis *a)
{
	const struct track *tr = &in->s->tracks[t];
	const struct clip *c = &tr->clips[k];
	char tc[TIMECODE_BUFSZ] = "";

	if (in->is_aaf)
		timecode_format_samples((struct timecode_fmt){ in->s->tc_fps, in->s->drop_frame },
					in->s->edit_rate, c->start, in->s->sample_rate, tc, sizeof(tc));
	printf("%-8s %-11s %-28.28s ", input_clip_id(in, t, k), tc, c->name ? c->name : "");
	if (!a || a->err) {
		printf("%-9s %-5s %s\n", "-", "-", a && a->error ? a->error : "not analysed");
		return;
	}
	printf("%-9s %5.2f%s", clip_class_name(a->result.cls), a->result.confidence,
	       a->result.confidence < 0.9 ? " ?" : "  ");
	for (unsigned b = 0; b < ANALYSIS_TAG_COUNT; b++)
		if (a->result.tags & (1u << b))
			printf(" [%s]", analysis_tag_name(1u << b));
	for (unsigned b = 0; b < ANALYSIS_PROBLEM_COUNT; b++)
		if (a->result.problems & (1u << b))
			printf(" !%s", analysis_problem_name(1u << b));
	putchar('\n');
}

static void write_pairs(struct json_writer *w, struct input *in, const struct findings *f)
{
	for (size_t i = 0; i < f->pairs.n; i++) {
		const struct pair *p = &f->pairs.v[i];

		json_begin_object(w);
		json_key(w, "left");
		json_string(w, input_clip_id(in, p->left.track, p->left.clip));
		json_key(w, "right");
		json_string(w, input_clip_id(in, p->right.track, p->right.clip));
		json_key(w, "evidence");
		json_begin_array(w);
		for (unsigned b = 0; b < PAIR_EVIDENCE_COUNT; b++)
			if (p->check.evidence & (1u << b))
				json_string(w, pair_evidence_name(1u << b));
		json_end_array(w);
		json_key(w, "confidence");
		json_double_prec(w, p->check.confidence, 4);
		json_end_object(w);
	}
}

static int analyse_input(struct input *in, const struct classifier *model,
			 const struct analyze_opts *o, struct json_writer *w,
			 struct json_writer *pw)
{
	struct findings f;
	struct findings_options fo;
	struct analysis_options ao;
	struct analysis_job *j;
	char *cache = cache_dir(o);
	struct errbuf eb;
	int status = 0;

	analysis_options_init(&ao);
	ao.jobs = o->jobs;
	ao.cache_dir = cache;
	j = analysis_job_new(in->s, model, &ao);
	errbuf_init(&eb);
	if (analysis_job_start(j, &eb) != ERR_OK) {
		cli_error("analyze: %s", errbuf_msg(&eb));
		status = 1;
	} else {
		progress(j, !o->json && isatty(STDERR_FILENO));
		analysis_job_run(j, &eb);
	}
	findings_options_init(&fo);
	fo.jobs = o->jobs;
	findings_run(&f, in->s, &fo);
	if (!o->json && in->is_aaf)
		printf("%s\n", in->s->file);
	for (size_t t = 0; t < in->s->n_tracks; t++)
		for (size_t k = 0; in->s->tracks[t].kind == TRACK_KIND_AUDIO &&
		     k < in->s->tracks[t].n_clips; k++) {
			const struct clip_analysis *a = analysis_job_clip(j, t, k);

			if (o->json)
				write_clip(w, in, t, k, a, &f);
			else
				print_row(in, t, k, a);
			if (!a || a->err)
				status = status ? status : 3;
		}
	if (o->json)
		write_pairs(pw, in, &f);
	else
		for (size_t i = 0; i < f.pairs.n; i++) {
			printf("pair     %s", input_clip_id(in, f.pairs.v[i].left.track,
						       f.pairs.v[i].left.clip));
			printf(" + %s (split stereo, confidence %.2f)\n",
			       input_clip_id(in, f.pairs.v[i].right.track, f.pairs.v[i].right.clip),
			       f.pairs.v[i].check.confidence);
		}
	findings_release(&f);
	analysis_job_free(j);
	free(cache);
	return status;
}

static int parse(int argc, char **argv, struct analyze_opts *o)
{
	static const struct option longopts[] = {
		{ "media", required_argument, NULL, 'm' },
		{ "json", no_argument, NULL, 'j' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "cache", required_argument, NULL, 'c' },
		{ "no-cache", no_argument, NULL, 'C' },
		{ "model", required_argument, NULL, 'M' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "m:jJ:vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			o->dirs = xreallocarray(o->dirs, o->n_dirs + 1, sizeof(*o->dirs));
			o->dirs[o->n_dirs++] = optarg;
			break;
		case 'j': o->json = 1; break;
		case 'J':
			o->jobs = atoi(optarg);
			if (o->jobs < 1 || o->jobs > 64) {
				cli_error("analyze: --jobs takes 1 to 64");
				return 2;
			}
			break;
		case 'c': o->cache = optarg; break;
		case 'C': o->no_cache = 1; break;
		case 'M': o->model = optarg; break;
		case 'v': o->verbose = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	return -1;
}

int cmd_analyze(int argc, char **argv)
{
	struct analyze_opts o;
	struct classifier *model;
	struct strbuf out = STRBUF_INIT, pout = STRBUF_INIT;
	struct json_writer w, pw;
	struct errbuf eb;
	int status, rc = 0;

	memset(&o, 0, sizeof(o));
	status = parse(argc, argv, &o);
	if (status >= 0) {
		free(o.dirs);
		return status;
	}
	cli_setup_log(o.verbose);
	errbuf_init(&eb);
	model = o.model ? classifier_load(o.model, &eb) : classifier_load_default(&eb);
	if (!model) {
		cli_error("analyze: %s", errbuf_msg(&eb));
		free(o.dirs);
		return 1;
	}
	json_writer_init(&w, &out, true);
	/* the pairs are written aside while the clips go by, as the value of
	 * the document's last key */
	json_writer_init(&pw, &pout, true);
	pw.depth = 1;
	pw.last = ':';
	json_begin_array(&pw);
	if (o.json) {
		json_begin_object(&w);
		json_key(&w, "version");
		json_int(&w, 1);
		json_key(&w, "clips");
		json_begin_array(&w);
	}
	/* each AAF on its own, then every audio file together */
	{
		const char **files = xcalloc((size_t)argc, sizeof(*files));
		size_t n_files = 0;
		struct input in;

		for (int i = optind; i < argc; i++) {
			if (!fileset_is_aaf(argv[i])) {
				files[n_files++] = argv[i];
				continue;
			}
			errbuf_init(&eb);
			if (input_open_aaf(&in, argv[i], o.dirs, o.n_dirs, &eb) != ERR_OK) {
				cli_error("%s: %s", argv[i], errbuf_msg(&eb));
				rc = 1;
				continue;
			}
			status = analyse_input(&in, model, &o, &w, &pw);
			rc = rc ? rc : status;
			input_release(&in);
		}
		if (n_files) {
			input_open_files(&in, files, n_files);
			status = analyse_input(&in, model, &o, &w, &pw);
			rc = rc ? rc : status;
			input_release(&in);
		}
		free(files);
	}
	json_end_array(&pw);
	if (o.json) {
		json_end_array(&w);
		json_key(&w, "pairs");
		strbuf_add(&out, pout.buf, pout.len);
		w.last = 'v';
		json_end_object(&w);
		fputs(strbuf_str(&out), stdout);
		putchar('\n');
	}
	strbuf_release(&out);
	strbuf_release(&pout);
	classifier_free(model);
	free(o.dirs);
	return rc;
}

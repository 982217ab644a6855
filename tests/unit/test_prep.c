/*
 * test_prep.c: prep_run() end to end.
 *
 *  - round trip: the demo turnover (skipped when its packages are not
 *    installed) prepped with the film/TV template; the output AAF read
 *    back; every clip of report.json found on its template track at its
 *    position with its source, and nothing else there;
 *  - the test turnovers ($TURNOVER_SHARED/turnovers, skipped when absent):
 *    at least 95% of clips on a track of their true class (the
 *    .truth.json files), none on a track of another class, every clip
 *    below the threshold on the review track; the figure is printed;
 *  - every AAF in $TURNOVER_SHARED/aaf preps without failing.
 * The analysis cache lives in the build tree ($TURNOVER_BUILDDIR).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "aaf/aaf.h"
#include "conform.h"
#include "demo/demo.h"
#include "json.h"
#include "prep.h"
#include "strbuf.h"
#include "template.h"
#include "xalloc.h"

static char tmpdir[] = "/tmp/test_prep.XXXXXX";
static struct classifier *model;
static char *cache;

static const char *srcdir(void)
{
	const char *s = getenv("TURNOVER_SRCDIR");

	return s && *s ? s : ".";
}

static enum err run_prep(const char *aaf, const char *tmpl, const char *out, struct errbuf *eb)
{
	struct prep_options o;
	struct prep_summary sum;
	char *tpath = xasprintf("%s/templates/%s.ini", srcdir(), tmpl);
	enum err e;

	prep_options_init(&o);
	o.aaf = aaf;
	o.template_path = tpath;
	o.out_dir = out;
	o.jobs = 2;
	o.cache_dir = cache;
	o.model = model;
	o.decisions = NULL;	/* the browser's file beside the AAF, if any */
	o.state_dir = NULL;
	errbuf_init(eb);
	e = prep_run(&o, &sum, eb);
	prep_summary_release(&sum);
	free(tpath);
	return e;
}

static struct json_value *load_json(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	struct json_value *v = NULL;
	struct errbuf eb;
	char buf[4096];
	size_t n;

	assert_non_null(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	errbuf_init(&eb);
	if (json_parse(strbuf_str(&sb), sb.len, &v, &eb) != ERR_OK)
		fail_msg("%s: %s", path, errbuf_msg(&eb));
	strbuf_release(&sb);
	return v;
}

static const char *str_of(const struct json_value *o, const char *key)
{
	const char *s = json_as_string(json_get(o, key));

	return s ? s : "";
}

static int64_t int_of(const struct json_value *o, const char *key)
{
	int64_t v = -1;

	json_as_int64(json_get(o, key), &v);
	return v;
}

/* ---- round trip ------------------------------------------------------------ */

static const struct track *track_named(const struct session *s, const char *name)
{
	for (size_t i = 0; i < s->n_tracks; i++)
		if (s->tracks[i].name && !strcmp(s->tracks[i].name, name))
			return &s->tracks[i];
	return NULL;
}

static const struct track *audio_track(const struct session *s, int64_t number)
{
	for (size_t i = 0; i < s->n_tracks; i++)
		if (s->tracks[i].kind == TRACK_KIND_AUDIO && s->tracks[i].index == number)
			return &s->tracks[i];
	return NULL;
}

/* Fixes applied to report clip rc. */
static size_t applied_fixes(const struct json_value *rc)
{
	const struct json_value *fx = json_get(rc, "fixes");
	size_t n = 0;

	for (size_t i = 0; i < json_length(fx); i++) {
		bool applied = false;

		json_as_bool(json_get(json_at(fx, i), "applied"), &applied);
		n += applied;
	}
	return n;
}

/* Finds report clip rc on its track of out; marks it seen. */
static bool find_clip(const struct session *out, const struct session *in,
		      const struct json_value *rc, bool *seen, size_t *first)
{
	const struct track *t = track_named(out, str_of(rc, "template_track"));
	const struct track *it = audio_track(in, int_of(rc, "source_track"));
	const struct clip *ic;

	if (!t || !it || int_of(rc, "source_index") < 1 ||
	    (size_t)int_of(rc, "source_index") > it->n_clips)
		return false;
	ic = &it->clips[int_of(rc, "source_index") - 1];
	for (size_t k = 0; k < t->n_clips; k++) {
		const struct clip *c = &t->clips[k];
		const struct media *m = c->sources[0].media >= 0 ? &out->media[c->sources[0].media] : NULL;
		const struct media *im = ic->sources[0].media >= 0 ? &in->media[ic->sources[0].media] : NULL;
		size_t idx = first[t - out->tracks] + k;

		if (c->start != ic->start || c->length != ic->length || seen[idx])
			continue;
		if ((ic->name || c->name) && (!ic->name || !c->name || strcmp(ic->name, c->name)))
			continue;
		/* the same file, or the fixed one the report names */
		if (!m || !im || (strcmp(m->name, im->name) && applied_fixes(rc) == 0))
			continue;
		if (c->source_offset != ic->source_offset || c->gain_db != ic->gain_db)
			continue;
		seen[idx] = true;
		return true;
	}
	return false;
}

static void round_trip(const char *aaf, const char *stem, const char *out_dir)
{
	char *out_aaf = xasprintf("%s/%s.aaf", out_dir, stem);
	char *report = xasprintf("%s/report.json", out_dir);
	struct session *in = NULL, *out = NULL;
	struct aaf_options ao;
	struct json_value *r = load_json(report);
	const struct json_value *clips = json_get(r, "clips");
	size_t total = 0, *first, found = 0, joined = 0, in_clips = 0;
	bool *seen;
	struct errbuf eb;

	aaf_options_init(&ao);
	errbuf_init(&eb);
	assert_int_equal(aaf_read_file(aaf, &ao, &in, &eb), ERR_OK);
	assert_int_equal(aaf_read_file(out_aaf, &ao, &out, &eb), ERR_OK);
	for (size_t i = 0; i < in->n_tracks; i++)
		in_clips += in->tracks[i].kind == TRACK_KIND_AUDIO ? in->tracks[i].n_clips : 0;
	first = xcalloc(out->n_tracks + 1, sizeof(*first));
	for (size_t i = 0; i < out->n_tracks; i++) {
		first[i] = total;
		total += out->tracks[i].n_clips;
	}
	seen = xcalloc(total + 1, sizeof(*seen));
	assert_int_equal(json_length(clips), in_clips);
	for (size_t i = 0; i < json_length(clips); i++) {
		const struct json_value *rc = json_at(clips, i);
		const struct json_value *fx = json_get(rc, "fixes");

		if (json_length(fx) && json_as_string(json_get(json_at(fx, 0), "detail")) &&
		    strstr(json_as_string(json_get(json_at(fx, 0), "detail")), "right half")) {
			joined++;	/* inside its left half's clip */
			continue;
		}
		if (!find_clip(out, in, rc, seen, first))
			fail_msg("clip A%lld.%lld '%s' not found on '%s'",
				 (long long)int_of(rc, "source_track"),
				 (long long)int_of(rc, "source_index"), str_of(rc, "name"),
				 str_of(rc, "template_track"));
		found++;
	}
	assert_int_equal(found, total);	/* nothing else in the output */
	assert_int_equal(found + joined, in_clips);
	printf("round trip %s: %zu clips found on their tracks (%zu joined pairs)\n", stem, found,
	       joined);
	free(seen);
	free(first);
	json_free(r);
	session_free(in);
	session_free(out);
	free(out_aaf);
	free(report);
}

static void test_demo(void **state)
{
	char *demo = xasprintf("%s/demo", tmpdir), *aaf, *out = xasprintf("%s/out", tmpdir);
	struct demo_report dr;
	struct errbuf eb;

	(void)state;
	errbuf_init(&eb);
	memset(&dr, 0, sizeof(dr));
	if (demo_build(demo, &dr, &eb) != ERR_OK) {
		print_message("skip: %s\n", errbuf_msg(&eb));
		free(demo);
		free(out);
		skip();
	}
	aaf = xstrdup(dr.aaf);
	demo_report_release(&dr);
	if (run_prep(aaf, "film-tv", out, &eb) != ERR_OK)
		fail_msg("prep: %s", errbuf_msg(&eb));
	round_trip(aaf, "demo", out);
	/* again into the same folder: refused without force */
	assert_int_equal(run_prep(aaf, "film-tv", out, &eb), ERR_EXISTS);
	free(aaf);
	free(demo);
	free(out);
}

/* ---- the test turnovers against their truth ------------------------------ */

struct figures {
	size_t clips, right, wrong, review, uncertain_elsewhere;
};

static void score(const char *truth_path, const char *report_path, struct figures *f)
{
	struct json_value *truth = load_json(truth_path), *rep = load_json(report_path);
	const struct json_value *tc = json_get(truth, "clips"), *rc = json_get(rep, "clips");
	const struct json_value *tracks = json_get(rep, "tracks");
	double threshold = 0;

	json_as_double(json_get(rep, "threshold"), &threshold);
	for (size_t i = 0; i < json_length(rc); i++) {
		const struct json_value *c = json_at(rc, i), *t = NULL;
		const char *kind = "";
		double conf = -1;

		for (size_t k = 0; k < json_length(tc); k++)
			if (int_of(json_at(tc, k), "track") == int_of(c, "source_track") &&
			    int_of(json_at(tc, k), "index") == int_of(c, "source_index"))
				t = json_at(tc, k);
		for (size_t k = 0; k < json_length(tracks); k++)
			if (!strcmp(str_of(json_at(tracks, k), "name"), str_of(c, "template_track")))
				kind = str_of(json_at(tracks, k), "kind");
		assert_non_null(t);
		f->clips++;
		json_as_double(json_get(c, "confidence"), &conf);
		if (!strcmp(kind, "review"))
			f->review++;
		else if (template_kind_class(template_kind_parse(kind)) ==
			 clip_class_parse(str_of(t, "class")))
			f->right++;
		else
			f->wrong++;
		if (strcmp(kind, "review") && strcmp(str_of(c, "decided_by"), "human") &&
		    conf < threshold)
			f->uncertain_elsewhere++;
	}
	json_free(truth);
	json_free(rep);
}

static void test_turnovers(void **state)
{
	const char *shared = conform_shared_dir();
	struct figures f = { 0, 0, 0, 0, 0 };
	char *dir, **names;
	size_t n;

	(void)state;
	if (!shared)
		skip();
	dir = xasprintf("%s/turnovers", shared);
	names = conform_list(dir, ".truth.json", &n);
	if (!names || !n) {
		free(dir);
		conform_free_list(names, n);
		skip();
	}
	for (size_t i = 0; i < n; i++) {
		char *stem = xasprintf("%.*s", (int)(strlen(names[i]) - 11), names[i]);
		char *aaf = xasprintf("%s/%s.aaf", dir, stem), *out = xasprintf("%s/t_%s", tmpdir, stem);
		char *truth = xasprintf("%s/%s", dir, names[i]), *rep = xasprintf("%s/report.json", out);
		struct errbuf eb;

		if (run_prep(aaf, strncmp(stem, "spot", 4) ? "film-tv" : "commercial", out, &eb))
			fail_msg("%s: %s", aaf, errbuf_msg(&eb));
		score(truth, rep, &f);
		round_trip(aaf, stem, out);
		free(stem);
		free(aaf);
		free(out);
		free(truth);
		free(rep);
	}
	printf("turnovers: %zu clips, %zu (%.1f%%) on a track of their true class, %zu on review, "
	       "%zu on a track of another class, %zu uncertain off review\n", f.clips, f.right,
	       100.0 * (double)f.right / (double)(f.clips ? f.clips : 1), f.review, f.wrong,
	       f.uncertain_elsewhere);
	assert_true(f.clips > 0);
	assert_true(f.right * 100 >= f.clips * 95);
	assert_int_equal(f.uncertain_elsewhere, 0);
	conform_free_list(names, n);
	free(dir);
}

static void test_shared_aafs(void **state)
{
	const char *shared = conform_shared_dir();
	char *dir, **names;
	size_t n, ok = 0;

	(void)state;
	if (!shared)
		skip();
	dir = xasprintf("%s/aaf", shared);
	names = conform_list(dir, ".aaf", &n);
	if (!names || !n) {
		free(dir);
		conform_free_list(names, n);
		skip();
	}
	for (size_t i = 0; i < n; i++) {
		char *aaf = xasprintf("%s/%s", dir, names[i]), *out = xasprintf("%s/a%zu", tmpdir, i);
		struct errbuf eb;

		if (run_prep(aaf, "film-tv", out, &eb) != ERR_OK)
			print_message("FAIL: %s: %s\n", names[i], errbuf_msg(&eb));
		else
			ok++;
		free(aaf);
		free(out);
	}
	printf("shared AAFs: %zu of %zu prepped\n", ok, n);
	assert_int_equal(ok, n);
	conform_free_list(names, n);
	free(dir);
}

static int setup(void **state)
{
	const char *build = getenv("TURNOVER_BUILDDIR");
	struct errbuf eb;

	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	errbuf_init(&eb);
	model = classifier_load_default(&eb);
	if (!model) {
		print_message("%s\n", errbuf_msg(&eb));
		return -1;
	}
	cache = xasprintf("%s/tests/prep-cache", build && *build ? build : tmpdir);
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	(void)state;
	classifier_free(model);
	free(cache);
	if (system(cmd) != 0)
		print_message("cannot remove %s\n", tmpdir);
	free(cmd);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo),
		cmocka_unit_test(test_turnovers),
		cmocka_unit_test(test_shared_aafs),
	};
	return cmocka_run_group_tests_name("prep", tests, setup, teardown);
}

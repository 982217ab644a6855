/*
 * test_health.c: media and clip problems on files generated here
 * (missing, unreadable, truncated, empty, wrong rate, bit depth and
 * channel count, ranges past the data, channels the file lacks) and the
 * JSON shapes; and, when $TURNOVER_SHARED/turnovers exists, every
 * planted split pair, channel relation and media problem of the
 * turnovers' ground truth (NAME.truth.json), with no false pairs.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <sndfile.h>

#include "aaf/aaf.h"
#include "analysis/health.h"
#include "analysis/pairs.h"
#include "analysis/stereo.h"
#include "audiogen.h"
#include "media/url.h"
#include "sessgen.h"
#include "xalloc.h"

#define RATE 48000
#define WAV16 (SF_FORMAT_WAV | SF_FORMAT_PCM_16)
#define WAV24 (SF_FORMAT_WAV | SF_FORMAT_PCM_24)

static int setup(void **state)
{
	(void)state;
	audiogen_dir("health");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	audiogen_cleanup();
	return 0;
}

static double sig(int64_t i, int ch, int rate, void *user)
{
	(void)ch;
	(void)user;
	return sessgen_source(41, i, rate);
}

static size_t count(const struct health_report *r, enum health_code code, int media)
{
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += r->v[i].code == code && (media < 0 || r->v[i].media == media);
	return n;
}

/* A WAVE file cut to half its bytes: the header claims twice the data. */
static char *write_truncated(void)
{
	char *path = audiogen_write("cut.wav", WAV16, 1, RATE, 2 * RATE, sig, NULL);
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(truncate(path, st.st_size / 2), 0);
	return path;
}

static char *write_text(void)
{
	char *path = xasprintf("%s/junk.wav", audiogen_dir_path());
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs("not audio at all, just words\n", f);
	fclose(f);
	return path;
}

struct files {
	char *ok, *cut, *empty, *cd, *hi, *junk, *gone;
};

static void make_files(struct files *f)
{
	f->ok = audiogen_write("ok.wav", WAV16, 1, RATE, RATE, sig, NULL);
	f->cut = write_truncated();
	f->empty = audiogen_write("empty.wav", WAV16, 1, RATE, 0, sig, NULL);
	f->cd = audiogen_write("cd.wav", WAV16, 1, 44100, 44100, sig, NULL);
	f->hi = audiogen_write("hi.wav", WAV24, 1, RATE, RATE, sig, NULL);
	f->junk = write_text();
	f->gone = xasprintf("%s/gone.wav", audiogen_dir_path());
}

static void free_files(struct files *f)
{
	free(f->ok);
	free(f->cut);
	free(f->empty);
	free(f->cd);
	free(f->hi);
	free(f->junk);
	free(f->gone);
}

static void test_media_problems(void **state)
{
	struct files f;
	struct session *s = sessgen_new();
	struct health_report r = HEALTH_REPORT_INIT;
	int ok, cut, empty, cd, hi, junk, gone, ok2, two;
	size_t t;

	(void)state;
	make_files(&f);
	ok = sessgen_media(s, f.ok);
	ok2 = sessgen_media(s, f.ok);
	two = sessgen_media(s, f.ok);
	cut = sessgen_media(s, f.cut);
	empty = sessgen_media(s, f.empty);
	cd = sessgen_media(s, f.cd);
	hi = sessgen_media(s, f.hi);
	junk = sessgen_media(s, f.junk);
	gone = sessgen_media(s, f.gone);
	s->media[cut].length = 2 * RATE;	/* what the AAF says */
	s->media[ok2].length = 2 * RATE;	/* the AAF says more than the file has */
	s->media[two].channels = 2;		/* the AAF says stereo */
	t = sessgen_track(s, "A1");
	for (int m = 0; m < (int)s->n_media; m++)
		sessgen_clip(s, t, "c", 2 * RATE * m, RATE / 4, m, 1, 1, 0);
	sessgen_finish(s);
	health_check_session(s, &r);
	assert_int_equal(count(&r, HEALTH_MEDIA_MISSING, gone), 1);
	assert_int_equal(count(&r, HEALTH_MEDIA_UNREADABLE, junk), 1);
	assert_int_equal(count(&r, HEALTH_TRUNCATED, cut), 1);
	assert_int_equal(count(&r, HEALTH_ZERO_LENGTH, empty), 1);
	assert_int_equal(count(&r, HEALTH_SAMPLE_RATE_MISMATCH, cd), 1);
	assert_int_equal(count(&r, HEALTH_BIT_DEPTH_MISMATCH, hi), 1);
	assert_int_equal(count(&r, HEALTH_CHANNEL_COUNT_MISMATCH, two), 1);
	assert_int_equal(count(&r, HEALTH_LENGTH_MISMATCH, ok2), 1);
	assert_int_equal(count(&r, HEALTH_RANGE_PAST_END, empty), 1);
	/* nothing else: the good file has no problem, none is reported twice */
	for (size_t i = 0; i < r.n; i++)
		assert_true(r.v[i].media != ok && r.v[i].detail && *r.v[i].detail);
	assert_int_equal(r.n, 9);
	health_report_release(&r);
	session_free(s);
	free_files(&f);
}

static void test_clip_problems(void **state)
{
	char *ok = audiogen_write("clipok.wav", WAV16, 1, RATE, RATE, sig, NULL);
	char *cut = write_truncated();
	struct session *s = sessgen_new();
	int m = sessgen_media(s, ok), mc = sessgen_media(s, cut);
	size_t t = sessgen_track(s, "A1");
	struct health_report r = HEALTH_REPORT_INIT;

	(void)state;
	sessgen_clip(s, t, "fits", 0, RATE / 2, m, 1, 1, RATE / 2);
	sessgen_clip(s, t, "past", RATE, RATE / 2, m, 1, 1, 3 * RATE / 4);
	sessgen_clip(s, t, "ch2", 2 * RATE, RATE / 2, m, 2, 1, 0);
	sessgen_clip(s, t, "into the cut", 3 * RATE, RATE, mc, 1, 1, RATE / 2);
	sessgen_clip(s, t, "before the cut", 5 * RATE, RATE / 4, mc, 1, 1, 0);
	sessgen_finish(s);
	health_check_session(s, &r);
	assert_int_equal(count(&r, HEALTH_RANGE_PAST_END, m), 1);
	assert_int_equal(count(&r, HEALTH_CHANNEL_MISSING, m), 1);
	assert_int_equal(count(&r, HEALTH_RANGE_PAST_END, mc), 1);
	assert_int_equal(count(&r, HEALTH_TRUNCATED, mc), 1);
	for (size_t i = 0; i < r.n; i++) {
		if (r.v[i].code == HEALTH_RANGE_PAST_END && r.v[i].media == m)
			assert_true(r.v[i].has_clip && r.v[i].clip == 1);
		if (r.v[i].code == HEALTH_RANGE_PAST_END && r.v[i].media == mc)
			assert_true(r.v[i].clip == 3);
	}
	assert_int_equal(r.n, 4);
	health_report_release(&r);
	session_free(s);
	free(ok);
	free(cut);
}

static void test_names_and_json(void **state)
{
	char *ok = audiogen_write("jsok.wav", WAV16, 1, RATE, RATE, sig, NULL);
	struct session *s = sessgen_new();
	int m = sessgen_media(s, ok);
	size_t t = sessgen_track(s, "A1");
	struct health_report r = HEALTH_REPORT_INIT;
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;
	struct json_value *v;
	struct errbuf eb;
	int64_t n;

	(void)state;
	assert_string_equal(health_code_name(HEALTH_MEDIA_MISSING), "media_missing");
	assert_string_equal(health_code_name(HEALTH_SAMPLE_RATE_MISMATCH), "sample_rate_mismatch");
	assert_string_equal(health_code_name(HEALTH_TRUNCATED), "truncated");
	assert_int_equal(health_code_severity(HEALTH_TRUNCATED), HEALTH_ERROR);
	assert_int_equal(health_code_severity(HEALTH_DUAL_MONO), HEALTH_INFO);
	assert_string_equal(health_severity_name(HEALTH_WARNING), "warning");
	for (int c = 0; c < HEALTH_CODE_COUNT; c++)
		assert_true(*health_code_name(c) && *health_code_text(c));
	sessgen_clip(s, t, "past", 0, RATE, m, 1, 1, RATE / 2);
	sessgen_clip(s, t, "fine", RATE, RATE / 4, m, 1, 1, 0);
	sessgen_finish(s);
	health_check_session(s, &r);
	json_writer_init(&w, &sb, false);
	json_begin_object(&w);
	json_key(&w, "all");
	health_json_write(&w, s, &r);
	json_key(&w, "clip1");
	health_clip_json_write(&w, s, &r, t, 0);
	json_key(&w, "clip2");
	health_clip_json_write(&w, s, &r, t, 1);
	json_end_object(&w);
	errbuf_init(&eb);
	assert_int_equal(json_parse(sb.buf, sb.len, &v, &eb), ERR_OK);
	assert_int_equal(json_length(json_get(v, "all")), 1);
	assert_string_equal(json_as_string(json_get(json_at(json_get(v, "all"), 0), "code")),
			    "range_past_end");
	assert_string_equal(json_as_string(json_get(json_at(json_get(v, "all"), 0), "media")),
			    "jsok.wav");
	assert_true(json_as_int64(json_get(json_at(json_get(v, "all"), 0), "index"), &n) && n == 1);
	assert_int_equal(json_length(json_get(v, "clip1")), 1);
	assert_int_equal(json_length(json_get(v, "clip2")), 0);
	json_free(v);
	strbuf_release(&sb);
	health_report_release(&r);
	health_report_release(NULL);
	session_free(s);
	free(ok);
}

/* ---- the shared turnovers ---------------------------------------------------------------- */

struct tally {
	int pairs_want, pairs_found, pairs_false;
	int rel_want, rel_right;	/* measurements: clips and pairs */
	int rel_files, rel_files_right;	/* stereo media files of the truth */
	int prob_want, prob_found, prob_false;
};

static struct json_value *load_json(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	struct json_value *v = NULL;
	struct errbuf eb;
	char buf[8192];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	errbuf_init(&eb);
	if (json_parse(sb.buf, sb.len, &v, &eb))
		print_message("%s: %s\n", path, errbuf_msg(&eb));
	strbuf_release(&sb);
	return v;
}

/* The media's file name as the truth writes it (decoded locator). */
static char *media_file(const struct media *m)
{
	char *b = m->url ? url_basename(m->url) : NULL;

	return b ? b : xstrdup(m->name ? m->name : "");
}

static bool pair_in_truth(const struct json_value *tp, const struct session *s,
			  const struct pair *p)
{
	for (size_t i = 0; i < json_length(tp); i++) {
		const struct json_value *l = json_at(json_at(tp, i), 0), *r = json_at(json_at(tp, i), 1);
		int64_t lt, li, rt, ri;

		if (json_as_int64(json_get(l, "track"), &lt) && json_as_int64(json_get(l, "index"), &li) &&
		    json_as_int64(json_get(r, "track"), &rt) && json_as_int64(json_get(r, "index"), &ri) &&
		    lt == s->tracks[p->left.track].index && li == (int64_t)p->left.clip + 1 &&
		    rt == s->tracks[p->right.track].index && ri == (int64_t)p->right.clip + 1)
			return true;
	}
	return false;
}

static void check_pairs(const char *name, const struct json_value *truth,
			const struct session *s, const struct pairs *p, struct tally *t)
{
	const struct json_value *tp = json_get(truth, "pairs");

	t->pairs_want += (int)json_length(tp);
	for (size_t i = 0; i < p->n; i++) {
		if (pair_in_truth(tp, s, &p->v[i])) {
			t->pairs_found++;
			continue;
		}
		t->pairs_false++;
		print_message("%s: false pair %d.%zu + %d.%zu\n", name,
			      s->tracks[p->v[i].left.track].index, p->v[i].left.clip + 1,
			      s->tracks[p->v[i].right.track].index, p->v[i].right.clip + 1);
	}
}

/* Every relation measured for media file `file`: its stereo clips, and
 * the pairs made of its channels; each compared with want. */
static void check_relation(const char *name, const char *file, const char *want,
			   const struct session *s, const struct pairs *p, struct tally *t)
{
	int seen = 0, right = t->rel_right;

	for (size_t tr = 0; tr < s->n_tracks; tr++) {
		for (size_t k = 0; k < s->tracks[tr].n_clips; k++) {
			const struct clip *c = &s->tracks[tr].clips[k];
			struct stereo_result r;
			struct errbuf eb;
			char *f;
			bool mine;

			if (c->channels != 2 || c->sources[0].media < 0)
				continue;
			f = media_file(&s->media[c->sources[0].media]);
			mine = !strcmp(f, file);
			free(f);
			errbuf_init(&eb);
			if (!mine || stereo_analyze_clip(s, tr, k, NULL, &r, &eb))
				continue;
			seen++;
			if (strcmp(stereo_relation_name(r.relation), want))
				print_message("%s: clip %d.%zu (%s): %s, expected %s\n", name,
					      s->tracks[tr].index, k + 1, file,
					      stereo_relation_name(r.relation), want);
			else
				t->rel_right++;
		}
	}
	for (size_t i = 0; i < p->n; i++) {
		const struct clip *c = &s->tracks[p->v[i].left.track].clips[p->v[i].left.clip];
		char *f = media_file(&s->media[c->sources[0].media]);

		if (!strcmp(f, file)) {
			seen++;
			if (!strcmp(stereo_relation_name(p->v[i].check.audio.relation), want))
				t->rel_right++;
			else
				print_message("%s: pair of %s: %s, expected %s\n", name, file,
					      stereo_relation_name(p->v[i].check.audio.relation), want);
		}
		free(f);
	}
	if (!seen)
		print_message("%s: %s: no clip measured\n", name, file);
	t->rel_want += seen ? seen : 1;
	t->rel_files++;
	t->rel_files_right += seen && t->rel_right - right == seen;
}

/* The truth's kind for one of our codes; NULL for codes it does not plant. */
static const char *truth_kind(enum health_code c)
{
	return c == HEALTH_MEDIA_MISSING ? "missing" : c == HEALTH_TRUNCATED ? "truncated" :
	       c == HEALTH_SAMPLE_RATE_MISMATCH ? "sample_rate" : NULL;
}

static bool problem_in(const struct json_value *list, const char *file, const char *kind)
{
	for (size_t i = 0; i < json_length(list); i++) {
		const struct json_value *p = json_at(list, i);
		const char *m = json_as_string(json_get(p, "media"));
		const char *k = json_as_string(json_get(p, "kind"));

		if (m && k && !strcmp(m, file) && !strcmp(k, kind))
			return true;
	}
	return false;
}

static void check_problems(const char *name, const struct json_value *truth,
			   const struct session *s, struct tally *t)
{
	const struct json_value *tp = json_get(truth, "problems");
	struct health_report r = HEALTH_REPORT_INIT;

	health_check_session(s, &r);
	t->prob_want += (int)json_length(tp);
	for (size_t i = 0; i < r.n; i++) {
		const char *kind = truth_kind(r.v[i].code);
		char *f;

		if (!kind || r.v[i].media < 0)
			continue;
		f = media_file(&s->media[r.v[i].media]);
		if (problem_in(tp, f, kind)) {
			t->prob_found++;
		} else {
			t->prob_false++;
			print_message("%s: unexpected %s of %s\n", name, kind, f);
		}
		free(f);
	}
	health_report_release(&r);
}

static void check_turnover(const char *dir, const char *name, struct tally *t)
{
	char *aaf = xasprintf("%s/%s", dir, name), *media = xasprintf("%s/media", dir);
	char *tpath = xasprintf("%s/%.*s.truth.json", dir, (int)(strlen(name) - 4), name);
	const char *dirs[1] = { media };
	struct json_value *truth = load_json(tpath);
	const struct json_value *rel;
	struct aaf_options opt;
	struct session *s;
	struct errbuf eb;
	struct pairs p;

	assert_non_null(truth);
	aaf_options_init(&opt);
	opt.media_dirs = dirs;
	opt.n_media_dirs = 1;
	errbuf_init(&eb);
	if (aaf_read_file(aaf, &opt, &s, &eb))
		fail_msg("%s: %s", aaf, errbuf_msg(&eb));
	pairs_find(s, NULL, &p);
	check_pairs(name, truth, s, &p, t);
	rel = json_get(truth, "channel_relations");
	for (size_t i = 0; i < json_length(rel); i++)
		check_relation(name, json_key_at(rel, i), json_as_string(json_at(rel, i)), s, &p, t);
	check_problems(name, truth, s, t);
	pairs_release(&p);
	session_free(s);
	json_free(truth);
	free(aaf);
	free(media);
	free(tpath);
}

static int is_aaf(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 4 && !strcmp(d->d_name + n - 4, ".aaf");
}

static void test_turnovers(void **state)
{
	const char *shared = getenv("TURNOVER_SHARED");
	char *dir;
	struct tally t = { 0 };
	struct stat st;
	int files = 0;

	(void)state;
	if (!shared || stat(shared, &st) != 0 || !S_ISDIR(st.st_mode))
		skip();
	dir = xasprintf("%s/turnovers", shared);
	if (stat(dir, &st) != 0) {
		free(dir);
		skip();
	}
	{
		struct dirent **list;
		int n = scandir(dir, &list, is_aaf, alphasort);

		for (int i = 0; i < n; i++) {
			check_turnover(dir, list[i]->d_name, &t);
			files++;
			free(list[i]);
		}
		if (n >= 0)
			free(list);
	}
	print_message("turnovers (%d files): pairs %d of %d found, %d false; channel relations "
		      "%d of %d files right (%d of %d clips and pairs); problems %d of %d found, %d unexpected\n", files,
		      t.pairs_found, t.pairs_want, t.pairs_false, t.rel_files_right, t.rel_files,
		      t.rel_right, t.rel_want,
		      t.prob_found, t.prob_want, t.prob_false);
	assert_int_equal(t.pairs_found, t.pairs_want);
	assert_int_equal(t.pairs_false, 0);
	assert_int_equal(t.rel_right, t.rel_want);
	assert_int_equal(t.rel_files_right, t.rel_files);
	assert_int_equal(t.prob_found, t.prob_want);
	assert_int_equal(t.prob_false, 0);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_media_problems),
		cmocka_unit_test(test_clip_problems),
		cmocka_unit_test(test_names_and_json),
		cmocka_unit_test(test_turnovers),
	};

	return cmocka_run_group_tests_name("health", tests, setup, teardown);
}

/*
 * test_prep_fixes.c: prep applies the stereo/mono fixes as the review
 * decided (prep.h, triage.h fix keys).
 *
 *  - the demo turnover (skipped when its packages are not installed): the
 *    split pair is played as one stereo clip, the dual mono dialogue clip
 *    A003_C002 folded to a mono file on a mono dialogue track, both by the
 *    model; a second run gives the same bytes; with a decisions file
 *    rejecting both, neither is applied and the report says a person
 *    declined them;
 *  - generated clips (polarity inverted; left side silent): the flip only
 *    when accepted or with fix_polarity, never when rejected (else a
 *    problem in the report); the silent side dropped only when accepted,
 *    the clip then playing channel 2 of its own file alone.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>
#include <sndfile.h>

#include "aaf/aaf.h"
#include "aaf/aafwriter.h"
#include "analysis/pairs.h"
#include "audiogen.h"
#include "demo/demo.h"
#include "json.h"
#include "prep.h"
#include "review.h"
#include "sessgen.h"
#include "strbuf.h"
#include "triage.h"
#include "xalloc.h"

static struct classifier *model;

static const char *srcdir(void)
{
	const char *s = getenv("TURNOVER_SRCDIR");

	return s && *s ? s : ".";
}

static enum err run_prep(const char *aaf, const char *out, const char *decisions, bool flip,
			 size_t *fixes, struct errbuf *eb)
{
	struct prep_options o;
	struct prep_summary sum;
	char *tpath = xasprintf("%s/templates/film-tv.ini", srcdir());
	enum err e;

	prep_options_init(&o);
	o.aaf = aaf;
	o.template_path = tpath;
	o.out_dir = out;
	o.jobs = 2;
	o.model = model;
	o.decisions = decisions;
	o.fix_polarity = flip;
	errbuf_init(eb);
	e = prep_run(&o, &sum, eb);
	if (fixes)
		*fixes = sum.fixes;
	prep_summary_release(&sum);
	free(tpath);
	return e;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[8192];
	size_t n;

	if (!f)
		fail_msg("cannot open %s", path);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	*len = sb.len;
	return strbuf_detach(&sb);
}

static struct json_value *load_json(const char *path)
{
	size_t len;
	char *text = slurp(path, &len);
	struct json_value *v = NULL;
	struct errbuf eb;

	errbuf_init(&eb);
	if (json_parse(text, len, &v, &eb) != ERR_OK)
		fail_msg("%s: %s", path, errbuf_msg(&eb));
	free(text);
	return v;
}

static const char *str_of(const struct json_value *o, const char *key)
{
	const char *s = json_as_string(json_get(o, key));

	return s ? s : "";
}

/* The report's first clip playing media, or named so. */
static const struct json_value *clip_of(const struct json_value *rep, const char *media)
{
	const struct json_value *clips = json_get(rep, "clips");

	for (size_t i = 0; i < json_length(clips); i++)
		if (!strcmp(str_of(json_at(clips, i), "media"), media) ||
		    !strcmp(str_of(json_at(clips, i), "name"), media))
			return json_at(clips, i);
	fail_msg("no clip of %s in the report", media);
	return NULL;
}

/* Media m is the file called file (its located path's name), or is
 * named file, or the clip is. */
static bool plays(const struct session *s, const struct clip *c, const char *file)
{
	int m = c->channels ? c->sources[0].media : -1;
	const char *base;

	if (c->name && !strcmp(c->name, file))
		return true;
	if (m < 0 || (size_t)m >= s->n_media)
		return false;
	base = s->media[m].path ? strrchr(s->media[m].path, '/') : NULL;
	return (base && !strcmp(base + 1, file)) || (s->media[m].name && !strcmp(s->media[m].name, file));
}

/* The clip's fix of that kind; NULL if none. */
static const struct json_value *fix_of(const struct json_value *clip, const char *kind)
{
	const struct json_value *fx = json_get(clip, "fixes");

	for (size_t i = 0; i < json_length(fx); i++)
		if (!strcmp(str_of(json_at(fx, i), "fix"), kind))
			return json_at(fx, i);
	return NULL;
}

static void assert_fix(const struct json_value *clip, const char *kind, bool applied,
		       const char *by)
{
	const struct json_value *f = fix_of(clip, kind);
	bool a = !applied;

	if (!f)
		fail_msg("clip '%s': no %s fix in the report", str_of(clip, "name"), kind);
	assert_true(json_as_bool(json_get(f, "applied"), &a));
	assert_int_equal(a, applied);
	assert_string_equal(str_of(f, "by"), by);
}

static bool has_problem(const struct json_value *clip, const char *text)
{
	const struct json_value *p = json_get(clip, "problems");

	for (size_t i = 0; i < json_length(p); i++)
		if (strstr(json_as_string(json_at(p, i)), text))
			return true;
	return false;
}

static const char *track_format(const struct json_value *rep, const char *name)
{
	const struct json_value *tracks = json_get(rep, "tracks");

	for (size_t i = 0; i < json_length(tracks); i++)
		if (!strcmp(str_of(json_at(tracks, i), "name"), name))
			return str_of(json_at(tracks, i), "format");
	return "";
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* The clip of the output AAF playing media, on the track named track. */
static const struct clip *out_clip(const struct session *s, const char *track, const char *media)
{
	for (size_t t = 0; t < s->n_tracks; t++) {
		if (!s->tracks[t].name || strcmp(s->tracks[t].name, track))
			continue;
		for (size_t k = 0; k < s->tracks[t].n_clips; k++) {
			const struct clip *c = &s->tracks[t].clips[k];

			if (plays(s, c, media))
				return c;
		}
	}
	fail_msg("no clip of %s on '%s'", media, track);
	return NULL;
}

static struct session *read_aaf(const char *path)
{
	struct aaf_options ao;
	struct session *s = NULL;
	struct errbuf eb;

	aaf_options_init(&ao);
	errbuf_init(&eb);
	if (aaf_read_file(path, &ao, &s, &eb) != ERR_OK)
		fail_msg("%s: %s", path, errbuf_msg(&eb));
	return s;
}

/* The review's key of the first clip playing media. */
static char *key_of(const struct session *s, const char *media, size_t *track, size_t *clip)
{
	for (size_t t = 0; t < s->n_tracks; t++)
		for (size_t k = 0; s->tracks[t].kind == TRACK_KIND_AUDIO && k < s->tracks[t].n_clips;
		     k++) {
			if (plays(s, &s->tracks[t].clips[k], media)) {
				if (track)
					*track = t;
				if (clip)
					*clip = k;
				return review_clip_key(s, &s->tracks[t], k);
			}
		}
	fail_msg("no clip of %s", media);
	return NULL;
}

static void save_decisions(struct triage *t, const char *path)
{
	struct errbuf eb;

	errbuf_init(&eb);
	if (triage_save(t, path, "test", &eb) != ERR_OK)
		fail_msg("%s", errbuf_msg(&eb));
	triage_free(t);
}

static void set_fix(struct triage *t, const char *kind, const char *key, enum triage_fix d)
{
	char *fk = xasprintf("%s:%s", kind, key);

	assert_true(triage_set_fix(t, fk, d));
	free(fk);
}

/* ---- the demo turnover ------------------------------------------------------ */

static void check_demo_applied(const char *out)
{
	char *rp = xasprintf("%s/report.json", out), *ap = xasprintf("%s/demo.aaf", out);
	struct json_value *rep = load_json(rp);
	const struct json_value *dm = clip_of(rep, "A003_C002.wav");
	const struct json_value *pr = clip_of(rep, "Track 01.wav");
	struct session *s = read_aaf(ap);
	const struct clip *c;

	assert_fix(dm, "fold_mono", true, "model");
	assert_string_equal(str_of(json_at(json_get(dm, "fixes"), 0), "detail"),
			    "media/A003_C002_mono.wav");
	assert_string_equal(track_format(rep, str_of(dm, "template_track")), "mono");
	c = out_clip(s, str_of(dm, "template_track"), "A003_C002_mono.wav");
	assert_int_equal(c->channels, 1);
	assert_true(fix_of(pr, "join") || fix_of(pr, "interleave"));
	assert_fix(pr, fix_of(pr, "join") ? "join" : "interleave", true, "model");
	c = out_clip(s, str_of(pr, "template_track"), "Track 01.wav");
	assert_int_equal(c->channels, 2);
	session_free(s);
	json_free(rep);
	free(rp);
	free(ap);
}

static const char *const out_files[] = {
	"demo.aaf", "report.json", "report.txt", "media/A003_C002_mono.wav"
};

static void test_demo(void **state)
{
	const char *dir = audiogen_dir_path();
	char *demo = xasprintf("%s/demo", dir), *out = xasprintf("%s/demo-out", dir);
	char *before[4], *p;
	size_t len[4], n;
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
	if (run_prep(dr.aaf, out, NULL, false, NULL, &eb) != ERR_OK)
		fail_msg("prep: %s", errbuf_msg(&eb));
	check_demo_applied(out);
	for (int i = 0; i < 4; i++) {
		p = xasprintf("%s/%s", out, out_files[i]);
		before[i] = slurp(p, &len[i]);
		free(p);
	}
	/* once more into the same folder: the same bytes */
	assert_int_equal(system(p = xasprintf("rm -rf '%s'", out)), 0);
	free(p);
	if (run_prep(dr.aaf, out, NULL, false, NULL, &eb) != ERR_OK)
		fail_msg("prep: %s", errbuf_msg(&eb));
	for (int i = 0; i < 4; i++) {
		char *now;

		p = xasprintf("%s/%s", out, out_files[i]);
		now = slurp(p, &n);
		assert_int_equal(n, len[i]);
		assert_memory_equal(now, before[i], n);
		free(now);
		free(before[i]);
		free(p);
	}
	demo_report_release(&dr);
	free(demo);
	free(out);
}

static void test_demo_rejected(void **state)
{
	const char *dir = audiogen_dir_path();
	char *demo = xasprintf("%s/demo-r", dir), *out = xasprintf("%s/demo-r-out", dir);
	char *dec = xasprintf("%s/demo-r.json", dir), *rp, *mp, *key;
	struct triage *t = triage_new();
	struct json_value *rep;
	struct demo_report dr;
	struct session *s;
	struct pairs pairs;
	struct errbuf eb;
	size_t fixes = 99;

	(void)state;
	errbuf_init(&eb);
	memset(&dr, 0, sizeof(dr));
	if (demo_build(demo, &dr, &eb) != ERR_OK) {
		print_message("skip: %s\n", errbuf_msg(&eb));
		triage_free(t);
		free(demo);
		free(out);
		free(dec);
		skip();
	}
	s = read_aaf(dr.aaf);
	pairs_find(s, NULL, &pairs);
	assert_true(pairs.n >= 1);
	for (size_t i = 0; i < pairs.n; i++) {
		char *l = review_clip_key(s, &s->tracks[pairs.v[i].left.track], pairs.v[i].left.clip);
		char *r = review_clip_key(s, &s->tracks[pairs.v[i].right.track], pairs.v[i].right.clip);
		char *pk = xasprintf("%s+%s", l, r);

		set_fix(t, "pair", pk, TRIAGE_FIX_REJECTED);
		free(pk);
		free(l);
		free(r);
	}
	key = key_of(s, "A003_C002.wav", NULL, NULL);
	set_fix(t, "fold", key, TRIAGE_FIX_REJECTED);
	free(key);
	save_decisions(t, dec);
	if (run_prep(dr.aaf, out, dec, false, &fixes, &eb) != ERR_OK)
		fail_msg("prep: %s", errbuf_msg(&eb));
	assert_int_equal(fixes, 0);
	rp = xasprintf("%s/report.json", out);
	rep = load_json(rp);
	assert_fix(clip_of(rep, "A003_C002.wav"), "fold_mono", false, "human");
	assert_fix(clip_of(rep, "Track 01.wav"), "join", false, "human");	/* one file */
	mp = xasprintf("%s/media/A003_C002_mono.wav", out);
	assert_false(exists(mp));
	json_free(rep);
	pairs_release(&pairs);
	session_free(s);
	demo_report_release(&dr);
	free(mp);
	free(rp);
	free(demo);
	free(out);
	free(dec);
}

/* ---- generated clips -------------------------------------------------------- */

#define RATE 48000

/* channel 2 is channel 1 negated */
static double inverted(int64_t i, int ch, int rate, void *user)
{
	(void)user;
	return (ch ? -1 : 1) * sessgen_source(7, i, rate);
}

/* channel 1 silent */
static double right_only(int64_t i, int ch, int rate, void *user)
{
	(void)user;
	return ch ? sessgen_source(9, i, rate) : 0.0;
}

static char *gen_aaf;

static const char *generated(void)
{
	struct session *s;
	struct errbuf eb;
	char *inv, *side;
	size_t t1, t2;

	if (gen_aaf)
		return gen_aaf;
	inv = audiogen_write("inv.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 2, RATE, 2 * RATE,
			     inverted, NULL);
	side = audiogen_write("side.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 2, RATE, 2 * RATE,
			      right_only, NULL);
	s = sessgen_new();
	t1 = sessgen_track(s, "A1");
	t2 = sessgen_track(s, "A2");
	sessgen_clip(s, t1, "inv", 0, 2 * RATE, sessgen_media(s, inv), 1, 2, 0);
	sessgen_clip(s, t2, "side", 0, 2 * RATE, sessgen_media(s, side), 1, 2, 0);
	sessgen_finish(s);
	gen_aaf = xasprintf("%s/gen.aaf", audiogen_dir_path());
	errbuf_init(&eb);
	if (aaf_write_file(s, gen_aaf, NULL, &eb) != ERR_OK)
		fail_msg("%s", errbuf_msg(&eb));
	session_free(s);
	free(inv);
	free(side);
	return gen_aaf;
}

/* Preps the generated AAF into out with the decisions on flip and mono. */
static struct json_value *prep_generated(const char *out, enum triage_fix flip,
					 enum triage_fix mono, bool option)
{
	const char *aaf = generated();
	char *dec = xasprintf("%s.json", out), *rp = xasprintf("%s/report.json", out), *key;
	struct session *s = read_aaf(aaf);
	struct triage *t = triage_new();
	struct json_value *rep;
	struct errbuf eb;

	key = key_of(s, "inv", NULL, NULL);
	if (flip)
		set_fix(t, "flip", key, flip);
	free(key);
	key = key_of(s, "side", NULL, NULL);
	if (mono)
		set_fix(t, "mono", key, mono);
	free(key);
	save_decisions(t, dec);
	session_free(s);
	if (run_prep(aaf, out, dec, option, NULL, &eb) != ERR_OK)
		fail_msg("prep: %s", errbuf_msg(&eb));
	rep = load_json(rp);
	free(rp);
	free(dec);
	return rep;
}

static void test_polarity(void **state)
{
	const char *dir = audiogen_dir_path();
	char *out = xasprintf("%s/pol-none", dir), *mp;
	struct json_value *rep = prep_generated(out, TRIAGE_FIX_NONE, TRIAGE_FIX_NONE, false);
	const struct json_value *c = clip_of(rep, "inv");

	(void)state;
	assert_fix(c, "flip_polarity", false, "model");
	assert_true(has_problem(c, "polarity inverted"));
	mp = xasprintf("%s/media/inv_polarity.wav", out);
	assert_false(exists(mp));
	free(mp);
	free(out);
	json_free(rep);

	out = xasprintf("%s/pol-accepted", dir);
	rep = prep_generated(out, TRIAGE_FIX_ACCEPTED, TRIAGE_FIX_NONE, false);
	c = clip_of(rep, "inv");
	assert_fix(c, "flip_polarity", true, "human");
	assert_false(has_problem(c, "polarity inverted"));
	mp = xasprintf("%s/media/inv_polarity.wav", out);
	assert_true(exists(mp));
	free(mp);
	free(out);
	json_free(rep);

	out = xasprintf("%s/pol-option", dir);
	rep = prep_generated(out, TRIAGE_FIX_NONE, TRIAGE_FIX_NONE, true);
	assert_fix(clip_of(rep, "inv"), "flip_polarity", true, "option");
	free(out);
	json_free(rep);

	out = xasprintf("%s/pol-rejected", dir);
	rep = prep_generated(out, TRIAGE_FIX_REJECTED, TRIAGE_FIX_NONE, true);
	assert_fix(clip_of(rep, "inv"), "flip_polarity", false, "human");
	assert_true(has_problem(clip_of(rep, "inv"), "polarity inverted"));
	free(out);
	json_free(rep);
}

static void test_silent_side(void **state)
{
	const char *dir = audiogen_dir_path();
	char *out = xasprintf("%s/side-none", dir), *ap;
	struct json_value *rep = prep_generated(out, TRIAGE_FIX_NONE, TRIAGE_FIX_NONE, false);
	const struct json_value *c = clip_of(rep, "side");
	struct session *s;
	const struct clip *oc;

	(void)state;
	assert_fix(c, "keep_side", false, "model");
	free(out);
	json_free(rep);

	out = xasprintf("%s/side-accepted", dir);
	rep = prep_generated(out, TRIAGE_FIX_NONE, TRIAGE_FIX_ACCEPTED, false);
	c = clip_of(rep, "side");
	assert_fix(c, "keep_side", true, "human");
	ap = xasprintf("%s/gen.aaf", out);
	s = read_aaf(ap);
	oc = out_clip(s, str_of(c, "template_track"), "side");
	assert_int_equal(oc->channels, 1);
	assert_int_equal(oc->sources[0].channel, 2);
	session_free(s);
	free(ap);
	free(out);
	json_free(rep);
}

static int setup(void **state)
{
	struct errbuf eb;

	(void)state;
	audiogen_dir("test_prep_fixes");
	errbuf_init(&eb);
	model = classifier_load_default(&eb);
	if (!model) {
		print_message("%s\n", errbuf_msg(&eb));
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	classifier_free(model);
	free(gen_aaf);
	audiogen_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demo),
		cmocka_unit_test(test_demo_rejected),
		cmocka_unit_test(test_polarity),
		cmocka_unit_test(test_silent_side),
	};

	return cmocka_run_group_tests_name("prep fixes", tests, setup, teardown);
}

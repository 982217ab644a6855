/* test_plan.c: where the browser plans each clip (plan.h) with the shipped film-tv template. */
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

#include "plan.h"
#include "session_build.h"
#include "xalloc.h"

static struct template *tmpl;

/* Records, in review order (by track, then time). */
enum { DIA, UNSURE, LATER, LEFT, RIGHT, N_CLIPS };

/*
 * A1 "Dia": a dialogue clip, then an sfx clip the model is unsure of, then
 * one nobody analysed; A2 and A3: the left and right halves of a split
 * stereo music file.
 */
static struct review *make_review(void)
{
	struct session *s = session_build_new("Reel", 25, 1, 25 * 3600, false);
	struct media *m;
	struct track *t;
	struct review *rv;

	m = session_build_media(s, "A001_C002.wav", MEDIA_CONTAINER_WAVE, 1, 48000, 24, 480000,
				"file:///a.wav");
	m->status = MEDIA_STATUS_OK;
	m = session_build_media(s, "Track 01.wav", MEDIA_CONTAINER_WAVE, 2, 48000, 24, 480000,
				"file:///t.wav");
	m->status = MEDIA_STATUS_OK;
	t = session_build_track(s, "Dia", 25, 1);
	session_build_clip(t, "A001_C002", 0, 50, 0, 1, 1, 0, 48000);
	session_build_clip(t, "door", 100, 25, 0, 1, 1, 0, 48000);
	session_build_clip(t, "later", 200, 25, 0, 1, 1, 0, 48000);
	t = session_build_track(s, "Mus L", 25, 1);
	session_build_clip(t, "Track 01", 0, 100, 1, 1, 1, 0, 48000);
	t = session_build_track(s, "Mus R", 25, 1);
	session_build_clip(t, "Track 01", 0, 100, 1, 2, 1, 0, 48000);
	session_build_finish(s);
	rv = review_new(s);
	assert_int_equal(rv->n_clips, N_CLIPS);
	return rv;
}

static void analysed(struct review *rv, size_t i, enum clip_class c, double conf)
{
	rv->clips[i].analysis.done = true;
	rv->clips[i].analysis.cls = c;
	rv->clips[i].analysis.confidence = conf;
}

static void pair(struct review *rv)
{
	struct review_analysis *l = &rv->clips[LEFT].analysis, *r = &rv->clips[RIGHT].analysis;

	l->has_pair = r->has_pair = true;
	l->pair_left = true;
	l->pair_with = RIGHT;
	r->pair_with = LEFT;
	l->pair_confidence = r->pair_confidence = 0.99;
}

static struct review *analysed_review(void)
{
	struct review *rv = make_review();

	analysed(rv, DIA, CLIP_CLASS_DIALOGUE, 0.97);
	analysed(rv, UNSURE, CLIP_CLASS_SFX, 0.55);
	analysed(rv, LEFT, CLIP_CLASS_MUSIC, 0.99);
	analysed(rv, RIGHT, CLIP_CLASS_MUSIC, 0.99);
	pair(rv);
	return rv;
}

static void test_model_and_review(void **state)
{
	struct review *rv = analysed_review();
	struct plan p;

	(void)state;
	plan_make(tmpl, rv, NULL, &p);
	assert_int_equal(p.n, N_CLIPS);
	assert_string_equal(plan_track_name(&p, DIA), "DIA 1");
	assert_int_equal(p.reason[DIA], MAPPING_REASON_MODEL);
	assert_string_equal(plan_track_name(&p, UNSURE), "REVIEW 1");
	assert_int_equal(p.reason[UNSURE], MAPPING_REASON_UNCERTAIN);
	assert_string_equal(plan_track_name(&p, LATER), "REVIEW 1");
	assert_int_equal(p.reason[LATER], MAPPING_REASON_UNDECIDED);
	assert_int_equal(p.review, 2);
	assert_string_equal(plan_track_name(&p, N_CLIPS), "");
	plan_release(&p);
	review_free(rv);
}

static void test_decision_moves_clip(void **state)
{
	struct review *rv = analysed_review();
	struct triage *tr = triage_new();
	struct plan p;

	(void)state;
	assert_true(triage_set_class(tr, rv->clips[UNSURE].key, CLIP_CLASS_SFX, true));
	assert_true(triage_set_class(tr, rv->clips[DIA].key, CLIP_CLASS_MUSIC, false));
	plan_make(tmpl, rv, tr, &p);
	assert_string_equal(plan_track_name(&p, UNSURE), "FX 1");
	assert_int_equal(p.reason[UNSURE], MAPPING_REASON_HUMAN);
	assert_true(!strncmp(plan_track_name(&p, DIA), "MX ", 3));
	assert_int_equal(p.reason[DIA], MAPPING_REASON_HUMAN);
	assert_int_equal(p.review, 1);
	plan_release(&p);
	triage_free(tr);
	review_free(rv);
}

static void test_pairs(void **state)
{
	struct review *rv = analysed_review();
	struct triage *tr = triage_new();
	struct plan p;
	char *key;

	(void)state;
	/* joined (not rejected): one clip, both halves on its track */
	plan_make(tmpl, rv, tr, &p);
	assert_string_equal(plan_track_name(&p, LEFT), "MX 1");
	assert_string_equal(plan_track_name(&p, RIGHT), "MX 1");
	plan_release(&p);
	/* rejected: two clips that move together, the second on the next copy */
	key = xasprintf("pair:%s+%s", rv->clips[LEFT].key, rv->clips[RIGHT].key);
	assert_true(triage_set_fix(tr, key, TRIAGE_FIX_REJECTED));
	plan_make(tmpl, rv, tr, &p);
	assert_string_equal(plan_track_name(&p, LEFT), "MX 1");
	assert_string_equal(plan_track_name(&p, RIGHT), "MX 2");
	plan_release(&p);
	free(key);
	triage_free(tr);
	review_free(rv);
}

static void test_empty(void **state)
{
	struct session *s = session_build_new("Empty", 25, 1, 0, false);
	struct review *rv;
	struct plan p;

	(void)state;
	session_build_finish(s);
	rv = review_new(s);
	plan_make(tmpl, rv, NULL, &p);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.review, 0);
	assert_true(p.map.n_tracks > 0);	/* the template's tracks, empty */
	plan_release(&p);
	assert_null(p.track);
	review_free(rv);
}

static int setup(void **state)
{
	const char *src = getenv("TURNOVER_SRCDIR");
	char *path = xasprintf("%s/templates/film-tv.ini", src && *src ? src : ".");
	struct errbuf eb;
	enum err e;

	(void)state;
	errbuf_init(&eb);
	e = template_load(path, &tmpl, NULL, &eb);
	if (e)
		print_message("%s: %s\n", path, errbuf_msg(&eb));
	free(path);
	return e ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	template_free(tmpl);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_model_and_review),
		cmocka_unit_test(test_decision_moves_clip),
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

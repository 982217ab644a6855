/* test_shipped_model.c: the model in models/ loads, and classifies a few
 * files of the shared corpus right (skipped without ../shared). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "analysis/classify.h"
#include "xalloc.h"

static const struct {
	const char *file;
	enum clip_class cls;
} cases[] = {
	{ "dialogue/dia_en_0001.flac", CLIP_CLASS_DIALOGUE },
	{ "dialogue/dia_ktde_0001.flac", CLIP_CLASS_DIALOGUE },
	{ "dialogue/dia_prod_0001.flac", CLIP_CLASS_DIALOGUE },
	{ "music/mus_wes_0001.ogg", CLIP_CLASS_MUSIC },
	{ "music/mus_nex_0001.ogg", CLIP_CLASS_MUSIC },
	{ "sfx/sfx_wes_0001.flac", CLIP_CLASS_SFX },
	{ "sfx/sfx_ottd_0001.flac", CLIP_CLASS_SFX },
};

static void test_loads(void **state)
{
	const char *src = getenv("TURNOVER_SRCDIR");
	char *path = xasprintf("%s/models/classifier.model", src ? src : ".");
	struct classifier *m;
	struct errbuf eb;

	(void)state;
	errbuf_init(&eb);
	m = classifier_load(path, &eb);
	if (!m)
		fail_msg("%s", errbuf_msg(&eb));
	classifier_free(m);
	setenv("TURNOVER_MODEL", path, 1);
	m = classifier_load_default(&eb);
	assert_non_null(m);
	classifier_free(m);
	free(path);
}

static void test_corpus_files(void **state)
{
	const char *shared = getenv("TURNOVER_SHARED"), *src = getenv("TURNOVER_SRCDIR");
	char *path = xasprintf("%s/models/classifier.model", src ? src : ".");
	struct classifier *m;
	struct errbuf eb;

	(void)state;
	errbuf_init(&eb);
	m = classifier_load(path, &eb);
	free(path);
	assert_non_null(m);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct analysis_result r;
		char *f = xasprintf("%s/corpus/%s", shared, cases[i].file);

		errbuf_init(&eb);
		if (classify_media_range(f, 0, -1, 0, m, &r, &eb) != ERR_OK)
			fail_msg("%s: %s", f, errbuf_msg(&eb));
		if (r.cls != cases[i].cls || r.confidence < 0.9)
			fail_msg("%s: %s at %.3f, want %s", cases[i].file, clip_class_name(r.cls),
				 r.confidence, clip_class_name(cases[i].cls));
		free(f);
	}
	classifier_free(m);
}

int main(void)
{
	const char *shared = getenv("TURNOVER_SHARED");
	char *labels = xasprintf("%s/corpus/labels.csv", shared ? shared : "/nonexistent");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loads),
		cmocka_unit_test(test_corpus_files),
	};
	int have = access(labels, R_OK) == 0;

	free(labels);
	if (!have) {
		const struct CMUnitTest only[] = { cmocka_unit_test(test_loads) };
		int rc = cmocka_run_group_tests_name("shipped model", only, NULL, NULL);

		return rc ? rc : 77;
	}
	return cmocka_run_group_tests_name("shipped model", tests, NULL, NULL);
}

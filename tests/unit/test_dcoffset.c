/* test_dcoffset.c: one definition of a DC offset.  The steady mean per
 * 1 s window on its own, and the classifier's dc_offset problem and the
 * channel check's (stereo.h, as health reports it) agreeing on generated
 * audio where the old rules (2% of the mix's mean against 1% steady per
 * channel) disagreed. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <sndfile.h>

#include "analysis/classify.h"
#include "analysis/clipread.h"
#include "analysis/dcoffset.h"
#include "analysis/stereo.h"
#include "audiogen.h"
#include "xalloc.h"

#define RATE 48000
#define WAV24 (SF_FORMAT_WAV | SF_FORMAT_PCM_24)

static struct classifier *model;

static int setup(void **state)
{
	(void)state;
	audiogen_dir("dcoffset");
	model = classifier_new(1, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	classifier_free(model);
	audiogen_cleanup();
	return 0;
}

static void feed_const(struct dcoffset *d, float v, size_t n)
{
	float buf[1000];

	for (size_t i = 0; i < 1000; i++)
		buf[i] = v;
	while (n > 0) {
		size_t k = n < 1000 ? n : 1000;

		dcoffset_feed(d, buf, k, 1);
		n -= k;
	}
}

static void test_definition(void **state)
{
	struct dcoffset d;
	float inter[6] = { 0.5f, -1, 0.5f, -1, NAN, -1 };

	(void)state;
	dcoffset_init(&d, 1000);
	assert_true(dcoffset_value(&d) == 0);
	feed_const(&d, 0.02f, 500);	/* under one window: the plain mean */
	assert_true(fabs(dcoffset_value(&d) - 0.02) < 1e-7);
	feed_const(&d, 0.02f, 500);
	feed_const(&d, 0.05f, 1000);	/* the smallest of the windows */
	assert_true(fabs(dcoffset_value(&d) - 0.02) < 1e-7);
	feed_const(&d, -0.05f, 1000);	/* a window of the other sign: none */
	assert_true(dcoffset_value(&d) == 0);
	/* strided input (one channel of interleaved frames), NaN as 0 */
	dcoffset_init(&d, 1000);
	dcoffset_feed(&d, inter, 3, 2);
	assert_true(fabs(dcoffset_value(&d) - 1.0 / 3) < 1e-7);
	/* beyond +-64 counts as +-64, in the fast pass's blocks of four too */
	{
		float big[8] = { 100, -1, 0, 0, 0, 0, 0, 1 };

		dcoffset_init(&d, 1000);
		dcoffset_feed(&d, big, 8, 1);
		assert_true(fabs(dcoffset_value(&d) - 64.0 / 8) < 1e-7);
	}
	assert_true(dcoffset_is_problem(DCOFFSET_LIMIT));
	assert_true(dcoffset_is_problem(-0.5));
	assert_false(dcoffset_is_problem(0.0099));
}

struct sig {
	double dc[2];		/* per channel, first half */
	double dc2[2];		/* per channel, second half */
	double bass;		/* 20 Hz at this amplitude */
};

static double signal(int64_t i, int ch, int rate, void *user)
{
	const struct sig *s = user;
	double t = (double)i / rate;
	double dc = t < 1.5 ? s->dc[ch] : s->dc2[ch];

	return dc + s->bass * sin(2 * M_PI * 20 * t) + 0.2 * sin(2 * M_PI * 440 * t + ch);
}

/* The DC offset problem as the classifier and as the channel check see
 * the whole file. */
static void both(const char *path, int channels, bool *cls, bool *chan)
{
	struct clipread_source src[2] = { { path, 1, 0, -1, NULL }, { path, 2, 0, -1, NULL } };
	struct analysis_result r;
	struct stereo_result st;
	struct clipread *cr;
	struct errbuf eb;
	double dc = 0;

	errbuf_init(&eb);
	assert_int_equal(classify_media_range(path, 0, -1, 0, model, &r, &eb), ERR_OK);
	*cls = r.problems & ANALYSIS_PROBLEM_DC_OFFSET;
	assert_int_equal(clipread_open(src, channels, &cr, &eb), ERR_OK);
	assert_int_equal(stereo_analyze_read(cr, NULL, &st, &eb), ERR_OK);
	clipread_free(cr);
	for (int k = 0; k < st.channels; k++)
		if (fabs(st.ch[k].dc) > fabs(dc))
			dc = st.ch[k].dc;
	*chan = dcoffset_is_problem(dc);
	assert_true(fabs(dc - r.features.dc) < 1e-9);
}

static void test_agree(void **state)
{
	static const struct {
		const char *name;
		int channels;
		struct sig s;
		bool problem;
	} cases[] = {
		/* 1.5%: under the old 2% rule of the classifier */
		{ "mono15.wav", 1, { { 0.015, 0 }, { 0.015, 0 }, 0 }, true },
		/* 1.5% on the right only: 0.75% in the mix */
		{ "right15.wav", 2, { { 0, 0.015 }, { 0, 0.015 }, 0 }, true },
		/* the offset flips sign halfway: 0 */
		{ "flip.wav", 1, { { 0.03, 0 }, { -0.03, 0 }, 0 }, false },
		/* loud bass, no offset */
		{ "bass.wav", 2, { { 0, 0 }, { 0, 0 }, 0.6 }, false },
		{ "clean.wav", 2, { { 0.002, -0.002 }, { 0.002, -0.002 }, 0 }, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sig s = cases[i].s;
		char *p = audiogen_write(cases[i].name, WAV24, cases[i].channels, RATE, 3 * RATE,
					 signal, &s);
		bool cls, chan;

		both(p, cases[i].channels, &cls, &chan);
		if (cls != cases[i].problem || chan != cases[i].problem)
			fail_msg("%s: classifier %d, channels %d, expected %d", cases[i].name, cls,
				 chan, cases[i].problem);
		free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_definition),
		cmocka_unit_test(test_agree),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

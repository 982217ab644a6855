/*
 * test_stereo.c: channel relations, per-channel measurements and loudness
 * on audio generated here (true stereo, dual mono, near dual mono,
 * polarity inverted, one side silent, DC offset, clipping, silence), the
 * bounded cross-correlation against a direct sum, clip ranges through a
 * session, the JSON shapes; and, when $TURNOVER_SHARED/corpus/channels
 * exists, every stereo case of channels.csv.
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
#include <sys/stat.h>
#include <cmocka.h>

#include <sndfile.h>

#include "analysis/health.h"
#include "analysis/loudness.h"
#include "analysis/stereo.h"
#include "analysis/xcorr.h"
#include "audiogen.h"
#include "sessgen.h"
#include "xalloc.h"

#define RATE 48000
#define WAV16 (SF_FORMAT_WAV | SF_FORMAT_PCM_16)
#define WAV24 (SF_FORMAT_WAV | SF_FORMAT_PCM_24)

static int setup(void **state)
{
	(void)state;
	audiogen_dir("stereo");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	audiogen_cleanup();
	return 0;
}

/* ---- signals ------------------------------------------------------------------ */

/* Two sources panned apart: genuine stereo. */
static double sig_stereo(int64_t i, int ch, int rate, void *user)
{
	double a = sessgen_source(1, i, rate), b = sessgen_source(2, i, rate);

	(void)user;
	return ch == 0 ? 0.8 * a + 0.35 * b : 0.35 * a + 0.8 * b;
}

static double sig_dual(int64_t i, int ch, int rate, void *user)
{
	(void)ch;
	(void)user;
	return sessgen_source(3, i, rate);
}

/* Right 0.5 dB quieter and 3 samples late. */
static double sig_near(int64_t i, int ch, int rate, void *user)
{
	(void)user;
	if (ch == 0)
		return sessgen_source(4, i, rate);
	return i < 3 ? 0 : pow(10, -0.5 / 20) * sessgen_source(4, i - 3, rate);
}

static double sig_inverted(int64_t i, int ch, int rate, void *user)
{
	(void)user;
	return (ch ? -1 : 1) * sessgen_source(5, i, rate);
}

static double sig_left_only(int64_t i, int ch, int rate, void *user)
{
	(void)user;
	return ch ? 0 : sessgen_source(6, i, rate);
}

/* A steady offset of 5% on both sides. */
static double sig_dc(int64_t i, int ch, int rate, void *user)
{
	(void)user;
	return 0.5 * sessgen_source(7 + (uint64_t)ch, i, rate) + 0.05;
}

/* A 100 Hz sine driven 4 dB past full scale. */
static double sig_clipped(int64_t i, int ch, int rate, void *user)
{
	(void)ch;
	(void)user;
	return 1.6 * sin(2 * M_PI * 100 * (double)i / rate);
}

static double sig_zero(int64_t i, int ch, int rate, void *user)
{
	(void)i;
	(void)ch;
	(void)rate;
	(void)user;
	return 0;
}

/* First second dual mono, then genuine stereo. */
static double sig_half(int64_t i, int ch, int rate, void *user)
{
	return i < rate ? sig_dual(i, ch, rate, user) : sig_stereo(i, ch, rate, user);
}

/* ---- helpers ------------------------------------------------------------------ */

/* The stereo analysis of a whole file's first (up to) two channels. */
static struct stereo_result analyze(const char *path)
{
	struct decode_reader r;
	struct clipread *cr;
	struct stereo_result res;
	struct errbuf eb;
	int ch[2] = { 1, 2 };

	errbuf_init(&eb);
	if (decode_reader_open_file(path, &r, &eb))
		fail_msg("%s: %s", path, errbuf_msg(&eb));
	if (clipread_open_reader(&r, ch, r.channels >= 2 ? 2 : 1, 0, -1, &cr, &eb))
		fail_msg("%s: %s", path, errbuf_msg(&eb));
	if (stereo_analyze_read(cr, NULL, &res, &eb))
		fail_msg("%s: %s", path, errbuf_msg(&eb));
	clipread_free(cr);
	return res;
}

static struct stereo_result analyze_gen(const char *name, int format, int channels,
					double seconds, audiogen_fn fn)
{
	char *path = audiogen_write(name, format, channels, RATE, (int64_t)(seconds * RATE), fn,
				    NULL);
	struct stereo_result r = analyze(path);

	free(path);
	return r;
}

/* Whether the report holds code for clip (0, 0). */
static bool has_code(const struct stereo_result *st, enum health_code code)
{
	struct health_report r = HEALTH_REPORT_INIT;
	bool found = false;

	health_add_channels(&r, 0, 0, st);
	for (size_t i = 0; i < r.n; i++)
		found = found || (r.v[i].code == code && r.v[i].has_clip);
	health_report_release(&r);
	return found;
}

/* ---- the correlator ---------------------------------------------------------------- */

static void test_xcorr_exact(void **state)
{
	enum { N = 20000, K = 37 };
	float *a = xmalloc(N * sizeof(float)), *b = xmalloc(N * sizeof(float));
	double r[2 * K + 1], e = 0;
	struct xcorr *x = xcorr_new(K);
	size_t done = 0, step = 1;

	(void)state;
	for (int i = 0; i < N; i++) {
		a[i] = (float)sessgen_source(11, i, RATE);
		b[i] = (float)(i >= 5 ? 0.7 * a[i - 5] : 0) + (float)sessgen_source(12, i, RATE);
		e += (double)a[i] * a[i];
	}
	while (done < N) {		/* ragged blocks */
		size_t n = step < N - done ? step : N - done;

		xcorr_feed(x, a + done, b + done, n);
		done += n;
		step = step * 3 + 1;
	}
	xcorr_finish(x, r);
	for (int k = -K; k <= K; k++) {
		double want = 0;

		for (int t = 0; t < N; t++)
			if (t + k >= 0 && t + k < N)
				want += (double)a[t] * b[t + k];
		assert_true(fabs(r[k + K] - want) < 1e-5 * e);
	}
	xcorr_free(x);
	free(a);
	free(b);
}

/* ---- relations ----------------------------------------------------------------------- */

static void test_true_stereo(void **state)
{
	struct stereo_result r = analyze_gen("stereo.wav", WAV24, 2, 2, sig_stereo);

	(void)state;
	assert_int_equal(r.relation, STEREO_RELATION_STEREO);
	assert_false(r.bit_exact);
	assert_true(r.correlation > 0.3 && r.correlation < 0.95);
	assert_true(r.residual_db > -20);
	assert_int_equal(r.frames, 2 * RATE);
	assert_false(has_code(&r, HEALTH_DUAL_MONO));
}

static void test_dual_mono(void **state)
{
	struct stereo_result r = analyze_gen("dual.wav", WAV16, 2, 2, sig_dual);

	(void)state;
	assert_int_equal(r.relation, STEREO_RELATION_DUAL_MONO);
	assert_true(r.bit_exact);
	assert_int_equal(r.delay_samples, 0);
	assert_true(fabs(r.gain_diff_db) < 1e-9);
	assert_true(has_code(&r, HEALTH_DUAL_MONO));
}

static void test_near_dual_mono(void **state)
{
	struct stereo_result r = analyze_gen("near.wav", WAV24, 2, 2, sig_near);

	(void)state;
	assert_int_equal(r.relation, STEREO_RELATION_NEAR_DUAL_MONO);
	assert_int_equal(r.delay_samples, 3);
	assert_true(fabs(r.gain_diff_db + 0.5) < 0.02);
	assert_true(r.peak_correlation > 0.9999);
	assert_true(r.correlation < r.peak_correlation);
	assert_true(has_code(&r, HEALTH_NEAR_DUAL_MONO));
}

static void test_polarity(void **state)
{
	struct stereo_result r = analyze_gen("inverted.wav", WAV16, 2, 2, sig_inverted);

	(void)state;
	assert_int_equal(r.relation, STEREO_RELATION_POLARITY_INVERTED);
	assert_true(r.correlation < -0.999);
	assert_true(has_code(&r, HEALTH_POLARITY_INVERTED));
}

static void test_one_side_silent(void **state)
{
	struct stereo_result r = analyze_gen("left.wav", WAV16, 2, 2, sig_left_only);

	(void)state;
	assert_int_equal(r.relation, STEREO_RELATION_ONE_SIDE_SILENT);
	assert_false(r.ch[0].silent);
	assert_true(r.ch[1].silent);
	assert_int_equal(r.ch[1].silent_frames, 2 * RATE);
	assert_true(has_code(&r, HEALTH_ONE_SIDE_SILENT));
}

static void test_dc_offset(void **state)
{
	struct stereo_result r = analyze_gen("dc.wav", WAV24, 2, 3, sig_dc);
	struct stereo_result clean = analyze_gen("clean.wav", WAV24, 2, 3, sig_stereo);

	(void)state;
	assert_int_equal(r.relation, STEREO_RELATION_STEREO);
	for (int k = 0; k < 2; k++) {
		assert_true(fabs(r.ch[k].dc - 0.05) < 0.003);
		assert_true(fabs(clean.ch[k].dc) < 0.003);
	}
	assert_true(has_code(&r, HEALTH_DC_OFFSET));
	assert_false(has_code(&clean, HEALTH_DC_OFFSET));
}

static void test_clipped(void **state)
{
	struct stereo_result r = analyze_gen("clipped.wav", WAV16, 1, 1, sig_clipped);
	struct stereo_result clean = analyze_gen("unclipped.wav", WAV16, 2, 1, sig_stereo);

	(void)state;
	assert_int_equal(r.relation, STEREO_RELATION_MONO);
	assert_int_equal(r.channels, 1);
	/* 100 Hz: two flat tops per cycle, 200 runs in a second */
	assert_int_equal(r.ch[0].clip_runs, 200);
	assert_true(r.ch[0].clipped > 200 * 3);
	assert_true(has_code(&r, HEALTH_CLIPPED));
	assert_int_equal(clean.ch[0].clipped + clean.ch[1].clipped, 0);
	assert_false(has_code(&clean, HEALTH_CLIPPED));
}

static void test_silence(void **state)
{
	struct stereo_result r = analyze_gen("silence.wav", WAV16, 2, 1, sig_zero);
	struct stereo_result m = analyze_gen("silence1.wav", WAV16, 1, 1, sig_zero);

	(void)state;
	assert_int_equal(r.relation, STEREO_RELATION_SILENT);
	assert_true(r.ch[0].silent && r.ch[1].silent);
	assert_true(isinf(r.ch[0].rms_db) && r.ch[0].rms_db < 0);
	assert_true(has_code(&r, HEALTH_SILENT));
	assert_int_equal(m.relation, STEREO_RELATION_MONO);
	assert_true(has_code(&m, HEALTH_SILENT));
}

/* ---- clip ranges --------------------------------------------------------------------- */

static void test_clip_ranges(void **state)
{
	char *path = audiogen_write("half.wav", WAV24, 2, RATE, 2 * RATE, sig_half, NULL);
	struct session *s = sessgen_new();
	int m = sessgen_media(s, path);
	size_t t = sessgen_track(s, "A1");
	struct stereo_result r;
	struct errbuf eb;

	(void)state;
	sessgen_clip(s, t, "first", 0, RATE / 2, m, 1, 2, RATE / 4);
	sessgen_clip(s, t, "second", RATE, RATE / 2, m, 1, 2, RATE + RATE / 4);
	sessgen_clip(s, t, "past", 2 * RATE, RATE, m, 1, 2, 3 * RATE / 2);
	sessgen_finish(s);
	errbuf_init(&eb);
	assert_int_equal(stereo_analyze_clip(s, t, 0, NULL, &r, &eb), ERR_OK);
	assert_int_equal(r.relation, STEREO_RELATION_DUAL_MONO);
	assert_int_equal(r.frames, RATE / 2);
	assert_int_equal(stereo_analyze_clip(s, t, 1, NULL, &r, &eb), ERR_OK);
	assert_int_equal(r.relation, STEREO_RELATION_STEREO);
	assert_int_equal(stereo_analyze_clip(s, t, 2, NULL, &r, &eb), ERR_OK);
	assert_int_equal(r.frames, RATE / 2);
	assert_int_equal(r.missing, RATE / 2);
	/* missing media is an error, not a crash */
	s->media[m].status = MEDIA_STATUS_MISSING;
	assert_int_equal(stereo_analyze_clip(s, t, 0, NULL, &r, &eb), ERR_MEDIA_MISSING);
	session_free(s);
	free(path);
}

/* ---- JSON ---------------------------------------------------------------------------- */

static struct json_value *to_json(const struct stereo_result *sr, const struct loud_result *lr)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;
	struct json_value *v;
	struct errbuf eb;

	json_writer_init(&w, &sb, false);
	json_begin_object(&w);
	json_key(&w, "channels");
	stereo_json_write(&w, sr);
	json_key(&w, "loudness");
	loud_json_write(&w, lr);
	json_end_object(&w);
	errbuf_init(&eb);
	if (json_parse(sb.buf, sb.len, &v, &eb))
		fail_msg("%s: %s", errbuf_msg(&eb), sb.buf);
	strbuf_release(&sb);
	return v;
}

static void test_json(void **state)
{
	struct stereo_result r = analyze_gen("json.wav", WAV24, 2, 1, sig_near);
	struct loud_result lr = { 2, RATE, RATE, -23.5, 4.25, -6, NAN };
	struct json_value *v = to_json(&r, &lr);
	const struct json_value *ch = json_get(v, "channels"), *loud = json_get(v, "loudness");
	int64_t n;
	double d;

	(void)state;
	assert_string_equal(json_as_string(json_get(ch, "relation")), "near_dual_mono");
	assert_true(json_as_int64(json_get(ch, "delay_samples"), &n) && n == 3);
	assert_true(json_as_double(json_get(ch, "gain_diff_db"), &d) && fabs(d + 0.5) < 0.02);
	assert_int_equal(json_length(json_get(ch, "per_channel")), 2);
	assert_true(json_as_double(json_get(loud, "integrated_lufs"), &d) && d == -23.5);
	assert_true(json_as_double(json_get(loud, "lra"), &d) && d == 4.25);
	assert_true(json_as_double(json_get(loud, "sample_peak_dbfs"), &d) && d == -6);
	assert_true(json_is_null(json_get(loud, "true_peak_dbtp")));
	json_free(v);
}

/* ---- loudness ------------------------------------------------------------------------ */

/* 997 Hz at -20 dBFS peak on every channel (BS.1770: -23.01 LUFS mono). */
static double sig_997(int64_t i, int ch, int rate, void *user)
{
	(void)ch;
	(void)user;
	return 0.1 * sin(2 * M_PI * 997 * (double)i / rate);
}

static struct loud_result measure(const char *path, const struct loud_options *o,
				  struct loud_total *total)
{
	struct decode_reader r;
	struct clipread *cr;
	struct loud_result res;
	struct errbuf eb;
	int ch[2] = { 1, 2 };

	errbuf_init(&eb);
	if (decode_reader_open_file(path, &r, &eb))
		fail_msg("%s", errbuf_msg(&eb));
	if (clipread_open_reader(&r, ch, r.channels, 0, -1, &cr, &eb))
		fail_msg("%s", errbuf_msg(&eb));
	if (loud_measure_read(cr, o, total, &res, &eb))
		fail_msg("%s", errbuf_msg(&eb));
	clipread_free(cr);
	return res;
}

static void test_loudness(void **state)
{
	char *mono = audiogen_write("tone1.wav", WAV24, 1, RATE, 5 * RATE, sig_997, NULL);
	char *st = audiogen_write("tone2.wav", WAV24, 2, RATE, 5 * RATE, sig_997, NULL);
	struct loud_options o, dual, tp;
	struct loud_total *total = loud_total_new();
	struct loud_result r;
	struct errbuf eb;

	(void)state;
	loud_options_init(&o);
	dual = tp = o;
	dual.mono_as_dual_mono = true;
	tp.true_peak = true;
	r = measure(mono, &o, total);
	assert_true(fabs(r.integrated_lufs + 23.01) < 0.05);
	assert_true(fabs(r.sample_peak_dbfs + 20) < 0.01);
	assert_true(r.lra < 0.1);
	assert_true(isnan(r.true_peak_dbtp));
	r = measure(st, &o, total);
	assert_true(fabs(r.integrated_lufs + 20.0) < 0.05);
	r = measure(mono, &dual, NULL);
	assert_true(fabs(r.integrated_lufs + 20.0) < 0.05);
	r = measure(st, &tp, NULL);
	assert_true(fabs(r.true_peak_dbtp + 20) < 0.2);
	/* the two clips pooled: between their loudnesses, the larger peak */
	errbuf_init(&eb);
	assert_int_equal(loud_total_result(total, &r, &eb), ERR_OK);
	assert_true(r.integrated_lufs > -23.01 && r.integrated_lufs < -20.0);
	assert_true(fabs(r.sample_peak_dbfs + 20) < 0.01);
	assert_int_equal(r.frames, 10 * RATE);
	loud_total_free(total);
	free(mono);
	free(st);
}

static void test_loudness_edges(void **state)
{
	char *path = audiogen_write("quiet.wav", WAV16, 2, RATE, RATE, sig_zero, NULL);
	struct loud_total *empty = loud_total_new();
	struct loud_result r = measure(path, NULL, NULL);
	struct loud *l;
	struct errbuf eb;

	(void)state;
	assert_true(isinf(r.integrated_lufs) && r.integrated_lufs < 0);
	assert_true(isinf(r.sample_peak_dbfs));
	errbuf_init(&eb);
	assert_int_equal(loud_new(0, RATE, NULL, &l, &eb), ERR_INVALID);
	assert_null(l);
	errbuf_init(&eb);
	assert_int_equal(loud_new(2, 5, NULL, &l, &eb), ERR_INVALID);
	assert_true(strlen(errbuf_msg(&eb)) > 0);
	errbuf_init(&eb);
	assert_int_equal(loud_total_result(empty, &r, &eb), ERR_OK);
	assert_true(isinf(r.integrated_lufs));
	loud_total_free(empty);
	loud_total_free(NULL);
	free(path);
}

/* ---- the shared corpus ------------------------------------------------------------------ */

/* The relation channels.csv's case stands for; UNKNOWN for split pairs. */
static enum stereo_relation expected(const char *c)
{
	static const struct { const char *name; enum stereo_relation r; } cases[] = {
		{ "dual_mono", STEREO_RELATION_DUAL_MONO },
		{ "mono_as_stereo_phase", STEREO_RELATION_POLARITY_INVERTED },
		{ "one_side_silent", STEREO_RELATION_ONE_SIDE_SILENT },
		{ "true_stereo", STEREO_RELATION_STEREO },
		{ "near_dual_mono", STEREO_RELATION_NEAR_DUAL_MONO },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (!strcmp(cases[i].name, c))
			return cases[i].r;
	return STEREO_RELATION_UNKNOWN;
}

static void test_corpus_channels(void **state)
{
	const char *shared = getenv("TURNOVER_SHARED");
	char *csv, line[1024], file[256], kase[64];
	struct stat st;
	int checked = 0, wrong = 0;
	FILE *f;

	(void)state;
	if (!shared || stat(shared, &st) != 0 || !S_ISDIR(st.st_mode))
		skip();
	csv = xasprintf("%s/corpus/channels.csv", shared);
	f = fopen(csv, "r");
	free(csv);
	if (!f)
		skip();
	while (fgets(line, sizeof(line), f)) {
		enum stereo_relation want;
		struct stereo_result r;
		char *path;

		if (sscanf(line, "%255[^,],%63[^,]", file, kase) != 2 || !strcmp(file, "file"))
			continue;
		want = expected(kase);
		if (want == STEREO_RELATION_UNKNOWN)
			continue;	/* split pairs: test_pairs */
		path = xasprintf("%s/corpus/%s", shared, file);
		r = analyze(path);
		checked++;
		if (r.relation != want) {
			wrong++;
			print_message("%s: %s, expected %s\n", file, stereo_relation_name(r.relation),
				      stereo_relation_name(want));
		}
		free(path);
	}
	fclose(f);
	print_message("corpus/channels: %d of %d stereo cases right\n", checked - wrong, checked);
	assert_int_equal(checked, 17);
	assert_int_equal(wrong, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xcorr_exact),
		cmocka_unit_test(test_true_stereo),
		cmocka_unit_test(test_dual_mono),
		cmocka_unit_test(test_near_dual_mono),
		cmocka_unit_test(test_polarity),
		cmocka_unit_test(test_one_side_silent),
		cmocka_unit_test(test_dc_offset),
		cmocka_unit_test(test_clipped),
		cmocka_unit_test(test_silence),
		cmocka_unit_test(test_clip_ranges),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_loudness),
		cmocka_unit_test(test_loudness_edges),
		cmocka_unit_test(test_corpus_channels),
	};

	return cmocka_run_group_tests_name("stereo", tests, setup, teardown);
}

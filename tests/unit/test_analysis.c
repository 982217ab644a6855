/* test_analysis.c: clip decoding, resampling and classification of audio
 * generated here, including every kind of bad input: each gets a class or
 * a clear problem code, never a crash. */
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
#include <unistd.h>
#include <cmocka.h>

#include <sndfile.h>

#include "analysis/classify.h"
#include "analysis/decode.h"
#include "analysis/resample.h"
#include "audiogen.h"
#include "xalloc.h"

#define WAV16 (SF_FORMAT_WAV | SF_FORMAT_PCM_16)
#define WAV24 (SF_FORMAT_WAV | SF_FORMAT_PCM_24)

/* A model that knows nothing: equal probabilities for every clip. */
static struct classifier *model;

static int setup(void **state)
{
	(void)state;
	audiogen_dir("analysis");
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

static struct analysis_result classify_ok(const char *path, int64_t start, int64_t frames,
					  uint64_t mask)
{
	struct analysis_result r;
	struct errbuf eb;
	double sum = 0;

	errbuf_init(&eb);
	if (classify_media_range(path, start, frames, mask, model, &r, &eb) != ERR_OK)
		fail_msg("%s: %s", path, errbuf_msg(&eb));
	for (int j = 0; j < CLIP_CLASS_COUNT; j++)
		sum += r.scores[j];
	assert_true(fabs(sum - 1) < 1e-9);
	assert_true(r.confidence >= 0 && r.confidence <= 1);
	for (int i = 0; i < FEATURE_COUNT; i++)
		assert_true(isfinite(r.features.v[i]));
	return r;
}

static enum err classify_err(const char *path)
{
	struct analysis_result r;
	struct errbuf eb;
	enum err e;

	errbuf_init(&eb);
	e = classify_media_range(path, 0, -1, 0, model, &r, &eb);
	assert_int_not_equal(e, ERR_OK);
	assert_true(strlen(errbuf_msg(&eb)) > 0);
	return e;
}

/* ---- resampling ---------------------------------------------------------------- */

static void check_resampled_sine(int rate, double hz, double want_amp)
{
	struct resample *r = resample_new(rate);
	int n_in = rate;	/* one second */
	float *in = xmalloc((size_t)n_in * sizeof(float));
	float *out = xmalloc((resample_out_max(r, (size_t)n_in) + resample_out_max(r, 0)) *
			     sizeof(float));
	size_t n = 0;
	double peak = 0;
	int crossings = 0;

	for (int i = 0; i < n_in; i++)
		in[i] = (float)(0.5 * sin(2 * M_PI * hz * i / rate));
	for (int i = 0; i < n_in; i += 1000)
		n += resample_process(r, in + i, (size_t)(n_in - i < 1000 ? n_in - i : 1000),
				      out + n);
	n += resample_flush(r, out + n);
	assert_true(labs((long)n - RESAMPLE_RATE) <= 2);
	for (size_t i = 1000; i < 7000; i++) {
		peak = fmax(peak, fabs(out[i]));
		crossings += (out[i - 1] < 0) != (out[i] < 0);
	}
	assert_true(fabs(peak - want_amp) < 0.02 + 0.02 * want_amp);
	if (want_amp > 0.1)	/* 6000 samples at 8 kHz = 0.75 s */
		assert_true(fabs(crossings / 1.5 - hz) < 3);
	resample_free(r);
	free(in);
	free(out);
}

static void test_resample(void **state)
{
	static const int rates[] = { 8000, 11025, 16000, 22050, 44100, 48000, 96000, 192000 };

	(void)state;
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
		check_resampled_sine(rates[i], 1000, 0.5);
	/* above the analysis band: gone, not folded back */
	check_resampled_sine(48000, 6000, 0);
	check_resampled_sine(44100, 13000, 0);
	check_resampled_sine(192000, 20000, 0);
	assert_null(resample_new(0));
}

/* ---- decoding ------------------------------------------------------------------ */

/* Channel 0 a ramp, channel 1 its inverse. */
static double ramp(int64_t i, int ch, int rate, void *user)
{
	(void)rate;
	(void)user;
	return (ch ? -1 : 1) * (double)(i % 50000) / 1048576.0;
}

static void expect_frames(const char *path, int64_t start, int64_t frames, uint64_t mask,
			  double sign, int64_t want, int64_t missing)
{
	struct decode *d;
	struct errbuf eb;
	float buf[3000];
	int64_t got, total = 0;

	errbuf_init(&eb);
	assert_int_equal(decode_open_file(path, start, frames, mask, &d, &eb), ERR_OK);
	while ((got = decode_read(d, buf, 3000, &eb)) > 0) {
		for (int64_t i = 0; i < got; i++) {
			double v = sign * (double)((start + total + i) % 50000) / 1048576.0;

			if (fabs(buf[i] - v) > 1e-6)
				fail_msg("frame %lld: %g, want %g", (long long)(start + total + i),
					 buf[i], v);
		}
		total += got;
	}
	assert_int_equal(got, 0);
	assert_int_equal(total, want);
	assert_int_equal(decode_frames_missing(d), missing);
	decode_free(d);
}

static void test_decode(void **state)
{
	static const int formats[] = {
		WAV24, SF_FORMAT_AIFF | SF_FORMAT_PCM_24, SF_FORMAT_FLAC | SF_FORMAT_PCM_24,
		SF_FORMAT_WAV | SF_FORMAT_FLOAT, SF_FORMAT_RF64 | SF_FORMAT_PCM_24,
	};
	static const char *const names[] = { "r.wav", "r.aiff", "r.flac", "rf.wav", "r.rf64" };
	struct decode *d;
	struct errbuf eb;

	(void)state;
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		char *p = audiogen_write(names[f], formats[f], 2, 48000, 120000, ramp, NULL);

		expect_frames(p, 1000, 5000, 1, 1, 5000, 0);
		expect_frames(p, 70000, 7000, 2, -1, 7000, 0);
		/* both: the inverted channel is aligned, not cancelled */
		expect_frames(p, 60000, -1, 0, 1, 60000, 0);
		/* past the end */
		expect_frames(p, 119000, 5000, 1, 1, 1000, 4000);
		expect_frames(p, 200000, 10, 1, 1, 0, 10);
		errbuf_init(&eb);
		assert_int_equal(decode_open_file(p, -1, 10, 0, &d, &eb), ERR_INVALID);
		assert_int_equal(decode_open_file(p, 0, 10, 4, &d, &eb), ERR_INVALID);
		assert_null(d);
		free(p);
	}
}

static void test_memory_reader(void **state)
{
	char *p = audiogen_write("m.wav", WAV16, 1, 44100, 30000, ramp, NULL);
	struct decode_reader r;
	struct decode *d;
	struct errbuf eb;
	struct stat st;
	unsigned char *img;
	FILE *f = fopen(p, "rb");
	float buf[4096];
	int64_t got, total = 0;

	(void)state;
	assert_int_equal(stat(p, &st), 0);
	img = xmalloc((size_t)st.st_size);
	assert_int_equal(fread(img, 1, (size_t)st.st_size, f), (size_t)st.st_size);
	fclose(f);
	errbuf_init(&eb);
	assert_int_equal(decode_reader_open_memory(img, (size_t)st.st_size, &r, &eb), ERR_OK);
	assert_int_equal(r.sample_rate, 44100);
	assert_int_equal(decode_open(&r, 100, -1, 0, &d, &eb), ERR_OK);
	while ((got = decode_read(d, buf, 4096, &eb)) > 0)
		total += got;
	assert_int_equal(total, 29900);
	decode_free(d);
	/* garbage in memory */
	memset(img, 0x5a, 200);
	assert_int_equal(decode_reader_open_memory(img, 200, &r, &eb), ERR_MEDIA_UNREADABLE);
	free(img);
	free(p);
}

/* ---- bad and special input --------------------------------------------------------- */

static double silence(int64_t i, int ch, int rate, void *user)
{
	(void)i, (void)ch, (void)rate, (void)user;
	return 0;
}

/* Voice on channel 4 (0-based) of 8, nothing elsewhere. */
static double voice_on_5(int64_t i, int ch, int rate, void *user)
{
	return ch == 4 ? audiogen_voice(i, ch, rate, user) : 0;
}

static double voice_inverted(int64_t i, int ch, int rate, void *user)
{
	return (ch ? -1 : 1) * audiogen_voice(i, 0, rate, user);
}

static double not_finite(int64_t i, int ch, int rate, void *user)
{
	(void)ch, (void)rate, (void)user;
	if (i % 1000 == 3)
		return NAN;
	if (i % 1000 == 7)
		return i % 2 ? INFINITY : -INFINITY;
	if (i % 1000 == 9)
		return 1e30;
	return 0.3 * sin(i * 0.05);
}

static void test_empty_and_silent(void **state)
{
	char *p = audiogen_write("empty.wav", WAV24, 1, 48000, 0, silence, NULL);
	struct analysis_result r = classify_ok(p, 0, -1, 0);

	(void)state;
	assert_true(r.problems & ANALYSIS_PROBLEM_EMPTY);
	assert_int_equal(r.confidence, 0);
	assert_int_equal(r.features.frames, 0);
	free(p);
	p = audiogen_write("silent.wav", WAV24, 2, 48000, 96000, silence, NULL);
	r = classify_ok(p, 0, -1, 0);
	assert_true(r.tags & ANALYSIS_TAG_SILENCE);
	assert_int_equal(r.confidence, 0);
	assert_int_equal(r.problems, 0);
	assert_true(fabs(r.features.duration - 2) < 1e-9);
	free(p);
}

static void test_levels(void **state)
{
	struct audiogen_tone clip = { 500, 1.5, 0, 0, 0 }, dc = { 300, 0.3, 0.1, 0, 0 };
	char *p = audiogen_write("clipped.wav", WAV16, 1, 48000, 48000, audiogen_tone, &clip);
	struct analysis_result r = classify_ok(p, 0, -1, 0);

	(void)state;
	assert_true(r.problems & ANALYSIS_PROBLEM_CLIPPED);
	assert_false(r.problems & ANALYSIS_PROBLEM_DC_OFFSET);
	free(p);
	p = audiogen_write("dc.wav", WAV16, 1, 48000, 48000, audiogen_tone, &dc);
	r = classify_ok(p, 0, -1, 0);
	assert_true(r.problems & ANALYSIS_PROBLEM_DC_OFFSET);
	assert_false(r.problems & ANALYSIS_PROBLEM_CLIPPED);
	assert_true(fabs(r.features.dc - 0.1) < 0.001);
	free(p);
	/* float data that is not finite or far beyond full scale */
	p = audiogen_write("nan.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 1, 48000, 48000,
			   not_finite, NULL);
	r = classify_ok(p, 0, -1, 0);
	assert_true(isfinite(r.features.rms_db));
	free(p);
}

static void test_rates_and_channels(void **state)
{
	static const int rates[] = { 8000, 22050, 44100, 96000, 192000 };
	struct analysis_result r, mono;
	char *p, name[64];

	(void)state;
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		snprintf(name, sizeof(name), "voice%d.wav", rates[i]);
		p = audiogen_write(name, WAV24, 1, rates[i], 2 * rates[i], audiogen_voice, NULL);
		r = classify_ok(p, 0, -1, 0);
		assert_int_equal(r.features.sample_rate, rates[i]);
		assert_true(fabs(r.features.duration - 2) < 1e-9);
		assert_false(r.tags & (ANALYSIS_TAG_SILENCE | ANALYSIS_TAG_TONE));
		if (i == 0)
			mono = r;
		else	/* the same sound at any rate measures alike */
			assert_true(fabs(r.features.v[FEATURE_VOICED_RATIO] -
					 mono.features.v[FEATURE_VOICED_RATIO]) < 0.1);
		free(p);
	}
	p = audiogen_write("eight.wav", WAV24, 8, 48000, 96000, voice_on_5, NULL);
	r = classify_ok(p, 0, -1, 1u << 4);
	assert_int_equal(r.features.channels, 1);
	assert_false(r.tags & ANALYSIS_TAG_SILENCE);
	r = classify_ok(p, 0, -1, 1u << 2);
	assert_true(r.tags & ANALYSIS_TAG_SILENCE);
	r = classify_ok(p, 0, -1, 0);
	assert_int_equal(r.features.channels, 8);
	assert_false(r.tags & ANALYSIS_TAG_SILENCE);
	free(p);
	/* R = -L: mixed without cancelling */
	p = audiogen_write("inverted.wav", WAV24, 2, 48000, 96000, voice_inverted, NULL);
	r = classify_ok(p, 0, -1, 0);
	mono = classify_ok(p, 0, -1, 1);
	assert_true(fabs(r.features.rms_db - mono.features.rms_db) < 0.5);
	free(p);
}

static void test_tags(void **state)
{
	struct audiogen_tone lineup = { 1000, 0.125, 0, 0, 0 }, room = { 0, 0, 0, 0.003, 9 };
	char *p = audiogen_write("tone.wav", WAV24, 2, 48000, 5 * 48000, audiogen_tone, &lineup);
	struct analysis_result r = classify_ok(p, 0, -1, 0);

	(void)state;
	assert_true(r.tags & ANALYSIS_TAG_TONE);
	assert_int_equal(r.cls, CLIP_CLASS_SFX);
	assert_true(fabs(r.features.tone_hz - 1000) < 16);
	/* a 2-pop: one frame at 24 fps */
	r = classify_ok(p, 48000, 2000, 0);
	assert_true(r.tags & ANALYSIS_TAG_TONE);
	assert_true(r.problems & ANALYSIS_PROBLEM_TOO_SHORT);
	free(p);
	p = audiogen_write("room.wav", WAV24, 1, 48000, 4 * 48000, audiogen_tone, &room);
	r = classify_ok(p, 0, -1, 0);
	assert_true(r.tags & ANALYSIS_TAG_ROOM_TONE);
	assert_false(r.tags & (ANALYSIS_TAG_TONE | ANALYSIS_TAG_SILENCE));
	free(p);
	p = audiogen_write("voice.wav", WAV24, 1, 48000, 4 * 48000, audiogen_voice, NULL);
	r = classify_ok(p, 0, -1, 0);
	assert_int_equal(r.tags, 0);
	free(p);
}

static void write_bytes(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	if (len)
		assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void test_broken_files(void **state)
{
	char *p = audiogen_write("cut.wav", WAV24, 2, 48000, 96000, audiogen_voice, NULL);
	char *q = xasprintf("%s", p);
	struct analysis_result r;
	struct stat st;
	unsigned char junk[4096];

	(void)state;
	/* truncated: libsndfile reads what is there; the range says what is missing */
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(truncate(p, st.st_size / 2), 0);
	r = classify_ok(p, 0, 96000, 0);
	assert_true(r.problems & ANALYSIS_PROBLEM_TRUNCATED);
	assert_true(r.features.frames > 40000 && r.features.frames < 50000);
	/* header only */
	assert_int_equal(truncate(p, 44), 0);
	r = classify_ok(p, 0, -1, 0);
	assert_true(r.problems & ANALYSIS_PROBLEM_EMPTY);
	/* garbage, text, nothing, a directory, no file */
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)(i * 7919 >> 3);
	write_bytes(q, junk, sizeof(junk));
	assert_int_equal(classify_err(q), ERR_MEDIA_UNREADABLE);
	write_bytes(q, "RIFF\x10\0\0\0WAVEfmt ", 16);
	assert_int_equal(classify_err(q), ERR_MEDIA_UNREADABLE);
	write_bytes(q, "this is not audio\n", 18);
	assert_int_equal(classify_err(q), ERR_MEDIA_UNREADABLE);
	write_bytes(q, "", 0);
	assert_int_equal(classify_err(q), ERR_MEDIA_UNREADABLE);
	assert_int_equal(classify_err(audiogen_dir_path()), ERR_MEDIA_UNREADABLE);
	free(q);
	q = xasprintf("%s.missing", p);
	assert_int_equal(classify_err(q), ERR_MEDIA_MISSING);
	free(q);
	free(p);
}

/* Ogg Vorbis (lossy, so no sample-exact check), a file name that is not
 * UTF-8, and a range past the end of the file. */
static void test_ogg_names_ranges(void **state)
{
	char *p = audiogen_write("v.ogg", SF_FORMAT_OGG | SF_FORMAT_VORBIS, 1, 48000, 96000,
				 audiogen_voice, NULL);
	struct analysis_result r = classify_ok(p, 0, -1, 0);

	(void)state;
	assert_true(fabs(r.features.duration - 2) < 0.01);
	assert_false(r.tags & ANALYSIS_TAG_SILENCE);
	free(p);
	p = audiogen_write("caf\xe9-\xff.wav", WAV16, 1, 48000, 96000, audiogen_voice, NULL);
	r = classify_ok(p, 0, -1, 0);
	assert_true(fabs(r.features.duration - 2) < 1e-9);
	/* 1 s asked for from 1.5 s: half of it is there */
	r = classify_ok(p, 72000, 48000, 0);
	assert_true(r.problems & ANALYSIS_PROBLEM_TRUNCATED);
	assert_int_equal(r.features.frames, 24000);
	/* entirely past the end: nothing to judge, said so */
	r = classify_ok(p, 200000, 48000, 0);
	assert_true(r.problems & ANALYSIS_PROBLEM_TRUNCATED);
	assert_true(r.problems & ANALYSIS_PROBLEM_EMPTY);
	assert_int_equal(r.confidence, 0);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resample),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_memory_reader),
		cmocka_unit_test(test_empty_and_silent),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_rates_and_channels),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_broken_files),
		cmocka_unit_test(test_ogg_names_ranges),
	};
	return cmocka_run_group_tests_name("analysis", tests, setup, teardown);
}

/* test_essence.c: audio embedded in an AAF that our writer made (WAVE and
 * raw PCM essence) is analysed exactly like the same audio in an external
 * file: same samples, same class and scores; and broken references give
 * clear errors. */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <sndfile.h>

#include "aaf/aaf.h"
#include "aaf/aafwriter.h"
#include "aaf/cfbpad.h"
#include "analysis/clipread.h"
#include "analysis/essence.h"
#include "analysis/job.h"
#include "audiogen.h"
#include "session_build.h"
#include "xalloc.h"

#define RATE 48000
#define VOICE_FRAMES (RATE * 4)
#define TONE_FRAMES (RATE * 3)

/* Media as the reader numbers them: in the order clips first use them. */
#define VOICE_IN 0	/* the voice, embedded WAVE */
#define VOICE_OUT 1	/* the voice, external file */
#define CHORD_IN 2	/* the chord, embedded raw PCM */

static struct classifier *model;
static char *voice_wav, *tone_wav, *aaf_path;
static struct session *back;	/* the AAF read back */

/* A chord with a little noise, different per channel. */
static double chord(int64_t i, int ch, int rate, void *user)
{
	double t = (double)i / rate;

	(void)user;
	return 0.2 * sin(2 * M_PI * 220 * t) + 0.15 * sin(2 * M_PI * 277.18 * t + ch) +
	       0.1 * sin(2 * M_PI * 329.63 * t);
}

/* Session: media 0 the voice embedded as WAVE (16 bit), media 1 the chord
 * embedded as raw PCM (24 bit, stereo), media 2 the voice as an external
 * file; clips play the same ranges of 0 and 2. */
static struct session *build(void)
{
	struct session *s = session_build_new("embedded", 25, 1, 90000, false);
	struct track *a1 = session_build_track(s, "A1", 25, 1);
	struct track *a2 = session_build_track(s, "A2", 25, 1);
	struct track *st = session_build_track(s, "ST", 25, 1);
	struct media *m;
	char *url = xasprintf("file:///elsewhere/%s", "voice.wav");

	m = session_build_media(s, "voice embedded", MEDIA_CONTAINER_WAVE, 1, RATE, 16,
				VOICE_FRAMES, NULL);
	m->path = xstrdup(voice_wav);
	m = session_build_media(s, "chord embedded", MEDIA_CONTAINER_PCM, 2, RATE, 24,
				TONE_FRAMES, NULL);
	m->path = xstrdup(tone_wav);
	session_build_media(s, "voice.wav", MEDIA_CONTAINER_WAVE, 1, RATE, 16, VOICE_FRAMES, url);
	free(url);
	session_build_clip(a1, "voice in", 0, 75, 0, 1, 1, 9600, RATE);
	session_build_clip(a2, "voice out", 0, 75, 2, 1, 1, 9600, RATE);
	session_build_clip(st, "chord", 0, 50, 1, 1, 2, 4800, RATE);
	session_build_finish(s);
	return s;
}

static int setup(void **state)
{
	struct audiogen_tone tone = { 0 };
	struct session *s;
	struct aaf_options opt;
	struct aaf_write_options wo;
	struct errbuf eb;
	const char *dirs[1];

	(void)state;
	errbuf_init(&eb);
	model = classifier_load_default(&eb);
	if (!model) {
		fprintf(stderr, "no model: %s\n", errbuf_msg(&eb));
		return -1;
	}
	audiogen_dir("essence");
	voice_wav = audiogen_write("voice.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, RATE,
				   VOICE_FRAMES, audiogen_voice, &tone);
	tone_wav = audiogen_write("chord.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 2, RATE,
				  TONE_FRAMES, chord, NULL);
	aaf_path = xasprintf("%s/embedded.aaf", audiogen_dir_path());
	s = build();
	/* the default 4096-byte sectors, and over 1 MB: libgsf needs the
	 * repair of cfbpad.h to read it back */
	aaf_write_options_init(&wo);
	if (aaf_write_file(s, aaf_path, &wo, &eb)) {
		fprintf(stderr, "write: %s\n", errbuf_msg(&eb));
		return -1;
	}
	session_free(s);
	aaf_options_init(&opt);
	dirs[0] = audiogen_dir_path();
	opt.media_dirs = dirs;
	opt.n_media_dirs = 1;
	if (aaf_read_file(aaf_path, &opt, &back, &eb)) {
		fprintf(stderr, "read: %s\n", errbuf_msg(&eb));
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	session_free(back);
	classifier_free(model);
	free(voice_wav);
	free(tone_wav);
	free(aaf_path);
	audiogen_cleanup();
	return 0;
}

/* The reader records where the essence is: a full path in the file. */
static void test_media_records(void **state)
{
	(void)state;
	assert_int_equal(back->n_media, 3);
	assert_true(back->media[VOICE_IN].embedded);
	assert_true(back->media[CHORD_IN].embedded);
	assert_false(back->media[VOICE_OUT].embedded);
	assert_int_equal(back->media[CHORD_IN].container, MEDIA_CONTAINER_PCM);
	assert_non_null(back->media[VOICE_IN].essence_stream);
	assert_non_null(back->media[CHORD_IN].essence_stream);
	assert_int_equal(back->media[VOICE_IN].essence_stream[0], '/');
	assert_string_not_equal(back->media[VOICE_IN].essence_stream,
				back->media[CHORD_IN].essence_stream);
}

/* cfbpad_missing() on made-up headers: the one missing FAT sector only. */
static void test_cfbpad(void **state)
{
	uint8_t hdr[CFBPAD_HEADER];

	(void)state;
	memset(hdr, 0xff, sizeof(hdr));
	memcpy(hdr, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8);
	hdr[0x1e] = 12;
	hdr[0x1f] = 0;
	memset(hdr + 0x2c, 0, 4);
	hdr[0x2c] = 2;			/* two FAT sectors: 0x82 and 0x83 */
	memset(hdr + 0x4c, 0, 8);
	hdr[0x4c] = 0x82;
	hdr[0x50] = 0x83;
	assert_int_equal(cfbpad_missing(hdr, 132 * 4096), 4096);	/* 0x83 is missing */
	assert_int_equal(cfbpad_missing(hdr, 133 * 4096), 0);	/* whole */
	assert_int_equal(cfbpad_missing(hdr, 131 * 4096), 0);	/* more is missing: not ours */
	assert_int_equal(cfbpad_missing(hdr, 132 * 4096 - 10), 0);	/* not whole sectors */
	hdr[0x1e] = 9;			/* 512-byte sectors */
	assert_int_equal(cfbpad_missing(hdr, 132 * 512), 512);
	hdr[0] = 'X';			/* not a compound file */
	assert_int_equal(cfbpad_missing(hdr, 132 * 512), 0);
}

/* The same session written into memory reads back too (cfbpad.h). */
static void test_memory_image(void **state)
{
	struct session *s = build(), *r = NULL;
	struct errbuf eb;
	uint8_t *data;
	size_t len;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(aaf_write_memory(s, NULL, &data, &len, &eb), ERR_OK);
	assert_true(len > (1u << 20));
	if (aaf_read_memory(data, len, NULL, &r, &eb))
		fail_msg("read back from memory: %s", errbuf_msg(&eb));
	assert_int_equal(r->n_media, 3);
	session_free(r);
	session_free(s);
	free(data);
}

/* Reads every frame of r into a new buffer. */
static float *read_all(struct decode_reader *r, int64_t *frames)
{
	size_t cap = 4096, n = 0;
	float *buf = xmalloc(cap * (size_t)r->channels * sizeof(float));
	int64_t got;

	for (;;) {
		if (n + 1024 > cap) {
			cap *= 2;
			buf = xreallocarray(buf, cap * (size_t)r->channels, sizeof(float));
		}
		got = r->read(r->ctx, buf + n * (size_t)r->channels, 1024);
		assert_true(got >= 0);
		if (got == 0)
			break;
		n += (size_t)got;
	}
	*frames = (int64_t)n;
	return buf;
}

/* Embedded samples are the file's samples, bit for bit (16-bit WAVE) and
 * within 24-bit rounding (raw PCM written from a 24-bit file). */
static void check_same_samples(int media, const char *file, double tol)
{
	struct decode_reader e, f;
	struct errbuf eb;
	int64_t ne, nf;
	float *se, *sf;

	errbuf_init(&eb);
	assert_int_equal(essence_reader_open(aaf_path, &back->media[media], &e, &eb), ERR_OK);
	assert_int_equal(decode_reader_open_file(file, &f, &eb), ERR_OK);
	assert_int_equal(e.channels, f.channels);
	assert_int_equal(e.sample_rate, f.sample_rate);
	assert_int_equal(e.frames, f.frames);
	se = read_all(&e, &ne);
	sf = read_all(&f, &nf);
	assert_int_equal(ne, nf);
	for (int64_t i = 0; i < ne * e.channels; i++)
		if (fabs((double)se[i] - sf[i]) > tol)
			fail_msg("sample %lld: %g vs %g", (long long)i, se[i], sf[i]);
	e.close(e.ctx);
	f.close(f.ctx);
	free(se);
	free(sf);
}

static void test_same_samples(void **state)
{
	(void)state;
	check_same_samples(VOICE_IN, voice_wav, 0);
	check_same_samples(CHORD_IN, tone_wav, 1.0 / (1 << 23));
}

/* The analysis job: the embedded clip gets the same answer as the same
 * range of the external file. */
static void test_job_same_answer(void **state)
{
	struct analysis_job *j = analysis_job_new(back, model, NULL);
	const struct clip_analysis *in, *out, *chord_rec;
	struct errbuf eb;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(analysis_job_run(j, &eb), ERR_OK);
	in = analysis_job_clip(j, 0, 0);
	out = analysis_job_clip(j, 1, 0);
	chord_rec = analysis_job_clip(j, 2, 0);
	assert_non_null(in);
	assert_non_null(out);
	assert_non_null(chord_rec);
	if (in->err || out->err || chord_rec->err)
		fail_msg("errors: '%s' '%s' '%s'", in->error ? in->error : "",
			 out->error ? out->error : "", chord_rec->error ? chord_rec->error : "");
	assert_int_equal(in->result.cls, out->result.cls);
	for (int k = 0; k < CLIP_CLASS_COUNT; k++)
		assert_true(in->result.scores[k] == out->result.scores[k]);
	assert_int_equal(in->result.problems, out->result.problems);
	assert_true(chord_rec->result.features.duration > 1.9);
	printf("voice: %s %.3f embedded and external; chord: %s %.3f\n",
	       clip_class_name(in->result.cls), in->result.confidence,
	       clip_class_name(chord_rec->result.cls), chord_rec->result.confidence);
	analysis_job_free(j);
}

/* Channel analyses read the embedded stereo clip too. */
static void test_clipread_embedded(void **state)
{
	struct clipread *cr;
	struct errbuf eb;
	float l[CLIPREAD_BLOCK], r[CLIPREAD_BLOCK];
	float *out[2] = { l, r };
	int64_t got, total = 0;
	bool differ = false;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(clipread_open_clip(back, 2, 0, &cr, &eb), ERR_OK);
	assert_int_equal(clipread_channels(cr), 2);
	while ((got = clipread_read(cr, out, CLIPREAD_BLOCK, &eb)) > 0) {
		for (int64_t i = 0; i < got; i++)
			differ |= l[i] != r[i];
		total += got;
	}
	assert_int_equal(got, 0);
	assert_int_equal(total, RATE * 2);	/* 50 frames at 25 fps */
	assert_true(differ);
	clipread_free(cr);
}

/* Broken references: a stream that is not there, an AAF that is gone, MXF. */
static void test_errors(void **state)
{
	struct media m = back->media[VOICE_IN];
	struct decode_reader r;
	struct errbuf eb;
	char *gone = xasprintf("%s/gone.aaf", audiogen_dir_path());
	char nostream[] = "/Header-2/no-such-stream";

	(void)state;
	errbuf_init(&eb);
	m.essence_stream = nostream;
	assert_int_equal(essence_reader_open(aaf_path, &m, &r, &eb), ERR_MEDIA_MISSING);
	assert_non_null(strstr(errbuf_msg(&eb), "no essence stream"));
	m = back->media[VOICE_IN];
	errbuf_init(&eb);
	assert_int_equal(essence_reader_open(gone, &m, &r, &eb), ERR_MEDIA_UNREADABLE);
	errbuf_init(&eb);
	assert_int_equal(essence_reader_open(NULL, &m, &r, &eb), ERR_MEDIA_UNREADABLE);
	m.container = MEDIA_CONTAINER_MXF;
	errbuf_init(&eb);
	assert_int_equal(essence_reader_open(aaf_path, &m, &r, &eb), ERR_MEDIA_UNREADABLE);
	errbuf_init(&eb);
	assert_int_equal(essence_reader_open(aaf_path, &back->media[VOICE_OUT], &r, &eb), ERR_INVALID);
	/* raw PCM of a width libsndfile has no raw format for */
	m = back->media[CHORD_IN];
	m.bits = 20;
	errbuf_init(&eb);
	assert_int_equal(essence_reader_open(aaf_path, &m, &r, &eb), ERR_MEDIA_UNREADABLE);
	free(gone);
}

/* Real exports with embedded essence in ../shared/aaf (LibAAF's test
 * files: a WAVE essence from Premiere, raw PCM from Pro Tools, each a
 * 1 kHz tone at -18 dBFS): analysed, and found to be a tone. */
static void check_shared(const char *shared, const char *name)
{
	char *path = xasprintf("%s/aaf/%s", shared, name);
	struct session *s = NULL;
	struct analysis_job *j;
	const struct clip_analysis *ca;
	struct errbuf eb;

	errbuf_init(&eb);
	if (aaf_read_file(path, NULL, &s, &eb))
		fail_msg("%s: %s", name, errbuf_msg(&eb));
	assert_true(s->n_media >= 1 && s->media[0].embedded);
	j = analysis_job_new(s, model, NULL);
	assert_int_equal(analysis_job_run(j, &eb), ERR_OK);
	ca = NULL;
	for (size_t t = 0; t < s->n_tracks && !ca; t++)	/* the first audio clip */
		if (s->tracks[t].kind == TRACK_KIND_AUDIO && s->tracks[t].n_clips)
			ca = analysis_job_clip(j, t, 0);
	assert_non_null(ca);
	if (ca->err)
		fail_msg("%s: %s", name, ca->error);
	assert_true(ca->result.tags & ANALYSIS_TAG_TONE);
	assert_true(ca->result.features.duration > 0.5);
	printf("%s: %s %.3f, tone, %.2f s\n", name, clip_class_name(ca->result.cls),
	       ca->result.confidence, ca->result.features.duration);
	analysis_job_free(j);
	session_free(s);
	free(path);
}

static void test_shared_embedded(void **state)
{
	const char *shared = getenv("TURNOVER_SHARED");
	char *probe;
	FILE *f;

	(void)state;
	if (!shared || !*shared)
		skip();
	probe = xasprintf("%s/aaf/PT_PCM_Internal.aaf", shared);
	f = fopen(probe, "rb");
	free(probe);
	if (!f)
		skip();
	fclose(f);
	check_shared(shared, "PT_PCM_Internal.aaf");
	check_shared(shared, "PR_WAV_Internal.aaf");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_media_records),
		cmocka_unit_test(test_cfbpad),
		cmocka_unit_test(test_memory_image),
		cmocka_unit_test(test_same_samples),
		cmocka_unit_test(test_job_same_answer),
		cmocka_unit_test(test_clipread_embedded),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_shared_embedded),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

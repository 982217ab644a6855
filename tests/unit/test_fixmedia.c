/*
 * test_fixmedia.c: fixed media on files generated here: a split pair
 * re-interleaved equals its halves sample for sample, with the bext
 * (timecode reference) and iXML chunks carried over; folding and polarity
 * flips; float data; deterministic bytes; the originals' bytes and times
 * never touched; refusals.  Then the fix plan of a session: the files it
 * writes and the model change.
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

#include "analysis/fixmedia.h"
#include "analysis/fixplan.h"
#include "analysis/pairs.h"
#include "audiogen.h"
#include "sessgen.h"
#include "xalloc.h"

#define RATE 48000
#define WAV16 (SF_FORMAT_WAV | SF_FORMAT_PCM_16)
#define WAV24 (SF_FORMAT_WAV | SF_FORMAT_PCM_24)
#define WAVF (SF_FORMAT_WAV | SF_FORMAT_FLOAT)
#define IXML "<?xml version=\"1.0\"?><BWFXML><PROJECT>T</PROJECT><SCENE>12</SCENE></BWFXML>"
#define TIME_REF 172800000ULL	/* 01:00:00:00 at 48 kHz */

static int setup(void **state)
{
	(void)state;
	audiogen_dir("fixmedia");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	audiogen_cleanup();
	return 0;
}

struct gen {
	int format, channels;
	int64_t frames;
	uint64_t seed;
	bool bext, ixml;
	/* two sources a and b spread over the sides: channel 0 is mix * a +
	 * (1 - mix) * b, channel 1 the other way round; 1: a everywhere */
	double mix;
};

static void add_chunks(SNDFILE *sf, const struct gen *g)
{
	if (g->bext) {
		SF_BROADCAST_INFO bi;

		memset(&bi, 0, sizeof(bi));
		strcpy(bi.description, "scene 12 take 3");
		strcpy(bi.originator, "turnover tests");
		strcpy(bi.origination_date, "2026-01-02");
		strcpy(bi.origination_time, "10:11:12");
		bi.time_reference_low = (uint32_t)TIME_REF;
		bi.time_reference_high = (uint32_t)(TIME_REF >> 32);
		bi.version = 1;
		assert_int_equal(sf_command(sf, SFC_SET_BROADCAST_INFO, &bi, sizeof(bi)), SF_TRUE);
	}
	if (g->ixml) {
		SF_CHUNK_INFO ci;

		memset(&ci, 0, sizeof(ci));
		strcpy(ci.id, "iXML");
		ci.id_size = 4;
		ci.datalen = (unsigned)strlen(IXML);
		ci.data = (void *)(uintptr_t)IXML;
		assert_int_equal(sf_set_chunk(sf, &ci), SF_ERR_NO_ERROR);
	}
}

/* Writes a file of g with libsndfile, samples as doubles (clipped). */
static char *write_gen(const char *name, const struct gen *g)
{
	char *path = xasprintf("%s/%s", audiogen_dir_path(), name);
	SF_INFO info = { .samplerate = RATE, .channels = g->channels, .format = g->format };
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
	double *buf = xmalloc((size_t)g->channels * sizeof(double));

	assert_non_null(sf);
	sf_command(sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
	add_chunks(sf, g);
	for (int64_t i = 0; i < g->frames; i++) {
		double a = sessgen_source(g->seed, i, RATE), b = sessgen_source(g->seed + 1, i, RATE);

		for (int c = 0; c < g->channels; c++)
			buf[c] = g->mix == 1 ? a : c == 0 ? g->mix * a + (1 - g->mix) * b :
				 (1 - g->mix) * a + g->mix * b;
		assert_int_equal(sf_writef_double(sf, buf, 1), 1);
	}
	sf_close(sf);
	free(buf);
	return path;
}

/* Every sample of a file as ints (float files: the float bits), with
 * the frame and channel counts. */
static int32_t *read_all(const char *path, int64_t *frames, int *channels)
{
	SF_INFO info;
	SNDFILE *sf;
	int32_t *v;

	memset(&info, 0, sizeof(info));
	sf = sf_open(path, SFM_READ, &info);
	assert_non_null(sf);
	v = xmalloc((size_t)(info.frames ? info.frames : 1) * (size_t)info.channels * 4);
	if ((info.format & SF_FORMAT_SUBMASK) == SF_FORMAT_FLOAT)
		assert_int_equal(sf_readf_float(sf, (float *)v, info.frames), info.frames);
	else
		assert_int_equal(sf_readf_int(sf, (int *)v, info.frames), info.frames);
	sf_close(sf);
	*frames = info.frames;
	*channels = info.channels;
	return v;
}

static unsigned char *read_bytes(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long len;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)len + 1);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return buf;
}

/* A file's bytes and modification time, to show it was not touched. */
struct snapshot {
	unsigned char *bytes;
	size_t n;
	struct timespec mtime;
};

static struct snapshot snap(const char *path)
{
	struct snapshot s;
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	s.bytes = read_bytes(path, &s.n);
	s.mtime = st.st_mtim;
	return s;
}

static void assert_untouched(const char *path, struct snapshot *before)
{
	struct snapshot now = snap(path);

	assert_int_equal(now.n, before->n);
	assert_memory_equal(now.bytes, before->bytes, now.n);
	assert_true(now.mtime.tv_sec == before->mtime.tv_sec &&
		    now.mtime.tv_nsec == before->mtime.tv_nsec);
	free(now.bytes);
	free(before->bytes);
}

/* out's channel oc equals channel ic of in over in's frames (zeros after). */
static void assert_channel(const char *out, int oc, const char *in, int ic, bool invert)
{
	int64_t fo, fi;
	int co, ci;
	int32_t *o = read_all(out, &fo, &co), *v = read_all(in, &fi, &ci);

	assert_true(fo >= fi);
	for (int64_t i = 0; i < fo; i++) {
		int32_t want = i < fi ? v[i * ci + ic] : 0;

		if (invert)
			want = want == INT32_MIN ? INT32_MAX & ~0xffff : -want;
		if (o[i * co + oc] != want)
			fail_msg("%s ch %d frame %lld: %d, expected %d", out, oc, (long long)i,
				 o[i * co + oc], want);
	}
	free(o);
	free(v);
}

static void assert_same_chunk(const char *a, const char *b, const char *id)
{
	unsigned char *x, *y;
	size_t nx, ny;

	assert_int_equal(fixmedia_chunk_read(a, id, &x, &nx, NULL), ERR_OK);
	assert_int_equal(fixmedia_chunk_read(b, id, &y, &ny, NULL), ERR_OK);
	assert_int_equal(nx, ny);
	assert_memory_equal(x, y, nx);
	free(x);
	free(y);
}

/* ---- files ------------------------------------------------------------------------ */

static void test_interleave(void **state)
{
	struct gen gl = { WAV24, 1, RATE + 7, 50, true, true, 0 };
	struct gen gr = { WAV24, 1, RATE + 7, 51, false, false, 0 };
	char *l = write_gen("take.L.wav", &gl), *r = write_gen("take.R.wav", &gr);
	char *out = xasprintf("%s/take.wav", audiogen_dir_path());
	char *again = xasprintf("%s/again.wav", audiogen_dir_path());
	struct snapshot sl = snap(l), sr = snap(r);
	struct fixmedia_input in[2] = { { l, 1, false }, { r, 1, false } };
	struct fixmedia_info info;
	SF_BROADCAST_INFO bi;
	unsigned char *b1, *b2;
	size_t n1, n2;
	SF_INFO sfi;
	SNDFILE *sf;
	struct errbuf eb;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(fixmedia_write(in, 2, out, &info, &eb), ERR_OK);
	assert_int_equal(info.channels, 2);
	assert_int_equal(info.bits, 24);
	assert_int_equal(info.frames, RATE + 7);
	assert_true(info.has_bext && info.has_ixml && !info.padded);
	assert_channel(out, 0, l, 0, false);
	assert_channel(out, 1, r, 0, false);
	assert_same_chunk(out, l, "bext");
	assert_same_chunk(out, l, "iXML");
	/* libsndfile reads the result as a BWF with the timecode reference */
	memset(&sfi, 0, sizeof(sfi));
	sf = sf_open(out, SFM_READ, &sfi);
	assert_non_null(sf);
	assert_int_equal(sfi.format, WAV24);
	assert_int_equal(sf_command(sf, SFC_GET_BROADCAST_INFO, &bi, sizeof(bi)), SF_TRUE);
	assert_true(((uint64_t)bi.time_reference_high << 32 | bi.time_reference_low) == TIME_REF);
	sf_close(sf);
	/* the same sources give the same bytes */
	assert_int_equal(fixmedia_write(in, 2, again, NULL, &eb), ERR_OK);
	b1 = read_bytes(out, &n1);
	b2 = read_bytes(again, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(b1, b2, n1);
	assert_untouched(l, &sl);
	assert_untouched(r, &sr);
	free(b1);
	free(b2);
	free(l);
	free(r);
	free(out);
	free(again);
}

/* A 16-bit stereo file whose right side holds the most negative value. */
static char *write_extremes(void)
{
	char *path = xasprintf("%s/extremes.wav", audiogen_dir_path());
	SF_INFO info = { .samplerate = RATE, .channels = 2, .format = WAV16 };
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
	short v[8] = { 100, -32768, -5, 32767, 0, 1, 32767, -1 };

	assert_non_null(sf);
	assert_int_equal(sf_writef_short(sf, v, 4), 4);
	sf_close(sf);
	return path;
}

static void test_flip_and_fold(void **state)
{
	char *src = write_extremes();
	char *flip = xasprintf("%s/flip.wav", audiogen_dir_path());
	char *fold = xasprintf("%s/fold.wav", audiogen_dir_path());
	struct fixmedia_input fi[2] = { { src, 1, false }, { src, 2, true } };
	struct fixmedia_input mono = { src, 1, false };
	struct fixmedia_info info;
	struct errbuf eb;
	int64_t frames;
	int ch;
	int32_t *v;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(fixmedia_write(fi, 2, flip, &info, &eb), ERR_OK);
	assert_false(info.has_bext);
	v = read_all(flip, &frames, &ch);
	assert_int_equal(frames, 4);
	assert_int_equal(v[1] >> 16, 32767);	/* -(-32768) clamps */
	assert_int_equal(v[3] >> 16, -32767);
	assert_int_equal(v[5] >> 16, -1);
	assert_int_equal(v[7] >> 16, 1);
	assert_int_equal(v[0] >> 16, 100);
	free(v);
	assert_int_equal(fixmedia_write(&mono, 1, fold, &info, &eb), ERR_OK);
	assert_int_equal(info.channels, 1);
	assert_channel(fold, 0, src, 0, false);
	free(src);
	free(flip);
	free(fold);
}

static void test_float_and_padding(void **state)
{
	struct gen ga = { WAVF, 2, 1000, 60, false, true, 0.5 };
	struct gen gb = { WAVF, 1, 1500, 61, true, false, 0 };
	char *a = write_gen("fa.wav", &ga), *b = write_gen("fb.wav", &gb);
	char *out = xasprintf("%s/fout.wav", audiogen_dir_path());
	struct fixmedia_input in[2] = { { a, 2, false }, { b, 1, false } };
	struct fixmedia_info info;
	struct errbuf eb;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(fixmedia_write(in, 2, out, &info, &eb), ERR_OK);
	assert_true(info.is_float && info.padded);
	assert_int_equal(info.frames, 1500);
	assert_true(info.has_bext && info.has_ixml);	/* each from the first that has it */
	assert_same_chunk(out, b, "bext");
	assert_same_chunk(out, a, "iXML");
	assert_channel(out, 0, a, 1, false);
	assert_channel(out, 1, b, 0, false);
	free(a);
	free(b);
	free(out);
}

static void test_refusals(void **state)
{
	struct gen g16 = { WAV16, 1, 100, 70, false, false, 0 };
	struct gen g24 = { WAV24, 1, 100, 71, false, false, 0 };
	char *a = write_gen("r16.wav", &g16), *b = write_gen("r24.wav", &g24);
	char *out = xasprintf("%s/never.wav", audiogen_dir_path());
	struct fixmedia_input mixed[2] = { { a, 1, false }, { b, 1, false } };
	struct fixmedia_input over = { a, 1, false }, bad_ch = { a, 2, false };
	struct fixmedia_input gone = { "/nonexistent/x.wav", 1, false };
	struct snapshot sa = snap(a);
	struct errbuf eb;
	struct stat st;
	unsigned char *d;
	size_t n;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(fixmedia_write(&over, 1, a, NULL, &eb), ERR_EXISTS);
	assert_untouched(a, &sa);
	errbuf_init(&eb);
	assert_int_equal(fixmedia_write(mixed, 2, out, NULL, &eb), ERR_INVALID);
	errbuf_init(&eb);
	assert_int_equal(fixmedia_write(&bad_ch, 1, out, NULL, &eb), ERR_INVALID);
	errbuf_init(&eb);
	assert_int_equal(fixmedia_write(&gone, 1, out, NULL, &eb), ERR_MEDIA_MISSING);
	assert_int_equal(fixmedia_write(mixed, 0, out, NULL, &eb), ERR_INVALID);
	assert_true(stat(out, &st) != 0);	/* nothing left behind */
	assert_int_equal(fixmedia_chunk_read(a, "bext", &d, &n, NULL), ERR_NOT_FOUND);
	free(a);
	free(b);
	free(out);
}

/* ---- the plan ------------------------------------------------------------------------ */

struct plan_files {
	char *l, *r, *dual, *inv, *st;
};

static void plan_files(struct plan_files *f)
{
	struct gen gl = { WAV24, 1, 2 * RATE, 80, true, false, 0.75 };
	struct gen gr = { WAV24, 1, 2 * RATE, 80, false, false, 0.75 };
	struct gen gd = { WAV16, 2, RATE, 82, false, false, 1 };
	struct gen gs = { WAV16, 2, 2 * RATE, 83, false, false, 0.75 };

	/* the left half of a stereo file, and its right half cut out of it */
	f->l = write_gen("cue.L.wav", &gl);
	gr.channels = 2;
	{
		char *both = write_gen("cue_both.wav", &gr);
		char *rpath = xasprintf("%s/cue.R.wav", audiogen_dir_path());
		struct fixmedia_input in = { both, 2, false };

		assert_int_equal(fixmedia_write(&in, 1, rpath, NULL, NULL), ERR_OK);
		f->r = rpath;
		free(both);
	}
	f->dual = write_gen("dual.wav", &gd);
	f->inv = xasprintf("%s/inv.wav", audiogen_dir_path());
	{
		struct fixmedia_input in[2] = { { f->dual, 1, false }, { f->dual, 2, true } };

		assert_int_equal(fixmedia_write(in, 2, f->inv, NULL, NULL), ERR_OK);
	}
	f->st = write_gen("st.wav", &gs);
}

/* A session over the plan files: a split pair on A1/A2, a dual mono clip
 * on A1, a polarity-inverted one on A2, one file's channels on A3/A4. */
static struct session *plan_session(const struct plan_files *f, size_t *t)
{
	struct session *s = sessgen_new();
	int ml = sessgen_media(s, f->l), mr = sessgen_media(s, f->r);
	int md = sessgen_media(s, f->dual), mi = sessgen_media(s, f->inv);
	int ms = sessgen_media(s, f->st);

	t[0] = sessgen_track(s, "A1");
	t[1] = sessgen_track(s, "A2");
	t[2] = sessgen_track(s, "A3");
	t[3] = sessgen_track(s, "A4");
	sessgen_clip(s, t[0], "cue L", RATE, RATE, ml, 1, 1, RATE / 2);
	sessgen_clip(s, t[1], "cue R", RATE, RATE, mr, 1, 1, RATE / 2);
	sessgen_clip(s, t[0], "dual", 3 * RATE, RATE / 2, md, 1, 2, 100);
	sessgen_clip(s, t[1], "inv", 3 * RATE, RATE / 2, mi, 1, 2, 200);
	sessgen_clip(s, t[2], "st", 0, RATE, ms, 1, 1, 10);
	sessgen_clip(s, t[3], "st", 0, RATE, ms, 2, 1, 10);
	sessgen_finish(s);
	return s;
}

/* The model after the plan ran (media 0-4 are the sources, 5-7 the fixed
 * files in plan order, 4 the stereo file joined on A3). */
static void check_model(const struct session *s, const size_t *t)
{
	const struct track *a1 = &s->tracks[t[0]], *a2 = &s->tracks[t[1]];

	/* the pair is one stereo clip on A1, its right half gone */
	assert_int_equal(a1->n_clips, 2);
	assert_int_equal(a1->clips[0].channels, 2);
	assert_int_equal(a1->clips[0].sources[0].media, 5);
	assert_int_equal(a1->clips[0].sources[1].channel, 2);
	assert_int_equal(a1->clips[0].sources[1].offset, RATE / 2);
	assert_string_equal(s->media[5].name, "cue.wav");
	assert_int_equal(s->media[5].status, MEDIA_STATUS_OK);
	assert_int_equal(s->media[5].file.channels, 2);
	assert_int_equal(a1->format, CHANNEL_FORMAT_STEREO);
	assert_int_equal(a2->n_clips, 1);
	assert_string_equal(a2->clips[0].name, "inv");
	assert_int_equal(a2->clips[0].sources[1].media, 7);
	/* dual mono folded */
	assert_int_equal(a1->clips[1].channels, 1);
	assert_int_equal(a1->clips[1].sources[0].media, 6);
	assert_int_equal(a1->clips[1].sources[0].offset, 100);
	/* channels 1 and 2 of one file joined without a new file */
	assert_int_equal(s->tracks[t[2]].n_clips, 1);
	assert_int_equal(s->tracks[t[2]].clips[0].channels, 2);
	assert_int_equal(s->tracks[t[2]].clips[0].sources[1].media, 4);
	assert_int_equal(s->tracks[t[2]].clips[0].sources[1].channel, 2);
	assert_int_equal(s->tracks[t[3]].n_clips, 0);
	assert_int_equal(s->n_media, 8);
}

static void test_plan(void **state)
{
	struct plan_files f;
	struct session *s;
	struct fixplan plan = FIXPLAN_INIT;
	struct fix_options o;
	struct fix_relation rel[2];
	struct pairs p;
	struct errbuf eb;
	char *out_dir = xasprintf("%s/fixed", audiogen_dir_path());
	struct snapshot before;
	size_t t[4];

	(void)state;
	plan_files(&f);
	before = snap(f.l);
	s = plan_session(&f, t);
	pairs_find(s, NULL, &p);
	assert_int_equal(p.n, 2);
	fix_options_init(&o);
	o.fold_dual_mono = o.flip_polarity = true;
	rel[0] = (struct fix_relation){ { t[0], 1 }, STEREO_RELATION_DUAL_MONO };
	rel[1] = (struct fix_relation){ { t[1], 1 }, STEREO_RELATION_POLARITY_INVERTED };
	fixplan_build(s, &p, rel, 2, &o, &plan);
	assert_int_equal(plan.n_actions, 4);
	assert_int_equal(plan.n_outputs, 3);
	assert_int_equal(plan.n_skipped, 0);
	assert_string_equal(plan.outputs[0].name, "cue.wav");
	assert_string_equal(plan.outputs[1].name, "dual_mono.wav");
	assert_string_equal(plan.outputs[2].name, "inv_polarity.wav");
	errbuf_init(&eb);
	assert_int_equal(fixplan_apply(&plan, s, &eb), ERR_INVALID);	/* not written yet */
	assert_int_equal(fixplan_run(&plan, s, out_dir, &eb), ERR_OK);
	assert_channel(plan.outputs[0].path, 0, f.l, 0, false);
	assert_channel(plan.outputs[0].path, 1, f.r, 0, false);
	assert_same_chunk(plan.outputs[0].path, f.l, "bext");
	assert_channel(plan.outputs[1].path, 0, f.dual, 0, false);
	assert_channel(plan.outputs[2].path, 1, f.dual, 0, false);
	assert_untouched(f.l, &before);
	check_model(s, t);
	fixplan_release(&plan);
	fixplan_release(NULL);
	pairs_release(&p);
	session_free(s);
	free(out_dir);
	free(f.l);
	free(f.r);
	free(f.dual);
	free(f.inv);
	free(f.st);
}

static void test_plan_json_and_skips(void **state)
{
	struct gen gl = { WAV16, 1, RATE, 90, false, false, 0.75 };
	struct gen gr = { WAV16, 2, RATE, 90, false, false, 0.75 };
	char *l = write_gen("sk.L.wav", &gl), *both = write_gen("sk_both.wav", &gr);
	char *r = xasprintf("%s/sk.R.wav", audiogen_dir_path());
	struct fixmedia_input in = { both, 2, false };
	struct session *s = sessgen_new();
	struct fixplan plan;
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;
	struct json_value *v;
	struct errbuf eb;
	struct pairs p;
	int ml, mr;
	size_t t1, t2;

	(void)state;
	assert_int_equal(fixmedia_write(&in, 1, r, NULL, NULL), ERR_OK);
	ml = sessgen_media(s, l);
	mr = sessgen_media(s, r);
	t1 = sessgen_track(s, "A1");
	t2 = sessgen_track(s, "A2");
	sessgen_clip(s, t1, "L", 0, RATE / 2, ml, 1, 1, 0);
	sessgen_clip(s, t2, "R", 0, RATE / 2, mr, 1, 1, 0);
	sessgen_finish(s);
	pairs_find(s, NULL, &p);
	assert_int_equal(p.n, 1);
	/* a pair whose halves start at different offsets cannot be one clip */
	s->tracks[t2].clips[0].sources[0].offset = 480;
	fixplan_build(s, &p, NULL, 0, NULL, &plan);
	assert_int_equal(plan.n_actions, 0);
	assert_int_equal(plan.n_skipped, 1);
	fixplan_release(&plan);
	s->tracks[t2].clips[0].sources[0].offset = 0;
	fixplan_build(s, &p, NULL, 0, NULL, &plan);
	json_writer_init(&w, &sb, false);
	fixplan_json_write(&w, s, &plan);
	errbuf_init(&eb);
	assert_int_equal(json_parse(sb.buf, sb.len, &v, &eb), ERR_OK);
	assert_string_equal(json_as_string(json_get(json_at(json_get(v, "actions"), 0), "kind")),
			    "interleave");
	assert_string_equal(json_as_string(json_get(json_at(json_get(v, "outputs"), 0), "name")),
			    "sk.wav");
	json_free(v);
	strbuf_release(&sb);
	fixplan_release(&plan);
	pairs_release(&p);
	session_free(s);
	free(l);
	free(r);
	free(both);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_interleave),
		cmocka_unit_test(test_flip_and_fold),
		cmocka_unit_test(test_float_and_padding),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_plan_json_and_skips),
	};

	return cmocka_run_group_tests_name("fixmedia", tests, setup, teardown);
}

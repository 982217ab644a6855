/*
 * test_aaf_write.c: the AAF writer.  Sessions built by hand (every
 * feature: mono, stereo and 5.1 clips, gains, automation, pan, mute,
 * fades and crossfades, external and embedded media, common edit rates,
 * UTF-8 and non-UTF-8 names) are written to $TMPDIR, read back with
 * aaf_read_file() and compared field by field; the read-back session is
 * written again and must keep its MobIDs.  Output is deterministic, and a
 * failed write leaves nothing behind.  With ../shared present, real
 * exports are read, written and read back too.
 *
 * TURNOVER_AAF_KEEP=DIR keeps the written files in DIR (for checking them
 * with other readers, see doc/aaf-interchange.md).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sndfile.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "aaf/aaf.h"
#include "aaf/aafdefs.h"
#include "aaf/aafobj.h"
#include "aaf/aafwriter.h"
#include "aaf/cfb.h"
#include "media/url.h"
#include "sesscmp.h"
#include "xalloc.h"

static char *dir;		/* where files go */
static bool keep;		/* TURNOVER_AAF_KEEP: leave them */

static int setup(void **state)
{
	const char *k = getenv("TURNOVER_AAF_KEEP");
	const char *tmp = getenv("TMPDIR");

	(void)state;
	if (k && *k) {
		keep = true;
		dir = xstrdup(k);
		mkdir(dir, 0777);
		return 0;
	}
	dir = xasprintf("%s/turnover-aafw-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	DIR *d;
	struct dirent *e;

	(void)state;
	if (!keep && (d = opendir(dir))) {
		while ((e = readdir(d)))
			if (e->d_name[0] != '.' || (e->d_name[1] && strcmp(e->d_name, ".."))) {
				char *p = xasprintf("%s/%s", dir, e->d_name);

				unlink(p);
				free(p);
			}
		closedir(d);
		rmdir(dir);
	}
	free(dir);
	return 0;
}

static char *path_for(const char *name)
{
	return xasprintf("%s/%s.aaf", dir, name);
}

/* ---- embedded samples -------------------------------------------------------- */

struct pattern {
	int calls;
	bool fail;		/* stop half way with an error */
};

static uint8_t pattern_byte(uint64_t i)
{
	return (uint8_t)(i * 131u + 7u);
}

static enum err push_pattern(void *user, const struct media *m, struct aaf_essence_sink *sink,
			     struct errbuf *eb)
{
	struct pattern *p = user;
	uint64_t total = (uint64_t)m->length * (uint64_t)m->channels * (uint64_t)(m->bits / 8);
	uint8_t buf[1000];

	p->calls++;
	for (uint64_t at = 0; at < total;) {
		size_t n = total - at < sizeof(buf) ? (size_t)(total - at) : sizeof(buf);
		enum err e;

		if (p->fail && at >= total / 2)
			return err_set(eb, ERR_IO, "samples of '%s' not available", m->name);
		for (size_t i = 0; i < n; i++)
			buf[i] = pattern_byte(at + i);
		e = aaf_essence_put(sink, buf, n, eb);
		if (e)
			return e;
		at += n;
	}
	return ERR_OK;
}

/* ---- round trips ---------------------------------------------------------------- */

static struct session *read_back(const char *path)
{
	struct aaf_options opt;
	struct session *s = NULL;
	struct errbuf eb;

	aaf_options_init(&opt);
	opt.resolve_media = false;
	errbuf_init(&eb);
	if (aaf_read_file(path, &opt, &s, &eb))
		print_error("reading '%s': %s\n", path, errbuf_msg(&eb));
	assert_non_null(s);
	return s;
}

static void write_ok(const struct session *s, const char *path, const struct aaf_write_options *o)
{
	struct errbuf eb;

	errbuf_init(&eb);
	if (aaf_write_file(s, path, o, &eb))
		print_error("writing '%s': %s\n", path, errbuf_msg(&eb));
	assert_int_equal(eb.code, ERR_OK);
}

/*
 * Writes s as NAME.aaf, reads it back and compares; then writes what was
 * read as NAME.2.aaf, reads that and compares again, MobIDs included.
 * Frees s.
 */
static void round_trip(struct session *s, const char *name, const struct aaf_write_options *o)
{
	struct sesscmp_opts first = { false, false }, second = { true, true };
	char *p1 = path_for(name), *n2 = xasprintf("%s.2", name), *p2 = path_for(n2);
	struct session *r1, *r2;

	write_ok(s, p1, o);
	r1 = read_back(p1);
	assert_int_equal(sesscmp_compare(s, r1, &first, name), 0);
	write_ok(r1, p2, o);
	r2 = read_back(p2);
	assert_int_equal(sesscmp_compare(r1, r2, &second, n2), 0);
	session_free(s);
	session_free(r1);
	session_free(r2);
	free(p1);
	free(p2);
	free(n2);
}

/* Two tracks of mono clips at rate num/den (tracks at 48000/1 when
 * samples is set, positions then scaled to them): clips at the start,
 * after a gap, butting, with source offsets on and off the track's grid. */
static struct session *mono_session(const char *name, int64_t num, int64_t den, int64_t tc,
				    bool drop, bool samples)
{
	struct session *s = session_build_new(name, num, den, tc, drop);
	int64_t tn = samples ? 48000 : num, td = samples ? 1 : den, k = samples ? 1600 : 1;
	struct track *a1, *a2;
	int64_t f = rational_rescale(1, (struct rational){ tn, td }, (struct rational){ 48000, 1 });

	session_build_media(s, "dialog.wav", MEDIA_CONTAINER_WAVE, 1, 48000, 24, 48000 * 60,
		      "file:///Volumes/Media/dialog.wav");
	session_build_media(s, "room tone.wav", MEDIA_CONTAINER_WAVE, 1, 48000, 16, 48000 * 30,
		      "file:///Volumes/Media/room%20tone.wav");
	a1 = session_build_track(s, "DIA 1", tn, td);
	a2 = session_build_track(s, "FX", tn, td);
	session_build_clip(a1, "dialog.wav", 0, 40 * k, 0, 1, 1, 0, 48000);
	session_build_clip(a1, "dialog.wav", 100 * k, 25 * k, 0, 1, 1, 10 * f, 48000);
	session_build_clip(a1, "dialog.wav", 125 * k, 30 * k, 0, 1, 1, 3 * f + 17, 48000);
	session_build_clip(a2, "room tone.wav", 7 * k + 3, 200 * k, 1, 1, 1, 12345, 48000);
	session_build_finish(s);
	return s;
}

static void test_mono_rates(void **state)
{
	static const struct { const char *name; int64_t num, den, tc; bool drop, samples; } rates[] = {
		{ "rate_23976", 24000, 1001, 86400, false, false },
		{ "rate_24", 24, 1, 86400, false, false },
		{ "rate_25", 25, 1, 90000, false, false },
		{ "rate_2997df", 30000, 1001, 107892, true, false },
		{ "rate_30", 30, 1, 108000, false, false },
		{ "rate_48000", 30, 1, 108000, false, true },	/* tracks in samples, as Pro Tools */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++)
		round_trip(mono_session(rates[i].name, rates[i].num, rates[i].den, rates[i].tc,
					rates[i].drop, rates[i].samples), rates[i].name, NULL);
}

static void test_multichannel(void **state)
{
	struct session *s = session_build_new("multichannel", 25, 1, 90000, false);
	struct track *st, *sur, *dual;

	(void)state;
	session_build_media(s, "music.wav", MEDIA_CONTAINER_WAVE, 2, 48000, 24, 48000 * 120,
		      "file:///Volumes/Media/music.wav");
	session_build_media(s, "mix 5.1.wav", MEDIA_CONTAINER_WAVE, 6, 48000, 24, 48000 * 120,
		      "file:///Volumes/Media/mix%205.1.wav");
	session_build_media(s, "boom L.wav", MEDIA_CONTAINER_WAVE, 1, 48000, 24, 48000 * 10,
		      "file:///Volumes/Media/boom%20L.wav");
	session_build_media(s, "boom R.wav", MEDIA_CONTAINER_WAVE, 1, 48000, 24, 48000 * 10,
		      "file:///Volumes/Media/boom%20R.wav");
	st = session_build_track(s, "MX", 25, 1);
	sur = session_build_track(s, "MIX 5.1", 25, 1);
	dual = session_build_track(s, "BOOM", 25, 1);
	session_build_clip(st, "music.wav", 10, 250, 0, 1, 2, 96000, 48000);
	session_build_clip(st, "music.wav", 300, 50, 0, 1, 2, 1000, 48000);
	session_build_clip(sur, "mix 5.1.wav", 0, 500, 1, 1, 6, 0, 48000);
	{
		/* a stereo clip made of two mono files */
		struct clip *c = session_build_clip(dual, "boom L.wav", 40, 100, 2, 1, 2, 4800, 48000);

		c->sources[1].media = 3;
		c->sources[1].channel = 1;
	}
	session_build_finish(s);
	round_trip(s, "multichannel", NULL);
}

static void test_fades(void **state)
{
	struct session *s = session_build_new("fades", 30000, 1001, 107892, true);
	struct track *t = session_build_track(s, "A1", 30000, 1001), *t2;
	struct clip *c;

	(void)state;
	session_build_media(s, "a.wav", MEDIA_CONTAINER_WAVE, 1, 48000, 24, 48000 * 60,
		      "file:///Volumes/Media/a.wav");
	c = session_build_clip(t, "a.wav", 0, 60, 0, 1, 1, 0, 48000);		/* fade in at 0 */
	c->fade_in = (struct fade){ 0, 10, FADE_SHAPE_LINEAR };
	c->fade_out = (struct fade){ 0, 20, FADE_SHAPE_LINEAR };	/* crossfade out */
	c = session_build_clip(t, "a.wav", 40, 60, 0, 1, 1, 48000, 48000);
	c->fade_in = (struct fade){ 0, 20, FADE_SHAPE_LINEAR };
	c->fade_out = (struct fade){ 0, 5, FADE_SHAPE_LINEAR };	/* fade out, then butting */
	c = session_build_clip(t, "a.wav", 100, 30, 0, 1, 1, 96000, 48000);
	c->fade_in = (struct fade){ 0, 7, FADE_SHAPE_LINEAR };	/* fade in right after */
	c = session_build_clip(t, "a.wav", 200, 50, 0, 1, 1, 0, 48000);
	c->fade_out = (struct fade){ 0, 50, FADE_SHAPE_LINEAR };	/* whole clip, at the end */
	t2 = session_build_track(s, "A2", 30000, 1001);
	c = session_build_clip(t2, "a.wav", 3, 40, 0, 1, 1, 0, 48000);
	c->fade_in = (struct fade){ 0, 3, FADE_SHAPE_LINEAR };
	session_build_finish(s);
	round_trip(s, "fades", NULL);
}

static void test_effects(void **state)
{
	static const double gains[] = { -6.0, 12.0, -60.0, -100.5, 18.0, 0.25 };
	static const double pans[] = { -1.0, -0.5, 0.0, 0.3, 1.0, 0.123456789 };
	struct session *s = session_build_new("effects", 24, 1, 86400, false);
	struct track *t = session_build_track(s, "FX", 24, 1), *t2 = session_build_track(s, "STEREO FX", 24, 1);
	struct track *t3 = session_build_track(s, "PANNED", 24, 1);
	struct clip *c;

	(void)state;
	session_build_media(s, "hit.wav", MEDIA_CONTAINER_WAVE, 1, 48000, 24, 48000 * 60,
		      "file:///Volumes/Media/hit.wav");
	session_build_media(s, "amb.wav", MEDIA_CONTAINER_WAVE, 2, 48000, 24, 48000 * 60,
		      "file:///Volumes/Media/amb.wav");
	for (size_t i = 0; i < 6; i++) {
		c = session_build_clip(t, "hit.wav", (int64_t)i * 30, 24, 0, 1, 1, (int64_t)i * 2000, 48000);
		c->gain_db = gains[i];
		c->has_pan = true;
		c->pan = pans[i];
		c->mute = i % 2;
	}
	c = session_build_clip(t, "hit.wav", 200, 48, 0, 1, 1, 0, 48000);	/* all of it */
	c->gain_db = -3.0;
	c->mute = true;
	c->fade_in = (struct fade){ 0, 6, FADE_SHAPE_LINEAR };
	c->fade_out = (struct fade){ 0, 12, FADE_SHAPE_LINEAR };
	c->volume = xcalloc(4, sizeof(*c->volume));
	c->n_volume = 4;
	c->volume[0] = (struct automation_point){ 0, -144.0 };
	c->volume[1] = (struct automation_point){ 24000, -6.0 };
	c->volume[2] = (struct automation_point){ 48017, 3.5 };
	c->volume[3] = (struct automation_point){ 96000, -20.0 };
	c = session_build_clip(t2, "amb.wav", 10, 48, 1, 1, 2, 777, 48000);
	c->gain_db = -9.5;
	c->volume = xcalloc(2, sizeof(*c->volume));
	c->n_volume = 2;
	c->volume[0] = (struct automation_point){ 0, 0.0 };
	c->volume[1] = (struct automation_point){ 96000, -12.0 };
	/* one pan for the whole track: written on the track */
	for (int i = 0; i < 3; i++) {
		c = session_build_clip(t3, "hit.wav", i * 50, 40, 0, 1, 1, 4800 * i, 48000);
		c->has_pan = true;
		c->pan = -0.25;
		c->gain_db = -1.5 * i;
	}
	session_build_finish(s);
	round_trip(s, "effects", NULL);
}

static void test_media_kinds(void **state)
{
	struct session *s = session_build_new("media kinds", 25, 1, 90000, false);
	struct track *t = session_build_track(s, "MONO", 25, 1), *t2 = session_build_track(s, "STEREO", 25, 1);
	struct pattern pat = { 0, false };
	struct aaf_write_options o;
	/* in the order clips first use them, as the reader numbers media */
	static const struct { const char *name; enum media_container c; int ch, rate, bits; bool ext; } m[] = {
		{ "w.wav", MEDIA_CONTAINER_WAVE, 1, 48000, 24, true },
		{ "p.pcm", MEDIA_CONTAINER_PCM, 1, 48000, 24, true },
		{ "x.mxf", MEDIA_CONTAINER_MXF, 1, 48000, 24, true },
		{ "u.snd", MEDIA_CONTAINER_UNKNOWN, 1, 48000, 24, true },
		{ "raw", MEDIA_CONTAINER_PCM, 1, 48000, 24, false },
		{ "a.aif", MEDIA_CONTAINER_AIFC, 2, 44100, 16, true },
		{ "inside.wav", MEDIA_CONTAINER_WAVE, 2, 48000, 16, false },
	};

	(void)state;
	for (int i = 0; i < 7; i++) {
		char *url = xasprintf("file:///Volumes/Media/%s", m[i].name);

		session_build_media(s, m[i].name, m[i].c, m[i].ch, m[i].rate, m[i].bits,
			      m[i].ext ? 10 * m[i].rate : 24000, m[i].ext ? url : NULL);
		session_build_clip(m[i].ch == 2 ? t2 : t, m[i].name, (i % 5) * 10, 8, i, 1, m[i].ch,
			     100 * i, m[i].rate);
		free(url);
	}
	session_build_finish(s);
	aaf_write_options_init(&o);
	o.essence = push_pattern;
	o.essence_user = &pat;
	round_trip(s, "media_kinds", &o);
	assert_int_equal(pat.calls, 4);	/* two embedded media, written twice */
}

/* The embedded essence of media_kinds.aaf holds the WAVE file or raw PCM
 * the callback supplied. */
static void test_embedded_bytes(void **state)
{
	char *p = path_for("media_kinds");
	struct cfb *c;
	struct errbuf eb;
	struct cfb_node *n;
	uint8_t *data;
	size_t len;

	(void)state;
	errbuf_init(&eb);
	assert_int_equal(cfb_open_file(p, &c, &eb), ERR_OK);
	n = cfb_child(c, cfb_child(c, cfb_child(c, cfb_root(c), "Header-2"), "Content-3b03"),
		      "EssenceData-1902{0}");
	n = cfb_child(c, n, "Data-2702");
	assert_non_null(n);
	assert_int_equal(cfb_size(n), 24000 * 3);	/* "raw": 24-bit mono PCM, no header */
	n = cfb_child(c, cfb_child(c, cfb_child(c, cfb_root(c), "Header-2"), "Content-3b03"),
		      "EssenceData-1902{1}");
	n = cfb_child(c, n, "Data-2702");
	assert_non_null(n);
	assert_int_equal(cfb_read_all(n, 1u << 24, &data, &len, &eb), ERR_OK);
	assert_int_equal(len, 44 + 24000 * 2 * 2);	/* WAVE header, 16-bit stereo */
	assert_memory_equal(data, "RIFF", 4);
	assert_memory_equal(data + 36, "data", 4);
	for (size_t i = 0; i < len - 44; i++)
		if (data[44 + i] != pattern_byte(i))
			fail_msg("sample byte %zu differs", i);
	free(data);
	cfb_free(c);
	free(p);
}

/* A 16-bit stereo WAV of a ramp, made with libsndfile. */
static char *make_wav(const char *name, int frames)
{
	char *path = xasprintf("%s/%s", dir, name);
	SF_INFO info = { 0, 48000, 2, SF_FORMAT_WAV | SF_FORMAT_PCM_16, 0, 0 };
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
	short *buf = xcalloc((size_t)frames * 2, sizeof(*buf));

	assert_non_null(sf);
	for (int i = 0; i < frames * 2; i++)
		buf[i] = (short)(i * 37 - 30000);
	assert_int_equal(sf_writef_short(sf, buf, frames), frames);
	sf_close(sf);
	free(buf);
	return path;
}

/* Without a callback, embedded samples come from media.path (libsndfile);
 * external media with a path but no URL get a file:// URL for it. */
static void test_default_essence_and_paths(void **state)
{
	char *wav = make_wav("tone \xc3\xbc.wav", 4800), *p = path_for("from_files");
	struct session *s = session_build_new("from files", 25, 1, 90000, false), *r;
	struct track *t = session_build_track(s, "A1", 25, 1);
	struct media *m;
	struct cfb *c;
	struct cfb_node *n;
	struct errbuf eb;
	uint8_t *data;
	size_t len;
	char *back;

	(void)state;
	m = session_build_media(s, "tone.wav", MEDIA_CONTAINER_WAVE, 2, 48000, 16, 4800, NULL);
	m->path = xstrdup(wav);
	m = session_build_media(s, "tone linked", MEDIA_CONTAINER_WAVE, 2, 48000, 16, 4800, "x");
	free(m->url);
	m->url = NULL;
	m->path = xstrdup(wav);
	session_build_clip(t, "tone.wav", 0, 2, 0, 1, 2, 0, 48000);
	session_build_clip(t, "tone linked", 5, 2, 1, 1, 2, 0, 48000);
	session_build_finish(s);
	write_ok(s, p, NULL);
	r = read_back(p);
	assert_true(r->media[0].embedded);
	assert_non_null(r->media[1].url);
	assert_non_null(strstr(r->media[1].url, "tone%20%C3%BC.wav"));
	back = url_to_path(r->media[1].url);
	assert_string_equal(back, wav);
	errbuf_init(&eb);
	assert_int_equal(cfb_open_file(p, &c, &eb), ERR_OK);
	n = cfb_child(c, cfb_child(c, cfb_child(c, cfb_root(c), "Header-2"), "Content-3b03"),
		      "EssenceData-1902{0}");
	assert_int_equal(cfb_read_all(cfb_child(c, n, "Data-2702"), 1u << 24, &data, &len, &eb), ERR_OK);
	assert_int_equal(len, 44 + 4800 * 4);
	for (int i = 0; i < 4800 * 2; i++) {
		short v = (short)(data[44 + 2 * i] | data[45 + 2 * i] << 8);

		if (v != (short)(i * 37 - 30000))
			fail_msg("sample %d: %d", i, v);
	}
	free(data);
	cfb_free(c);
	free(back);
	session_free(r);
	session_free(s);
	free(wav);
	free(p);
}

static void test_names(void **state)
{
	struct session *s = session_build_new("Séquence 花 🎵", 25, 1, 90000, false);
	struct track *t = session_build_track(s, "Dialogue – scène 2", 25, 1);
	struct track *t2 = session_build_track(s, "caf\xe9 latin-1", 25, 1);

	(void)state;
	session_build_media(s, "花火.wav", MEDIA_CONTAINER_WAVE, 1, 48000, 24, 480000,
		      "file:///Volumes/M%C3%A9dia/%E8%8A%B1%E7%81%AB.wav");
	session_build_media(s, "na\xefve.wav", MEDIA_CONTAINER_WAVE, 1, 48000, 24, 480000,
		      "file:///Volumes/Media/naive.wav");
	session_build_clip(t, "花火.wav", 0, 10, 0, 1, 1, 0, 48000);
	session_build_clip(t, "renamed 🎬 clip", 20, 10, 0, 1, 1, 4800, 48000);	/* its own master */
	session_build_clip(t2, "na\xefve.wav", 0, 10, 1, 1, 1, 0, 48000);
	session_build_finish(s);
	{
		/* names that are not UTF-8 come back as their Latin-1 reading */
		char *p = path_for("names");
		struct session *r;

		write_ok(s, p, NULL);
		r = read_back(p);
		assert_string_equal(r->tracks[1].name, "caf\xc3\xa9 latin-1");
		assert_string_equal(r->media[1].name, "na\xc3\xafve.wav");
		assert_string_equal(r->tracks[0].clips[1].name, "renamed 🎬 clip");
		session_free(r);
		free(p);
		free(t2->name);
		t2->name = xstrdup("caf\xc3\xa9 latin-1");
		free(s->media[1].name);
		s->media[1].name = xstrdup("na\xc3\xafve.wav");
		free(t2->clips[0].name);
		t2->clips[0].name = xstrdup("na\xc3\xafve.wav");
	}
	round_trip(s, "names_utf8", NULL);
}

static void test_video_and_empty(void **state)
{
	struct session *s = session_build_new("video", 24000, 1001, 86400, false);
	struct track *v;

	(void)state;
	v = session_add_track(s, TRACK_KIND_VIDEO);
	v->name = xstrdup("V1");
	session_build_track(s, "empty", 24000, 1001);
	session_build_media(s, "a.wav", MEDIA_CONTAINER_WAVE, 1, 48000, 24, 480000, "file:///Volumes/Media/a.wav");
	session_build_clip(session_build_track(s, "A2", 24000, 1001), "a.wav", 5, 10, 0, 1, 1, 0, 48000);
	s->length_eu = 1000;
	session_build_finish(s);
	round_trip(s, "video_and_empty", NULL);
}

/* Sequences of the file at path with and without components; fails on a
 * Sequence without its (required) Components property. */
static void count_sequences(const char *path, size_t *empty, size_t *full)
{
	struct cfb *c = NULL;
	struct aaf_file *f = NULL;
	struct aaf_obj **mobs, **slots;
	struct errbuf eb;
	size_t n_mobs;

	errbuf_init(&eb);
	assert_int_equal(cfb_open_file(path, &c, &eb), ERR_OK);
	assert_int_equal(aaf_file_open(c, &f, &eb), ERR_OK);
	*empty = *full = 0;
	n_mobs = aafobj_strong_list(aafobj_strong(aaf_file_header(f), PID_HEADER_CONTENT),
				    PID_CONTENT_MOBS, &mobs);
	for (size_t m = 0; m < n_mobs; m++) {
		size_t n_slots = aafobj_strong_list(mobs[m], PID_MOB_SLOTS, &slots);

		for (size_t i = 0; i < n_slots; i++) {
			struct aaf_obj *seg = aafobj_strong(slots[i], PID_SLOT_SEGMENT), **kids;

			if (!seg || !aafobj_isa(seg, AAF_CLASS_SEQUENCE))
				continue;
			if (!aafobj_prop(seg, PID_SEQUENCE_COMPONENTS))
				fail_msg("%s: a Sequence without Components", path);
			if (aafobj_strong_list(seg, PID_SEQUENCE_COMPONENTS, &kids))
				++*full;
			else
				++*empty;
			free(kids);
		}
		free(slots);
	}
	free(mobs);
	aaf_file_free(f);	/* frees c too */
}

/* A composition with no clips at all (DR_Empty, MC_Empty prepped): its
 * Sequences are written with an empty Components vector. */
static void test_empty_composition(void **state)
{
	struct session *s = session_build_new("nothing", 25, 1, 0, false);
	char *p = path_for("empty_composition");
	size_t empty, full;

	(void)state;
	session_add_track(s, TRACK_KIND_VIDEO)->name = xstrdup("V1");
	session_build_track(s, "A1", 48000, 1);
	session_build_track(s, "A2", 48000, 1);
	s->length_eu = 0;
	session_build_finish(s);
	write_ok(s, p, NULL);
	count_sequences(p, &empty, &full);
	assert_int_equal(empty, 3);	/* V1, A1, A2 */
	assert_int_equal(full, 0);
	free(p);
	round_trip(s, "empty_composition", NULL);
}

static bool is_mob(struct aaf_obj **mobs, size_t n, const uint8_t id[32])
{
	uint8_t m[32];

	for (size_t i = 0; i < n; i++)
		if (aafobj_mobid(mobs[i], PID_MOB_ID, m) && !memcmp(m, id, 32))
			return true;
	return false;
}

/* A clip whose source the session does not know (multiple_top_level_mobs
 * prepped): its SourceClip names a mob that is not in the file, never a
 * null MobID (LibAAF crashes on that), and reads back as unknown (its
 * name goes: the writer names clips through their master mobs). */
static void test_unresolved_source(void **state)
{
	struct session *s = session_build_new("unresolved", 25, 1, 0, false), *r;
	char *p = path_for("unresolved");
	struct aaf_obj **mobs, **slots, **kids;
	uint8_t id[32], zero[32] = { 0 };
	struct cfb *c = NULL;
	struct aaf_file *f = NULL;
	struct errbuf eb;
	size_t n_mobs, found = 0;

	(void)state;
	session_build_clip(session_build_track(s, "A1", 48000, 1), "lost", 48000, 96000, -1, 1, 1,
			   0, 48000);
	s->length_eu = 200;
	session_build_finish(s);
	write_ok(s, p, NULL);
	errbuf_init(&eb);
	assert_int_equal(cfb_open_file(p, &c, &eb), ERR_OK);
	assert_int_equal(aaf_file_open(c, &f, &eb), ERR_OK);
	n_mobs = aafobj_strong_list(aafobj_strong(aaf_file_header(f), PID_HEADER_CONTENT),
				    PID_CONTENT_MOBS, &mobs);
	for (size_t m = 0; m < n_mobs; m++) {
		size_t n_slots = aafobj_strong_list(mobs[m], PID_MOB_SLOTS, &slots);

		for (size_t i = 0; i < n_slots; i++) {
			struct aaf_obj *seg = aafobj_strong(slots[i], PID_SLOT_SEGMENT);
			size_t n = seg ? aafobj_strong_list(seg, PID_SEQUENCE_COMPONENTS, &kids) : 0;

			for (size_t k = 0; k < n; k++) {
				if (!aafobj_isa(kids[k], AAF_CLASS_SOURCE_CLIP))
					continue;
				assert_true(aafobj_mobid(kids[k], PID_SOURCEREF_SOURCE_ID, id));
				assert_memory_not_equal(id, zero, 32);
				assert_false(is_mob(mobs, n_mobs, id));
				found++;
			}
			if (seg)
				free(kids);
		}
		free(slots);
	}
	free(mobs);
	aaf_file_free(f);
	assert_int_equal(found, 1);
	r = read_back(p);
	assert_int_equal(r->tracks[0].n_clips, 1);
	assert_int_equal(r->tracks[0].clips[0].sources[0].media, -1);
	session_free(r);
	session_free(s);
	free(p);
}

static void test_markers_and_512(void **state)
{
	struct session *s = mono_session("markers", 25, 1, 90000, false, false);
	struct aaf_write_options o;
	struct marker *mk;

	(void)state;
	mk = session_add_marker(s);
	mk->pos_eu = 25;
	mk->length_eu = 1;
	mk->rate = s->edit_rate;
	mk->track = 1;
	mk->name = xstrdup("I'm a marker on A1, red");
	mk->has_color = true;
	mk->rgb[0] = 0xa1ff;
	mk->rgb[1] = 0x2f66;
	mk->rgb[2] = 0x19a4;
	mk = session_add_marker(s);
	mk->pos_eu = 12345;	/* between frames: at samples */
	mk->rate = (struct rational){ 48000, 1 };
	mk->name = xstrdup("composition marker");
	mk = session_add_marker(s);
	mk->pos_eu = 40;
	mk->rate = s->edit_rate;
	mk->track = 2;
	mk->name = xstrdup("FX");
	session_build_finish(s);
	aaf_write_options_init(&o);
	o.sector_size = 512;
	round_trip(s, "markers_512", &o);
}

/* ---- properties of the output ------------------------------------------------- */

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void test_deterministic(void **state)
{
	struct session *s = mono_session("same", 25, 1, 90000, false, false);
	char *p1 = path_for("same_1"), *p2 = path_for("same_2");
	uint8_t *a, *b, *m;
	size_t la, lb, lm;
	struct errbuf eb;

	(void)state;
	errbuf_init(&eb);
	write_ok(s, p1, NULL);
	sleep(1);	/* a clock in the output would show */
	write_ok(s, p2, NULL);
	assert_int_equal(aaf_write_memory(s, NULL, &m, &lm, &eb), ERR_OK);
	a = slurp(p1, &la);
	b = slurp(p2, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	assert_int_equal(la, lm);
	assert_memory_equal(a, m, la);
	free(a);
	free(b);
	free(m);
	free(p1);
	free(p2);
	session_free(s);
}

/* Entries of dir whose name contains part. */
static int count_entries(const char *part)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strstr(e->d_name, part) != NULL;
	closedir(d);
	return n;
}

static void test_failed_write(void **state)
{
	struct session *s = mono_session("fails", 25, 1, 90000, false, false);
	struct pattern pat = { 0, true };
	struct aaf_write_options o;
	char *blocker = path_for("blocker"), *bad = xasprintf("%s/inside.aaf", blocker);
	char *keepme = path_for("keep_me");
	struct errbuf eb;
	FILE *f;
	uint8_t *old;
	size_t len;

	(void)state;
	/* a folder that cannot hold files: a regular file in its place */
	f = fopen(blocker, "w");
	assert_non_null(f);
	fclose(f);
	errbuf_init(&eb);
	assert_int_equal(aaf_write_file(s, bad, NULL, &eb), ERR_IO);
	assert_non_null(strstr(errbuf_msg(&eb), "inside.aaf"));
	/* failing half way (the samples run out): the old file stays as it was */
	f = fopen(keepme, "w");
	assert_non_null(f);
	fputs("previous contents", f);
	fclose(f);
	session_build_media(s, "inside.wav", MEDIA_CONTAINER_WAVE, 1, 48000, 16, 480000, NULL);
	session_build_clip(&s->tracks[0], "inside.wav", 300, 10, 2, 1, 1, 0, 48000);
	aaf_write_options_init(&o);
	o.essence = push_pattern;
	o.essence_user = &pat;
	errbuf_init(&eb);
	assert_int_equal(aaf_write_file(s, keepme, &o, &eb), ERR_IO);
	assert_non_null(strstr(errbuf_msg(&eb), "not available"));
	old = slurp(keepme, &len);
	assert_int_equal(len, strlen("previous contents"));
	assert_memory_equal(old, "previous contents", len);
	assert_int_equal(count_entries(".tmp."), 0);
	free(old);
	free(blocker);
	free(bad);
	free(keepme);
	session_free(s);
}

static void test_rejects(void **state)
{
	struct session *s = mono_session("rejects", 25, 1, 90000, false, false);
	struct errbuf eb;
	uint8_t *data;
	size_t len;

	(void)state;
	/* two clips overlapping by more than a clip cannot be a crossfade */
	s->tracks[0].clips[1].pos_eu = 10;
	errbuf_init(&eb);
	assert_int_equal(aaf_write_memory(s, NULL, &data, &len, &eb), ERR_INVALID);
	assert_null(data);
	s->tracks[0].clips[1].pos_eu = 100;
	s->edit_rate = (struct rational){ (int64_t)1 << 40, 1 };
	errbuf_init(&eb);
	assert_int_equal(aaf_write_memory(s, NULL, &data, &len, &eb), ERR_INVALID);
	session_free(s);
}

/* ---- real exports ---------------------------------------------------------------- */

/* Clips that overlap are written as a crossfade as long as the overlap
 * (an AAF transition has one length): what they come back as. */
static void crossfades_as_overlaps(struct session *s)
{
	for (size_t i = 0; i < s->n_tracks; i++)
		for (size_t j = 1; j < s->tracks[i].n_clips; j++) {
			struct clip *a = &s->tracks[i].clips[j - 1], *b = &s->tracks[i].clips[j];
			int64_t x = a->pos_eu + a->length_eu - b->pos_eu;

			if (x > 0) {
				a->fade_out = (struct fade){ 0, x, FADE_SHAPE_LINEAR };
				b->fade_in = (struct fade){ 0, x, FADE_SHAPE_LINEAR };
			}
		}
	session_update_samples(s);
}

static void test_real_exports(void **state)
{
	static const char *const files[] = {
		"MC_Fades.aaf", "MC_Audio_Levels.aaf", "MC_Clip_Mute.aaf", "MC_Audio_Pan.aaf",
		"MC_TC_29.97_DF.aaf", "PT_Fades_B.aaf", "PT_Multichannel_5.1_multi_source.aaf",
		"DR_Multichannel_5.1_single_source.aaf", "PR_Fades.aaf", "PT_PCM_Internal.aaf",
	};
	const char *shared = getenv("TURNOVER_SHARED");
	int done = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *src = xasprintf("%s/aaf/%s", shared ? shared : "../shared", files[i]);
		char *name = xasprintf("real_%zu", i);
		struct aaf_write_options o;
		struct pattern pat = { 0, false };
		struct session *s;

		if (access(src, R_OK) != 0) {
			free(src);
			free(name);
			continue;
		}
		s = read_back(src);
		crossfades_as_overlaps(s);
		aaf_write_options_init(&o);
		o.essence = push_pattern;	/* embedded samples are not copied */
		o.essence_user = &pat;
		print_message("%s -> %s.aaf\n", files[i], name);
		round_trip(s, name, &o);
		free(src);
		free(name);
		done++;
	}
	if (!done)
		skip();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mono_rates),
		cmocka_unit_test(test_multichannel),
		cmocka_unit_test(test_fades),
		cmocka_unit_test(test_effects),
		cmocka_unit_test(test_media_kinds),
		cmocka_unit_test(test_embedded_bytes),
		cmocka_unit_test(test_default_essence_and_paths),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_video_and_empty),
		cmocka_unit_test(test_empty_composition),
		cmocka_unit_test(test_unresolved_source),
		cmocka_unit_test(test_markers_and_512),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_failed_write),
		cmocka_unit_test(test_rejects),
		cmocka_unit_test(test_real_exports),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * demo.c: the demo turnover.  A 60-second reel at 25 fps starting at
 * 10:00:00:00, written the way a Premiere export looks: mono tracks
 * "Audio 1".."Audio 6" and a stereo "Audio 7"; dialogue lines made of real
 * spoken words over room tone (BWF, 24-bit), real effects, two music cues
 * each split over two mono tracks, one effect whose file is missing, and
 * one dialogue line delivered as dual mono.  File names are neutral, as
 * they are in real turnovers: nothing but the sound tells the class.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aaf/aafwriter.h"
#include "demo/demo.h"
#include "demo/sources.h"
#include "media/url.h"
#include "session_build.h"
#include "xalloc.h"

#define RATE 48000
#define FPS 25
#define SPF (RATE / FPS)		/* samples per frame */
#define TC_START ((int64_t)10 * 3600 * FPS)

enum kind { DIALOGUE, DUAL_MONO, SFX, MUSIC, MISSING };

struct source_def {
	const char *file;		/* name in media/ */
	enum kind kind;
	const char *lang;		/* words: language folder */
	const char *words[5];		/* words: the line, in order */
	int sfx;			/* effects: catalogue index */
	const char *music;		/* music: file of a7xpg-data */
	double from_s, len_s;		/* music: excerpt */
};

static const struct source_def sources[] = {
	{ "A001_C002.wav", DIALOGUE, "en", { "egypt_boy", "egypt_camel", "egypt_pyramid" }, 0, NULL, 0, 0 },
	{ "A001_C005.wav", DIALOGUE, "de", { "moon_astronaut", "moon_rocket", "moon_planet" }, 0, NULL, 0, 0 },
	{ "A002_C001.wav", DIALOGUE, "en", { "pizzeria_cheese", "pizzeria_tomato", "pizzeria_olive", "pizzeria_onion" }, 0, NULL, 0, 0 },
	{ "A002_C004.wav", DIALOGUE, "ru", { "tv_bicycle", "tv_train", "tv_car" }, 0, NULL, 0, 0 },
	{ "A003_C002.wav", DUAL_MONO, "en", { "moon_alien", "moon_ufo", "moon_monster" }, 0, NULL, 0, 0 },
	{ "A003_C007.wav", DIALOGUE, "de", { "egypt_woman", "egypt_girl", "egypt_man" }, 0, NULL, 0, 0 },
	{ "AUD_0107.wav", SFX, NULL, { NULL }, 6, NULL, 0, 0 },
	{ "AUD_0112.wav", SFX, NULL, { NULL }, 17, NULL, 0, 0 },
	{ "AUD_0120.wav", SFX, NULL, { NULL }, 33, NULL, 0, 0 },
	{ "AUD_0131.wav", SFX, NULL, { NULL }, 35, NULL, 0, 0 },
	{ "AUD_0140.wav", SFX, NULL, { NULL }, 52, NULL, 0, 0 },
	{ "AUD_0142.wav", SFX, NULL, { NULL }, 55, NULL, 0, 0 },
	{ "AUD_0150.wav", MISSING, NULL, { NULL }, 18, NULL, 0, 0 },
	{ "Track 01.wav", MUSIC, NULL, { NULL }, 0, "bgm1.ogg", 5.0, 30.0 },
	{ "Track 02.wav", MUSIC, NULL, { NULL }, 0, "bgm2.ogg", 20.0, 24.0 },
};

#define N_SOURCES (sizeof(sources) / sizeof(sources[0]))

/* Where each clip goes: track (1-based), start in seconds from 10:00:00:00,
 * source, offset into it and length in seconds (0: to its end), the
 * channel of the file it plays (0: all), gain, fades in frames. */
struct clip_def {
	int track;
	double at_s;
	int source;
	double offset_s, len_s;
	int channel;
	double gain_db;
	int fade_in, fade_out;
};

static const struct clip_def clips[] = {
	{ 1, 1.0, 0, 0.0, 0, 0, 0.0, 0, 0 },
	{ 1, 16.0, 2, 0.2, 0, 0, 0.0, 0, 0 },
	{ 1, 41.0, 5, 0.0, 0, 0, 0.0, 0, 0 },
	{ 2, 6.0, 1, 0.0, 0, 0, 3.0, 0, 0 },
	{ 2, 36.0, 11, 0.0, 0, 0, 0.0, 0, 0 },		/* an effect on a dialogue track */
	{ 3, 2.0, 6, 0.0, 0, 0, 0.0, 0, 0 },
	{ 3, 12.0, 9, 0.0, 0, 0, 0.0, 0, 0 },
	{ 3, 24.0, 3, 0.0, 0, 0, 0.0, 0, 0 },		/* dialogue on an effects track */
	{ 3, 46.0, 14, 2.0, 14.0, 1, -4.0, 0, 25 },	/* music where there was room */
	{ 4, 0.0, 10, 0.0, 8.0, 0, 0.0, 12, 12 },
	{ 4, 10.0, 7, 0.0, 0, 0, 0.0, 0, 0 },
	{ 4, 20.0, 8, 0.0, 0, 0, -6.0, 0, 0 },
	{ 4, 31.0, 12, 0.0, 3.0, 0, 0.0, 0, 0 },		/* its file is missing */
	{ 4, 46.0, 14, 2.0, 14.0, 2, -4.0, 0, 25 },
	{ 5, 0.0, 13, 2.0, 28.0, 1, 0.0, 25, 50 },	/* split stereo, left */
	{ 6, 0.0, 13, 2.0, 28.0, 2, 0.0, 25, 50 },	/* and right */
	{ 7, 34.0, 4, 0.0, 0, 0, 0.0, 0, 0 },		/* dual mono on a stereo track */
};

#define N_CLIPS (sizeof(clips) / sizeof(clips[0]))

/* Deterministic room tone: filtered white noise at about -62 dBFS. */
static void room_tone(struct pcm *p, uint32_t seed)
{
	uint32_t x = seed ? seed : 1;
	float lp = 0;

	for (int64_t i = 0; i < p->frames; i++) {
		float w;

		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		w = (float)((double)x / 4294967296.0 * 2.0 - 1.0);
		lp += 0.15f * (w - lp);
		p->data[i * p->channels] += 0.0025f * lp;
	}
}

/*
 * The packaged soundtrack is mono; a music cue in a turnover is stereo.
 * A complementary comb (Lauridsen): L = x + g x(t-d), R = x - g x(t-d),
 * correlated like a real mix, side 10 dB under mid, mono-compatible.
 */
static void widen(const struct pcm *mono, struct pcm *out)
{
	const int64_t d = RATE * 11 / 1000;
	const float g = 0.32f;

	pcm_init_silence(out, 2, mono->frames, mono->rate);
	for (int64_t i = 0; i < mono->frames; i++) {
		float x = mono->data[i * mono->channels];
		float y = i >= d ? mono->data[(i - d) * mono->channels] : 0.0f;

		out->data[2 * i] = 0.8f * (x + g * y);
		out->data[2 * i + 1] = 0.8f * (x - g * y);
	}
}

/* A dialogue line: the words with natural pauses, over room tone. */
static enum err make_line(const struct source_def *d, uint32_t seed, struct pcm *out,
			  struct errbuf *eb)
{
	struct pcm words[5];
	size_t n = 0;
	int64_t total = (int64_t)(0.8 * RATE), at = (int64_t)(0.4 * RATE);
	enum err e = ERR_OK;

	memset(words, 0, sizeof(words));
	for (; n < 5 && d->words[n] && !e; n++) {
		e = sources_word(d->lang, d->words[n], &words[n], eb);
		if (!e)
			e = pcm_resample(&words[n], RATE, eb);
		if (!e) {
			pcm_normalise(&words[n], -9.0);
			total += words[n].frames + (int64_t)(0.3 * RATE);
		}
	}
	if (!e) {
		pcm_init_silence(out, 1, total, RATE);
		room_tone(out, seed);
		for (size_t i = 0; i < n; i++) {
			pcm_mix_into(out, at, &words[i], 1.0f);
			at += words[i].frames + (int64_t)(0.3 * RATE);
		}
	}
	for (size_t i = 0; i < 5; i++)
		pcm_release(&words[i]);
	return e;
}

static enum err make_source(const struct source_def *d, uint32_t seed, struct pcm *out,
			    struct errbuf *eb)
{
	enum err e;
	struct pcm full;

	switch (d->kind) {
	case DIALOGUE:
		return make_line(d, seed, out, eb);
	case DUAL_MONO: {
		struct pcm mono;

		e = make_line(d, seed, &mono, eb);
		if (!e) {
			/* the same samples on both sides, as a stereo file */
			pcm_init_silence(out, 2, mono.frames, RATE);
			pcm_mix_into(out, 0, &mono, 1.0f);
		}
		pcm_release(&mono);
		return e;
	}
	case SFX:
	case MISSING:
		e = sources_sfx(d->sfx, out, eb);
		if (!e)
			e = pcm_resample(out, RATE, eb);
		if (!e)
			pcm_normalise(out, -3.0);
		return e;
	case MUSIC:
		e = sources_music(d->music, &full, eb);
		if (!e)
			e = pcm_resample(&full, RATE, eb);
		if (!e) {
			struct pcm cut;

			pcm_cut(&full, (int64_t)(d->from_s * RATE), (int64_t)(d->len_s * RATE), &cut);
			widen(&cut, out);
			pcm_release(&cut);
		}
		pcm_release(&full);
		return e;
	}
	return ERR_INVALID;
}

static int bits_of(enum kind k)
{
	return k == DIALOGUE || k == DUAL_MONO ? 24 : 16;
}

/* Writes the sources into media/ (all but the missing one) and adds them
 * to s as media, in table order. */
static enum err write_media(struct session *s, const char *dir, struct demo_report *r,
			    struct errbuf *eb)
{
	for (size_t i = 0; i < N_SOURCES; i++) {
		const struct source_def *d = &sources[i];
		char *path = xasprintf("%s/media/%s", dir, d->file);
		struct pcm p;
		enum err e = make_source(d, (uint32_t)(i + 1) * 2654435761u, &p, eb);

		/* production sound carries its time of day (BWF) */
		if (!e && d->kind != MISSING)
			e = pcm_write_wav(&p, path, bits_of(d->kind),
					  bits_of(d->kind) == 24 ? "turnover demo dialogue" : NULL,
					  (int64_t)(10 * 3600 + 17 * i) * RATE, eb);
		if (!e) {
			char *url = url_from_path(path);

			session_build_media(s, d->file, MEDIA_CONTAINER_WAVE, p.channels, RATE,
						bits_of(d->kind), p.frames, url);
			free(url);
			if (d->kind == MISSING)
				r->missing = xstrdup(d->file);
			else
				r->media_written++;
		}
		pcm_release(&p);
		free(path);
		if (e)
			return e;
	}
	return ERR_OK;
}

static void place_clips(struct session *s)
{
	for (size_t i = 0; i < N_CLIPS; i++) {
		const struct clip_def *c = &clips[i];
		const struct media *m = &s->media[c->source];
		struct track *t = &s->tracks[c->track - 1];
		int64_t offset = (int64_t)llround(c->offset_s * FPS) * SPF;
		int64_t avail = (m->length - offset) / SPF;	/* whole frames of the file */
		int64_t len = c->len_s > 0 ? (int64_t)llround(c->len_s * FPS) : avail;
		int channels = c->channel ? 1 : m->channels;

		if (len > avail)
			len = avail;
		struct clip *cl = session_build_clip(t, m->name, (int64_t)llround(c->at_s * FPS), len,
						     c->source, c->channel ? c->channel : 1, channels,
						     offset, RATE);

		cl->gain_db = c->gain_db;
		cl->fade_in.length_eu = c->fade_in;
		cl->fade_in.shape = c->fade_in ? FADE_SHAPE_LINEAR : FADE_SHAPE_NONE;
		cl->fade_out.length_eu = c->fade_out;
		cl->fade_out.shape = c->fade_out ? FADE_SHAPE_LINEAR : FADE_SHAPE_NONE;
	}
}

static enum err make_dirs(const char *dir, struct errbuf *eb)
{
	char *media = xasprintf("%s/media", dir);
	enum err e = ERR_OK;

	if ((mkdir(dir, 0777) != 0 && errno != EEXIST) ||
	    (mkdir(media, 0777) != 0 && errno != EEXIST))
		e = err_set(eb, ERR_IO, "cannot create '%s': %s", media, strerror(errno));
	free(media);
	return e;
}

enum err demo_build(const char *dir, struct demo_report *out, struct errbuf *eb)
{
	struct session *s;
	struct aaf_write_options opt;
	enum err e;

	memset(out, 0, sizeof(*out));
	e = make_dirs(dir, eb);
	if (e)
		return e;
	s = session_build_new("DEMO_REEL_1", FPS, 1, TC_START, false);
	e = write_media(s, dir, out, eb);
	if (!e) {
		for (int i = 1; i <= 7; i++) {
			char *name = xasprintf("Audio %d", i);

			session_build_track(s, name, FPS, 1);
			free(name);
		}
		place_clips(s);
		session_build_finish(s);
		out->clips = N_CLIPS;
		out->aaf = xasprintf("%s/demo.aaf", dir);
		aaf_write_options_init(&opt);
		e = aaf_write_file(s, out->aaf, &opt, eb);
	}
	session_free(s);
	if (e)
		demo_report_release(out);
	return e;
}

void demo_report_release(struct demo_report *r)
{
	free(r->aaf);
	free(r->missing);
	memset(r, 0, sizeof(*r));
}

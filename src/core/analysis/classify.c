/* classify.c: from measured features to class, confidence, tags and
 * problems. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "analysis/classify.h"
#include "analysis/dcoffset.h"

#define SILENCE_DB -60.0	/* sample peak below this: silence */
#define SHORT_S 0.25
#define SHORT_CONFIDENCE 0.5	/* most a too-short clip may claim */
#define BAND_GONE_DB -30.0	/* speech band this far under the whole: empty */
#define TONE_CONFIDENCE 0.95

static const char *const tag_names[ANALYSIS_TAG_COUNT] = { "tone", "silence", "room_tone" };
static const char *const problem_names[ANALYSIS_PROBLEM_COUNT] = {
	"empty", "too_short", "truncated", "clipped", "dc_offset", "no_speech_band"
};

static const char *flag_name(unsigned bit, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (bit == 1u << i)
			return names[i];
	return "";
}

const char *analysis_tag_name(unsigned bit)
{
	return flag_name(bit, tag_names, ANALYSIS_TAG_COUNT);
}

const char *analysis_problem_name(unsigned bit)
{
	return flag_name(bit, problem_names, ANALYSIS_PROBLEM_COUNT);
}

/* A steady sine: nearly every active frame one line at one frequency, at
 * one level. */
static bool is_tone(const struct clip_features *cf)
{
	return cf->tonal_ratio >= 0.9 && cf->tone_spread < 20 && cf->tone_hz > 0 &&
	       cf->level_db - cf->floor_db < 6;
}

/* Quiet, steady and without events or voice. */
static bool is_room_tone(const struct clip_features *cf)
{
	return cf->level_db < -35 && cf->level_db - cf->floor_db < 10 && cf->onset_rate < 0.5 &&
	       cf->v[FEATURE_VOICED_RATIO] < 0.2 && cf->duration >= 1;
}

static unsigned problems(const struct clip_features *cf)
{
	unsigned p = 0;

	if (cf->frames == 0)
		p |= ANALYSIS_PROBLEM_EMPTY;
	else if (cf->duration < SHORT_S)
		p |= ANALYSIS_PROBLEM_TOO_SHORT;
	if (cf->missing > 0)
		p |= ANALYSIS_PROBLEM_TRUNCATED;
	if (cf->clipped > 0)
		p |= ANALYSIS_PROBLEM_CLIPPED;
	if (dcoffset_is_problem(cf->dc))	/* as health.h decides */
		p |= ANALYSIS_PROBLEM_DC_OFFSET;
	if (cf->frames > 0 && cf->peak_db >= SILENCE_DB && cf->band_db < BAND_GONE_DB)
		p |= ANALYSIS_PROBLEM_NO_SPEECH_BAND;
	return p;
}

static void set_class(struct analysis_result *out, const double *p)
{
	out->cls = CLIP_CLASS_DIALOGUE;
	for (int j = 0; j < CLIP_CLASS_COUNT; j++) {
		out->scores[j] = p[j];
		if (p[j] > p[out->cls])
			out->cls = (enum clip_class)j;
	}
	out->confidence = p[out->cls];
}

void classify_features(const struct classifier *model, const struct clip_features *cf,
		       struct analysis_result *out)
{
	static const double none[CLIP_CLASS_COUNT] = { 1.0 / 3, 1.0 / 3, 1.0 / 3 };
	static const double tone[CLIP_CLASS_COUNT] = {
		(1 - TONE_CONFIDENCE) / 2, (1 - TONE_CONFIDENCE) / 2, TONE_CONFIDENCE
	};
	double p[CLIP_CLASS_COUNT];

	memset(out, 0, sizeof(*out));
	out->features = *cf;
	out->problems = problems(cf);
	if (cf->frames == 0 || cf->silent || cf->peak_db < SILENCE_DB) {
		/* nothing to judge: no class is likelier; filed with effects,
		 * at no confidence */
		if (cf->frames > 0)
			out->tags |= ANALYSIS_TAG_SILENCE;
		set_class(out, none);
		out->cls = CLIP_CLASS_SFX;
		out->confidence = 0;
		return;
	}
	if (is_tone(cf)) {
		out->tags |= ANALYSIS_TAG_TONE;
		set_class(out, tone);
		return;
	}
	if (is_room_tone(cf))
		out->tags |= ANALYSIS_TAG_ROOM_TONE;
	classifier_predict(model, cf->v, p);
	set_class(out, p);
	if (out->problems & (ANALYSIS_PROBLEM_TOO_SHORT | ANALYSIS_PROBLEM_NO_SPEECH_BAND))
		out->confidence = fmin(out->confidence, SHORT_CONFIDENCE);
}

enum err classify_decode(struct features *fx, struct decode *d, const struct classifier *model,
			 struct analysis_result *out, struct errbuf *eb)
{
	struct clip_features cf;
	enum err e = features_extract(fx, d, NULL, &cf, eb);

	memset(out, 0, sizeof(*out));
	if (e != ERR_OK)
		return e;
	classify_features(model, &cf, out);
	return ERR_OK;
}

static enum err classify_stream(struct decode *d, const struct classifier *model,
				struct analysis_result *out, struct errbuf *eb)
{
	struct features *fx = features_new();
	enum err e = classify_decode(fx, d, model, out, eb);

	features_free(fx);
	decode_free(d);
	return e;
}

enum err classify_reader(struct decode_reader *r, int64_t start, int64_t frames,
			 uint64_t channel_mask, const struct classifier *model,
			 struct analysis_result *out, struct errbuf *eb)
{
	struct decode *d;
	enum err e = decode_open(r, start, frames, channel_mask, &d, eb);

	memset(out, 0, sizeof(*out));
	if (e != ERR_OK)
		return e;
	return classify_stream(d, model, out, eb);
}

enum err classify_media_range(const char *path, int64_t start, int64_t frames,
			      uint64_t channel_mask, const struct classifier *model,
			      struct analysis_result *out, struct errbuf *eb)
{
	struct decode *d;
	enum err e = decode_open_file(path, start, frames, channel_mask, &d, eb);

	memset(out, 0, sizeof(*out));
	if (e != ERR_OK)
		return e;
	return classify_stream(d, model, out, eb);
}

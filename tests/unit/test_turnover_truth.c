/*
 * test_turnover_truth.c: the AAF reader against the ground truth of the
 * test turnovers ($TURNOVER_SHARED/turnovers/NAME.truth.json, described in
 * turnovers/README.md, "Ground truth").
 *
 * Per file: the composition's edit rate, timecode start, drop-frame flag,
 * sample rate and length; the audio tracks' number, names, formats and
 * edit rates; per clip, identified by (track, index): the position, length
 * and source offset in track edit units (exact; start_eu includes the
 * timecode start) and in samples (+-1), the channels, which channel of the
 * media each plays, the media file (the basename of our locator, percent-
 * decoded, and of the file we found) and the clip gain (+-0.01 dB); per
 * media file a clip plays: the locator, channels, sample rate and frames
 * the truth's media table gives.
 *
 * Every difference is one line; the test fails when any file has one that
 * is not in known_differences[].  Exits 77 when the turnovers are absent.
 */
#include "config.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaf/aaf.h"
#include "conform.h"
#include "timecode.h"
#include "xalloc.h"

/* Differences the lead has accepted, each with its reason (see conform.h);
 * where NULL matches any place in the file. */
static const struct conform_known known_differences[] = {
	{ NULL, NULL, NULL, NULL }
};

struct truth_check {
	struct conform *c;
	const struct json_value *truth;
	const struct json_value *media;	/* the truth's media table */
	const struct session *s;
	int sample_rate;		/* the truth's; 0 when absent */
	bool *media_done;		/* per session media: checked already */
};

/* ---- composition and tracks ----------------------------------------------- */

static void check_composition(struct truth_check *tc)
{
	const struct json_value *t = tc->truth;
	const struct session *s = tc->s;
	struct conform *c = tc->c;
	struct rational rate;
	const char *str;
	int64_t n;
	bool b;

	if (conform_get_rate(c, "", t, "edit_rate", &rate))
		conform_rate(c, "", "edit_rate", rate, s->edit_rate);
	if (conform_get_str(c, "", t, "tc_start", &str)) {
		char label[TIMECODE_BUFSZ];

		conform_start_tc(s, false, label, sizeof(label));	/* ';' = drop-frame */
		conform_str(c, "", "tc_start", str, label);
	}
	if (conform_get_bool(c, "", t, "drop_frame", &b))
		conform_bool(c, "", "drop_frame", b, s->drop_frame);
	if (conform_get_int(c, "", t, "sample_rate", &n)) {
		tc->sample_rate = n > 0 && n <= INT_MAX ? (int)n : 0;
		conform_int(c, "", "sample_rate", n, s->sample_rate, 0);
	}
	if (tc->sample_rate && conform_get_int(c, "", t, "length_samples", &n))
		conform_int(c, "", "length_samples", n,
			    session_eu_to_samples(s->length_eu, s->edit_rate, tc->sample_rate), 1);
}

/* The truth's clips on track number, counted. */
static size_t truth_clips_on(const struct json_value *clips, int64_t number)
{
	size_t n = 0;

	for (size_t i = 0; i < json_length(clips); i++) {
		int64_t t;

		if (json_as_int64(json_get(json_at(clips, i), "track"), &t) && t == number)
			n++;
	}
	return n;
}

/* "mono", "stereo", … as the truth writes formats. */
static char *format_name(enum channel_format f)
{
	char *name = xstrdup(channel_format_name(f));

	for (char *p = name; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return name;
}

static void check_track(struct truth_check *tc, const struct json_value *jt, size_t number,
			bool have_rate, struct rational rate)
{
	const struct track *t = conform_audio_track(tc->s, number);
	struct conform *c = tc->c;
	const char *str;
	char where[32];

	snprintf(where, sizeof(where), "track %zu", number);
	if (!t) {
		conform_fail(c, where, "track", "expected one, got none");
		return;
	}
	/* an unnamed track is "" in the truth */
	if (conform_get_str(c, where, jt, "name", &str))
		conform_str(c, where, "name", str, t->name ? t->name : "");
	/* the truth gives a format for empty tracks too ("mono") */
	if (conform_get_str(c, where, jt, "format", &str)) {
		char *got = format_name(t->format);

		conform_str(c, where, "format", str, got);
		free(got);
	}
	if (have_rate)
		conform_rate(c, where, "edit_rate", rate, t->edit_rate);
}

static void check_tracks(struct truth_check *tc)
{
	const struct json_value *tracks;
	size_t n_audio = session_audio_tracks(tc->s);
	struct rational rate;
	bool have_rate = conform_get_rate(tc->c, "", tc->truth, "track_edit_rate", &rate);

	if (!conform_get_array(tc->c, "", tc->truth, "tracks", &tracks))
		return;
	if (json_length(tracks) != n_audio)
		conform_fail(tc->c, "", "audio tracks", "expected %zu, got %zu",
			     json_length(tracks), n_audio);
	for (size_t i = 0; i < json_length(tracks); i++) {
		const struct json_value *jt = json_at(tracks, i);
		char where[32];
		int64_t number;

		snprintf(where, sizeof(where), "tracks[%zu]", i);
		if (!conform_get_int(tc->c, where, jt, "track", &number))
			continue;
		if (number >= 1 && (size_t)number <= n_audio)
			check_track(tc, jt, (size_t)number, have_rate, rate);
	}
}

/* ---- media --------------------------------------------------------------- */

/* Whether our media m is the file named want: the basename of its locator
 * (percent-decoded) and of the file found for it, where there are such. */
static bool media_is(const struct media *m, const char *want)
{
	bool same = m->url || m->path;

	if (m->url) {
		char *b = conform_basename(m->url, true);

		same = same && !strcmp(b, want);
		free(b);
	}
	if (m->path) {
		char *b = conform_basename(m->path, false);

		same = same && !strcmp(b, want);
		free(b);
	}
	return same;
}

static void check_media_record(struct truth_check *tc, const char *name, int mi)
{
	const struct json_value *jm = json_get(tc->media, name);
	const struct media *m = &tc->s->media[mi];
	struct conform *c = tc->c;
	char *where;
	const char *url;
	int64_t n;

	if (tc->media_done[mi] || !jm)
		return;
	tc->media_done[mi] = true;
	where = xasprintf("media %s", name);
	if (conform_get_str(c, where, jm, "url", &url))
		conform_str(c, where, "url", url, m->url);
	if (conform_get_int(c, where, jm, "channels", &n))
		conform_int(c, where, "channels", n, m->channels, 0);
	if (conform_get_int(c, where, jm, "sample_rate", &n))
		conform_int(c, where, "sample_rate", n, m->sample_rate, 0);
	if (conform_get_int(c, where, jm, "frames", &n))
		conform_int(c, where, "frames", n, m->length, 0);
	free(where);
}

static void check_clip_media(struct truth_check *tc, const char *where,
			     const struct json_value *jc, const struct clip *cl)
{
	const struct json_value *chans;
	const char *want;

	if (conform_get_str(tc->c, where, jc, "media", &want)) {
		for (int i = 0; i < cl->channels; i++) {
			int mi = cl->sources[i].media;
			char field[32];

			snprintf(field, sizeof(field), "media[%d]", i);
			tc->c->checks++;
			if (mi < 0 || (size_t)mi >= tc->s->n_media) {
				conform_fail(tc->c, where, field, "expected \"%s\", got no media", want);
			} else if (!media_is(&tc->s->media[mi], want)) {
				const struct media *m = &tc->s->media[mi];

				conform_fail(tc->c, where, field, "expected \"%s\", got %s (%s)", want,
					     m->url ? m->url : "no locator",
					     m->path ? m->path : "not found");
			} else {
				check_media_record(tc, want, mi);
			}
		}
	}
	if (!conform_get_array(tc->c, where, jc, "source_channels", &chans))
		return;
	if (json_length(chans) != (size_t)(cl->channels > 0 ? cl->channels : 0)) {
		conform_fail(tc->c, where, "source_channels", "expected %zu entries, got %d",
			     json_length(chans), cl->channels);
		return;
	}
	for (int i = 0; i < cl->channels; i++) {
		int64_t ch;
		char field[32];

		snprintf(field, sizeof(field), "source_channels[%d]", i);
		if (json_as_int64(json_at(chans, (size_t)i), &ch))
			conform_int(tc->c, where, field, ch, cl->sources[i].channel, 0);
		else
			conform_fail(tc->c, where, field, "ground truth value is not an integer");
	}
}

/* ---- clips --------------------------------------------------------------- */

static void check_clip(struct truth_check *tc, const char *where, const struct json_value *jc,
		       const struct track *t, const struct clip *cl)
{
	const struct session *s = tc->s;
	struct conform *c = tc->c;
	int64_t want, start = cl->start, length = cl->length, offset = cl->source_offset;
	bool exact;
	int64_t tcu = conform_tc_start_in(s, t->edit_rate, &exact);
	double gain;

	if (conform_get_int(c, where, jc, "start_eu", &want))
		conform_int(c, where, "start_eu", want, tcu + cl->pos_eu, exact ? 0 : 1);
	if (conform_get_int(c, where, jc, "length_eu", &want))
		conform_int(c, where, "length_eu", want, cl->length_eu, 0);
	if (conform_get_int(c, where, jc, "source_offset_eu", &want))
		conform_int(c, where, "source_offset_eu", want, cl->source_offset_eu, 0);
	if (tc->sample_rate && s->sample_rate != tc->sample_rate) {
		/* reported once; compare exact values at the truth's rate */
		start = conform_abs_samples(s, cl->pos_eu, t->edit_rate, tc->sample_rate);
		length = session_eu_to_samples(cl->length_eu, t->edit_rate, tc->sample_rate);
		offset = session_eu_to_samples(cl->source_offset_eu, t->edit_rate, tc->sample_rate);
	}
	if (conform_get_int(c, where, jc, "start_samples", &want))
		conform_int(c, where, "start_samples", want, start, 1);
	if (conform_get_int(c, where, jc, "length_samples", &want))
		conform_int(c, where, "length_samples", want, length, 1);
	if (conform_get_int(c, where, jc, "source_offset_samples", &want))
		conform_int(c, where, "source_offset_samples", want, offset, 1);
	if (conform_get_int(c, where, jc, "channels", &want))
		conform_int(c, where, "channels", want, cl->channels, 0);
	check_clip_media(tc, where, jc, cl);
	if (conform_get_double(c, where, jc, "gain_db", &gain))
		conform_double(c, where, "gain_db", gain, cl->gain_db, 0.01);
}

/* Tracks whose clip count differs; their clips are not compared one by one
 * (pairing by index would only report the shift). */
static bool *check_clip_counts(struct truth_check *tc, const struct json_value *clips)
{
	size_t n_audio = session_audio_tracks(tc->s);
	bool *skip = xcalloc(n_audio + 1, sizeof(*skip));

	for (size_t k = 1; k <= n_audio; k++) {
		const struct track *t = conform_audio_track(tc->s, k);
		size_t want = truth_clips_on(clips, (int64_t)k);
		char where[32];

		if (want == t->n_clips)
			continue;
		snprintf(where, sizeof(where), "track %zu", k);
		conform_fail(tc->c, where, "clip count", "expected %zu, got %zu (clips not compared)",
			     want, t->n_clips);
		skip[k] = true;
	}
	return skip;
}

static void check_clips(struct truth_check *tc)
{
	const struct json_value *clips;
	size_t n_audio = session_audio_tracks(tc->s);
	bool *skip;

	if (!conform_get_array(tc->c, "", tc->truth, "clips", &clips))
		return;
	skip = check_clip_counts(tc, clips);
	for (size_t i = 0; i < json_length(clips); i++) {
		const struct json_value *jc = json_at(clips, i);
		const struct track *t;
		int64_t track, index;
		char where[64];

		snprintf(where, sizeof(where), "clips[%zu]", i);
		if (!conform_get_int(tc->c, where, jc, "track", &track) ||
		    !conform_get_int(tc->c, where, jc, "index", &index))
			continue;
		snprintf(where, sizeof(where), "track %" PRId64 " clip %" PRId64, track, index);
		if (track < 1 || (size_t)track > n_audio) {
			conform_fail(tc->c, where, "clip", "expected one, got no such track");
			continue;
		}
		t = conform_audio_track(tc->s, (size_t)track);
		if (skip[track])
			continue;
		if (index < 1 || (size_t)index > t->n_clips) {
			conform_fail(tc->c, where, "clip", "expected one, got no such clip");
			continue;
		}
		check_clip(tc, where, jc, t, &t->clips[index - 1]);
	}
	free(skip);
}

/* ---- one file ------------------------------------------------------------- */

static void check_file(struct conform *c, const char *shared, const char *truth_name)
{
	char *dir = xasprintf("%s/turnovers", shared);
	char *media_dir = xasprintf("%s/media", dir);
	char *truth_path = xasprintf("%s/%s", dir, truth_name);
	const char *const dirs[] = { media_dir };
	struct truth_check tc = { .c = c };
	struct json_value *truth = NULL;
	struct session *s = NULL;
	struct aaf_options opt;
	struct errbuf eb;
	const char *file;
	char *aaf_path = NULL;

	errbuf_init(&eb);
	conform_begin(c, truth_name);
	if (conform_load_json(truth_path, &truth, &eb)) {
		conform_fail(c, "", "truth", "cannot load: %s", errbuf_msg(&eb));
		goto out;
	}
	if (!conform_get_str(c, "", truth, "aaf", &file))
		goto out;
	c->file = file;
	aaf_options_init(&opt);
	opt.media_dirs = dirs;
	opt.n_media_dirs = 1;
	aaf_path = xasprintf("%s/%s", dir, file);
	if (aaf_read_file(aaf_path, &opt, &s, &eb)) {
		conform_fail(c, "", "read", "expected a session, got error: %s", errbuf_msg(&eb));
		goto out;
	}
	tc.s = s;
	tc.truth = truth;
	tc.media = json_get(truth, "media");
	tc.media_done = xcalloc(s->n_media + 1, sizeof(*tc.media_done));
	check_composition(&tc);
	check_tracks(&tc);
	check_clips(&tc);
out:
	conform_end(c);
	free(tc.media_done);
	session_free(s);
	json_free(truth);
	free(aaf_path);
	free(truth_path);
	free(media_dir);
	free(dir);
}

int main(void)
{
	const char *shared = conform_shared_dir();
	struct conform c;
	char **names;
	char *dir;
	size_t n;
	int status;

	if (!shared) {
		printf("skip: TURNOVER_SHARED is not set to the shared folder\n");
		return CONFORM_SKIP;
	}
	dir = xasprintf("%s/turnovers", shared);
	names = conform_list(dir, ".truth.json", &n);
	if (!names || !n) {
		printf("skip: no ground truth in '%s'\n", dir);
		conform_free_list(names, n);
		free(dir);
		return CONFORM_SKIP;
	}
	conform_init(&c, known_differences);
	for (size_t i = 0; i < n; i++)
		check_file(&c, shared, names[i]);
	status = conform_finish(&c);
	conform_free_list(names, n);
	free(dir);
	return status;
}

/*
 * health.h: what is wrong with a session's media and clips, as a list of
 * problems with codes, severities and a sentence each.  Media problems
 * come from locating and probing (session.h media_file: missing,
 * unreadable, truncated, empty, wrong rate, bit depth or channel count);
 * clip problems from the clip's range against the data really there, and
 * from the channel analysis of stereo.h (silence, dual mono, polarity,
 * clipping, DC offset).  Nothing is read here: the facts are already in
 * the session and the stereo results.
 *
 * Depends on libc, json (the writer), session, clipread (clip ranges) and
 * stereo (the result record).
 */
#ifndef TURNOVER_ANALYSIS_HEALTH_H
#define TURNOVER_ANALYSIS_HEALTH_H

#include <stdbool.h>
#include <stddef.h>

#include "analysis/stereo.h"
#include "json.h"
#include "session.h"

enum health_severity {
	HEALTH_INFO,		/* worth knowing, nothing to fix */
	HEALTH_WARNING,		/* check it */
	HEALTH_ERROR,		/* the clip will not play as the editor heard it */
	HEALTH_SEVERITY_COUNT
};

/* Code, name for output, severity, what it means. */
#define HEALTH_CODES(_) \
	_(MEDIA_MISSING, "media_missing", ERROR, "media file not found") \
	_(MEDIA_UNREADABLE, "media_unreadable", ERROR, "media file cannot be read as audio") \
	_(TRUNCATED, "truncated", ERROR, "the audio data stops before the header says") \
	_(ZERO_LENGTH, "zero_length", ERROR, "the media holds no audio") \
	_(LENGTH_MISMATCH, "length_mismatch", WARNING, "the file is shorter than the AAF says") \
	_(SAMPLE_RATE_MISMATCH, "sample_rate_mismatch", ERROR, \
	  "sample rate differs from the session's or the AAF's") \
	_(BIT_DEPTH_MISMATCH, "bit_depth_mismatch", WARNING, "bit depth differs from the session's") \
	_(CHANNEL_COUNT_MISMATCH, "channel_count_mismatch", ERROR, \
	  "channel count differs from what the AAF says") \
	_(CHANNEL_MISSING, "channel_missing", ERROR, "the clip plays a channel the file lacks") \
	_(RANGE_PAST_END, "range_past_end", ERROR, "the clip plays past the end of the audio data") \
	_(SILENT, "silent", WARNING, "the clip is digital silence") \
	_(ONE_SIDE_SILENT, "one_side_silent", WARNING, "one side of a stereo clip is silent") \
	_(DUAL_MONO, "dual_mono", INFO, "a stereo clip carries one mono signal twice") \
	_(NEAR_DUAL_MONO, "near_dual_mono", INFO, \
	  "a stereo clip carries one mono signal with a small gain or delay change") \
	_(POLARITY_INVERTED, "polarity_inverted", ERROR, \
	  "one side is the other inverted: it cancels when folded to mono") \
	_(CLIPPED, "clipped", WARNING, "runs of full-scale samples") \
	_(DC_OFFSET, "dc_offset", WARNING, "a steady DC offset of 1% or more")

enum health_code {
#define HEALTH_ENUM_(code, name, sev, text) HEALTH_##code,
	HEALTH_CODES(HEALTH_ENUM_)
#undef HEALTH_ENUM_
	HEALTH_CODE_COUNT
};

/* One problem: of a media file (media >= 0), of a clip (has_clip), or of
 * a clip's use of a media file (both). */
struct health_problem {
	enum health_code code;
	enum health_severity severity;
	int media;		/* index into s->media; -1 none */
	bool has_clip;
	size_t track, clip;	/* indices into s->tracks and its clips */
	char *detail;		/* owned; says what was found */
};

struct health_report {
	struct health_problem *v;	/* owned, in the order found */
	size_t n, alloc;
};

#define HEALTH_REPORT_INIT { NULL, 0, 0 }

/* Frees every problem and empties r; NULL-safe. */
void health_report_release(struct health_report *r);

/*
 * Appends the media and clip-range problems of s: each media file clips
 * play (in media order), then each clip of the audio tracks (in track and
 * clip order) whose channels the file lacks or whose range runs past the
 * data the file really holds.  The session's bit depth is the most common
 * one among its found files.
 */
void health_check_session(const struct session *s, struct health_report *r);

/* Appends clip (track, clip)'s problems found by the channel analysis st. */
void health_add_channels(struct health_report *r, size_t track, size_t clip,
			 const struct stereo_result *st);

/* Whether r holds a problem with this code for media m (any clip). */
bool health_has_media(const struct health_report *r, enum health_code code, int m);

const char *health_code_name(enum health_code c);		/* "truncated", ... */
const char *health_code_text(enum health_code c);		/* what it means */
enum health_severity health_code_severity(enum health_code c);
const char *health_severity_name(enum health_severity s);	/* "info", "warning", "error" */

/*
 * Writes every problem of r as a JSON array: [{"code", "severity",
 * "media" (file name or null), "track" and "index" (from 1, or null),
 * "detail"}].
 */
void health_json_write(struct json_writer *w, const struct session *s,
		       const struct health_report *r);

/*
 * Writes the problems that concern clip (track, clip) as the value of the
 * clip's "problems" key: its own and those of the media it plays, each
 * {"code", "severity", "detail"}.
 */
void health_clip_json_write(struct json_writer *w, const struct session *s,
			    const struct health_report *r, size_t track, size_t clip);

#endif

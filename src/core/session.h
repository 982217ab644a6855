/*
 * session.h: the session model every part of turnover works on: what an
 * AAF composition says, independent of how it was stored.  Plain records,
 * transparent on purpose (like SF_INFO): readers fill them, analysis and
 * the front ends read them.
 *
 * Positions are exact.  Every clip keeps its values in edit units of its
 * track's edit rate (the `_eu` fields, exactly as the file says) and the
 * same values converted to samples at the session's sample rate (rounded
 * half up from the exact rational value; absolute positions add the
 * timecode start before rounding).  Nothing here is a float but
 * gains, pan and automation values.
 *
 * Depends on libc only.
 */
#ifndef TURNOVER_SESSION_H
#define TURNOVER_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rational.h"

enum channel_format {
	CHANNEL_FORMAT_UNKNOWN,
	CHANNEL_FORMAT_MONO,
	CHANNEL_FORMAT_STEREO,
	CHANNEL_FORMAT_5_1,
	CHANNEL_FORMAT_7_1,
	CHANNEL_FORMAT_COUNT
};

enum track_kind {
	TRACK_KIND_AUDIO,
	TRACK_KIND_VIDEO,
	TRACK_KIND_COUNT
};

enum media_status {
	MEDIA_STATUS_OK,		/* found and its header reads */
	MEDIA_STATUS_MISSING,		/* no file found for the locator */
	MEDIA_STATUS_UNREADABLE,	/* found, but not readable as audio */
	MEDIA_STATUS_UNCHECKED,		/* not looked for yet */
	MEDIA_STATUS_COUNT
};

enum media_container {
	MEDIA_CONTAINER_UNKNOWN,
	MEDIA_CONTAINER_WAVE,
	MEDIA_CONTAINER_AIFC,
	MEDIA_CONTAINER_PCM,		/* raw PCM (AAF PCMDescriptor) */
	MEDIA_CONTAINER_MXF,
	MEDIA_CONTAINER_COUNT
};

enum fade_shape {
	FADE_SHAPE_NONE,
	FADE_SHAPE_LINEAR,
	FADE_SHAPE_EQUAL_POWER,
	FADE_SHAPE_LOG,
	FADE_SHAPE_EXP,
	FADE_SHAPE_SCURVE,
	FADE_SHAPE_COUNT
};

/* A fade at one end of a clip; length 0 = no fade. */
struct fade {
	int64_t length;		/* samples at the session rate */
	int64_t length_eu;	/* edit units of the track */
	enum fade_shape shape;
};

/* One point of clip volume automation. */
struct automation_point {
	int64_t pos;		/* samples from the clip's start */
	double gain_db;
};

struct marker {
	int64_t pos;		/* absolute, samples at the session rate */
	int64_t length;		/* samples; 0 for a point marker */
	int64_t pos_eu, length_eu;	/* exact, in units of rate (pos_eu without tc start) */
	struct rational rate;
	int track;		/* audio track number it sits on; 0 = composition */
	char *name;
	char *comment;
	uint16_t rgb[3];	/* colour as 16-bit RGB; all 0 when none */
	bool has_color;
};

/* One channel of a clip: which media it plays and which channel of it. */
struct clip_source {
	int media;		/* index into session.media; -1 when unknown */
	int channel;		/* 1-based channel within that media */
	/* where the clip's first sample sits in that media: an exact count
	 * of edit units at offset_rate (the file source's own rate) */
	int64_t offset;
	struct rational offset_rate;
};

struct clip {
	char *name;
	int64_t start;		/* absolute (includes the timecode start), samples */
	int64_t length;		/* samples */
	int64_t source_offset;	/* samples into the source, at the session rate */
	/* exact values in the track's edit units: pos_eu is the position in
	 * the track (without the timecode start), source_offset_eu the offset
	 * into the file source */
	int64_t pos_eu, length_eu, source_offset_eu;
	int channels;
	struct clip_source *sources;	/* channels entries; owned */
	double gain_db;		/* constant clip gain; 0 = none */
	struct automation_point *volume;	/* owned; n_volume entries */
	size_t n_volume;
	bool has_pan;
	double pan;		/* -1 left .. +1 right */
	bool mute;
	struct fade fade_in, fade_out;
};

struct track {
	int index;		/* audio tracks from 1 in timeline order; video from 1 too */
	int slot_id;		/* the AAF slot id */
	enum track_kind kind;
	char *name;
	enum channel_format format;
	struct rational edit_rate;
	bool mute, solo;
	struct clip *clips;	/* owned, in timeline order */
	size_t n_clips, alloc_clips;
};

struct media {
	char *id;		/* stable id within the session: "m1", "m2", … */
	char *name;
	int channels;
	int sample_rate;
	int bits;
	int64_t length;		/* frames at sample_rate; -1 unknown */
	bool embedded;
	enum media_container container;
	char *url;		/* locator as written; NULL for embedded */
	char *path;		/* resolved local file; NULL if not found or embedded */
	enum media_status status;
	char *status_detail;	/* why it is missing/unreadable; NULL when fine */
	uint8_t mob_id[32];	/* file source mob's MobID (SMPTE UMID) */
	uint8_t master_mob_id[32];
	bool has_mob_id, has_master_mob_id;
	char *essence_stream;	/* embedded: path of the data stream inside the AAF */
	/* what the file found on disk holds (status OK), from its header;
	 * channels, sample_rate, bits and length above are what the AAF says */
	struct media_file {
		int channels, sample_rate, bits;
		int64_t length;		/* frames present */
		int64_t claimed_length;	/* frames the header claims; -1 unknown */
		bool truncated;		/* data stops before the header says */
		bool probed;		/* these fields are filled */
	} file;
};

struct session {
	char *file;		/* the AAF path as given */
	char *product;		/* product that wrote it, e.g. "Media Composer" */
	char *product_version;
	char *composition_name;
	struct rational edit_rate;	/* the composition's (picture) rate */
	int tc_fps;		/* timecode frames per second (rounded) */
	bool drop_frame;
	int64_t tc_start;	/* timecode start in frames at tc_fps counting */
	struct rational tc_rate;	/* rate the tc_start frames run at */
	int64_t start;		/* timecode start, samples at sample_rate */
	int64_t end;		/* composition end, samples */
	int64_t length_eu;	/* composition length in edit_rate units */
	int sample_rate;	/* the audio's (most common) rate; 48000 when none */
	struct track *tracks;	/* owned; audio tracks first in timeline order */
	size_t n_tracks, alloc_tracks;
	struct media *media;	/* owned */
	size_t n_media, alloc_media;
	struct marker *markers;	/* owned */
	size_t n_markers, alloc_markers;
};

/* A new, empty session; free with session_free(). */
struct session *session_new(void);

/* Frees s and everything it owns; NULL does nothing. */
void session_free(struct session *s);

/* Appends a track (zeroed but for kind and index) and returns it; borrowed
 * until the next session_add_track(). */
struct track *session_add_track(struct session *s, enum track_kind kind);

/* Appends a zeroed clip to t (fades none, one source slot per channel set
 * up by clip_set_channels()) and returns it; borrowed until the next add. */
struct clip *track_add_clip(struct track *t);

/* Frees clip i of t (nothing if out of range) and moves the clips after
 * it down by one. */
void track_remove_clip(struct track *t, size_t i);

/* Sizes c->sources to n channels, each {-1, i+1}. */
void clip_set_channels(struct clip *c, int n);

/* Appends a media record with id "m<N>" and returns it (length -1, status
 * UNCHECKED); borrowed until the next session_add_media(). */
struct media *session_add_media(struct session *s);

/* Appends a marker; borrowed until the next add. */
struct marker *session_add_marker(struct session *s);

/* Drops media no clip plays, renumbering clip sources and ids in order. */
void session_prune_media(struct session *s);

/* Number of audio tracks. */
size_t session_audio_tracks(const struct session *s);

/* Converts a count of edit units at rate to samples at sample_rate, exact
 * then rounded half up (toward +inf for the .5 case). */
int64_t session_eu_to_samples(int64_t eu, struct rational rate, int sample_rate);

/* Re-derives s->start and every clip's sample values from the _eu values,
 * tc_start/tc_rate and sample_rate (call after changing any of them). */
void session_update_samples(struct session *s);

/* Names for enums, for output; never NULL. */
const char *channel_format_name(enum channel_format f);	/* "MONO", "STEREO", "5.1", "7.1", "" */
const char *media_status_name(enum media_status st);	/* "ok", "missing", "unreadable", "unchecked" */
const char *fade_shape_name(enum fade_shape sh);	/* "none", "linear", … */
const char *media_container_name(enum media_container c);

/* The channel format for a channel count (1, 2, 6, 8; else UNKNOWN). */
enum channel_format channel_format_for(int channels);

#endif

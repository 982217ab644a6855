/* test_session_json.c: the `inspect --json` document of a hand-built session. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "json.h"
#include "session.h"
#include "session_json.h"
#include "strbuf.h"
#include "xalloc.h"

/*
 * 29.97 DF from 01:00:00;00, three audio tracks and a video track:
 * A1 one mono clip with gain, a fade in, pan and automation; A2 a stereo
 * clip from a missing file with its channels swapped, muted; A3 empty.
 */
static struct session *build(void)
{
	struct session *s = session_new();
	struct media *m;
	struct track *t;
	struct clip *c;
	struct marker *mk;

	s->file = xstrdup("reel1.aaf");
	s->product = xstrdup("Media Composer");
	s->composition_name = xstrdup("Reel 1 \"v2\"");
	s->edit_rate = (struct rational){ 30000, 1001 };
	s->tc_rate = s->edit_rate;
	s->tc_fps = 30;
	s->drop_frame = true;
	s->tc_start = 107892;
	s->sample_rate = 48000;

	m = session_add_media(s);
	m->name = xstrdup("AUD_0040.wav");
	m->channels = 1;
	m->sample_rate = 48000;
	m->bits = 24;
	m->length = 480000;
	m->url = xstrdup("file:///Volumes/Media/AUD_0040.wav");
	m->path = xstrdup("/media/AUD_0040.wav");
	m->status = MEDIA_STATUS_OK;
	m = session_add_media(s);
	m->name = xstrdup("Bad\xff\x01name.wav");
	m->channels = 2;
	m->sample_rate = 48000;
	m->url = xstrdup("file:///Volumes/Media/Bad.wav");
	m->status = MEDIA_STATUS_MISSING;
	m->status_detail = xstrdup("not found");

	t = session_add_track(s, TRACK_KIND_AUDIO);
	t->name = xstrdup("DIA");
	t->format = CHANNEL_FORMAT_MONO;
	c = track_add_clip(t);
	c->name = xstrdup("Clip 1");
	c->pos_eu = 28;
	c->length_eu = 87;
	c->source_offset_eu = 5;
	clip_set_channels(c, 1);
	c->sources[0].media = 0;
	c->gain_db = 2;
	c->fade_in.length_eu = 3;
	c->fade_in.shape = FADE_SHAPE_LINEAR;
	c->has_pan = true;
	c->pan = -0.5;
	c->volume = xcalloc(2, sizeof(*c->volume));
	c->n_volume = 2;
	c->volume[0] = (struct automation_point){ 0, -3.0102999566 };
	c->volume[1] = (struct automation_point){ 48000, 0 };

	session_add_track(s, TRACK_KIND_VIDEO)->name = xstrdup("V1");

	t = session_add_track(s, TRACK_KIND_AUDIO);
	t->format = CHANNEL_FORMAT_STEREO;
	c = track_add_clip(t);
	c->name = xstrdup("Stereo \xc3\xa9\xe8\x8a\xb1 \xc3");
	c->pos_eu = 100;
	c->length_eu = 30;
	clip_set_channels(c, 2);
	c->sources[0] = (struct clip_source){ .media = 1, .channel = 2 };
	c->sources[1] = (struct clip_source){ .media = 1, .channel = 1 };
	c->mute = true;
	c->fade_out.length_eu = 10;
	c->fade_out.shape = FADE_SHAPE_EQUAL_POWER;

	t = session_add_track(s, TRACK_KIND_AUDIO);
	t->format = CHANNEL_FORMAT_MONO;	/* empty: format null all the same */

	mk = session_add_marker(s);
	mk->pos_eu = 28;	/* 01:00:00;28 at 29.97 DF */
	mk->rate = (struct rational){ 30000, 1001 };
	mk->track = 1;
	mk->name = xstrdup("check\tthis");

	session_update_samples(s);
	return s;
}

static const char expected[] =
	"{\"file\":\"reel1.aaf\",\"product\":\"Media Composer\","
	"\"composition\":{\"name\":\"Reel 1 \\\"v2\\\"\",\"edit_rate\":\"30000/1001\",\"tc_fps\":30,"
	"\"drop_frame\":true,\"start_tc\":\"01:00:00;00\",\"sample_rate\":48000},"
	"\"media\":["
	"{\"id\":\"m1\",\"name\":\"AUD_0040.wav\",\"channels\":1,\"sample_rate\":48000,\"bits\":24,"
	"\"length\":480000,\"embedded\":false,\"url\":\"file:///Volumes/Media/AUD_0040.wav\","
	"\"path\":\"/media/AUD_0040.wav\",\"status\":\"ok\",\"detail\":null},"
	"{\"id\":\"m2\",\"name\":\"Bad\xef\xbf\xbd\\u0001name.wav\",\"channels\":2,\"sample_rate\":48000,"
	"\"bits\":null,\"length\":null,\"embedded\":false,\"url\":\"file:///Volumes/Media/Bad.wav\","
	"\"path\":null,\"status\":\"missing\",\"detail\":\"not found\"}],"
	"\"tracks\":["
	"{\"index\":1,\"name\":\"DIA\",\"format\":\"MONO\",\"clips\":["
	"{\"name\":\"Clip 1\",\"start\":172844672,\"length\":139339,\"source_offset\":8008,"
	"\"channels\":1,\"gain_db\":2,\"mute\":false,\"fade_in\":{\"length\":4805,\"shape\":\"linear\"},"
	"\"fade_out\":null,\"sources\":[\"m1\"],\"source_channels\":[1],\"pan\":-0.5,"
	"\"volume\":[{\"pos\":0,\"gain_db\":-3.0103},{\"pos\":48000,\"gain_db\":0}]}]},"
	"{\"index\":2,\"name\":null,\"format\":\"STEREO\",\"clips\":["
	"{\"name\":\"Stereo \xc3\xa9\xe8\x8a\xb1 \xef\xbf\xbd\",\"start\":172959987,\"length\":48048,"
	"\"source_offset\":0,\"channels\":2,\"gain_db\":0,\"mute\":true,\"fade_in\":null,"
	"\"fade_out\":{\"length\":16016,\"shape\":\"equal_power\"},\"sources\":[\"m2\",\"m2\"],"
	"\"source_channels\":[2,1],\"pan\":null}]},"
	"{\"index\":3,\"name\":null,\"format\":null,\"clips\":[]}],"
	"\"markers\":[{\"pos\":172844672,\"length\":0,\"track\":1,\"name\":\"check\\tthis\","
	"\"comment\":null,\"color\":null}]}\n";

static void test_compact(void **state)
{
	struct session *s = build();
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	(void)state;
	session_json_write(s, &a, false);
	assert_string_equal(a.buf, expected);
	/* same model, same bytes */
	session_json_write(s, &b, false);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	strbuf_release(&a);
	strbuf_release(&b);
	session_free(s);
}

static void test_pretty(void **state)
{
	struct session *s = build();
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	(void)state;
	session_json_write(s, &a, true);
	session_json_write(s, &b, true);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	assert_true(!strncmp(a.buf, "{\n  \"file\": \"reel1.aaf\",\n  \"product\": ",
			     strlen("{\n  \"file\": \"reel1.aaf\",\n  \"product\": ")));
	assert_non_null(strstr(a.buf, "\n  \"composition\": {\n    \"name\": "));
	assert_non_null(strstr(a.buf, "\n      \"clips\": [\n        {\n          \"name\": \"Clip 1\","));
	assert_non_null(strstr(a.buf, "\n          \"source_channels\": [\n            2,\n            1\n"));
	assert_non_null(strstr(a.buf, "\"clips\": []\n    }\n  ],\n  \"markers\": [\n"));
	assert_true(a.buf[a.len - 2] == '}' && a.buf[a.len - 1] == '\n');
	strbuf_release(&a);
	strbuf_release(&b);
	session_free(s);
}

static int64_t get_int(const struct json_value *v, const char *key)
{
	int64_t i = -999;

	if (!json_as_int64(json_get(v, key), &i))
		fail_msg("'%s' is not an integer", key);
	return i;
}

/* What the reader makes of the pretty document. */
static void test_parse_back(void **state)
{
	struct session *s = build();
	struct strbuf sb = STRBUF_INIT;
	const struct json_value *comp, *media, *tracks, *clip, *clip2;
	struct json_value *v;
	struct errbuf eb;
	double d = 0;
	bool b = false;

	(void)state;
	session_json_write(s, &sb, true);
	errbuf_init(&eb);
	if (json_parse(sb.buf, sb.len, &v, &eb) != ERR_OK)
		fail_msg("%s", errbuf_msg(&eb));
	assert_int_equal(json_length(v), 6);
	assert_string_equal(json_key_at(v, 5), "markers");
	comp = json_get(v, "composition");
	assert_string_equal(json_as_string(json_get(comp, "name")), "Reel 1 \"v2\"");
	assert_string_equal(json_as_string(json_get(comp, "edit_rate")), "30000/1001");
	assert_string_equal(json_as_string(json_get(comp, "start_tc")), "01:00:00;00");
	assert_true(json_as_bool(json_get(comp, "drop_frame"), &b) && b);
	assert_int_equal(get_int(comp, "tc_fps"), 30);
	media = json_get(v, "media");
	assert_int_equal(json_length(media), 2);
	assert_string_equal(json_as_string(json_get(json_at(media, 1), "name")),
			    "Bad\xef\xbf\xbd\x01name.wav");
	assert_true(json_is_null(json_get(json_at(media, 1), "length")));
	assert_true(json_is_null(json_get(json_at(media, 1), "path")));
	tracks = json_get(v, "tracks");
	assert_int_equal(json_length(tracks), 3);	/* the video track is not listed */
	assert_int_equal(get_int(json_at(tracks, 2), "index"), 3);
	clip = json_at(json_get(json_at(tracks, 0), "clips"), 0);
	assert_int_equal(get_int(clip, "start"), 172844672);
	assert_int_equal(get_int(clip, "length"), 139339);
	assert_int_equal(get_int(json_get(clip, "fade_in"), "length"), 4805);
	assert_true(json_as_double(json_get(clip, "pan"), &d) && d == -0.5);
	assert_string_equal(json_as_string(json_at(json_get(clip, "sources"), 0)), "m1");
	assert_int_equal(json_length(json_get(clip, "volume")), 2);
	clip2 = json_at(json_get(json_at(tracks, 1), "clips"), 0);
	assert_null(json_get(clip2, "volume"));
	assert_true(json_is_null(json_get(clip2, "pan")));
	assert_int_equal(get_int(clip2, "start") - get_int(clip, "start"),
			 172959987 - 172844672);
	assert_true(json_as_bool(json_get(clip2, "mute"), &b) && b);
	assert_string_equal(json_as_string(json_get(json_get(clip2, "fade_out"), "shape")),
			    "equal_power");
	assert_string_equal(json_as_string(json_get(json_at(json_get(v, "markers"), 0), "name")),
			    "check\tthis");
	json_free(v);
	strbuf_release(&sb);
	session_free(s);
}

/* An empty session with nothing known still gives a valid document. */
static void test_empty(void **state)
{
	struct session *s = session_new();
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	s->tc_fps = 0;
	s->sample_rate = 0;
	session_json_write(s, &sb, false);
	assert_string_equal(sb.buf,
		"{\"file\":null,\"product\":null,\"composition\":{\"name\":null,\"edit_rate\":\"25/1\","
		"\"tc_fps\":0,\"drop_frame\":false,\"start_tc\":null,\"sample_rate\":null},"
		"\"media\":[],\"tracks\":[],\"markers\":[]}\n");
	strbuf_reset(&sb);
	session_json_write(s, &sb, true);
	assert_string_equal(sb.buf,
		"{\n  \"file\": null,\n  \"product\": null,\n  \"composition\": {\n"
		"    \"name\": null,\n    \"edit_rate\": \"25/1\",\n    \"tc_fps\": 0,\n"
		"    \"drop_frame\": false,\n    \"start_tc\": null,\n    \"sample_rate\": null\n"
		"  },\n  \"media\": [],\n  \"tracks\": [],\n  \"markers\": []\n}\n");
	strbuf_release(&sb);
	session_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compact),
		cmocka_unit_test(test_pretty),
		cmocka_unit_test(test_parse_back),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests_name("session_json", tests, NULL, NULL);
}

/* test_probe.c: media headers on WAV/AIFF files generated with libsndfile,
 * on files cut short here, and on files that are not audio at all. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <sndfile.h>

#include "media/probe.h"
#include "xalloc.h"

static char root[4096];

static char *at(const char *rel)
{
	return xasprintf("%s/%s", root, rel);
}

/* Writes a sine of frames frames; returns the new file's path (caller frees). */
static char *write_audio(const char *rel, int format, int channels, int rate, int64_t frames)
{
	char *path = at(rel);
	SF_INFO info = { .samplerate = rate, .channels = channels, .format = format };
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
	double buf[2 * 256];

	if (!sf)
		fail_msg("cannot write '%s': %s", path, sf_strerror(NULL));
	for (int64_t done = 0; done < frames;) {
		int64_t n = frames - done > 256 ? 256 : frames - done;

		for (int64_t i = 0; i < n * channels; i++)
			buf[i] = 0.5 * ((double)((done * channels + i) % 97) / 97.0 - 0.5);
		assert_int_equal(sf_writef_double(sf, buf, n), n);
		done += n;
	}
	sf_close(sf);
	return path;
}

static char *write_bytes(const char *rel, const void *data, size_t len)
{
	char *path = at(rel);
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	if (len)
		assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

static off_t file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

/* Removes the last drop bytes of the file. */
static void cut(const char *path, off_t drop)
{
	assert_int_equal(truncate(path, file_size(path) - drop), 0);
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(root, sizeof(root), "%s/turnover-probe-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void expect_ok(const char *path, struct probe_info *pi)
{
	struct errbuf eb;

	errbuf_init(&eb);
	if (probe_file(path, pi, &eb) != ERR_OK)
		fail_msg("probe '%s': %s", path, errbuf_msg(&eb));
}

static void test_formats(void **state)
{
	struct probe_info pi;
	char *p;

	(void)state;
	p = write_audio("m16.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 48000, 4800);
	expect_ok(p, &pi);
	assert_int_equal(pi.channels, 1);
	assert_int_equal(pi.sample_rate, 48000);
	assert_int_equal(pi.bits, 16);
	assert_int_equal(pi.frames, 4800);
	assert_int_equal(pi.claimed_frames, 4800);
	assert_false(pi.truncated);
	assert_int_equal(pi.container, MEDIA_CONTAINER_WAVE);
	assert_string_equal(pi.format_name, "WAV PCM_16");
	free(p);

	p = write_audio("s24.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 2, 44100, 44100);
	expect_ok(p, &pi);
	assert_int_equal(pi.channels, 2);
	assert_int_equal(pi.sample_rate, 44100);
	assert_int_equal(pi.bits, 24);
	assert_int_equal(pi.frames, 44100);
	assert_false(pi.truncated);
	assert_string_equal(pi.format_name, "WAV PCM_24");
	free(p);

	/* float WAVs carry a PEAK chunk before the data */
	p = write_audio("f32.wav", SF_FORMAT_WAV | SF_FORMAT_FLOAT, 2, 96000, 1000);
	expect_ok(p, &pi);
	assert_int_equal(pi.bits, 32);
	assert_int_equal(pi.frames, 1000);
	assert_false(pi.truncated);
	free(p);

	p = write_audio("x24.wav", SF_FORMAT_WAVEX | SF_FORMAT_PCM_24, 2, 48000, 2000);
	expect_ok(p, &pi);
	assert_int_equal(pi.container, MEDIA_CONTAINER_WAVE);
	assert_string_equal(pi.format_name, "WAVEX PCM_24");
	assert_false(pi.truncated);
	free(p);

	p = write_audio("u8.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_U8, 1, 8000, 100);
	expect_ok(p, &pi);
	assert_int_equal(pi.bits, 8);
	free(p);

	p = write_audio("d.aiff", SF_FORMAT_AIFF | SF_FORMAT_DOUBLE, 1, 48000, 100);
	expect_ok(p, &pi);
	assert_int_equal(pi.bits, 64);
	assert_int_equal(pi.container, MEDIA_CONTAINER_AIFC);
	free(p);

	p = write_audio("a.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 1, 48000, 100);
	expect_ok(p, &pi);
	assert_int_equal(pi.container, MEDIA_CONTAINER_UNKNOWN);
	assert_string_equal(pi.format_name, "FLAC PCM_16");
	assert_false(pi.truncated);
	free(p);

	/* a name that is not UTF-8 */
	p = write_audio("caf\xe9 \xff.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 48000, 10);
	expect_ok(p, &pi);
	assert_int_equal(pi.frames, 10);
	free(p);
}

static void test_truncated(void **state)
{
	struct probe_info pi;
	char *p;

	(void)state;
	/* 16-bit stereo, 4 bytes a frame: keep 1000 frames and 3 bytes */
	p = write_audio("cut.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 2, 48000, 48000);
	cut(p, 47000 * 4 - 3);
	expect_ok(p, &pi);
	assert_true(pi.truncated);
	assert_int_equal(pi.claimed_frames, 48000);
	assert_int_equal(pi.frames, 1000);
	free(p);

	/* extensible header: the sub-format says PCM; 6 bytes a frame */
	p = write_audio("cutx.wav", SF_FORMAT_WAVEX | SF_FORMAT_PCM_24, 2, 48000, 5000);
	cut(p, 3000 * 6);
	expect_ok(p, &pi);
	assert_true(pi.truncated);
	assert_int_equal(pi.claimed_frames, 5000);
	assert_int_equal(pi.frames, 2000);
	free(p);

	/* RF64: the data size lives in the ds64 chunk */
	p = write_audio("cut.rf64", SF_FORMAT_RF64 | SF_FORMAT_PCM_16, 1, 48000, 3000);
	expect_ok(p, &pi);
	assert_false(pi.truncated);
	assert_int_equal(pi.container, MEDIA_CONTAINER_WAVE);
	cut(p, 1000 * 2);
	expect_ok(p, &pi);
	assert_true(pi.truncated);
	assert_int_equal(pi.claimed_frames, 3000);
	assert_int_equal(pi.frames, 2000);
	free(p);

	/* RIFX: the big-endian WAVE */
	p = write_audio("cut.rifx", SF_FORMAT_WAV | SF_FORMAT_PCM_16 | SF_ENDIAN_BIG, 1, 48000, 3000);
	cut(p, 500 * 2);
	expect_ok(p, &pi);
	assert_true(pi.truncated);
	assert_int_equal(pi.claimed_frames, 3000);
	assert_int_equal(pi.frames, 2500);
	free(p);

	/* compressed: cut is seen, the claimed frame count is not knowable */
	p = write_audio("cut_adpcm.wav", SF_FORMAT_WAV | SF_FORMAT_IMA_ADPCM, 1, 48000, 20000);
	cut(p, 4000);
	expect_ok(p, &pi);
	assert_true(pi.truncated);
	assert_int_equal(pi.claimed_frames, -1);
	assert_int_equal(pi.bits, 0);
	free(p);

	/* AIFF: COMM says how many frames there should be */
	p = write_audio("cut.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_16, 2, 48000, 4000);
	cut(p, 2500 * 4);
	expect_ok(p, &pi);
	assert_true(pi.truncated);
	assert_int_equal(pi.claimed_frames, 4000);
	assert_int_equal(pi.frames, 1500);
	free(p);
}

/* A WAVE built by hand: an odd-sized chunk (with its pad byte) before the
 * data, and a data chunk that claims 200 bytes but holds 100. */
static void test_handmade(void **state)
{
	static const unsigned char wav[] = {
		'R', 'I', 'F', 'F', 0xF0, 0, 0, 0, 'W', 'A', 'V', 'E',
		'f', 'm', 't', ' ', 16, 0, 0, 0,
		1, 0, 1, 0, 0x80, 0xBB, 0, 0, 0, 0x77, 1, 0, 2, 0, 16, 0,
		'j', 'u', 'n', 'k', 3, 0, 0, 0, 'a', 'b', 'c', 0,
		'd', 'a', 't', 'a', 200, 0, 0, 0,
	};
	unsigned char buf[sizeof(wav) + 100];
	struct probe_info pi;
	struct errbuf eb;
	enum err e;
	char *p;

	(void)state;
	memcpy(buf, wav, sizeof(wav));
	memset(buf + sizeof(wav), 0x11, 100);
	p = write_bytes("hand.wav", buf, sizeof(buf));
	expect_ok(p, &pi);
	assert_true(pi.truncated);
	assert_int_equal(pi.claimed_frames, 100);
	assert_int_equal(pi.frames, 50);
	free(p);

	/* a chunk size far past the end before the data: never a crash */
	buf[40] = 0xF0;
	buf[41] = 0xFF;
	buf[42] = 0xFF;
	buf[43] = 0xFF;
	p = write_bytes("hand2.wav", buf, sizeof(buf));
	errbuf_init(&eb);
	e = probe_file(p, &pi, &eb);
	assert_true(e == ERR_OK || e == ERR_MEDIA_UNREADABLE);
	if (e == ERR_OK)
		assert_false(pi.truncated);
	free(p);

	/* the header of a WAVE and nothing more */
	p = write_bytes("hand3.wav", wav, 12);
	errbuf_init(&eb);
	assert_int_equal(probe_file(p, &pi, &eb), ERR_MEDIA_UNREADABLE);
	free(p);
}

static void expect_error(const char *path, enum err code, const char *part)
{
	struct probe_info pi;
	struct errbuf eb;

	errbuf_init(&eb);
	assert_int_equal(probe_file(path, &pi, &eb), code);
	assert_int_equal(eb.code, code);
	if (!strstr(eb.msg, part))
		fail_msg("'%s': message '%s' lacks '%s'", path, eb.msg, part);
	assert_int_equal(pi.frames, 0);
}

static void test_errors(void **state)
{
	static const unsigned char mxf[] = { 0x06, 0x0E, 0x2B, 0x34, 2, 5, 1, 1, 0x0D, 1, 2, 1 };
	const char *text = "this is not audio\nat all\n";
	char *p;

	(void)state;
	p = write_bytes("empty.wav", "", 0);
	expect_error(p, ERR_MEDIA_UNREADABLE, "is empty");
	free(p);
	p = write_bytes("text.wav", text, strlen(text));
	expect_error(p, ERR_MEDIA_UNREADABLE, "cannot read");
	free(p);
	p = write_bytes("clip.mxf", mxf, sizeof(mxf));
	expect_error(p, ERR_MEDIA_UNREADABLE, "MXF media is not supported");
	free(p);
	p = at("missing.wav");
	expect_error(p, ERR_MEDIA_MISSING, "no such file");
	free(p);
	p = at("text.wav/x.wav");
	expect_error(p, ERR_MEDIA_MISSING, "no such file");
	free(p);
	expect_error(root, ERR_MEDIA_UNREADABLE, "not a regular file");
	p = at("fifo.wav");
	assert_int_equal(mkfifo(p, 0644), 0);
	expect_error(p, ERR_MEDIA_UNREADABLE, "not a regular file");
	free(p);
}

/* Probing reads only: size and modification time stay. */
static void test_read_only(void **state)
{
	struct probe_info pi;
	struct stat before, after;
	char *p;

	(void)state;
	p = write_audio("ro.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 48000, 100);
	cut(p, 20);
	assert_int_equal(stat(p, &before), 0);
	expect_ok(p, &pi);
	assert_int_equal(stat(p, &after), 0);
	assert_int_equal(before.st_size, after.st_size);
	assert_int_equal(before.st_mtim.tv_sec, after.st_mtim.tv_sec);
	assert_int_equal(before.st_mtim.tv_nsec, after.st_mtim.tv_nsec);
	free(p);
}

static void test_update_media(void **state)
{
	struct session *s = session_new();
	struct media *m;
	struct probe_info pi;
	char *p;

	(void)state;
	m = session_add_media(s);
	assert_int_equal(probe_update_media(m, NULL, "no file at '/x.wav'", &pi),
			 ERR_MEDIA_MISSING);
	assert_int_equal(m->status, MEDIA_STATUS_MISSING);
	assert_null(m->path);
	assert_string_equal(m->status_detail, "no file at '/x.wav'");
	assert_false(m->file.probed);

	/* the AAF's values stay; the file's go to m->file */
	p = write_audio("upd.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 2, 48000, 48000);
	cut(p, 47000 * 4);
	m->channels = 2;
	m->sample_rate = 48000;
	m->length = 48000;
	assert_int_equal(probe_update_media(m, p, NULL, &pi), ERR_OK);
	assert_int_equal(m->status, MEDIA_STATUS_OK);
	assert_string_equal(m->path, p);
	assert_string_equal(m->status_detail,
			    "truncated: header claims 48000 frames, file holds 1000");
	assert_int_equal(m->length, 48000);
	assert_true(m->file.probed);
	assert_true(m->file.truncated);
	assert_int_equal(m->file.length, 1000);
	assert_int_equal(m->file.claimed_length, 48000);
	assert_int_equal(m->file.bits, 16);
	assert_int_equal(m->file.channels, 2);
	assert_int_equal(m->container, MEDIA_CONTAINER_WAVE);
	assert_true(pi.truncated);
	free(p);

	/* the file disagrees with the descriptor: say so */
	p = write_audio("upd44.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_24, 1, 44100, 441);
	m = session_add_media(s);
	m->channels = 2;
	m->sample_rate = 48000;
	m->container = MEDIA_CONTAINER_AIFC;
	assert_int_equal(probe_update_media(m, p, "2 files named 'upd44.wav'", NULL), ERR_OK);
	assert_string_equal(m->status_detail, "file has 1 channels, the AAF says 2; "
			    "file is at 44100 Hz, the AAF says 48000 Hz; 2 files named 'upd44.wav'");
	assert_int_equal(m->sample_rate, 48000);
	assert_int_equal(m->file.sample_rate, 44100);
	assert_int_equal(m->file.channels, 1);
	assert_int_equal(m->container, MEDIA_CONTAINER_AIFC);
	/* probing again replaces the old strings */
	m->channels = 1;
	m->sample_rate = 44100;
	assert_int_equal(probe_update_media(m, p, NULL, NULL), ERR_OK);
	assert_null(m->status_detail);
	free(p);

	p = write_audio("upd0.wav", SF_FORMAT_WAV | SF_FORMAT_PCM_16, 1, 48000, 0);
	m = session_add_media(s);
	assert_int_equal(probe_update_media(m, p, NULL, NULL), ERR_OK);
	assert_int_equal(m->file.length, 0);
	assert_string_equal(m->status_detail, "empty: the file holds no audio frames");
	free(p);

	p = write_bytes("upd.txt.wav", "text, not audio\n", 16);
	assert_int_equal(probe_update_media(m, p, NULL, NULL), ERR_MEDIA_UNREADABLE);
	assert_int_equal(m->status, MEDIA_STATUS_UNREADABLE);
	assert_string_equal(m->path, p);
	assert_non_null(strstr(m->status_detail, "cannot read"));
	assert_false(m->file.probed);
	free(p);

	p = at("gone.wav");
	assert_int_equal(probe_update_media(m, p, NULL, NULL), ERR_MEDIA_MISSING);
	assert_int_equal(m->status, MEDIA_STATUS_MISSING);
	assert_null(m->path);
	free(p);
	session_free(s);
}

/* The planted problems of the shared turnovers. */
static void test_shared(void **state)
{
	const char *shared = getenv("TURNOVER_SHARED");
	struct probe_info pi;
	struct stat st;
	char *media, *p;

	(void)state;
	if (!shared || !*shared)
		skip();
	media = xasprintf("%s/turnovers/media", shared);
	if (stat(media, &st) != 0) {
		free(media);
		skip();
	}
	p = xasprintf("%s/Clip 161.wav", media);
	expect_ok(p, &pi);
	assert_true(pi.truncated);
	assert_int_equal(pi.claimed_frames, 243360);
	assert_int_equal(pi.frames, 120119);
	assert_int_equal(pi.sample_rate, 48000);
	free(p);

	p = xasprintf("%s/IMG_0216_audio.wav", media);
	expect_ok(p, &pi);
	assert_int_equal(pi.sample_rate, 44100);
	assert_int_equal(pi.channels, 2);
	assert_false(pi.truncated);
	free(p);

	p = xasprintf("%s/caf\xc3\xa9_sc\xc3\xa8ne.wav", media);
	expect_ok(p, &pi);
	assert_false(pi.truncated);
	assert_int_equal(pi.bits, 16);
	free(p);

	p = xasprintf("%s/IMG_0250_audio.wav", media);
	expect_error(p, ERR_MEDIA_MISSING, "no such file");
	free(p);
	free(media);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_handmade),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_read_only),
		cmocka_unit_test(test_update_media),
		cmocka_unit_test(test_shared),
	};
	return cmocka_run_group_tests_name("probe", tests, setup, teardown);
}

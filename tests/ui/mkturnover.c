/*
 * mkturnover.c: the turnovers the browser's tests run on, made with the
 * project's own AAF writer and libsndfile (no packages needed):
 *
 *	DIR/reels/reel1.aaf   8 clips on 3 tracks, UTF-8 and wide names,
 *	                      a stereo clip, one file missing, one truncated
 *	DIR/reels/reel2.aaf   2 clips
 *	DIR/reels/media/      the WAV files
 *	DIR/broken.aaf        not an AAF at all
 *
 * or, with --big N, only DIR/big.aaf: N clips of 4 s on 4 tracks over 8
 * files of 30 s (tones and noise), for the browser's latency while a
 * large session is analysed.
 *
 * usage: mkturnover [--big N] DIR.  Exit status 0, or 1 with a message.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aaf/aafwriter.h"
#include "media/url.h"
#include "session_build.h"
#include "xalloc.h"

#define RATE 48000
#define FPS 25

/* A WAV of seconds of a tone at hz (0: noise), channels 1 or 2. */
static int write_wav(const char *path, int channels, double seconds, double hz, double amp)
{
	SF_INFO info = { .samplerate = RATE, .channels = channels,
			 .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
	sf_count_t frames = (sf_count_t)(seconds * RATE);
	float *buf = xcalloc((size_t)frames * (size_t)channels, sizeof(float));
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
	uint32_t x = 12345;

	if (!sf) {
		fprintf(stderr, "mkturnover: cannot write '%s': %s\n", path, sf_strerror(NULL));
		free(buf);
		return -1;
	}
	for (sf_count_t i = 0; i < frames; i++)
		for (int c = 0; c < channels; c++) {
			x = x * 1664525u + 1013904223u;
			buf[i * channels + c] = (float)(hz > 0 ? amp * sin(2 * M_PI * hz * (double)i / RATE)
							       : amp * ((double)x / 4294967296.0 - 0.5));
		}
	sf_writef_float(sf, buf, frames);
	sf_close(sf);
	free(buf);
	return 0;
}

/* Adds media file name (written unless missing) to s; returns its index. */
static int add_media(struct session *s, const char *dir, const char *name, int channels,
		     double seconds, double written_s, double hz)
{
	char *path = xasprintf("%s/media/%s", dir, name);
	char *url = url_from_path(path);

	if (written_s > 0 && write_wav(path, channels, written_s, hz, 0.4) != 0)
		exit(1);
	session_build_media(s, name, MEDIA_CONTAINER_WAVE, channels, RATE, 16,
			    (int64_t)(seconds * RATE), url);
	free(url);
	free(path);
	return (int)s->n_media - 1;
}

static void clip(struct track *t, const char *name, double at, double len, int media, int ch,
		 int channels)
{
	session_build_clip(t, name, (int64_t)(at * FPS), (int64_t)(len * FPS), media, ch, channels,
			   0, RATE);
}

/* dir/name in static storage (one at a time). */
static const char *in_dir(const char *dir, const char *name)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "%s/%s", dir, name);
	return buf;
}

static int write_aaf(struct session *s, const char *path)
{
	struct errbuf eb;

	session_build_finish(s);
	errbuf_init(&eb);
	if (aaf_write_file(s, path, NULL, &eb) != ERR_OK) {
		fprintf(stderr, "mkturnover: %s: %s\n", path, errbuf_msg(&eb));
		return -1;
	}
	return 0;
}

static int reel1(const char *dir)
{
	struct session *s = session_build_new("REEL 1", FPS, 1, (int64_t)3600 * FPS, false);
	struct track *dia, *mus, *fx;
	int m_dia1 = add_media(s, dir, "A001_C001.wav", 1, 4, 4, 220);
	int m_dia2 = add_media(s, dir, "Sc\xC3\xA8ne 12 prise 3.wav", 1, 3, 3, 330);
	int m_mus = add_media(s, dir, "Theme.wav", 2, 10, 10, 440);
	int m_fx1 = add_media(s, dir, "DOOR_SLAM.wav", 1, 2, 2, 0);
	int m_gone = add_media(s, dir, "GONE_0150.wav", 1, 3, 0, 0);
	int m_short = add_media(s, dir, "SHORT.wav", 1, 4, 1, 0);
	int rc;

	dia = session_build_track(s, "Dialogue", FPS, 1);
	clip(dia, "A001_C001", 0, 4, m_dia1, 1, 1);
	clip(dia, "Sc\xC3\xA8ne 12 \xE2\x80\x94 prise 3", 5, 3, m_dia2, 1, 1);
	clip(dia, "A001_C001 again", 10, 2, m_dia1, 1, 1);
	mus = session_build_track(s, "Music", FPS, 1);
	clip(mus, "Theme", 0, 10, m_mus, 1, 2);
	clip(mus, "\xE5\x8C\x97\xE4\xBA\xAC cue", 12, 4, m_mus, 1, 2);
	fx = session_build_track(s, "FX", FPS, 1);
	clip(fx, "DOOR_SLAM", 2, 2, m_fx1, 1, 1);
	clip(fx, "GONE_0150", 6, 3, m_gone, 1, 1);
	clip(fx, "SHORT", 11, 4, m_short, 1, 1);
	rc = write_aaf(s, in_dir(dir, "reel1.aaf"));
	session_free(s);
	return rc;
}

static int reel2(const char *dir)
{
	struct session *s = session_build_new("REEL 2", FPS, 1, (int64_t)3600 * FPS, false);
	int m = add_media(s, dir, "R2_LINE.wav", 1, 2, 2, 180);
	struct track *t = session_build_track(s, "Dialogue", FPS, 1);
	int rc;

	clip(t, "R2 line one", 0, 1, m, 1, 1);
	clip(t, "R2 line two", 1, 1, m, 1, 1);
	rc = write_aaf(s, in_dir(dir, "reel2.aaf"));
	session_free(s);
	return rc;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "mkturnover: cannot create '%s': %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int big(const char *dir, int n)
{
	struct session *s = session_build_new("BIG", FPS, 1, (int64_t)3600 * FPS, false);
	struct track *t[4];
	int m[8], rc;

	for (int i = 0; i < 8; i++) {
		char name[32];

		snprintf(name, sizeof(name), "BIG_%d.wav", i + 1);
		m[i] = add_media(s, dir, name, 1, 30, 30, i % 2 ? 0 : 110.0 * (i + 1));
	}
	for (int k = 0; k < 4; k++) {
		char name[32];

		snprintf(name, sizeof(name), "Track %d", k + 1);
		t[k] = session_build_track(s, name, FPS, 1);
	}
	for (int i = 0; i < n; i++) {
		char name[32];

		snprintf(name, sizeof(name), "BIG %04d", i + 1);
		clip(t[i % 4], name, 4.0 * (i / 4), 4, m[i % 8], 1, 1);
	}
	rc = write_aaf(s, in_dir(dir, "big.aaf"));
	session_free(s);
	return rc;
}

static int make_big(const char *dir, const char *count)
{
	char *media = xasprintf("%s/media", dir);
	int n = atoi(count), rc;

	if (n < 1 || n > 100000) {
		fprintf(stderr, "mkturnover: --big takes 1 to 100000\n");
		free(media);
		return 1;
	}
	rc = make_dir(dir) || make_dir(media) || big(dir, n);
	free(media);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	char *reels, *media;
	FILE *f;
	int rc;

	if (argc == 4 && !strcmp(argv[1], "--big"))
		return make_big(argv[3], argv[2]);
	if (argc != 2) {
		fprintf(stderr, "usage: mkturnover [--big N] DIR\n");
		return 1;
	}
	reels = xasprintf("%s/reels", argv[1]);
	media = xasprintf("%s/media", reels);
	rc = make_dir(argv[1]) || make_dir(reels) || make_dir(media) || reel1(reels) || reel2(reels);
	f = fopen(in_dir(argv[1], "broken.aaf"), "w");
	if (f) {
		fputs("this is not an AAF file\n", f);
		fclose(f);
	}
	free(reels);
	free(media);
	return rc || !f ? 1 : 0;
}

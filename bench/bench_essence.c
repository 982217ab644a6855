/*
 * bench_essence.c: how fast audio embedded in an AAF is read and analysed,
 * next to the same audio as an external WAV file, in multiples of real
 * time on one thread.  Not a test: `make bench` builds it, then run
 *
 *   bench/bench_essence [--seconds S] [--repeat R]
 *
 * It writes S seconds (default 120) of 48 kHz / 24-bit stereo (a gliding
 * harmonic tone over noise, in bursts) as a WAV file under $TMPDIR and an
 * AAF holding the same samples twice, as WAVE essence and as raw PCM
 * essence (our writer), then times plain reading and the whole analysis
 * (classify) of each, alternating, R times (default 5): thread CPU time;
 * the best pass and the mean are shown.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sndfile.h>

#include "aaf/aaf.h"
#include "aaf/aafwriter.h"
#include "analysis/classify.h"
#include "analysis/essence.h"
#include "session_build.h"
#include "benchclock.h"
#include "xalloc.h"

#define RATE 48000
#define KINDS 3

static double sample(int64_t i, int ch)
{
	double t = (double)i / RATE, env = fmod(t, 1.0) < 0.6 ? 1 : 0.05;
	uint64_t z = (uint64_t)i * 0x9e3779b97f4a7c15ULL + (uint64_t)ch;

	z ^= z >> 29;
	z *= 0xbf58476d1ce4e5b9ULL;
	z ^= z >> 32;
	return env * (0.2 * sin(2 * M_PI * (200 + 40 * sin(t)) * t) +
		      0.1 * sin(2 * M_PI * 600 * t + ch)) +
	       0.02 * ((double)(z >> 11) / 9007199254740992.0 - 0.5);
}

static int write_wav(const char *path, int64_t frames)
{
	SF_INFO info = { 0, RATE, 2, SF_FORMAT_WAV | SF_FORMAT_PCM_24, 0, 0 };
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
	double buf[2 * 4096];

	if (!sf)
		return -1;
	for (int64_t done = 0; done < frames;) {
		int64_t n = frames - done < 4096 ? frames - done : 4096;

		for (int64_t i = 0; i < n; i++)
			for (int c = 0; c < 2; c++)
				buf[i * 2 + c] = sample(done + i, c);
		sf_writef_double(sf, buf, n);
		done += n;
	}
	return sf_close(sf);
}

static int write_aaf(const char *aaf, const char *wav, int64_t frames, struct session **back)
{
	struct session *s = session_build_new("bench", 25, 1, 90000, false);
	struct track *t = session_build_track(s, "A1", 25, 1);
	struct aaf_write_options o;
	struct errbuf eb;
	int64_t eu = frames / (RATE / 25);

	for (int k = 0; k < 2; k++) {
		struct media *m = session_build_media(s, k ? "pcm" : "wave", k ? MEDIA_CONTAINER_PCM
						      : MEDIA_CONTAINER_WAVE, 2, RATE, 24, frames, NULL);

		m->path = xstrdup(wav);
		session_build_clip(t, k ? "pcm" : "wave", k * eu, eu, k, 1, 2, 0, RATE);
	}
	session_build_finish(s);
	aaf_write_options_init(&o);
	errbuf_init(&eb);
	if (aaf_write_file(s, aaf, &o, &eb) || aaf_read_file(aaf, NULL, back, &eb)) {
		fprintf(stderr, "bench_essence: %s\n", errbuf_msg(&eb));
		session_free(s);
		return -1;
	}
	session_free(s);
	return 0;
}

/* Opens kind 0 (the file), 1 (WAVE essence) or 2 (PCM essence). */
static enum err open_kind(int kind, const char *wav, const char *aaf, const struct session *s,
			  struct decode_reader *r, struct errbuf *eb)
{
	if (kind == 0)
		return decode_reader_open_file(wav, r, eb);
	return essence_reader_open(aaf, &s->media[kind - 1], r, eb);
}

/* Seconds of CPU to read everything (analyse = 0) or classify it. */
static double run(int kind, int analyse, const char *wav, const char *aaf,
		  const struct session *s, const struct classifier *model)
{
	static float buf[2 * 4096];
	struct decode_reader r;
	struct analysis_result res;
	struct errbuf eb;
	struct benchclock t0 = benchclock_start();

	errbuf_init(&eb);
	if (open_kind(kind, wav, aaf, s, &r, &eb)) {
		fprintf(stderr, "bench_essence: %s\n", errbuf_msg(&eb));
		exit(1);
	}
	if (analyse) {
		if (classify_reader(&r, 0, -1, 0, model, &res, &eb)) {
			fprintf(stderr, "bench_essence: %s\n", errbuf_msg(&eb));
			exit(1);
		}
	} else {
		while (r.read(r.ctx, buf, 4096) > 0)
			;
		r.close(r.ctx);
	}
	return benchclock_stop(t0).cpu;
}

int main(int argc, char **argv)
{
	static const char *const names[KINDS] = { "WAV file", "WAVE essence", "PCM essence" };
	const char *tmp = getenv("TMPDIR");
	double seconds = 120, best[2][KINDS], sum[2][KINDS];
	int repeat = 5;
	char *wav, *aaf;
	struct session *s = NULL;
	struct classifier *model;
	struct errbuf eb;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seconds") && i + 1 < argc)
			seconds = atof(argv[++i]);
		else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
			repeat = atoi(argv[++i]);
		else {
			fprintf(stderr, "usage: bench_essence [--seconds S] [--repeat R]\n");
			return 2;
		}
	}
	if (seconds < 1 || repeat < 1)
		return 2;
	errbuf_init(&eb);
	model = classifier_load_default(&eb);
	if (!model) {
		fprintf(stderr, "bench_essence: %s\n", errbuf_msg(&eb));
		return 1;
	}
	wav = xasprintf("%s/bench_essence.%d.wav", tmp && *tmp ? tmp : "/tmp", (int)getpid());
	aaf = xasprintf("%s/bench_essence.%d.aaf", tmp && *tmp ? tmp : "/tmp", (int)getpid());
	if (write_wav(wav, (int64_t)(seconds * RATE)) || write_aaf(aaf, wav, (int64_t)(seconds * RATE), &s))
		return 1;
	for (int a = 0; a < 2; a++)
		for (int k = 0; k < KINDS; k++)
			best[a][k] = 1e30, sum[a][k] = 0;
	for (int p = 0; p < repeat; p++)
		for (int a = 0; a < 2; a++)
			for (int k = 0; k < KINDS; k++) {
				double t = run(k, a, wav, aaf, s, model);

				sum[a][k] += t;
				if (t < best[a][k])
					best[a][k] = t;
			}
	printf("%.0f s of 48 kHz / 24-bit stereo, %d passes, x real time on one thread "
	       "(best / mean)\n\n| source | read | read + analyse |\n|---|---:|---:|\n",
	       seconds, repeat);
	for (int k = 0; k < KINDS; k++)
		printf("| %s | %.0fx / %.0fx | %.0fx / %.0fx |\n", names[k], seconds / best[0][k],
		       seconds * repeat / sum[0][k], seconds / best[1][k], seconds * repeat / sum[1][k]);
	unlink(wav);
	unlink(aaf);
	session_free(s);
	classifier_free(model);
	free(wav);
	free(aaf);
	return 0;
}

/*
 * bench_health.c: how fast the channel and loudness analyses run, in
 * multiples of real time per core, on generated 48 kHz / 24-bit stereo
 * WAV files.  Not a test: `make bench` builds it, then run
 *
 *   bench/bench_health [--files N] [--seconds S] [--repeat R] [--stage K]
 *
 * It writes N files (default 8) of S seconds (default 60) under $TMPDIR:
 * two noise-and-partials sources panned apart, with a level envelope, so
 * every stage does its full work.  Each stage reads every file through
 * the analysis' own reader, R times (default 5), on one thread, timed in
 * thread CPU time; the best pass and the mean are shown (--stage K: only
 * stage K, from 0, e.g. for perf).  The files are removed at the end.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sndfile.h>

#include "analysis/clipread.h"
#include "analysis/loudness.h"
#include "analysis/pairsim.h"
#include "analysis/stereo.h"
#include "benchclock.h"
#include "xalloc.h"

#define RATE 48000

/* ---- test material ------------------------------------------------------------ */

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double uniform(uint64_t seed, uint64_t k)
{
	return (double)(mix64(seed * 0x9e3779b97f4a7c15ULL + k) >> 11) / 9007199254740992.0;
}

/* Noise and a partial under a level envelope of 150 ms steps. */
static double source(uint64_t seed, int64_t i)
{
	double t = (double)i / RATE, pos = t / 0.15, frac = pos - floor(pos);
	double a = uniform(seed, 100 + (uint64_t)pos), b = uniform(seed, 101 + (uint64_t)pos);
	double partial = 0.1 * sin(2 * M_PI * (110 + 400 * uniform(seed, 1)) * t);

	return 0.35 * (a + (b - a) * frac) * (2 * uniform(seed + 1000, (uint64_t)i) - 1 + partial);
}

static bool write_file(const char *path, int64_t frames, uint64_t seed)
{
	SF_INFO info = { .samplerate = RATE, .channels = 2, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_24 };
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
	double buf[2 * 4096];

	if (!sf)
		return false;
	for (int64_t done = 0; done < frames;) {
		int64_t n = frames - done < 4096 ? frames - done : 4096;

		for (int64_t i = 0; i < n; i++) {
			double x = source(seed, done + i), y = source(seed + 7, done + i);

			buf[2 * i] = 0.8 * x + 0.35 * y;
			buf[2 * i + 1] = 0.35 * x + 0.8 * y;
		}
		sf_writef_double(sf, buf, n);
		done += n;
	}
	sf_close(sf);
	return true;
}

/* ---- stages -------------------------------------------------------------------- */

enum stage {
	STAGE_DECODE,		/* the reader alone */
	STAGE_CHANNELS,		/* stereo.h */
	STAGE_LOUDNESS,		/* loudness.h: I, LRA, sample peak */
	STAGE_TRUE_PEAK,	/* loudness.h with the true peak */
	STAGE_BOTH,		/* channels + loudness, one pass */
	STAGE_PAIR,		/* the split-pair check: stereo + pairsim */
	STAGE_COUNT
};

static const char *const stage_names[STAGE_COUNT] = {
	"decode (clipread, 2 channels)",
	"channel analysis",
	"loudness (I, LRA, sample peak)",
	"loudness with true peak",
	"channels + loudness, one pass",
	"split-pair check (channels + pairsim)",
};

struct meters {
	struct stereo *st;
	struct loud *loud;
	struct pairsim *ps;
};

static void open_meters(enum stage s, struct meters *m)
{
	struct loud_options o;

	memset(m, 0, sizeof(*m));
	loud_options_init(&o);
	o.true_peak = s == STAGE_TRUE_PEAK;
	if (s == STAGE_CHANNELS || s == STAGE_BOTH || s == STAGE_PAIR)
		m->st = stereo_new(2, RATE, NULL);
	if (s == STAGE_LOUDNESS || s == STAGE_TRUE_PEAK || s == STAGE_BOTH)
		loud_new(2, RATE, &o, &m->loud, NULL);
	if (s == STAGE_PAIR)
		m->ps = pairsim_new(RATE);
}

/* Closes the meters, folding a result into sink so no work is skipped. */
static double close_meters(struct meters *m)
{
	struct stereo_result sr;
	struct loud_result lr;
	struct pairsim_result pr;
	double sink = 0;

	if (m->st) {
		stereo_finish(m->st, &sr);
		sink += sr.correlation;
		stereo_free(m->st);
	}
	if (m->loud) {
		loud_result(m->loud, &lr, NULL);
		sink += lr.integrated_lufs;
		loud_free(m->loud);
	}
	if (m->ps) {
		pairsim_finish(m->ps, &pr);
		sink += pr.coherence;
		pairsim_free(m->ps);
	}
	return sink;
}

static double run_file(enum stage s, const char *path)
{
	struct clipread_source src[2] = { { path, 1, 0, -1, NULL }, { path, 2, 0, -1, NULL } };
	float *buf = xmalloc(2 * CLIPREAD_BLOCK * sizeof(float));
	float *ch[2] = { buf, buf + CLIPREAD_BLOCK };
	struct clipread *cr;
	struct meters m;
	int64_t got;
	double sink = 0;

	if (clipread_open(src, 2, &cr, NULL)) {
		free(buf);
		return 0;
	}
	open_meters(s, &m);
	while ((got = clipread_read(cr, ch, CLIPREAD_BLOCK, NULL)) > 0) {
		sink += ch[0][0];
		if (m.st)
			stereo_feed(m.st, (const float *const *)ch, (size_t)got);
		if (m.loud)
			loud_feed(m.loud, (const float *const *)ch, (size_t)got, NULL);
		if (m.ps)
			pairsim_feed(m.ps, ch[0], ch[1], (size_t)got);
	}
	sink += close_meters(&m);
	clipread_free(cr);
	free(buf);
	return sink;
}

struct stage_time {
	struct benchclock best, sum;
	int passes;
};

static void add_pass(struct stage_time *st, struct benchclock c)
{
	if (!st->passes || c.cpu < st->best.cpu)
		st->best = c;
	st->sum.cpu += c.cpu;
	st->sum.wall += c.wall;
	st->passes++;
}

static void report(const char *what, const struct stage_time *st, double seconds)
{
	printf("%-40s best %6.0fx  mean %6.0fx real time per core  (best pass %.3f s CPU, "
	       "%.3f s wall)\n", what, seconds / st->best.cpu, seconds * st->passes / st->sum.cpu,
	       st->best.cpu, st->best.wall);
}

static int arg_int(int argc, char **argv, const char *name, int def)
{
	for (int i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], name))
			return atoi(argv[i + 1]);
	return def;
}

int main(int argc, char **argv)
{
	int files = arg_int(argc, argv, "--files", 8), seconds = arg_int(argc, argv, "--seconds", 60);
	int repeat = arg_int(argc, argv, "--repeat", 5), only = arg_int(argc, argv, "--stage", -1);
	const char *tmp = getenv("TMPDIR");
	char **paths = xcalloc((size_t)(files > 0 ? files : 1), sizeof(char *));
	struct stage_time times[STAGE_COUNT];
	double total = (double)files * seconds, sink = 0;

	if (files < 1 || seconds < 1 || repeat < 1) {
		fprintf(stderr, "usage: bench_health [--files N] [--seconds S] [--repeat R] "
			"[--stage K]\n");
		return 2;
	}
	for (int i = 0; i < files; i++) {
		paths[i] = xasprintf("%s/bench_health_%d_%d.wav", tmp && *tmp ? tmp : "/tmp",
				     (int)getpid(), i);
		if (!write_file(paths[i], (int64_t)seconds * RATE, (uint64_t)i * 17 + 1)) {
			fprintf(stderr, "cannot write '%s'\n", paths[i]);
			return 1;
		}
	}
	printf("%d files, %d s each, 48 kHz 24-bit stereo WAV: %.0f s of audio; %d passes\n",
	       files, seconds, total, repeat);
	memset(times, 0, sizeof(times));
	for (int r = 0; r < repeat; r++) {
		for (int s = 0; s < STAGE_COUNT; s++) {
			struct benchclock c;

			if (only >= 0 && s != only)
				continue;
			c = benchclock_start();

			for (int i = 0; i < files; i++)
				sink += run_file((enum stage)s, paths[i]);
			add_pass(&times[s], benchclock_stop(c));
		}
	}
	for (int s = 0; s < STAGE_COUNT; s++)
		if (times[s].passes)
			report(stage_names[s], &times[s], total);
	for (int i = 0; i < files; i++) {
		unlink(paths[i]);
		free(paths[i]);
	}
	free(paths);
	return sink == 12345.678 ? 3 : 0;	/* keep the sink alive */
}

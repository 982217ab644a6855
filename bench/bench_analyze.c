/*
 * bench_analyze.c: how fast clips are analysed, in multiples of real time
 * per core: feature extraction and classification of 48 kHz / 24-bit WAV
 * files, next to plain libsndfile decoding of the same files in the same
 * run.  Not a test: `make bench` builds it, then run
 *
 *   bench/bench_analyze [--files N] [--repeat R] CORPUS_DIR
 *
 * It converts the first N labelled files of CORPUS_DIR (labels.csv, in
 * order; default 60) to 48 kHz / 24-bit WAV under $TMPDIR, keeping their
 * channel count, then times both stages on one thread, alternating, R
 * times (default 5): thread CPU time, so other load on the machine counts
 * as little as it can; the best pass and the mean are shown.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sndfile.h>

#include "analysis/classify.h"
#include "analysis/corpus.h"
#include "benchclock.h"
#include "xalloc.h"

/* Writes src as 48 kHz / 24-bit WAV at dst (resampled through the
 * analysis code only if src is not 48 kHz: the corpus is).  Returns the
 * seconds written, or -1. */
static double to_wav(const char *src, const char *dst)
{
	SF_INFO in = { 0 }, out = { 0 };
	SNDFILE *a = sf_open(src, SFM_READ, &in), *b;
	float buf[8192];
	sf_count_t n, total = 0;

	if (!a)
		return -1;
	if (in.samplerate != 48000 || in.channels < 1 || in.channels > 8) {
		sf_close(a);
		return -1;
	}
	out.samplerate = 48000;
	out.channels = in.channels;
	out.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24;
	b = sf_open(dst, SFM_WRITE, &out);
	if (!b) {
		sf_close(a);
		return -1;
	}
	while ((n = sf_readf_float(a, buf, 8192 / in.channels)) > 0) {
		sf_writef_float(b, buf, n);
		total += n;
	}
	sf_close(a);
	sf_close(b);
	return (double)total / 48000.0;
}

static double decode_only(char **paths, int n)
{
	float *buf = xmalloc(8 * 4096 * sizeof(float));
	double sink = 0;

	for (int i = 0; i < n; i++) {
		SF_INFO info = { 0 };
		SNDFILE *sf = sf_open(paths[i], SFM_READ, &info);
		sf_count_t got;

		if (!sf)
			continue;
		while ((got = sf_readf_float(sf, buf, 4096)) > 0)
			sink += buf[0];
		sf_close(sf);
	}
	free(buf);
	return sink;
}

static int analyse(char **paths, int n, const struct classifier *m)
{
	struct features *fx = features_new();
	int classes[CLIP_CLASS_COUNT] = { 0 };

	for (int i = 0; i < n; i++) {
		struct decode *d;
		struct analysis_result r;
		struct errbuf eb;

		errbuf_init(&eb);
		if (decode_open_file(paths[i], 0, -1, 0, &d, &eb) != ERR_OK)
			continue;
		if (classify_decode(fx, d, m, &r, &eb) == ERR_OK)
			classes[r.cls]++;
		decode_free(d);
	}
	features_free(fx);
	return classes[0] + classes[1] + classes[2];
}

/* Best (least CPU) and mean of the passes of one stage. */
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
	printf("%-36s best %7.0fx  mean %7.0fx real time per core  (best pass %.3f s CPU, "
	       "%.3f s wall)\n", what, seconds / st->best.cpu, seconds * st->passes / st->sum.cpu,
	       st->best.cpu, st->best.wall);
}

int main(int argc, char **argv)
{
	int want = 60, repeat = 5, n = 0, argi = 1;
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char *dir, **paths;
	double seconds = 0;
	struct corpus *c;
	struct classifier *m;
	struct errbuf eb;
	struct benchclock t;
	struct stage_time dec = { 0 }, ana = { 0 };

	for (; argi + 1 < argc && argv[argi][0] == '-'; argi += 2) {
		if (!strcmp(argv[argi], "--files"))
			want = atoi(argv[argi + 1]);
		else if (!strcmp(argv[argi], "--repeat"))
			repeat = atoi(argv[argi + 1]);
	}
	if (argi != argc - 1 || want < 1 || repeat < 1) {
		fprintf(stderr, "usage: bench_analyze [--files N] [--repeat R] CORPUS_DIR\n");
		return 2;
	}
	errbuf_init(&eb);
	if (corpus_load(argv[argi], &c, &eb) != ERR_OK) {
		fprintf(stderr, "bench_analyze: %s\n", errbuf_msg(&eb));
		return 1;
	}
	m = classifier_load_default(&eb);
	if (!m) {
		fprintf(stderr, "bench_analyze: %s\n", errbuf_msg(&eb));
		corpus_free(c);
		return 1;
	}
	dir = xasprintf("%s/bench_analyze.%ld", tmp, (long)getpid());
	if (mkdir(dir, 0700) != 0) {
		perror(dir);
		return 1;
	}
	paths = xcalloc((size_t)want, sizeof(char *));
	/* take files spread over the corpus: every k-th row */
	for (size_t i = 0; i < c->n && n < want; i += c->n / (size_t)want ? c->n / (size_t)want : 1) {
		char *p = xasprintf("%s/%04zu.wav", dir, i);
		double s = to_wav(c->items[i].path, p);

		if (s < 0) {
			free(p);
			continue;
		}
		paths[n++] = p;
		seconds += s;
	}
	printf("%d files, %.1f s of 48 kHz / 24-bit WAV, %d passes, one thread\n", n, seconds,
	       repeat);
	fflush(stdout);
	decode_only(paths, n);	/* warm the page cache */
	for (int r = 0; r < repeat; r++) {
		t = benchclock_start();
		decode_only(paths, n);
		add_pass(&dec, benchclock_stop(t));
		t = benchclock_start();
		analyse(paths, n, m);
		add_pass(&ana, benchclock_stop(t));
	}
	report("libsndfile decode (sf_readf_float)", &dec, seconds);
	report("decode + features + classify", &ana, seconds);
	for (int i = 0; i < n; i++) {
		remove(paths[i]);
		free(paths[i]);
	}
	rmdir(dir);
	free(dir);
	free(paths);
	classifier_free(m);
	corpus_free(c);
	return 0;
}

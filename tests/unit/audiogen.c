/* audiogen.c: audio fixtures written with libsndfile. */
#include "config.h"

#include <ftw.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <sndfile.h>

#include "audiogen.h"
#include "xalloc.h"

static char root[4096];

const char *audiogen_dir(const char *name)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(root, sizeof(root), "%s/turnover-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
	if (!mkdtemp(root))
		fail_msg("cannot create '%s'", root);
	return root;
}

void audiogen_use_dir(const char *path)
{
	snprintf(root, sizeof(root), "%s", path);
}

const char *audiogen_dir_path(void)
{
	return root;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

void audiogen_cleanup(void)
{
	if (root[0])
		nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	root[0] = '\0';
}

char *audiogen_write(const char *rel, int format, int channels, int rate, int64_t frames,
		     audiogen_fn fn, void *user)
{
	char *path = xasprintf("%s/%s", root, rel);
	SF_INFO info = { .samplerate = rate, .channels = channels, .format = format };
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
	double *buf = xmalloc(1024 * (size_t)channels * sizeof(double));

	if (!sf)
		fail_msg("cannot write '%s': %s", path, sf_strerror(NULL));
	sf_command(sf, SFC_SET_CLIPPING, NULL, SF_TRUE);
	for (int64_t done = 0; done < frames;) {
		int64_t n = frames - done > 1024 ? 1024 : frames - done;

		for (int64_t i = 0; i < n; i++)
			for (int c = 0; c < channels; c++)
				buf[i * channels + c] = fn(done + i, c, rate, user);
		if (sf_writef_double(sf, buf, n) != n)
			fail_msg("short write to '%s'", path);
		done += n;
	}
	sf_close(sf);
	free(buf);
	return path;
}

/* A small hash-based white noise in [-1, 1), uniform: RMS 1/sqrt(3). */
static double noise(uint64_t seed, int64_t i, int ch)
{
	uint64_t z = seed * 0x9e3779b97f4a7c15ULL + (uint64_t)i * 0xbf58476d1ce4e5b9ULL +
		     (uint64_t)ch * 0x94d049bb133111ebULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (double)(z >> 11) / 4503599627370496.0 - 1.0;
}

double audiogen_tone(int64_t i, int ch, int rate, void *user)
{
	const struct audiogen_tone *t = user;
	double v = t->amp * sin(2 * M_PI * t->hz * (double)i / rate) + t->dc;

	if (t->noise > 0)
		v += t->noise * sqrt(3.0) * noise(t->seed, i, ch);
	return v;
}

double audiogen_voice(int64_t i, int ch, int rate, void *user)
{
	double t = (double)i / rate, syl = fmod(t * 4, 1.0), phase, env, v = 0;

	(void)ch;
	(void)user;
	if (syl > 0.7 || fmod(t, 2.0) > 1.6)
		return 0;
	env = sin(M_PI * syl / 0.7);
	/* integrate the glide so the harmonics stay coherent */
	phase = 2 * M_PI * (120 * t - 50 / (2 * M_PI * 0.7) * cos(2 * M_PI * 0.7 * t));
	for (int h = 1; h <= 25; h++) {	/* harmonics to 4 kHz, below Nyquist */
		double hz = h * (120 + 50 * sin(2 * M_PI * 0.7 * t));
		double a;

		if (hz > 0.45 * rate)
			break;
		a = exp(-pow((hz - 700) / 250, 2)) + 0.5 * exp(-pow((hz - 1800) / 300, 2)) +
			   0.05;

		v += a * sin(h * phase) / h;
	}
	return 0.2 * env * v;
}

/* sessgen.c: sessions and signals for the channel tests. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "media/probe.h"
#include "media/url.h"
#include "session_build.h"
#include "sessgen.h"
#include "xalloc.h"

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1) from seed and k. */
static double uniform(uint64_t seed, uint64_t k)
{
	return (double)(mix64(seed * 0x9e3779b97f4a7c15ULL + k) >> 11) / 9007199254740992.0;
}

/* A level envelope: a random level per 150 ms step, ramped between steps
 * (like syllables or notes), so two seeds rise and fall independently. */
static double envelope(uint64_t seed, double t)
{
	double pos = t / 0.15, frac = pos - floor(pos);
	uint64_t step = (uint64_t)floor(pos);
	double a = uniform(seed, 100 + step), b = uniform(seed, 101 + step);

	a = a < 0.3 ? 0.05 : a;		/* some steps nearly silent */
	b = b < 0.3 ? 0.05 : b;
	return a + (b - a) * frac;
}

double sessgen_source(uint64_t seed, int64_t i, int rate)
{
	double t = (double)i / rate, v = 0;

	for (int k = 0; k < 6; k++) {
		double hz = 80 * pow(2, 6 * uniform(seed, 10 + (uint64_t)k));

		v += 0.1 * sin(2 * M_PI * hz * t + 2 * M_PI * uniform(seed, 20 + (uint64_t)k)) / (k + 1);
	}
	v += 2 * uniform(seed + 1000, (uint64_t)i) - 1;
	return 0.35 * envelope(seed, t) * v;
}

struct session *sessgen_new(void)
{
	return session_build_new("channels", 25, 1, 0, false);
}

int sessgen_media(struct session *s, const char *path)
{
	const char *slash = strrchr(path, '/');
	struct probe_info pi;
	struct media *m;
	char *url = url_from_path(path);

	probe_file(path, &pi, NULL);
	m = session_build_media(s, slash ? slash + 1 : path, MEDIA_CONTAINER_WAVE, pi.channels,
				pi.sample_rate, pi.bits, pi.frames, url);
	free(url);
	probe_update_media(m, path, NULL, NULL);
	return (int)(s->n_media - 1);
}

size_t sessgen_track(struct session *s, const char *name)
{
	session_build_track(s, name, 48000, 1);
	return s->n_tracks - 1;
}

void sessgen_clip(struct session *s, size_t t, const char *name, int64_t pos, int64_t length,
		  int media, int first_ch, int channels, int64_t offset)
{
	session_build_clip(&s->tracks[t], name, pos, length, media, first_ch, channels, offset,
			   48000);
}

void sessgen_finish(struct session *s)
{
	session_build_finish(s);
}

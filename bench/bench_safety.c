/*
 * bench_safety.c: how fast the safety folder is written and checked.  Not
 * a test: `make bench` builds it, then run
 *
 *   bench/bench_safety [--mb N] [--repeat R]
 *
 * It writes two files of N MB (default 512) of pseudo-random bytes under
 * $TMPDIR, one standing for the AAF and one for a media file, then R
 * times (default 3): hashes the media file (xxHash64 + XXH3-128 in one
 * pass), writes a safety folder (copy of the "AAF" hashed on the way,
 * synced, read back; hash of the media file; manifest), and verifies it.
 * Wall times; the files are read from the page cache after the first
 * pass, so the figures are those of hashing and writing, not of a disk's
 * reading.  Everything is removed at the end.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "prep/fstree.h"
#include "prep/mhl.h"
#include "prep/safety.h"
#include "prep/verify.h"
#include "savefile.h"
#include "session.h"
#include "xalloc.h"

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int make_file(const char *path, long mb, unsigned seed)
{
	size_t chunk = 1 << 20;
	uint64_t *buf = xmalloc(chunk);
	uint64_t x = 0x9e3779b97f4a7c15ULL * (seed + 1);
	FILE *f = fopen(path, "wb");
	int rc = f ? 0 : -1;

	for (long i = 0; rc == 0 && i < mb; i++) {
		for (size_t k = 0; k < chunk / 8; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			buf[k] = x;
		}
		rc = fwrite(buf, 1, chunk, f) == chunk ? 0 : -1;
	}
	if (f && fclose(f) != 0)
		rc = -1;
	free(buf);
	return rc;
}

/* One pass: hash, safety folder, verify; returns 0 or prints why not. */
static int pass(const char *aaf, const struct session *s, const char *out, double mb)
{
	struct verify_report *r = NULL;
	struct mhl_digest d;
	struct errbuf eb;
	double t0, t1, t2, t3;
	int ok;

	errbuf_init(&eb);
	fstree_remove(out);
	t0 = now();
	if (mhl_hash_file(s->media[0].path, &d, &eb) != ERR_OK)
		goto fail;
	t1 = now();
	if (savefile_mkdir(out, &eb) != ERR_OK || safety_write(aaf, s, out, &eb) != ERR_OK)
		goto fail;
	t2 = now();
	if (verify_run(out, &r, &eb) != ERR_OK)
		goto fail;
	t3 = now();
	ok = verify_report_ok(r);
	verify_report_free(r);
	printf("hash %.0f MB: %.2f s (%.0f MB/s)   safety folder (copy %.0f MB + hash %.0f MB): "
	       "%.2f s   verify (%.0f MB): %.2f s (%.0f MB/s)%s\n", mb, t1 - t0, mb / (t1 - t0),
	       mb, mb, t2 - t1, 2 * mb, t3 - t2, 2 * mb / (t3 - t2), ok ? "" : "  NOT OK");
	return ok ? 0 : 1;
fail:
	fprintf(stderr, "bench_safety: %s\n", errbuf_msg(&eb));
	return 1;
}

int main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char *dir = xasprintf("%s/bench_safety.XXXXXX", tmp), *aaf, *out;
	long mb = 512, repeat = 3;
	struct session *s;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--mb") && i + 1 < argc)
			mb = atol(argv[++i]);
		else if (!strcmp(argv[i], "--repeat") && i + 1 < argc)
			repeat = atol(argv[++i]);
		else {
			fprintf(stderr, "usage: bench_safety [--mb N] [--repeat R]\n");
			return 2;
		}
	}
	if (mb <= 0 || repeat <= 0 || !mkdtemp(dir)) {
		fprintf(stderr, "bench_safety: bad arguments or no folder under %s\n", tmp);
		return 2;
	}
	aaf = xasprintf("%s/reel.aaf", dir);
	out = xasprintf("%s/out", dir);
	s = session_new();
	session_add_media(s)->path = xasprintf("%s/media.wav", dir);
	s->media[0].status = MEDIA_STATUS_OK;
	if (make_file(aaf, mb, 1) != 0 || make_file(s->media[0].path, mb, 2) != 0) {
		fprintf(stderr, "bench_safety: cannot write %ld MB files under %s\n", mb, dir);
		rc = 1;
	}
	for (long i = 0; rc == 0 && i < repeat; i++)
		rc = pass(aaf, s, out, (double)mb * 1048576.0 / 1e6);
	fstree_remove(dir);
	session_free(s);
	free(aaf);
	free(out);
	free(dir);
	return rc;
}

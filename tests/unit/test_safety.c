/*
 * test_safety.c: the safety copy and its manifest leave the originals as
 * they were, come out byte-identical on every run, and `verify` catches a
 * changed byte in the copy or in a media file, a truncation and a missing
 * file.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "prep/fstree.h"
#include "prep/mhl.h"
#include "prep/safety.h"
#include "prep/verify.h"
#include "session.h"
#include "xalloc.h"

static char tmpdir[] = "/tmp/test_safety.XXXXXX";

/* The inputs: an AAF-sized blob and two media files with old mtimes. */
struct fixture {
	char *aaf, *media[2], *out;
	struct session *s;
	struct stat before[3];
	struct mhl_digest hash_before[3];
};

static char *in_tmp(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static void write_blob(const char *path, size_t len, unsigned seed, time_t mtime)
{
	unsigned char *buf = xmalloc(len);
	struct timespec ts[2] = { { mtime, 0 }, { mtime, 123456789 } };
	FILE *f = fopen(path, "wb");

	for (size_t i = 0; i < len; i++)
		buf[i] = (unsigned char)((i * 2654435761u + seed) >> 11);
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
	free(buf);
}

static void flip_byte(const char *path, long off)
{
	int fd = open(path, O_RDWR);
	unsigned char c;

	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &c, 1, off), 1);
	c ^= 0x40;
	assert_int_equal(pwrite(fd, &c, 1, off), 1);
	close(fd);
}

static struct media *add_media(struct session *s, const char *name, const char *path)
{
	struct media *m = session_add_media(s);

	m->name = xstrdup(name);
	m->path = path ? xstrdup(path) : NULL;
	m->status = path ? MEDIA_STATUS_OK : MEDIA_STATUS_MISSING;
	return m;
}

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));
	char *in;

	if (!mkdtemp(tmpdir))
		return -1;
	in = in_tmp("in");
	mkdir(in, 0777);
	fx->aaf = in_tmp("in/Reel 1 & 2.aaf");
	fx->media[0] = in_tmp("in/dia.wav");
	fx->media[1] = in_tmp("in/music.wav");
	write_blob(fx->aaf, 3 * 1024 * 1024 + 17, 1, 1500000000);
	write_blob(fx->media[0], 200000, 2, 1400000000);
	write_blob(fx->media[1], 1, 3, 1300000000);
	fx->s = session_new();
	add_media(fx->s, "dia", fx->media[0]);
	add_media(fx->s, "music", fx->media[1]);
	/* the same file twice (two source mobs) is listed once */
	add_media(fx->s, "dia again", fx->media[0]);
	add_media(fx->s, "gone", NULL);
	add_media(fx->s, "inside", NULL)->embedded = true;
	for (int i = 0; i < 3; i++) {
		const char *p = i ? fx->media[i - 1] : fx->aaf;
		struct errbuf eb;

		errbuf_init(&eb);
		if (stat(p, &fx->before[i]) != 0 || mhl_hash_file(p, &fx->hash_before[i], &eb) != ERR_OK)
			return -1;
	}
	free(in);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	session_free(fx->s);
	free(fx->aaf);
	free(fx->media[0]);
	free(fx->media[1]);
	free(fx);
	return fstree_remove(tmpdir);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = xmalloc(1 << 20);

	assert_non_null(f);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static char *write_out(struct fixture *fx, const char *name)
{
	char *out = in_tmp(name);
	struct errbuf eb;

	assert_int_equal(mkdir(out, 0777), 0);
	errbuf_init(&eb);
	assert_int_equal(safety_write(fx->aaf, fx->s, out, &eb), ERR_OK);
	return out;
}

/* The originals: same bytes, same size, same mtime and ctime (never written). */
static void test_originals_untouched(void **state)
{
	struct fixture *fx = *state;
	char *out = write_out(fx, "out1");

	for (int i = 0; i < 3; i++) {
		const char *p = i ? fx->media[i - 1] : fx->aaf;
		struct mhl_digest d;
		struct stat st;
		struct errbuf eb;

		errbuf_init(&eb);
		assert_int_equal(stat(p, &st), 0);
		assert_int_equal(st.st_size, fx->before[i].st_size);
		assert_int_equal(st.st_mtim.tv_sec, fx->before[i].st_mtim.tv_sec);
		assert_int_equal(st.st_mtim.tv_nsec, fx->before[i].st_mtim.tv_nsec);
		assert_int_equal(st.st_ctim.tv_sec, fx->before[i].st_ctim.tv_sec);
		assert_int_equal(st.st_ctim.tv_nsec, fx->before[i].st_ctim.tv_nsec);
		assert_int_equal(mhl_hash_file(p, &d, &eb), ERR_OK);
		assert_true(d.xxh64 == fx->hash_before[i].xxh64);
		assert_true(d.xxh128_hi == fx->hash_before[i].xxh128_hi &&
			    d.xxh128_lo == fx->hash_before[i].xxh128_lo);
	}
	free(out);
}

/* The copy: same bytes and the original's mtime, to the nanosecond. */
static void test_copy(void **state)
{
	struct fixture *fx = *state;
	char *copy = in_tmp("out1/safety/Reel 1 & 2.aaf");
	struct mhl_digest d;
	struct stat st;
	struct errbuf eb;

	errbuf_init(&eb);
	assert_int_equal(stat(copy, &st), 0);
	assert_int_equal(st.st_size, fx->before[0].st_size);
	assert_int_equal(st.st_mtim.tv_sec, fx->before[0].st_mtim.tv_sec);
	assert_int_equal(st.st_mtim.tv_nsec, fx->before[0].st_mtim.tv_nsec);
	assert_int_equal(mhl_hash_file(copy, &d, &eb), ERR_OK);
	assert_true(d.xxh64 == fx->hash_before[0].xxh64);
	free(copy);
}

/* The manifest: what it lists, and the same bytes on a second run. */
static void test_manifest(void **state)
{
	struct fixture *fx = *state;
	char *out2 = write_out(fx, "out2");
	char *p1 = in_tmp("out1/safety/manifest.mhl"), *p2 = in_tmp("out2/safety/manifest.mhl");
	char *dia = realpath(fx->media[0], NULL), *music = realpath(fx->media[1], NULL);
	size_t n1, n2;
	char *x1 = slurp(p1, &n1), *x2 = slurp(p2, &n2);
	struct mhl *m;
	struct errbuf eb;

	assert_int_equal(n1, n2);
	assert_memory_equal(x1, x2, n1);
	assert_non_null(strstr(x1, "<file>Reel 1 &amp; 2.aaf</file>"));
	assert_non_null(strstr(x1, "<lastmodificationdate>2017-07-14T02:40:00Z</lastmodificationdate>"));
	assert_null(strstr(x1, "date>20" "26"));
	errbuf_init(&eb);
	assert_int_equal(mhl_load(p1, &m, &eb), ERR_OK);
	assert_int_equal(m->n_entries, 3);
	/* absolute media paths sort before the relative AAF name */
	assert_string_equal(m->entries[0].file, dia);
	assert_string_equal(m->entries[1].file, music);
	assert_string_equal(m->entries[2].file, "Reel 1 & 2.aaf");
	assert_int_equal(m->entries[1].d.size, 1);
	assert_true(m->entries[0].d.xxh64 == fx->hash_before[1].xxh64);
	mhl_free(m);
	free(x1);
	free(x2);
	free(p1);
	free(p2);
	free(dia);
	free(music);
	free(out2);
}

static struct verify_report *run_verify(const char *where)
{
	struct verify_report *r;
	struct errbuf eb;

	errbuf_init(&eb);
	assert_int_equal(verify_run(where, &r, &eb), ERR_OK);
	return r;
}

static enum verify_status status_of(const struct verify_report *r, const char *tail)
{
	size_t n = strlen(tail);

	for (size_t i = 0; i < r->n_items; i++) {
		const char *f = r->items[i].entry->file;

		if (strlen(f) >= n && !strcmp(f + strlen(f) - n, tail))
			return r->items[i].status;
	}
	fail_msg("no entry ending in '%s'", tail);
	return VERIFY_COUNT;
}

static void test_verify_catches(void **state)
{
	struct fixture *fx = *state;
	char *out = in_tmp("out2"), *copy = in_tmp("out2/safety/Reel 1 & 2.aaf");
	char *moved = in_tmp("music.moved");
	struct verify_report *r = run_verify(out);

	assert_true(verify_report_ok(r));
	assert_int_equal(r->n_items, 3);
	verify_report_free(r);
	/* one byte of the copy */
	flip_byte(copy, 1234567);
	r = run_verify(out);
	assert_false(verify_report_ok(r));
	assert_int_equal(status_of(r, ".aaf"), VERIFY_HASH);
	assert_int_equal(status_of(r, "dia.wav"), VERIFY_OK);
	assert_int_equal(r->counts[VERIFY_HASH], 1);
	verify_report_free(r);
	flip_byte(copy, 1234567);
	/* one byte of a media file (its mtime kept, so only the hash tells) */
	flip_byte(fx->media[0], 0);
	r = run_verify(out);
	assert_int_equal(status_of(r, "dia.wav"), VERIFY_HASH);
	assert_int_equal(status_of(r, ".aaf"), VERIFY_OK);
	verify_report_free(r);
	flip_byte(fx->media[0], 0);
	/* a truncated copy and a missing media file */
	assert_int_equal(truncate(copy, 10), 0);
	assert_int_equal(rename(fx->media[1], moved), 0);
	r = run_verify(out);
	assert_int_equal(status_of(r, ".aaf"), VERIFY_SIZE);
	assert_int_equal(status_of(r, "music.wav"), VERIFY_MISSING);
	assert_int_equal(status_of(r, "dia.wav"), VERIFY_OK);
	assert_int_equal(r->counts[VERIFY_OK], 1);
	verify_report_free(r);
	assert_int_equal(rename(moved, fx->media[1]), 0);
	free(moved);
	free(copy);
	free(out);
}

/* The manifest is found in the folder, in safety/, or named directly. */
static void test_find_manifest(void **state)
{
	char *out = in_tmp("out1"), *safety = in_tmp("out1/safety");
	char *file = in_tmp("out1/safety/manifest.mhl"), *none = in_tmp("in");
	const char *const ok[] = { out, safety, file };
	char *path;
	struct errbuf eb;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		errbuf_init(&eb);
		assert_int_equal(verify_find_manifest(ok[i], &path, &eb), ERR_OK);
		assert_non_null(strstr(path, "safety/manifest.mhl"));
		free(path);
	}
	errbuf_init(&eb);
	assert_int_equal(verify_find_manifest(none, &path, &eb), ERR_NOT_FOUND);
	assert_null(path);
	errbuf_init(&eb);
	assert_int_equal(verify_find_manifest("/nonexistent/x", &path, &eb), ERR_NOT_FOUND);
	free(out);
	free(safety);
	free(file);
	free(none);
}

/* Bad inputs are errors: no AAF, an existing copy is never overwritten. */
static void test_errors(void **state)
{
	struct fixture *fx = *state;
	char *out = in_tmp("out1"), *nothing = in_tmp("in/none.aaf"), *fresh = in_tmp("out3");
	char *copy = in_tmp("out1/safety/Reel 1 & 2.aaf"), *fifo = in_tmp("in/fifo.aaf");
	struct mhl_digest before, after;
	struct errbuf eb;

	errbuf_init(&eb);
	assert_int_equal(mhl_hash_file(copy, &before, &eb), ERR_OK);
	assert_int_equal(safety_write(fx->aaf, fx->s, out, &eb), ERR_IO);
	assert_int_equal(mhl_hash_file(copy, &after, &eb), ERR_OK);
	assert_true(before.xxh64 == after.xxh64);
	assert_int_equal(mkdir(fresh, 0777), 0);
	errbuf_init(&eb);
	assert_int_equal(safety_write(nothing, fx->s, fresh, &eb), ERR_IO);
	assert_non_null(strstr(errbuf_msg(&eb), "none.aaf"));
	errbuf_init(&eb);
	assert_int_equal(safety_write(fx->aaf, fx->s, "/nonexistent/dir", &eb), ERR_IO);
	/* a FIFO where a file should be is refused, never waited on */
	assert_int_equal(mkfifo(fifo, 0600), 0);
	errbuf_init(&eb);
	assert_int_equal(safety_write(fifo, fx->s, fresh, &eb), ERR_IO);
	assert_non_null(strstr(errbuf_msg(&eb), "not a regular file"));
	errbuf_init(&eb);
	assert_int_equal(mhl_hash_file(fifo, &after, &eb), ERR_IO);
	unlink(fifo);
	free(fifo);
	free(out);
	free(nothing);
	free(fresh);
	free(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_originals_untouched),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_manifest),
		cmocka_unit_test(test_verify_catches),
		cmocka_unit_test(test_find_manifest),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

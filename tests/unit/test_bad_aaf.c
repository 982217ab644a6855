/*
 * test_bad_aaf.c: damaged AAF files give a clear error, never a crash or a
 * hang (SQLite's malformed-database tests).
 *
 * Every case of tests/fixtures/aafgen.h is written to a temporary folder
 * and read with aaf_read_file() and aaf_read_memory(): each must give an
 * error with a message or, for damage the reader can live with, a session
 * that holds together.  The valid synthetic file must read to its one
 * known clip.  Every file in tests/fixtures/bad/ (crashers kept from
 * fuzzing) is read the same way.  Sanitizer builds turn any memory or
 * undefined-behaviour error into a failure; an alarm turns a hang into one.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../fixtures/aafgen.h"
#include "aaf/aaf.h"
#include "utf8.h"
#include "xalloc.h"

/* Seconds one read may take (sanitizers included) before it is a hang. */
#define READ_TIMEOUT 60

struct fixture {
	char *tmpdir;
	char **paths;		/* per case; NULL when it could not be written */
	size_t n;
};

static struct fixture fx;
static const char *current;	/* what is being read, for the alarm */

static void on_alarm(int sig)
{
	static const char msg[] = "test_bad_aaf: HANG: reading took too long: ";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0 ||
	    write(2, current, strlen(current)) < 0 || write(2, "\n", 1) < 0)
		_exit(1);
	_exit(1);
}

static int setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	fx.tmpdir = xasprintf("%s/test_bad_aaf.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fx.tmpdir)) {
		fprintf(stderr, "cannot make '%s': %s\n", fx.tmpdir, strerror(errno));
		return -1;
	}
	fx.n = aafgen_case_count();
	fx.paths = xcalloc(fx.n, sizeof(*fx.paths));
	for (size_t i = 0; i < fx.n; i++)
		fx.paths[i] = aafgen_write(i, fx.tmpdir);
	signal(SIGALRM, on_alarm);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < fx.n; i++) {
		if (fx.paths[i])
			unlink(fx.paths[i]);
		free(fx.paths[i]);
	}
	free(fx.paths);
	rmdir(fx.tmpdir);
	free(fx.tmpdir);
	return 0;
}

static void assert_utf8(const char *s)
{
	size_t n;

	if (!s)
		return;
	n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);

		assert_true(k > 0);
		i += k;
	}
}

/* The session holds together: counts match arrays, indexes are in range,
 * strings are UTF-8. */
static void assert_session_sane(const struct session *s)
{
	assert_non_null(s);
	assert_true(s->sample_rate > 0);
	assert_true(!s->n_tracks || s->tracks);
	assert_true(!s->n_media || s->media);
	assert_utf8(s->composition_name);
	assert_utf8(s->product);
	for (size_t i = 0; i < s->n_media; i++) {
		assert_non_null(s->media[i].id);
		assert_utf8(s->media[i].name);
	}
	for (size_t i = 0; i < s->n_tracks; i++) {
		const struct track *t = &s->tracks[i];

		assert_true(!t->n_clips || t->clips);
		assert_utf8(t->name);
		for (size_t j = 0; j < t->n_clips; j++) {
			const struct clip *c = &t->clips[j];

			assert_true(c->channels >= 0 && c->channels <= 64);
			assert_true(!c->channels || c->sources);
			assert_utf8(c->name);
			for (int ch = 0; ch < c->channels; ch++)
				assert_true(c->sources[ch].media >= -1 &&
					    c->sources[ch].media < (int)s->n_media);
		}
	}
}

/* One read's outcome against what the case allows. */
static void check_outcome(const char *what, enum aafgen_expect expect, enum err e,
			  struct session *s, const struct errbuf *eb)
{
	if (e != ERR_OK) {
		print_message("  %s: error %d: %s\n", what, (int)e, errbuf_msg(eb));
		assert_null(s);
		assert_true(eb->msg[0] != '\0');
		assert_true(expect != AAFGEN_EXPECT_OK);
		return;
	}
	print_message("  %s: read: %zu tracks, %zu media\n", what, s ? s->n_tracks : 0,
		      s ? s->n_media : 0);
	assert_true(expect != AAFGEN_EXPECT_ERROR);
	assert_session_sane(s);
}

static void read_path(const char *path, enum aafgen_expect expect)
{
	struct session *s = NULL;
	struct errbuf eb;
	enum err e;

	errbuf_init(&eb);
	current = path;
	alarm(READ_TIMEOUT);
	e = aaf_read_file(path, NULL, &s, &eb);
	alarm(0);
	check_outcome("file", expect, e, s, &eb);
	session_free(s);
}

static void read_bytes(const char *name, const uint8_t *data, size_t len,
		       enum aafgen_expect expect)
{
	struct aaf_options opt;
	struct session *s = NULL;
	struct errbuf eb;
	enum err e;

	aaf_options_init(&opt);
	opt.resolve_media = false;
	errbuf_init(&eb);
	current = name;
	alarm(READ_TIMEOUT);
	e = aaf_read_memory(data, len, &opt, &s, &eb);
	alarm(0);
	check_outcome("memory", expect, e, s, &eb);
	session_free(s);
}

/* state: the case index */
static void test_case(void **state)
{
	size_t i = (size_t)(uintptr_t)*state;
	const struct aafgen_case *c = aafgen_case_at(i);
	uint8_t *data;
	size_t len;

	print_message("  %s: %s\n", c->name, c->what);
	assert_non_null(fx.paths[i]);
	read_path(fx.paths[i], c->expect);
	assert_true(aafgen_make(i, &data, &len));
	read_bytes(c->name, data, len, c->expect);
	free(data);
}

static void test_valid_clip(void **state)
{
	struct session *s = NULL;
	struct errbuf eb;
	const struct clip *c;
	const struct media *m;

	(void)state;
	errbuf_init(&eb);
	assert_non_null(fx.paths[0]);
	assert_int_equal(aaf_read_file(fx.paths[0], NULL, &s, &eb), ERR_OK);
	assert_string_equal(s->composition_name, AAFGEN_COMP_NAME);
	assert_int_equal(s->edit_rate.num, AAFGEN_RATE_NUM);
	assert_int_equal(s->edit_rate.den, 1);
	assert_int_equal(s->sample_rate, AAFGEN_SAMPLE_RATE);
	assert_int_equal(session_audio_tracks(s), 1);
	assert_int_equal(s->tracks[0].n_clips, 1);
	c = &s->tracks[0].clips[0];
	assert_int_equal(c->pos_eu, AAFGEN_FILLER_EU);
	assert_int_equal(c->length_eu, AAFGEN_CLIP_EU);
	assert_int_equal(c->source_offset_eu, AAFGEN_CLIP_START_EU);
	/* 25 fps: 2 s in, 4 s long, 1 s into the source */
	assert_int_equal(c->start, 2 * AAFGEN_SAMPLE_RATE);
	assert_int_equal(c->length, 4 * AAFGEN_SAMPLE_RATE);
	assert_int_equal(c->source_offset, AAFGEN_SAMPLE_RATE);
	assert_string_equal(c->name, AAFGEN_CLIP_NAME);
	assert_int_equal(c->channels, 1);
	assert_int_equal(c->sources[0].media, 0);
	assert_int_equal(c->sources[0].channel, 1);
	assert_int_equal(c->sources[0].offset, AAFGEN_SAMPLE_RATE);
	assert_int_equal(s->n_media, 1);
	m = &s->media[0];
	assert_string_equal(m->url, AAFGEN_MEDIA_URL);
	assert_int_equal(m->channels, 1);
	assert_int_equal(m->sample_rate, AAFGEN_SAMPLE_RATE);
	assert_int_equal(m->bits, 24);
	assert_int_equal(m->container, MEDIA_CONTAINER_PCM);
	assert_int_equal(m->status, MEDIA_STATUS_MISSING);
	session_free(s);
}

static bool read_whole(const char *path, uint8_t **data, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	struct stat st;
	bool ok;

	*data = NULL;
	*len = 0;
	if (!fp)
		return false;
	if (fstat(fileno(fp), &st) != 0 || st.st_size < 0) {
		fclose(fp);
		return false;
	}
	*len = (size_t)st.st_size;
	*data = xmalloc(*len ? *len : 1);
	ok = fread(*data, 1, *len, fp) == *len;
	fclose(fp);
	return ok;
}

/* state: the path of a file in tests/fixtures/bad */
static void test_bad_fixture(void **state)
{
	const char *path = *state;
	uint8_t *data;
	size_t len;

	read_path(path, AAFGEN_EXPECT_ANY);
	assert_true(read_whole(path, &data, &len));
	read_bytes(path, data, len, AAFGEN_EXPECT_ANY);
	free(data);
}

static int skip_name(const char *name)
{
	return name[0] == '.' || !strncmp(name, "README", 6);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Paths of the files in tests/fixtures/bad, sorted; *n of them. */
static char **bad_fixtures(size_t *n)
{
	const char *srcdir = getenv("TURNOVER_SRCDIR");
	char *dir = xasprintf("%s/tests/fixtures/bad", srcdir && *srcdir ? srcdir : ".");
	DIR *d = opendir(dir);
	struct dirent *de;
	char **paths = NULL;
	size_t alloc = 0;

	*n = 0;
	while (d && (de = readdir(d))) {
		if (skip_name(de->d_name))
			continue;
		XGROW(paths, *n + 1, alloc);
		paths[(*n)++] = xasprintf("%s/%s", dir, de->d_name);
	}
	if (d)
		closedir(d);
	free(dir);
	if (*n)
		qsort(paths, *n, sizeof(*paths), cmp_str);
	return paths;
}

int main(void)
{
	size_t n_cases = aafgen_case_count(), n_bad, n = 0;
	char **bad = bad_fixtures(&n_bad);
	struct CMUnitTest *tests = xcalloc(n_cases + n_bad + 1, sizeof(*tests));
	int failed;

	tests[n++] = (struct CMUnitTest){ .name = "valid_clip", .test_func = test_valid_clip };
	for (size_t i = 0; i < n_cases; i++)
		tests[n++] = (struct CMUnitTest){
			.name = aafgen_case_at(i)->name,
			.test_func = test_case,
			.initial_state = (void *)(uintptr_t)i,
		};
	for (size_t i = 0; i < n_bad; i++)
		tests[n++] = (struct CMUnitTest){
			.name = strrchr(bad[i], '/') + 1,
			.test_func = test_bad_fixture,
			.initial_state = bad[i],
		};
	failed = _cmocka_run_group_tests("bad_aaf", tests, n, setup, teardown);
	for (size_t i = 0; i < n_bad; i++)
		free(bad[i]);
	free(bad);
	free(tests);
	return failed ? 1 : 0;
}

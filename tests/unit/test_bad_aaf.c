/*
 * test_bad_aaf.c: damaged AAF files give a clear error, never a crash or a
 * hang (SQLite's malformed-database tests).
 *
 * Every case of tests/fixtures/aafgen.h is written to a temporary folder
 * and read with aaf_read_file() and aaf_read_memory(): each must give an
 * error with a message or, for damage the reader can live with, a session
 * that holds together.  The valid synthetic file must read to its one
 * known clip.  Every file in tests/fixtures/bad/ (crashers kept from
 * fuzzing) is read the same way.  Each read runs in a child process with
 * a time limit, so that a crash, a hang, a leak or a sanitizer report fails
 * that case alone, under its own name, and the other cases still run.
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
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "../fixtures/aafgen.h"
#include "aaf/aaf.h"
#include "utf8.h"
#include "xalloc.h"

/* Seconds one case may take (sanitizers included) before it is a hang. */
#define READ_TIMEOUT 20

/* Exit status of a child whose check failed (it says which on stderr);
 * _exit() so that what the failed check left behind is not a leak. */
#define CHECK_FAILED 3

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "    check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
		_exit(CHECK_FAILED); \
	} \
} while (0)

struct fixture {
	char *tmpdir;
	char **paths;		/* per case; NULL when it could not be written */
	size_t n;
};

static struct fixture fx;

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

/* Full stacks in sanitizer reports: libgsf and glib, where the reader's
 * allocations often start, have no frame pointers. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "fast_unwind_on_malloc=0";
}

static void check_utf8(const char *s)
{
	size_t n;

	if (!s)
		return;
	n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);

		CHECK(k > 0);
		i += k;
	}
}

/* The session holds together: counts match arrays, indexes are in range,
 * strings are UTF-8. */
static void check_session(const struct session *s)
{
	CHECK(s != NULL);
	CHECK(s->sample_rate > 0);
	CHECK(!s->n_tracks || s->tracks);
	CHECK(!s->n_media || s->media);
	check_utf8(s->composition_name);
	check_utf8(s->product);
	for (size_t i = 0; i < s->n_media; i++) {
		CHECK(s->media[i].id != NULL);
		check_utf8(s->media[i].name);
	}
	for (size_t i = 0; i < s->n_tracks; i++) {
		const struct track *t = &s->tracks[i];

		CHECK(!t->n_clips || t->clips);
		check_utf8(t->name);
		for (size_t j = 0; j < t->n_clips; j++) {
			const struct clip *c = &t->clips[j];

			CHECK(c->channels >= 0 && c->channels <= 64);
			CHECK(!c->channels || c->sources);
			check_utf8(c->name);
			for (int ch = 0; ch < c->channels; ch++)
				CHECK(c->sources[ch].media >= -1 &&
				      c->sources[ch].media < (int)s->n_media);
		}
	}
}

/* One read's outcome against what the case allows. */
static void check_outcome(const char *how, enum aafgen_expect expect, enum err e,
			  struct session *s, const struct errbuf *eb)
{
	if (e != ERR_OK) {
		fprintf(stderr, "    %s: error %d: %s\n", how, (int)e, errbuf_msg(eb));
		CHECK(s == NULL);
		CHECK(eb->msg[0] != '\0');
		CHECK(expect != AAFGEN_EXPECT_OK);
		return;
	}
	fprintf(stderr, "    %s: read: %zu tracks, %zu media\n", how, s ? s->n_tracks : 0,
		s ? s->n_media : 0);
	CHECK(expect != AAFGEN_EXPECT_ERROR);
	check_session(s);
}

static void read_path(const char *path, enum aafgen_expect expect)
{
	struct session *s = NULL;
	struct errbuf eb;
	enum err e;

	errbuf_init(&eb);
	e = aaf_read_file(path, NULL, &s, &eb);
	check_outcome("file", expect, e, s, &eb);
	session_free(s);
}

static void read_bytes(const uint8_t *data, size_t len, enum aafgen_expect expect)
{
	struct aaf_options opt;
	struct session *s = NULL;
	struct errbuf eb;
	enum err e;

	aaf_options_init(&opt);
	opt.resolve_media = false;
	errbuf_init(&eb);
	e = aaf_read_memory(data, len, &opt, &s, &eb);
	check_outcome("memory", expect, e, s, &eb);
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

/* Reads path as a file and as memory; in the child. */
static void read_both(const char *path, enum aafgen_expect expect)
{
	uint8_t *data;
	size_t len;

	read_path(path, expect);
	CHECK(read_whole(path, &data, &len));
	read_bytes(data, len, expect);
	free(data);
}

/*
 * Reads path in a child process that has READ_TIMEOUT seconds; returns
 * NULL when every check held, else how the child failed.  The child ends
 * with exit() so that LeakSanitizer looks at it.
 */
static const char *read_isolated(const char *path, enum aafgen_expect expect)
{
	static char why[128];
	pid_t pid;
	int st;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return "cannot fork";
	if (pid == 0) {
		alarm(READ_TIMEOUT);
		read_both(path, expect);
		exit(0);
	}
	if (waitpid(pid, &st, 0) != pid)
		return "cannot wait for the reader";
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM)
		snprintf(why, sizeof(why), "HANG: still reading after %d s", READ_TIMEOUT);
	else if (WIFSIGNALED(st))
		snprintf(why, sizeof(why), "CRASH or sanitizer report: killed by signal %d (see above)",
			 WTERMSIG(st));
	else if (WEXITSTATUS(st) == CHECK_FAILED)
		snprintf(why, sizeof(why), "wrong outcome (see the check above)");
	else if (WEXITSTATUS(st) != 0)
		snprintf(why, sizeof(why), "exit %d: sanitizer report or crash (see above)",
			 WEXITSTATUS(st));
	else
		return NULL;
	return why;
}

/* state: the case index */
static void test_case(void **state)
{
	size_t i = (size_t)(uintptr_t)*state;
	const struct aafgen_case *c = aafgen_case_at(i);
	const char *why;

	print_message("  %s: %s\n", c->name, c->what);
	assert_non_null(fx.paths[i]);
	why = read_isolated(fx.paths[i], c->expect);
	if (why)
		fail_msg("%s: %s", c->name, why);
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

/* state: the path of a file in tests/fixtures/bad */
static void test_bad_fixture(void **state)
{
	const char *path = *state;
	const char *why = read_isolated(path, AAFGEN_EXPECT_ANY);

	if (why)
		fail_msg("%s: %s", path, why);
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

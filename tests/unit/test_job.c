/* test_job.c: the analysis job: every clip done on several threads, a
 * missing file reported without stopping the rest, the cache hit on the
 * second run and shared safely. */
#include "config.h"

#include <math.h>
#include <sndfile.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "analysis/job.h"
#include "media/fileset.h"
#include "xalloc.h"

static char tmpdir[] = "/tmp/test_job.XXXXXX";

static void write_tone(const char *path, double hz, int seconds)
{
	SF_INFO info = { .samplerate = 48000, .channels = 1,
			 .format = SF_FORMAT_WAV | SF_FORMAT_PCM_24 };
	SNDFILE *sf = sf_open(path, SFM_WRITE, &info);
	float buf[4800];

	assert_non_null(sf);
	for (int b = 0; b < seconds * 10; b++) {
		for (int i = 0; i < 4800; i++)
			buf[i] = 0.3f * (float)sin(2 * M_PI * hz * (b * 4800 + i) / 48000.0);
		sf_writef_float(sf, buf, 4800);
	}
	sf_close(sf);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmpdir))
		return -1;
	for (int i = 0; i < 6; i++) {
		char *p = xasprintf("%s/f%d.wav", tmpdir, i);

		write_tone(p, 220.0 * (i + 1), 1 + i % 3);
		free(p);
	}
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);

	(void)state;
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static struct session *files(int with_missing)
{
	const char *paths[8];
	char *owned[8];
	size_t n = 0;
	struct session *s;

	for (int i = 0; i < 6; i++)
		paths[n] = owned[n] = xasprintf("%s/f%d.wav", tmpdir, i), n++;
	if (with_missing)
		paths[n] = owned[n] = xasprintf("%s/missing.wav", tmpdir), n++;
	s = fileset_session(paths, n);
	for (size_t i = 0; i < n; i++)
		free(owned[i]);
	return s;
}

static void run_job(struct session *s, struct classifier *model, const char *cache, int jobs,
		    size_t *hits, size_t *errors)
{
	struct analysis_options opt;
	struct analysis_job *j;
	size_t done, total;

	analysis_options_init(&opt);
	opt.jobs = jobs;
	opt.cache_dir = cache;
	j = analysis_job_new(s, model, &opt);
	assert_int_equal(analysis_job_run(j, NULL), ERR_OK);
	analysis_job_progress(j, &done, &total);
	assert_int_equal(done, total);
	assert_int_equal(total, s->n_tracks);
	*hits = *errors = 0;
	for (size_t t = 0; t < s->n_tracks; t++) {
		const struct clip_analysis *a = analysis_job_clip(j, t, 0);

		assert_non_null(a);
		assert_true(a->done);
		*hits += a->from_cache;
		if (a->err) {
			(*errors)++;
			assert_non_null(a->error);
		} else {
			double sum = 0;

			for (int c = 0; c < CLIP_CLASS_COUNT; c++)
				sum += a->result.scores[c];
			assert_true(fabs(sum - 1.0) < 1e-6);
		}
	}
	analysis_job_free(j);
}

static void test_missing_does_not_stop_others(void **state)
{
	struct session *s = files(1);
	struct classifier *model = classifier_new(1, 0);
	size_t hits, errors;

	(void)state;
	run_job(s, model, NULL, 3, &hits, &errors);
	assert_int_equal(errors, 1);
	assert_int_equal(hits, 0);
	classifier_free(model);
	session_free(s);
}

static void test_cache_hits_second_run(void **state)
{
	struct session *s = files(0);
	struct classifier *model = classifier_new(1, 0);
	char *cache = xasprintf("%s/cache", tmpdir);
	size_t hits, errors;

	(void)state;
	run_job(s, model, cache, 2, &hits, &errors);
	assert_int_equal(hits, 0);
	assert_int_equal(errors, 0);
	run_job(s, model, cache, 4, &hits, &errors);
	assert_int_equal(hits, s->n_tracks);
	/* a different model is a different analysis: no hits */
	model->temperature = 2.0;
	run_job(s, model, cache, 1, &hits, &errors);
	assert_int_equal(hits, 0);
	free(cache);
	classifier_free(model);
	session_free(s);
}

static void test_clip_range(void **state)
{
	struct session *s = files(0);
	int64_t start, frames;
	uint64_t mask;

	(void)state;
	assert_int_equal(analysis_clip_range(s, &s->tracks[1].clips[0], &start, &frames, &mask), 1);
	assert_int_equal(start, 0);
	assert_int_equal(frames, 2 * 48000);
	assert_int_equal(mask, 1);
	session_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_does_not_stop_others),
		cmocka_unit_test(test_cache_hits_second_run),
		cmocka_unit_test(test_clip_range),
	};
	return cmocka_run_group_tests_name("job", tests, setup, teardown);
}

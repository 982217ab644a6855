/* analyse.c: classes from a job, then channel findings on a thread. */
#include "config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/findings.h"
#include "tui/analyse.h"
#include "xalloc.h"

enum phase { PHASE_CLASSES, PHASE_FINDINGS, PHASE_DONE };

struct analyse {
	struct analysis_job *job;
	const struct session *s;
	enum phase phase;
	bool *taken;		/* per review record: its class is copied */
	size_t n_taken, n_failed, n_clips;
	/* the findings thread */
	pthread_t thread;
	bool started;
	struct findings f;
	atomic_bool stop, ended;
	atomic_size_t checked;
	int jobs;		/* threads for both stages, as the job was given */
};

struct analyse *analyse_new(struct review *rv, const struct classifier *model,
			    const struct analysis_options *opt, struct errbuf *eb)
{
	struct analyse *an = xcalloc(1, sizeof(*an));

	an->s = rv->session;
	an->jobs = opt ? opt->jobs : 0;
	an->n_clips = rv->n_clips;
	an->taken = xcalloc(rv->n_clips ? rv->n_clips : 1, sizeof(*an->taken));
	atomic_init(&an->stop, false);
	atomic_init(&an->ended, false);
	atomic_init(&an->checked, 0);
	an->job = analysis_job_new(rv->session, model, opt);
	if (analysis_job_start(an->job, eb) != ERR_OK) {
		analyse_free(an);
		return NULL;
	}
	return an;
}

static void *findings_main(void *arg)
{
	struct analyse *an = arg;
	struct findings_options o;

	findings_options_init(&o);
	o.loudness = false;
	o.stop = &an->stop;
	o.done = &an->checked;
	o.jobs = an->jobs;
	findings_run(&an->f, an->s, &o);
	atomic_store(&an->ended, true);
	return NULL;
}

/* Copies the classes finished since the last call; true when any. */
static bool take_classes(struct analyse *an, struct review *rv)
{
	bool any = false;

	for (size_t i = 0; i < rv->n_clips; i++) {
		const struct clip_analysis *ca;

		if (an->taken[i])
			continue;
		ca = analysis_job_clip(an->job, rv->clips[i].track, rv->clips[i].clip);
		if (!ca)
			continue;
		an->taken[i] = true;
		an->n_taken++;
		if (ca->err == ERR_OK)
			review_take_analysis(&rv->clips[i], &ca->result);
		else
			an->n_failed++;
		any = true;
	}
	return any;
}

static void start_findings(struct analyse *an)
{
	an->phase = PHASE_FINDINGS;
	an->started = pthread_create(&an->thread, NULL, findings_main, an) == 0;
	if (!an->started)
		an->phase = PHASE_DONE;	/* the classes are there; the rest cannot be */
}

bool analyse_poll(struct analyse *an, struct review *rv)
{
	bool any = false;

	if (an->phase == PHASE_CLASSES) {
		any = take_classes(an, rv);
		if (an->n_taken == an->n_clips)
			start_findings(an);
	}
	if (an->phase == PHASE_FINDINGS && atomic_load(&an->ended)) {
		pthread_join(an->thread, NULL);
		an->started = false;
		review_take_findings(rv, &an->f);
		findings_release(&an->f);
		an->phase = PHASE_DONE;
		any = true;
	}
	return any;
}

void analyse_progress(const struct analyse *an, size_t *done, size_t *total)
{
	size_t classified, clips;

	*total = 2 * an->n_clips;
	if (an->phase == PHASE_DONE) {
		*done = *total;
		return;
	}
	analysis_job_progress(an->job, &classified, &clips);
	*done = classified + (an->phase == PHASE_FINDINGS ? atomic_load(&an->checked) : 0);
	if (*done >= *total)
		*done = *total ? *total - 1 : 0;	/* the pairs are still being found */
}

bool analyse_finished(const struct analyse *an)
{
	return an->phase == PHASE_DONE;
}

size_t analyse_failed(const struct analyse *an)
{
	return an->n_failed;
}

void analyse_free(struct analyse *an)
{
	if (!an)
		return;
	atomic_store(&an->stop, true);
	analysis_job_cancel(an->job);
	if (an->started) {
		pthread_join(an->thread, NULL);
		findings_release(&an->f);
	}
	analysis_job_free(an->job);
	free(an->taken);
	free(an);
}

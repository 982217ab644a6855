/* preprun.c: prep on a thread, polled (see preprun.h). */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "tui/preprun.h"
#include "xalloc.h"

struct preprun {
	struct prep_options o;	/* its strings owned */
	char *aaf, *tmpl, *out, *decisions, *state_dir, *cache;
	pthread_t thread;
	pthread_mutex_t lock;
	struct preprun_status st;	/* under lock */
	enum err e;			/* once ended */
	struct prep_summary sum;
	struct errbuf eb;
};

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void progress(enum prep_stage st, size_t done, size_t total, void *user)
{
	struct preprun *r = user;

	pthread_mutex_lock(&r->lock);
	r->st.stage = st;
	r->st.done = done;
	r->st.total = total;
	r->st.started = true;
	pthread_mutex_unlock(&r->lock);
}

static void *run_main(void *arg)
{
	struct preprun *r = arg;
	enum err e = prep_run(&r->o, &r->sum, &r->eb);

	pthread_mutex_lock(&r->lock);
	r->e = e;
	r->st.ended = true;
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

static void copy_options(struct preprun *r, const struct prep_options *o)
{
	r->o = *o;
	r->o.aaf = r->aaf = dup_or_null(o->aaf);
	r->o.template_path = r->tmpl = dup_or_null(o->template_path);
	r->o.out_dir = r->out = dup_or_null(o->out_dir);
	r->o.decisions = r->decisions = dup_or_null(o->decisions);
	r->o.state_dir = r->state_dir = dup_or_null(o->state_dir);
	r->o.cache_dir = r->cache = dup_or_null(o->cache_dir);
	r->o.media_dirs = NULL;
	r->o.n_media_dirs = 0;
	r->o.progress = progress;
	r->o.on_outdir = NULL;
	r->o.user = r;
}

static void release(struct preprun *r)
{
	free(r->aaf);
	free(r->tmpl);
	free(r->out);
	free(r->decisions);
	free(r->state_dir);
	free(r->cache);
	prep_summary_release(&r->sum);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

struct preprun *preprun_new(const struct prep_options *o, struct errbuf *eb)
{
	struct preprun *r = xcalloc(1, sizeof(*r));

	pthread_mutex_init(&r->lock, NULL);
	errbuf_init(&r->eb);
	copy_options(r, o);
	if (pthread_create(&r->thread, NULL, run_main, r) != 0) {
		err_set(eb, ERR_NOMEM, "cannot start a thread for prep");
		release(r);
		return NULL;
	}
	return r;
}

void preprun_status(struct preprun *r, struct preprun_status *out)
{
	pthread_mutex_lock(&r->lock);
	*out = r->st;
	pthread_mutex_unlock(&r->lock);
}

bool preprun_result(struct preprun *r, enum err *e, struct prep_summary *sum,
		    struct errbuf *eb)
{
	bool ended;

	pthread_mutex_lock(&r->lock);
	ended = r->st.ended;
	pthread_mutex_unlock(&r->lock);
	if (!ended)
		return false;
	*e = r->e;
	*sum = r->sum;
	memset(&r->sum, 0, sizeof(r->sum));
	*eb = r->eb;
	return true;
}

void preprun_free(struct preprun *r)
{
	if (!r)
		return;
	pthread_join(r->thread, NULL);
	release(r);
}

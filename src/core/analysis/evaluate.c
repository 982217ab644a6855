/* evaluate.c: grouped cross-validation and its figures. */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/evaluate.h"
#include "analysis/rng.h"
#include "xalloc.h"

#define C CLIP_CLASS_COUNT
#define F FEATURE_COUNT
#define MAX_THREADS 64

struct cv {
	const struct corpus *c;
	const double *v;
	int variants;
	const bool *ok;
	const struct evaluate_opts *o;
	const int *fold_of_group;
	struct evaluate_result *out;
	pthread_mutex_t lock;
	int next_fold;
};

struct classifier *evaluate_fit(const struct corpus *c, const double *v, int variants,
			       const bool *ok, bool (*keep)(size_t item, const void *user),
			       const void *user, const struct train_opts *o)
{
	size_t rows = 0, cap = c->n * (size_t)variants;
	double *x = xmalloc((cap ? cap : 1) * F * sizeof(double));
	int *y = xmalloc((cap ? cap : 1) * sizeof(int)), *g = xmalloc((cap ? cap : 1) * sizeof(int));
	bool *clean = xmalloc((cap ? cap : 1) * sizeof(bool));
	struct train_data d;
	struct classifier *m;

	for (size_t i = 0; i < c->n; i++) {
		if (!ok[i] || (keep && !keep(i, user)))
			continue;
		for (int a = 0; a < variants; a++, rows++) {
			memcpy(x + rows * F, v + (i * (size_t)variants + (size_t)a) * F,
			       F * sizeof(double));
			y[rows] = (int)c->items[i].cls;
			g[rows] = c->items[i].group;
			clean[rows] = a == 0;
		}
	}
	d.n = rows;
	d.x = x;
	d.y = y;
	d.group = g;
	d.clean = clean;
	m = rows ? train_fit(&d, o) : NULL;
	free(x);
	free(y);
	free(g);
	free(clean);
	return m;
}

struct fold_pick {
	const struct cv *cv;
	int k;
};

static bool outside_fold(size_t item, const void *user)
{
	const struct fold_pick *fp = user;

	return fp->cv->fold_of_group[fp->cv->c->items[item].group] != fp->k;
}

/* Trains on every fold but k and predicts fold k's items as recorded. */
static void run_fold(struct cv *cv, int k)
{
	const struct corpus *c = cv->c;
	struct train_opts to = cv->o->train;
	struct fold_pick fp = { cv, k };
	struct classifier *m = NULL;
	bool any = false;

	for (size_t i = 0; i < c->n; i++)
		any |= cv->ok[i] && cv->fold_of_group[c->items[i].group] == k;
	to.seed = evaluate_fold_seed(cv->o, k);
	if (any)
		m = evaluate_fit(c, cv->v, cv->variants, cv->ok, outside_fold, &fp, &to);
	for (size_t i = 0; m && i < c->n; i++) {
		double *p = cv->out->prob + i * C;

		if (!cv->ok[i] || cv->fold_of_group[c->items[i].group] != k)
			continue;
		classifier_predict(m, cv->v + i * (size_t)cv->variants * F, p);
		cv->out->used[i] = true;
		cv->out->fold[i] = k;
		cv->out->pred[i] = 0;
		for (int j = 1; j < C; j++)
			if (p[j] > p[cv->out->pred[i]])
				cv->out->pred[i] = j;
	}
	classifier_free(m);
}

static void *cv_worker(void *arg)
{
	struct cv *cv = arg;

	for (;;) {
		int k;

		pthread_mutex_lock(&cv->lock);
		k = cv->next_fold++;
		pthread_mutex_unlock(&cv->lock);
		if (k >= cv->o->folds)
			return NULL;
		run_fold(cv, k);
	}
}

void evaluate_assign_folds(const struct corpus *c, const struct evaluate_opts *o,
			   int *fold_of_group)
{
	int *gcls = xcalloc((size_t)c->n_groups + 1, sizeof(int));
	int *grows = xcalloc((size_t)c->n_groups + 1, sizeof(int));

	for (size_t i = 0; i < c->n; i++) {
		gcls[c->items[i].group] = (int)c->items[i].cls;
		grows[c->items[i].group]++;
	}
	train_assign_folds(c->n_groups, gcls, grows, o->folds, o->seed, fold_of_group);
	free(gcls);
	free(grows);
}

uint64_t evaluate_fold_seed(const struct evaluate_opts *o, int k)
{
	return rng_mix(o->seed, 1000 + (uint64_t)k);
}

void evaluate_cross_validate(const struct corpus *c, const double *v, int variants,
			     const bool *ok, const struct evaluate_opts *o,
			     struct evaluate_result *out)
{
	int *fold = xcalloc((size_t)c->n_groups + 1, sizeof(int));
	struct cv cv = { c, v, variants, ok, o, fold, out, PTHREAD_MUTEX_INITIALIZER, 0 };
	pthread_t tid[MAX_THREADS];
	int started = 0, threads = o->threads < 1 ? 1 : o->threads > MAX_THREADS ? MAX_THREADS
		: o->threads;
	size_t n = c->n ? c->n : 1;

	out->n = c->n;
	out->used = xcalloc(n, sizeof(bool));
	out->fold = xcalloc(n, sizeof(int));
	out->prob = xcalloc(n * C, sizeof(double));
	out->pred = xcalloc(n, sizeof(int));
	evaluate_assign_folds(c, o, fold);
	for (int t = 1; t < threads; t++)
		if (pthread_create(&tid[started], NULL, cv_worker, &cv) == 0)
			started++;
	cv_worker(&cv);
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&cv.lock);
	free(fold);
}

void evaluate_result_release(struct evaluate_result *r)
{
	free(r->used);
	free(r->fold);
	free(r->prob);
	free(r->pred);
	memset(r, 0, sizeof(*r));
}

void evaluate_tally_init(struct evaluate_tally *t)
{
	memset(t, 0, sizeof(*t));
}

void evaluate_tally_add(struct evaluate_tally *t, int truth, int pred, double conf)
{
	struct evaluate_metrics *m = &t->m;
	int b = (int)(conf * EVALUATE_ECE_BINS);

	b = b < 0 ? 0 : b >= EVALUATE_ECE_BINS ? EVALUATE_ECE_BINS - 1 : b;
	m->n++;
	m->correct += truth == pred;
	m->confusion[truth][pred]++;
	t->bin_conf[b] += conf;
	t->bin_acc[b] += truth == pred;
	if (conf >= EVALUATE_CONFIDENT) {
		m->confident++;
		m->confident_wrong += truth != pred;
	}
}

void evaluate_tally_finish(struct evaluate_tally *t, struct evaluate_metrics *out)
{
	struct evaluate_metrics *m = &t->m;

	*out = *m;
	if (!m->n)
		return;
	out->accuracy = (double)m->correct / (double)m->n;
	for (int j = 0; j < C; j++) {
		size_t tp = m->confusion[j][j], col = 0, row = 0;

		for (int k = 0; k < C; k++) {
			col += m->confusion[k][j];
			row += m->confusion[j][k];
		}
		out->precision[j] = col ? (double)tp / (double)col : 0;
		out->recall[j] = row ? (double)tp / (double)row : 0;
	}
	out->ece = 0;
	for (int b = 0; b < EVALUATE_ECE_BINS; b++)
		out->ece += fabs(t->bin_acc[b] - t->bin_conf[b]) / (double)m->n;
	out->coverage = (double)m->confident / (double)m->n;
	out->confident_error = m->confident ? (double)m->confident_wrong / (double)m->confident : 0;
}

void evaluate_metrics(const struct corpus *c, const struct evaluate_result *r,
		      bool (*pick)(const struct corpus_item *it, const void *user),
		      const void *user,
		      struct evaluate_metrics *m)
{
	struct evaluate_tally t;

	evaluate_tally_init(&t);
	for (size_t i = 0; i < r->n; i++) {
		if (!r->used[i] || (pick && !pick(&c->items[i], user)))
			continue;
		evaluate_tally_add(&t, (int)c->items[i].cls, r->pred[i],
				   r->prob[i * C + r->pred[i]]);
	}
	evaluate_tally_finish(&t, m);
}

/* ---- the report ---------------------------------------------------------------- */

struct band {
	int lo, hi;
};

static bool in_band(const struct corpus_item *it, const void *user)
{
	const struct band *b = user;

	return it->bandwidth_hz >= b->lo && it->bandwidth_hz < b->hi;
}

static bool in_package(const struct corpus_item *it, const void *user)
{
	return !strcmp(it->package, user);
}

static void pct(struct strbuf *sb, double v)
{
	strbuf_addf(sb, " %.1f%% |", 100 * v);
}

static void row(struct strbuf *sb, const char *name, const struct evaluate_metrics *m)
{
	strbuf_addf(sb, "| %s | %zu |", name, m->n);
	pct(sb, m->accuracy);
	pct(sb, m->coverage);
	strbuf_addf(sb, " %zu/%zu |\n", m->confident_wrong, m->confident);
}

void evaluate_report_metrics(const struct evaluate_metrics *m, struct strbuf *sb)
{
	strbuf_addf(sb, "| items | accuracy | ECE | coverage at >= %.2f | errors among those |\n"
		    "|---:|---:|---:|---:|---:|\n| %zu | %.2f%% (%zu wrong) | %.3f | %.1f%% (%zu) | "
		    "%.2f%% (%zu) |\n\n", EVALUATE_CONFIDENT, m->n, 100 * m->accuracy,
		    m->n - m->correct, m->ece, 100 * m->coverage, m->confident,
		    100 * m->confident_error, m->confident_wrong);
	strbuf_addstr(sb, "| class | precision | recall |\n|---|---:|---:|\n");
	for (int j = 0; j < C; j++)
		strbuf_addf(sb, "| %s | %.1f%% | %.1f%% |\n", clip_class_name(j),
			    100 * m->precision[j], 100 * m->recall[j]);
	strbuf_addstr(sb, "\nConfusion matrix (rows: true class, columns: predicted):\n\n|  |");
	for (int j = 0; j < C; j++)
		strbuf_addf(sb, " %s |", clip_class_name(j));
	strbuf_addstr(sb, "\n|---|");
	for (int j = 0; j < C; j++)
		strbuf_addstr(sb, "---:|");
	for (int t = 0; t < C; t++) {
		strbuf_addf(sb, "\n| %s |", clip_class_name(t));
		for (int j = 0; j < C; j++)
			strbuf_addf(sb, " %zu |", m->confusion[t][j]);
	}
	strbuf_addstr(sb, "\n\n");
}

static void slices(const struct corpus *c, const struct evaluate_result *r, struct strbuf *sb)
{
	static const struct band bands[] = { { 0, 6000 }, { 6000, 12000 }, { 12000, 1 << 30 } };
	static const char *const band_names[] = { "< 6 kHz", "6-12 kHz", ">= 12 kHz" };
	const char *hdr = " | items | accuracy | coverage | errors/confident |\n|---|---:|---:|---:|---:|\n";
	struct evaluate_metrics m;

	strbuf_addf(sb, "Per bandwidth (bandwidth_hz):\n\n| bandwidth%s", hdr);
	for (int b = 0; b < 3; b++) {
		evaluate_metrics(c, r, in_band, &bands[b], &m);
		row(sb, band_names[b], &m);
	}
	strbuf_addf(sb, "\nPer source package:\n\n| package%s", hdr);
	for (size_t i = 0; i < c->n; i++) {
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(c->items[j].package, c->items[i].package);
		if (seen)
			continue;
		evaluate_metrics(c, r, in_package, c->items[i].package, &m);
		row(sb, *c->items[i].package ? c->items[i].package : "(none)", &m);
	}
	strbuf_addstr(sb, "\n");
}

static void mistakes(const struct corpus *c, const struct evaluate_result *r, struct strbuf *sb)
{
	strbuf_addstr(sb, "Wrong answers:\n\n| file | class | predicted | confidence | bandwidth |\n"
		      "|---|---|---|---:|---:|\n");
	for (size_t i = 0; i < c->n; i++) {
		if (!r->used[i] || r->pred[i] == (int)c->items[i].cls)
			continue;
		strbuf_addf(sb, "| %s | %s | %s | %.3f | %d |\n", c->items[i].file,
			    clip_class_name(c->items[i].cls), clip_class_name(r->pred[i]),
			    r->prob[i * C + r->pred[i]], c->items[i].bandwidth_hz);
	}
}

void evaluate_report(const struct corpus *c, const struct evaluate_result *r,
		     const struct evaluate_opts *o, struct strbuf *out)
{
	struct evaluate_metrics m;

	int used = 0;

	for (int k = 0; k < o->folds; k++) {
		bool any = false;

		for (size_t i = 0; i < r->n && !any; i++)
			any = r->used[i] && r->fold[i] == k;
		used += any;
	}
	strbuf_addf(out, "%d-fold cross-validation grouped by %s, seed %llu, "
		    "%d network(s) of %d hidden units.\n\n", used,
		    o->by_package ? "source package" : "recording",
		    (unsigned long long)o->seed, o->train.nets, o->train.hidden);
	evaluate_metrics(c, r, NULL, NULL, &m);
	evaluate_report_metrics(&m, out);
	slices(c, r, out);
	mistakes(c, r, out);
}

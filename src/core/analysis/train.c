/* train.c: standardisation, L-BFGS fits of the networks, temperature. */
#include "config.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/rng.h"
#include "analysis/train.h"
#include "xalloc.h"

#define F FEATURE_COUNT
#define C CLIP_CLASS_COUNT
#define LBFGS_M 8
#define X_LIMIT 8.0		/* standardised inputs are clipped here, as in prediction */

void train_opts_init(struct train_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->hidden = 8;
	o->nets = 8;
	o->l2 = 1e-3;
	o->iters = 300;
	o->calib_folds = 5;
	o->balance = true;
	o->bag = true;
	o->subspace = 0.5;
	o->seed = 1;
}

/* ---- L-BFGS -------------------------------------------------------------------- */

typedef double (*objective_fn)(const double *theta, double *grad, void *ctx);

static double vdot(const double *a, const double *b, size_t n)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

/* The two-loop recursion: d = -H g from the k stored pairs (newest at
 * (head - 1) mod M). */
static void lbfgs_direction(double *d, const double *g, size_t n,
			    double **sv, double **yv, const double *rho, int k, int head)
{
	double alpha[LBFGS_M], gamma = 1;

	memcpy(d, g, n * sizeof(double));
	for (int i = 0; i < k; i++) {
		int j = (head - 1 - i + LBFGS_M) % LBFGS_M;

		alpha[j] = rho[j] * vdot(sv[j], d, n);
		for (size_t t = 0; t < n; t++)
			d[t] -= alpha[j] * yv[j][t];
	}
	if (k) {
		int j = (head - 1 + LBFGS_M) % LBFGS_M;

		gamma = vdot(sv[j], yv[j], n) / vdot(yv[j], yv[j], n);
	}
	for (size_t t = 0; t < n; t++)
		d[t] *= gamma;
	for (int i = k - 1; i >= 0; i--) {
		int j = (head - 1 - i + LBFGS_M) % LBFGS_M;
		double beta = rho[j] * vdot(yv[j], d, n);

		for (size_t t = 0; t < n; t++)
			d[t] += sv[j][t] * (alpha[j] - beta);
	}
	for (size_t t = 0; t < n; t++)
		d[t] = -d[t];
}

static void lbfgs(objective_fn f, void *ctx, double *x, size_t n, int iters)
{
	double *mem = xcalloc((2 * LBFGS_M + 4) * n, sizeof(double));
	double *sv[LBFGS_M], *yv[LBFGS_M], rho[LBFGS_M];
	double *g = mem + 2 * LBFGS_M * n, *d = g + n, *xn = d + n, *gn = xn + n;
	double fx = f(x, g, ctx);
	int k = 0, head = 0;

	for (int i = 0; i < LBFGS_M; i++) {
		sv[i] = mem + (size_t)i * n;
		yv[i] = mem + (size_t)(LBFGS_M + i) * n;
	}
	for (int it = 0; it < iters; it++) {
		double gd, step = 1, fn = 0, gnorm = sqrt(vdot(g, g, n));
		int tries;
		bool converged;

		if (gnorm < 1e-8)
			break;
		lbfgs_direction(d, g, n, sv, yv, rho, k, head);
		gd = vdot(g, d, n);
		if (!k || gd >= 0) {	/* first step, or not a descent: steepest */
			for (size_t t = 0; t < n; t++)
				d[t] = -g[t] / gnorm;
			gd = -gnorm;
			step = k ? 1 : fmin(1, 1 / gnorm);
			k = 0;
		}
		for (tries = 0; tries < 30; tries++, step *= 0.5) {
			for (size_t t = 0; t < n; t++)
				xn[t] = x[t] + step * d[t];
			fn = f(xn, gn, ctx);
			if (isfinite(fn) && fn <= fx + 1e-4 * step * gd)
				break;
		}
		if (tries == 30)
			break;
		for (size_t t = 0; t < n; t++) {
			sv[head][t] = xn[t] - x[t];
			yv[head][t] = gn[t] - g[t];
		}
		{
			double sy = vdot(sv[head], yv[head], n);

			if (sy > 1e-12) {
				rho[head] = 1 / sy;
				head = (head + 1) % LBFGS_M;
				k = k < LBFGS_M ? k + 1 : LBFGS_M;
			}
		}
		memcpy(x, xn, n * sizeof(double));
		memcpy(g, gn, n * sizeof(double));
		converged = fx - fn < 1e-10 * fmax(1, fabs(fx));
		fx = fn;
		if (converged)
			break;
	}
	free(mem);
}

/* ---- the network objective ------------------------------------------------------ */

struct problem {
	size_t n;
	const double *x;	/* standardised, n x F */
	const int *y;
	const double *w;	/* row weights, sum 1 */
	int hidden;
	double l2;
	const bool *use;	/* features this network sees (F entries) */
	double *h;		/* scratch: n x hidden */
};

/* Parameter layout: w1 (rows x F), [b1 (hidden)], [w2 (C x hidden)], b2 (C). */
static size_t n_params(int hidden)
{
	return classifier_net_params(hidden) + (hidden ? (size_t)hidden * (1 + C) : 0) + C;
}

static double objective(const double *th, double *grad, void *ctx)
{
	const struct problem *p = ctx;
	int H = p->hidden, rows = H ? H : C;
	const double *w1 = th, *b1 = w1 + (size_t)rows * F, *w2 = b1 + (H ? H : 0);
	const double *b2 = w2 + (H ? (size_t)C * H : 0);
	double *gw1 = grad, *gb1 = gw1 + (size_t)rows * F, *gw2 = gb1 + (H ? H : 0);
	double *gb2 = gw2 + (H ? (size_t)C * H : 0), loss = 0, reg = 0;
	size_t np = n_params(H);

	memset(grad, 0, np * sizeof(double));
	for (size_t r = 0; r < p->n; r++) {
		const double *x = p->x + r * F;
		double *h = p->h + r * (size_t)(H ? H : 1), z[C], m = -INFINITY, sum = 0, dz[C];

		for (int u = 0; u < rows; u++) {
			double a = H ? b1[u] : b2[u];

			for (int i = 0; i < F; i++)
				a += w1[(size_t)u * F + i] * x[i];
			if (H)
				h[u] = tanh(a);
			else
				z[u] = a;
		}
		for (int j = 0; j < C && H; j++) {
			z[j] = b2[j];
			for (int u = 0; u < H; u++)
				z[j] += w2[j * H + u] * h[u];
		}
		for (int j = 0; j < C; j++)
			m = fmax(m, z[j]);
		for (int j = 0; j < C; j++)
			sum += exp(z[j] - m);
		loss += p->w[r] * (m + log(sum) - z[p->y[r]]);
		for (int j = 0; j < C; j++) {
			dz[j] = p->w[r] * (exp(z[j] - m) / sum - (j == p->y[r]));
			gb2[j] += dz[j];
		}
		if (!H) {
			for (int j = 0; j < C; j++)
				for (int i = 0; i < F; i++)
					gw1[(size_t)j * F + i] += dz[j] * x[i];
			continue;
		}
		for (int u = 0; u < H; u++) {
			double dh = 0, da;

			for (int j = 0; j < C; j++) {
				gw2[j * H + u] += dz[j] * h[u];
				dh += dz[j] * w2[j * H + u];
			}
			da = dh * (1 - h[u] * h[u]);
			gb1[u] += da;
			for (int i = 0; i < F; i++)
				gw1[(size_t)u * F + i] += da * x[i];
		}
	}
	for (size_t t = 0; t < (size_t)rows * F; t++) {
		reg += w1[t] * w1[t];
		gw1[t] = p->use[t % F] ? gw1[t] + p->l2 * w1[t] : 0;
	}
	for (size_t t = 0; H && t < (size_t)C * H; t++) {
		reg += w2[t] * w2[t];
		gw2[t] += p->l2 * w2[t];
	}
	return loss + 0.5 * p->l2 * reg;
}

static void fit_net(struct problem *p, struct classifier_net *net, int iters, uint64_t seed)
{
	int H = p->hidden, rows = H ? H : C;
	size_t np = n_params(H);
	double *th = xcalloc(np, sizeof(double));
	struct rng r;

	rng_seed(&r, seed);
	for (size_t t = 0; H && t < (size_t)rows * F; t++)
		th[t] = p->use[t % F] ? rng_normal(&r) / sqrt((double)F) : 0;
	for (size_t t = 0; H && t < (size_t)C * H; t++)
		th[(size_t)rows * F + H + t] = rng_normal(&r) / sqrt((double)H);
	lbfgs(objective, p, th, np, iters);
	memcpy(net->w1, th, (size_t)rows * F * sizeof(double));
	if (H) {
		memcpy(net->b1, th + (size_t)rows * F, (size_t)H * sizeof(double));
		memcpy(net->w2, th + (size_t)rows * F + H, (size_t)C * H * sizeof(double));
	}
	memcpy(net->b2, th + np - C, C * sizeof(double));
	free(th);
}

/* ---- standardisation, temperature, the fit ----------------------------------------- */

static void standardise(const struct train_data *d, struct classifier *c)
{
	for (int i = 0; i < F; i++) {
		double m = 0, v = 0;

		for (size_t r = 0; r < d->n; r++)
			m += d->x[r * F + i];
		m /= (double)d->n;
		for (size_t r = 0; r < d->n; r++)
			v += (d->x[r * F + i] - m) * (d->x[r * F + i] - m);
		v /= (double)d->n;
		c->mean[i] = m;
		c->scale[i] = v > 1e-12 ? 1 / sqrt(v) : 1;
	}
}

/* Row weights summing to 1, classes weighed equally when balancing. */
static double *row_weights(const struct train_data *d, bool balance)
{
	double *w = xmalloc(d->n * sizeof(double)), count[C] = { 0 }, classes = 0;

	for (size_t r = 0; r < d->n; r++)
		count[d->y[r]]++;
	for (int j = 0; j < C; j++)
		classes += count[j] > 0;
	for (size_t r = 0; r < d->n; r++)
		w[r] = balance ? 1 / (classes * count[d->y[r]]) : 1 / (double)d->n;
	return w;
}

/* A random share of the features (all when share >= 1). */
static void pick_features(bool *use, double share, uint64_t seed)
{
	int order[F], keep = share >= 1 || share <= 0 ? F : (int)lrint(share * F);
	struct rng r;

	rng_seed(&r, seed);
	for (int i = 0; i < F; i++)
		order[i] = i;
	for (int i = F - 1; i > 0; i--) {	/* Fisher-Yates */
		int j = (int)rng_below(&r, (uint64_t)i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (int i = 0; i < F; i++)
		use[order[i]] = i < keep;
}

/* Row weights w times how often each row's group is drawn in a bootstrap
 * sample of the groups (as many draws as groups), summing to 1. */
static double *bootstrap(const struct train_data *d, const double *w, uint64_t seed)
{
	int n_groups = 0, *count;
	double *out = xmalloc(d->n * sizeof(double)), sum = 0;
	struct rng r;

	for (size_t i = 0; i < d->n; i++)
		n_groups = d->group[i] + 1 > n_groups ? d->group[i] + 1 : n_groups;
	count = xcalloc((size_t)n_groups + 1, sizeof(int));
	rng_seed(&r, seed);
	for (int i = 0; i < n_groups; i++)
		count[rng_below(&r, (uint64_t)n_groups)]++;
	for (size_t i = 0; i < d->n; i++)
		sum += out[i] = w[i] * count[d->group[i]];
	for (size_t i = 0; i < d->n && sum > 0; i++)
		out[i] /= sum;
	free(count);
	return out;
}

/* Fits the networks of a classifier (temperature 1). */
static struct classifier *fit_plain(const struct train_data *d, const struct train_opts *o)
{
	struct classifier *c = classifier_new(o->nets, o->hidden);
	struct problem p = { 0 };
	double *x = xmalloc(d->n * F * sizeof(double)), *w = row_weights(d, o->balance);

	standardise(d, c);
	for (size_t r = 0; r < d->n; r++)
		for (int i = 0; i < F; i++) {
			double v = (d->x[r * F + i] - c->mean[i]) * c->scale[i];

			x[r * F + i] = fmax(-X_LIMIT, fmin(X_LIMIT, v));
		}
	p.n = d->n;
	p.x = x;
	p.y = d->y;
	p.w = w;
	p.hidden = o->hidden;
	p.l2 = o->l2;
	p.h = xmalloc(d->n * (size_t)(o->hidden ? o->hidden : 1) * sizeof(double));
	for (int k = 0; k < c->n_nets; k++) {
		double *wk = o->bag ? bootstrap(d, w, rng_mix(o->seed, 500 + (uint64_t)k)) : NULL;
		bool use[F];

		pick_features(use, o->subspace, rng_mix(o->seed, 900 + (uint64_t)k));
		p.use = use;
		p.w = wk ? wk : w;
		fit_net(&p, &c->nets[k], o->iters, rng_mix(o->seed, (uint64_t)k));
		free(wk);
	}
	free(p.h);
	free(w);
	free(x);
	return c;
}

/* Negative log-likelihood of the labels under the combined networks'
 * logits (n rows x nets x C) at temperature t. */
static double nll(const double *logits, int nets, const int *y, size_t n, double t)
{
	double sum = 0, p[C];

	for (size_t r = 0; r < n; r++) {
		classifier_combine(logits + r * (size_t)nets * C, nets, t, p);
		sum -= log(fmax(p[y[r]], 1e-300));
	}
	return sum;
}

/* The temperature that minimises the NLL (golden section on log t). */
static double fit_temperature(const double *logits, int nets, const int *y, size_t n)
{
	const double g = 0.6180339887498949;
	double a = log(0.05), b = log(20), x1 = b - g * (b - a), x2 = a + g * (b - a);
	double f1 = nll(logits, nets, y, n, exp(x1)), f2 = nll(logits, nets, y, n, exp(x2));

	for (int i = 0; i < 60; i++) {
		if (f1 <= f2) {
			b = x2;
			x2 = x1;
			f2 = f1;
			x1 = b - g * (b - a);
			f1 = nll(logits, nets, y, n, exp(x1));
		} else {
			a = x1;
			x1 = x2;
			f1 = f2;
			x2 = a + g * (b - a);
			f2 = nll(logits, nets, y, n, exp(x2));
		}
	}
	return exp(0.5 * (a + b));
}

/* Rows of d whose group's fold is (or is not) k, as a new train_data. */
static void subset(const struct train_data *d, const int *fold_of_group, int k, bool in,
		   struct train_data *out, double **x, int **y, int **grp, bool **clean)
{
	size_t n = 0;

	*x = xmalloc(d->n * F * sizeof(double));
	*y = xmalloc(d->n * sizeof(int));
	*grp = xmalloc(d->n * sizeof(int));
	*clean = xmalloc(d->n * sizeof(bool));
	for (size_t r = 0; r < d->n; r++) {
		if ((fold_of_group[d->group[r]] == k) != in)
			continue;
		memcpy(*x + n * F, d->x + r * F, F * sizeof(double));
		(*y)[n] = d->y[r];
		(*grp)[n] = d->group[r];
		(*clean)[n] = d->clean ? d->clean[r] : true;
		n++;
	}
	out->n = n;
	out->x = *x;
	out->y = *y;
	out->group = *grp;
	out->clean = *clean;
}

/* Groups' majority classes and sizes, for fold assignment. */
static int group_table(const struct train_data *d, int **cls, int **rows)
{
	int n_groups = 0;

	for (size_t r = 0; r < d->n; r++)
		if (d->group[r] + 1 > n_groups)
			n_groups = d->group[r] + 1;
	*cls = xcalloc((size_t)n_groups, sizeof(int));
	*rows = xcalloc((size_t)n_groups, sizeof(int));
	for (size_t r = 0; r < d->n; r++) {
		(*cls)[d->group[r]] = d->y[r];
		(*rows)[d->group[r]]++;
	}
	return n_groups;
}

/* Held-out logits of d's clean rows from calib_folds inner fits. */
static size_t heldout_logits(const struct train_data *d, const struct train_opts *o,
			     double *logits, int *y)
{
	int *gcls, *grows, n_groups = group_table(d, &gcls, &grows), *fold = NULL;
	struct train_opts inner = *o;
	size_t n = 0;

	fold = xmalloc((size_t)n_groups * sizeof(int));
	train_assign_folds(n_groups, gcls, grows, o->calib_folds, rng_mix(o->seed, 77), fold);
	inner.calib_folds = 0;
	for (int k = 0; k < o->calib_folds; k++) {
		struct train_data tr, te;
		double *x1, *x2;
		int *y1, *y2, *g1, *g2;
		bool *c1, *c2;
		struct classifier *c;

		subset(d, fold, k, false, &tr, &x1, &y1, &g1, &c1);
		subset(d, fold, k, true, &te, &x2, &y2, &g2, &c2);
		inner.seed = rng_mix(o->seed, 100 + (uint64_t)k);
		c = tr.n ? fit_plain(&tr, &inner) : NULL;
		for (size_t r = 0; c && r < te.n; r++)
			if (te.clean[r]) {
				classifier_logits(c, te.x + r * F, logits + n * (size_t)c->n_nets * C);
				y[n++] = te.y[r];
			}
		classifier_free(c);
		free(x1);
		free(y1);
		free(g1);
		free(c1);
		free(x2);
		free(y2);
		free(g2);
		free(c2);
	}
	free(fold);
	free(gcls);
	free(grows);
	return n;
}

struct classifier *train_fit(const struct train_data *d, const struct train_opts *o)
{
	struct classifier *c = fit_plain(d, o);

	if (o->calib_folds >= 2) {
		double *logits = xmalloc(d->n * (size_t)c->n_nets * C * sizeof(double));
		int *y = xmalloc(d->n * sizeof(int));
		size_t n = heldout_logits(d, o, logits, y);

		if (n)
			c->temperature = fit_temperature(logits, c->n_nets, y, n);
		free(logits);
		free(y);
	}
	return c;
}

/* ---- folds ------------------------------------------------------------------------ */

struct group_key {
	int group, cls, rows;
	uint64_t key;
};

static int cmp_group(const void *a, const void *b)
{
	const struct group_key *x = a, *y = b;

	if (x->cls != y->cls)
		return x->cls - y->cls;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->group - y->group;
}

void train_assign_folds(int n_groups, const int *group_class, const int *group_rows,
			int k, uint64_t seed, int *fold_of)
{
	struct group_key *g = xmalloc((size_t)(n_groups ? n_groups : 1) * sizeof(*g));
	int *load = xcalloc((size_t)k * C, sizeof(int));

	for (int i = 0; i < n_groups; i++) {
		g[i].group = i;
		g[i].cls = group_class[i];
		g[i].rows = group_rows[i];
		g[i].key = rng_mix(seed, (uint64_t)i);
	}
	qsort(g, (size_t)n_groups, sizeof(*g), cmp_group);
	/* within each class, in random order, each group to the fold that
	 * has the fewest rows of that class so far */
	for (int i = 0; i < n_groups; i++) {
		int best = 0, c = g[i].cls;

		for (int f = 1; f < k; f++)
			if (load[f * C + c] < load[best * C + c])
				best = f;
		fold_of[g[i].group] = best;
		load[best * C + c] += g[i].rows;
	}
	free(load);
	free(g);
}

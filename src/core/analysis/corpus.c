/* corpus.c: labels.csv, grouping by recording, and feature extraction of a
 * labelled corpus on worker threads. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/corpus.h"
#include "analysis/rng.h"
#include "strbuf.h"
#include "xalloc.h"

#define MAX_FIELDS 16
#define MAX_THREADS 64

/* ---- CSV ---------------------------------------------------------------------- */

/* Splits one CSV line in place (RFC 4180 quotes); returns the field count. */
static int csv_split(char *line, char **field, int max)
{
	int n = 0;
	char *p = line, *w;

	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		field[n++] = w = p;
		if (*p == '"') {
			field[n - 1] = w = ++p;
			while (*p) {
				if (*p == '"' && p[1] != '"') {
					p++;	/* closing quote */
					break;
				}
				if (*p == '"')
					p++;	/* "" is one quote */
				*w++ = *p++;
			}
		} else {
			while (*p && *p != ',')
				*w++ = *p++;
		}
		if (*p != ',') {
			*w = '\0';
			break;
		}
		p++;
		*w = '\0';
	}
	return n;
}

/* Column index of name in a header row; -1 when absent. */
static int column(char **field, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(field[i], name))
			return i;
	return -1;
}

/* ---- grouping ------------------------------------------------------------------- */

static int find(int *parent, int i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

static void unite(int *parent, int a, int b)
{
	a = find(parent, a);
	b = find(parent, b);
	if (a != b)
		parent[a > b ? a : b] = a < b ? a : b;
}

static int item_by_file(const struct corpus *c, const char *file)
{
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->items[i].file, file))
			return (int)i;
	return -1;
}

/* prod.csv: a production variant joins its dry line's group. */
static void join_variants(const struct corpus *c, int *parent)
{
	char *path = xasprintf("%s/prod.csv", c->dir), *line = NULL, *f[MAX_FIELDS];
	FILE *fp = fopen(path, "r");
	size_t cap = 0;
	int cf = -1, cb = -1, n;

	free(path);
	if (!fp)
		return;
	if (getline(&line, &cap, fp) > 0) {
		n = csv_split(line, f, MAX_FIELDS);
		cf = column(f, n, "file");
		cb = column(f, n, "base_file");
	}
	while (cf >= 0 && cb >= 0 && getline(&line, &cap, fp) > 0) {
		int a, b;

		n = csv_split(line, f, MAX_FIELDS);
		if (n <= cf || n <= cb)
			continue;
		a = item_by_file(c, f[cf]);
		b = item_by_file(c, f[cb]);
		if (a >= 0 && b >= 0)
			unite(parent, a, b);
	}
	free(line);
	fclose(fp);
}

static void make_groups(struct corpus *c)
{
	int *parent = xmalloc((c->n ? c->n : 1) * sizeof(int)), *id;

	for (size_t i = 0; i < c->n; i++)
		parent[i] = (int)i;
	for (size_t i = 0; i < c->n; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(c->items[i].source_file, c->items[j].source_file)) {
				unite(parent, (int)i, (int)j);
				break;
			}
	join_variants(c, parent);
	id = xmalloc((c->n ? c->n : 1) * sizeof(int));
	c->n_groups = 0;
	for (size_t i = 0; i < c->n; i++)
		id[i] = -1;
	for (size_t i = 0; i < c->n; i++) {
		int root = find(parent, (int)i);

		if (id[root] < 0)
			id[root] = c->n_groups++;
		c->items[i].group = id[root];
	}
	free(id);
	free(parent);
}

/* ---- labels.csv ------------------------------------------------------------------ */

struct cols {
	int file, cls, package, source, duration, bandwidth;
};

static enum err add_row(struct corpus *c, char **f, int n, const struct cols *k, int line,
			size_t *alloc, struct errbuf *eb)
{
	struct corpus_item *it;
	enum clip_class cls;

	if (n <= k->file || n <= k->cls || !*f[k->file])
		return err_set(eb, ERR_INVALID, "labels.csv:%d: too few fields", line);
	cls = clip_class_parse(f[k->cls]);
	if (cls == CLIP_CLASS_COUNT)
		return err_set(eb, ERR_INVALID, "labels.csv:%d: unknown class '%s'", line, f[k->cls]);
	XGROW(c->items, c->n + 1, *alloc);
	it = &c->items[c->n++];
	memset(it, 0, sizeof(*it));
	it->file = xstrdup(f[k->file]);
	it->path = xasprintf("%s/%s", c->dir, it->file);
	it->cls = cls;
	it->package = xstrdup(k->package >= 0 && n > k->package ? f[k->package] : "");
	it->source_file = xstrdup(k->source >= 0 && n > k->source && *f[k->source]
				  ? f[k->source] : it->file);
	it->duration = k->duration >= 0 && n > k->duration ? atof(f[k->duration]) : 0;
	it->bandwidth_hz = k->bandwidth >= 0 && n > k->bandwidth ? atoi(f[k->bandwidth]) : 0;
	return ERR_OK;
}

static enum err read_labels(struct corpus *c, FILE *fp, struct errbuf *eb)
{
	char *line = NULL, *f[MAX_FIELDS];
	size_t cap = 0, alloc = 0;
	struct cols k;
	int n, no = 1;
	enum err e = ERR_OK;

	if (getline(&line, &cap, fp) <= 0) {
		free(line);
		return err_set(eb, ERR_INVALID, "labels.csv: empty");
	}
	n = csv_split(line, f, MAX_FIELDS);
	k.file = column(f, n, "file");
	k.cls = column(f, n, "class");
	k.package = column(f, n, "source_package");
	k.source = column(f, n, "source_file");
	k.duration = column(f, n, "duration_s");
	k.bandwidth = column(f, n, "bandwidth_hz");
	if (k.file < 0 || k.cls < 0)
		e = err_set(eb, ERR_INVALID, "labels.csv: no 'file' and 'class' columns");
	while (e == ERR_OK && getline(&line, &cap, fp) > 0) {
		no++;
		if (line[strspn(line, " \t\r\n")] == '\0')
			continue;
		n = csv_split(line, f, MAX_FIELDS);
		e = add_row(c, f, n, &k, no, &alloc, eb);
	}
	free(line);
	return e;
}

enum err corpus_load(const char *dir, struct corpus **out, struct errbuf *eb)
{
	struct corpus *c = xcalloc(1, sizeof(*c));
	char *path = xasprintf("%s/labels.csv", dir);
	FILE *fp = fopen(path, "r");
	enum err e;

	*out = NULL;
	c->dir = xstrdup(dir);
	if (!fp) {
		e = err_set(eb, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO, "cannot open '%s': %s",
			    path, strerror(errno));
		free(path);
		corpus_free(c);
		return e;
	}
	free(path);
	e = read_labels(c, fp, eb);
	fclose(fp);
	if (e != ERR_OK) {
		corpus_free(c);
		return e;
	}
	make_groups(c);
	*out = c;
	return ERR_OK;
}

void corpus_group_by_package(struct corpus *c)
{
	c->n_groups = 0;
	for (size_t i = 0; i < c->n; i++) {
		size_t j = 0;

		while (j < i && strcmp(c->items[j].package, c->items[i].package))
			j++;
		c->items[i].group = j < i ? c->items[j].group : c->n_groups++;
	}
}

void corpus_free(struct corpus *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->items[i].file);
		free(c->items[i].path);
		free(c->items[i].package);
		free(c->items[i].source_file);
	}
	free(c->items);
	free(c->dir);
	free(c);
}

/* ---- feature extraction ------------------------------------------------------------- */

struct job {
	const struct corpus *c;
	int variants;
	uint64_t seed;
	double *v;
	bool *ok;
	corpus_progress_fn progress;
	void *user;
	pthread_mutex_t lock;
	size_t next, done, failed;
};

/* One augmented variant: an excerpt of longer files, then augment_draw(). */
static bool variant(struct features *fx, const struct corpus_item *it, uint64_t seed,
		    const struct clip_features *clean, double *out)
{
	struct rng r;
	struct augment a;
	struct decode *d;
	struct clip_features cf;
	struct errbuf eb;
	double start = 0, len = -1;

	rng_seed(&r, seed);
	if (clean->duration > 4 && rng_uniform(&r) < 0.7) {
		len = rng_range(&r, 2, clean->duration);
		start = rng_range(&r, 0, clean->duration - len);
	}
	augment_draw(&a, &r, clean->level_db);
	errbuf_init(&eb);
	if (decode_open_file(it->path, (int64_t)(start * clean->sample_rate),
			     len < 0 ? -1 : (int64_t)(len * clean->sample_rate), 0, &d, &eb))
		return false;
	if (features_extract(fx, d, &a, &cf, &eb) != ERR_OK) {
		decode_free(d);
		return false;
	}
	decode_free(d);
	memcpy(out, cf.v, sizeof(cf.v));
	return true;
}

static bool extract_item(struct job *j, struct features *fx, size_t i)
{
	const struct corpus_item *it = &j->c->items[i];
	double *out = j->v + i * (size_t)j->variants * FEATURE_COUNT;
	struct clip_features clean;
	struct decode *d;
	struct errbuf eb;
	bool ok;

	errbuf_init(&eb);
	if (decode_open_file(it->path, 0, -1, 0, &d, &eb) != ERR_OK)
		return false;
	ok = features_extract(fx, d, NULL, &clean, &eb) == ERR_OK;
	decode_free(d);
	if (!ok)
		return false;
	memcpy(out, clean.v, sizeof(clean.v));
	for (int k = 1; k < j->variants; k++)
		if (!variant(fx, it, rng_mix(j->seed, i * 64 + (size_t)k), &clean,
			     out + (size_t)k * FEATURE_COUNT))
			memcpy(out + (size_t)k * FEATURE_COUNT, clean.v, sizeof(clean.v));
	return true;
}

static void *worker(void *arg)
{
	struct job *j = arg;
	struct features *fx = features_new();

	for (;;) {
		size_t i;
		bool ok;

		pthread_mutex_lock(&j->lock);
		i = j->next++;
		pthread_mutex_unlock(&j->lock);
		if (i >= j->c->n)
			break;
		ok = extract_item(j, fx, i);
		if (!ok)
			memset(j->v + i * (size_t)j->variants * FEATURE_COUNT, 0,
			       (size_t)j->variants * FEATURE_COUNT * sizeof(double));
		pthread_mutex_lock(&j->lock);
		j->ok[i] = ok;
		j->failed += !ok;
		j->done++;
		if (j->progress)
			j->progress(j->done, j->c->n, j->user);
		pthread_mutex_unlock(&j->lock);
	}
	features_free(fx);
	return NULL;
}

size_t corpus_extract(const struct corpus *c, int variants, uint64_t seed, int threads,
		      double *v, bool *ok, corpus_progress_fn progress, void *user)
{
	struct job j = { c, variants < 1 ? 1 : variants, seed, v, ok, progress, user,
			 PTHREAD_MUTEX_INITIALIZER, 0, 0, 0 };
	pthread_t tid[MAX_THREADS];
	int started = 0;

	if (threads < 1)
		threads = 1;
	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	for (int t = 1; t < threads; t++)
		if (pthread_create(&tid[started], NULL, worker, &j) == 0)
			started++;
	worker(&j);
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	pthread_mutex_destroy(&j.lock);
	return j.failed;
}

enum err corpus_read_map(const struct corpus *c, const char *path, const char *key_col,
			 const char *file_col, corpus_map_fn fn, void *user, struct errbuf *eb)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, *f[MAX_FIELDS];
	size_t cap = 0;
	int ck = -1, cf = -1, n;

	if (!fp)
		return err_set(eb, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO, "cannot open '%s': %s",
			       path, strerror(errno));
	if (getline(&line, &cap, fp) > 0) {
		n = csv_split(line, f, MAX_FIELDS);
		ck = column(f, n, key_col);
		cf = column(f, n, file_col);
	}
	while (ck >= 0 && cf >= 0 && getline(&line, &cap, fp) > 0) {
		n = csv_split(line, f, MAX_FIELDS);
		if (n > ck && n > cf)
			fn(f[ck], item_by_file(c, f[cf]), user);
	}
	free(line);
	fclose(fp);
	if (ck < 0 || cf < 0)
		return err_set(eb, ERR_INVALID, "'%s': no columns '%s' and '%s'", path, key_col,
			       file_col);
	return ERR_OK;
}

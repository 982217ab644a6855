/* classifier.c: the model: prediction, text form, loading. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/classifier.h"
#include "xalloc.h"

#define FORMAT_VERSION 1
#define MAX_NETS CLASSIFIER_MAX_NETS
#define MAX_HIDDEN 256
#define MAX_MODEL_BYTES (16 << 20)

static const char *const class_names[CLIP_CLASS_COUNT] = { "dialogue", "music", "sfx" };

const char *clip_class_name(enum clip_class c)
{
	return (unsigned)c < CLIP_CLASS_COUNT ? class_names[c] : "";
}

enum clip_class clip_class_parse(const char *name)
{
	for (int c = 0; c < CLIP_CLASS_COUNT; c++)
		if (!strcmp(name, class_names[c]))
			return (enum clip_class)c;
	return CLIP_CLASS_COUNT;
}

size_t classifier_net_params(int hidden)
{
	return (size_t)(hidden ? hidden : CLIP_CLASS_COUNT) * FEATURE_COUNT;
}

struct classifier *classifier_new(int n_nets, int hidden)
{
	struct classifier *c = xcalloc(1, sizeof(*c));

	n_nets = n_nets < 1 ? 1 : n_nets > MAX_NETS ? MAX_NETS : n_nets;
	for (int i = 0; i < FEATURE_COUNT; i++)
		c->scale[i] = 1;
	c->temperature = 1;
	c->n_nets = n_nets;
	c->nets = xcalloc((size_t)n_nets, sizeof(*c->nets));
	for (int k = 0; k < n_nets; k++) {
		struct classifier_net *n = &c->nets[k];

		n->hidden = hidden;
		n->w1 = xcalloc(classifier_net_params(hidden), sizeof(double));
		if (hidden) {
			n->b1 = xcalloc((size_t)hidden, sizeof(double));
			n->w2 = xcalloc((size_t)CLIP_CLASS_COUNT * (size_t)hidden, sizeof(double));
		}
	}
	return c;
}

void classifier_free(struct classifier *c)
{
	if (!c)
		return;
	for (int k = 0; k < c->n_nets && c->nets; k++) {
		free(c->nets[k].w1);
		free(c->nets[k].b1);
		free(c->nets[k].w2);
	}
	free(c->nets);
	free(c);
}

static void net_logits(const struct classifier_net *n, const double *x, double *out)
{
	double h[MAX_HIDDEN];

	if (!n->hidden) {
		for (int j = 0; j < CLIP_CLASS_COUNT; j++) {
			const double *w = n->w1 + (size_t)j * FEATURE_COUNT;
			double a = n->b2[j];

			for (int i = 0; i < FEATURE_COUNT; i++)
				a += w[i] * x[i];
			out[j] = a;
		}
		return;
	}
	for (int u = 0; u < n->hidden; u++) {
		const double *w = n->w1 + (size_t)u * FEATURE_COUNT;
		double a = n->b1[u];

		for (int i = 0; i < FEATURE_COUNT; i++)
			a += w[i] * x[i];
		h[u] = tanh(a);
	}
	for (int j = 0; j < CLIP_CLASS_COUNT; j++) {
		double a = n->b2[j];

		for (int u = 0; u < n->hidden; u++)
			a += n->w2[j * n->hidden + u] * h[u];
		out[j] = a;
	}
}

void classifier_logits(const struct classifier *c, const double *v, double *out)
{
	double x[FEATURE_COUNT];

	for (int i = 0; i < FEATURE_COUNT; i++) {
		x[i] = (v[i] - c->mean[i]) * c->scale[i];
		/* far outside anything seen in training: do not extrapolate */
		x[i] = fmax(-8, fmin(8, isfinite(x[i]) ? x[i] : 0));
	}
	for (int k = 0; k < c->n_nets; k++)
		net_logits(&c->nets[k], x, out + (size_t)k * CLIP_CLASS_COUNT);
}

void classifier_softmax(const double logits[CLIP_CLASS_COUNT], double temperature,
			double p[CLIP_CLASS_COUNT])
{
	double m = -INFINITY, sum = 0;

	for (int j = 0; j < CLIP_CLASS_COUNT; j++)
		m = fmax(m, logits[j] / temperature);
	for (int j = 0; j < CLIP_CLASS_COUNT; j++) {
		p[j] = exp(logits[j] / temperature - m);
		sum += p[j];
	}
	for (int j = 0; j < CLIP_CLASS_COUNT; j++)
		p[j] /= sum;
}

void classifier_combine(const double *logits, int n, double temperature,
			double p[CLIP_CLASS_COUNT])
{
	double one[CLIP_CLASS_COUNT];

	for (int j = 0; j < CLIP_CLASS_COUNT; j++)
		p[j] = 0;
	for (int k = 0; k < n; k++) {
		classifier_softmax(logits + (size_t)k * CLIP_CLASS_COUNT, temperature, one);
		for (int j = 0; j < CLIP_CLASS_COUNT; j++)
			p[j] += one[j] / n;
	}
}

void classifier_predict(const struct classifier *c, const double *v,
			double p[CLIP_CLASS_COUNT])
{
	double logits[MAX_NETS * CLIP_CLASS_COUNT];

	classifier_logits(c, v, logits);
	classifier_combine(logits, c->n_nets, c->temperature, p);
}

/* ---- text form ---------------------------------------------------------------- */

static void add_values(struct strbuf *sb, const double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, " %.9g", v[i] == 0 ? 0.0 : v[i]);
}

void classifier_write(const struct classifier *c, struct strbuf *sb)
{
	strbuf_addf(sb, "turnover-classifier %d\n", FORMAT_VERSION);
	strbuf_addstr(sb, "classes");
	for (int j = 0; j < CLIP_CLASS_COUNT; j++)
		strbuf_addf(sb, " %s", class_names[j]);
	strbuf_addf(sb, "\ntemperature %.9g\nfeatures %d\n", c->temperature, FEATURE_COUNT);
	for (int i = 0; i < FEATURE_COUNT; i++)
		strbuf_addf(sb, "feature %s %.9g %.9g\n", feature_name(i), c->mean[i], c->scale[i]);
	strbuf_addf(sb, "nets %d\n", c->n_nets);
	for (int k = 0; k < c->n_nets; k++) {
		const struct classifier_net *n = &c->nets[k];
		int rows = n->hidden ? n->hidden : CLIP_CLASS_COUNT;

		strbuf_addf(sb, "net %d hidden %d\nout", k + 1, n->hidden);
		add_values(sb, n->b2, CLIP_CLASS_COUNT);
		strbuf_addch(sb, '\n');
		for (int u = 0; u < rows; u++) {
			strbuf_addf(sb, "unit %d", u + 1);
			if (n->hidden) {
				add_values(sb, &n->b1[u], 1);
				for (int j = 0; j < CLIP_CLASS_COUNT; j++)
					add_values(sb, &n->w2[j * n->hidden + u], 1);
			}
			add_values(sb, n->w1 + (size_t)u * FEATURE_COUNT, FEATURE_COUNT);
			strbuf_addch(sb, '\n');
		}
	}
	strbuf_addstr(sb, "end\n");
}

enum err classifier_save(const struct classifier *c, const char *path, struct errbuf *eb)
{
	struct strbuf sb = STRBUF_INIT;
	char *tmp = xasprintf("%s.tmp%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "wb");
	int ok;

	if (!f) {
		err_set(eb, ERR_IO, "cannot write '%s': %s", tmp, strerror(errno));
		free(tmp);
		return ERR_IO;
	}
	classifier_write(c, &sb);
	ok = fwrite(sb.buf, 1, sb.len, f) == sb.len;
	ok = (fclose(f) == 0) && ok;
	strbuf_release(&sb);
	if (!ok || rename(tmp, path) != 0) {
		err_set(eb, ERR_IO, "cannot write '%s': %s", path, strerror(errno));
		remove(tmp);
		free(tmp);
		return ERR_IO;
	}
	free(tmp);
	return ERR_OK;
}

struct reader {
	const char *p, *end;
	int line;
	char word[128];
	struct errbuf *eb;
	bool failed;
};

static bool fail(struct reader *r, const char *what)
{
	if (!r->failed)
		err_set(r->eb, ERR_MODEL, "line %d: %s", r->line, what);
	r->failed = true;
	return false;
}

/* The next whitespace-separated word into r->word. */
static bool word(struct reader *r)
{
	size_t n = 0;

	if (r->failed)
		return false;
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r'))
		r->line += *r->p++ == '\n';
	while (r->p < r->end && !(*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')) {
		if (n + 1 >= sizeof(r->word))
			return fail(r, "word too long");
		r->word[n++] = *r->p++;
	}
	r->word[n] = '\0';
	return n > 0 || fail(r, "unexpected end of file");
}

static bool expect(struct reader *r, const char *w)
{
	char msg[200];

	if (!word(r))
		return false;
	if (strcmp(r->word, w) == 0)
		return true;
	snprintf(msg, sizeof(msg), "expected '%s', found '%.60s'", w, r->word);
	return fail(r, msg);
}

static bool number(struct reader *r, double *out)
{
	char *e;

	if (!word(r))
		return false;
	errno = 0;
	*out = strtod(r->word, &e);
	if (*e || e == r->word || !isfinite(*out))
		return fail(r, "bad number");
	return true;
}

static bool integer(struct reader *r, int lo, int hi, int *out)
{
	double d;

	if (!number(r, &d))
		return false;
	if (d != floor(d) || d < lo || d > hi)
		return fail(r, "integer out of range");
	*out = (int)d;
	return true;
}

static bool numbers(struct reader *r, double *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!number(r, &v[i]))
			return false;
	return true;
}

static bool header(struct reader *r, struct classifier *c)
{
	int version, n;

	if (!expect(r, "turnover-classifier") || !integer(r, 0, 1000, &version))
		return false;
	if (version != FORMAT_VERSION)
		return fail(r, "unsupported format version");
	if (!expect(r, "classes"))
		return false;
	for (int j = 0; j < CLIP_CLASS_COUNT; j++)
		if (!expect(r, class_names[j]))
			return false;
	if (!expect(r, "temperature") || !number(r, &c->temperature))
		return false;
	if (!(c->temperature > 0.01 && c->temperature < 100))
		return fail(r, "temperature out of range");
	if (!expect(r, "features") || !integer(r, 0, 100000, &n))
		return false;
	if (n != FEATURE_COUNT)
		return fail(r, "the model was made for another feature set");
	for (int i = 0; i < FEATURE_COUNT; i++) {
		if (!expect(r, "feature") || !word(r))
			return false;
		if (strcmp(r->word, feature_name(i)))
			return fail(r, "the model was made for another feature set");
		if (!number(r, &c->mean[i]) || !number(r, &c->scale[i]))
			return false;
	}
	return true;
}

static bool net(struct reader *r, struct classifier_net *n, int k)
{
	int idx, rows;

	if (!expect(r, "net") || !integer(r, k + 1, k + 1, &idx) || !expect(r, "hidden") ||
	    !integer(r, 0, MAX_HIDDEN, &n->hidden))
		return false;
	rows = n->hidden ? n->hidden : CLIP_CLASS_COUNT;
	n->w1 = xcalloc(classifier_net_params(n->hidden), sizeof(double));
	if (n->hidden) {
		n->b1 = xcalloc((size_t)n->hidden, sizeof(double));
		n->w2 = xcalloc((size_t)CLIP_CLASS_COUNT * (size_t)n->hidden, sizeof(double));
	}
	if (!expect(r, "out") || !numbers(r, n->b2, CLIP_CLASS_COUNT))
		return false;
	for (int u = 0; u < rows; u++) {
		if (!expect(r, "unit") || !integer(r, u + 1, u + 1, &idx))
			return false;
		if (n->hidden) {
			if (!number(r, &n->b1[u]))
				return false;
			for (int j = 0; j < CLIP_CLASS_COUNT; j++)
				if (!number(r, &n->w2[j * n->hidden + u]))
					return false;
		}
		if (!numbers(r, n->w1 + (size_t)u * FEATURE_COUNT, FEATURE_COUNT))
			return false;
	}
	return true;
}

struct classifier *classifier_parse(const char *text, size_t len, struct errbuf *eb)
{
	struct reader r = { text, text + len, 1, "", eb, false };
	struct classifier *c = xcalloc(1, sizeof(*c));
	int n;

	if (!header(&r, c) || !expect(&r, "nets") || !integer(&r, 1, MAX_NETS, &n))
		goto fail;
	c->nets = xcalloc((size_t)n, sizeof(*c->nets));
	c->n_nets = n;
	for (int k = 0; k < n; k++)
		if (!net(&r, &c->nets[k], k))
			goto fail;
	if (!expect(&r, "end"))
		goto fail;
	return c;
fail:
	classifier_free(c);
	return NULL;
}

struct classifier *classifier_load(const char *path, struct errbuf *eb)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	struct classifier *c;
	char buf[65536];
	size_t n;
	struct errbuf local;

	if (!f) {
		err_set(eb, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO, "cannot open '%s': %s",
			path, strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && sb.len < MAX_MODEL_BYTES)
		strbuf_add(&sb, buf, n);
	fclose(f);
	errbuf_init(&local);
	c = classifier_parse(strbuf_str(&sb), sb.len, &local);
	strbuf_release(&sb);
	if (!c)
		err_set(eb, ERR_MODEL, "'%s': %s", path, errbuf_msg(&local));
	return c;
}

struct classifier *classifier_load_default(struct errbuf *eb)
{
	const char *env = getenv("TURNOVER_MODEL");
	const char *dirs[] = { TURNOVER_PKGDATADIR, TURNOVER_SRCDIR "/models" };
	struct strbuf tried = STRBUF_INIT;
	struct classifier *c;
	struct errbuf local;

	if (env && *env)
		return classifier_load(env, eb);
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char *path = xasprintf("%s/classifier.model", dirs[i]);

		errbuf_init(&local);
		c = classifier_load(path, &local);
		if (c || local.code != ERR_NOT_FOUND) {
			if (!c)
				err_set(eb, local.code, "%s", errbuf_msg(&local));
			free(path);
			strbuf_release(&tried);
			return c;
		}
		strbuf_addf(&tried, "%s'%s'", i ? ", " : "", path);
		free(path);
	}
	err_set(eb, ERR_NOT_FOUND, "no classifier model (tried %s; set TURNOVER_MODEL)",
		strbuf_str(&tried));
	strbuf_release(&tried);
	return NULL;
}

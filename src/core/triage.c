/* triage.c: per-clip decisions, undo/redo, the JSON state file. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "savefile.h"
#include "strbuf.h"
#include "triage.h"
#include "xalloc.h"

/* Most bytes of a state file read (a session of 100 000 clips fits). */
#define MAX_STATE_BYTES (64u << 20)

struct entry {
	char *key;
	struct triage_decision d;
};

struct step {
	char *key;
	struct triage_decision before, after;
};

struct fix {
	char *key;
	enum triage_fix d;
};

struct triage {
	struct entry *e;	/* sorted by key; only clips with a decision */
	size_t n, alloc;
	struct fix *f;		/* sorted by key; only decided fixes */
	size_t n_fixes, alloc_fixes;
	struct step *steps;	/* [0, done) can be undone, [done, n_steps) redone */
	size_t done, n_steps, alloc_steps;
	unsigned unsaved;
};

static const struct triage_decision none = { CLIP_CLASS_COUNT, false, false };

struct triage *triage_new(void)
{
	return xcalloc(1, sizeof(struct triage));
}

static void drop_steps(struct triage *t, size_t from)
{
	for (size_t i = from; i < t->n_steps; i++)
		free(t->steps[i].key);
	t->n_steps = from;
	if (t->done > from)
		t->done = from;
}

static void drop_entries(struct triage *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->e[i].key);
	t->n = 0;
	for (size_t i = 0; i < t->n_fixes; i++)
		free(t->f[i].key);
	t->n_fixes = 0;
}

void triage_free(struct triage *t)
{
	if (!t)
		return;
	drop_entries(t);
	drop_steps(t, 0);
	free(t->e);
	free(t->f);
	free(t->steps);
	free(t);
}

/* The index of key, or where it would go (*found false). */
static size_t find(const struct triage *t, const char *key, bool *found)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->e[mid].key, key);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

struct triage_decision triage_get(const struct triage *t, const char *key)
{
	bool found;
	size_t i = find(t, key, &found);

	return found ? t->e[i].d : none;
}

static bool is_none(struct triage_decision d)
{
	return d.cls == CLIP_CLASS_COUNT && !d.marked;
}

static bool same(struct triage_decision a, struct triage_decision b)
{
	return a.cls == b.cls && a.marked == b.marked &&
	       (a.cls == CLIP_CLASS_COUNT || a.accepted == b.accepted);
}

/* Stores d for key, dropping the entry when d decides nothing. */
static void put(struct triage *t, const char *key, struct triage_decision d)
{
	bool found;
	size_t i = find(t, key, &found);

	if (d.cls == CLIP_CLASS_COUNT)
		d.accepted = false;
	if (found && is_none(d)) {
		free(t->e[i].key);
		memmove(&t->e[i], &t->e[i + 1], (t->n - i - 1) * sizeof(*t->e));
		t->n--;
	} else if (found) {
		t->e[i].d = d;
	} else if (!is_none(d)) {
		XGROW(t->e, t->n + 1, t->alloc);
		memmove(&t->e[i + 1], &t->e[i], (t->n - i) * sizeof(*t->e));
		t->e[i] = (struct entry){ xstrdup(key), d };
		t->n++;
	}
	t->unsaved++;
}

static void record(struct triage *t, const char *key, struct triage_decision before,
		   struct triage_decision after)
{
	drop_steps(t, t->done);
	if (t->n_steps == TRIAGE_UNDO_MAX) {
		free(t->steps[0].key);
		memmove(&t->steps[0], &t->steps[1], (t->n_steps - 1) * sizeof(*t->steps));
		t->n_steps--;
		t->done--;
	}
	XGROW(t->steps, t->n_steps + 1, t->alloc_steps);
	t->steps[t->n_steps++] = (struct step){ xstrdup(key), before, after };
	t->done = t->n_steps;
}

static bool change(struct triage *t, const char *key, struct triage_decision after)
{
	struct triage_decision before = triage_get(t, key);

	if (after.cls == CLIP_CLASS_COUNT)
		after.accepted = false;
	if (same(before, after))
		return false;
	record(t, key, before, after);
	put(t, key, after);
	return true;
}

bool triage_set_class(struct triage *t, const char *key, enum clip_class cls, bool accepted)
{
	struct triage_decision d = triage_get(t, key);

	if ((unsigned)cls > CLIP_CLASS_COUNT)
		return false;
	d.cls = cls;
	d.accepted = accepted;
	return change(t, key, d);
}

bool triage_set_mark(struct triage *t, const char *key, bool marked)
{
	struct triage_decision d = triage_get(t, key);

	d.marked = marked;
	return change(t, key, d);
}

const char *triage_undo(struct triage *t)
{
	struct step *s;

	if (t->done == 0)
		return NULL;
	s = &t->steps[--t->done];
	put(t, s->key, s->before);
	return s->key;
}

const char *triage_redo(struct triage *t)
{
	struct step *s;

	if (t->done == t->n_steps)
		return NULL;
	s = &t->steps[t->done++];
	put(t, s->key, s->after);
	return s->key;
}

/* ---- fixes --------------------------------------------------------------- */

static const char *const fix_names[TRIAGE_FIX_COUNT] = { "", "accepted", "rejected" };

const char *triage_fix_name(enum triage_fix d)
{
	return (unsigned)d < TRIAGE_FIX_COUNT ? fix_names[d] : "";
}

/* The index of fix key, or where it would go (*found false). */
static size_t find_fix(const struct triage *t, const char *key, bool *found)
{
	size_t lo = 0, hi = t->n_fixes;

	*found = false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->f[mid].key, key);

		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

enum triage_fix triage_get_fix(const struct triage *t, const char *fix_key)
{
	bool found;
	size_t i = find_fix(t, fix_key, &found);

	return found ? t->f[i].d : TRIAGE_FIX_NONE;
}

bool triage_set_fix(struct triage *t, const char *fix_key, enum triage_fix d)
{
	bool found;
	size_t i = find_fix(t, fix_key, &found);

	if ((unsigned)d >= TRIAGE_FIX_COUNT || !fix_key || !*fix_key ||
	    (found ? t->f[i].d == d : d == TRIAGE_FIX_NONE))
		return false;
	if (found && d == TRIAGE_FIX_NONE) {
		free(t->f[i].key);
		memmove(&t->f[i], &t->f[i + 1], (t->n_fixes - i - 1) * sizeof(*t->f));
		t->n_fixes--;
	} else if (found) {
		t->f[i].d = d;
	} else {
		XGROW(t->f, t->n_fixes + 1, t->alloc_fixes);
		memmove(&t->f[i + 1], &t->f[i], (t->n_fixes - i) * sizeof(*t->f));
		t->f[i] = (struct fix){ xstrdup(fix_key), d };
		t->n_fixes++;
	}
	t->unsaved++;
	return true;
}

size_t triage_count_fixes(const struct triage *t, enum triage_fix d)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n_fixes; i++)
		n += t->f[i].d == d;
	return n;
}

size_t triage_count_decided(const struct triage *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++)
		n += t->e[i].d.cls != CLIP_CLASS_COUNT;
	return n;
}

size_t triage_count_marked(const struct triage *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n; i++)
		n += t->e[i].d.marked;
	return n;
}

unsigned triage_unsaved(const struct triage *t)
{
	return t->unsaved;
}

/* ---- the state file ------------------------------------------------------ */

static void write_entry(struct json_writer *w, const struct entry *e)
{
	json_begin_object(w);
	json_key(w, "clip");
	json_string(w, e->key);
	if (e->d.cls != CLIP_CLASS_COUNT) {
		json_key(w, "class");
		json_string(w, clip_class_name(e->d.cls));
		json_key(w, "by");
		json_string(w, "human");
		json_key(w, "accepted");
		json_bool(w, e->d.accepted);
	}
	json_key(w, "marked");
	json_bool(w, e->d.marked);
	json_end_object(w);
}

/* "fixes": only written when there is one, so that a file without them
 * is what earlier versions wrote. */
static void write_fixes(struct json_writer *w, const struct triage *t)
{
	json_key(w, "fixes");
	json_begin_array(w);
	for (size_t i = 0; i < t->n_fixes; i++) {
		json_begin_object(w);
		json_key(w, "fix");
		json_string(w, t->f[i].key);
		json_key(w, "decision");
		json_string(w, triage_fix_name(t->f[i].d));
		json_end_object(w);
	}
	json_end_array(w);
}

static char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return xstrdup(slash ? slash + 1 : path);
}

enum err triage_save(struct triage *t, const char *path, const char *session,
		     struct errbuf *eb)
{
	struct strbuf sb = STRBUF_INIT;
	struct json_writer w;
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	enum err e = ERR_OK;

	if (slash && slash != dir) {
		*slash = '\0';
		e = savefile_mkdir(dir, eb);
	}
	free(dir);
	if (e != ERR_OK)
		return e;
	json_writer_init(&w, &sb, true);
	json_begin_object(&w);
	json_key(&w, "format");
	json_int(&w, TRIAGE_FORMAT);
	json_key(&w, "session");
	if (session) {
		char *name = base_name(session);

		json_string(&w, name);
		free(name);
	} else {
		json_null(&w);
	}
	json_key(&w, "decisions");
	json_begin_array(&w);
	for (size_t i = 0; i < t->n; i++)
		write_entry(&w, &t->e[i]);
	json_end_array(&w);
	if (t->n_fixes)
		write_fixes(&w, t);
	json_end_object(&w);
	strbuf_addch(&sb, '\n');
	e = savefile_write(path, sb.buf, sb.len, eb);
	strbuf_release(&sb);
	if (e == ERR_OK)
		t->unsaved = 0;
	return e;
}

static enum err read_file(const char *path, struct strbuf *out, struct errbuf *eb)
{
	FILE *f = fopen(path, "rb");
	char buf[8192];
	size_t n;

	if (!f)
		return err_set(eb, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO, "cannot open '%s': %s",
			       path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0 && out->len <= MAX_STATE_BYTES)
		strbuf_add(out, buf, n);
	if (ferror(f) || out->len > MAX_STATE_BYTES) {
		fclose(f);
		return err_set(eb, ERR_IO, "cannot read '%s': %s", path,
			       out->len > MAX_STATE_BYTES ? "too large" : "read error");
	}
	fclose(f);
	return ERR_OK;
}

/* One element of "decisions"; a malformed one is skipped. */
static void load_entry(struct triage *t, const struct json_value *v)
{
	const char *key = json_as_string(json_get(v, "clip"));
	const char *cls = json_as_string(json_get(v, "class"));
	struct triage_decision d = none;

	if (!key || !*key)
		return;
	if (cls)
		d.cls = clip_class_parse(cls);
	json_as_bool(json_get(v, "accepted"), &d.accepted);
	json_as_bool(json_get(v, "marked"), &d.marked);
	put(t, key, d);
}

/* One element of "fixes"; a malformed one is skipped. */
static void load_fix(struct triage *t, const struct json_value *v)
{
	const char *key = json_as_string(json_get(v, "fix"));
	const char *d = json_as_string(json_get(v, "decision"));

	for (int i = TRIAGE_FIX_ACCEPTED; key && d && i < TRIAGE_FIX_COUNT; i++)
		if (!strcmp(d, fix_names[i]))
			triage_set_fix(t, key, (enum triage_fix)i);
}

static enum err load_doc(struct triage *t, const struct json_value *doc, const char *path,
			 struct errbuf *eb)
{
	const struct json_value *list = json_get(doc, "decisions");
	const struct json_value *fixes = json_get(doc, "fixes");
	int64_t format;

	if (!json_as_int64(json_get(doc, "format"), &format) || !json_is_array(list))
		return err_set(eb, ERR_CONFIG, "'%s' is not a turnover state file", path);
	if (format > TRIAGE_FORMAT)
		return err_set(eb, ERR_CONFIG, "'%s': format %lld is newer than this turnover reads",
			       path, (long long)format);
	for (size_t i = 0; i < json_length(list); i++)
		load_entry(t, json_at(list, i));
	for (size_t i = 0; fixes && json_is_array(fixes) && i < json_length(fixes); i++)
		load_fix(t, json_at(fixes, i));
	return ERR_OK;
}

enum err triage_load(struct triage *t, const char *path, struct errbuf *eb)
{
	struct strbuf text = STRBUF_INIT;
	struct json_value *doc = NULL;
	struct errbuf local;
	enum err e;

	drop_entries(t);
	drop_steps(t, 0);
	e = read_file(path, &text, eb);
	errbuf_init(&local);
	if (e == ERR_OK && json_parse(strbuf_str(&text), text.len, &doc, &local) != ERR_OK)
		e = err_set(eb, ERR_JSON, "'%s': %s", path, errbuf_msg(&local));
	if (e == ERR_OK)
		e = load_doc(t, doc, path, eb);
	json_free(doc);
	strbuf_release(&text);
	if (e != ERR_OK)
		drop_entries(t);
	t->unsaved = 0;
	return e;
}

char *triage_state_path(const char *aaf_path)
{
	const char *slash = strrchr(aaf_path, '/');
	const char *name = slash ? slash + 1 : aaf_path;
	const char *dot = strrchr(name, '.');
	int dir_len = slash ? (int)(slash - aaf_path) : 0;
	int stem_len = dot && dot != name ? (int)(dot - name) : (int)strlen(name);

	if (!slash)
		return xasprintf("%.*s.turnover/triage.json", stem_len, name);
	return xasprintf("%.*s/%.*s.turnover/triage.json", dir_len, aaf_path, stem_len, name);
}

char *triage_fallback_path(const char *abs_path, const char *state_dir)
{
	const char *slash = strrchr(abs_path, '/');
	const char *name = slash ? slash + 1 : abs_path;
	const char *dot = strrchr(name, '.');
	int stem_len = dot && dot != name ? (int)(dot - name) : (int)strlen(name);
	uint64_t h = 0xcbf29ce484222325ull;

	for (const unsigned char *p = (const unsigned char *)abs_path; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	return xasprintf("%s/%.*s-%016llx/triage.json", state_dir, stem_len, name,
			 (unsigned long long)h);
}

/* template.c: facility session templates (see template.h, doc/templates.md). */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "strbuf.h"
#include "template.h"
#include "xalloc.h"
#include "xdg.h"

#ifndef TURNOVER_PKGDATADIR
#define TURNOVER_PKGDATADIR ""
#endif
#ifndef TURNOVER_SRCDIR
#define TURNOVER_SRCDIR "."
#endif

static const char *const kind_names[TEMPLATE_KIND_COUNT] = {
	[TEMPLATE_KIND_DIALOGUE] = "dialogue",
	[TEMPLATE_KIND_BOOM] = "boom",
	[TEMPLATE_KIND_LAV] = "lav",
	[TEMPLATE_KIND_ADR] = "adr",
	[TEMPLATE_KIND_VO] = "vo",
	[TEMPLATE_KIND_PFX] = "pfx",
	[TEMPLATE_KIND_MUSIC] = "music",
	[TEMPLATE_KIND_SOURCE_MUSIC] = "source_music",
	[TEMPLATE_KIND_FX] = "fx",
	[TEMPLATE_KIND_BG] = "bg",
	[TEMPLATE_KIND_FOLEY] = "foley",
	[TEMPLATE_KIND_REVIEW] = "review",
	[TEMPLATE_KIND_OTHER] = "other",
};

static const enum clip_class kind_class[TEMPLATE_KIND_COUNT] = {
	[TEMPLATE_KIND_DIALOGUE] = CLIP_CLASS_DIALOGUE,
	[TEMPLATE_KIND_BOOM] = CLIP_CLASS_DIALOGUE,
	[TEMPLATE_KIND_LAV] = CLIP_CLASS_DIALOGUE,
	[TEMPLATE_KIND_ADR] = CLIP_CLASS_DIALOGUE,
	[TEMPLATE_KIND_VO] = CLIP_CLASS_DIALOGUE,
	[TEMPLATE_KIND_PFX] = CLIP_CLASS_SFX,
	[TEMPLATE_KIND_MUSIC] = CLIP_CLASS_MUSIC,
	[TEMPLATE_KIND_SOURCE_MUSIC] = CLIP_CLASS_MUSIC,
	[TEMPLATE_KIND_FX] = CLIP_CLASS_SFX,
	[TEMPLATE_KIND_BG] = CLIP_CLASS_SFX,
	[TEMPLATE_KIND_FOLEY] = CLIP_CLASS_SFX,
	[TEMPLATE_KIND_REVIEW] = CLIP_CLASS_COUNT,
	[TEMPLATE_KIND_OTHER] = CLIP_CLASS_COUNT,
};

/* The class and tag names as rules spell them: those of classifier.c and
 * classify.c, repeated here so the parser stands alone (for the fuzzer);
 * test_template checks they agree. */
static const char *const class_names[CLIP_CLASS_COUNT] = { "dialogue", "music", "sfx" };
static const char *const tag_names[TEMPLATE_TAGS] = { "tone", "silence", "room_tone" };

const char *template_class_name(enum clip_class c)
{
	return (unsigned)c < CLIP_CLASS_COUNT ? class_names[c] : "";
}

const char *template_tag_name(int bit)
{
	return bit >= 0 && bit < TEMPLATE_TAGS ? tag_names[bit] : "";
}

static enum clip_class class_parse(const char *name)
{
	for (int c = 0; c < CLIP_CLASS_COUNT; c++)
		if (!strcmp(class_names[c], name))
			return (enum clip_class)c;
	return CLIP_CLASS_COUNT;
}

const char *template_kind_name(enum template_kind k)
{
	return (unsigned)k < TEMPLATE_KIND_COUNT ? kind_names[k] : "";
}

enum clip_class template_kind_class(enum template_kind k)
{
	return (unsigned)k < TEMPLATE_KIND_COUNT ? kind_class[k] : CLIP_CLASS_COUNT;
}

enum template_kind template_kind_parse(const char *name)
{
	char buf[32];
	size_t n = strlen(name);

	if (n >= sizeof(buf))
		return TEMPLATE_KIND_COUNT;
	for (size_t i = 0; i <= n; i++)
		buf[i] = name[i] == '-' || name[i] == ' ' ? '_' : name[i];
	for (int k = 0; k < TEMPLATE_KIND_COUNT; k++)
		if (!strcasecmp(buf, kind_names[k]))
			return (enum template_kind)k;
	return TEMPLATE_KIND_COUNT;
}

void template_free(struct template *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_tracks; i++) {
		free(t->tracks[i].name);
		free(t->tracks[i].colour);
		free(t->tracks[i].folder);
		free(t->tracks[i].output);
	}
	for (int k = 0; k < TEMPLATE_KIND_COUNT; k++) {
		for (size_t i = 0; i < t->n_hints[k]; i++)
			free(t->hints[k][i]);
		free(t->hints[k]);
	}
	free(t->tracks);
	free(t->file);
	free(t->name);
	free(t);
}

/* ---- line numbers -------------------------------------------------------- */

/* Trims blanks at both ends of [*b, *e). */
static void trim(const char **b, const char **e)
{
	while (*b < *e && (**b == ' ' || **b == '\t'))
		(*b)++;
	while (*e > *b && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
		(*e)--;
}

static bool same_ci(const char *b, const char *e, const char *s)
{
	return (size_t)(e - b) == strlen(s) && !strncasecmp(b, s, (size_t)(e - b));
}

/* The line (from 1) of key in section of text (key NULL: the section's
 * header); the last one when repeated (iniparser keeps the last value);
 * 0 when not found. */
static long line_of(const char *text, const char *section, const char *key)
{
	bool in = !*section;
	long line = 0, found = 0;

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *e = strchr(p, '\n'), *b = p, *eq;

		line++;
		e = e ? e : p + strlen(p);
		trim(&b, &e);
		if (b < e && *b == '[') {
			const char *sb = b + 1, *se = memchr(sb, ']', (size_t)(e - sb));

			if (!se)
				continue;
			trim(&sb, &se);
			in = same_ci(sb, se, section);
			if (in && !key)
				return line;
			continue;
		}
		eq = memchr(b, '=', (size_t)(e - b));
		if (in && key && eq) {
			const char *ke = eq;

			trim(&b, &ke);
			if (same_ci(b, ke, key))
				found = line;
		}
	}
	return found;
}

/* ---- reading ------------------------------------------------------------- */

struct load_state {
	struct template *t;
	const char *file, *text;
	struct inifile_report *r;
	struct errbuf *eb;
	size_t problems;
	char *review_name;	/* [rules] review */
	long review_line;
	bool has_class[CLIP_CLASS_COUNT];
	struct template_track *cur;	/* the track section being read */
	const char *cur_section;
};

static void problem(struct load_state *st, const char *section, const char *key,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void problem(struct load_state *st, const char *section, const char *key,
		    const char *fmt, ...)
{
	char msg[400], where[600];
	long line = st->text && section ? line_of(st->text, section, key) : 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line)
		snprintf(where, sizeof(where), "%s:%ld", st->file, line);
	else
		snprintf(where, sizeof(where), "%s", st->file);
	inifile_report_add(st->r, where, section && *section ? section : NULL, key, "%s", msg);
	if (!st->problems++)
		err_set(st->eb, ERR_CONFIG, "%s: %s%s%s%s%s%s", where,
			section && *section ? "[" : "", section && *section ? section : "",
			section && *section ? "] " : "", key ? key : "", key ? ": " : "", msg);
}

/* Parses "kind, kind, …" into out; false (reported) on an unknown kind. */
static bool parse_kinds(struct load_state *st, const char *section, const char *key,
			const char *value, struct template_kinds *out)
{
	const char *p = value;
	char item[40];
	bool cut;

	out->n = 0;
	while (inifile_next_item(&p, item, sizeof(item), &cut)) {
		enum template_kind k = cut ? TEMPLATE_KIND_COUNT : template_kind_parse(item);

		if (k == TEMPLATE_KIND_COUNT) {
			problem(st, section, key, "unknown track kind '%s'", item);
			return false;
		}
		if (out->n < TEMPLATE_KIND_COUNT)
			out->v[out->n++] = k;
	}
	return true;
}

static bool parse_double(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return end != s && !*end && !errno;
}

static void read_meta(struct load_state *st, const char *key, const char *value)
{
	if (!strcmp(key, "name")) {
		free(st->t->name);
		st->t->name = xstrdup(value);
	} else if (strcmp(key, "format")) {
		problem(st, "meta", key, "unknown setting '%s'", key);
	}
}

static void read_hint(struct load_state *st, const char *key, const char *value)
{
	enum template_kind k = template_kind_parse(key + 5);
	const char *p = value;
	char item[64];
	bool cut;

	if (k == TEMPLATE_KIND_COUNT) {
		problem(st, "rules", key, "unknown track kind '%s'", key + 5);
		return;
	}
	while (inifile_next_item(&p, item, sizeof(item), &cut)) {
		st->t->hints[k] = xreallocarray(st->t->hints[k], st->t->n_hints[k] + 1,
						sizeof(*st->t->hints[k]));
		st->t->hints[k][st->t->n_hints[k]++] = xstrdup(item);
	}
}

static void read_rule(struct load_state *st, const char *key, const char *value)
{
	struct template *t = st->t;

	if (!strcmp(key, "threshold")) {
		if (!parse_double(value, &t->threshold) || t->threshold < 0 || t->threshold > 1)
			problem(st, "rules", key, "not a threshold between 0 and 1: '%s'", value);
	} else if (!strcmp(key, "review")) {
		free(st->review_name);
		st->review_name = xstrdup(value);
	} else if (!strncmp(key, "class.", 6)) {
		enum clip_class c = class_parse(key + 6);

		if (c == CLIP_CLASS_COUNT)
			problem(st, "rules", key, "unknown class '%s'", key + 6);
		else if (parse_kinds(st, "rules", key, value, &t->classes[c]))
			st->has_class[c] = true;
	} else if (!strncmp(key, "tag.", 4)) {
		int b = 0;

		while (b < TEMPLATE_TAGS && strcmp(tag_names[b], key + 4))
			b++;
		if (b == TEMPLATE_TAGS)
			problem(st, "rules", key, "unknown tag '%s'", key + 4);
		else
			parse_kinds(st, "rules", key, value, &t->tags[b]);
	} else if (!strncmp(key, "hint.", 5)) {
		read_hint(st, key, value);
	} else {
		problem(st, "rules", key, "unknown setting '%s'", key);
	}
}

static bool parse_format(const char *v, enum channel_format *out)
{
	static const struct { const char *name; enum channel_format f; } formats[] = {
		{ "mono", CHANNEL_FORMAT_MONO }, { "stereo", CHANNEL_FORMAT_STEREO },
		{ "5.1", CHANNEL_FORMAT_5_1 }, { "7.1", CHANNEL_FORMAT_7_1 },
	};

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (!strcasecmp(v, formats[i].name)) {
			*out = formats[i].f;
			return true;
		}
	return false;
}

static void read_track_key(struct load_state *st, const char *section, const char *key,
			   const char *value)
{
	struct template_track *tt = st->cur;
	char **str = NULL;
	char *end;
	long n;

	if (!strcmp(key, "name")) {
		str = &tt->name;
		if (!*value)
			problem(st, section, key, "empty track name");
	} else if (!strcmp(key, "colour") || !strcmp(key, "color")) {
		str = &tt->colour;
	} else if (!strcmp(key, "folder") || !strcmp(key, "group")) {
		str = &tt->folder;
	} else if (!strcmp(key, "output")) {
		str = &tt->output;
	} else if (!strcmp(key, "kind")) {
		tt->kind = template_kind_parse(value);
		if (tt->kind == TEMPLATE_KIND_COUNT)
			problem(st, section, key, "unknown track kind '%s'", value);
	} else if (!strcmp(key, "format")) {
		if (!parse_format(value, &tt->format))
			problem(st, section, key, "unknown format '%s' (mono, stereo, 5.1, 7.1)",
				value);
	} else if (!strcmp(key, "overflow")) {
		errno = 0;
		n = strtol(value, &end, 10);
		if (end == value || *end || errno || n < 1 || n > TEMPLATE_MAX_OVERFLOW)
			problem(st, section, key, "overflow takes 1 to %d, not '%s'",
				TEMPLATE_MAX_OVERFLOW, value);
		else
			tt->overflow = (int)n;
	} else {
		problem(st, section, key, "unknown setting '%s'", key);
	}
	if (str) {
		free(*str);
		*str = xstrdup(value);
	}
}

static void start_track(struct load_state *st, const char *section)
{
	struct template *t = st->t;

	t->tracks = xreallocarray(t->tracks, t->n_tracks + 1, sizeof(*t->tracks));
	st->cur = &t->tracks[t->n_tracks++];
	*st->cur = (struct template_track){ NULL, TEMPLATE_KIND_COUNT, CHANNEL_FORMAT_MONO,
					    xstrdup(""), xstrdup(""), xstrdup(""), 1 };
	st->cur_section = section;
}

/* A track section ends: it must have a name and a kind. */
static void end_track(struct load_state *st)
{
	struct template_track *tt = st->cur;

	if (!tt)
		return;
	if (!tt->name) {
		problem(st, st->cur_section, NULL, "track without a name");
		tt->name = xstrdup("");
	}
	if (tt->kind == TEMPLATE_KIND_COUNT) {
		problem(st, st->cur_section, NULL, "track without a kind");
		tt->kind = TEMPLATE_KIND_OTHER;
	}
	st->cur = NULL;
}

static void entry(const char *section, const char *key, const char *value, void *user)
{
	struct load_state *st = user;

	if (!key) {
		end_track(st);
		if (!strncmp(section, "track.", 6) && section[6])
			start_track(st, section);
		else if (strcmp(section, "meta") && strcmp(section, "rules"))
			problem(st, section, NULL, "unknown section '%s' (tracks are [track.LABEL])",
				section);
		return;
	}
	if (!*section)
		problem(st, NULL, key, "setting outside a section: '%s'", key);
	else if (!strcmp(section, "meta"))
		read_meta(st, key, value);
	else if (!strcmp(section, "rules"))
		read_rule(st, key, value);
	else if (st->cur)
		read_track_key(st, section, key, value);
}

/* ---- checks after reading ----------------------------------------------- */

static bool has_kind(const struct template *t, enum template_kind k)
{
	for (size_t i = 0; i < t->n_tracks; i++)
		if (t->tracks[i].kind == k)
			return true;
	return false;
}

static void check_names(struct load_state *st)
{
	struct template *t = st->t;

	for (size_t i = 0; i < t->n_tracks; i++)
		for (size_t j = 0; j < i; j++)
			if (!strcmp(t->tracks[i].name, t->tracks[j].name)) {
				problem(st, "", NULL, "two tracks named '%s'", t->tracks[i].name);
				return;
			}
}

static void check_review(struct load_state *st)
{
	struct template *t = st->t;

	if (!st->review_name) {
		problem(st, "rules", NULL, "no review track ([rules] review = NAME)");
		return;
	}
	for (size_t i = 0; i < t->n_tracks; i++)
		if (!strcmp(t->tracks[i].name, st->review_name)) {
			t->review = i;
			if (t->tracks[i].kind != TEMPLATE_KIND_REVIEW)
				problem(st, "rules", "review", "track '%s' is not of kind review",
					st->review_name);
			return;
		}
	problem(st, "rules", "review", "no track named '%s'", st->review_name);
}

/* Classes without a rule go to every kind of theirs, in template order. */
static void default_classes(struct load_state *st)
{
	struct template *t = st->t;

	for (int c = 0; c < CLIP_CLASS_COUNT; c++) {
		if (st->has_class[c])
			continue;
		for (size_t i = 0; i < t->n_tracks; i++) {
			enum template_kind k = t->tracks[i].kind;
			struct template_kinds *ks = &t->classes[c];
			size_t j = 0;

			while (j < ks->n && ks->v[j] != k)
				j++;
			if (kind_class[k] == (enum clip_class)c && j == ks->n)
				ks->v[ks->n++] = k;
		}
		if (!t->classes[c].n)
			problem(st, "rules", NULL, "no track takes %s (add one, or class.%s = KIND)",
				class_names[c], class_names[c]);
	}
}

static void check_rule_kinds(struct load_state *st, const char *key,
			     const struct template_kinds *ks)
{
	for (size_t i = 0; i < ks->n; i++)
		if (!has_kind(st->t, ks->v[i]))
			problem(st, "rules", key, "no track of kind '%s'", kind_names[ks->v[i]]);
}

static void check_rules(struct load_state *st)
{
	char key[40];

	for (int c = 0; c < CLIP_CLASS_COUNT; c++) {
		snprintf(key, sizeof(key), "class.%s", class_names[c]);
		check_rule_kinds(st, key, &st->t->classes[c]);
	}
	for (int b = 0; b < TEMPLATE_TAGS; b++) {
		snprintf(key, sizeof(key), "tag.%s", tag_names[b]);
		check_rule_kinds(st, key, &st->t->tags[b]);
	}
}

static char *file_stem(const char *path)
{
	const char *b = strrchr(path, '/'), *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	return dot && dot > b ? xasprintf("%.*s", (int)(dot - b), b) : xstrdup(b);
}

enum err template_from_dict(const struct _dictionary_ *d, const char *file, const char *text,
			    struct template **out, struct inifile_report *r, struct errbuf *eb)
{
	struct template *t = xcalloc(1, sizeof(*t));
	struct load_state st = { t, file, text, r, eb, 0, NULL, 0, { false }, NULL, NULL };

	*out = NULL;
	t->file = xstrdup(file);
	t->threshold = 0.8;
	if (!inifile_check_format(d, file, r)) {
		template_free(t);
		return err_set(eb, ERR_CONFIG, "%s: format newer than this turnover reads", file);
	}
	inifile_foreach(d, entry, &st);
	end_track(&st);
	if (!t->n_tracks)
		problem(&st, NULL, NULL, "no tracks ([track.LABEL] sections)");
	check_names(&st);
	check_review(&st);
	default_classes(&st);
	check_rules(&st);
	if (!t->name)
		t->name = file_stem(file);
	free(st.review_name);
	if (st.problems) {
		template_free(t);
		return ERR_CONFIG;
	}
	*out = t;
	return ERR_OK;
}

static char *read_text(const char *path)
{
	FILE *fp = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	if (!fp)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(fp);
	return strbuf_detach(&sb);
}

enum err template_load(const char *path, struct template **out, struct inifile_report *r,
		       struct errbuf *eb)
{
	struct _dictionary_ *d;
	enum err e;
	char *text;

	*out = NULL;
	e = inifile_load(path, &d, r, eb);
	if (e != ERR_OK)
		return e;
	text = read_text(path);
	e = template_from_dict(d, path, text, out, r, eb);
	free(text);
	inifile_free(d);
	return e;
}

char *template_find(const char *name)
{
	char *user, *found;
	const char *dirs[3];
	size_t n = 0;
	size_t len = strlen(name);
	struct stat st;

	if (strchr(name, '/') || (len > 4 && !strcmp(name + len - 4, ".ini")))
		return stat(name, &st) == 0 ? xstrdup(name) : NULL;
	user = xdg_dir(XDG_CONFIG);
	if (user)
		dirs[n++] = user;
	dirs[n++] = TURNOVER_PKGDATADIR;
	dirs[n++] = TURNOVER_SRCDIR;
	found = inifile_find(dirs, n, "templates", name);
	free(user);
	return found;
}

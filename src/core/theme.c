/* theme.c: theme slots, colour names and theme files. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "theme.h"

static const char *const slot_names[THEME_SLOT_COUNT] = {
	[THEME_NORMAL] = "normal",
	[THEME_TITLE] = "title",
	[THEME_HEADER] = "header",
	[THEME_CLIP_SELECTED] = "clip_selected",
	[THEME_CLIP_FLAGGED] = "clip_flagged",
	[THEME_CLIP_MARKED] = "clip_marked",
	[THEME_UNCERTAIN] = "uncertain",
	[THEME_DIALOGUE] = "dialogue",
	[THEME_MUSIC] = "music",
	[THEME_SFX] = "sfx",
	[THEME_HUMAN] = "human",
	[THEME_STATUS_LINE] = "status_line",
	[THEME_STATUS_PLAYING] = "status_playing",
	[THEME_MESSAGE] = "message",
	[THEME_ERROR] = "error",
	[THEME_BAR] = "bar",
	[THEME_BAR_EMPTY] = "bar_empty",
	[THEME_METER] = "meter",
	[THEME_METER_OVER] = "meter_over",
	[THEME_PLAYHEAD] = "playhead",
	[THEME_SEARCH_MATCH] = "search_match",
	[THEME_HELP_KEY] = "help_key",
	[THEME_DIM] = "dim",
};

enum { BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE, LIGHT };
#define DEF THEME_COLOR_DEFAULT
#define BOLD THEME_ATTR_BOLD
#define REVERSE THEME_ATTR_REVERSE

/* themes/default.ini, for when no file can be read (a test compares) */
static const struct theme_style builtin[THEME_SLOT_COUNT] = {
	[THEME_NORMAL] = { DEF, DEF, 0 },
	[THEME_TITLE] = { BLACK, CYAN, BOLD },
	[THEME_HEADER] = { CYAN, DEF, BOLD },
	[THEME_CLIP_SELECTED] = { WHITE, BLUE, BOLD },
	[THEME_CLIP_FLAGGED] = { LIGHT + RED, DEF, BOLD },
	[THEME_CLIP_MARKED] = { YELLOW, DEF, BOLD },
	[THEME_UNCERTAIN] = { YELLOW, DEF, 0 },
	[THEME_DIALOGUE] = { LIGHT + GREEN, DEF, 0 },
	[THEME_MUSIC] = { LIGHT + MAGENTA, DEF, 0 },
	[THEME_SFX] = { LIGHT + CYAN, DEF, 0 },
	[THEME_HUMAN] = { WHITE, DEF, BOLD },
	[THEME_STATUS_LINE] = { BLACK, CYAN, 0 },
	[THEME_STATUS_PLAYING] = { BLACK, GREEN, BOLD },
	[THEME_MESSAGE] = { DEF, DEF, 0 },
	[THEME_ERROR] = { LIGHT + RED, DEF, BOLD },
	[THEME_BAR] = { GREEN, DEF, 0 },
	[THEME_BAR_EMPTY] = { LIGHT + BLACK, DEF, 0 },
	[THEME_METER] = { GREEN, DEF, 0 },
	[THEME_METER_OVER] = { RED, DEF, REVERSE },
	[THEME_PLAYHEAD] = { BLACK, YELLOW, 0 },
	[THEME_SEARCH_MATCH] = { BLACK, YELLOW, 0 },
	[THEME_HELP_KEY] = { YELLOW, DEF, BOLD },
	[THEME_DIM] = { LIGHT + BLACK, DEF, 0 },
};

static const char *const color_names[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"
};

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{ "bold", THEME_ATTR_BOLD }, { "underline", THEME_ATTR_UNDERLINE },
	{ "reverse", THEME_ATTR_REVERSE }, { "dim", THEME_ATTR_DIM },
};

const char *theme_slot_name(enum theme_slot s)
{
	return (unsigned)s < THEME_SLOT_COUNT ? slot_names[s] : "";
}

enum theme_slot theme_slot_parse(const char *name)
{
	for (int s = 0; s < THEME_SLOT_COUNT; s++)
		if (!strcmp(slot_names[s], name))
			return (enum theme_slot)s;
	return THEME_SLOT_COUNT;
}

bool theme_color_parse(const char *name, int *color)
{
	const char *base = name;
	int light = 0;
	char *end;
	long n;

	if (!strcasecmp(name, "default")) {
		*color = THEME_COLOR_DEFAULT;
		return true;
	}
	if (name[0] >= '0' && name[0] <= '9') {
		errno = 0;
		n = strtol(name, &end, 10);
		if (*end || errno || n > 255)
			return false;
		*color = (int)n;
		return true;
	}
	if (!strncasecmp(name, "light", 5)) {
		base += 5;
		light = LIGHT;
	}
	for (int c = 0; c < 8; c++)
		if (!strcasecmp(base, color_names[c])) {
			*color = c + light;
			return true;
		}
	return false;
}

unsigned theme_attr_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(attr_names) / sizeof(attr_names[0]); i++)
		if (!strcasecmp(name, attr_names[i].name))
			return attr_names[i].bit;
	return 0;
}

void theme_init_builtin(struct theme *t)
{
	memcpy(t->slot, builtin, sizeof(builtin));
}

/* ---- files ----------------------------------------------------------- */

struct apply_state {
	struct theme *t;
	const char *file;
	struct inifile_report *r;
	size_t problems;
};

static void problem(struct apply_state *st, const char *section, const char *key,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void problem(struct apply_state *st, const char *section, const char *key,
		    const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	inifile_report_add(st->r, st->file, section, key, "%s", msg);
	st->problems++;
}

/* Parses "fg[, bg][, attr...]" into *out; false (reported) when bad. */
static bool parse_style(struct apply_state *st, const char *key, const char *value,
			struct theme_style *out)
{
	const char *p = value;
	char item[32];
	int colors = 0, c;
	bool cut;

	*out = (struct theme_style){ DEF, DEF, 0 };
	while (inifile_next_item(&p, item, sizeof(item), &cut)) {
		unsigned a = cut ? 0 : theme_attr_parse(item);

		if (a) {
			out->attrs |= a;
		} else if (cut || !theme_color_parse(item, &c)) {
			problem(st, "colors", key, "unknown colour or attribute '%s'", item);
			return false;
		} else if (colors == 2) {
			problem(st, "colors", key, "more than two colours ('%s')", item);
			return false;
		} else {
			*(colors++ ? &out->bg : &out->fg) = c;
		}
	}
	if (!colors && !out->attrs) {
		problem(st, "colors", key, "no colour or attribute given");
		return false;
	}
	return true;
}

static void apply_entry(const char *section, const char *key, const char *value, void *user)
{
	struct apply_state *st = user;
	struct theme_style style;
	enum theme_slot slot;

	if (!strcmp(section, "meta")) {
		if (key && strcmp(key, "format"))
			problem(st, section, key, "unknown setting '%s'", key);
		return;
	}
	if (strcmp(section, "colors")) {
		if (!*section)
			problem(st, NULL, key, "setting outside a section: '%s'", key);
		else if (!key)
			problem(st, section, NULL, "unknown section '%s'", section);
		return;
	}
	if (!key)
		return;
	slot = theme_slot_parse(key);
	if (slot == THEME_SLOT_COUNT)
		problem(st, section, key, "unknown theme slot '%s'", key);
	else if (parse_style(st, key, value, &style))
		st->t->slot[slot] = style;
}

size_t theme_apply(struct theme *t, const struct _dictionary_ *d, const char *file,
		   struct inifile_report *r)
{
	struct apply_state st = { t, file, r, 0 };

	inifile_foreach(d, apply_entry, &st);
	return st.problems;
}

enum err theme_load_file(struct theme *t, const char *path, struct inifile_report *r,
			 struct errbuf *eb)
{
	struct _dictionary_ *d;
	enum err e = inifile_load_checked(path, &d, r, eb);

	if (e != ERR_OK)
		return e;
	theme_apply(t, d, path, r);
	inifile_free(d);
	return ERR_OK;
}

/* ---- fewer colours ----------------------------------------------------- */

/* The nearest of the 16 basic colours for an xterm 256-colour index. */
static int nearest_basic(int c)
{
	int r, g, b, max;

	if (c < 16)
		return c;
	if (c >= 232) {
		int level = c - 232;	/* 0 .. 23, dark to light */

		return level < 6 ? BLACK : level < 16 ? LIGHT + BLACK : WHITE;
	}
	c -= 16;
	r = c / 36;
	g = c / 6 % 6;
	b = c % 6;
	max = r > g ? (r > b ? r : b) : (g > b ? g : b);
	if (max == 0)
		return BLACK;
	return (r * 2 >= max ? RED : 0) + (g * 2 >= max ? GREEN : 0) +
	       (b * 2 >= max ? BLUE : 0) + (max >= 4 ? LIGHT : 0);
}

static int fit_color(int c, int colors, bool *lost_light)
{
	*lost_light = false;
	if (c == DEF || c < colors)
		return c;
	if (colors >= 16)
		return nearest_basic(c);
	c = nearest_basic(c);
	if (c >= LIGHT) {
		*lost_light = true;
		c -= LIGHT;
	}
	return c;
}

struct theme_style theme_style_for_colors(struct theme_style s, int colors)
{
	bool light;

	if (colors < 8) {
		if (s.bg != DEF)
			s.attrs ^= THEME_ATTR_REVERSE;
		s.fg = s.bg = DEF;
		return s;
	}
	s.fg = fit_color(s.fg, colors, &light);
	if (light)
		s.attrs |= THEME_ATTR_BOLD;
	s.bg = fit_color(s.bg, colors, &light);
	return s;
}

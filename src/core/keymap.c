/* keymap.c: key names, bindings per context, and keymap files. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keymap.h"
#include "utf8.h"
#include "xalloc.h"

static const char *const context_names[KEYMAP_CONTEXT_COUNT] = {
	[KEYMAP_CONTEXT_COMMON] = "common",
	[KEYMAP_CONTEXT_SESSIONS] = "sessions",
	[KEYMAP_CONTEXT_CLIPS] = "clips",
	[KEYMAP_CONTEXT_DETAIL] = "detail",
	[KEYMAP_CONTEXT_FIXES] = "fixes",
	[KEYMAP_CONTEXT_HELP] = "help",
};

/* Named keys; the first name of a code is the one printed. */
static const struct {
	const char *name;
	int code;
} key_names[] = {
	{ "Space", ' ' }, { "Enter", KEYCODE_ENTER }, { "Return", KEYCODE_ENTER },
	{ "Tab", KEYCODE_TAB }, { "S-Tab", KEYCODE_BACKTAB }, { "BackTab", KEYCODE_BACKTAB },
	{ "Escape", KEYCODE_ESCAPE }, { "Esc", KEYCODE_ESCAPE },
	{ "Backspace", KEYCODE_BACKSPACE }, { "Delete", KEYCODE_DELETE },
	{ "Insert", KEYCODE_INSERT }, { "Up", KEYCODE_UP }, { "Down", KEYCODE_DOWN },
	{ "Left", KEYCODE_LEFT }, { "Right", KEYCODE_RIGHT }, { "Home", KEYCODE_HOME },
	{ "End", KEYCODE_END }, { "PageUp", KEYCODE_PAGE_UP }, { "PageDown", KEYCODE_PAGE_DOWN },
	{ "Comma", ',' }, { "Semicolon", ';' }, { "Hash", '#' },
};

const char *keymap_context_name(enum keymap_context ctx)
{
	return (unsigned)ctx < KEYMAP_CONTEXT_COUNT ? context_names[ctx] : "";
}

enum keymap_context keymap_context_parse(const char *name)
{
	for (int c = 0; c < KEYMAP_CONTEXT_COUNT; c++)
		if (!strcmp(context_names[c], name))
			return (enum keymap_context)c;
	return KEYMAP_CONTEXT_COUNT;
}

/* ---- key names ------------------------------------------------------- */

static int parse_function_key(const char *s)
{
	char *end;
	long n;

	if ((s[0] != 'F' && s[0] != 'f') || s[1] < '1' || s[1] > '9')
		return KEYCODE_NONE;
	n = strtol(s + 1, &end, 10);
	if (*end || n < 1 || n > 12)
		return KEYCODE_NONE;
	return KEYCODE_F1 + (int)n - 1;
}

static int parse_plain_key(const char *s)
{
	size_t len = strlen(s), k;
	uint32_t cp;

	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (!strcasecmp(s, key_names[i].name))
			return key_names[i].code;
	if (len > 1 && parse_function_key(s) != KEYCODE_NONE)
		return parse_function_key(s);
	k = utf8_decode(s, len, &cp);
	if (k == 0 || k != len || cp <= 0x20 || (cp >= 0x7F && cp < 0xA0))
		return KEYCODE_NONE;
	return (int)cp;
}

/* C-x: letters (any case) and [ \ ] ^ _ */
static int parse_control_key(const char *s)
{
	int c = (unsigned char)s[0];

	if (!c || s[1])
		return KEYCODE_NONE;
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	switch (c) {
	case 'i': return KEYCODE_TAB;
	case 'm': return KEYCODE_ENTER;
	case 'h': return KEYCODE_BACKSPACE;
	case '[': return KEYCODE_ESCAPE;
	case '\\': case ']': case '^': case '_': return c - 0x40;
	}
	return c >= 'a' && c <= 'z' ? c - 'a' + 1 : KEYCODE_NONE;
}

int keymap_parse_key(const char *name)
{
	int k;

	if (!name || !*name)
		return KEYCODE_NONE;
	if ((name[0] == 'M' || name[0] == 'm') && name[1] == '-' && name[2]) {
		k = keymap_parse_key(name + 2);
		return k == KEYCODE_NONE || (k & KEYCODE_META) ? KEYCODE_NONE : k | KEYCODE_META;
	}
	if ((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2])
		return parse_control_key(name + 2);
	return parse_plain_key(name);
}

static bool base_key_name(int key, char *buf, size_t n)
{
	char u[UTF8_MAX + 1];
	size_t len;

	for (size_t i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (key_names[i].code == key) {
			snprintf(buf, n, "%s", key_names[i].name);
			return true;
		}
	if (key >= KEYCODE_F1 && key <= KEYCODE_F12) {
		snprintf(buf, n, "F%d", key - KEYCODE_F1 + 1);
		return true;
	}
	if (key >= 1 && key <= 26) {
		snprintf(buf, n, "C-%c", 'a' + key - 1);
		return true;
	}
	if (key >= 28 && key <= 31) {
		snprintf(buf, n, "C-%c", key + 0x40);
		return true;
	}
	if (key <= 0x20 || (key >= 0x7F && key < 0xA0) || key >= KEYCODE_SPECIAL)
		return false;
	len = utf8_encode((uint32_t)key, u);
	if (!len)
		return false;
	u[len] = '\0';
	snprintf(buf, n, "%s", u);
	return true;
}

void keymap_key_name(int key, char *buf, size_t n)
{
	const char *prefix = key & KEYCODE_META ? "M-" : "";
	char base[KEYMAP_KEY_NAME_MAX];

	if (!n)
		return;
	if (!base_key_name(key & ~KEYCODE_META, base, sizeof(base)))
		snprintf(buf, n, "?");
	else
		snprintf(buf, n, "%s%s", prefix, base);
}

/* ---- bindings -------------------------------------------------------- */

struct binding {
	int key;
	enum action action;
};

struct keymap {
	struct binding *b[KEYMAP_CONTEXT_COUNT];
	size_t n[KEYMAP_CONTEXT_COUNT], alloc[KEYMAP_CONTEXT_COUNT];
};

struct keymap *keymap_new(void)
{
	return xcalloc(1, sizeof(struct keymap));
}

void keymap_free(struct keymap *km)
{
	if (!km)
		return;
	for (int c = 0; c < KEYMAP_CONTEXT_COUNT; c++)
		free(km->b[c]);
	free(km);
}

static void remove_at(struct keymap *km, enum keymap_context ctx, size_t i)
{
	memmove(&km->b[ctx][i], &km->b[ctx][i + 1], (km->n[ctx] - i - 1) * sizeof(struct binding));
	km->n[ctx]--;
}

void keymap_bind(struct keymap *km, enum keymap_context ctx, int key, enum action a)
{
	if ((unsigned)ctx >= KEYMAP_CONTEXT_COUNT || key == KEYCODE_NONE)
		return;
	for (size_t i = 0; i < km->n[ctx]; i++)
		if (km->b[ctx][i].key == key) {
			remove_at(km, ctx, i);
			break;
		}
	XGROW(km->b[ctx], km->n[ctx] + 1, km->alloc[ctx]);
	km->b[ctx][km->n[ctx]++] = (struct binding){ key, a };
}

void keymap_unbind(struct keymap *km, enum keymap_context ctx, enum action a)
{
	if ((unsigned)ctx >= KEYMAP_CONTEXT_COUNT)
		return;
	for (size_t i = km->n[ctx]; i-- > 0;)
		if (km->b[ctx][i].action == a)
			remove_at(km, ctx, i);
}

static enum action lookup_in(const struct keymap *km, enum keymap_context ctx, int key)
{
	for (size_t i = 0; i < km->n[ctx]; i++)
		if (km->b[ctx][i].key == key)
			return km->b[ctx][i].action;
	return ACTION_NONE;
}

enum action keymap_lookup(const struct keymap *km, enum keymap_context ctx, int key)
{
	enum action a;

	if ((unsigned)ctx >= KEYMAP_CONTEXT_COUNT)
		return ACTION_NONE;
	a = lookup_in(km, ctx, key);
	return a != ACTION_NONE ? a : lookup_in(km, KEYMAP_CONTEXT_COMMON, key);
}

size_t keymap_keys(const struct keymap *km, enum keymap_context ctx, enum action a,
		   int *keys, size_t max)
{
	size_t found = 0;

	if ((unsigned)ctx >= KEYMAP_CONTEXT_COUNT)
		return 0;
	for (size_t i = 0; i < km->n[ctx]; i++) {
		if (km->b[ctx][i].action != a)
			continue;
		if (found < max)
			keys[found] = km->b[ctx][i].key;
		found++;
	}
	return found;
}

static void add_key_names(char *buf, size_t n, const int *keys, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		char name[KEYMAP_KEY_NAME_MAX];
		size_t used = strlen(buf);

		keymap_key_name(keys[i], name, sizeof(name));
		snprintf(buf + used, n - used, "%s%s", used ? ", " : "", name);
	}
}

void keymap_describe_keys(const struct keymap *km, enum keymap_context ctx, enum action a,
			  char *buf, size_t n)
{
	int keys[KEYMAP_MAX_KEYS * 2];
	size_t count, extra = 0;

	if (!n)
		return;
	buf[0] = '\0';
	count = keymap_keys(km, ctx, a, keys, KEYMAP_MAX_KEYS);
	if (count > KEYMAP_MAX_KEYS)
		count = KEYMAP_MAX_KEYS;
	if (ctx != KEYMAP_CONTEXT_COMMON) {
		int common[KEYMAP_MAX_KEYS];
		size_t nc = keymap_keys(km, KEYMAP_CONTEXT_COMMON, a, common, KEYMAP_MAX_KEYS);

		for (size_t i = 0; i < nc && i < KEYMAP_MAX_KEYS; i++)
			if (lookup_in(km, ctx, common[i]) == ACTION_NONE)
				keys[count + extra++] = common[i];
	}
	add_key_names(buf, n, keys, count + extra);
}

/* ---- files ----------------------------------------------------------- */

/* What applying one file needs. */
struct apply_state {
	struct keymap *km;
	const char *file;
	struct inifile_report *r;
	size_t problems;
	struct keymap *seen;	/* the keys this file binds, per context */
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

/* Parses the keys of one action's value; returns how many are usable. */
static size_t parse_keys(struct apply_state *st, enum keymap_context ctx, const char *section,
			 const char *key, const char *value, int *keys)
{
	const char *p = value;
	char item[64];
	size_t n = 0;
	bool cut;

	while (inifile_next_item(&p, item, sizeof(item), &cut)) {
		int k = cut ? KEYCODE_NONE : keymap_parse_key(item);
		enum action other = k ? lookup_in(st->seen, ctx, k) : ACTION_NONE;
		bool dup = false;

		for (size_t i = 0; i < n; i++)
			dup |= keys[i] == k;
		if (k == KEYCODE_NONE)
			problem(st, section, key, "unknown key name '%s'", item);
		else if (other != ACTION_NONE)
			problem(st, section, key, "key '%s' bound twice in this section (already to '%s')",
				item, action_name(other));
		else if (dup)
			problem(st, section, key, "key '%s' listed twice", item);
		else if (n == KEYMAP_MAX_KEYS)
			problem(st, section, key, "too many keys: '%s' and after left out", item);
		else
			keys[n++] = k;
	}
	return n;
}

static void apply_binding(struct apply_state *st, enum keymap_context ctx, const char *section,
			  const char *key, const char *value)
{
	enum action a = action_parse(key);
	int keys[KEYMAP_MAX_KEYS];
	size_t n;

	if (a == ACTION_NONE) {
		problem(st, section, key, "unknown action '%s'", key);
		return;
	}
	n = parse_keys(st, ctx, section, key, value, keys);
	keymap_unbind(st->km, ctx, a);
	for (size_t i = 0; i < n; i++) {
		keymap_bind(st->km, ctx, keys[i], a);
		keymap_bind(st->seen, ctx, keys[i], a);
	}
}

static void apply_entry(const char *section, const char *key, const char *value, void *user)
{
	struct apply_state *st = user;
	enum keymap_context ctx;

	if (!strcmp(section, "meta")) {
		if (key && strcmp(key, "format"))
			problem(st, section, key, "unknown setting '%s'", key);
		return;
	}
	if (!*section) {
		problem(st, NULL, key, "binding outside a section: '%s'", key);
		return;
	}
	ctx = keymap_context_parse(section);
	if (ctx == KEYMAP_CONTEXT_COUNT) {
		if (!key)
			problem(st, section, NULL, "unknown section '%s'", section);
		return;
	}
	if (key)
		apply_binding(st, ctx, section, key, value);
}

size_t keymap_apply(struct keymap *km, const struct _dictionary_ *d, const char *file,
		    struct inifile_report *r)
{
	struct apply_state st = { km, file, r, 0, keymap_new() };

	inifile_foreach(d, apply_entry, &st);
	keymap_free(st.seen);
	return st.problems;
}

enum err keymap_load_file(struct keymap *km, const char *path, struct inifile_report *r,
			  struct errbuf *eb)
{
	struct _dictionary_ *d;
	enum err e = inifile_load_checked(path, &d, r, eb);

	if (e != ERR_OK)
		return e;
	keymap_apply(km, d, path, r);
	inifile_free(d);
	return ERR_OK;
}

/* ---- the built-in keymap (keymaps/default.ini; a test compares) ------ */

static const struct {
	enum keymap_context ctx;
	enum action action;
	const char *keys;
} builtin[] = {
	{ KEYMAP_CONTEXT_COMMON, ACTION_QUIT, "q" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_HELP, "?, F1" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_BACK, "Escape, Backspace" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_OPEN, "Enter" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_UP, "Up, k" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_DOWN, "Down, j" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_PAGE_UP, "PageUp" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_PAGE_DOWN, "PageDown" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_TOP, "Home, g" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_BOTTOM, "End, G" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_REDRAW, "C-l" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_PLAY, "Space" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_SEEK_BACK, "Left, Comma" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_SEEK_FORWARD, "Right, ." },
	{ KEYMAP_CONTEXT_COMMON, ACTION_LOOP, "L" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_CHANNELS, "c" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_PREROLL, "p" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_PLAY_LEFT, "<" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_PLAY_RIGHT, ">" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_PLAY_BOTH, "B" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_SET_DIALOGUE, "1" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_SET_MUSIC, "2" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_SET_SFX, "3" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_CLEAR_CLASS, "0" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_ACCEPT, "a" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_MARK, "m" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_NEXT_UNCERTAIN, "Tab" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_PREV_UNCERTAIN, "S-Tab" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_UNDO, "u" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_REDO, "r" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_FIXES, "P" },
	{ KEYMAP_CONTEXT_COMMON, ACTION_PREP, "W" },
	{ KEYMAP_CONTEXT_SESSIONS, ACTION_RESCAN, "R" },
	{ KEYMAP_CONTEXT_CLIPS, ACTION_SEARCH, "/" },
	{ KEYMAP_CONTEXT_CLIPS, ACTION_SEARCH_NEXT, "n" },
	{ KEYMAP_CONTEXT_CLIPS, ACTION_SEARCH_PREV, "N" },
	{ KEYMAP_CONTEXT_CLIPS, ACTION_SORT, "s" },
	{ KEYMAP_CONTEXT_CLIPS, ACTION_SORT_REVERSE, "S" },
	{ KEYMAP_CONTEXT_CLIPS, ACTION_FILTER_CLASS, "f" },
	{ KEYMAP_CONTEXT_CLIPS, ACTION_FILTER_UNCERTAIN, "t" },
	{ KEYMAP_CONTEXT_CLIPS, ACTION_THRESHOLD, "T" },
	{ KEYMAP_CONTEXT_CLIPS, ACTION_FILTER_PROBLEMS, "!" },
	{ KEYMAP_CONTEXT_CLIPS, ACTION_FILTER_MARKED, "M" },
	{ KEYMAP_CONTEXT_CLIPS, ACTION_FILTER_CLEAR, "F" },
	{ KEYMAP_CONTEXT_FIXES, ACTION_PLAY_FIXED, "v" },
	{ KEYMAP_CONTEXT_FIXES, ACTION_FIX_ACCEPT, "y" },
	{ KEYMAP_CONTEXT_FIXES, ACTION_FIX_REJECT, "x" },
};

struct keymap *keymap_new_builtin(void)
{
	struct keymap *km = keymap_new();

	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		const char *p = builtin[i].keys;
		char item[KEYMAP_KEY_NAME_MAX];

		while (inifile_next_item(&p, item, sizeof(item), NULL))
			keymap_bind(km, builtin[i].ctx, keymap_parse_key(item), builtin[i].action);
	}
	return km;
}

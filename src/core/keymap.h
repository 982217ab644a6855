/*
 * keymap.h: which key does what, in which context.  Key codes are our
 * own (the front end maps its terminal library's keys to them), key
 * names are parsed and printed here, and keymap files are INI:
 *
 *	[meta]
 *	format = 1
 *	[common]
 *	quit = q
 *	help = ?, F1
 *	[clips]
 *	accept = a
 *
 * Sections are contexts; a lookup that finds nothing in a context falls
 * back to [common].  A file is applied over what a keymap holds already:
 * each action it names gets exactly the keys listed there (an empty value
 * unbinds it), everything else stays.  Problems (unknown section, action
 * or key name, a key bound twice in one context) are reported one per
 * line and skipped; the rest of the file still counts.
 *
 * Depends on libc, err.h, action.h and inifile.h.  No curses.
 */
#ifndef TURNOVER_KEYMAP_H
#define TURNOVER_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "action.h"
#include "err.h"
#include "inifile.h"

/*
 * A key is an int: a character is its Unicode code point (control
 * characters C-a .. C-z are 1 .. 26), the special keys below sit above
 * Unicode, and KEYCODE_META is or'ed in for Alt (M-x).  Tab, Enter and
 * Escape are always their special codes, never 9, 13 or 27.
 */
enum key_code {
	KEYCODE_NONE = 0,
	KEYCODE_SPECIAL = 0x110000,
	KEYCODE_ENTER = KEYCODE_SPECIAL,
	KEYCODE_TAB,
	KEYCODE_BACKTAB,
	KEYCODE_ESCAPE,
	KEYCODE_BACKSPACE,
	KEYCODE_DELETE,
	KEYCODE_INSERT,
	KEYCODE_UP,
	KEYCODE_DOWN,
	KEYCODE_LEFT,
	KEYCODE_RIGHT,
	KEYCODE_HOME,
	KEYCODE_END,
	KEYCODE_PAGE_UP,
	KEYCODE_PAGE_DOWN,
	KEYCODE_F1,
	KEYCODE_F12 = KEYCODE_F1 + 11,
	KEYCODE_SPECIAL_END,	/* first code past the special keys */
	KEYCODE_META = 1 << 22
};

/* Room for any name keymap_key_name() writes, with its NUL. */
#define KEYMAP_KEY_NAME_MAX 24

/* Most keys one action may have in one context. */
#define KEYMAP_MAX_KEYS 8

enum keymap_context {
	KEYMAP_CONTEXT_COMMON,
	KEYMAP_CONTEXT_SESSIONS,
	KEYMAP_CONTEXT_CLIPS,
	KEYMAP_CONTEXT_DETAIL,
	KEYMAP_CONTEXT_FIXES,
	KEYMAP_CONTEXT_HELP,
	KEYMAP_CONTEXT_COUNT
};

/* The section name of a context ("common", "clips", ...); "" if out of
 * range. */
const char *keymap_context_name(enum keymap_context ctx);

/* The context named name; KEYMAP_CONTEXT_COUNT when none. */
enum keymap_context keymap_context_parse(const char *name);

/*
 * The key named name: a single (UTF-8) character other than space, ',',
 * ';' and '#' ("a", "M", "?", "é"), or one of Space, Enter, Tab, S-Tab,
 * Escape, Backspace, Delete, Insert, Up, Down, Left, Right, Home, End,
 * PageUp, PageDown, F1-F12, Comma, Semicolon, Hash (case does not matter
 * for these), with "C-" (control: letters and [ \ ] ^ _) or "M-" (Alt)
 * in front.  Returns KEYCODE_NONE when name is no key.
 */
int keymap_parse_key(const char *name);

/* Writes the name of key (the canonical spelling keymap_parse_key()
 * reads back) to buf (n bytes, KEYMAP_KEY_NAME_MAX to be never cut);
 * "?" for a code that is no key. */
void keymap_key_name(int key, char *buf, size_t n);

/* A set of bindings; opaque. */
struct keymap;

/* An empty keymap; free with keymap_free(). */
struct keymap *keymap_new(void);

/* The built-in keymap: the same bindings as keymaps/default.ini, for
 * when no file can be read. */
struct keymap *keymap_new_builtin(void);

/* Frees km; NULL does nothing. */
void keymap_free(struct keymap *km);

/* Binds key to a in ctx, taking key from any other action there. */
void keymap_bind(struct keymap *km, enum keymap_context ctx, int key, enum action a);

/* Removes every key of a in ctx. */
void keymap_unbind(struct keymap *km, enum keymap_context ctx, enum action a);

/* The action of key in ctx, else in common; ACTION_NONE when unbound. */
enum action keymap_lookup(const struct keymap *km, enum keymap_context ctx, int key);

/* The keys of a in ctx itself (no fallback), in the order bound: up to
 * max of them in keys; returns how many there are. */
size_t keymap_keys(const struct keymap *km, enum keymap_context ctx, enum action a,
		   int *keys, size_t max);

/*
 * The keys that do a in ctx, counting [common] keys that ctx does not
 * take for something else, as names joined by ", " into buf (n bytes);
 * "" when none.
 */
void keymap_describe_keys(const struct keymap *km, enum keymap_context ctx, enum action a,
			  char *buf, size_t n);

/*
 * Applies the bindings of dictionary d (what file holds; file is only
 * used in messages) over km.  Every problem goes to r as "file: [section]
 * key: message".  Returns the number of problems.
 */
size_t keymap_apply(struct keymap *km, const struct _dictionary_ *d, const char *file,
		    struct inifile_report *r);

/*
 * Loads the keymap file at path and applies it over km.  A file with a
 * syntax error or a newer format is not applied at all.
 * errors: those of inifile_load(), and ERR_CONFIG for a newer format;
 * problems inside a file that is applied are only reported in r.
 */
enum err keymap_load_file(struct keymap *km, const char *path, struct inifile_report *r,
			  struct errbuf *eb);

#endif

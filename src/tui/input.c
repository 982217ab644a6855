/* input.c: curses keys to key codes; test scripts. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "strbuf.h"
#include "tui/input.h"
#include "xalloc.h"

static int function_key(wint_t k)
{
	static const struct {
		int curses, code;
	} map[] = {
		{ KEY_UP, KEYCODE_UP }, { KEY_DOWN, KEYCODE_DOWN }, { KEY_LEFT, KEYCODE_LEFT },
		{ KEY_RIGHT, KEYCODE_RIGHT }, { KEY_HOME, KEYCODE_HOME }, { KEY_END, KEYCODE_END },
		{ KEY_PPAGE, KEYCODE_PAGE_UP }, { KEY_NPAGE, KEYCODE_PAGE_DOWN },
		{ KEY_BACKSPACE, KEYCODE_BACKSPACE }, { KEY_DC, KEYCODE_DELETE },
		{ KEY_IC, KEYCODE_INSERT }, { KEY_ENTER, KEYCODE_ENTER },
		{ KEY_BTAB, KEYCODE_BACKTAB }, { KEY_FIND, KEYCODE_HOME },
		{ KEY_SELECT, KEYCODE_END },
	};

	if (k >= KEY_F(1) && k <= KEY_F(12))
		return KEYCODE_F1 + (int)(k - KEY_F(1));
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if ((wint_t)map[i].curses == k)
			return map[i].code;
	return KEYCODE_NONE;
}

static int char_key(wint_t c)
{
	switch (c) {
	case '\r': return KEYCODE_ENTER;
	case '\t': return KEYCODE_TAB;
	case 27: return KEYCODE_ESCAPE;
	case 8: case 127: return KEYCODE_BACKSPACE;
	}
	return c > 0 && c <= 0x10FFFF ? (int)c : KEYCODE_NONE;
}

int input_key(bool *resized)
{
	wint_t c;
	int r = wget_wch(stdscr, &c);

	*resized = false;
	if (r == ERR)
		return KEYCODE_NONE;
	if (r == KEY_CODE_YES) {
		if (c == KEY_RESIZE)
			*resized = true;
		return function_key(c);
	}
	if (c == 27) {
		/* Alt sends Escape then the key, at once; curses has waited
		 * ESCDELAY for it already */
		wint_t next;

		if (wget_wch(stdscr, &next) == OK && next != 27 && char_key(next) != KEYCODE_NONE)
			return char_key(next) | KEYCODE_META;
	}
	return char_key(c);
}

/* ---- scripts ----------------------------------------------------------- */

struct script {
	FILE *f;
	char *line;		/* the line in hand; owned */
	const char *p;		/* the next key in it */
};

enum err script_open(const char *path, struct script **out, struct errbuf *eb)
{
	FILE *f = fopen(path, "r");

	*out = NULL;
	if (!f)
		return err_set(eb, ERR_IO, "cannot open script '%s': %s", path, strerror(errno));
	*out = xcalloc(1, sizeof(**out));
	(*out)->f = f;
	return ERR_OK;
}

void script_free(struct script *s)
{
	if (!s)
		return;
	fclose(s->f);
	free(s->line);
	free(s);
}

void script_step_release(struct script_step *st)
{
	free(st->command);
	st->command = NULL;
}

static bool read_line(struct script *s)
{
	struct strbuf sb = STRBUF_INIT;
	int c;

	free(s->line);
	s->line = NULL;
	while ((c = fgetc(s->f)) != EOF && c != '\n')
		strbuf_addch(&sb, c);
	if (c == EOF && !sb.len) {
		strbuf_release(&sb);
		return false;
	}
	s->line = strbuf_detach(&sb);
	s->p = s->line;
	return true;
}

struct script_step script_next(struct script *s)
{
	struct script_step st = { STEP_END, KEYCODE_NONE, NULL };
	char name[64];
	size_t n;

	for (;;) {
		if (s->p)
			s->p += strspn(s->p, " \t");
		if (s->p && *s->p && *s->p != '#')
			break;
		if (!read_line(s))
			return st;
		if (s->line[0] == ':') {
			st.kind = STEP_COMMAND;
			st.command = xstrdup(s->line + 1);
			s->p = NULL;
			return st;
		}
	}
	n = strcspn(s->p, " \t");
	snprintf(name, sizeof(name), "%.*s", (int)n, s->p);
	s->p += n;
	st.key = keymap_parse_key(name);
	st.kind = st.key != KEYCODE_NONE ? STEP_KEY : STEP_COMMAND;
	if (st.kind == STEP_COMMAND)
		st.command = xasprintf("bad-key %s", name);
	return st;
}

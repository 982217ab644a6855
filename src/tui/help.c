/* help.c: the help overlay, generated from the keymap. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "tui/help.h"
#include "tui/text.h"

#define KEY_COLS 18

static const char *const legend[] = {
	"",
	"In the clip list:",
	"  *            marked for later",
	"  %s music      a class you decided (plain: a suggestion)",
	"  FLAG  S      one half of a split stereo pair",
	"        D      dual mono: both channels the same",
	"        M      missing or unreadable media",
	"        !      other problems (truncated media, audio problems)",
};

/* The lines of the overlay: one per action with a key here. */
static int help_lines(struct app *a, enum keymap_context ctx, int first, int y, int rows, int x,
		      int w)
{
	int line = 0;

	for (int act = 1; act < ACTION_COUNT; act++) {
		char keys[128];

		keymap_describe_keys(a->km, ctx, (enum action)act, keys, sizeof(keys));
		if (!*keys)
			continue;
		if (line >= first && line - first < rows) {
			int yy = y + line - first;

			text_put(stdscr, yy, x, keys, KEY_COLS - 1, KEY_COLS,
				 a->attr[THEME_HELP_KEY]);
			text_put(stdscr, yy, x + KEY_COLS, action_description((enum action)act),
				 w - KEY_COLS, 0, a->attr[THEME_NORMAL]);
		}
		line++;
	}
	for (size_t i = 0; i < sizeof(legend) / sizeof(legend[0]); i++, line++) {
		char buf[160];

		if (line < first || line - first >= rows)
			continue;
		if (strstr(legend[i], "%s"))
			snprintf(buf, sizeof(buf), "  %s music      a class you decided (plain: a "
				 "suggestion)", text_glyphs()->human);
		else
			snprintf(buf, sizeof(buf), "%s", legend[i]);
		text_put(stdscr, y + line - first, x, buf, w, 0, a->attr[THEME_DIM]);
	}
	return line;
}

void help_draw(struct app *a)
{
	enum keymap_context ctx = app_view_context(a);
	int w = COLS, h = app_list_lines(a), x = 0, y = 1;
	int total = help_lines(a, ctx, 0, 0, 0, 0, 0);
	char title[128];

	if (w < 20 || h < 4)
		return;
	if (a->help_top > total - (h - 1))
		a->help_top = total - (h - 1) > 0 ? total - (h - 1) : 0;
	for (int r = 0; r < h; r++)
		text_fill(stdscr, y + r, x, w, a->attr[THEME_NORMAL]);
	snprintf(title, sizeof(title), " Keys in %s (keymap %s)   Up/Down scroll, Escape closes",
		 keymap_context_name(ctx), a->keymap_name);
	text_put(stdscr, y, x, title, w, w, a->attr[THEME_HEADER]);
	help_lines(a, ctx, a->help_top, y + 1, h - 1, x + 1, w - 2);
}

bool help_action(struct app *a, enum action act)
{
	switch (act) {
	case ACTION_HELP:
	case ACTION_BACK:
	case ACTION_QUIT:
		a->help = false;
		a->help_top = 0;
		return true;
	case ACTION_UP:
		if (a->help_top > 0)
			a->help_top--;
		return true;
	case ACTION_DOWN:
		a->help_top++;
		return true;
	case ACTION_PAGE_UP:
		a->help_top = a->help_top > LINES - 6 ? a->help_top - (LINES - 6) : 0;
		return true;
	case ACTION_PAGE_DOWN:
		a->help_top += LINES - 6;
		return true;
	case ACTION_TOP:
		a->help_top = 0;
		return true;
	default:
		return false;
	}
}

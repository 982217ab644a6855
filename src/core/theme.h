/*
 * theme.h: the colours and attributes of each part of the screen, as
 * plain data: theme slots, colour numbers, attribute bits.  The front end
 * turns a resolved theme into colour pairs.  Theme files are INI:
 *
 *	[meta]
 *	format = 1
 *	[colors]
 *	status_line   = black, cyan
 *	clip_selected = white, blue, bold
 *	meter_over    = red, default, reverse
 *
 * A value is a foreground colour, optionally a background colour, then
 * any attributes, separated by commas.  Colours are default, black, red,
 * green, yellow, blue, magenta, cyan, white, their light... forms
 * (lightblack is grey) or 0-255; attributes are bold, underline, reverse,
 * dim.  A file sets only the slots it names; problems are reported one
 * per line and the slot keeps its value.
 *
 * Depends on libc, err.h and inifile.h.  No curses.
 */
#ifndef TURNOVER_THEME_H
#define TURNOVER_THEME_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "inifile.h"

enum theme_slot {
	THEME_NORMAL,		/* the lists and text */
	THEME_TITLE,		/* the top line */
	THEME_HEADER,		/* column headings */
	THEME_CLIP_SELECTED,	/* the line under the cursor */
	THEME_CLIP_FLAGGED,	/* flags of a clip with problems */
	THEME_CLIP_MARKED,	/* the mark of a clip kept for later */
	THEME_UNCERTAIN,	/* a confidence below the threshold */
	THEME_DIALOGUE,		/* class names */
	THEME_MUSIC,
	THEME_SFX,
	THEME_HUMAN,		/* a class decided by a person */
	THEME_STATUS_LINE,
	THEME_STATUS_PLAYING,	/* the play position while playing */
	THEME_MESSAGE,
	THEME_ERROR,
	THEME_BAR,		/* confidence and progress bars: filled */
	THEME_BAR_EMPTY,	/* ... and the rest */
	THEME_METER,		/* the level overview */
	THEME_METER_OVER,	/* levels at full scale */
	THEME_PLAYHEAD,		/* the play position in the level overview */
	THEME_SEARCH_MATCH,
	THEME_HELP_KEY,		/* key names in the help overlay */
	THEME_DIM,		/* secondary text: "—", paths */
	THEME_SLOT_COUNT
};

enum theme_attr {
	THEME_ATTR_BOLD = 1 << 0,
	THEME_ATTR_UNDERLINE = 1 << 1,
	THEME_ATTR_REVERSE = 1 << 2,
	THEME_ATTR_DIM = 1 << 3
};

/* The terminal's own colour (curses -1). */
#define THEME_COLOR_DEFAULT (-1)

/* Colour numbers: 0-7 black..white, 8-15 their light forms, up to 255. */
struct theme_style {
	int fg, bg;		/* THEME_COLOR_DEFAULT or 0-255 */
	unsigned attrs;		/* enum theme_attr bits */
};

/* A resolved theme: every slot has a style. */
struct theme {
	struct theme_style slot[THEME_SLOT_COUNT];
};

/* The slot's name in theme files ("status_line"); "" when out of range. */
const char *theme_slot_name(enum theme_slot s);

/* The slot named name; THEME_SLOT_COUNT when none. */
enum theme_slot theme_slot_parse(const char *name);

/* The colour named name (or a number 0-255) in *color; false when it is
 * no colour. */
bool theme_color_parse(const char *name, int *color);

/* The attribute bit named name; 0 when none. */
unsigned theme_attr_parse(const char *name);

/* Fills t with the built-in theme (the same as themes/default.ini). */
void theme_init_builtin(struct theme *t);

/*
 * Applies dictionary d (what file holds; file is used in messages) over t:
 * only the slots it names change.  Every problem goes to r as "file:
 * [section] key: message".  Returns the number of problems.
 */
size_t theme_apply(struct theme *t, const struct _dictionary_ *d, const char *file,
		   struct inifile_report *r);

/*
 * Loads the theme file at path over t.  A file with a syntax error or a
 * newer format is not applied.  errors: those of inifile_load(), and
 * ERR_CONFIG for a newer format.
 */
enum err theme_load_file(struct theme *t, const char *path, struct inifile_report *r,
			 struct errbuf *eb);

/*
 * s as a terminal with colors colours can show it: under 8, attributes
 * only (colours become default, and a background colour turns reverse
 * on, or off when reverse was set, so bars and the cursor line still
 * stand out); with 8 or 16, light colours become
 * their dark form (bold for a foreground) when over the limit, and 16-255
 * the nearest of the first 8 or 16.
 */
struct theme_style theme_style_for_colors(struct theme_style s, int colors);

#endif

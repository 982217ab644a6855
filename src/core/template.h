/*
 * template.h: a facility's session template (templates/NAME.ini, see
 * doc/templates.md): the tracks a prepped session must have, in order,
 * each with a name, a kind (dialogue, boom, lav, music, fx, review, …),
 * a channel format, a colour, a folder and an output bus, and how many
 * overflow copies ("DIA 1" … "DIA n") it gets; and the mapping rules:
 * which kinds each class and tag goes to, words in clip, file and iXML
 * track names that tell boom from lav, the confidence threshold and the
 * review track for clips nobody is sure of.
 *
 * A template with any problem is refused as a whole (a wrong template
 * would put clips in the wrong place), each problem reported as
 * "file:LINE: [section] key: message".
 *
 * Depends on libc, err.h, inifile.h (iniparser), and the enums of
 * session.h (channel formats) and analysis/classifier.h (classes): no
 * functions of theirs, so the fuzzer needs only this file and inifile.c.
 */
#ifndef TURNOVER_TEMPLATE_H
#define TURNOVER_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "inifile.h"
#include "session.h"
#include "analysis/classifier.h"

/* What a track is for. */
enum template_kind {
	TEMPLATE_KIND_DIALOGUE,
	TEMPLATE_KIND_BOOM,
	TEMPLATE_KIND_LAV,
	TEMPLATE_KIND_ADR,
	TEMPLATE_KIND_VO,
	TEMPLATE_KIND_PFX,		/* production effects */
	TEMPLATE_KIND_MUSIC,
	TEMPLATE_KIND_SOURCE_MUSIC,
	TEMPLATE_KIND_FX,
	TEMPLATE_KIND_BG,
	TEMPLATE_KIND_FOLEY,
	TEMPLATE_KIND_REVIEW,		/* clips nobody is sure of */
	TEMPLATE_KIND_OTHER,		/* nothing is mapped here (guide, print, …) */
	TEMPLATE_KIND_COUNT
};

/* Most overflow copies of one track. */
#define TEMPLATE_MAX_OVERFLOW 64

/* Tag rules: the analysis tags (analysis/classify.h), by bit position. */
#define TEMPLATE_TAGS 3

struct template_track {
	char *name;		/* as the session shows it (overflow adds " N") */
	enum template_kind kind;
	enum channel_format format;
	char *colour;		/* as written ("#RRGGBB" or a name); "" when none */
	char *folder;		/* folder or group; "" when none */
	char *output;		/* output bus; "" when none */
	int overflow;		/* copies when clips overlap, 1 .. TEMPLATE_MAX_OVERFLOW */
};

/* An ordered list of kinds. */
struct template_kinds {
	enum template_kind v[TEMPLATE_KIND_COUNT];
	size_t n;
};

struct template {
	char *file;		/* the path it was read from */
	char *name;		/* [meta] name; the file's stem when absent */
	double threshold;	/* below it a model's class is not trusted */
	size_t review;		/* index of the review track */
	struct template_track *tracks;	/* owned, in session order */
	size_t n_tracks;
	struct template_kinds classes[CLIP_CLASS_COUNT];	/* where each class goes */
	struct template_kinds tags[TEMPLATE_TAGS];	/* where a tagged clip goes (n = 0: by class) */
	char **hints[TEMPLATE_KIND_COUNT];	/* words that send a clip to a kind; owned */
	size_t n_hints[TEMPLATE_KIND_COUNT];
};

/*
 * Reads the template at path into *out (the caller frees it with
 * template_free()).  Every problem goes to r (may be NULL); the first is
 * also in eb.  errors: ERR_NOT_FOUND, ERR_IO, ERR_CONFIG (syntax error,
 * unknown section, key, kind or format, missing name, no review track,
 * a rule naming a kind no track has, …).
 */
enum err template_load(const char *path, struct template **out, struct inifile_report *r,
		       struct errbuf *eb);

/*
 * The same from a loaded dictionary d; text (may be NULL) is the file's
 * content, used to give problems their line number.  For the fuzzer.
 */
enum err template_from_dict(const struct _dictionary_ *d, const char *file, const char *text,
			    struct template **out, struct inifile_report *r, struct errbuf *eb);

/* Frees t; NULL does nothing. */
void template_free(struct template *t);

/* "dialogue", "boom", …; "" out of range. */
const char *template_kind_name(enum template_kind k);

/* "dialogue", "music", "sfx" (as clip_class_name()); "" out of range. */
const char *template_class_name(enum clip_class c);

/* The name of tag bit position bit (0: "tone", as analysis_tag_name(1 << bit)). */
const char *template_tag_name(int bit);

/* The kind named name (case-insensitive, '-' or ' ' as '_'); COUNT if none. */
enum template_kind template_kind_parse(const char *name);

/* The class whose clips belong on a track of kind k (review and other:
 * CLIP_CLASS_COUNT). */
enum clip_class template_kind_class(enum template_kind k);

/*
 * The template at name: a path (with a '/' or ending in ".ini") as is,
 * else NAME.ini under $XDG_CONFIG_HOME/turnover/templates, then
 * the installed templates, then the source tree's (a build that is not
 * installed).  Returns a new string, or NULL when none
 * exists.
 */
char *template_find(const char *name);

#endif

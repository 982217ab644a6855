/*
 * action.h: the actions keys are bound to, made from actions.def: the
 * enum, their names in keymap files and their one-line descriptions.
 * Low level: libc only.
 */
#ifndef TURNOVER_ACTION_H
#define TURNOVER_ACTION_H

enum action {
	ACTION_NONE,	/* no action: an unbound key */
#define ACTION(id, name, desc) ACTION_##id,
#include "actions.def"
#undef ACTION
	ACTION_COUNT
};

/* The name of a (as in keymap files: "next_uncertain"); "" for
 * ACTION_NONE or out of range.  Static. */
const char *action_name(enum action a);

/* The one-line description of a; "" for ACTION_NONE or out of range. */
const char *action_description(enum action a);

/* The action named name (exactly, lower case); ACTION_NONE when none. */
enum action action_parse(const char *name);

#endif

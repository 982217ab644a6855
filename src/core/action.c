/* action.c: names and descriptions of the actions in actions.def. */
#include "config.h"

#include <string.h>

#include "action.h"

static const char *const names[ACTION_COUNT] = {
	[ACTION_NONE] = "",
#define ACTION(id, name, desc) [ACTION_##id] = name,
#include "actions.def"
#undef ACTION
};

static const char *const descriptions[ACTION_COUNT] = {
	[ACTION_NONE] = "",
#define ACTION(id, name, desc) [ACTION_##id] = desc,
#include "actions.def"
#undef ACTION
};

const char *action_name(enum action a)
{
	return (unsigned)a < ACTION_COUNT ? names[a] : "";
}

const char *action_description(enum action a)
{
	return (unsigned)a < ACTION_COUNT ? descriptions[a] : "";
}

enum action action_parse(const char *name)
{
	for (int a = 1; a < ACTION_COUNT; a++)
		if (!strcmp(names[a], name))
			return (enum action)a;
	return ACTION_NONE;
}

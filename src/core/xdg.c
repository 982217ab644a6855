/* xdg.c: turnover's per-user folders. */
#include "config.h"

#include <stdlib.h>

#include "xalloc.h"
#include "xdg.h"

static const struct {
	const char *var, *home_sub;
} kinds[XDG_COUNT] = {
	[XDG_CONFIG] = { "XDG_CONFIG_HOME", ".config" },
	[XDG_CACHE] = { "XDG_CACHE_HOME", ".cache" },
	[XDG_STATE] = { "XDG_STATE_HOME", ".local/state" },
};

char *xdg_dir(enum xdg_kind kind)
{
	const char *xdg = getenv(kinds[kind].var), *home = getenv("HOME");

	if (xdg && *xdg)
		return xasprintf("%s/turnover", xdg);
	return home && *home ? xasprintf("%s/%s/turnover", home, kinds[kind].home_sub) : NULL;
}

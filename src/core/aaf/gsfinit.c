/* gsfinit.c: libgsf start-up shared by the compound-file reader and writer. */
#include "config.h"

#include <gsf/gsf-utils.h>
#include <stdbool.h>

#include "aaf/gsfinit.h"
#include "log.h"

/* libgsf's complaints about damaged files come back to the caller as our
 * own errors; its wording is kept for debugging only. */
static void glib_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer user)
{
	(void)level;
	(void)user;
	log_debug("%s: %s", domain ? domain : "glib", msg);
}

void gsfinit_once(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	gsf_init();
	g_log_set_default_handler(glib_log, NULL);
}

/* log.c: the core's one way to say something: a callback. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "log.h"

static log_fn log_cb;
static void *log_user;

void log_set_callback(log_fn fn, void *user)
{
	log_cb = fn;
	log_user = user;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (!log_cb)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_cb(level, buf, log_user);
}

/* err.c: error codes and the first-message-wins error buffer. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "err.h"

static const char *const err_texts[ERR_COUNT] = {
#define ERR_TEXT_(name, msg) [ERR_##name] = msg,
	ERR_CODES(ERR_TEXT_)
#undef ERR_TEXT_
};

const char *err_str(enum err code)
{
	if ((unsigned)code >= ERR_COUNT)
		return "unknown error";
	return err_texts[code];
}

void errbuf_init(struct errbuf *eb)
{
	eb->code = ERR_OK;
	eb->msg[0] = '\0';
}

enum err err_set(struct errbuf *eb, enum err code, const char *fmt, ...)
{
	va_list ap;

	if (!eb || eb->code != ERR_OK || code == ERR_OK)
		return code;
	eb->code = code;
	va_start(ap, fmt);
	vsnprintf(eb->msg, sizeof(eb->msg), fmt, ap);
	va_end(ap);
	return code;
}

const char *errbuf_msg(const struct errbuf *eb)
{
	if (eb->msg[0])
		return eb->msg;
	return err_str(eb->code);
}

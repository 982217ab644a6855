/*
 * log.h: warnings from the core go through one callback that the front end
 * installs; with none installed they are dropped.  The core never prints.
 */
#ifndef TURNOVER_LOG_H
#define TURNOVER_LOG_H

enum log_level { LOG_LEVEL_DEBUG, LOG_LEVEL_INFO, LOG_LEVEL_WARN, LOG_LEVEL_ERROR, LOG_LEVEL_COUNT };

typedef void (*log_fn)(enum log_level level, const char *msg, void *user);

/* Installs fn (NULL: drop messages) for every thread; call before work starts. */
void log_set_callback(log_fn fn, void *user);

void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_warn(...) log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif

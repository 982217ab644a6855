/*
 * nettoken.h: the secret a remote audition sender presents to `turnover
 * listen`: made up at random, or read from the token file,
 * $XDG_CONFIG_HOME/turnover/listen-token (~/.config/... without
 * XDG_CONFIG_HOME), which only its owner may read (mode 0600).
 * Depends on libc, err.h and netproto.h.
 */
#ifndef TURNOVER_AUDIO_NETTOKEN_H
#define TURNOVER_AUDIO_NETTOKEN_H

#include <stddef.h>

#include "err.h"
#include "audio/netproto.h"

/* Room for a token and its NUL. */
#define NETTOKEN_SIZE (NETPROTO_MAX_TOKEN + 1)

/* The token file's path (the caller frees it), or NULL when neither
 * XDG_CONFIG_HOME nor HOME is set. */
char *nettoken_path(void);

/*
 * Reads the token in the file at path into out (NETTOKEN_SIZE bytes).
 * errors: ERR_NOT_FOUND (no file), ERR_CONFIG (not a valid token, or
 * readable by group or others), ERR_IO.
 */
enum err nettoken_load(const char *path, char *out, struct errbuf *eb);

/* A new random token (32 hex digits) in out.  errors: ERR_IO. */
enum err nettoken_generate(char *out, struct errbuf *eb);

/* Writes token to path atomically with mode 0600, making its folder
 * when missing.  errors: ERR_IO. */
enum err nettoken_save(const char *path, const char *token, struct errbuf *eb);

#endif

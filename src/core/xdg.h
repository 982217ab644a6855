/*
 * xdg.h: turnover's per-user folders, as the XDG base directory
 * specification places them: $XDG_CONFIG_HOME/turnover (else
 * ~/.config/turnover) for keymaps, themes, templates and the listen
 * token; $XDG_CACHE_HOME/turnover (else ~/.cache/turnover) for the
 * analysis cache; $XDG_STATE_HOME/turnover (else ~/.local/state/turnover)
 * for decisions that cannot be kept beside a turnover.
 *
 * Depends on libc and xalloc.
 */
#ifndef TURNOVER_XDG_H
#define TURNOVER_XDG_H

enum xdg_kind { XDG_CONFIG, XDG_CACHE, XDG_STATE, XDG_COUNT };

/* The folder of that kind (not created); NULL when neither the variable
 * nor $HOME is set.  The caller frees it. */
char *xdg_dir(enum xdg_kind kind);

#endif

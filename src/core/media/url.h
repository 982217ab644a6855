/*
 * url.h: turning an AAF media locator (a file URL as written by Media
 * Composer, Premiere, Resolve, Pro Tools, or a plain path) into a local
 * path candidate.  Pure string work: no file system access.  Depends on
 * libc and xalloc only.
 *
 * Accepted forms and what they give:
 *   file:///Volumes/X/a.wav             /Volumes/X/a.wav
 *   file://localhost/C:/dir/a.wav       C:/dir/a.wav
 *   file:///C:/dir/a.wav, file:///C%3A/  C:/dir/a.wav (drive paths as is)
 *   file://C:/dir/a.wav                 C:/dir/a.wav (drive written as host)
 *   file://host/share/dir/a.wav         /share/dir/a.wav (UNC: host dropped)
 *   file:////host/share/a.wav           /share/a.wav (UNC, 4+ slashes)
 *   file:/abs/a.wav                     /abs/a.wav
 *   file:a.wav, file:dir/a.wav          a.wav, dir/a.wav (relative)
 *   /abs/a.wav, C:\dir\a.wav            /abs/a.wav, C:/dir/a.wav
 * The scheme "file" is matched case-insensitively; any other scheme
 * (two or more letters before ':') is refused.  Percent escapes are decoded
 * in URLs only (hex digits of either case; the bytes are kept as they are,
 * UTF-8 or not); a plain path is taken literally, since '%' is a legal file
 * name character.  An invalid escape ("%zz", a '%' near the end) stays as
 * written, and "%00" stays as the three characters "%00", so a result never
 * holds an embedded NUL.  Backslashes become '/' after decoding (Windows
 * writers use them as separators).  '?' and '#' are not special: editors
 * write them unescaped in file names.  "C|/dir" (old drive form) becomes
 * "C:/dir".
 */
#ifndef TURNOVER_MEDIA_URL_H
#define TURNOVER_MEDIA_URL_H

#include <stdbool.h>

/*
 * The local path for a locator (forms above).  Returns a new string the
 * caller frees, or NULL when url is NULL, empty, has a scheme other than
 * "file", or names no path at all ("file:", "file://host").
 */
char *url_to_path(const char *url);

/*
 * The decoded last path segment of a locator (e.g. "café_scène.wav" for
 * ".../caf%C3%A9_sc%C3%A8ne.wav").  Returns a new string the caller frees,
 * or NULL when url_to_path() gives NULL or the path ends in '/'.
 */
char *url_basename(const char *url);

/*
 * s with its valid %XX escapes decoded (rules above).  Returns a new string
 * the caller frees; never NULL for a non-NULL s.
 */
char *url_decode(const char *s);

/* True when path starts with a Windows drive, "C:" followed by '/' or end. */
bool url_has_drive(const char *path);

/*
 * A file:// URL for a local path (relative paths are made absolute from
 * the current directory), every byte but letters, digits and "-._~/:"
 * percent-encoded in upper-case hex.  The caller frees it.
 */
char *url_from_path(const char *path);

#endif

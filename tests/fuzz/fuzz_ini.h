/*
 * fuzz_ini.h: for the keymap and theme fuzzers, a dictionary made from
 * the fuzzer's bytes the way iniparser would fill it ("[section]" lines,
 * "key = value" lines, keys lower-cased, values kept), without a file:
 * iniparser 4.1 only loads from a path.
 */
#ifndef TURNOVER_FUZZ_INI_H
#define TURNOVER_FUZZ_INI_H

#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(HAVE_INIPARSER_INIPARSER_H)
#include <iniparser/iniparser.h>
#else
#include <iniparser.h>
#endif

static void fuzz_ini_trim(char *s)
{
	size_t n = strlen(s), k = 0;

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (isspace((unsigned char)s[k]))
		k++;
	memmove(s, s + k, n - k + 1);
}

/* One line: a section, a key, or nothing. */
static void fuzz_ini_line(dictionary *d, char *line, char *section, size_t sn)
{
	char key[600], *eq;

	fuzz_ini_trim(line);
	if (line[0] == '[' && line[strlen(line) - 1] == ']' && strlen(line) > 2) {
		line[strlen(line) - 1] = '\0';
		snprintf(section, sn, "%s", line + 1);
		for (char *p = section; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		dictionary_set(d, section, NULL);
		return;
	}
	eq = strchr(line, '=');
	if (!eq || line[0] == '#' || line[0] == ';')
		return;
	*eq = '\0';
	fuzz_ini_trim(line);
	fuzz_ini_trim(eq + 1);
	for (char *p = line; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	snprintf(key, sizeof(key), "%s:%s", section, line);
	dictionary_set(d, key, eq + 1);
}

static dictionary *fuzz_ini_dict(const uint8_t *data, size_t size)
{
	dictionary *d = dictionary_new(0);
	char line[512], section[256] = "";
	size_t n = 0;

	for (size_t i = 0; i <= size; i++) {
		if (i == size || data[i] == '\n') {
			line[n] = '\0';
			fuzz_ini_line(d, line, section, sizeof(section));
			n = 0;
		} else if (n + 1 < sizeof(line) && data[i]) {
			line[n++] = (char)data[i];
		}
	}
	return d;
}

#endif

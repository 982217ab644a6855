/*
 * fuzz_keymap.c: libFuzzer target for keymaps: bytes made into a
 * dictionary (fuzz_ini.h) applied over the built-in keymap, every entry's
 * value read as key names, and names printed and read back.  Never a
 * crash, a leak or a sanitizer report; a printed name always reads back.
 */
#include "config.h"

#include <stdlib.h>

#include "fuzz_ini.h"
#include "keymap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_names(const char *value)
{
	char item[64], name[KEYMAP_KEY_NAME_MAX];
	const char *p = value;

	while (inifile_next_item(&p, item, sizeof(item), NULL)) {
		int k = keymap_parse_key(item);

		keymap_key_name(k, name, sizeof(name));
		if (k != KEYCODE_NONE && keymap_parse_key(name) != k)
			abort();
	}
}

static void each_entry(const char *section, const char *key, const char *value, void *user)
{
	(void)section;
	(void)user;
	if (key)
		check_names(value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dictionary *d = fuzz_ini_dict(data, size);
	struct keymap *km = keymap_new_builtin();
	struct inifile_report r;
	char buf[256];
	size_t before;

	inifile_report_init(&r);
	inifile_check_format(d, "fuzz", &r);
	before = r.n;
	if (keymap_apply(km, d, "fuzz", &r) != r.n - before)
		abort();
	inifile_foreach(d, each_entry, NULL);
	for (int c = 0; c < KEYMAP_CONTEXT_COUNT; c++)
		for (int a = 0; a < ACTION_COUNT; a++) {
			keymap_describe_keys(km, c, a, buf, sizeof(buf));
			keymap_lookup(km, c, size ? data[0] : 'q');
		}
	inifile_report_release(&r);
	keymap_free(km);
	dictionary_del(d);
	return 0;
}

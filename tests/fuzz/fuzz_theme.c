/*
 * fuzz_theme.c: libFuzzer target for themes: bytes made into a
 * dictionary (fuzz_ini.h) applied over the built-in theme, then every
 * slot fitted to 0, 8, 16 and 256 colours.  Never a crash, a leak or a
 * sanitizer report; colours always end in range.
 */
#include "config.h"

#include <stdlib.h>

#include "fuzz_ini.h"
#include "theme.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What a terminal with colors colours can be given. */
static int in_range(int c, int colors)
{
	return c == THEME_COLOR_DEFAULT || (colors >= 8 && c >= 0 && c < colors);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int colors[] = { 0, 2, 8, 16, 88, 256 };
	dictionary *d = fuzz_ini_dict(data, size);
	struct inifile_report r;
	struct theme t;

	theme_init_builtin(&t);
	inifile_report_init(&r);
	theme_apply(&t, d, "fuzz", &r);
	for (int s = 0; s < THEME_SLOT_COUNT; s++)
		for (size_t i = 0; i < sizeof(colors) / sizeof(colors[0]); i++) {
			struct theme_style st = theme_style_for_colors(t.slot[s], colors[i]);

			if (!in_range(st.fg, colors[i]) || !in_range(st.bg, colors[i]))
				abort();
		}
	inifile_report_release(&r);
	dictionary_del(d);
	return 0;
}

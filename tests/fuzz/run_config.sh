#!/bin/sh
# run_config.sh [SECONDS]: builds the keymap, theme and template fuzzers
# (fuzz_keymap.c, fuzz_theme.c, fuzz_template.c) with clang and libFuzzer
# and runs each for a bounded time (default $FUZZ_CONFIG_SECONDS, else 10).
# They need only the few core files that read keymaps, themes and
# templates, compiled here with the fuzzer's instrumentation.  Seeds: the
# shipped keymaps/, themes/ and templates/.
#
# A crash, leak or sanitizer report fails the script; the input is kept
# as $TURNOVER_BUILDDIR/tests/fuzz/fuzz_TARGET-crash-HASH.ini (printed).
# Exit status: 0 nothing found, 1 found something (or could not build),
# 77 no clang/libFuzzer, or SECONDS 0 (skipped).  See fuzzlib.sh.
set -u
name=run_config.sh
. "$(dirname "$0")/fuzzlib.sh"
fuzz_setup "${1:-${FUZZ_CONFIG_SECONDS:-10}}"

status=0
for target in keymap theme template; do
	files="$srcdir/tests/fuzz/fuzz_$target.c"
	for m in action inifile keymap theme template err xalloc xdg strbuf utf8; do
		files="$files $srcdir/src/core/$m.c"
	done
	# shellcheck disable=SC2086
	fuzz_build fuzz_$target $files -liniparser
	dir=themes
	[ $target = keymap ] && dir=keymaps
	[ $target = template ] && dir=templates
	mkdir -p "$work/seeds-$target" && cp "$srcdir/$dir"/*.ini "$work/seeds-$target/"
	fuzz_run fuzz_$target "$work/seeds-$target" 4096 ini || status=1
done
exit $status

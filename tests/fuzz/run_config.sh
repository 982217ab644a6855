#!/bin/sh
# run_config.sh [SECONDS]: builds the keymap, theme and template fuzzers
# (fuzz_keymap.c, fuzz_theme.c, fuzz_template.c) with clang and libFuzzer
# and runs each for a bounded time (default $FUZZ_CONFIG_SECONDS, else 10).
# They need only the few core files that read keymaps, themes and
# templates, compiled here with the fuzzer's instrumentation.  Seeds: the
# shipped keymaps/, themes/ and templates/.
#
# A crash, leak or sanitizer report fails the script; the input is kept
# as $TURNOVER_BUILDDIR/tests/fuzz/config-crash-TARGET-HASH.ini (printed).
# Environment: FUZZ_CC (default clang), TURNOVER_SRCDIR, TURNOVER_BUILDDIR.
# Exit status: 0 nothing found, 1 found something (or could not build),
# 77 no clang/libFuzzer, or SECONDS 0 (skipped).
set -u

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${TURNOVER_SRCDIR:-$(cd "$here/../.." && pwd)}
builddir=${TURNOVER_BUILDDIR:-$srcdir}
cc=${FUZZ_CC:-clang}
seconds=${1:-${FUZZ_CONFIG_SECONDS:-10}}
out=$builddir/tests/fuzz

case $seconds in
''|*[!0-9]*) echo "run_config.sh: bad SECONDS '$seconds'" >&2; exit 1 ;;
esac
if [ "$seconds" -eq 0 ]; then
	echo "run_config.sh: 0 seconds: fuzzing skipped"
	exit 77
fi
if [ ! -f "$builddir/config.h" ]; then
	echo "run_config.sh: no config.h in '$builddir'" >&2
	exit 1
fi
if ! command -v "$cc" >/dev/null 2>&1; then
	echo "SKIP: '$cc' not found"
	exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz_config.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n%s\n' \
	'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
	>"$work/probe.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$work/probe.c" -o "$work/probe" >/dev/null 2>&1; then
	echo "SKIP: '$cc' cannot link -fsanitize=fuzzer,address,undefined (install libclang-rt-dev)"
	exit 77
fi

core="action inifile keymap theme template err xalloc strbuf utf8"
flags="-std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -Wall -Wextra -I$builddir -I$srcdir/src -I$srcdir/src/core"
mkdir -p "$out" || exit 1
status=0
for target in keymap theme template; do
	files="$srcdir/tests/fuzz/fuzz_$target.c"
	for m in $core; do
		files="$files $srcdir/src/core/$m.c"
	done
	# shellcheck disable=SC2086
	if ! "$cc" $flags $files -o "$out/fuzz_$target" -liniparser 2>"$work/build.err"; then
		cat "$work/build.err" >&2
		echo "run_config.sh: cannot build fuzz_$target" >&2
		exit 1
	fi
	mkdir -p "$work/corpus-$target" "$work/seeds-$target" "$work/art-$target"
	dir=themes
	[ $target = keymap ] && dir=keymaps
	[ $target = template ] && dir=templates
	cp "$srcdir/$dir"/*.ini "$work/seeds-$target/"
	echo "run_config.sh: fuzz_$target for ${seconds}s"
	ASAN_OPTIONS="detect_leaks=1:abort_on_error=0" \
		"$out/fuzz_$target" -max_total_time="$seconds" -timeout=10 -max_len=4096 \
		-error_exitcode=1 -artifact_prefix="$work/art-$target/" -print_final_stats=1 \
		"$work/corpus-$target" "$work/seeds-$target" >"$work/log-$target" 2>&1
	rc=$?
	grep -v -e '^#[0-9]*	*\(NEW\|REDUCE\|pulse\)' "$work/log-$target" | tail -n 15
	for a in "$work/art-$target"/*; do
		[ -f "$a" ] || continue
		keep=$out/config-crash-$target-$(basename "$a" | sed 's/^[a-z-]*-//' | cut -c1-8).ini
		cp "$a" "$keep"
		echo "run_config.sh: FOUND a problem in fuzz_$target; input kept as $keep"
		rc=1
	done
	[ $rc -eq 0 ] || status=1
done
exit $status

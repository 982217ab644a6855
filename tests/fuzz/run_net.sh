#!/bin/sh
# run_net.sh [SECONDS]: builds the remote audition protocol fuzzer
# (fuzz_netproto.c: what `turnover listen` parses from a connection) with
# clang and libFuzzer and runs it for a bounded time (default
# $FUZZ_NET_SECONDS, else 10).  Seeds: a hello, an accept, a refusal, an
# audio packet, a flush and a stop, written by the protocol's own writers
# (tests/fuzz/netproto_seeds.c).
#
# A crash or sanitizer report fails the script; the input is kept as
# $TURNOVER_BUILDDIR/tests/fuzz/net-crash-HASH.bin (printed).
# Environment: FUZZ_CC (default clang), TURNOVER_SRCDIR, TURNOVER_BUILDDIR.
# Exit status: 0 nothing found, 1 found something (or could not build),
# 77 no clang/libFuzzer, or SECONDS 0 (skipped).
set -u

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${TURNOVER_SRCDIR:-$(cd "$here/../.." && pwd)}
builddir=${TURNOVER_BUILDDIR:-$srcdir}
cc=${FUZZ_CC:-clang}
seconds=${1:-${FUZZ_NET_SECONDS:-10}}
out=$builddir/tests/fuzz

case $seconds in
''|*[!0-9]*) echo "run_net.sh: bad SECONDS '$seconds'" >&2; exit 1 ;;
esac
if [ "$seconds" -eq 0 ]; then
	echo "run_net.sh: 0 seconds: fuzzing skipped"
	exit 77
fi
if [ ! -f "$builddir/config.h" ]; then
	echo "run_net.sh: no config.h in '$builddir'" >&2
	exit 1
fi
if ! command -v "$cc" >/dev/null 2>&1; then
	echo "SKIP: '$cc' not found"
	exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz_net.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n%s\n' \
	'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
	>"$work/probe.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$work/probe.c" -o "$work/probe" >/dev/null 2>&1; then
	echo "SKIP: '$cc' cannot link -fsanitize=fuzzer,address,undefined (install libclang-rt-dev)"
	exit 77
fi

inc="-I$builddir -I$srcdir/src -I$srcdir/src/core"
flags="-std=c11 -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all -Wall -Wextra $inc"
lib="$srcdir/src/audio/netproto.c $srcdir/src/core/err.c"
mkdir -p "$out" "$work/corpus" "$work/seeds" "$work/art" || exit 1
# shellcheck disable=SC2086
if ! "$cc" $flags -fsanitize=fuzzer,address,undefined "$srcdir/tests/fuzz/fuzz_netproto.c" $lib \
		-lm -o "$out/fuzz_netproto" 2>"$work/build.err" ||
   ! "$cc" $flags "$srcdir/tests/fuzz/netproto_seeds.c" $lib -lm -o "$work/seeds.bin" \
		2>>"$work/build.err"; then
	cat "$work/build.err" >&2
	echo "run_net.sh: cannot build fuzz_netproto" >&2
	exit 1
fi
"$work/seeds.bin" "$work/seeds" || exit 1
echo "run_net.sh: fuzz_netproto for ${seconds}s"
ASAN_OPTIONS="detect_leaks=1:abort_on_error=0" \
	"$out/fuzz_netproto" -max_total_time="$seconds" -timeout=10 -max_len=40000 \
	-error_exitcode=1 -artifact_prefix="$work/art/" -print_final_stats=1 \
	"$work/corpus" "$work/seeds" >"$work/log" 2>&1
rc=$?
grep -v -e '^#[0-9]*	*\(NEW\|REDUCE\|pulse\)' "$work/log" | tail -n 15
for a in "$work/art"/*; do
	[ -f "$a" ] || continue
	keep=$out/net-crash-$(basename "$a" | sed 's/^[a-z-]*-//' | cut -c1-8).bin
	cp "$a" "$keep"
	echo "run_net.sh: FOUND a problem in fuzz_netproto; input kept as $keep"
	rc=1
done
exit $rc

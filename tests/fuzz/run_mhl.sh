#!/bin/sh
# run_mhl.sh [SECONDS]: builds the hash-list reader's fuzzer (fuzz_mhl.c)
# with clang and libFuzzer and runs it for a bounded time (default
# $FUZZ_MHL_SECONDS, else 10).  It needs only the few core files that read
# and write hash lists, compiled here with the fuzzer's instrumentation.
# Seeds: a manifest as turnover writes it and one as other MHL tools do.
#
# A crash, leak or sanitizer report fails the script; the input is kept
# as $TURNOVER_BUILDDIR/tests/fuzz/mhl-crash-HASH.mhl (printed).
# Environment: FUZZ_CC (default clang), TURNOVER_SRCDIR, TURNOVER_BUILDDIR.
# Exit status: 0 nothing found, 1 found something (or could not build),
# 77 no clang/libFuzzer, or SECONDS 0 (skipped).
set -u

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${TURNOVER_SRCDIR:-$(cd "$here/../.." && pwd)}
builddir=${TURNOVER_BUILDDIR:-$srcdir}
cc=${FUZZ_CC:-clang}
seconds=${1:-${FUZZ_MHL_SECONDS:-10}}
out=$builddir/tests/fuzz

case $seconds in
''|*[!0-9]*) echo "run_mhl.sh: bad SECONDS '$seconds'" >&2; exit 1 ;;
esac
if [ "$seconds" -eq 0 ]; then
	echo "run_mhl.sh: 0 seconds: fuzzing skipped"
	exit 77
fi
if [ ! -f "$builddir/config.h" ]; then
	echo "run_mhl.sh: no config.h in '$builddir'" >&2
	exit 1
fi
if ! command -v "$cc" >/dev/null 2>&1; then
	echo "SKIP: '$cc' not found"
	exit 77
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz_mhl.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n%s\n' \
	'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
	>"$work/probe.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$work/probe.c" -o "$work/probe" >/dev/null 2>&1; then
	echo "SKIP: '$cc' cannot link -fsanitize=fuzzer,address,undefined (install libclang-rt-dev)"
	exit 77
fi

flags="-std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=all -Wall -Wextra -I$builddir -I$srcdir/src -I$srcdir/src/core"
files="$srcdir/tests/fuzz/fuzz_mhl.c"
for m in prep/mhl prep/mhl_read err xalloc strbuf; do
	files="$files $srcdir/src/core/$m.c"
done
mkdir -p "$out" "$work/corpus" "$work/seeds" "$work/art" || exit 1
# shellcheck disable=SC2086
if ! "$cc" $flags $files -o "$out/fuzz_mhl" -lxxhash 2>"$work/build.err"; then
	cat "$work/build.err" >&2
	echo "run_mhl.sh: cannot build fuzz_mhl" >&2
	exit 1
fi
cat >"$work/seeds/turnover.mhl" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<hashlist version="1.1">
  <creatorinfo>
    <tool>turnover 0.1.0</tool>
  </creatorinfo>
  <hash>
    <file>/media/a &amp; b &#xE9;.wav</file>
    <size>3</size>
    <lastmodificationdate>2023-11-14T22:13:20Z</lastmodificationdate>
    <xxhash64be>44bc2cf5ad770999</xxhash64be>
    <xxh128>99aa06d3014798d86001c324468d497f</xxh128>
  </hash>
  <hash>
    <file>reel1.aaf</file>
    <size>0</size>
    <lastmodificationdate>1970-01-01T00:00:00Z</lastmodificationdate>
    <xxhash64be>ef46db3751d8e999</xxhash64be>
    <xxh128>99aa06d3014798d86001c324468d497f</xxh128>
  </hash>
</hashlist>
XML
cat >"$work/seeds/other.mhl" <<'XML'
<?xml version='1.0' encoding='utf-8'?>
<hashlist version="1.0">
  <creatorinfo><name>D</name><username>d</username><hostname>h</hostname>
    <tool>o/COPY</tool><startdate>2018-01-07T21:31:17Z</startdate></creatorinfo>
  <hash><file>Card\A001.mxf</file><size>7340032000</size>
    <xxhash64be>4f4a9e4dcc5e6354</xxhash64be><md5>d41d8cd98f00b204e9800998ecf8427e</md5>
    <lastmodificationdate>2018-01-05T21:26:59Z</lastmodificationdate>
    <hashdate>2018-01-07T21:31:52Z</hashdate></hash>
</hashlist>
XML
echo "run_mhl.sh: fuzz_mhl for ${seconds}s"
ASAN_OPTIONS="detect_leaks=1:abort_on_error=0" \
	"$out/fuzz_mhl" -max_total_time="$seconds" -timeout=10 -max_len=8192 \
	-error_exitcode=1 -artifact_prefix="$work/art/" -print_final_stats=1 \
	"$work/corpus" "$work/seeds" >"$work/log" 2>&1
rc=$?
grep -v -e '^#[0-9]*	*\(NEW\|REDUCE\|pulse\)' "$work/log" | tail -n 15
for a in "$work/art"/*; do
	[ -f "$a" ] || continue
	keep=$out/mhl-crash-$(basename "$a" | sed 's/^[a-z-]*-//' | cut -c1-8).mhl
	cp "$a" "$keep"
	echo "run_mhl.sh: FOUND a problem in fuzz_mhl; input kept as $keep"
	rc=1
done
exit $rc

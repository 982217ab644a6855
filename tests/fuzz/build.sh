#!/bin/sh
# build.sh [OUT]: builds the libFuzzer AAF target with clang, compiling the
# core sources themselves with the fuzzer and sanitizers (the gcc-built
# libturnover.a cannot take part in libFuzzer's coverage).
#
# Environment: FUZZ_CC (default clang), TURNOVER_SRCDIR, TURNOVER_BUILDDIR
# (for config.h), FUZZ_CORE_CFLAGS / FUZZ_CORE_LIBS (the core's dependency
# flags; pkg-config when unset).  Rebuilds only when a source is newer.
# Exit status: 0 built or up to date, 77 no usable clang/libFuzzer, 1 error.
set -u

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${TURNOVER_SRCDIR:-$(cd "$here/../.." && pwd)}
builddir=${TURNOVER_BUILDDIR:-$srcdir}
cc=${FUZZ_CC:-clang}
out=${1:-$builddir/tests/fuzz/fuzz_aaf}

if [ ! -f "$builddir/config.h" ]; then
	echo "build.sh: no config.h in '$builddir' (run configure, or set TURNOVER_BUILDDIR)" >&2
	exit 1
fi
if ! command -v "$cc" >/dev/null 2>&1; then
	echo "build.sh: '$cc' not found: cannot build the fuzzer" >&2
	exit 77
fi

mods="libgsf-1 sndfile libxxhash kissfft-float libebur128"
cflags=${FUZZ_CORE_CFLAGS-$(pkg-config --cflags $mods 2>/dev/null)}
libs=${FUZZ_CORE_LIBS-"$(pkg-config --libs $mods 2>/dev/null) -liniparser -pthread -lm"}

# libFuzzer itself (libclang-rt-*-dev): probe with an empty target
probe_dir=$(mktemp -d "${TMPDIR:-/tmp}/fuzzprobe.XXXXXX") || exit 1
trap 'rm -rf "$probe_dir"' EXIT
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
	>"$probe_dir/p.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$probe_dir/p.c" -o "$probe_dir/p" >/dev/null 2>&1; then
	echo "build.sh: '$cc' cannot link -fsanitize=fuzzer,address,undefined (install libclang-rt-dev)" >&2
	exit 77
fi

srcs=$(find "$srcdir/src/core" -name '*.c' | LC_ALL=C sort)
target="$srcdir/tests/fuzz/fuzz_aaf.c"
if [ -x "$out" ] && [ -z "$(find "$srcdir/src/core" "$target" "$builddir/config.h" "$0" \
		-newer "$out" \( -name '*.[ch]' -o -name build.sh \) 2>/dev/null | head -n 1)" ]; then
	exit 0
fi
mkdir -p "$(dirname "$out")" || exit 1
echo "build.sh: building $out with $cc" >&2
# shellcheck disable=SC2086
"$cc" -std=c11 -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Wno-unused-parameter \
	-I"$builddir" -I"$srcdir/src" -I"$srcdir/src/core" $cflags \
	$srcs "$target" -o "$out.tmp" $libs || { rm -f "$out.tmp"; exit 1; }
mv -f "$out.tmp" "$out"

#!/bin/sh
# build.sh [OUT]: builds the libFuzzer AAF target with clang, compiling the
# core sources themselves with the fuzzer and sanitizers (the gcc-built
# libturnover.a cannot take part in libFuzzer's coverage).
#
# Environment: FUZZ_CC (default clang), TURNOVER_SRCDIR, TURNOVER_BUILDDIR
# (for config.h), FUZZ_CORE_CFLAGS / FUZZ_CORE_LIBS (the core's dependency
# flags; pkg-config when unset).  Objects (fz-*.o) sit beside OUT and are
# rebuilt only when their source or a header is newer.
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
# shellcheck disable=SC2086
cflags=${FUZZ_CORE_CFLAGS-$(pkg-config --cflags $mods 2>/dev/null)}
# shellcheck disable=SC2086
libs=${FUZZ_CORE_LIBS-"$(pkg-config --libs $mods 2>/dev/null) -liniparser -pthread -lm"}

# libFuzzer itself (libclang-rt-*-dev): probe with an empty target
probe_dir=$(mktemp -d "${TMPDIR:-/tmp}/fuzzprobe.XXXXXX") || exit 1
trap 'rm -rf "$probe_dir"' EXIT
printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
	'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' \
	>"$probe_dir/p.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$probe_dir/p.c" -o "$probe_dir/p" \
		>/dev/null 2>&1; then
	echo "build.sh: '$cc' cannot link -fsanitize=fuzzer,address,undefined" \
		"(install libclang-rt-dev)" >&2
	exit 77
fi

# newer A B: A was modified after B
newer() {
	[ -n "$(find "$1" -prune -newer "$2" 2>/dev/null)" ]
}

objdir=$(dirname "$out")
mkdir -p "$objdir" || exit 1
flags="-std=c11 -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all -Wall -Wextra"
# one object per source, rebuilt when the source or any header is newer,
# and the core's objects in an archive so that the link takes only what the
# reader needs: a core file that does not compile here (work in progress,
# defines of its own) is left out, and only matters if the reader needs it
newest_h=$(find "$srcdir/src/core" "$builddir/config.h" "$0" -newer "$out" \
	\( -name '*.h' -o -name build.sh \) 2>/dev/null | head -n 1)
[ -x "$out" ] || newest_h=all
objs=
target_obj=
skipped=
changed=
for src in $(find "$srcdir/src/core" -name '*.c' | LC_ALL=C sort) \
		"$srcdir/tests/fuzz/fuzz_aaf.c"; do
	rel=${src#"$srcdir"/}
	obj=$objdir/fz-$(echo "$rel" | tr '/' '_' | sed 's/\.c$/.o/')
	if [ -z "$newest_h" ] && [ ! -f "$obj" ] && [ -s "$obj.err" ] && ! newer "$src" "$obj.err"; then
		skipped="$skipped $rel"	# failed before and unchanged since
		continue
	fi
	if [ -n "$newest_h" ] || [ ! -f "$obj" ] || newer "$src" "$obj"; then
		changed=1
		# shellcheck disable=SC2086
		if ! "$cc" $flags -I"$builddir" -I"$srcdir/src" -I"$srcdir/src/core" $cflags \
			-c "$src" -o "$obj" 2>"$obj.err"; then
			rm -f "$obj"
			skipped="$skipped $rel"
			continue
		fi
		if [ -s "$obj.err" ]; then cat "$obj.err" >&2; else rm -f "$obj.err"; fi
	fi
	case $src in
	*/tests/fuzz/*) target_obj=$obj ;;
	*) objs="$objs $obj" ;;
	esac
done
[ -n "$skipped" ] && echo "build.sh: left out (do not compile):$skipped" >&2
if [ -z "$changed" ] && [ -x "$out" ]; then
	exit 0
fi
echo "build.sh: linking $out with $cc" >&2
rm -f "$objdir/fz-core.a"
# shellcheck disable=SC2086
if [ -z "$target_obj" ] || ! ar rcs "$objdir/fz-core.a" $objs ||
   ! "$cc" -fsanitize=fuzzer,address,undefined "$target_obj" "$objdir/fz-core.a" \
	-o "$out.tmp" $libs; then
	for f in $skipped; do
		cat "$objdir/fz-$(echo "$f" | tr '/' '_' | sed 's/\.c$/.o/').err" >&2
	done
	rm -f "$out.tmp"
	exit 1
fi
mv -f "$out.tmp" "$out"

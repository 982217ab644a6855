#!/bin/sh
# run.sh [SECONDS]: builds the AAF fuzzer if needed and runs it for a bounded
# time (default $FUZZ_SECONDS, else 60).  Seeds: the generated fixtures
# (tests/fixtures/gen_bad_aaf) and, when present, the real exports in
# $TURNOVER_SHARED/aaf and $TURNOVER_SHARED/turnovers, read in place.  New
# corpus goes to a temporary directory ($FUZZ_CORPUS_DIR to keep it).
#
# A crash, hang (over 10 s), leak or sanitizer report is minimised and
# saved under tests/fixtures/bad/ as fuzz-KIND-WHERE-HASH.aaf (unless one of
# the same kind and place is there already), and the script fails.
# Also: FUZZ_MAX_LEN (bytes, default 1 MiB), FUZZ_FLAGS (more libFuzzer
# flags; "-fork=1 -ignore_crashes=1" goes on past known crashes).
# Exit status: 0 nothing found, 1 found something (or could not run),
# 77 no clang/libFuzzer, or FUZZ_SECONDS=0 (skipped).
set -u

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${TURNOVER_SRCDIR:-$(cd "$here/../.." && pwd)}
builddir=${TURNOVER_BUILDDIR:-$srcdir}
shared=${TURNOVER_SHARED:-$srcdir/../shared}
seconds=${1:-${FUZZ_SECONDS:-60}}
fuzzer=$builddir/tests/fuzz/fuzz_aaf
gen=$builddir/tests/fixtures/gen_bad_aaf

case $seconds in
''|*[!0-9]*) echo "run.sh: bad SECONDS '$seconds'" >&2; exit 1 ;;
esac
if [ "$seconds" -eq 0 ]; then
	echo "run.sh: FUZZ_SECONDS=0: fuzzing skipped"
	exit 77
fi

TURNOVER_SRCDIR=$srcdir TURNOVER_BUILDDIR=$builddir "$here/build.sh" "$fuzzer"
rc=$?
[ $rc -eq 0 ] || exit $rc

work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz_aaf.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
corpus=${FUZZ_CORPUS_DIR:-$work/corpus}
mkdir -p "$corpus" "$work/seeds" "$work/artifacts" || exit 1

# generated fixtures: the valid synthetic file and every bad case
if [ -x "$gen" ]; then
	"$gen" --seeds "$work/seeds" >/dev/null || echo "run.sh: warning: $gen failed" >&2
else
	echo "run.sh: note: $gen not built; no generated seeds" >&2
fi
# real exports, in place (-seed_inputs takes a comma-separated list)
: >"$work/seed_list"
for f in "$shared"/aaf/*.aaf "$shared"/turnovers/*.aaf; do
	[ -f "$f" ] || continue
	case $f in *,*) continue ;; esac
	if [ -s "$work/seed_list" ]; then
		printf ',%s' "$f" >>"$work/seed_list"
	else
		printf '%s' "$f" >>"$work/seed_list"
	fi
done
seed_opt=
[ -s "$work/seed_list" ] && seed_opt="-seed_inputs=@$work/seed_list"

export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}abort_on_error=0:detect_leaks=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}print_stacktrace=1:halt_on_error=1"
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$here/lsan.supp:print_suppressions=0"

echo "run.sh: fuzzing for ${seconds}s (corpus $corpus)"
# shellcheck disable=SC2086
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	-max_len="${FUZZ_MAX_LEN:-1048576}" -error_exitcode=1 -timeout_exitcode=1 \
	-print_final_stats=1 -artifact_prefix="$work/artifacts/" -dict="$here/aaf.dict" $seed_opt \
	${FUZZ_FLAGS:-} "$corpus" "$work/seeds" >"$work/log" 2>&1
status=$?
grep -v -e '^#[0-9]*	*\(NEW\|REDUCE\|pulse\)' "$work/log"

# signature KIND-WHERE of a sanitizer/libFuzzer report: the error kind and
# the first function of ours on the stack
signature() {
	kind=$(sed -n \
		-e 's/.*ERROR: AddressSanitizer: \([A-Za-z-]*\).*/\1/p' \
		-e 's/.*ERROR: LeakSanitizer: .*/leak/p' \
		-e 's/.*runtime error: \([a-z]*\( [a-z]*\)\{0,2\}\).*/\1/p' \
		-e 's/.*ERROR: libFuzzer: \(timeout\|out-of-memory\|deadly signal\).*/\1/p' \
		"$1" | head -n 1 | tr ' ' '-')
	where=$(sed -n 's/.*#[0-9]* 0x[0-9a-f]* in \([A-Za-z_][A-Za-z0-9_]*\) .*\/src\/core\/.*/\1/p' \
		"$1" | head -n 1)
	echo "${kind:-crash}-${where:-unknown}"
}

found=0
dest=$srcdir/tests/fixtures/bad
if ! { [ -d "$dest" ] && [ -w "$dest" ]; }; then
	dest=$builddir/tests/fixtures/bad
	mkdir -p "$dest" || exit 1
fi
for a in "$work"/artifacts/*; do
	[ -f "$a" ] || continue
	found=1
	# again, with full allocation stacks through libgsf and glib (they
	# have no frame pointers)
	ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0" \
		"$fuzzer" -timeout=10 -rss_limit_mb=2048 "$a" >"$work/repro" 2>&1
	echo "run.sh: reproduced with full stacks:"
	grep -v '^INFO:' "$work/repro"
	sig=$(signature "$work/repro")
	case $sig in
	*-unknown) sig2=$(signature "$work/log")
		[ "${sig2%-unknown}" = "$sig2" ] && sig=$sig2 ;;
	esac
	hash=$(basename "$a" | sed 's/^[a-z-]*-//' | cut -c1-8)
	name="fuzz-$sig-$hash.aaf"
	for old in "$dest"/fuzz-"$sig"-*.aaf; do
		if [ -f "$old" ]; then
			echo "run.sh: FOUND $(basename "$a"): same kind and place as $old; not saved again"
			continue 2
		fi
	done
	echo "run.sh: FOUND $(basename "$a") -> $name; minimising"
	min="$work/min.aaf"
	rm -f "$min"
	"$fuzzer" -minimize_crash=1 -max_total_time=60 -timeout=10 -rss_limit_mb=2048 \
		-exact_artifact_path="$min" "$a" >"$work/minlog" 2>&1
	[ -s "$min" ] || cp "$a" "$min"
	cp "$min" "$dest/$name" && echo "run.sh: saved $dest/$name ($(wc -c <"$min") bytes)"
done

if [ $status -ne 0 ] || [ $found -ne 0 ]; then
	echo "run.sh: the fuzzer found a problem (exit $status); full log above" >&2
	exit 1
fi
exit 0

# fuzzlib.sh: what the small libFuzzer runners share (run_config.sh,
# run_net.sh, run_mhl.sh); sourced, not run.  The caller sets "name" (for
# messages) and calls, in order:
#
#   fuzz_setup SECONDS    checks SECONDS, the build folder and that $cc can
#                         link libFuzzer; makes $work (removed at exit) and
#                         $out.  Exits 77 (skipped) when it cannot fuzz.
#   fuzz_build TARGET SOURCE... [-lLIB...]
#                         builds $out/TARGET with the fuzzer's
#                         instrumentation; exits 1 when it cannot.
#   fuzz_run TARGET SEEDS MAX_LEN EXT
#                         runs it for SECONDS from the seeds in SEEDS and
#                         keeps what it finds as $out/TARGET-crash-HASH.EXT;
#                         returns 1 when it found something.
#
# Its own variables start with "_" (the caller's loops keep theirs).
# Environment: FUZZ_CC (default clang), TURNOVER_SRCDIR, TURNOVER_BUILDDIR.

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${TURNOVER_SRCDIR:-$(cd "$here/../.." && pwd)}
builddir=${TURNOVER_BUILDDIR:-$srcdir}
cc=${FUZZ_CC:-clang}
out=$builddir/tests/fuzz
inc="-I$builddir -I$srcdir/src -I$srcdir/src/core"
flags="-std=c11 -g -O1 -fno-omit-frame-pointer -fno-sanitize-recover=all -Wall -Wextra $inc"

fuzz_setup() {
	seconds=$1
	case $seconds in
	''|*[!0-9]*) echo "$name: bad SECONDS '$seconds'" >&2; exit 1 ;;
	esac
	if [ "$seconds" -eq 0 ]; then
		echo "$name: 0 seconds: fuzzing skipped"
		exit 77
	fi
	if [ ! -f "$builddir/config.h" ]; then
		echo "$name: no config.h in '$builddir'" >&2
		exit 1
	fi
	if ! command -v "$cc" >/dev/null 2>&1; then
		echo "SKIP: '$cc' not found"
		exit 77
	fi
	work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz.XXXXXX") || exit 1
	trap 'rm -rf "$work"' EXIT
	printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\n%s\n' \
		'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
		>"$work/probe.c"
	if ! "$cc" -fsanitize=fuzzer,address,undefined "$work/probe.c" -o "$work/probe" \
			>/dev/null 2>&1; then
		echo "SKIP: '$cc' cannot link -fsanitize=fuzzer,address,undefined (install libclang-rt-dev)"
		exit 77
	fi
	mkdir -p "$out" || exit 1
}

fuzz_build() {
	_t=$1
	shift
	# shellcheck disable=SC2086
	if ! "$cc" $flags -fsanitize=fuzzer,address,undefined "$@" -o "$out/$_t" \
			2>"$work/build.err"; then
		cat "$work/build.err" >&2
		echo "$name: cannot build $_t" >&2
		exit 1
	fi
}

fuzz_run() {
	_t=$1 _seeds=$2 _max_len=$3 _ext=$4
	mkdir -p "$work/corpus-$_t" "$work/art-$_t" || return 1
	echo "$name: $_t for ${seconds}s"
	ASAN_OPTIONS="detect_leaks=1:abort_on_error=0" \
		"$out/$_t" -max_total_time="$seconds" -timeout=10 -max_len="$_max_len" \
		-error_exitcode=1 -artifact_prefix="$work/art-$_t/" -print_final_stats=1 \
		"$work/corpus-$_t" "$_seeds" >"$work/log-$_t" 2>&1
	_rc=$?
	grep -v -e '^#[0-9]*	*\(NEW\|REDUCE\|pulse\)' "$work/log-$_t" | tail -n 15
	for a in "$work/art-$_t"/*; do
		[ -f "$a" ] || continue
		keep=$out/$_t-crash-$(basename "$a" | sed 's/^[a-z-]*-//' | cut -c1-8).$_ext
		cp "$a" "$keep"
		echo "$name: FOUND a problem in $_t; input kept as $keep"
		_rc=1
	done
	return $_rc
}

#!/bin/sh
# run_net.sh [SECONDS]: builds the remote audition protocol fuzzer
# (fuzz_netproto.c: what `turnover listen` parses from a connection) with
# clang and libFuzzer and runs it for a bounded time (default
# $FUZZ_NET_SECONDS, else 10).  Seeds: a hello, an accept, a refusal, an
# audio packet, a flush and a stop, written by the protocol's own writers
# (tests/fuzz/netproto_seeds.c).
#
# A crash or sanitizer report fails the script; the input is kept as
# $TURNOVER_BUILDDIR/tests/fuzz/fuzz_netproto-crash-HASH.bin (printed).
# Exit status: 0 nothing found, 1 found something (or could not build),
# 77 no clang/libFuzzer, or SECONDS 0 (skipped).  See fuzzlib.sh.
set -u
name=run_net.sh
. "$(dirname "$0")/fuzzlib.sh"
fuzz_setup "${1:-${FUZZ_NET_SECONDS:-10}}"

lib="$srcdir/src/audio/netproto.c $srcdir/src/core/err.c"
# shellcheck disable=SC2086
fuzz_build fuzz_netproto "$srcdir/tests/fuzz/fuzz_netproto.c" $lib -lm
# shellcheck disable=SC2086
if ! "$cc" $flags "$srcdir/tests/fuzz/netproto_seeds.c" $lib -lm -o "$work/seeds.bin" \
		2>"$work/build.err"; then
	cat "$work/build.err" >&2
	echo "run_net.sh: cannot build the seeds' writer" >&2
	exit 1
fi
mkdir -p "$work/seeds" && "$work/seeds.bin" "$work/seeds" || exit 1
fuzz_run fuzz_netproto "$work/seeds" 40000 bin

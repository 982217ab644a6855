#!/bin/sh
# test_outdir_kill.sh: an output folder killed in the middle of writing.
# tests/cli/outdirw writes files slowly through outdir; SIGTERM (its
# handler calls outdir_abort_signal) leaves nothing; SIGKILL leaves only a
# hidden staging folder, which the next run removes; a --force run killed
# either way leaves the old folder whole.
set -u
build=${TURNOVER_BUILDDIR:-.}
w=$build/tests/cli/outdirw
[ -x "$w" ] || { echo "SKIP: $w is not built"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/outkill.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
work=$tmp/work
mkdir "$work"
pass=0
fail=0
check() {
	if [ "$1" = 0 ]; then
		echo "ok: $2"; pass=$((pass + 1))
	else
		echo "FAIL: $2"; fail=$((fail + 1))
	fi
}
# starts a slow writer in the background; returns once it is midway
start() {
	: >"$tmp/log"
	"$w" "$work/out" "$1" 60 50 ${2:-} >"$tmp/log" 2>&1 &
	pid=$!
	i=0
	while [ $i -lt 200 ]; do
		stage=$(sed -n 's/^staging //p' "$tmp/log")
		[ -n "$stage" ] && [ -f "$stage/file4.txt" ] && return 0
		sleep 0.05
		i=$((i + 1))
	done
	echo "FAIL: the writer did not start: $(cat "$tmp/log")"
	exit 1
}
stops_by() {
	wait "$pid"
	[ $? = $((128 + $1)) ]
}
leftovers() {
	ls -A "$work" | grep -c '^\.out\.' || true
}

start first
kill -TERM "$pid"
stops_by 15
check $? "SIGTERM ends the writer by the signal"
[ ! -e "$work/out" ]
check $? "SIGTERM: no output folder"
[ "$(leftovers)" = 0 ]
check $? "SIGTERM: no staging folder left"

start second
kill -KILL "$pid"
stops_by 9
check $? "SIGKILL ends the writer"
[ ! -e "$work/out" ]
check $? "SIGKILL: no output folder"
[ "$(leftovers)" = 1 ] && [ -d "$stage" ]
check $? "SIGKILL: only the hidden staging folder is left"
"$w" "$work/out" third 4 0 >/dev/null
check $? "the next run completes"
[ ! -e "$stage" ] && [ "$(leftovers)" = 0 ]
check $? "the next run removed the dead run's staging folder"
[ "$(cat "$work/out/file0.txt")" = "third 0" ] && [ "$(cat "$work/out/sub/file3.txt")" = "third 3" ]
check $? "the output folder is whole"

"$w" "$work/out" fourth 2 0 >/dev/null 2>"$tmp/err"
check $([ $? = 1 ] && echo 0 || echo 1) "a second run without --force is refused"
grep -q "not empty" "$tmp/err"
check $? "and says why"

start fifth --force
kill -KILL "$pid"
stops_by 9
[ "$(cat "$work/out/file0.txt")" = "third 0" ] && [ "$(ls "$work/out" | wc -l)" = 3 ]
check $? "--force killed by SIGKILL: the old folder is whole"
start sixth --force
kill -TERM "$pid"
stops_by 15
[ "$(cat "$work/out/file0.txt")" = "third 0" ] && [ "$(leftovers)" = 0 ]
check $? "--force killed by SIGTERM: the old folder is whole, the staging folders are gone"
"$w" "$work/out" seventh 4 0 --force >/dev/null
check $? "--force completes"
[ "$(cat "$work/out/file0.txt")" = "seventh 0" ] && [ "$(leftovers)" = 0 ] &&
	[ "$(ls -A "$work")" = out ]
check $? "--force: the new folder replaced the old one, nothing else left"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]

#!/bin/sh
# test_prep_kill.sh: `turnover prep` killed once its staging folder exists
# (so the signal lands mid-run, not by timing luck), on the demo turnover
# (skips with 77 when its packages are not installed): SIGTERM leaves no
# output and no staging folder; SIGKILL leaves only the hidden staging
# folder, which the next run removes; a --force run killed either way
# leaves the previous output whole, and `turnover verify` still passes it.
set -u
build=${TURNOVER_BUILDDIR:-.}
turnover=$build/src/turnover
tmp=$(mktemp -d "${TMPDIR:-/tmp}/prepkill.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
if ! "$turnover" demo "$tmp/demo" >"$tmp/demo.out" 2>&1; then
	echo "SKIP: no demo turnover: $(cat "$tmp/demo.out")"
	exit 77
fi
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
staging() {
	ls -A "$work" | grep '^\.out\.staging-' || true
}
# starts prep in the background and returns once its own staging folder
# (named with its pid) exists
start() {
	"$turnover" prep "$tmp/demo/demo.aaf" --template film-tv --out "$work/out" --no-cache \
		--jobs 1 "$@" >"$tmp/log" 2>&1 &
	pid=$!
	i=0
	while [ $i -lt 1000 ]; do
		[ -d "$work/.out.staging-$pid" ] && return 0
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.01
		i=$((i + 1))
	done
	echo "FAIL: no staging folder seen: $(cat "$tmp/log")"
	exit 1
}
# true when prep was still running at the kill and ended by signal $1
killed_by() {
	kill -"$1" "$pid"
	wait "$pid"
	st=$?
	[ $st -eq $((128 + $2)) ] || { echo "prep ended with $st: $(cat "$tmp/log")"; return 1; }
}

start
killed_by TERM 15
check $? "SIGTERM mid-run ends prep by the signal"
[ ! -e "$work/out" ] && [ -z "$(staging)" ]
check $? "SIGTERM: no output folder, no staging folder"

start
left=$(staging)
killed_by KILL 9
check $? "SIGKILL mid-run ends prep"
[ ! -e "$work/out" ] && [ "$(staging)" = "$left" ]
check $? "SIGKILL: no output folder, only the hidden staging folder"
"$turnover" prep "$tmp/demo/demo.aaf" --template film-tv --out "$work/out" --jobs 1 >/dev/null 2>&1
check $? "the next run completes"
[ -z "$(staging)" ] && [ "$(ls -A "$work")" = out ]
check $? "the next run removed the dead run's staging folder"
"$turnover" verify "$work/out" >/dev/null
check $? "its output verifies"
( cd "$work/out" && find . -type f -print0 | sort -z | xargs -0 sha256sum ) >"$tmp/first.sums"

for sig in KILL:9 TERM:15; do
	start --force
	killed_by "${sig%:*}" "${sig#*:}"
	check $? "--force, SIG${sig%:*} mid-run ends prep"
	( cd "$work/out" && find . -type f -print0 | sort -z | xargs -0 sha256sum ) >"$tmp/now.sums"
	cmp -s "$tmp/first.sums" "$tmp/now.sums" && "$turnover" verify "$work/out" >/dev/null
	check $? "--force, SIG${sig%:*}: the previous output is whole and verifies"
done
[ -z "$(staging)" ]
check $? "no staging folder is left once a run has cleaned up"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]

#!/bin/sh
# test_tui_tmux.sh: the browser in a real terminal, tmux at 80x24, over
# turnovers made by tests/ui/mkturnover: sessions and clips listed, keys
# move and decide, the decision in the state file, resizing, playback on
# the null output showing its position, quitting with the terminal put
# back, a dropped connection (SIGHUP) keeping what was decided, and
# TERM=screen-256color, xterm-256color and vt100.  A private tmux server
# (-L) is used and killed at the end.  Skips (77) without tmux.
#
# No fixed sleeps: every step waits for what it expects on the screen (or
# in a file) with a generous deadline (WAIT_SECONDS, default 60), so a
# loaded machine only makes the test slower, while content that never
# appears still fails it.
set -u
src=${TURNOVER_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${TURNOVER_BUILDDIR:-$src}
turnover=$build/src/turnover
mk=$build/tests/ui/mkturnover

if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP: tmux is not installed"
	exit 77
fi
if [ ! -x "$mk" ]; then
	echo "SKIP: $mk not built"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tuitmux.XXXXXX") || exit 99
sock=turnover-test-$$
tm() {
	tmux -L "$sock" -f /dev/null "$@"
}
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT
"$mk" "$tmp/t" || exit 99
mkdir -p "$tmp/home"
state=$tmp/t/reels/reel1.turnover/triage.json

pass=0
fail=0
check() {
	if [ "$1" = 0 ]; then
		echo "ok: $2"; pass=$((pass + 1))
	else
		echo "FAIL: $2"; fail=$((fail + 1))
		tm capture-pane -p -t main 2>/dev/null | sed 's/^/  | /'
	fi
}

# start TERM LANG [ARGS]: the browser in a new session "main" at 80x24;
# afterwards its exit status goes to $tmp/exit and the terminal modes to
# $tmp/stty (the shell ignores SIGHUP so that it can tell how the browser
# ended after a hang-up; the browser catches it)
start() {
	rm -f "$tmp/exit" "$tmp/stty" "$tmp/stderr"
	tm new-session -d -s main -x 80 -y 24 \
		"trap '' HUP; cd '$tmp' && env TERM=$1 LANG=$2 LC_ALL= HOME='$tmp/home' XDG_CONFIG_HOME= \
		TURNOVER_DATA_DIR='$src' TURNOVER_AUDIO=null TURNOVER_KEYMAP= TURNOVER_THEME= \
		'$turnover' ${3:-} t 2>'$tmp/stderr'; echo \$? >'$tmp/exit'; stty -a >'$tmp/stty'; \
		sleep 300"
}

wait_seconds=${WAIT_SECONDS:-60}

# wait_for TEXT: until the screen shows TEXT (at most WAIT_SECONDS)
wait_for() {
	end=$(($(date +%s) + wait_seconds))
	while :; do
		tm capture-pane -p -t main 2>/dev/null | grep -qF -- "$1" && return 0
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.05
	done
}

# wait_gone TEXT: until the screen no longer shows TEXT (at most WAIT_SECONDS)
wait_gone() {
	end=$(($(date +%s) + wait_seconds))
	while :; do
		tm capture-pane -p -t main 2>/dev/null | grep -qF -- "$1" || return 0
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.05
	done
}

# wait_file FILE: until FILE exists and is not empty (at most WAIT_SECONDS)
wait_file() {
	end=$(($(date +%s) + wait_seconds))
	while :; do
		[ -s "$1" ] && return 0
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.05
	done
}

keys() {
	tm send-keys -t main "$@"
}

start screen-256color C.UTF-8
wait_for "reel2.aaf"
check $? "the sessions are listed"
wait_for "ready               8" && wait_for "unreadable"
check $? "a turnover read (8 clips), a broken one unreadable"
keys j Enter
wait_for "Clips 8/8 clips"
check $? "Enter opens the clips"
wait_for "北京 cue"
check $? "UTF-8 names, wide characters included"
keys j 3
wait_for "• sfx"
check $? "3 decides sfx"
grep -q '"class": "sfx"' "$state"
check $? "the decision is in the state file at once"

tm resize-window -t main -x 110 -y 32
wait_for "SOURCE"
check $? "wider: the source column appears"
[ "$(tm capture-pane -p -t main | wc -l)" = 32 ]
check $? "all 32 lines in use"
tm resize-window -t main -x 60 -y 16
wait_for "Theme          • sfx"
check $? "narrower: still a usable list"
tm resize-window -t main -x 80 -y 24
wait_for "Theme                   • sfx      0.95 █████  .D.. → FX 1"
check $? "back at 80x24 (the planned track column shown, the decision moved the clip to FX 1)"

keys Enter
wait_for "Position  A2"
check $? "Enter opens the detail"
keys Space
wait_for "▶ 0:0"
check $? "Space plays: the status line shows the position"
keys Space
wait_for "■ stopped"
check $? "Space again stops"
keys '?'
wait_for "Keys in detail"
check $? "? shows the keys"
# one Escape at a time, each awaited: two sent at once under load can
# arrive as one Alt key
keys Escape
wait_gone "Keys in detail"
keys Escape
wait_for "Clips 8/8 clips"
keys Escape
wait_for "Sessions: "
keys q
wait_file "$tmp/exit"
check $? "q quits"
[ "$(cat "$tmp/exit" 2>/dev/null)" = 0 ]
check $? "exit status 0"
wait_file "$tmp/stty" && grep -qw icanon "$tmp/stty" && grep -qw echo "$tmp/stty"
check $? "the terminal is back in its normal mode"
[ ! -s "$tmp/stderr" ]
check $? "nothing on stderr"
[ -s "$tmp/stderr" ] && sed 's/^/  stderr: /' "$tmp/stderr" | head -30
tm kill-session -t main

# restart: the decision read back; then the connection drops (SIGHUP)
start screen-256color C.UTF-8
wait_for "1/8"
check $? "after a restart the decision is read back"
keys j Enter j j m
wait_for "*01:00:02:00"
check $? "m marks the clip for later"
tm kill-session -t main
wait_file "$tmp/exit"
check $? "a dropped terminal ends the browser"
[ "$(cat "$tmp/exit" 2>/dev/null)" = 129 ]
check $? "it ended on SIGHUP (status 129)"
grep -q '"marked": true' "$state" && grep -q '"class": "sfx"' "$state"
check $? "what was decided is in the state file"
[ -z "$(find "$tmp/t/reels" -name '*.tmp*')" ]
check $? "no temporary files left"

start xterm-256color C.UTF-8 "--theme light"
wait_for "reel2.aaf"
check $? "TERM=xterm-256color, light theme"
keys q
wait_file "$tmp/exit" && [ "$(cat "$tmp/exit")" = 0 ]
check $? "quits"
tm kill-session -t main 2>/dev/null

start vt100 C
wait_for "reel2.aaf"
check $? "TERM=vt100 without UTF-8"
# Enter opens a session only once it is read: "reel2.aaf" shows before
wait_for "ready               8"
keys j Enter
wait_for "sort timecode^"
check $? "ASCII symbols"
keys q q
wait_file "$tmp/exit" && [ "$(cat "$tmp/exit")" = 0 ]
check $? "quits"
[ ! -s "$tmp/stderr" ]
check $? "nothing on stderr"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

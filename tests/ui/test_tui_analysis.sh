#!/bin/sh
# test_tui_analysis.sh: the browser's live analysis in a real terminal
# (tmux at 100x30) over the demo turnover (`turnover demo`): the sessions
# screen counts once it is analysed, every clip with readable media gets
# a class and a confidence (the demo's dialogue clips "dialogue"), split
# pairs and dual mono flagged, the uncertain filter, accepting a
# suggestion written to the state file; and keys answered while a larger
# session (tests/ui/mkturnover --big) is still being analysed.  Results
# are deterministic: a second run shows the same clip list.  Skips (77)
# without tmux.
#
# No fixed sleeps: every step waits for what it expects on the screen or
# in a file with a generous deadline (WAIT_SECONDS, default 60: the
# analysis runs under the sanitizers, maybe on a loaded machine), so load
# only makes the test slower, while content that never appears fails it.
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
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tuian.XXXXXX") || exit 99
sock=turnover-an-$$
tm() {
	tmux -L "$sock" -f /dev/null "$@"
}
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT
"$turnover" demo "$tmp/demo" >/dev/null || exit 99
"$mk" --big 200 "$tmp/big" || exit 99
mkdir -p "$tmp/home"
state=$tmp/demo/demo.turnover/triage.json

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

# start PATH [ARGS]: the browser in a new session "main" at 100x30
start() {
	tm kill-session -t main >/dev/null 2>&1
	rm -f "$tmp/stderr" "$tmp/exit"
	tm new-session -d -s main -x 100 -y 30 \
		"cd '$tmp' && env TERM=screen-256color LANG=C.UTF-8 LC_ALL= HOME='$tmp/home' \
		XDG_CONFIG_HOME= XDG_CACHE_HOME='$tmp/cache' TURNOVER_DATA_DIR='$src' \
		TURNOVER_AUDIO=null TURNOVER_KEYMAP= TURNOVER_THEME= TURNOVER_NO_ANALYSIS= \
		'$turnover' ${2:-} '$1' 2>'$tmp/stderr'; echo \$? >'$tmp/exit'; sleep 300"
}

wait_seconds=${WAIT_SECONDS:-60}

# until CMD...: until the command succeeds (at most WAIT_SECONDS)
until_ok() {
	end=$(($(date +%s) + wait_seconds))
	while :; do
		"$@" && return 0
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.05
	done
}

shows() {
	tm capture-pane -p -t main 2>/dev/null | grep -qF -- "$1"
}

# wait_for TEXT: until the screen shows TEXT
wait_for() {
	until_ok shows "$1"
}

# quit: q, and until the browser has ended
quit() {
	keys q
	until_ok test -s "$tmp/exit"
}

screen() {
	tm capture-pane -p -t main
}

keys() {
	tm send-keys -t main "$@"
}

# ---- the demo, analysed -------------------------------------------------------
start ./demo
wait_for "ready              17"
check $? "the demo is read and analysed (ready, 17 clips)"
screen | grep -q "ready              17          2         7      0/17"
check $? "the sessions screen counts: 17 clips, 2 uncertain (under film-tv's 0.80), 7 with problems, 0/17 decided"
keys Enter
wait_for "Clips 17/17"
check $? "the clip list opens"
screen >"$tmp/clips1"
n=$(grep -cE " (dialogue|music|sfx) +[01]\.[0-9][0-9] " "$tmp/clips1")
[ "$n" = 16 ]
check $? "16 of the 17 clips have a class and a confidence (got $n)"
grep "AUD_0150" "$tmp/clips1" | grep -q "—.*M"
check $? "the clip whose media is missing has none, and is flagged M"
[ "$(grep -cE "A00[0-9]_C00[0-9]" "$tmp/clips1")" = 6 ] &&
	[ "$(grep -E "A00[0-9]_C00[0-9]" "$tmp/clips1" | grep -cv " dialogue ")" = 0 ]
check $? "the 6 dialogue clips (A00x_C00y) are classed dialogue"
[ "$(grep "Track 0[12].wav" "$tmp/clips1" | grep -c " S")" = 4 ]
check $? "the four halves of the two split pairs are flagged S"
grep "A003_C002" "$tmp/clips1" | grep -q "\.D\."
check $? "the dual mono clip is flagged D"

# ---- uncertain ------------------------------------------------------------------------
keys T BSpace BSpace BSpace BSpace 0 . 7 Enter
wait_for "confidence threshold 0.70"
keys T BSpace BSpace BSpace BSpace 0 . 8 Enter
wait_for "confidence threshold 0.80"
check $? "the threshold is set to 0.70, then back to 0.80 (the template's, the default)"
keys t
wait_for "Clips 2/17"
check $? "the uncertain filter leaves the 2 clips under 0.80"
screen | grep -E " sfx +0\.7[0-9] " | grep -c "AUD_01" | grep -q 2
check $? "they are the two sfx clips at 0.7x"
keys a
until_ok grep -q '"sfx"' "$state" 2>/dev/null
check $? "accepting the suggestion writes the class to the state file"
grep -q '"accepted": *true' "$state" 2>/dev/null
check $? "... as an accepted suggestion"
quit
[ ! -s "$tmp/stderr" ]
check $? "nothing on stderr"

# ---- the same again (from the cache): the same list ----------------------------
start ./demo
wait_for "ready              17"
keys Enter
wait_for "Clips 17/17"
screen | sed 's/^\*/ /' | grep -v "decided" >"$tmp/clips2"
grep -v "decided" "$tmp/clips1" | sed 's/^\*/ /' >"$tmp/clips1b"
# the accepted clip shows its decision now: compare the other rows
grep -v AUD_0107 "$tmp/clips1b" | grep -v "^$" >"$tmp/a"
grep -v AUD_0107 "$tmp/clips2" | grep -v "^$" >"$tmp/b"
[ "$(wc -l <"$tmp/a")" -gt 15 ] && diff "$tmp/a" "$tmp/b" >/dev/null
check $? "a second run shows the same classes and confidences"
quit

# ---- the stereo and mono review -------------------------------------------------
start ./demo
wait_for "ready              17"
keys P
wait_for "Channels  3 fixes"
check $? "the review screen opens from the sessions view with 3 fixes"
screen >"$tmp/fixes1"
grep -q "pair  A3 Track 02.wav + A4 Track 02.wav  .* 0\.9[0-9]  —" "$tmp/fixes1" &&
	grep -q "pair  A5 Track 01.wav + A6 Track 01.wav  .* 0\.9[0-9]  —" "$tmp/fixes1"
check $? "it lists the two split pairs with their confidence"
grep -q "fold  A7 A003_C002.wav .* 1\.00  —" "$tmp/fixes1"
check $? "it lists the dual mono clip"
grep -q "Evidence  same_file, same_range, adjacent_tracks, audio_correlated" "$tmp/fixes1"
check $? "the selected pair's evidence is shown"
keys G
wait_for "dual_mono (bit exact): correlation 1.000, R-L +0.0 dB"
check $? "the dual mono clip's evidence: bit exact, correlation, level difference"
keys v
wait_for "fixed: fold"
check $? "playing the fixed version (folded) on the null output"
p1=$(screen | grep -o "▶ [0-9]:[0-9.]*" | head -1)
p2=
moved() {
	p2=$(screen | grep -o "▶ [0-9]:[0-9.]*" | head -1)
	[ -n "$p2" ] && [ "$p2" != "$p1" ]
}
[ -n "$p1" ] && until_ok moved
check $? "its play position is reported and moves ($p1, then $p2)"
keys x
wait_for "fold rejected"
check $? "the fold is rejected"
keys k
keys y
wait_for "pair accepted"
check $? "the pair of Track 01 is accepted"
keys "<"
wait_for "left only" && screen | grep -q "▶ .*  L "
check $? "the pair's left clip alone plays"
quit
grep -q '"fix": "fold:A7#1@[0-9]*:A003_C002.wav",' "$state" &&
	grep -A1 '"fix": "fold:' "$state" | grep -q '"decision": "rejected"'
check $? "the rejection is in the state file under its fix key"
grep -A1 '"fix": "pair:A5#1@[0-9]*:Track 01.wav+A6#1@[0-9]*:Track 01.wav"' "$state" |
	grep -q '"decision": "accepted"'
check $? "the acceptance is in the state file under the pair's key"
start ./demo
wait_for "ready              17"
keys P
wait_for "Channels  3 fixes, 1 accepted, 1 rejected"
screen | grep -q "pair  A5 Track 01.wav + A6 Track 01.wav  .*  accepted" &&
	screen | grep -q "fold  A7 A003_C002.wav .*  rejected"
check $? "after a restart the decisions are read back"
quit
[ ! -s "$tmp/stderr" ]
check $? "nothing on stderr"

# ---- keys while a larger session is analysed -----------------------------------
start big --no-cache\ --jobs\ 1
wait_for "analysing"
check $? "the larger session is being analysed"
keys Enter
wait_for "Clips 200/200"
screen | grep -q "analysing"
check $? "it opens while the analysis goes on (keys are not held up)"
keys Enter
wait_for "clip 1 of 200"
keys j
wait_for "clip 2 of 200" && screen | grep -q "analysing"
check $? "moving in the detail view is answered during the analysis"
quit

echo "$pass passed, $fail failed"
[ $fail = 0 ]

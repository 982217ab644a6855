#!/bin/sh
# test_tui_script.sh: the browser driven by scripts (TURNOVER_SCRIPT) on
# curses without a display (TURNOVER_NO_DISPLAY, fixed LINES and COLUMNS),
# over turnovers made by tests/ui/mkturnover: screens compared with
# tests/ui/expected/ (run with --update to rewrite them, then review the
# diff), decisions written to the state file and read back after a
# restart, undo and redo, resizing, the null audio output, keymaps good
# and bad, a vt100 without colours or UTF-8, the stereo and mono review.
# The clips are analysed (classes, channel checks) before each step.
set -u
src=${TURNOVER_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${TURNOVER_BUILDDIR:-$src}
turnover=$build/src/turnover
mk=$build/tests/ui/mkturnover
expected=$src/tests/ui/expected
update=0
[ "${1:-}" = --update ] && update=1

if [ ! -x "$mk" ]; then
	echo "SKIP: $mk not built"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tui.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
"$mk" "$tmp/t" || exit 99
mkdir -p "$tmp/out" "$tmp/home/.config"
O=$tmp/out

pass=0
fail=0
check() {
	if [ "$1" = 0 ]; then
		echo "ok: $2"; pass=$((pass + 1))
	else
		echo "FAIL: $2"; fail=$((fail + 1))
	fi
}

# run NAME [VAR=VALUE...] [-- ARGS]: the script in $tmp/NAME.script, run
# from inside $tmp on the turnovers in t; stderr kept
run() {
	name=$1
	shift
	( cd "$tmp" && env TURNOVER_NO_DISPLAY=1 TURNOVER_SCRIPT="$tmp/$name.script" \
		LINES=24 COLUMNS=80 TERM=${RUN_TERM:-xterm-256color} LANG=${RUN_LANG:-C.UTF-8} \
		LC_ALL= TURNOVER_AUDIO=${RUN_AUDIO:-null-instant} TURNOVER_DATA_DIR="$src" \
		XDG_CONFIG_HOME="$tmp/home/.config" HOME="$tmp/home" TURNOVER_KEYMAP= TURNOVER_THEME= \
		"$@" "$turnover" ${RUN_ARGS:-} t >"$tmp/$name.stdout" 2>"$tmp/$name.stderr" )
	status=$?
	check $status "$name: runs and quits (exit $status)"
	[ -s "$tmp/$name.stderr" ] && sed 's/^/  stderr: /' "$tmp/$name.stderr" | head -40
	[ ! -s "$tmp/$name.stderr" ]
	check $? "$name: nothing on stderr (no sanitizer report)"
}

# script NAME LINE...: writes the steps of a script
script() {
	name=$1
	shift
	printf '%s\n' "$@" >"$tmp/$name.script"
}

# screen NAME: the dump compared with (or written to) expected/NAME.txt,
# the temporary folder's name taken out
screen() {
	sed "s|$tmp|TMP|g" "$O/$1.txt" >"$O/$1.cmp"
	[ $update = 1 ] && cp "$O/$1.cmp" "$expected/$1.txt"
	if diff -u "$expected/$1.txt" "$O/$1.cmp" >"$O/$1.diff" 2>&1; then
		check 0 "screen $1"
	else
		check 1 "screen $1"
		cat "$O/$1.diff"
	fi
}

script first ":dump-screen $O/sessions.txt" "j" "Enter" ":dump-screen $O/clips.txt" \
	"j 2 j j m" ":dump-screen $O/decided.txt" "k k Enter" ":dump-screen $O/detail.txt" \
	"?" ":dump-screen $O/help.txt" "Escape Escape" "s s s" ":dump-screen $O/sorted.txt" \
	"s s s f f" ":dump-screen $O/filtered.txt" "F !" ":dump-screen $O/problems.txt" \
	"F /" ":type pri" "Enter" ":dump-screen $O/search.txt" "q"
run first
for s in sessions clips decided detail help sorted filtered problems search; do
	screen $s
done
state=$tmp/t/reels/reel1.turnover/triage.json
grep -q '"class": "music"' "$state" && grep -q '"marked": true' "$state" &&
	grep -q '"by": "human"' "$state"
check $? "the decisions are in the state file beside the session"
[ -z "$(find "$tmp/t/reels" -name '*.tmp*')" ]
check $? "no temporary files left"

script again "j Enter" ":dump-screen $O/again.txt" "j 1" ":dump-screen $O/changed.txt" "u" \
	":dump-screen $O/undone.txt" "r u" "q"
run again
screen again
screen changed
screen undone
grep -q '"class": "music"' "$state"
check $? "undo put the decision back in the state file"

script resize "j Enter" ":resize 120 30" ":dump-screen $O/wide.txt" ":resize 60 16" \
	":dump-screen $O/narrow.txt" ":resize 30 6" ":dump-screen $O/tiny.txt" \
	":resize 80 24" "j" ":dump-screen $O/back80.txt" "q"
run resize
for s in wide narrow tiny back80; do
	screen $s
done

script play "j Enter Space" ":wait-stopped" ":dump-screen $O/played.txt" "c Space" \
	":wait-stopped" "q"
run play TURNOVER_AUDIO_LOG="$tmp/audio.log"
screen played
[ "$(wc -l <"$tmp/audio.log")" -gt 10 ]
check $? "the null output played the clip (positions recorded)"
tail -n 1 "$tmp/audio.log" | awk '{ exit !($1 > 3.9 && $1 <= 4.0) }'
check $? "it played to the end of the 4 s clip"

script realtime "j Enter Space" ":sleep 400" ":dump-screen $O/playing.txt" "Space" "q"
RUN_AUDIO=null run realtime
grep -q '▶ 0:00\.[2-9] / 0:04\.0' "$O/playing.txt"
check $? "the status line shows the play position while playing"

# a keymap with mistakes: a message naming file, section and key; the rest works
keys=$tmp/home/.config/turnover/keymaps/default.ini
mkdir -p "$tmp/home/.config/turnover/keymaps"
printf '[clips]\nnxt = x\ndown = J\n' >"$keys"
script badkeys ":dump-screen $O/badkeys.txt" "j Enter J J 3" "q"
run badkeys
grep -q "^~/.config/turnover/keymaps/default.ini: \[clips\] nxt: unknown action 'nxt'" \
	"$O/badkeys.txt"
check $? "a bad keymap line is named on the message line"
grep -q '"class": "sfx"' "$state"
check $? "the user's binding and the defaults both work"
printf '[clips]\nthis line is wrong\n' >"$keys"
script syntax ":dump-screen $O/syntax.txt" "q"
run syntax
grep -q "^~/.config/turnover/keymaps/default.ini:2: syntax error: this line is wrong" \
	"$O/syntax.txt"
check $? "a syntax error is reported with its line"
rm -f "$keys"

# a folder that cannot take the state file: the decisions go under
# $XDG_STATE_HOME instead, and are read back from there
: >"$tmp/t/reels/reel2.turnover"
script fallback "j j Enter 1" ":dump-screen $O/fallback.txt" "q"
run fallback
tail -n 3 "$O/fallback.txt" | tr '\n' ' ' |
	grep -q "decisions are kept in ~/.local/state/turnover/reel2-[0-9a-f]*/triage.json"
check $? "an unwritable folder: the message says where the decisions went"
ls "$tmp"/home/.local/state/turnover/reel2-*/triage.json >/dev/null 2>&1 &&
	grep -q '"class": "dialogue"' "$tmp"/home/.local/state/turnover/reel2-*/triage.json
check $? "the decision is in the fallback state file"
script fallback2 "j j Enter" ":dump-screen $O/fallback2.txt" "q"
run fallback2
grep -q "• dialogue" "$O/fallback2.txt"
check $? "and it is read back from there"

script vim "j l" ":dump-screen $O/vim.txt" "h h q"
run vim TURNOVER_KEYMAP=vim
grep -q 'Clips 8/8 clips' "$O/vim.txt"
check $? "the vim keymap: l opens"

script vt100 "j Enter j Enter" ":dump-screen $O/vt100.txt" "q"
RUN_TERM=vt100 RUN_LANG=C RUN_ARGS="--theme mono" run vt100
screen vt100

script badkey "j" "NoSuchKey" "q"
( cd "$tmp" && env TURNOVER_NO_DISPLAY=1 TURNOVER_SCRIPT="$tmp/badkey.script" LINES=24 \
	COLUMNS=80 TURNOVER_AUDIO=null "$turnover" t >/dev/null 2>"$tmp/badkey.stderr" )
[ $? = 2 ] && grep -q "unknown step 'bad-key NoSuchKey'" "$tmp/badkey.stderr"
check $? "a script with a key name that is no key fails"

# the stereo and mono review: reel1's two clips of the dual mono Theme.wav;
# accept one fold, reject the other, and find both in the state file
script fixes "j Enter P" ":dump-screen $O/fixes.txt" "y j x" ":dump-screen $O/fixes2.txt" "q"
run fixes
screen fixes
screen fixes2
st=$tmp/t/reels/reel1.turnover/triage.json
grep -A1 '"fix": "fold:A2#1@' "$st" | grep -q '"decision": "accepted"' &&
	grep -A1 '"fix": "fold:A2#2@' "$st" | grep -q '"decision": "rejected"'
check $? "the fix decisions are in the state file under their keys"

TURNOVER_DATA_DIR=$src XDG_CONFIG_HOME=$tmp/home/.config "$turnover" tui --check-config \
	>"$tmp/check.out" 2>&1
check $? "tui --check-config: the shipped keymap and theme are clean"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

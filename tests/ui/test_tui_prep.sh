#!/bin/sh
# test_tui_prep.sh: the browser's preview of `turnover prep` over the demo
# turnover (`turnover demo`), driven by scripts (TURNOVER_SCRIPT) on curses
# without a display: the clip list's TRACK column (dialogue clips on a
# dialogue track, the uncertain ones on REVIEW, the same tracks as the
# report.json of `turnover prep`), a decision moving a clip at once, the
# detail view's track and reason, the column dropped on a narrow screen,
# and --template; the prep screen (W): what will be written (folder,
# template, clips per track, to review, fixes, missing media), Enter
# writing the folder with prep on a thread, its report.json agreeing with
# the screen and naming the decisions the browser saved, a second prep
# into the folder asking before F replaces it, Escape leaving it alone,
# --out and an edited folder; the "prepped" status on the Sessions screen,
# in the same run and in the next.
set -u
src=${TURNOVER_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${TURNOVER_BUILDDIR:-$src}
turnover=$build/src/turnover

if [ ! -x "$turnover" ]; then
	echo "SKIP: $turnover not built"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tuiprep.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
"$turnover" demo "$tmp/demo" >/dev/null || exit 99
mkdir -p "$tmp/home/.config" "$tmp/out"
O=$tmp/out
state=$tmp/demo/demo.turnover/triage.json

pass=0
fail=0
check() {
	if [ "$1" = 0 ]; then
		echo "ok: $2"; pass=$((pass + 1))
	else
		echo "FAIL: $2"; fail=$((fail + 1))
	fi
}

# run NAME COLS LINES [ARGS]: the script $tmp/NAME.script over the demo
run() {
	name=$1 cols=$2 lines=$3
	shift 3
	( cd "$tmp" && env TURNOVER_NO_DISPLAY=1 TURNOVER_SCRIPT="$tmp/$name.script" \
		LINES="$lines" COLUMNS="$cols" TERM=xterm-256color LANG=C.UTF-8 LC_ALL= \
		TURNOVER_AUDIO=null-instant TURNOVER_DATA_DIR="$src" TURNOVER_NO_ANALYSIS= \
		XDG_CONFIG_HOME="$tmp/home/.config" HOME="$tmp/home" XDG_CACHE_HOME="$tmp/cache" \
		TURNOVER_KEYMAP= TURNOVER_THEME= TURNOVER_LISTEN= \
		"$turnover" tui "$@" ./demo >"$tmp/$name.stdout" 2>"$tmp/$name.stderr" )
	status=$?
	check $status "$name: runs and quits (exit $status)"
	[ -s "$tmp/$name.stderr" ] && sed 's/^/  stderr: /' "$tmp/$name.stderr" | head -40
	[ ! -s "$tmp/$name.stderr" ]
	check $? "$name: nothing on stderr (no sanitizer report)"
}

script() {
	name=$1
	shift
	printf '%s\n' "$@" >"$tmp/$name.script"
}

# tracks FILE: "CLIP TRACK" of each row of a clip list dump, sorted
tracks() {
	sed -n 's/^.\{18\}\([^ ].*\.wav\) .*→ \(.*[^ ]\) *$/\1 \2/p' "$1" | sort
}

# ---- the column -----------------------------------------------------------------
script plan "Enter" ":dump-screen $O/plan.txt" "/" ":type AUD_0107" "Enter" "3" \
	":dump-screen $O/decided.txt" "Enter" ":dump-screen $O/detail.txt" "q"
run plan 100 30
grep -q "FLAG TRACK" "$O/plan.txt"
check $? "the clip list has a TRACK column"
[ "$(grep -E "A00[0-9]_C00[0-9]" "$O/plan.txt" | grep -c "→ DIA 1")" = 6 ]
check $? "the 6 dialogue clips go to DIA 1"
[ "$(grep -E " sfx +0\.7[0-9] " "$O/plan.txt" | grep -c "→ REVIEW 1")" = 2 ]
check $? "the 2 uncertain sfx clips go to REVIEW 1"
grep "AUD_0150" "$O/plan.txt" | grep -q "→ REVIEW 1"
check $? "the clip that could not be analysed goes to REVIEW 1"
grep "AUD_0107" "$O/decided.txt" | grep -q "• sfx.*→ FX [12]"
check $? "deciding sfx moves the clip to an FX track at once (FX 2: it overlaps FX 1)"
grep "AUD_0131" "$O/decided.txt" | grep -q "→ REVIEW 1"
check $? "... and only that clip"
grep -q "Decision  • sfx (yours)  → FX 2 (human)" "$O/detail.txt"
check $? "the detail view shows the track and why"

# ---- the same as prep --------------------------------------------------------------
rm -f "$state"
"$turnover" prep "$tmp/demo/demo.aaf" --template film-tv --out "$tmp/prepped" \
	--cache "$tmp/cache" >/dev/null 2>"$tmp/prep.stderr"
check $? "turnover prep runs"
awk -F'"' '/"name":/ { n = $4 } /"template_track":/ { print n " " $4 }' \
	"$tmp/prepped/report.json" | sort >"$tmp/prep.tracks"
tracks "$O/plan.txt" >"$tmp/plan.tracks"
[ "$(wc -l <"$tmp/plan.tracks")" = 17 ] && cmp -s "$tmp/plan.tracks" "$tmp/prep.tracks"
check $? "the 17 planned tracks are those of prep's report.json"
diff "$tmp/prep.tracks" "$tmp/plan.tracks" | sed 's/^/  /'

# ---- narrow, other templates ------------------------------------------------------
script narrow "Enter" ":dump-screen $O/narrow.txt" "q"
run narrow 70 24
! grep -q "TRACK" "$O/narrow.txt" && grep -q "A001_C002" "$O/narrow.txt"
check $? "under 72 columns the column is left out"
run narrow 80 24 --template podcast
grep -q "FLAG TRACK" "$O/narrow.txt"
check $? "at 80 columns it is there (--template podcast)"
( cd "$tmp" && env HOME="$tmp/home" XDG_CONFIG_HOME= "$turnover" tui --template nosuch \
	./demo >/dev/null 2>"$tmp/nosuch.stderr" )
[ $? = 1 ] && grep -q "template" "$tmp/nosuch.stderr"
check $? "--template with no such template is an error"

# ---- the prep screen ----------------------------------------------------------------
prepped=$tmp/demo-prep
rm -rf "$tmp/cache" "$state"
script prep "Enter" "/" ":type AUD_0107" "Enter" "3" "W" ":dump-screen $O/prep1.txt" \
	"Enter" ":dump-screen $O/prep2.txt" "Escape" "Escape" ":dump-screen $O/sessions1.txt" \
	"W" "Enter" ":dump-screen $O/prep3.txt" "Escape" "W" "Enter" \
	":dump-screen $O/prep4.txt" "F" ":dump-screen $O/prep5.txt" "q"
run prep 80 24
grep -q "Folder     $prepped (new)" "$O/prep1.txt"
check $? "the screen shows the default folder, beside the AAF's folder, named after it"
grep -q "Template   Film/TV dialogue  (film-tv.ini)" "$O/prep1.txt" &&
	grep -q "Decisions  1 of 17 clips decided" "$O/prep1.txt" &&
	grep -q "To review  2 clips" "$O/prep1.txt" &&
	grep -q "Fixes      3 proposed" "$O/prep1.txt" &&
	grep -q "Missing    1 file: AUD_0150.wav" "$O/prep1.txt"
check $? "... the template, decisions, clips to review, fixes and missing media"
[ -s "$prepped/report.json" ] && [ -s "$prepped/demo.aaf" ]
check $? "Enter writes the folder (report.json, demo.aaf)"
grep -q "Written    $prepped: 17 clips, 2 to review" "$O/prep2.txt"
check $? "the screen says what was written"
# the cells of the Tracks lines: "NAME (13 columns) COUNT", 20 columns each
awk '/^  Tracks/ { on = 1 } on && !/^ *$/ { for (i = 14; i <= length($0); i += 20) {
	c = substr($0, i, 19); n = substr(c, 1, 13); k = substr(c, 14);
	sub(/ +$/, "", n); gsub(/ /, "", k); if (k != "") print n " " k } }
	on && /^ *$/ { exit }' "$O/prep1.txt" | sort >"$tmp/screen.counts"
awk -F'"' '/"tracks": \[/ { on = 1 } /"notes":/ { on = 0 } on && /"name":/ { n = $4 }
	on && /"clips": [0-9]/ { c = $3; gsub(/[^0-9]/, "", c); if (c > 0) print n " " c }' \
	"$prepped/report.json" | sort >"$tmp/report.counts"
[ -s "$tmp/screen.counts" ] && cmp -s "$tmp/screen.counts" "$tmp/report.counts"
check $? "the clips per track on the screen are those of report.json"
diff "$tmp/report.counts" "$tmp/screen.counts" | sed 's/^/  /'
grep -q '"review": 2,' "$prepped/report.json" && grep -q '"human": 1,' "$prepped/report.json"
check $? "report.json: 2 to review, 1 placed by the decision made in the browser"
grep -q "prepped            17" "$O/sessions1.txt"
check $? "the Sessions screen says prepped"
grep -q "is not empty" "$O/prep3.txt" && grep -q "F replaces the folder" "$O/prep3.txt"
check $? "a second prep into the folder asks before replacing it"
touch "$prepped/keep-me"
grep -q "Written" "$O/prep5.txt" && [ -s "$prepped/report.json" ]
check $? "F replaces it"
[ -z "$(find "$tmp" -maxdepth 1 -name '.demo-prep*')" ]
check $? "no temporary folders left"

script again ":dump-screen $O/sessions2.txt" "W" "Enter" ":dump-screen $O/prep6.txt" \
	"Escape" "q"
run again 80 24
grep -q "prepped            17" "$O/sessions2.txt"
check $? "in a new run the session is prepped (its folder has a report naming it)"
grep -q "is not empty" "$O/prep6.txt" && [ -f "$prepped/keep-me" ]
check $? "Escape after the question leaves the folder alone"
rm -f "$prepped/keep-me"

# --out, and a folder typed in
script out "W" ":dump-screen $O/out1.txt" "e" "Backspace Backspace Backspace" ":type xyz" "Enter" \
	":dump-screen $O/out2.txt" "Enter" "q"
run out 80 24 --out "$tmp/given"
grep -q "Folder     $tmp/given (new)" "$O/out1.txt"
check $? "--out DIR is the folder shown"
grep -q "Folder     $tmp/gixyz (new)" "$O/out2.txt" && [ -s "$tmp/gixyz/report.json" ] &&
	[ ! -e "$tmp/given" ]
check $? "e edits the folder; Enter writes the one typed"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

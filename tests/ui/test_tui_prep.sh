#!/bin/sh
# test_tui_prep.sh: the browser's preview of `turnover prep` over the demo
# turnover (`turnover demo`), driven by scripts (TURNOVER_SCRIPT) on curses
# without a display: the clip list's TRACK column (dialogue clips on a
# dialogue track, the uncertain ones on REVIEW, the same tracks as the
# report.json of `turnover prep`), a decision moving a clip at once, the
# detail view's track and reason, the column dropped on a narrow screen,
# and --template.
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

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

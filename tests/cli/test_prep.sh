#!/bin/sh
# test_prep.sh: `turnover prep` from the command line, on the demo turnover
# (skips with 77 when its packages are not installed): the output folder's
# files; two runs give byte-identical files; the originals' bytes and
# modification times are unchanged; a non-empty folder is refused without
# --force; never the AAF's own folder nor a media folder; a bad template
# is refused naming its line; usage errors exit 2; an interrupted run
# leaves no staging folder and no half-written output; the dual mono
# dialogue clip is folded unless the decisions reject it.
set -u
build=${TURNOVER_BUILDDIR:-.}
src=${TURNOVER_SRCDIR:-.}
turnover=$build/src/turnover
cache=$build/tests/prep-cache
tmp=$(mktemp -d "${TMPDIR:-/tmp}/prep.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
if ! "$turnover" demo "$tmp/demo" >"$tmp/demo.out" 2>&1; then
	echo "SKIP: no demo turnover: $(cat "$tmp/demo.out")"
	exit 77
fi
pass=0
fail=0
check() {
	if [ "$1" = 0 ]; then
		echo "ok: $2"; pass=$((pass + 1))
	else
		echo "FAIL: $2"; fail=$((fail + 1))
	fi
}
sums() {
	( cd "$1" && find . -type f -print0 | sort -z | xargs -0 sha256sum )
}
stamps() {
	( cd "$1" && find . -type f -print0 | sort -z | xargs -0 stat -c '%n %s %Y' )
}
prep() {
	"$turnover" prep "$tmp/demo/demo.aaf" --template film-tv --jobs 2 --cache "$cache" "$@"
}

sums "$tmp/demo" >"$tmp/orig.sums"
stamps "$tmp/demo" >"$tmp/orig.stamps"
prep --out "$tmp/out" >"$tmp/out1" 2>"$tmp/err1"
check $? "prep succeeds"
for f in demo.aaf report.txt report.json safety/demo.aaf safety/manifest.mhl; do
	[ -s "$tmp/out/$f" ]
	check $? "wrote $f"
done
grep -q '"version": 1' "$tmp/out/report.json" && grep -q '"decided_by": "model"' "$tmp/out/report.json"
check $? "report.json has the version and decided_by"
grep -q 'media missing: AUD_0150.wav' "$tmp/out/report.txt"
check $? "the missing media file is reported, not fatal"
cmp -s "$tmp/demo/demo.aaf" "$tmp/out/safety/demo.aaf"
check $? "the safety copy is the AAF as received"
"$turnover" inspect "$tmp/out/demo.aaf" >"$tmp/inspect" 2>&1
check $? "the organised AAF reads back"
grep -q 'A1 "DIA BOOM 1"' "$tmp/inspect" && grep -q '"REVIEW 1"' "$tmp/inspect"
check $? "tracks named and ordered as the template says"
sums "$tmp/out" >"$tmp/out.sums1"

prep --out "$tmp/out" >"$tmp/out2" 2>"$tmp/err2"
[ $? -eq 1 ] && grep -q "not empty\|exists" "$tmp/err2"
check $? "a non-empty output folder is refused without --force (exit 1)"
prep --out "$tmp/out" --force >/dev/null 2>&1
check $? "--force replaces it"
sums "$tmp/out" >"$tmp/out.sums2"
cmp -s "$tmp/out.sums1" "$tmp/out.sums2"
check $? "two runs give byte-identical files"
prep --out "$tmp/out" --force --no-cache >/dev/null 2>&1
sums "$tmp/out" >"$tmp/out.sums3"
cmp -s "$tmp/out.sums1" "$tmp/out.sums3"
check $? "a run without the cache gives the same files"
# the AAF names the fixed media at their place in the output folder
prep --out "$tmp/out-b" --no-cache >/dev/null 2>&1
sums "$tmp/out-b" | grep -v ' \./demo\.aaf$' >"$tmp/out.sums4"
grep -v ' \./demo\.aaf$' "$tmp/out.sums1" | cmp -s - "$tmp/out.sums4"
check $? "into another folder: the same files but the AAF"

# a person's decision (a triage state file) beats the review track
key=$(awk -F': ' '/"source_track"/ { t = $2 + 0 } /"source_index"/ { i = $2 + 0 }
	/"start"/ { st = $2 + 0 } /"media": "AUD_0150.wav"/ { printf "A%d#%d@%d:AUD_0150.wav", t, i, st }' \
	"$tmp/out/report.json")
printf '{"format": 1, "session": "demo.aaf", "decisions": [{"clip": "%s", "class": "sfx", "by": "human"}]}\n' \
	"$key" >"$tmp/decisions.json"
prep --out "$tmp/out-h" --decisions "$tmp/decisions.json" >/dev/null 2>&1
check $? "prep with --decisions"
grep -A12 '"media": "AUD_0150.wav"' "$tmp/out-h/report.json" | grep -q '"decided_by": "human"' &&
	grep -A12 '"media": "AUD_0150.wav"' "$tmp/out-h/report.json" | grep -q '"template_track": "FX 1"' &&
	grep -A12 '"media": "AUD_0150.wav"' "$tmp/out/report.json" | grep -q '"template_track": "REVIEW 1"'
check $? "the decided clip leaves the review track for FX"
# the stereo/mono fixes: the dual mono dialogue clip folded by the model,
# not when a person rejected it (--fix-polarity is taken; nothing to flip)
grep -q 'fix: fold_mono applied (model): media/A003_C002_mono.wav' "$tmp/out/report.txt" &&
	[ -s "$tmp/out/media/A003_C002_mono.wav" ]
check $? "the dual mono dialogue clip is folded to a mono file"
key=$(awk -F': ' '/"source_track"/ { t = $2 + 0 } /"source_index"/ { i = $2 + 0 }
	/"start"/ { st = $2 + 0 } /"media": "A003_C002.wav"/ { printf "A%d#%d@%d:A003_C002.wav", t, i, st }' \
	"$tmp/out/report.json")
printf '{"format": 1, "session": "demo.aaf", "decisions": [], "fixes": [{"fix": "fold:%s", "decision": "rejected"}]}\n' \
	"$key" >"$tmp/fixes.json"
prep --out "$tmp/out-f" --decisions "$tmp/fixes.json" --fix-polarity >/dev/null 2>&1 &&
	grep -q 'fix: fold_mono declined (human)' "$tmp/out-f/report.txt" &&
	[ ! -e "$tmp/out-f/media/A003_C002_mono.wav" ]
check $? "a fold rejected in the review is not applied"
prep --out "$tmp/out-i" --decisions "$tmp/no-such.json" >/dev/null 2>&1
[ $? -eq 1 ] && [ ! -e "$tmp/out-i" ]
check $? "a missing --decisions file is an error"

"$turnover" prep "$tmp/demo/demo.aaf" --template film-tv --out "$tmp/demo" --force >/dev/null 2>"$tmp/err3"
[ $? -eq 1 ] && grep -q "next to the originals" "$tmp/err3"
check $? "the AAF's own folder is refused"
prep --media "$tmp/demo/media" --out "$tmp/demo/media/x" >/dev/null 2>"$tmp/err4"
[ $? -eq 1 ] && [ ! -e "$tmp/demo/media/x" ]
check $? "a folder inside a media folder is refused"
prep --out "$tmp" --force >/dev/null 2>"$tmp/err6"
[ $? -eq 1 ] && grep -q "holds the turnover" "$tmp/err6" && [ -s "$tmp/demo/demo.aaf" ]
check $? "a folder holding the originals is refused, even with --force"
mkdir "$tmp/elsewhere" && cp "$tmp/demo/demo.aaf" "$tmp/elsewhere/"
"$turnover" prep "$tmp/elsewhere/demo.aaf" --template film-tv --out "$tmp/demo" --force \
	--cache "$cache" >/dev/null 2>"$tmp/err7"
[ $? -eq 1 ] && grep -q "holds or sits beside the media file" "$tmp/err7" && [ -d "$tmp/demo/media" ]
check $? "a folder holding the media files is refused, even with --force"

printf '[rules]\nreview = R\n[track.r]\nname = R\nkind = revue\n' >"$tmp/bad.ini"
"$turnover" prep "$tmp/demo/demo.aaf" --template "$tmp/bad.ini" --out "$tmp/out-c" >/dev/null 2>"$tmp/err5"
[ $? -eq 1 ] && grep -q "bad.ini:5: \[track.r\] kind: unknown track kind 'revue'" "$tmp/err5" &&
	[ ! -e "$tmp/out-c" ]
check $? "a bad template is refused naming its line"
"$turnover" prep "$tmp/demo/demo.aaf" --out "$tmp/out-d" >/dev/null 2>&1
[ $? -eq 2 ]
check $? "no --template: exit 2"
"$turnover" prep --template film-tv --out "$tmp/out-d" >/dev/null 2>&1
[ $? -eq 2 ]
check $? "no input: exit 2"
"$turnover" prep "$tmp/demo/demo.aaf" --template no-such --out "$tmp/out-d" >/dev/null 2>&1
[ $? -eq 1 ] && [ ! -e "$tmp/out-d" ]
check $? "unknown template: exit 1, nothing written"

sums "$tmp/demo" >"$tmp/after.sums"
stamps "$tmp/demo" >"$tmp/after.stamps"
cmp -s "$tmp/orig.sums" "$tmp/after.sums" && cmp -s "$tmp/orig.stamps" "$tmp/after.stamps"
check $? "the originals' bytes and modification times are unchanged"

# interrupted: whenever the signal lands, no staging folder stays and the
# output is either absent or complete
for delay in 0.05 0.2 0.5; do
	"$turnover" prep "$tmp/demo/demo.aaf" --template film-tv --out "$tmp/out-k" --no-cache \
		--jobs 1 >/dev/null 2>&1 &
	pid=$!
	sleep $delay
	kill -INT $pid 2>/dev/null
	wait $pid
	ls -a "$tmp" | grep -q 'staging'
	st=$?
	[ $st -ne 0 ] && { [ ! -e "$tmp/out-k" ] || [ -s "$tmp/out-k/report.json" ]; }
	check $? "SIGINT after ${delay}s leaves nothing half-written"
	rm -rf "$tmp/out-k"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# test_listen.sh: remote audition with the real binaries and no sound
# card: `turnover listen --device null --port 0` (null output recording
# what it plays to TURNOVER_AUDIO_LOG) makes and saves its token, listens
# on 127.0.0.1 only (ss -ltn when there is one); the browser, driven by a
# script without a display, plays a 4 s clip through --remote with the
# token file; a wrong token (TURNOVER_LISTEN_TOKEN, TURNOVER_LISTEN) is
# refused and logged; no listener gives the clear message; non-loopback
# addresses and bad tokens are refused; Ctrl-C (SIGTERM) ends the
# listener with its counts.  The browser's status bar says "remote
# 127.0.0.1:PORT" or "listener absent", also when the listener goes away
# while it runs and when it comes back.
set -u
src=${TURNOVER_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${TURNOVER_BUILDDIR:-$src}
turnover=$build/src/turnover
mk=$build/tests/ui/mkturnover

if [ ! -x "$turnover" ] || [ ! -x "$mk" ]; then
	echo "SKIP: $turnover or $mk not built"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/listen.XXXXXX") || exit 99
lpid=
cleanup() {
	[ -n "$lpid" ] && kill "$lpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
"$mk" "$tmp/t" || exit 99
mkdir -p "$tmp/laptop" "$tmp/box/.config"

pass=0
fail=0
check() {
	if [ "$1" = 0 ]; then
		echo "ok: $2"; pass=$((pass + 1))
	else
		echo "FAIL: $2"; fail=$((fail + 1))
	fi
}

# the screen dump as one line, blanks squeezed (messages wrap)
flat() {
	tr '\n' ' ' <"$1" | tr -s ' '
}

# browse NAME [VAR=VALUE...]: the browser runs $tmp/NAME.script on t as
# the render box's user (HOME and XDG_CONFIG_HOME in $tmp/box)
browse() {
	name=$1
	shift
	( cd "$tmp" && env TURNOVER_NO_DISPLAY=1 TURNOVER_SCRIPT="$tmp/$name.script" \
		LINES=24 COLUMNS=80 TERM=xterm-256color LANG=C.UTF-8 LC_ALL= \
		TURNOVER_DATA_DIR="$src" HOME="$tmp/box" XDG_CONFIG_HOME="$tmp/box/.config" \
		TURNOVER_KEYMAP= TURNOVER_THEME= TURNOVER_AUDIO= TURNOVER_LISTEN= \
		TURNOVER_LISTEN_TOKEN= "$@" t >"$tmp/$name.stdout" 2>"$tmp/$name.stderr" )
}

# ---- the listener on the laptop ------------------------------------------
( cd "$tmp" && exec env XDG_CONFIG_HOME="$tmp/laptop" TURNOVER_AUDIO_LOG="$tmp/played.log" \
	"$turnover" listen --device null --port 0 >"$tmp/listen.out" 2>"$tmp/listen.err" ) &
lpid=$!
port=
for i in $(seq 100); do
	port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\),.*/\1/p' "$tmp/listen.out")
	[ -n "$port" ] && break
	sleep 0.1
done
[ -n "$port" ]
check $? "turnover listen starts and says its port ($port)"
[ -n "$port" ] || { cat "$tmp/listen.out" "$tmp/listen.err"; exit 1; }
sed 's/^/  listen: /' "$tmp/listen.out"
tokfile=$tmp/laptop/turnover/listen-token
token=$(cat "$tokfile" 2>/dev/null)
[ "$(stat -c %a "$tokfile" 2>/dev/null)" = 600 ] && [ ${#token} -eq 32 ]
check $? "it made a 32-digit token and saved it with mode 600"
grep -q "^token: $token (new, saved in $tokfile)" "$tmp/listen.out"
check $? "it prints the token"
grep -q "ssh -t -R $port:127.0.0.1:$port RENDERBOX 'TURNOVER_LISTEN_TOKEN=$token turnover --remote $port'" \
	"$tmp/listen.out"
check $? "it prints the ssh command"

if command -v ss >/dev/null 2>&1; then
	ss -ltnH >"$tmp/ss.txt" 2>/dev/null
	addrs=$(awk -v p=":$port" 'substr($4, length($4) - length(p) + 1) == p { print $4 }' "$tmp/ss.txt")
	[ "$addrs" = "127.0.0.1:$port" ]
	check $? "ss -ltn: it listens on 127.0.0.1:$port and nowhere else (${addrs:-nothing})"
else
	echo "skip: no ss to list listening sockets"
fi

# ---- the browser on the box (here: the same machine, as after ssh -R) ----
cp "$tokfile" "$tmp/box/.config/turnover-token.copy"
mkdir -p "$tmp/box/.config/turnover"
mv "$tmp/box/.config/turnover-token.copy" "$tmp/box/.config/turnover/listen-token"
chmod 600 "$tmp/box/.config/turnover/listen-token"
printf '%s\n' ":dump-screen $tmp/connected.txt" "j Enter Space" ":wait-stopped" ":sleep 500" \
	"q" >"$tmp/play.script"
browse play "$turnover" --remote "$port"
check $? "the browser plays through --remote $port with the token file (exit $?)"
[ ! -s "$tmp/play.stderr" ]
check $? "nothing on its stderr"
sed 's/^/  stderr: /' "$tmp/play.stderr" | head -20
flat "$tmp/connected.txt" | grep -q "audio: remote 127.0.0.1:$port"
check $? "its status line says audio: remote 127.0.0.1:$port"
grep "stopped" "$tmp/connected.txt" | grep -q "remote 127.0.0.1:$port"
check $? "the status bar's audio part says remote 127.0.0.1:$port"
lines=$(wc -l <"$tmp/played.log" 2>/dev/null || echo 0)
[ "$lines" -gt 100 ]
check $? "the listener played audio ($lines blocks recorded)"
tail -n 1 "$tmp/played.log" | awk '{ exit !($1 > 3.95 && $1 <= 4.001) }'
check $? "it played all 4 s of the clip ($(tail -n 1 "$tmp/played.log" | cut -d' ' -f1) s)"
awk '$2 > 0.01 || $3 > 0.01 { n++ } END { exit !(n > 100) }' "$tmp/played.log"
check $? "and it was sound, not silence"
grep -q "info: sender connected" "$tmp/listen.err"
check $? "the listener logged the sender"

printf '%s\n' ":dump-screen $tmp/refused.txt" "q" >"$tmp/wrong.script"
browse wrong TURNOVER_LISTEN="127.0.0.1:$port" TURNOVER_LISTEN_TOKEN=wrong-token "$turnover"
check $? "a wrong token: the browser still runs (exit $?)"
flat "$tmp/refused.txt" | grep -q "refused: wrong token"
check $? "its message says the token was refused"
grep -q "warning: refused a sender: wrong token" "$tmp/listen.err"
check $? "the listener logged the refusal"

chmod 644 "$tmp/box/.config/turnover/listen-token"
env HOME="$tmp/box" XDG_CONFIG_HOME="$tmp/box/.config" TURNOVER_LISTEN_TOKEN= \
	"$turnover" --remote "$port" --list-devices >/dev/null 2>"$tmp/open.err"
[ $? = 2 ] && grep -q "chmod 600" "$tmp/open.err"
check $? "a token file that others can read is refused"
chmod 600 "$tmp/box/.config/turnover/listen-token"
"$turnover" --remote "192.168.1.20:$port" --list-devices >/dev/null 2>"$tmp/far.err"
[ $? = 2 ] && grep -q "loopback" "$tmp/far.err"
check $? "--remote to another host is refused"
"$turnover" listen --token 'not a token' --device null >/dev/null 2>"$tmp/badtok.err"
[ $? = 1 ] && grep -q "bad token" "$tmp/badtok.err"
check $? "listen --token with a bad token is refused"
"$turnover" listen --port "$port" --device null --token abc >/dev/null 2>"$tmp/busy.err"
[ $? = 1 ] && grep -q "Address already in use" "$tmp/busy.err"
check $? "a second listener on the same port says the port is taken"
"$turnover" listen --device null --list-devices | grep -q '^\* null'
check $? "listen --list-devices lists the null output"

# ---- the listener stops ----------------------------------------------------
kill -TERM "$lpid"
wait "$lpid"
status=$?
lpid=
[ $status = 0 ]
check $? "SIGTERM ends the listener cleanly (exit $status)"
grep -q "^received [0-9]* packets, 192000 frames, [0-9]* flushes from 1 sender; 1 refused" \
	"$tmp/listen.out"
check $? "it received the 4 s clip (192000 frames) and refused one sender"
tail -n 1 "$tmp/listen.out" | sed 's/^/  listen: /'
! grep -q "ERROR: AddressSanitizer\|runtime error" "$tmp/listen.err"
check $? "no sanitizer report from the listener"

printf '%s\n' ":dump-screen $tmp/absent.txt" "q" >"$tmp/absent.script"
browse absent "$turnover" --remote "$port"
check $? "no listener: the browser still runs (exit $?)"
flat "$tmp/absent.txt" | grep -q "no listener on 127.0.0.1:$port: run \`turnover listen\` on your laptop"
check $? "its message says there is no listener and what to run"
grep -q "^ listener absent *$" "$tmp/absent.txt"
check $? "the status bar's audio part says listener absent"

# ---- the listener goes away while the browser runs, and comes back -------------
# listen_again NAME: a listener on the same port with the same token
listen_again() {
	( cd "$tmp" && exec env XDG_CONFIG_HOME="$tmp/laptop" "$turnover" listen --device null \
		--port "$port" --token "$token" >"$tmp/$1.out" 2>"$tmp/$1.err" ) &
	lpid=$!
}
# until_file FILE: until it exists (at most 60 s)
until_file() {
	for _ in $(seq 1200); do
		[ -s "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
listen_again again1
until_file "$tmp/again1.out"
printf '%s\n' ":dump-screen $tmp/up1.txt" ":sleep 5000" ":dump-screen $tmp/gone.txt" \
	":sleep 8000" ":dump-screen $tmp/up2.txt" "q" >"$tmp/flaky.script"
browse flaky "$turnover" --remote "$port" &
bpid=$!
until_file "$tmp/up1.txt"
kill -TERM "$lpid"
wait "$lpid"
until_file "$tmp/gone.txt"
listen_again again2
wait "$bpid"
check $? "the browser runs on while the listener goes and comes back (exit $?)"
grep "stopped" "$tmp/up1.txt" | grep -q "remote 127.0.0.1:$port"
check $? "at first the status bar says remote 127.0.0.1:$port"
grep -q "^ ■ stopped  L+R  listener absent *$" "$tmp/gone.txt"
check $? "when the listener went away it says listener absent"
grep "stopped" "$tmp/up2.txt" | grep -q "remote 127.0.0.1:$port" &&
	flat "$tmp/up2.txt" | grep -q "remote audio: back on 127.0.0.1:$port"
check $? "when it is back it says remote 127.0.0.1:$port again"
kill -TERM "$lpid"
wait "$lpid"
lpid=

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

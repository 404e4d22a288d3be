#!/usr/bin/env bash
# `hyper-vision demo` as a user runs it, in tmux: it says how to reach its server from another
# shell, a second demo on the same folder names the running one instead of purging it, the CLI
# in another shell keys its journal as the demo does, and a draft left in one demo is waiting in
# the next one on another port (--port), and its server (a child process) does not outlive a
# demo killed outright. Usage: tui-demo-e2e.sh BINARY
set -euo pipefail
BIN=$(realpath "${1:?usage: tui-demo-e2e.sh BINARY}")
source "$(dirname "${BASH_SOURCE[0]}")/tui-lib.sh"
keep_server

# An editor that changes the title, leaving a draft to write or keep.
cat >"$WORK/editor" <<'EDITOR'
#!/bin/sh
sed -i 's/"title": "/"title": "edited in the demo /' "$1"
EDITOR
chmod +x "$WORK/editor"

demo() {   # demo ARGS...
    "${T[@]}" kill-session -t app 2>/dev/null || true
    launch -x 160 -y 40 "env TERM=xterm-256color VISUAL=$WORK/editor XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_STATE_HOME=$XDG_STATE_HOME XDG_CACHE_HOME=$XDG_CACHE_HOME XDG_DATA_HOME=$XDG_DATA_HOME sh -c '\"$BIN\" demo --size 200 $*; echo EXIT=\$?; $HOLD'"
    wait_for "● online" 120
    wait_for_regex " 1/[0-9]+"
}

step "the demo says how to reach it from another shell"
demo
wait_for "export HYPER=http://127.0.0.1:"
URL=$(screen | grep -oE 'export HYPER=http://127\.0\.0\.1:[0-9]+/test' | head -1 | cut -d= -f2)
[ -n "$URL" ] || fail "no URL on screen"
echo "demo at $URL"

step "a second demo on the same folder names the first and leaves it alone"
STATUS=0
"$BIN" demo --size 10 </dev/null >"$WORK/second.out" 2>"$WORK/second.err" || STATUS=$?
[ "$STATUS" = 1 ] || fail "second demo exited $STATUS: $(cat "$WORK/second.err")"
grep -qF "a demo is already running at $URL (pid " "$WORK/second.err" || fail "second demo said: $(cat "$WORK/second.err")"
grep -qF -- "--dir" "$WORK/second.err" || fail "no --dir hint: $(cat "$WORK/second.err")"
HYPER=$URL "$BIN" data get book-0001 >/dev/null || fail "the first demo's data is gone"

step "the CLI in another shell reaches the demo and journals as the demo does"
INSTANCE=$(HYPER=$URL "$BIN" info | python3 -c 'import sys, json; print(json.load(sys.stdin)["instance"])')
HYPER=$URL "$BIN" data add _id=e2e-from-cli title=hello >/dev/null
"$BIN" journal | grep -F '"target":"e2e-from-cli"' | grep -qF "\"app\":\"nano-$INSTANCE/-/test\"" \
    || fail "journal: $("$BIN" journal | tail -2)"

step "an edit kept as a draft"
keys e
wait_for "Write data "
keys n
wait_for "draft"
keys q
wait_for "EXIT=0"
[ -z "$(ls -A "$XDG_STATE_HOME/hyper-vision/servers" 2>/dev/null)" ] || fail "the demo left its address registered"

step "the next demo, on a port of its own choosing, has the draft waiting"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
[ "127.0.0.1:$PORT" != "${URL#http://}" ] || fail "the same port twice"
demo --port "$PORT"
wait_for "export HYPER=http://127.0.0.1:$PORT/test"
screen | grep -qF "1 draft waiting" || fail "no draft waiting"
type_text ":drafts"
keys Enter
wait_for "Drafts not written yet"
wait_for "book-0001"
keys Escape
# Esc and a key sent at once read as Alt+key (as in every terminal app): let the Esc land first.
wait_gone "Drafts not written yet"
keys q
wait_for "EXIT=0"

step "another folder runs its own demo"
"${T[@]}" kill-session -t app
demo --dir "$WORK/second-demo"
[ -s "$WORK/second-demo/instance" ] || fail "no server data in the folder given"
[ "$(cat "$WORK/second-demo/instance")" != "$INSTANCE" ] || fail "two folders, one identity"
keys q
wait_for "EXIT=0"

step "a demo killed outright takes its server with it"
"${T[@]}" kill-session -t app
demo --dir "$WORK/killed-demo"
NANO_PID=$(pgrep -f -- "hyper-vision-nano .*--dir $WORK/killed-demo " | head -1)
[ -n "$NANO_PID" ] || fail "no server process for the demo"
# the demo passes its own pid to its server
DEMO_PID=$(tr '\0' ' ' <"/proc/$NANO_PID/cmdline" | grep -oE -- '--stop-with-parent [0-9]+' | cut -d' ' -f2)
[ -n "$DEMO_PID" ] || fail "the server was not told its demo: $(tr '\0' ' ' <"/proc/$NANO_PID/cmdline")"
kill -9 "$DEMO_PID"
wait_for "EXIT=137"
for _ in $(seq 1 100); do kill -0 "$NANO_PID" 2>/dev/null || break; sleep 0.1; done
! kill -0 "$NANO_PID" 2>/dev/null || fail "the demo's server outlived the demo by 10 s"
echo "PASS"

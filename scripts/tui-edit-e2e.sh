#!/usr/bin/env bash
# What only a real terminal shows of editing, for the real binary in tmux against
# `hyper-vision nano` with a secret and a scripted $EDITOR (tui-edit-editor.py): the editor gets
# the terminal (its foreground process group) and a 0600 file, and a browser killed while the
# editor is open leaves a draft that the next start offers. The rest of editing is tested in
# process by the headless driver (Tests/BrowserTests/EditTests.swift).
# Waits on screen content, never on fixed sleeps. Usage: tui-edit-e2e.sh BINARY
set -euo pipefail
BIN=$(realpath "${1:?usage: tui-edit-e2e.sh BINARY}")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/tui-lib.sh"
keep_server

SECRET="s3cret-$RANDOM-never-stored"
export EDIT_PLAN="$WORK/plan" EDIT_LOG="$WORK/editor.log"
: >"$EDIT_LOG"
plan() { printf '%s\n' "$@" >"$EDIT_PLAN"; }

step "nano with a secret"
"$BIN" nano --port 0 --quiet --dir "$WORK/nano" --seed demo --size 300 --secret "$SECRET" --sub tester \
    </dev/null >/dev/null 2>"$WORK/nano.log" &
NANO=$!
CLEANUP+=("kill $NANO 2>/dev/null")
for _ in $(seq 400); do grep -q "serving domain" "$WORK/nano.log" && break; sleep 0.05; done
ADDRESS=$(grep -oE '127\.0\.0\.1:[0-9]+' "$WORK/nano.log" | head -1)
[ -n "$ADDRESS" ] || fail "nano did not start: $(cat "$WORK/nano.log")"
export HYPER="http://tester:$SECRET@$ADDRESS/test"
get() { "$BIN" data get "$1"; }
field() { get "$1" | python3 -c "import sys,json; print(json.load(sys.stdin).get('$2'))"; }
FIRST=$("$BIN" data list --limit 1 | python3 -c 'import sys,json; print(json.load(sys.stdin)["docs"][0]["_id"])')
echo "server $ADDRESS, first document $FIRST"

# browse ARGS...: the browser in a fresh tmux session, our scripted editor as $EDITOR.
browse() {
    "${T[@]}" kill-session -t app 2>/dev/null || true
    launch -x 120 -y 40 "env TERM=xterm-256color XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_STATE_HOME=$XDG_STATE_HOME \
XDG_CACHE_HOME=$XDG_CACHE_HOME XDG_DATA_HOME=$XDG_DATA_HOME EDITOR='python3 $HERE/tui-edit-editor.py' VISUAL= \
EDIT_PLAN=$EDIT_PLAN EDIT_LOG=$EDIT_LOG HYPER=$HYPER sh -c '\"$BIN\" $*; echo EXIT=\$?; $HOLD'"
    wait_for "● online" 60
    wait_for "$FIRST"
}

step "e: the editor owns the terminal and a 0600 draft; the diff is confirmed with y"
browse "$HYPER"
screen | grep -qF "$SECRET" && fail "the secret is on the screen"
plan "set year 1234"
keys e
wait_for "Write data $FIRST?"
keys y
wait_for "done: update data $FIRST"
[ "$(field "$FIRST" year)" = 1234 ] || fail "the server does not have the edit: $(get "$FIRST")"
grep -q "MODE 0o600" "$EDIT_LOG" || fail "the draft file is not 0600: $(cat "$EDIT_LOG")"
grep -q "FOREGROUND yes" "$EDIT_LOG" && ! grep -q "FOREGROUND no" "$EDIT_LOG" \
    || fail "the editor did not get the terminal's foreground: $(cat "$EDIT_LOG")"

step "the tool killed while the editor is open: the draft is offered on the next start"
plan "wait"
keys g e
for _ in $(seq 400); do [ -s "$EDIT_PLAN.open" ] && break; sleep 0.05; done
[ -s "$EDIT_PLAN.open" ] || fail "the editor did not open"
# The browser's own process (its command line starts with the binary and the URL; nano's does not).
APP_PID=$(pgrep -f "^$BIN http" | head -1 || true)
[ -n "$APP_PID" ] || fail "cannot find the browser's process: $(ps -ef | grep -F "$BIN" || true)"
kill -KILL "$APP_PID"
kill "$(cat "$EDIT_PLAN.open")" || fail "the editor is gone"
browse "$HYPER"
wait_for "1 draft waiting"
keys q
wait_for "EXIT=0"

step "the secret is in no file under the cache, state and config folders"
for folder in "$XDG_CACHE_HOME" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME"; do
    [ -d "$folder" ] || continue
    if grep -rlaF -- "$SECRET" "$folder"; then fail "the secret was written to a file above"; fi
done
echo "PASS (edits)"

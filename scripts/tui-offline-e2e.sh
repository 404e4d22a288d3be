#!/usr/bin/env bash
# End-to-end test of the page cache and offline browsing in the real browser in tmux, against
# `hyper-vision nano` (with a secret) that is stopped and started again. Waits on screen
# content, never on fixed sleeps. Usage: tui-offline-e2e.sh BINARY
set -euo pipefail
BIN=$(realpath "${1:?usage: tui-offline-e2e.sh BINARY}")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/tui-lib.sh"
keep_server
trap cleanup EXIT

SECRET="s3cret-$RANDOM-never-stored"
NANO=
# nano [PORT] [--seed demo ...]: the server in the background; sets NANO and ADDRESS.
nano() {
    local port=$1; shift
    : >"$WORK/nano.log"
    "$BIN" nano --port "$port" --quiet --dir "$WORK/nano" --secret "$SECRET" --sub tester "$@" \
        </dev/null >/dev/null 2>"$WORK/nano.log" &
    NANO=$!
    for _ in $(seq 400); do grep -q "serving domain" "$WORK/nano.log" && break; sleep 0.05; done
    ADDRESS=$(grep -oE '127\.0\.0\.1:[0-9]+' "$WORK/nano.log" | head -1)
    [ -n "$ADDRESS" ] || fail "nano did not start: $(cat "$WORK/nano.log")"
}
stop_nano() { kill "$NANO"; wait "$NANO" || true; NANO=; }
CLEANUP+=('[ -z "$NANO" ] || kill "$NANO"')
browse() {
    "${T[@]}" kill-session -t app 2>/dev/null || true
    launch -x 120 -y 40 "env TERM=xterm-256color XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_STATE_HOME=$XDG_STATE_HOME \
XDG_CACHE_HOME=$XDG_CACHE_HOME XDG_DATA_HOME=$XDG_DATA_HOME sh -c '\"$BIN\" $*; echo EXIT=\$?; sleep 60'"
}

step "browse several pages and documents while the server is up"
nano 0 --seed demo --size 300
export HYPER="http://tester:$SECRET@$ADDRESS/test"
# FIRST and FAR (the 151st) ids; SIXTH and WORD, a word only it holds (an isbn part) for :find.
read -r FIRST FAR SIXTH WORD <<<"$("$BIN" data list --limit 151 | python3 -c '
import sys, json
d = json.load(sys.stdin)["docs"]
print(d[0]["_id"], d[150]["_id"], d[5]["_id"], d[5]["isbn"].split("-")[2])')"
browse "$HYPER"
wait_for "● online" 60
wait_for "$FIRST"
keys -N 150 j
wait_for_regex " 151/[0-9]+\+? "
keys Enter
wait_for "\"$FAR\""
keys Escape 4
wait_for_regex "4 Storage [1-9]"
keys 5
# The tab's counts show as soon as the pane loads; the position proves the jobs arrived.
wait_for_regex " [1-9][0-9]*/[0-9]+ +ERROR jobs"
keys 1 q
wait_for "EXIT=0"

step "server stopped: the cached pages and documents are shown, marked offline"
stop_nano
browse "$HYPER"
wait_for "○ offline" 60
wait_for "$FIRST"
wait_for_regex " cached [0-9]+ seconds? ago "
keys -N 150 j
wait_for_regex " 151/[0-9]+\+? "
keys Enter
wait_for "\"$FAR\""
# With the server down, any listing shown comes from the page cache (the jobs' counts change as
# nano delivers them, so they are not compared).
keys Escape 4
wait_for_regex "4 Storage [1-9]"
wait_for_regex " cached [0-9]+ seconds? ago "
keys 5
wait_for_regex " [1-9][0-9]*/[0-9]+ +ERROR jobs +cached [0-9]+ seconds? ago "
keys 1

step ":find searches every cached document and jumps to one"
keys :
type_text "find $WORD"
keys Enter
wait_for "Find \"$WORD\" in the cached documents of this app: 1"
wait_for "data $SIXTH"
keys Enter
wait_for_regex " 6/[0-9]+\+? "
wait_for "\"$SIXTH\""
keys Escape

step "server back: the marker clears by itself and the pane is fetched again"
nano "${ADDRESS#*:}"
wait_for "● online" 60
wait_for "back online"
# The status line loses the cached page's age once the server's answer replaces it.
wait_gone "seconds ago"
keys q
wait_for "EXIT=0"

step "--offline: the cache only, never the network (offline even with the server up)"
browse --offline "$HYPER"
wait_for "○ offline" 30
wait_for "$FIRST"
keys r
wait_for "offline: showing the cached copy (offline mode"
screen | grep -qF "● online" && fail "--offline went online"
keys :
type_text "cache clear"
keys Enter
wait_for "the page cache of this app is cleared"
keys q
wait_for "EXIT=0"

step "the secret is in no file under the cache, state and config folders"
[ -s "$XDG_CACHE_HOME/hyper-vision/cache.sqlite" ] || fail "no page cache was written"
for folder in "$XDG_CACHE_HOME" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME"; do
    [ -d "$folder" ] || continue
    if grep -rlaF -- "$SECRET" "$folder"; then fail "the secret was written to a file above"; fi
done
echo "PASS (offline)"

#!/usr/bin/env bash
# End-to-end test of the real browser in tmux against `hyper-vision demo` (embedded server with
# sample data). Waits on screen content, never on fixed sleeps. Usage: tui-e2e.sh BINARY [TERM]
set -euo pipefail
BIN=$(realpath "${1:?usage: tui-e2e.sh BINARY [TERM]}")
TT=${2:-xterm-256color}
source "$(dirname "${BASH_SOURCE[0]}")/tui-lib.sh"
keep_server

mkdir -p "$WORK/downloads"

step "launch demo ($TT)"
launch -x 120 -y 40 -c "$WORK/downloads" \
    "env TERM=$TT XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_STATE_HOME=$XDG_STATE_HOME XDG_CACHE_HOME=$XDG_CACHE_HOME XDG_DATA_HOME=$XDG_DATA_HOME sh -c 'before=\$(stty -g); \"$BIN\" demo --size 1500; echo EXIT=\$?; [ \"\$(stty -g)\" = \"\$before\" ] && echo TTY=clean; sleep 60'"
wait_for "● online" 60
wait_for_regex "1 Data [0-9]+\+"
BASE=$(screen | grep -oE 'http://127\.0\.0\.1:[0-9]+' | head -1)
[ -n "$BASE" ] || fail "no server address in the title bar"
echo "server $BASE"
api() { curl -fsS "$BASE$1"; }

step "data pane shows seeded documents, unicode rows keep their width"
FIRST=$(api "/data/test?limit=1" | python3 -c 'import sys,json; print(json.load(sys.stdin)["docs"][0]["_id"])')
wait_for "$FIRST"
screen | python3 -c '
import sys, wcwidth
rows = sys.stdin.read().rstrip("\n").split("\n")
bad = [r for r in rows if wcwidth.wcswidth(r) > 120]
assert not bad, bad'

step "scroll to the 1000th document (pages load as the cursor moves)"
EXPECTED=$(api "/data/test?limit=1000" | python3 -c 'import sys,json; print(json.load(sys.stdin)["docs"][999]["_id"])')
keys -N 999 j
wait_for_regex " 1000/[0-9]+\+? "
keys Enter
wait_for " $EXPECTED"
keys Escape

step "a Mango query narrows the list"
keys /
type_text 'type=movie year>1984'
keys Enter
wait_for "/type=movie year>1984"
wait_gone "$FIRST"
wait_for_regex "movie-[0-9]{4}"
screen | python3 -c '
import sys, re
text = sys.stdin.read()
rows = [line[:54] for line in text.split("\n")[3:-3]]  # the list only (the detail is right of column 54)
ids = re.findall(r"\b([a-z]+)-\d{4}\b", "\n".join(rows))
assert ids and all(i == "movie" for i in ids), ids'

step ":mouse: the wheel scrolls and a click selects"
keys g
keys :
type_text "mouse"
keys Enter
wait_for "mouse on"
# What the terminal would send: xterm's terminfo asks for SGR reports, screen's for X10 ones.
if [[ $TT == screen* ]]; then WHEEL=$'\e[Ma%*' CLICK=$'\e[M %,'; else WHEEL=$'\e[<65;5;10M' CLICK=$'\e[<0;5;12M'; fi
type_text "$WHEEL"                  # wheel down over the list
wait_for_regex " 4/[0-9]+\+? "
type_text "$CLICK"                  # click on the 9th row (screen row 12)
wait_for_regex " 9/[0-9]+\+? "
keys :
type_text "mouse"
keys Enter
wait_for "mouse off"

step "c picks the table's columns; the query history recalls the last query"
keys c
wait_for "columns:"
keys C-u
type_text "_id,year"
keys Enter
wait_for_regex '^  _id +year +│'
keys /
keys C-u
keys Up
wait_for "selector/type=movie year>1984"
keys Escape

step "escape sequences and control characters in data are shown escaped, never sent"
keys /
keys C-u
type_text '_id=movie-0005'
keys Enter
keys c C-u Enter   # back to the inferred columns
wait_for '\x1b[31mRed Alert\x1b[0m'
screen -e | grep -qF $'\e[31mRed' && fail "an escape sequence from the data reached the terminal"

step "cache pane: keys, then a pattern narrows them"
keys 2
wait_for_regex "2 Cache [1-9]"
KEY=$(api "/cache/test/_query?pattern=*" | python3 -c 'import sys,json; print(sorted(d["key"] for d in json.load(sys.stdin)["docs"])[0])')
PREFIX=${KEY%%-*}
wait_for "$KEY"
keys /
type_text "$PREFIX-*"
keys Enter
wait_for "pattern $PREFIX-*"
COUNT=$(api "/cache/test/_query?pattern=$PREFIX-*" | python3 -c 'import sys,json; print(len(json.load(sys.stdin)["docs"]))')
wait_for_regex "2 Cache $COUNT "

step "search pane: a query with results"
WORD=$(curl -fsS -X POST -H 'content-type: application/json' \
    -d '{"selector":{"type":"movie"},"limit":1}' "$BASE/data/test/_query" \
    | python3 -c 'import sys,json; print(json.load(sys.stdin)["docs"][0]["title"].split()[0])')
keys 3
keys /
type_text "$WORD"
keys Enter
wait_for_regex "3 Search [1-9]"
wait_for "$WORD"

step "storage pane: download a file and compare its bytes"
keys 4
wait_for_regex "4 Storage [1-9]"
OBJECT=$(api "/storage/test?prefix=" | python3 -c '
import sys,json
objs = [o for o in json.load(sys.stdin)["objects"] if "/" not in o["name"]]
print(sorted(o["name"] for o in objs)[-1])')
# Folders come first in the tree, then objects by name: G selects the last object.
wait_for "$OBJECT"
keys G
keys D
wait_for "download: $OBJECT"
keys C-u
type_text "$WORK/downloads/got-$OBJECT"
keys Enter
wait_for "downloaded"
curl -fsS "$BASE/storage/test/$OBJECT" -o "$WORK/expected"
cmp "$WORK/expected" "$WORK/downloads/got-$OBJECT" || fail "downloaded bytes differ"
keys Enter
wait_for "$(head -c 20 "$WORK/expected" | head -1)"

step "storage pane: upload a file with U"
printf 'uploaded by the e2e test: 日本語 ✓\n' > "$WORK/upload-me.txt"
keys Escape
keys U
wait_for "upload:"
type_text "$WORK/upload-me.txt"
keys Enter
wait_for "uploaded"
wait_for "upload-me.txt"
curl -fsS "$BASE/storage/test/upload-me.txt" -o "$WORK/uploaded"
cmp "$WORK/upload-me.txt" "$WORK/uploaded" || fail "uploaded bytes differ"
"$BIN" journal | grep -q '"action":"storageUpload".*"target":"upload-me.txt".*"outcome":"ok"' \
    || fail "the upload is not in the journal: $("$BIN" journal)"

step "queue pane: retry an errored job"
keys 5
wait_for_regex "5 Queue ✗[1-9][0-9]* ✓[0-9]+"
ERRORS=$(api "/queue/test?status=ERROR" | python3 -c 'import sys,json; print(len(json.load(sys.stdin)["jobs"]))')
keys R
wait_for "1 job(s) done"
wait_for_regex "5 Queue ✗$((ERRORS - 1)) "
"$BIN" journal | grep -q '"action":"queueRetry".*"outcome":"ok"' || fail "the retry is not in the journal: $("$BIN" journal)"

step "queue watch mode shows a new failure without a key press"
keys w
wait_for "watching 2s"
NOW_ERRORS=$(api "/queue/test?status=ERROR" | python3 -c 'import sys,json; print(len(json.load(sys.stdin)["jobs"]))')
curl -fsS -X POST -H 'content-type: application/json' -d '{"type":"E2E_WATCH"}' "$BASE/queue/test" >/dev/null
wait_for_regex "5 Queue ✗$((NOW_ERRORS + 1)) "
wait_for "E2E_WATCH"
keys w
wait_gone "watching 2s"

step "resize to 60x16, below the minimum, and back"
"${T[@]}" resize-window -t app -x 60 -y 16
wait_for "5 Queue"
"${T[@]}" resize-window -t app -x 50 -y 10
wait_for "Terminal too small"
"${T[@]}" resize-window -t app -x 120 -y 40
wait_gone "Terminal too small"
wait_for "5 Queue"

step ":theme switches live, :connect opens a saved connection"
keys :
type_text "theme light"
keys Enter
wait_for "theme light"
mkdir -p "$XDG_CONFIG_HOME/hyper-vision"
printf '[connections.again]\nurl = "%s/test"\nread_only = true\n' "$BASE" > "$XDG_CONFIG_HOME/hyper-vision/config.toml"
keys :
type_text "connect again"
keys Enter
wait_for "again $BASE/test"
wait_for "[read-only]"
keys R
wait_for "read-only connection"

step ":domain switches the domain (a missing one answers with the server's error)"
keys :
type_text "domain nothere"
keys Enter
wait_for "domain nothere"
wait_for "${BASE#http://}/nothere"
wait_for "404"
keys :
type_text "domain test"
keys Enter
wait_for_regex "5 Queue ✗[0-9]+ ✓[0-9]+"

step "help and quit leave the terminal clean"
keys ?
wait_for "Retry job(s)"
keys Escape
keys q
wait_for "EXIT=0"
wait_for "TTY=clean"
screen | grep -qF "hyper-vision " && fail "the browser's screen is still shown after quitting"
step "NO_COLOR: attributes only; SIGTERM also restores the terminal"
"${T[@]}" kill-session -t app
launch -x 100 -y 30 -c "$WORK/downloads" \
    "env TERM=$TT NO_COLOR=1 sh -c 'before=\$(stty -g); \"$BIN\" demo --size 200; echo EXIT=\$?; [ \"\$(stty -g)\" = \"\$before\" ] && echo TTY=clean; sleep 60'"
wait_for "● online" 60
screen -e | python3 -c '
import re, sys
text = sys.stdin.read()
colours = re.findall(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;[0-9;]+|48;[0-9;]+)m", text)
assert not colours, colours[:5]
assert "\x1b[7m" in text, "no reverse video"'
SHELL_PID=$("${T[@]}" display -p -t app '#{pane_pid}')
APP_PID=$(pgrep -P "$SHELL_PID" -f hyper-vision | head -1)
[ -n "$APP_PID" ] || fail "cannot find the browser's process"
kill -TERM "$APP_PID"
wait_for "EXIT=143"
wait_for "TTY=clean"
echo "PASS ($TT)"

#!/usr/bin/env bash
# End-to-end test of edits, the journal, drafts and read-only in the real browser in tmux,
# against `hyper-vision nano` with a secret, with a scripted $EDITOR (tui-edit-editor.py).
# Waits on screen content, never on fixed sleeps. Usage: tui-edit-e2e.sh BINARY
set -euo pipefail
BIN=$(realpath "${1:?usage: tui-edit-e2e.sh BINARY}")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/tui-lib.sh"
keep_server
trap cleanup EXIT


SECRET="s3cret-$RANDOM-never-stored"
export EDIT_PLAN="$WORK/plan" EDIT_LOG="$WORK/editor.log" HV_BIN="$BIN"
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
IDS=$("$BIN" data list --limit 2 | python3 -c 'import sys,json; print(" ".join(d["_id"] for d in json.load(sys.stdin)["docs"]))')
read -r FIRST SECOND <<<"$IDS"
echo "server $ADDRESS, documents $FIRST $SECOND"

# browse ARGS...: the browser in a fresh tmux session, our scripted editor as $EDITOR.
browse() {
    "${T[@]}" kill-session -t app 2>/dev/null || true
    launch -x 120 -y 40 "env TERM=xterm-256color XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_STATE_HOME=$XDG_STATE_HOME \
XDG_CACHE_HOME=$XDG_CACHE_HOME XDG_DATA_HOME=$XDG_DATA_HOME EDITOR='python3 $HERE/tui-edit-editor.py' VISUAL= \
EDIT_PLAN=$EDIT_PLAN EDIT_LOG=$EDIT_LOG HV_BIN=$BIN HYPER=$HYPER NANO_PID=$NANO sh -c '\"$BIN\" $*; echo EXIT=\$?; sleep 60'"
    wait_for "● online" 60
    wait_for "$FIRST"
}

step "e: edit a document; the diff is confirmed with y and the server has the change"
browse "$HYPER"
screen | grep -qF "$SECRET" && fail "the secret is on the screen"
plan "set year 1234"
keys e
wait_for "Write data $FIRST?"
wait_for "year"
keys y
wait_for "done: update data $FIRST"
[ "$(field "$FIRST" year)" = 1234 ] || fail "the server does not have the edit: $(get "$FIRST")"
grep -q "MODE 0o600" "$EDIT_LOG" || fail "the draft file is not 0600: $(cat "$EDIT_LOG")"
grep -q "FOREGROUND yes" "$EDIT_LOG" && ! grep -q "FOREGROUND no" "$EDIT_LOG" \
    || fail "the editor did not get the terminal's foreground: $(cat "$EDIT_LOG")"

step "invalid JSON reopens the editor with the error on top and the text kept"
plan "break" "fix year 4321"
keys e
wait_for "Write data $FIRST?"
grep -qE "HEADER // hyper-vision: invalid JSON: .* at line [0-9]+, column [0-9]+" "$EDIT_LOG" \
    || fail "no error header in the reopened draft: $(cat "$EDIT_LOG")"
grep -q "LOST" "$EDIT_LOG" && fail "the user's text was lost"
keys y
wait_for "done: update data $FIRST"
[ "$(field "$FIRST" year)" = 4321 ] && [ "$(field "$FIRST" marker)" = KEEPME ] || fail "fixed edit not written: $(get "$FIRST")"

step "unchanged: nothing happens"
plan "quit"
keys e
wait_for "no changes"

step "a change made on the server while the editor is open is a conflict: re-edit on top of it"
plan "conflict year 1111" "set year 2222"
keys e
wait_for "Write data $FIRST?"
keys y
wait_for "changed on the server since the edit began"
wait_for "Changed meanwhile"
[ "$(field "$FIRST" year)" = 4321 ] || fail "a conflicting edit was written"
keys r
wait_for "Write data $FIRST?"
keys y
wait_for "done: update data $FIRST"
[ "$(field "$FIRST" year)" = 2222 ] || fail "the re-edit was not written: $(get "$FIRST")"

step "d deletes after naming the id; u restores it byte for byte"
BEFORE=$(get "$SECOND")
keys j
keys d
wait_for "Delete data $SECOND?"
keys y
wait_for "done: delete data $SECOND"
get "$SECOND" >/dev/null 2>&1 && fail "$SECOND still exists"
keys u
wait_for "done: undo: add data $SECOND"
[ "$(get "$SECOND")" = "$BEFORE" ] || fail "undo did not restore $SECOND byte for byte: $(get "$SECOND") vs $BEFORE"

step "a adds a document from the template"
plan 'set _id "zz-added"'
keys a
wait_for "Write a new data entry?"
keys y
wait_for "done: add data zz-added"
[ "$(field zz-added _id)" = zz-added ] || fail "the new document is not on the server"

step "the cache pane: e edits a value, d removes a key, u brings it back"
KEY=$("$BIN" cache query | python3 -c 'import sys,json; print(sorted(d["key"] for d in json.load(sys.stdin)["docs"])[0])')
VALUE=$("$BIN" cache get "$KEY")
keys 2
wait_for "$KEY"
plan 'replace {"edited": "from the browser"}'
keys e
wait_for "Write cache $KEY?"
keys y
wait_for "done: update cache $KEY"
[ "$("$BIN" cache get "$KEY")" = '{"edited":"from the browser"}' ] || fail "cache value not written: $("$BIN" cache get "$KEY")"
keys u
wait_for "done: undo: update cache $KEY"
[ "$("$BIN" cache get "$KEY")" = "$VALUE" ] || fail "undo did not restore the cache value"
keys d
wait_for "Delete cache $KEY?"
keys y
wait_for "done: delete cache $KEY"
"$BIN" cache get "$KEY" >/dev/null 2>&1 && fail "$KEY still exists"
keys u
wait_for "done: undo: update cache $KEY"
[ "$("$BIN" cache get "$KEY")" = "$VALUE" ] || fail "undo did not bring the key back"
keys 1

step "the search pane: e edits the stored document (re-indexed)"
MATCH=$("$BIN" search query movie | python3 -c 'import sys,json; print(json.load(sys.stdin)["matches"][0]["id"])')
keys 3 /
type_text "movie"
keys Enter
wait_for "$MATCH"
plan 'set title "Edited from the browser"'
keys e
wait_for "Write search $MATCH?"
keys y
wait_for "done: update search $MATCH"
"$BIN" search get "$MATCH" | grep -qF "Edited from the browser" || fail "search document not updated: $("$BIN" search get "$MATCH")"
keys 1

step ":journal lists the writes with their outcome"
keys :
type_text "journal"
keys Enter
wait_for "Journal: writes made from this tool"
wait_for_regex "delete data $SECOND +ok"
wait_for_regex "searchUpdate search $MATCH +ok"
# The newest entry (the search edit) is under the cursor: u undoes it.
keys u
wait_for "done: undo: update search $MATCH"
wait_gone "Journal: writes"
"$BIN" search get "$MATCH" | grep -qF "Edited from the browser" && fail "the journal's undo did not restore $MATCH"

step "the storage pane: d deletes the object under the cursor after naming it (journaled)"
keys 4
wait_for "readme.txt"
keys G d
wait_for "Delete storage readme.txt?"
wait_for "this cannot be undone"
keys y
wait_for "done: delete storage readme.txt"
# Listed again: the three folders are left.
wait_for_regex "^ 3/3 "
"$BIN" storage download readme.txt -o "$WORK/readme.txt" >/dev/null 2>&1 && fail "readme.txt is still stored"
"$BIN" journal | grep -qF '"action":"storageRemove","service":"storage","target":"readme.txt"' \
    || fail "the storage delete is not journaled: $("$BIN" journal | tail -2)"
keys 1

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
keys :
type_text "drafts"
keys Enter
wait_for "Drafts not written yet"
wait_for "data $FIRST"
keys x
wait_for "draft discarded"
keys q
wait_for "EXIT=0"

step "read-only: --read-only and read_only = true refuse every write and say why"
browse --read-only "$HYPER"
wait_for "[read-only]"
for pair in e:edit d:delete a:add u:undo; do
    keys "${pair%%:*}"
    wait_for "read-only connection (--read-only): ${pair#*:} is disabled"
done
screen | grep -qF "Write data" && fail "a write dialog opened on a read-only connection"
keys q
wait_for "EXIT=0"
mkdir -p "$XDG_CONFIG_HOME/hyper-vision"
printf '[connections.ro]\nurl = "env:HYPER"\nread_only = true\n' >"$XDG_CONFIG_HOME/hyper-vision/config.toml"
browse ro
keys e
wait_for "read-only connection (read_only = true on saved connection ro): edit"
keys q
wait_for "EXIT=0"

step "the server goes down while the editor is open: the write fails and the draft stays"
browse "$HYPER"
plan "down year 7777"
keys e
wait_for "Write data $FIRST?"
keys y
wait_for "not written, the draft is kept (:drafts): writing data $FIRST" 40
keys :
type_text "drafts"
keys Enter
wait_for "Drafts not written yet"
wait_for_regex "data $FIRST .*not written"
keys Escape q
wait_for "EXIT=0"

step "the secret is in no file under the cache, state and config folders"
for folder in "$XDG_CACHE_HOME" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME"; do
    [ -d "$folder" ] || continue
    if grep -rlaF -- "$SECRET" "$folder"; then fail "the secret was written to a file above"; fi
done
[ -n "$(ls -A "$XDG_STATE_HOME/hyper-vision")" ] || fail "nothing was written to the state folder"
echo "PASS (edits)"

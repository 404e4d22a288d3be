#!/usr/bin/env bash
# Browser timings against a local nano with a large demo domain (default 100,000 documents):
# start to first complete frame, time per frame, and keystroke-to-frame latency while scrolling
# (median and p99), and start to the first frame again once the page cache holds the first page
# (the page shown from the cache before the server answers). Uses the browser's own trace
# (HYPER_VISION_TRACE), driven in tmux, with its own XDG folders; and the browser's memory after
# `G` through every document, and keystroke-to-frame latency while paging back (PgUp) through the
# pages it dropped on the way (issue 9, goal 2).
# Usage: bench-tui.sh BINARY [DOCUMENTS]
set -euo pipefail
BIN=$(realpath "${1:?usage: bench-tui.sh BINARY [DOCUMENTS]}")
SIZE=${2:-100000}
export LANG=C.UTF-8 LC_ALL=C.UTF-8
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
T=(tmux -L "bench-tui-$$" -f /dev/null)
NANO_PID=
cleanup() {
    "${T[@]}" kill-server 2>/dev/null || true
    [ -n "$NANO_PID" ] && kill "$NANO_PID" 2>/dev/null && wait "$NANO_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT
screen() { "${T[@]}" capture-pane -t app -p; }
wait_for_regex() {
    local deadline=$((SECONDS + ${2:-30}))
    while ((SECONDS < deadline)); do screen | grep -qE -- "$1" && return 0; sleep 0.01; done
    echo "timed out waiting for /$1/" >&2; screen >&2; exit 1
}

echo "seeding $SIZE documents…"
"$BIN" nano --port "$PORT" --dir "$WORK/nano" --seed demo --size "$SIZE" --quiet >"$WORK/nano.log" 2>&1 &
NANO_PID=$!
# The server answers before seeding ends: wait until every document is there (counted past the
# last expected one: one answer of every id at 1,000,000 documents is too slow to poll).
count() {
    curl -fsS -X POST -H 'content-type: application/json' -d "{\"fields\":[\"_id\"],\"skip\":$((SIZE - 1)),\"limit\":2}" \
        "http://127.0.0.1:$PORT/data/test/_query" 2>/dev/null | python3 -c "import sys,json; print($SIZE - 1 + len(json.load(sys.stdin)['docs']))" 2>/dev/null || echo 0
}
for _ in $(seq 1200); do [ "$(count)" = "$SIZE" ] && break; sleep 0.5; done
[ "$(count)" = "$SIZE" ] || { echo "the server never held $SIZE documents" >&2; exit 1; }

# browse TRACE: the browser in a fresh tmux session, timing itself into TRACE.
browse() {
    "${T[@]}" kill-session -t app 2>/dev/null || true
    "${T[@]}" new-session -d -s app -x 120 -y 40 \
        "env TERM=xterm-256color HYPER_VISION_TRACE=$1 XDG_STATE_HOME=$WORK/state XDG_CACHE_HOME=$WORK/cache XDG_CONFIG_HOME=$WORK/config '$BIN' http://127.0.0.1:$PORT/test; sleep 60" \
        </dev/null >/dev/null 2>&1
    wait_for_regex " 1/100\+ "
}
browse "$WORK/trace"
# One key at a time, each waiting for its frame: keystroke-to-frame latency, not throughput.
for i in $(seq 2 400); do
    "${T[@]}" send-keys -t app j
    wait_for_regex " $i/[0-9]+\+? "
done
"${T[@]}" send-keys -t app q
sleep 0.3
# Again, now that the first page is in the page cache.
"${T[@]}" new-session -d -s keeper "sleep 600" </dev/null >/dev/null 2>&1
browse "$WORK/trace-cached"
"${T[@]}" send-keys -t app q
sleep 0.3
# Goal 2 of issue 9: memory after G through every document, against memory at the first page
# (VmRSS of the browser process, read from /proc once each screen is shown).
browse "$WORK/trace-memory"
browser_rss_kib() {
    local pane child
    pane=$("${T[@]}" display-message -p -t app '#{pane_pid}')
    child=$(pgrep -P "$pane" | head -1)
    awk '/^VmRSS:/ { print $2 }' "/proc/$child/status"
}
RSS_START=$(browser_rss_kib)
"${T[@]}" send-keys -t app G
wait_for_regex " $SIZE/$SIZE " 600
RSS_END=$(browser_rss_kib)
# Page back through the dropped pages, one PgUp at a time, each waiting for its frame (the
# position moves; the rows come back from the page cache, then the server).
position() { screen | grep -oE " [0-9]+/$SIZE " | head -1; }
PAGE_BACK_KEYS=300
for _ in $(seq $PAGE_BACK_KEYS); do
    before=$(position)
    "${T[@]}" send-keys -t app PPage
    deadline=$((SECONDS + 30))
    while [ "$(position)" = "$before" ]; do
        ((SECONDS < deadline)) || { echo "PgUp did not move from $before" >&2; exit 1; }
        sleep 0.01
    done
done
RSS_BACK=$(browser_rss_kib)
"${T[@]}" send-keys -t app q
sleep 0.3

python3 - "$WORK/trace" "$SIZE" "$WORK/trace-cached" "$RSS_START" "$RSS_END" "$WORK/trace-memory" "$RSS_BACK" "$PAGE_BACK_KEYS" <<'PY'
import sys, statistics
def read(path):
    events = {}
    for line in open(path):
        name, ms = line.split()
        events.setdefault(name, []).append(float(ms))
    return events
events = read(sys.argv[1])
cached_first = read(sys.argv[3])["first-frame"][0]
def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]
first = events["first-frame"][0]
frames, keys = events["frame"], events["key"]
print(f"domain documents:          {int(sys.argv[2])}")
print(f"start to first full frame: {first:.1f} ms   (goal < 150 ms)")
print(f"start to cached first page: {cached_first:.1f} ms   (goal < 100 ms)")
renders = events["render"]
print(f"frame (render + flush):    median {statistics.median(frames):.3f} ms, p99 {pct(frames, 99):.3f} ms   (goal < 2 ms)")
print(f"  of which render:         median {statistics.median(renders):.3f} ms, p99 {pct(renders, 99):.3f} ms")
print(f"keystroke to frame:        median {statistics.median(keys):.3f} ms, p99 {pct(keys, 99):.3f} ms over {len(keys)} keys   (goal p99 < 16 ms)")
start_kib, end_kib = int(sys.argv[4]), int(sys.argv[5])
per_doc = (end_kib - start_kib) * 1024 / int(sys.argv[2])
met = "met" if end_kib / 1024 <= 80 else "NOT met"
print(f"goal 2 browser RSS MiB after G through {int(sys.argv[2])} documents: {end_kib / 1024:.1f} (target <= 80) {met}  "
      f"[{start_kib / 1024:.1f} MiB at the first page, {per_doc:.0f} bytes per document scrolled]")
back = read(sys.argv[6])["key"][-int(sys.argv[8]):]  # the PgUp keys, after G
print(f"goal 2 keystroke to frame paging back (PgUp) through dropped pages: median {statistics.median(back):.3f} ms, "
      f"p99 {pct(back, 99):.3f} ms over {len(back)} keys (target p99 < 16 ms) {'met' if pct(back, 99) < 16 else 'NOT met'}; "
      f"RSS after {int(sys.argv[7]) / 1024:.1f} MiB")
PY

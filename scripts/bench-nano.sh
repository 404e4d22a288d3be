#!/usr/bin/env bash
# nano under wrk (issue 3): a domain seeded with 100,000 documents; requests/s and latency for
# GET /, GET a document by id, POST a document, a query on an indexed field, a search query.
# Prints `nano <case> rps=... p50_ms=... p99_ms=...` lines, then the GET-by-id / GET / ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/hyper-vision}
SIZE=${SIZE:-100000}
DURATION=${DURATION:-10s}
PORT=${PORT:-6499}
command -v wrk >/dev/null || { echo "nano skipped: wrk is not installed (make bench-deps)"; exit 0; }
DIR=$(mktemp -d)
BASE="http://127.0.0.1:$PORT"
"$BIN" nano --port "$PORT" --dir "$DIR" --seed demo --size "$SIZE" --quiet &
PID=$!
trap 'kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; rm -rf "$DIR"' EXIT
# start() answers once seeding is done; until then the port is closed or the seed incomplete
for _ in $(seq 1 600); do
    curl -sf "$BASE/storage/test" 2>/dev/null | grep -q logo.png && break
    sleep 0.5
done
curl -sf -X POST "$BASE/data/test/_index" -d '{"name":"idx-year","fields":["year"]}' >/dev/null
LUA=$(mktemp)
run() {  # name method path [body]; CONNECTIONS (default 16) concurrent connections
    local name=$1 method=$2 path=$3 body=${4:-} connections=${CONNECTIONS:-16}
    cat >"$LUA" <<LUAEOF
wrk.method = "$method"
wrk.body = [[$body]]
wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  io.write(string.format("nano $name rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUAEOF
    wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"$DURATION" -s "$LUA" "$BASE$path" | grep '^nano '
}
matches() {  # how many matches a search returns (its cost grows with them: all are returned)
    curl -sf -X POST "$BASE/search/test/_query" -d "{\"query\":\"$1\"}" | grep -o '"id":' | wc -l
}
root=$(run get-root GET /)
echo "$root"
# a movie in the middle of the seeded ids (the seed numbers each type from 1, 4 in 10 are movies)
WIDTH=${#SIZE}; [ "$WIDTH" -lt 4 ] && WIDTH=4
MOVIE=$(printf "movie-%0${WIDTH}d" $((SIZE * 4 / 10 / 2)))
byid=$(run get-by-id GET "/data/test/$MOVIE")
echo "$byid"
run post-document POST /data/test '{"type":"bench","title":"posted by wrk","year":2026}'
run query-indexed POST /data/test/_query '{"selector":{"year":1999},"limit":25}'
echo "nano search-title matches=$(matches 千と千尋の神隠し) search-two-words matches=$(matches 'lighthouse detective')"
run search-title POST /search/test/_query '{"query":"千と千尋の神隠し"}'
run search-two-words POST /search/test/_query '{"query":"lighthouse detective"}'
# latency without queueing: one connection (16 connections on 2 cores mostly measure the queue)
CONNECTIONS=1 run query-indexed-c1 POST /data/test/_query '{"selector":{"year":1999},"limit":25}'
CONNECTIONS=1 run search-title-c1 POST /search/test/_query '{"query":"千と千尋の神隠し"}'
CONNECTIONS=1 run search-two-words-c1 POST /search/test/_query '{"query":"lighthouse detective"}'
rps() { sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$1"; }
echo "nano get-by-id/get-root ratio=$(awk -v a="$(rps "$byid")" -v b="$(rps "$root")" 'BEGIN { printf "%.2f", a / b }')"
rm -f "$LUA"

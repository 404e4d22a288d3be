#!/usr/bin/env bash
# Embedded server throughput with wrk against a domain seeded with 100,000 documents, all in one
# run so that the ratios (GET by id against the framework's GET /) compare like with like.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/hyper-vision}
SIZE=${SIZE:-100000}
DURATION=${DURATION:-8s}
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DIR=$(mktemp -d)
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DIR"' EXIT
"$BIN" nano --dir "$DIR" --port "$PORT" --seed demo --size "$SIZE" --quiet &
PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 600); do curl -sf "$BASE/" >/dev/null && break; sleep 0.1; done
curl -sf -X POST "$BASE/data/test/_index" -d '{"name":"idx-year","fields":["year"]}' >/dev/null

run() { # name, path, [json body for POST]
    local name=$1 path=$2 body=${3:-}
    local script=scripts/wrk/report.lua
    if [ -n "$body" ]; then
        # wrk takes one script: join the POST setup and the report.
        script=$(mktemp --suffix=.lua); cat scripts/wrk/post.lua scripts/wrk/report.lua > "$script"
    fi
    local line
    line=$(WRK_BODY="$body" wrk -t2 -c16 -d"$DURATION" -s "$script" "$BASE$path" | grep '^wrk ')
    echo "nano.$name ${line#wrk }"
    eval "${name}_rps=$(sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$line")"
}
ID=$(printf 'movie-%06d' 1234)
run get_root /
run get_by_id "/data/test/$ID"
run post_document /data/test '{"type":"bench","title":"posted by wrk","year":2026}'
run indexed_query /data/test/_query '{"selector":{"year":1984},"limit":25}'
run search_query /search/test/_query '{"query":"lighthouse detective"}'
echo "nano.ratio get_by_id_vs_root=$(python3 -c "print(f'{$get_by_id_rps/$get_root_rps:.2f}')") (goal >= 0.50)"

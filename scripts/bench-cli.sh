#!/usr/bin/env bash
# The CLI against curl (issue 9, goal 1), side by side: the two commands alternate, ROUNDS times
# (default 64), and the medians of wall time and peak RSS (ru_maxrss, as `/usr/bin/time -f %M`)
# are compared.
#   `data get ID` (whole process: start, session, request, page cache) against `curl -s URL`
#   `--version` against `curl --version`: start-up alone
# Talks to BASE (a nano serving domain `test` with document MOVIE) when given, else seeds its own.
# For reference, a Swift program linked with libcurl as programs usually are (scripts/bench-floor.swift)
# runs alongside.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${BIN:-.build/release/hyper-vision}")
# 64: one `data get` in 64 moves the pages the others left in the page cache's inbox into the
# cache (PageInbox.drainThreshold), so the mean wall time below includes that read once.
ROUNDS=${ROUNDS_CLI:-64}
WORK=$(mktemp -d)
# shellcheck source=bench-lib.sh
. scripts/bench-lib.sh
trap 'stop_nano; rm -rf "$WORK"' EXIT
if [ -z "${BASE:-}" ]; then
    start_nano 1000
    MOVIE=movie-0200
fi
# the CLI's own folders: its page cache and journal start empty and stay private
export HYPER=$BASE/test XDG_CONFIG_HOME=$WORK/config XDG_CACHE_HOME=$WORK/cache XDG_STATE_HOME=$WORK/state XDG_DATA_HOME=$WORK/data
# the reference: Swift with Foundation, linked as release builds are but with libcurl linked at exec,
# starting libcurl and no more
swiftc -O -static-stdlib -use-ld=lld -Xlinker --no-export-dynamic -Xlinker -z -Xlinker pack-relative-relocs \
    scripts/bench-floor.swift -o "$WORK/floor" -Xlinker -l:libcurl-gnutls.so.4
python3 scripts/bench-alternate.py "$ROUNDS" \
    "cli-data-get=$BIN data get $MOVIE" "curl-get=curl -s $BASE/data/test/$MOVIE" \
    "cli-version=$BIN --version" "curl-version=curl --version" \
    "cli-paths=$BIN paths" "swift-linked-curl=$WORK/floor" >"$WORK/cli"
sed 's/^/  /' "$WORK/cli"
echo "  (swift-linked-curl: a Swift program importing Foundation, linked with libcurl, that starts it and does nothing else)"
field() { awk -v n="$1" -v k="$2" '$1 == n { for (i = 2; i <= NF; i++) { split($i, kv, "="); if (kv[1] == k) print kv[2] } }' "$WORK/cli"; }
goal 1 "CLI data get / curl (wall time)" "$(ratio "$(field cli-data-get wall_ms)" "$(field curl-get wall_ms)")" "<=" 1.5 \
    "$(field cli-data-get wall_ms) vs $(field curl-get wall_ms) ms"
goal 1 "CLI data get peak RSS MiB" "$(awk -v k="$(field cli-data-get rss_kib)" 'BEGIN { printf "%.1f", k / 1024 }')" "<=" 20 \
    "curl $(awk -v k="$(field curl-get rss_kib)" 'BEGIN { printf "%.1f", k / 1024 }') MiB"
echo "  CLI data get / curl in CPU time (no goal; a loaded machine disturbs it less than wall time):" \
    "$(ratio "$(field cli-data-get cpu_ms)" "$(field curl-get cpu_ms)")  [$(field cli-data-get cpu_ms) vs $(field curl-get cpu_ms) ms]"
echo "  CLI data get / curl in mean wall time (no goal; one read in 64 moves the waiting pages into the page cache):" \
    "$(ratio "$(field cli-data-get wall_mean_ms)" "$(field curl-get wall_mean_ms)")  [$(field cli-data-get wall_mean_ms) vs $(field curl-get wall_mean_ms) ms]"
goal 1 "CLI --version / curl --version (wall time)" "$(ratio "$(field cli-version wall_ms)" "$(field curl-version wall_ms)")" "<=" 1.5 \
    "$(field cli-version wall_ms) vs $(field curl-version wall_ms) ms"

#!/usr/bin/env bash
# `make bench`: every figure is printed as `section key=value ...`; the goals of issue 9 as
# `goal N ...: RATIO (target OP X) met|NOT met`, each ratio measured against its peer in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8 SWIFT_DETERMINISTIC_HASHING=1
BENCH=.build/release/hyper-vision-bench
echo "== in-process benchmarks"
"$BENCH"
echo "== embedded server and CLI against their peers (nginx, raw FTS5, curl)"
bash scripts/bench-nano.sh
echo "== browser"
bash scripts/bench-tui.sh .build/release/hyper-vision

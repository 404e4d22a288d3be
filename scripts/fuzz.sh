#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets of Fuzz/ with the fuzzer and address sanitizers in
# their own scratch path (.build-fuzz), then runs each for FUZZ_SECONDS from its seed corpus
# (Fuzz/Corpus/<target>) plus what earlier runs found (.build-fuzz/corpus/<target>), with the
# target's dictionary of tokens (Fuzz/Dictionaries/<target>.dict) when it has one.
# Fails when a target breaks one of its properties, crashes, leaks, spends more than
# FUZZ_INPUT_TIMEOUT seconds on one input or passes FUZZ_RSS_MB of memory; the input that did
# it is kept in .build-fuzz/artifacts/<target>/ and the log in .build-fuzz/logs/<target>.log.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
FUZZ_SECONDS=${FUZZ_SECONDS:-15}
FUZZ_TARGETS=${FUZZ_TARGETS:-json items connection mango regex multipart}
FUZZ_INPUT_TIMEOUT=${FUZZ_INPUT_TIMEOUT:-10}
FUZZ_RSS_MB=${FUZZ_RSS_MB:-2048}
SCRATCH=.build-fuzz

# The fuzz targets exist in Package.swift only with HYPER_FUZZ set. SwiftPM's `--sanitize fuzzer`
# links libFuzzer's main instead of the target's own; `-sanitize=fuzzer,address` on every Swift
# module instruments the code under test for coverage and memory errors.
export HYPER_FUZZ=1
mkdir -p "$SCRATCH/logs"
for target in $FUZZ_TARGETS; do
    echo "building fuzz-$target"
    build_log=$SCRATCH/logs/build-$target.log
    if ! "$SWIFT" build --scratch-path "$SCRATCH" --product "fuzz-$target" \
        --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address >"$build_log" 2>&1; then
        grep -v "Cannot export local symbol" "$build_log" | tail -40
        exit 1
    fi
done

# Swift's own crash backtracer hangs under the sanitizers here; libFuzzer reports the crash and
# saves the input itself.
export SWIFT_BACKTRACE=enable=no
failed=()
for target in $FUZZ_TARGETS; do
    corpus=$SCRATCH/corpus/$target artifacts=$SCRATCH/artifacts/$target log=$SCRATCH/logs/$target.log
    mkdir -p "$corpus" "$artifacts"
    dictionary=()
    if [ -f "Fuzz/Dictionaries/$target.dict" ]; then dictionary=(-dict="Fuzz/Dictionaries/$target.dict"); fi
    if "$SCRATCH/debug/fuzz-$target" -max_total_time="$FUZZ_SECONDS" -timeout="$FUZZ_INPUT_TIMEOUT" \
        -rss_limit_mb="$FUZZ_RSS_MB" -max_len=4096 -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "${dictionary[@]}" "$corpus" "Fuzz/Corpus/$target" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
        echo "fuzz-$target: ok, $runs inputs in ${FUZZ_SECONDS}s, $coverage"
    else
        failed+=("$target")
        echo "fuzz-$target: FAILED (log: $log)"
        grep -E -A12 -m1 'property failed|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|==ERROR' "$log" || tail -30 "$log"
        echo "input: $(ls -t "$artifacts"/* 2>/dev/null | head -1)  (replay: SWIFT_BACKTRACE=enable=no $SCRATCH/debug/fuzz-$target FILE)"
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing failed: ${failed[*]}. Add the input to Fuzz/Corpus/<target>/ and a regression test to the suite."
    exit 1
fi

#!/usr/bin/env python3
"""Runs commands side by side, alternating (A B A B ...), and prints for each the median wall
time and the median peak RSS of the whole process (the kernel's ru_maxrss from wait4, the
figure `/usr/bin/time -f %M` prints, without that tool's own start in the wall time).

usage: bench-alternate.py ROUNDS NAME=COMMAND [NAME=COMMAND ...]
  COMMAND is split on spaces (no shell: a shell's start would be timed too).
prints one line per command: `NAME wall_ms=... rss_kib=... runs=...`
Every run must exit 0 (stdout goes to /dev/null, stderr is kept): a failing command stops
the benchmark, since its time would mean nothing.
"""
import os
import statistics
import sys
import time


def run_once(argv, devnull):
    start = time.perf_counter_ns()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
    _, status, usage = os.wait4(pid, 0)
    wall_ms = (time.perf_counter_ns() - start) / 1e6
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench-alternate: `{' '.join(argv)}` exited {os.waitstatus_to_exitcode(status)}")
    return wall_ms, usage.ru_maxrss  # KiB on Linux


def main():
    rounds = int(sys.argv[1])
    commands = [spec.split("=", 1) for spec in sys.argv[2:]]
    devnull = os.open(os.devnull, os.O_WRONLY)
    results = {name: ([], []) for name, _ in commands}
    for round_number in range(rounds + 3):
        for name, command in commands:
            wall, rss = run_once(command.split(" "), devnull)
            if round_number >= 3:  # the first rounds warm the page cache and the server
                results[name][0].append(wall)
                results[name][1].append(rss)
    for name, (walls, rsses) in results.items():
        print(f"{name} wall_ms={statistics.median(walls):.2f} rss_kib={int(statistics.median(rsses))} runs={len(walls)}")


main()

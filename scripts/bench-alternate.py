#!/usr/bin/env python3
"""Runs commands side by side, alternating (A B A B ...), and prints for each the median wall
time, the median CPU time (user and system, every thread) and the median peak RSS of the whole
process (the kernel's ru_maxrss from wait4, the figure `/usr/bin/time -f %M` prints, without
that tool's own start in the wall time). Each
run goes through bench-spawn.c, compiled here: see there why not straight from Python.

usage: bench-alternate.py ROUNDS NAME=COMMAND [NAME=COMMAND ...]
  COMMAND is split on spaces (no shell: a shell's start would be timed too).
prints one line per command: `NAME wall_ms=... cpu_ms=... rss_kib=... runs=... wall_mean_ms=...`
(medians, and the mean wall time, which a run that is slow by design, such as the CLI's one read
in 64 that moves the waiting pages into the page cache, moves and the median does not)
Every run must exit 0 (stdout goes to /dev/null, stderr is kept): a failing command stops
the benchmark, since its time would mean nothing.
"""
import os
import statistics
import subprocess
import sys
import tempfile


def compile_spawner(folder):
    source = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench-spawn.c")
    binary = os.path.join(folder, "bench-spawn")
    subprocess.run(["cc", "-O2", "-o", binary, source], check=True)
    return binary


def run_once(spawner, argv, devnull):
    run = subprocess.run([spawner, *argv], stdout=devnull, stderr=subprocess.PIPE, text=True, check=True)
    # bench-spawn's figures are the last line; the command's own stderr comes before them
    *command_stderr, figures = run.stderr.rstrip("\n").split("\n")
    sys.stderr.write("".join(line + "\n" for line in command_stderr))
    wall_ns, rss_kib, cpu_ns, code = (int(field) for field in figures.split())
    if code != 0:
        sys.exit(f"bench-alternate: `{' '.join(argv)}` exited {code}")
    return wall_ns / 1e6, cpu_ns / 1e6, rss_kib


def main():
    rounds = int(sys.argv[1])
    commands = [spec.split("=", 1) for spec in sys.argv[2:]]
    devnull = os.open(os.devnull, os.O_WRONLY)
    results = {name: ([], [], []) for name, _ in commands}
    folder = tempfile.mkdtemp()
    spawner = compile_spawner(folder)
    for round_number in range(rounds + 3):
        for name, command in commands:
            figures = run_once(spawner, command.split(" "), devnull)
            if round_number >= 3:  # the first rounds warm the page cache and the server
                for samples, figure in zip(results[name], figures):
                    samples.append(figure)
    for name, (walls, cpus, rsses) in results.items():
        print(f"{name} wall_ms={statistics.median(walls):.2f} cpu_ms={statistics.median(cpus):.2f} "
              f"rss_kib={int(statistics.median(rsses))} runs={len(walls)} wall_mean_ms={statistics.mean(walls):.2f}")
    os.remove(spawner)
    os.rmdir(folder)


main()

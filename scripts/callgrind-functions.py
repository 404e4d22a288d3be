#!/usr/bin/env python3
"""Prints, one per line, the functions of BINARY that a callgrind profile saw run, in the order
the profile first names them (callgrind compresses names: `fn=(12) name` names function 12 the
first time, `fn=(12)` refers to it afterwards; `ob=` says which object the functions are in).
A recursive function's deeper calls are named `name'2` and so on: they are the same function.
Code without a symbol is named by its address (`0x...`) and left out: the linker cannot place it.

usage: callgrind-functions.py OBJECT-PATH CALLGRIND-OUT [CALLGRIND-OUT ...]
Several profiles give their union, each function once, in the order of the first profile that
ran it.
"""
import re
import sys

ENTRY = re.compile(r"^(c?ob|c?fn)=\((\d+)\)(?: (.*))?$")
RECURSION_LEVEL = re.compile(r"'\d+$")


def functions_run(profile, object_path):
    names, objects, current_object = {}, {}, None
    for line in open(profile, encoding="utf-8", errors="replace"):
        match = ENTRY.match(line.rstrip("\n"))
        if not match:
            continue
        kind, number, name = match.groups()
        table = objects if kind.endswith("ob") else names
        if name:
            table[number] = name
        if kind == "ob":
            current_object = objects[number]
        elif kind == "fn" and current_object == object_path and not names[number].startswith("0x"):
            yield RECURSION_LEVEL.sub("", names[number])


def main():
    object_path, profiles = sys.argv[1], sys.argv[2:]
    seen = set()
    for profile in profiles:
        for function in functions_run(profile, object_path):
            if function not in seen:
                seen.add(function)
                print(function)


main()

#!/usr/bin/env python3
"""A scripted $EDITOR for scripts/tui-edit-e2e.sh: does what the next line of $EDIT_PLAN says
to the file it is given, as a user would, and logs what it saw to $EDIT_LOG.

Plan lines:  set FIELD VALUE      set a field (VALUE is JSON) and save
             quit                 leave without saving
             wait                 write $EDIT_PLAN.open (our pid) and hang until killed
"""
import json, os, sys, time

path = sys.argv[1]
plan_file = os.environ["EDIT_PLAN"]
with open(plan_file) as f:
    lines = f.read().splitlines()
step, rest = (lines[0] if lines else "quit"), lines[1:]
with open(plan_file, "w") as f:
    f.write("\n".join(rest) + ("\n" if rest else ""))

text = open(path).read()
log = open(os.environ["EDIT_LOG"], "a")
log.write(f"STEP {step}\nMODE {oct(os.stat(path).st_mode & 0o777)}\n")
# A real editor must own the terminal: in the background it is stopped as soon as it reads it.
tty = os.open("/dev/tty", os.O_RDWR)
log.write(f"FOREGROUND {'yes' if os.tcgetpgrp(tty) == os.getpgrp() else 'no'}\n")
os.close(tty)
body = "\n".join(l for l in text.splitlines() if not l.startswith("// hyper-vision: "))
words = step.split(" ", 2)

def save(doc):
    with open(path, "w") as f:
        f.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")

if words[0] == "set":
    doc = json.loads(body); doc[words[1]] = json.loads(words[2]); save(doc)
elif words[0] == "wait":
    with open(plan_file + ".open", "w") as f:
        f.write(str(os.getpid()))
    while True:
        time.sleep(1)
log.close()

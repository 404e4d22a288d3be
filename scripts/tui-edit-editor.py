#!/usr/bin/env python3
"""A scripted $EDITOR for scripts/tui-edit-e2e.sh: does what the next line of $EDIT_PLAN says
to the file it is given, as a user would, and logs what it saw to $EDIT_LOG.

Plan lines:  set FIELD VALUE      set a field (VALUE is JSON) and save
             break                add "marker": "KEEPME" and drop the last brace (invalid JSON)
             fix FIELD VALUE      expect the error header and the marker, then fix and set
             conflict FIELD VALUE change the document on the server meanwhile (CLI), then set
             replace JSON         replace the whole text with JSON
             quit                 leave without saving
             wait                 write $EDIT_PLAN.open (our pid) and hang until killed
             down FIELD VALUE     stop the server ($NANO_PID) meanwhile, then set
"""
import json, os, subprocess, sys, time

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
header = [l for l in text.splitlines() if l.startswith("// hyper-vision: ")]
for l in header:
    log.write(f"HEADER {l}\n")
body = "\n".join(l for l in text.splitlines() if not l.startswith("// hyper-vision: "))
words = step.split(" ", 2)

def save(doc):
    with open(path, "w") as f:
        f.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")

if words[0] == "set":
    doc = json.loads(body); doc[words[1]] = json.loads(words[2]); save(doc)
elif words[0] == "replace":
    save(json.loads(step.split(" ", 1)[1]))
elif words[0] == "break":
    doc = json.loads(body); doc["marker"] = "KEEPME"
    with open(path, "w") as f:
        f.write(json.dumps(doc, indent=2).rstrip().rstrip("}") + "\n")
elif words[0] == "fix":
    if "KEEPME" not in body:
        log.write("LOST the user's text\n")
    doc = json.loads(body + "}"); doc[words[1]] = json.loads(words[2]); save(doc)
elif words[0] == "conflict":
    doc = json.loads(body)
    theirs = dict(doc); theirs["title"] = "Changed meanwhile"; theirs.pop("_id", None)
    subprocess.run([os.environ["HV_BIN"], "data", "update", doc["_id"], json.dumps(theirs)],
                   check=True, stdout=subprocess.DEVNULL)
    doc[words[1]] = json.loads(words[2]); save(doc)
elif words[0] == "down":
    os.kill(int(os.environ["NANO_PID"]), 15)
    doc = json.loads(body); doc[words[1]] = json.loads(words[2]); save(doc)
elif words[0] == "wait":
    with open(plan_file + ".open", "w") as f:
        f.write(str(os.getpid()))
    while True:
        time.sleep(1)
log.close()

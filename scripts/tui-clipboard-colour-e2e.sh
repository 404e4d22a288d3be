#!/usr/bin/env bash
# What only a real terminal shows about copying and colours, for the real binary in tmux
# against `hyper-vision demo`: tmux 3.3+ takes a plain OSC 52 into its paste buffer (with
# set-clipboard on) where it drops the old passthrough wrapper; with tmux's defaults the browser
# says it cannot copy instead of claiming it did; on an 8-colour terminal (TERM=xterm) nothing
# is drawn black on the terminal's own background. Usage: tui-clipboard-colour-e2e.sh BINARY
set -euo pipefail
BIN=$(realpath "${1:?usage: tui-clipboard-colour-e2e.sh BINARY}")
source "$(dirname "${BASH_SOURCE[0]}")/tui-lib.sh"
keep_server

demo() {   # demo TERM
    # Without the NO_COLOR a test runner may set (swift test does): colours are what is checked.
    launch -x 120 -y 40 "env -u NO_COLOR TERM=$1 HYPER_VISION_CLIPBOARD=osc52 XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_STATE_HOME=$XDG_STATE_HOME XDG_CACHE_HOME=$XDG_CACHE_HOME XDG_DATA_HOME=$XDG_DATA_HOME sh -c '\"$BIN\" demo --size 200; $HOLD'"
    wait_for "● online" 120
    wait_for_regex " 1/[0-9]+"
}
buffer() { "${T[@]}" show-buffer 2>/dev/null || true; }

step "tmux set-clipboard on: y puts the id in tmux's paste buffer"
"${T[@]}" set -g set-clipboard on
demo xterm-256color
keys y
wait_for "to the terminal clipboard (OSC 52)"
ID=$(screen | grep -o 'sent [^ ]* to the terminal clipboard' | head -1 | cut -d' ' -f2)
[ -n "$ID" ] || fail "no id in the message"
[ "$(buffer)" = "$ID" ] || fail "tmux's buffer holds '$(buffer)', not '$ID'"
screen | grep -q "copied" && fail "OSC 52 is never acknowledged: nothing may say copied"

step "in the detail, yp copies the field's path and yy its value"
keys Enter
wait_for "_id: \"$ID\""
keys j
type_text yp
wait_for "sent the path _id to the terminal clipboard"
[ "$(buffer)" = "_id" ] || fail "tmux's buffer holds '$(buffer)', not _id"
type_text yy
wait_for "sent the value of _id"
[ "$(buffer)" = "$ID" ] || fail "tmux's buffer holds '$(buffer)', not '$ID'"
keys q
wait_gone "● online"

step "tmux defaults (set-clipboard external, no passthrough): said, not claimed"
"${T[@]}" set -g set-clipboard external
"${T[@]}" kill-session -t app
"${T[@]}" set-buffer -- "untouched"
demo xterm-256color
keys y
wait_for "not copied: tmux ignores OSC 52 here"
[ "$(buffer)" = "untouched" ] || fail "the buffer changed: '$(buffer)'"
keys q
wait_gone "● online"

step "TERM=xterm (8 colours): no role drawn black on the default background"
"${T[@]}" kill-session -t app
demo xterm
check_colours() {
    screen -e | python3 -c '
import re, sys
text = sys.stdin.read()
bad = []
# tmux carries attributes from one line to the next: one state for the whole text.
fg = bg = None
reverse = dim = False
seen = set()
for y, line in enumerate(text.split("\n")):
    for part in re.split(r"(\x1b\[[0-9;]*m)", line):
        if part.startswith("\x1b["):
            codes = [int(c) if c else 0 for c in part[2:-1].split(";")]
            i = 0
            while i < len(codes):
                c = codes[i]
                if c == 0: fg = bg = None; reverse = dim = False
                elif c == 2: dim = True
                elif c == 22: dim = False
                elif c == 7: reverse = True
                elif c == 27: reverse = False
                elif 30 <= c <= 37: fg = c - 30
                elif 90 <= c <= 97: fg = c - 90 + 8
                elif c == 39: fg = None
                elif 40 <= c <= 47: bg = c - 40
                elif 100 <= c <= 107: bg = c - 100 + 8
                elif c == 49: bg = None
                elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                    if c == 38: fg = codes[i + 2]
                    else: bg = codes[i + 2]
                    i += 2
                i += 1
            continue
        if part.strip():
            seen.add((fg, bg, dim))
            if (fg == 0 and bg is None) or (fg is None and bg == 0) or (fg is not None and fg == bg):
                bad.append((y, part.strip()[:20], fg, bg))
assert not bad, bad[:8]
assert (7, None, True) in seen, "no dim white text (the separators): %s" % sorted(seen, key=str)
print("colours ok")'
}
check_colours
keys Enter      # the JSON tree: punctuation
wait_for "▾ {"
check_colours
keys "?"        # the help box's border
wait_for "Help: Data"
check_colours
keys q
echo "PASS"

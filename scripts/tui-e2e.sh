#!/usr/bin/env bash
# What only a real terminal shows, for the real binary in tmux against `hyper-vision demo`: the
# terminal's own mouse sequences per TERM, widths as the terminal draws them, NO_COLOR, and the
# terminal restored after quitting and after SIGTERM. Everything else the browser does is tested
# in process by the headless driver (Tests/BrowserTests). Usage: tui-e2e.sh BINARY [TERM]
set -euo pipefail
BIN=$(realpath "${1:?usage: tui-e2e.sh BINARY [TERM]}")
TT=${2:-xterm-256color}
source "$(dirname "${BASH_SOURCE[0]}")/tui-lib.sh"
keep_server

demo() {
    launch -x "$1" -y "$2" "env TERM=$TT $3 XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_STATE_HOME=$XDG_STATE_HOME XDG_CACHE_HOME=$XDG_CACHE_HOME XDG_DATA_HOME=$XDG_DATA_HOME sh -c 'before=\$(stty -g); \"$BIN\" demo --size $4; echo EXIT=\$?; [ \"\$(stty -g)\" = \"\$before\" ] && echo TTY=clean; $HOLD'"
    wait_for "● online" 60
}

step "launch demo ($TT): rows keep their width as the terminal draws them"
demo 120 40 "" 300
wait_for_regex "1 Data [0-9]+\+?"
screen | python3 -c '
import sys, wcwidth
rows = sys.stdin.read().rstrip("\n").split("\n")
bad = [r for r in rows if wcwidth.wcswidth(r) > 120]
assert not bad, bad'

step ":mouse: the terminal's own wheel and click reports are understood"
keys :
type_text "mouse"
keys Enter
wait_for "mouse on"
# What the terminal would send: xterm's terminfo asks for SGR reports, screen's for X10 ones.
if [[ $TT == screen* ]]; then WHEEL=$'\e[Ma%*' CLICK=$'\e[M %,'; else WHEEL=$'\e[<65;5;10M' CLICK=$'\e[<0;5;12M'; fi
type_text "$WHEEL"                  # wheel down over the list
wait_for_regex " 4/[0-9]+\+? "
type_text "$CLICK"                  # click on the 9th row (screen row 12)
wait_for_regex " 9/[0-9]+\+? "

step "escape sequences in data never reach the terminal"
keys /
type_text '_id=movie-0005'
keys Enter
wait_for '\x1b[31mRed Alert\x1b[0m'
screen -e | grep -qF $'\e[31mRed' && fail "an escape sequence from the data reached the terminal"

step "the prompt edits with the keys as this terminal sends them; a lone Esc still closes it"
keys /
wait_for "selector/_id=movie-0005"
keys End
type_text " x"
keys M-b                            # Alt-b: Esc then b in one burst
type_text "y"
wait_for "selector/_id=movie-0005 yx"
keys Home Delete
wait_for "selector/id=movie-0005 yx"
keys Escape
wait_gone "selector/"
keys Escape                         # on the list: clears the active query
wait_for "query cleared"

step "quit leaves the terminal clean"
keys q
wait_for "EXIT=0"
wait_for "TTY=clean"
screen | grep -qF "hyper-vision " && fail "the browser's screen is still shown after quitting"

step "NO_COLOR: attributes only; SIGTERM also restores the terminal"
"${T[@]}" kill-session -t app
demo 100 30 "NO_COLOR=1" 200
screen -e | python3 -c '
import re, sys
text = sys.stdin.read()
colours = re.findall(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;[0-9;]+|48;[0-9;]+)m", text)
assert not colours, colours[:5]
assert re.search(r"\x1b\[(?:[0-9]+;)*7(?:;[0-9]+)*m", text), "no reverse video"
# The focused half is marked by its header, not by colour: reversed and led by a triangle.
header = next(line for line in text.split("\n") if "_id" in line)
assert "\u25b6" in header, header
reverse = False
for params in re.findall(r"\x1b\[([0-9;]*)m", header.split("\u25b6")[0]):
    codes = params.split(";")
    if params == "" or "0" in codes or "27" in codes: reverse = False
    if "7" in codes: reverse = True
assert reverse, repr(header)'
keys Tab
wait_for "▶ book-0001"
SHELL_PID=$("${T[@]}" display -p -t app '#{pane_pid}')
APP_PID=$(pgrep -P "$SHELL_PID" -f hyper-vision | head -1)
[ -n "$APP_PID" ] || fail "cannot find the browser's process"
kill -TERM "$APP_PID"
wait_for "EXIT=143"
wait_for "TTY=clean"
echo "PASS ($TT)"

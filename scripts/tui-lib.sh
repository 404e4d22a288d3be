#!/usr/bin/env bash
# Shared by the tmux end-to-end scripts (source it after setting BIN): a private tmux server,
# launching the app in it, reading the screen, waiting on screen content (never fixed sleeps),
# typing. Sets WORK (a temporary folder removed on exit, holding the isolated XDG folders) and T
# (the tmux command).
export LANG=C.UTF-8 LC_ALL=C.UTF-8
# A command failing under `set -e` says which one, instead of a silent exit.
set -o errtrace
trap 'echo "ERROR: line $LINENO: $BASH_COMMAND (status $?)" >&2' ERR
WORK=$(mktemp -d)
# Isolated XDG folders: a test never touches the user's config, cache, state or data.
export XDG_CONFIG_HOME="$WORK/config" XDG_STATE_HOME="$WORK/state" XDG_CACHE_HOME="$WORK/cache" XDG_DATA_HOME="$WORK/data"
SOCKET="e2e-tui-$$-$RANDOM"
# The test runner checks that nothing of this run outlives it.
echo "SOCKET $SOCKET"
T=(tmux -L "$SOCKET" -f /dev/null)
# Scripts add their own clean-up steps to CLEANUP (run first, in order).
CLEANUP=()
# The panes' processes are ended first, by their process groups (each pane's is its own): a
# test runner can start us with SIGTERM blocked, which tmux inherits, and then kill-server leaves
# the server, and an app a failed step left running, alive.
cleanup() {
    for c in "${CLEANUP[@]}"; do eval "$c" || true; done
    for pid in $("${T[@]}" list-panes -a -F '#{pane_pid}' 2>/dev/null); do kill -TERM -- "-$pid" 2>/dev/null || true; done
    "${T[@]}" kill-server 2>/dev/null || true
    rm -rf "$WORK"
}
# What panes run once their program is done: it lasts as long as this script and no longer, so
# nothing outlives a run even when the script is killed before its clean-up (the tmux server
# exits with its last pane).
HOLD="tail --pid=$$ -f /dev/null"
# Starts the app in a fresh tmux session. Descriptors we inherited (a test runner's pipes) are
# closed first: the tmux server and its panes would otherwise hold them open after we finish.
launch() { start_session app "$@"; }
# start_session NAME ARGS...: a detached tmux session running ARGS.
start_session() {
    local name=$1; shift
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            if [ "$fd" -gt 2 ] && [ "$fd" != 255 ]; then eval "exec $fd>&-"; fi
        done
        "${T[@]}" new-session -d -s "$name" "$@" </dev/null >/dev/null 2>&1
    )
}
# Scripts that restart the app keep this idle session so the tmux server never exits between
# runs (a new session racing the server's exit fails).
keep_server() { start_session keeper "$HOLD"; }
trap cleanup EXIT

fail() {
    echo "FAIL: $*" >&2
    echo "----- screen -----" >&2
    screen >&2 || true
    exit 1
}
screen() { "${T[@]}" capture-pane -t app -p "$@"; }
# wait_for TEXT [SECONDS]: polls the screen until TEXT (fixed string) shows up.
wait_for() {
    local deadline=$((SECONDS + ${2:-20}))
    while ((SECONDS < deadline)); do
        screen | grep -qF -- "$1" && return 0
        sleep 0.05
    done
    fail "timed out waiting for: $1"
}
wait_for_regex() {
    local deadline=$((SECONDS + ${2:-20}))
    while ((SECONDS < deadline)); do
        screen | grep -qE -- "$1" && return 0
        sleep 0.05
    done
    fail "timed out waiting for /$1/"
}
wait_gone() {
    local deadline=$((SECONDS + ${2:-20}))
    while ((SECONDS < deadline)); do
        screen | grep -qF -- "$1" || return 0
        sleep 0.05
    done
    fail "still on screen: $1"
}
keys() { "${T[@]}" send-keys -t app "$@"; }
type_text() { "${T[@]}" send-keys -t app -l -- "$1"; }
step() { echo "== $*"; }


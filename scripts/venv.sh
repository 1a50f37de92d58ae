# Sourced by demo.sh and test.sh: create .venv with the machine's Python 3 (first run only) and install the
# project into it, with the extras given as "$1" (e.g. "[test]").
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e ".${1:-}"

#!/usr/bin/env bash
# Set up the project in .venv (first run only) and analyse the sample corpus into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e .
set +e
.venv/bin/zwgk analyze corpus/ --out out/ --quiet
code=$?
set -e
if [ "$code" -ge 2 ]; then
  echo "zwgk failed (exit code $code)" >&2
  exit "$code"
fi
echo
echo "Results are in $(pwd)/out/:"
ls -1 out/*.csv | sed 's/^/  /'
echo "(corpus/bad/ holds deliberately broken files: their rows in out/reports.csv have status=error and say why.)"

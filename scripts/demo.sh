#!/usr/bin/env bash
# Set up the project in .venv (first run only) and analyse the sample corpus into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh ""
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
ls -1 out/ | sed 's/^/  /'
echo "(corpus/bad/ holds deliberately broken files: their rows in out/reports.csv have status=error and say why.)"

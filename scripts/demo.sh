#!/usr/bin/env bash
# Set up the project in .venv (first run only) and analyse the sample corpus into out/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/venv.sh ""
set +e
.venv/bin/zwgk analyze corpus/ --out out/ --quiet --html --lexicon scripts/corpus_src/lexicon/  # the sample corpus's fictional bodies
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
echo
echo "Findings on the sample corpus (from out/recurring.csv and out/followup.csv):"
.venv/bin/python - <<'PY'
import pandas as pd
rec = pd.read_csv("out/recurring.csv", encoding="utf-8-sig")
for _, r in rec[rec.n_years >= 2].sort_values("n_years", ascending=False).head(5).iterrows():
    print(f"  recurring weakness: {r.jurisdiction} {r.topic} {r.topic_name} in {r.years.replace(';', ', ')}"
          + (" (still open)" if r.still_open else ""))
fu = pd.read_csv("out/followup.csv", encoding="utf-8-sig")
counts = fu.status.value_counts()
print("  promises of year N in year N+1: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
rep = fu[fu.status == "repeated"].head(2)
for _, r in rep.iterrows():
    print(f"  promise repeated instead of done: {r.jurisdiction} {int(r.year)}: {r.commitment_text[:40]}…")
PY
echo "Open out/report.html for the HTML report."

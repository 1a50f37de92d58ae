#!/usr/bin/env python
"""Score zwgk outputs against gold annotations (format: ../shared/corpus-real/GOLD_FORMAT.md).

Usage: scripts/evaluate.py GOLD_DIR OUT_DIR [--json FILE]

Prints a row per report, the overall figures (items per kind, headings, topics, tables; follow-up when
GOLD_DIR/followup/ exists) and every error. How each figure is computed: :mod:`nlp.eval`.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.eval.followup import followup_scores  # noqa: E402 (the checkout is put on the path first)
from nlp.eval.printout import print_followup, print_table  # noqa: E402
from nlp.eval.score import evaluate, summary  # noqa: E402


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold_dir", type=Path)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--json", type=Path, help="also write the overall figures as JSON")
    args = ap.parse_args(argv)
    scores, missing = evaluate(args.gold_dir, args.out_dir)
    print_table(scores, missing)
    result = summary(scores)
    f = followup_scores(args.gold_dir, args.out_dir)
    if f is not None:
        print_followup(f)
        result["followup"] = {k: v for k, v in f.items() if k not in ("details", "pairs")}
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python
"""Leave-one-series-out cross-validation of the form-handling thresholds, on the form-invariance suite.

Usage: scripts/cv_thresholds.py [--work DIR] [--only NAME ...]

For each threshold (the others at their defaults) and each value of its grid, every gold report (corpus gold and,
when present, ../shared/corpus-real/gold) is scored in every form (:mod:`nlp.eval.formsuite`). A series is a
reporting body. For each series, the value is chosen on the other series (best mean of the suite's four figures
over all forms; ties go to the default) and scored on the held-out series; the printed figures pool the held-out
scores, per form. A threshold whose figures are flat over its grid shows it: the choice does not matter there.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.annotate import measures  # noqa: E402 (the checkout is put on the path first)
from nlp.eval.formsuite import figures, run_suite  # noqa: E402
from nlp.eval.items import ReportScore  # noqa: E402
from nlp.read import normalise  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from evaluate import GOLD_SETS  # noqa: E402


def _setter(module, name: str) -> Callable[[float], None]:
    return lambda value: setattr(module, name, value)


THRESHOLDS = {
    "normalise._MAX_WRAP_WIDTH": (_setter(normalise, "_MAX_WRAP_WIDTH"), [90, 100, 120, 160, 240, 10_000]),
    "normalise._SENTENCE_END_SLACK": (_setter(normalise, "_SENTENCE_END_SLACK"), [-100, 0, 2, 4, 8]),
    "normalise._LONG_LINES_FULL": (_setter(normalise, "_LONG_LINES_FULL"), [0.5, 0.6, 0.65, 0.7, 0.8, 2.0]),
    "normalise._FLAT_MIN_CHARS": (_setter(normalise, "_FLAT_MIN_CHARS"), [200, 300, 500, 800, 1500]),
    "measures.MERGED_PARAGRAPH_CHARS": (_setter(measures, "MERGED_PARAGRAPH_CHARS"), [200, 300, 400, 600, 1000]),
}


def _scores(work: Path) -> dict[str, list[ReportScore]]:
    """Per series (gold jurisdiction): the scores of its reports in every form."""
    out: dict[str, list[ReportScore]] = {}
    for _, gold_dir, inputs, lexicons in GOLD_SETS:
        if not gold_dir.is_dir():
            continue
        result = run_suite(gold_dir.name, gold_dir, inputs, work / gold_dir.parent.name, lexicons=lexicons)
        bodies = _bodies(gold_dir)
        for form, scores in result.by_form.items():
            for rs in scores:
                out.setdefault(bodies[rs.report_id.split(" [")[0]], []).append(rs)
    return out


def _bodies(gold_dir: Path) -> dict[str, str]:
    from nlp.eval.gold import gold_files

    return {g["file_id"]: g["jurisdiction"] for _, g in gold_files(gold_dir)}


def _objective(scores: list[ReportScore]) -> float:
    f = figures(scores)
    return sum(f.values()) / len(f)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path)
    ap.add_argument("--only", action="append", help="only this threshold (repeatable), e.g. normalise._LONG_LINES_FULL")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="zwgk-cv-") as tmp:
        work = args.work or Path(tmp)
        for name, (set_value, grid) in THRESHOLDS.items():
            if args.only and name not in args.only:
                continue
            module, attr = name.split(".")
            default = getattr(normalise if module == "normalise" else measures, attr)
            by_value = {}
            for value in grid:
                set_value(value)
                by_value[value] = _scores(work)
            set_value(default)
            series = sorted(by_value[grid[0]])
            pooled: list[ReportScore] = []
            chosen = []
            for held in series:
                def train(v):
                    return _objective([rs for s in series if s != held for rs in by_value[v][s]])
                best = max(grid, key=lambda v: (round(train(v), 4), v == default))
                chosen.append(f"{held}={best}")
                pooled.extend(by_value[best][held])
            print(f"\n{name} (default {default}); grid: " + ", ".join(
                f"{v}: {_objective([rs for s in series for rs in by_value[v][s]]):.4f}" for v in grid))
            print("  chosen per held-out series: " + "; ".join(chosen))
            print("  held-out figures (pooled): " + ", ".join(f"{k} {v:.3f}" for k, v in figures(pooled).items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python
"""Timings of single stages that tests must not assert (timings depend on the machine and its load).

Usage: .venv/bin/python scripts/bench_stages.py [--repeat N]

- tables: ms per text report to read the statutory tables (median of warm runs, every non-PDF sample report);
- cross-year: seconds to track 40 copies of the sample corpus (360 reports, distinct texts) and ms per report;
- HTML report: seconds to render the report of the sample corpus, and of a large synthetic output folder
  (the body and topic pages capped, as `zwgk report` does for big corpora).
Figures, not assertions: compare runs on the same machine.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _median_ms(fn, repeat: int) -> float:
    fn()  # warm
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def bench_tables(repeat: int) -> None:
    from nlp.runtime.batch import discover
    from nlp.runtime.pipeline import load_document
    from nlp.tables import extract_tables

    files = [f for f in discover([str(ROOT / "corpus")]) if "bad" not in Path(f).parts and not f.endswith(".pdf")]
    per = [_median_ms(lambda d=load_document(f): extract_tables(d, "x"), repeat) for f in files]
    print(f"tables, text reports: median {statistics.median(per):.1f} ms, max {max(per):.1f} ms per report "
          f"({len(files)} reports)")


def bench_crossyear(copies: int = 40) -> None:
    import pandas as pd

    import nlp
    from nlp.crossyear.run import track

    a = nlp.analyze([str(ROOT / "corpus")], workers=2)
    reps, its = [], []
    for k in range(copies):
        r, i = a.reports.copy(), a.items.copy()
        r["report_id"] = r["report_id"] + f"#{k}"
        r["jurisdiction"] = r["jurisdiction"].where(r["jurisdiction"] == "", r["jurisdiction"] + str(k))
        i["report_id"] = i["report_id"] + f"#{k}"
        i["item_id"] = i["item_id"] + f"#{k}"
        i["text"] = i["text"].str.replace("。", f"。第{k}组", regex=False)  # no cache hits across copies
        reps.append(r)
        its.append(i)
    n = sum(len(r) for r in reps)
    start = time.perf_counter()
    track(pd.concat(reps), pd.concat(its))
    seconds = time.perf_counter() - start
    print(f"cross-year tracking: {seconds:.1f} s for {n} report rows, {copies} copies of the corpus "
          f"({1000 * seconds / n:.1f} ms per report)")


def bench_report() -> None:
    from nlp.cli import main
    from nlp.report import render_report

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        main(["analyze", str(ROOT / "corpus"), "--out", str(out), "-q"])
        t = time.perf_counter()
        render_report(out)
        print(f"HTML report of the sample corpus: {time.perf_counter() - t:.2f} s")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    bench_tables(args.repeat)
    bench_crossyear()
    bench_report()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

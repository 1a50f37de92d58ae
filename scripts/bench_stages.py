#!/usr/bin/env python
"""Timings of single stages that tests must not assert (timings depend on the machine and its load).

Usage: .venv/bin/python scripts/bench_stages.py [--repeat N]

- tables: ms per text report to read the statutory tables (median of warm runs, every non-PDF sample report);
- cross-year: CPU ms per report of the stage as the batch runs it (body by body over the result rows), with and
  without the search of next year's whole report;
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


def bench_crossyear(repeat: int = 5, whole_text: bool = True) -> float:
    """CPU ms per report of the cross-year stage as the batch runs it: one body at a time, over the result rows
    of the sample corpus (each call starts with empty memos, so repeats are not cache hits). ``whole_text``:
    next year's whole report is searched for evidence (the default); without it only its items are."""
    import nlp
    from nlp.crossyear.run import run_cross_year
    from nlp.crossyear.series import series_key

    lexicon = (str(ROOT / "scripts" / "corpus_src" / "lexicon"),)
    results = nlp.analyze([str(ROOT / "corpus")], workers=2, lexicon=lexicon).results
    bodies: dict = {}
    for r in results:
        if r.report.status != "error":
            r.text = getattr(r, "text", "") if whole_text else ""
            bodies.setdefault(series_key(r.report.jurisdiction, r.report.year)[0], []).append(r)
    n = sum(len(b) for b in bodies.values())
    times = []
    for _ in range(repeat):
        start = time.process_time()
        for body in bodies.values():
            run_cross_year(body, lexicon)
        times.append(time.process_time() - start)
    ms = 1000 * statistics.median(times) / n
    print(f"cross-year stage, body by body over result rows ({'whole report' if whole_text else 'items only'} "
          f"searched): {ms:.1f} ms CPU per report ({n} reports, median of {repeat})")
    return ms


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
    bench_crossyear(args.repeat)
    bench_crossyear(args.repeat, whole_text=False)
    bench_report()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

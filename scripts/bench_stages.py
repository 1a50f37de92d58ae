#!/usr/bin/env python
"""Timings of single stages that tests must not assert (timings depend on the machine and its load).

Usage: .venv/bin/python scripts/bench_stages.py [--repeat N] [--only analysis]

- analysis: CPU ms per report (and per page) of each per-report stage after reading (normalise, metadata,
  sections, items, tags, tables, checks), text and PDF apart, on corpus/ and ../shared/corpus-real; each file is
  read once, then its stages run ``--repeat`` times (medians). Caches keyed on label text are warm after the first
  run, as they are in a batch of many reports (every report prints the same table labels);
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


def _analysis_inputs() -> list[tuple[str, object, object]]:
    """(path, raw document, rules) of every readable sample file: corpus/ with its bodies lexicon, and the real
    corpus (when present) with its own, as compare_outputs.py runs them."""
    from nlp.read import read
    from nlp.rules import load_rules
    from nlp.runtime.batch import discover

    sets = [(["corpus"], ("scripts/corpus_src/lexicon",)),
            (["../shared/corpus-real/text", "../shared/corpus-real/pdf"], ("tests/data/real_bodies.yaml",))]
    out = []
    for inputs, lexicon in sets:
        inputs = [str(ROOT / i) for i in inputs if (ROOT / i).is_dir()]
        rules = load_rules(tuple(str(ROOT / x) for x in lexicon))
        for f in discover(inputs) if inputs else []:
            if "bad" in Path(f).parts:
                continue
            try:
                out.append((f, read(f, rules), rules))
            except Exception:  # noqa: BLE001 - unreadable samples are not timed
                continue
    return out


def _analysis_stages(raw, rules, spent: dict) -> None:
    """Every per-report stage after reading on one raw document, adding each stage's CPU seconds to ``spent``."""
    import copy

    from nlp.annotate.items import extract_items
    from nlp.annotate.sections import find_sections
    from nlp.annotate.tags import tag_items, tagger_of
    from nlp.annotate.vague import mark_vague
    from nlp.checks.report import check_report
    from nlp.read.metadata import extract_metadata
    from nlp.read.normalise import normalise
    from nlp.tables import extract_tables

    raw = copy.deepcopy(raw)  # the normaliser works in place
    state: dict = {}
    steps = [("normalise", lambda: state.update(doc=normalise(raw, rules))),
             ("metadata", lambda: extract_metadata(state["doc"], rules)),
             ("sections", lambda: state.update(sections=find_sections(state["doc"].text, rules))),
             ("items", lambda: state.update(items=extract_items(state["doc"], state["sections"], "x", rules))),
             ("tags", lambda: tag_items(tagger_of(rules.topics), state["doc"].text, state["items"])),
             ("vague", lambda: mark_vague(state["items"])),
             ("tables", lambda: state.update(cells=extract_tables(state["doc"], "x"))),
             ("checks", lambda: check_report(state["cells"], state["doc"], "x"))]
    for name, step in steps:
        start = time.process_time()
        step()
        spent[name] = spent.get(name, 0.0) + time.process_time() - start


def bench_analysis(repeat: int) -> None:
    files = _analysis_inputs()
    for kind, group in (("text", [f for f in files if not f[0].endswith(".pdf")]),
                        ("PDF", [f for f in files if f[0].endswith(".pdf")])):
        if not group:
            continue
        for _, raw, rules in group:  # warm: lexicons, taggers, per-label caches
            _analysis_stages(raw, rules, {})
        runs = []
        for _ in range(repeat):
            spent: dict = {}
            for _, raw, rules in group:
                _analysis_stages(raw, rules, spent)
            runs.append(spent)
        n, pages = len(group), sum(len(raw.pages) for _, raw, _ in group)
        print(f"per-report stages after reading, {kind}: {n} reports, {pages} pages; CPU ms per report (per page), "
              f"median of {repeat}")
        for name in [*runs[0], "total"]:
            ms = 1000 * statistics.median(sum(r.values()) if name == "total" else r[name] for r in runs)
            print(f"  {name:10s} {ms / n:6.2f} ({ms / pages:5.2f})")


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
    ap.add_argument("--only", choices=["analysis"], help="run only this benchmark")
    args = ap.parse_args(argv)
    bench_analysis(args.repeat)
    if args.only:
        return 0
    bench_tables(args.repeat)
    bench_crossyear(args.repeat)
    bench_crossyear(args.repeat, whole_text=False)
    bench_report()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

#!/usr/bin/env python
"""Benchmarks of the whole pipeline, as ratios to reference tools measured in the same run.

Usage: .venv/bin/python scripts/bench.py [--repeat N] [--rounds N] [FILES_OR_DIRS...]
       .venv/bin/python scripts/bench.py --texts 1400 --batch 300 [--pairs 3] [--pdf-share 0.2]
       (default: corpus/ and ../shared/corpus-real)

- text reports: reports/s and ms per 10,000 characters of the whole per-report pipeline on one core, and the
  ratio to jieba.lcut of the same analysable text (target <= 1.0);
- tagging alone: ms per 10,000 characters and the ratio to jieba.lcut (target < 1.0);
- PDF reports (:func:`bench_pdf`): CPU ms per page of the whole pipeline with each PDF reader, of pypdfium2's
  ``get_text_range`` and of pdfminer.six's ``extract_text``, on the same PDFs in the same run, and of the
  default reader alone. Each round runs every method on each file in turn, in alternating order (forward, then
  backward: drift and warm caches hit both sides of a pair alike); the figures are medians over the rounds, the
  ratios medians of the per-round ratios. Target: the whole pipeline <= 3x ``get_text_range``;
- with --texts N and/or --batch N: the whole-process figures a user sees (:mod:`scripts.bench_process`):
  ``zwgk analyze --workers 1`` against one ``jieba.lcut`` process over the same N texts (target <= 0.8x), and
  reports/s of a mixed batch of N reports (--pdf-share PDFs) with 1 and 2 workers, cross-year stage included
  (targets: speed-up >= 1.8x, >= 28 reports/s with 2 workers, worker memory <= 200 MB, parent memory flat from
  N/4 to N reports); medians of --pairs alternating pairs. ``--texts 1400 --batch 300 --pairs 3`` takes 5-6
  minutes on an idle two-core machine, ``--pairs 1`` about 2.
Figures, not assertions: compare runs on the same machine.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=7, help="rounds of the PDF benchmark (default 7)")
    ap.add_argument("--pdf-only", action="store_true", help="only the PDF benchmark")
    ap.add_argument("--texts", type=int, default=0, metavar="N",
                    help="whole process: zwgk --workers 1 against a jieba.lcut process on N texts (e.g. 1400)")
    ap.add_argument("--batch", type=int, default=0, metavar="N",
                    help="whole process: a mixed batch of N reports with 1 and 2 workers (e.g. 300)")
    ap.add_argument("--pdf-share", type=float, default=0.2, help="share of PDFs in the batch corpus (default 0.2)")
    ap.add_argument("--pairs", type=int, default=3, help="alternating pairs of the whole-process runs (default 3)")
    args = ap.parse_args(argv)
    if args.texts or args.batch:
        from bench_process import bench_process

        return bench_process(args.texts, args.batch, args.pdf_share, args.pairs)
    import jieba

    from nlp.runtime.batch import discover
    from nlp.runtime.pipeline import analyze_file, load_document, spacy_pipeline
    from nlp.annotate.tags import tagger_for

    jieba.setLogLevel(60)
    jieba.lcut("预热")
    spacy_pipeline()
    tagger = tagger_for(())
    inputs = args.inputs or [str(p) for p in (ROOT / "corpus", ROOT.parent / "shared" / "corpus-real") if p.exists()]
    files = [f for f in discover(inputs) if "bad" not in Path(f).parts
             and Path(f).suffix.lower() in (".pdf", ".txt", ".html", ".htm", ".docx", ".md")]
    text_t = text_j = tag_t = 0.0
    text_chars = n_text = 0
    pdfs: list[tuple[str, int]] = []
    for f in files:
        try:
            doc = load_document(f)
        except Exception:  # noqa: BLE001 - not a report: skip
            continue
        if doc.kind == "pdf" or args.pdf_only:
            pdfs += [(f, doc.n_pages or 1)] if doc.kind == "pdf" else []
            continue
        t_pipe = _best(lambda: analyze_file(f, "bench"), args.repeat)
        result = analyze_file(f, "bench")
        text = doc.text
        t_jieba = _best(lambda: jieba.lcut(text), args.repeat)

        def tag_only() -> None:
            matches = tagger.matches(text)
            for item in result.items:
                tagger.tag(text, item.start, item.end, item.kind, matches)
        tag_t += _best(tag_only, args.repeat)
        text_t += t_pipe
        text_j += t_jieba
        text_chars += len(text)
        n_text += 1
    if n_text:
        per10k = 10000 / text_chars
        print(f"text reports: {n_text} files, {text_chars} characters")
        print(f"  whole pipeline: {n_text / text_t:.1f} reports/s, {text_t * 1000 * per10k:.1f} ms per 10,000 chars; "
              f"jieba.lcut {text_j * 1000 * per10k:.1f} ms per 10,000 chars; ratio {text_t / text_j:.2f}x (target <= 1.0)")
        print(f"  tagging alone:  {tag_t * 1000 * per10k:.2f} ms per 10,000 chars; ratio to jieba.lcut {tag_t / text_j:.3f}x "
              "(target < 1.0)")
    if pdfs:
        bench_pdf(pdfs, args.rounds)
    return 0


def _pdf_methods() -> dict[str, object]:
    """What is timed on each PDF: the whole pipeline with each reader, the two reference extractors, and the
    default reader alone (PDFium's characters to page texts: the part of the pipeline this comparison is about)."""
    import pypdfium2 as pdfium
    from pdfminer.high_level import extract_text

    from nlp.read import read
    from nlp.runtime.pipeline import analyze_file

    def text_range(path: str) -> None:
        doc = pdfium.PdfDocument(path)
        for page in doc:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        doc.close()

    return {  # the pipeline next to get_text_range: in each round they run one after the other on each file
        PIPELINE: lambda path: analyze_file(path, "bench"),
        TEXT_RANGE: text_range,
        READING: read,
        MINER_PIPELINE: lambda path: analyze_file(path, "bench", pdf_reader="pdfminer"),
        EXTRACT_TEXT: extract_text,
    }


PIPELINE, TEXT_RANGE, READING = "pipeline (pdfium reader)", "pypdfium2 get_text_range", "reading alone (pdfium)"
MINER_PIPELINE, EXTRACT_TEXT = "pipeline (pdfminer reader)", "pdfminer extract_text"


def bench_pdf(pdfs: list[tuple[str, int]], rounds: int) -> None:
    """CPU ms per page of each method over all PDFs, medians of ``rounds`` rounds; and the whole pipeline
    against ``get_text_range`` file by file. In each round every file is run by every method in turn, forward
    in even rounds and backward in odd ones, so that the two sides of each ratio run side by side on the same
    file (drift and warm caches hit both alike); a ratio is the median of the per-round ratios."""
    methods = _pdf_methods()
    names = list(methods)
    pages = sum(n for _, n in pdfs)
    times: dict[str, dict[str, list[float]]] = {name: {path: [] for path, _ in pdfs} for name in names}
    for fn in methods.values():  # warm up: imports, lexicons, first-use caches
        fn(pdfs[0][0])
    for r in range(rounds):
        for path, _ in pdfs:
            for name in (names if r % 2 == 0 else reversed(names)):
                start = time.process_time()
                methods[name](path)
                times[name][path].append(time.process_time() - start)
    per_round = {name: [sum(t[r] for t in times[name].values()) * 1000 / pages for r in range(rounds)]
                 for name in names}

    def ratio(a: str, b: str, path: str | None = None) -> float:
        if path is None:
            return statistics.median(x / y for x, y in zip(per_round[a], per_round[b]))
        return statistics.median(x / y for x, y in zip(times[a][path], times[b][path]))

    print(f"PDF reports: {len(pdfs)} files, {pages} pages; CPU ms/page, medians of {rounds} alternating rounds")
    for name in names:
        print(f"  {name:28} {statistics.median(per_round[name]):7.1f} ms/page")
    print(f"  whole pipeline / get_text_range: {ratio(PIPELINE, TEXT_RANGE):.2f}x (target <= 3); "
          f"/ extract_text: {ratio(PIPELINE, EXTRACT_TEXT):.2f}x")
    print(f"  reading alone (page texts, PDFium) / get_text_range: {ratio(READING, TEXT_RANGE):.2f}x; "
          f"its share of the whole pipeline: {ratio(READING, PIPELINE):.0%}")
    print(f"  pipeline with the pdfminer reader / extract_text: {ratio(MINER_PIPELINE, EXTRACT_TEXT):.2f}x; "
          f"pdfminer reader / pdfium reader: {ratio(MINER_PIPELINE, PIPELINE):.2f}x")
    read = {path: _chinese_read(path) for path, _ in pdfs}  # (by get_text_range, by the pipeline)
    by_range, by_pipeline = (sum(r[i] for r in read.values()) for i in (0, 1))
    print(f"  Chinese characters read: get_text_range {by_range}, the pipeline {by_pipeline}; per character read, "
          f"the pipeline / get_text_range: {ratio(PIPELINE, TEXT_RANGE) * by_range / max(by_pipeline, 1):.2f}x")
    for path, n in pdfs:
        ms = statistics.median(times[PIPELINE][path]) * 1000 / n
        chars, ours = read[path]
        print(f"    {Path(path).name[:40]:42} {n:3} pages {ms:6.1f} ms/page, "
              f"{ratio(PIPELINE, TEXT_RANGE, path):.2f}x get_text_range; Chinese characters {chars} / {ours}")


def _chinese_read(path: str) -> tuple[int, int]:
    """Chinese characters in the text of ``path`` by ``get_text_range`` and by the pipeline's reader. PDFium's
    text page leaves out characters whose CJK font is neither embedded nor installed when they are drawn one per
    text object (word processors justify lines so); the reader keeps them (see ``nlp/read/pdf_pdfium.py``), so on
    such files the two sides of the ratio do not read the same text."""
    import pypdfium2 as pdfium

    from nlp.read import read

    chinese = re.compile(r"[\u4e00-\u9fff]")
    doc = pdfium.PdfDocument(path)
    try:
        by_range = 0
        for page in doc:
            textpage = page.get_textpage()
            by_range += len(chinese.findall(textpage.get_text_range()))
            textpage.close()
            page.close()
    finally:
        doc.close()
    return by_range, sum(len(chinese.findall(p.text)) for p in read(path).pages)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python
"""Benchmark reading and normalising: CPU ms per PDF page with each PDF reader, ms per report for normalising.

Usage: .venv/bin/python scripts/bench_read.py [FILES_OR_DIRS...]   (default: corpus/ and ../shared/corpus-real)
Each file is read three times with each reader, the readers taking turns (PDFium, pdfminer, pdfminer, PDFium, …),
and the medians are reported. Figures, not assertions: run it before and after a change and compare.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.runtime.batch import discover  # noqa: E402
from nlp.errors import ReadError  # noqa: E402
from nlp.read.normalise import normalise  # noqa: E402
from nlp.read import read  # noqa: E402

READERS = ("pdfium", "pdfminer")


def _timed(fn) -> tuple[float, object]:
    start = time.process_time()
    result = fn()
    return (time.process_time() - start) * 1000, result


def main(argv: list[str]) -> int:
    inputs = argv or [str(p) for p in (ROOT / "corpus", ROOT.parent / "shared" / "corpus-real") if p.exists()]
    files = [f for f in discover(inputs) if Path(f).suffix.lower() in (".pdf", ".txt", ".html", ".htm", ".docx", ".md")
             and "bad" not in Path(f).parts]
    pdf_ms: dict[str, list[float]] = {r: [] for r in READERS}  # per PDF page
    norm_ms: list[float] = []
    read_ms: list[float] = []
    chars = 0
    for f in files:
        try:
            raw = read(f)
            runs: dict[str, list[float]] = {r: [] for r in READERS}
            for turn in range(3):
                for reader in (READERS if turn % 2 == 0 else READERS[::-1]):
                    runs[reader].append(_timed(lambda: read(f, pdf_reader=reader))[0])
            norm, doc = _timed(lambda: normalise(raw))
        except ReadError:
            continue
        read_ms.append(statistics.median(runs["pdfium"]))
        norm_ms.append(norm)
        chars += len(doc.text)
        if raw.kind == "pdf":
            for reader in READERS:
                pdf_ms[reader].append(statistics.median(runs[reader]) / max(len(raw.pages), 1))
    if not norm_ms:
        print("no readable files found")
        return 1
    print(f"files: {len(norm_ms)} ({len(pdf_ms['pdfium'])} PDF), {chars} analysable characters")
    for reader in READERS:
        if pdf_ms[reader]:
            print(f"PDF reading ({reader:8}): {statistics.mean(pdf_ms[reader]):7.1f} ms/page "
                  f"(median {statistics.median(pdf_ms[reader]):.1f})")
    print(f"reading (all, default reader): {statistics.mean(read_ms):7.1f} ms/report")
    print(f"normalising:   {statistics.mean(norm_ms):7.2f} ms/report (median {statistics.median(norm_ms):.2f}), "
          f"{sum(norm_ms) / chars * 10000:.2f} ms per 10,000 characters")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

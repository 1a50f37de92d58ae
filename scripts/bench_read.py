#!/usr/bin/env python
"""Benchmark reading and normalising: ms per PDF page, ms per report for normalising.

Usage: .venv/bin/python scripts/bench_read.py [FILES_OR_DIRS...]   (default: corpus/ and ../shared/corpus-real)
Figures, not assertions: run it before and after a change and compare.
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


def main(argv: list[str]) -> int:
    inputs = argv or [str(p) for p in (ROOT / "corpus", ROOT.parent / "shared" / "corpus-real") if p.exists()]
    files = [f for f in discover(inputs) if Path(f).suffix.lower() in (".pdf", ".txt", ".html", ".htm", ".docx", ".md")
             and "bad" not in Path(f).parts]
    pdf_ms_per_page: list[float] = []
    norm_ms: list[float] = []
    read_ms: list[float] = []
    chars = 0
    repeats = 3
    for f in files:
        try:
            t0 = time.perf_counter()
            for _ in range(repeats):
                raw = read(f)
            t1 = time.perf_counter()
            for _ in range(repeats):
                doc = normalise(raw)
            t2 = time.perf_counter()
        except ReadError:
            continue
        read_ms.append((t1 - t0) * 1000 / repeats)
        norm_ms.append((t2 - t1) * 1000 / repeats)
        chars += len(doc.text)
        if raw.kind == "pdf":
            pdf_ms_per_page.append((t1 - t0) * 1000 / repeats / max(len(raw.pages), 1))
    if not norm_ms:
        print("no readable files found")
        return 1
    print(f"files: {len(norm_ms)} ({len(pdf_ms_per_page)} PDF), {chars} analysable characters")
    if pdf_ms_per_page:
        print(f"PDF reading:   {statistics.mean(pdf_ms_per_page):7.1f} ms/page (median {statistics.median(pdf_ms_per_page):.1f})")
    print(f"reading (all): {statistics.mean(read_ms):7.1f} ms/report")
    print(f"normalising:   {statistics.mean(norm_ms):7.2f} ms/report (median {statistics.median(norm_ms):.2f}), "
          f"{sum(norm_ms) / chars * 10000:.2f} ms per 10,000 characters")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python
"""Benchmarks of the whole pipeline, as ratios to reference tools measured in the same run.

Usage: .venv/bin/python scripts/bench.py [--repeat N] [--rounds N] [FILES_OR_DIRS...]
       (default: corpus/ and ../shared/corpus-real)

- text reports: reports/s and ms per 10,000 characters of the whole per-report pipeline on one core, and the
  ratio to jieba.lcut of the same analysable text (target <= 1.0);
- tagging alone: ms per 10,000 characters and the ratio to jieba.lcut (target < 1.0);
- PDF reports (:func:`bench_pdf`): CPU ms per page of the whole pipeline with each PDF reader, of pypdfium2's
  ``get_text_range`` and of pdfminer.six's ``extract_text``, on the same PDFs in the same run, and of the
  default reader alone. Each round runs every method on each file in turn, in alternating order (forward, then
  backward: drift and warm caches hit both sides of a pair alike); the figures are medians over the rounds, the
  ratios medians of the per-round ratios. Target: the whole pipeline <= 3x ``get_text_range``;
- with --batch N: a generated corpus of N reports (text and PDF mixed, copies of corpus/ with distinct content)
  analysed by `zwgk analyze` with 1 and 2 workers: wall time, speed-up (target >= 1.7x), peak memory of a worker
  (target <= 300 MB), a re-run with nothing changed (target <= 5% of the first run), and the parent's peak
  memory on N/4 and N reports (flat as the corpus grows).
Figures, not assertions: compare runs on the same machine.
"""
from __future__ import annotations

import argparse
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
    ap.add_argument("--batch", type=int, default=0, metavar="N", help="also run the batch benchmark on N reports")
    ap.add_argument("--pdf-share", type=float, default=0.2, help="share of PDFs in the batch corpus (default 0.2)")
    args = ap.parse_args(argv)
    if args.batch:
        return bench_batch(args.batch, args.pdf_share)
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
    for path, n in pdfs:
        ms = statistics.median(times[PIPELINE][path]) * 1000 / n
        print(f"    {Path(path).name[:40]:42} {n:3} pages {ms:6.1f} ms/page, "
              f"{ratio(PIPELINE, TEXT_RANGE, path):.2f}x get_text_range")


def make_batch_corpus(folder: Path, n: int, pdf_share: float) -> None:
    """N report files: text forms get a distinct line appended (distinct content hashes), PDFs are copies."""
    sources = [p for p in sorted((ROOT / "corpus").rglob("*")) if p.is_file() and "bad" not in p.parts]
    pdfs = [p for p in sources if p.suffix == ".pdf"]
    texts = [p for p in sources if p.suffix != ".pdf"]
    n_pdf = int(n * pdf_share)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        src = pdfs[i % len(pdfs)] if i < n_pdf else texts[i % len(texts)]
        dst = folder / f"{i:05d}_{src.name}"
        data = src.read_bytes()
        if src.suffix in (".txt", ".html"):
            enc = "gbk" if b"charset=gb2312" in data[:2000] or src.suffix == ".txt" and _is_gbk(data) else "utf-8"
            data += f"\n编号{i}\n".encode(enc)
        dst.write_bytes(data)


def _is_gbk(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return False
    except UnicodeDecodeError:
        return True


_ZWGK = ("import resource, sys\n"
         "from nlp.cli import main\n"
         "rc = main(sys.argv[1:])\n"
         "print('parent peak memory', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, 'MB')\n"
         "sys.exit(rc)\n")


def _run(args: list[str]) -> tuple[float, int, int]:
    """Wall time of ``zwgk ARGS``, the peak memory (MB) of a worker as zwgk reports it, and the peak of the
    parent process (which streams outputs and holds one body's reports at a time for the cross-year stages)."""
    import re
    import subprocess

    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", _ZWGK, *args], check=False, stdout=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t
    worker = re.search(r"worker peak memory (\d+) MB", res.stdout)
    parent = re.search(r"parent peak memory (\d+) MB", res.stdout)
    return wall, int(worker.group(1)) if worker else 0, int(parent.group(1)) if parent else 0


def bench_batch(n: int, pdf_share: float) -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        make_batch_corpus(corpus, n, pdf_share)
        small = Path(tmp) / "quarter"
        make_batch_corpus(small, n // 4, pdf_share)
        print(f"batch corpus: {n} reports ({int(n * pdf_share)} PDF), 2 cores")
        t1, w1, p1 = _run(["analyze", str(corpus), "--out", f"{tmp}/o1", "--workers", "1", "-q", "--force"])
        print(f"  1 worker:  {t1:7.1f} s  ({t1 / n * 1000:.0f} ms/report), worker peak memory {w1} MB, "
              f"parent peak memory {p1} MB")
        t2, w2, p2 = _run(["analyze", str(corpus), "--out", f"{tmp}/o2", "--workers", "2", "-q", "--force"])
        print(f"  2 workers: {t2:7.1f} s  speed-up {t1 / t2:.2f}x (target >= 1.7), worker peak memory {w2} MB "
              f"(target <= 300), parent peak memory {p2} MB")
        t3, _, _ = _run(["analyze", str(corpus), "--out", f"{tmp}/o2", "--workers", "2", "-q"])
        print(f"  re-run, nothing changed: {t3:.1f} s = {t3 / t2:.1%} of the first run (target <= 5%)")
        t4, _, p4 = _run(["analyze", str(small), "--out", f"{tmp}/o3", "--workers", "2", "-q", "--force"])
        print(f"  memory as the corpus grows: parent peak {p4} MB on {n // 4} reports, {p2} MB on {n} "
              f"(ratio {p2 / max(p4, 1):.2f}; flat = 1.0)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

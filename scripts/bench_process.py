"""Whole-process benchmarks: what a user of ``zwgk analyze`` waits for, start to end, as separate processes.

Called by ``scripts/bench.py --texts N --batch N [--pairs K]``. Every figure is the wall time of a whole process
(interpreter start, imports, workers, outputs, cross-year stage), measured in alternating pairs in the same run
(A then B, then B then A: drift and warm caches hit both sides alike); figures are medians over the pairs,
ratios medians of the per-pair ratios. The package is byte-compiled first, as an installed wheel is.

- texts: ``zwgk analyze --workers 1`` against one process that runs ``jieba.lcut`` over the same N texts (UTF-8
  text files generated from the text-form reports of corpus/: their analysable text under varied body names,
  so that the N texts are distinct reports in many series). Target <= 0.8x.
- batch: reports/s of a mixed batch (a share of PDFs, the rest HTML/TXT/DOCX copies of corpus/ made distinct)
  with 1 and 2 workers, the cross-year stage included; the speed-up (target >= 1.8x) beside the best the
  machine allows (the same analysis in one process alone and in two at once) and beside the speed-up over one
  worker confined to one CPU (with two CPUs, the parent of a one-worker run works on the second: it encodes the
  results and compares bodies across years, so 2 vs 1 workers is two CPUs against more than one), reports/s
  with 2 workers (target >= 28), the peak memory of a worker (target <= 200 MB) and of the parent on N/4 and N reports (flat).

The generated files live in a temporary folder that is removed at the end (never committed).
"""
from __future__ import annotations

import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, TypeVar

ROOT = Path(__file__).resolve().parent.parent
# Two-character prefixes that turn one body of corpus/ into many distinct bodies (same form, other names).
_PREFIX = "东西南北中上下前后左右金木水火土青白赤黄紫"
T = TypeVar("T")

# ``zwgk ARGS``, printing the parent's peak memory, the seconds from its start to the first result (imports,
# workers warming up: what a run of any size pays once), from the first to the last result (the analysis) and
# from the last result to the end (the cross-year stage and the publishing of the files).
_ZWGK = ("import resource, sys, time\n"
         "start = time.perf_counter()\n"
         "import nlp.cli as cli\n"
         "first, last = [], [time.perf_counter()]\n"
         "shown = cli._progress\n"
         "def timed(quiet):\n"
         "    show = shown(quiet)\n"
         "    def call(*args):\n"
         "        show(*args)\n"
         "        last[0] = time.perf_counter()\n"
         "        first.append(last[0]) if not first else None\n"
         "    return call\n"
         "cli._progress = timed\n"
         "rc = cli.main(sys.argv[1:])\n"
         "print('first result', (first or last)[0] - start, 's')\n"
         "print('analysis', last[0] - (first or last)[0], 's')\n"
         "print('after the last result', time.perf_counter() - last[0], 's')\n"
         "print('parent peak memory', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, 'MB')\n"
         "sys.exit(rc)\n")
# jieba imported as zwgk imports it (without pkg_resources, see nlp/text/segmenter.py), so that neither side of the
# ratio pays a start-up cost the other does not.
_JIEBA = ("import pathlib, sys\n"
          "sys.modules['pkg_resources'] = None\n"
          "import jieba\n"
          "jieba.setLogLevel(60)\n"
          "for p in sorted(pathlib.Path(sys.argv[1]).iterdir()):\n"
          "    jieba.lcut(p.read_text(encoding='utf-8'))\n")

# The analysis of N files spread over a folder (its mix of forms) in one process, timed without the start-up
# (see _ceiling).
_ANALYSE = ("import pathlib, sys, time\n"
            "from nlp.runtime.pipeline import analyze_file\n"
            "files = sorted(pathlib.Path(sys.argv[1]).iterdir())\n"
            "files = files[::max(1, len(files) // int(sys.argv[2]))][:int(sys.argv[2])]\n"
            "analyze_file(files[0], 'warm-up')\n"
            "start = time.perf_counter()\n"
            "for f in files:\n"
            "    analyze_file(f, f.stem)\n"
            "print('analysis', time.perf_counter() - start, 's')\n")


def _sources() -> list[Path]:
    return [p for p in sorted((ROOT / "corpus").rglob("*")) if p.is_file() and "bad" not in p.parts]


def _variants(n: int) -> list[str]:
    """``n`` distinct body-name prefixes."""
    return [a + b for a in _PREFIX for b in _PREFIX if a != b][:n]


def make_texts(folder: Path, n: int) -> int:
    """``n`` UTF-8 texts: the analysable text of each text-form report of corpus/, once per body-name variant
    (its body renamed throughout), so a variant of a body keeps that body's years: a series. Returns the number
    of characters."""
    sys.path.insert(0, str(ROOT))
    from nlp.runtime.pipeline import load_document

    docs = []
    for src in _sources():
        if src.suffix == ".pdf":
            continue
        try:
            doc = load_document(src)
        except Exception:  # noqa: BLE001 - not a report: not a source
            continue
        docs.append((doc.metadata.jurisdiction or "", doc.text))
    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for i, prefix in enumerate(_variants(-(-n // len(docs)))):
        for j, (body, text) in enumerate(docs):
            k = i * len(docs) + j
            if k >= n:
                break
            varied = text.replace(body, prefix + body) if len(body) >= 2 else prefix + text
            (folder / f"{k:05d}.txt").write_text(varied, encoding="utf-8")
            chars += len(varied)
    return chars


def make_batch(folder: Path, n: int, pdf_share: float) -> None:
    """``n`` report files, ``pdf_share`` of them PDFs. Text forms get a distinct line appended (distinct
    content); PDFs are copies with a distinct comment after the end of the file (distinct content, same text:
    the cross-year stage settles them as copies of one report, as it does with crawled duplicates)."""
    sources = _sources()
    pdfs = [p for p in sources if p.suffix == ".pdf"]
    texts = [p for p in sources if p.suffix != ".pdf"]
    n_pdf = int(n * pdf_share)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        src = pdfs[i % len(pdfs)] if i < n_pdf else texts[i % len(texts)]
        data = src.read_bytes()
        if src.suffix == ".pdf":
            data += f"\n%{i}\n".encode()
        elif src.suffix in (".txt", ".html"):
            data += f"\n编号{i}\n".encode(_encoding(data, src.suffix))
        (folder / f"{i:05d}_{src.name}").write_bytes(data)


def _encoding(data: bytes, suffix: str) -> str:
    if b"charset=gb2312" in data[:2000]:
        return "gbk"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "gbk" if suffix == ".txt" else "utf-8"


class Run(NamedTuple):
    """What one benchmark process gave. Figures the zwgk wrapper prints are 0 for a process that does not."""

    wall: float  # seconds, start to end
    worker_mb: int  # peak memory of a worker
    parent_mb: int  # peak memory of the parent
    cpu: float  # CPU seconds of the process and all its workers (on a shared machine, the steadier figure)
    tail: float  # seconds from the last result to the end (cross-year stage, publishing the files)
    first: float  # seconds from the start to the first result
    analysis: float  # seconds from the first result to the last


def _run(code: str, args: list[str], cpus: set[int] | None = None) -> Run:
    """One run of ``python -c CODE ARGS`` (``cpus``: confined to these CPUs, as ``taskset`` does)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code, *args], check=False, capture_output=True, text=True,
                         cwd=ROOT, preexec_fn=None if cpus is None else lambda: os.sched_setaffinity(0, cpus))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    if res.returncode not in (0, 1):  # 1: some files failed, as in any batch of real files
        raise SystemExit(f"benchmark process failed ({res.returncode}): {res.stderr[-2000:]}")
    worker = re.search(r"worker peak memory (\d+) MB", res.stdout)
    parent = re.search(r"parent peak memory (\d+) MB", res.stdout)
    def seconds(label: str) -> float:
        found = re.search(label + r" ([\d.]+) s", res.stdout)
        return float(found.group(1)) if found else 0.0
    return Run(wall, int(worker.group(1)) if worker else 0, int(parent.group(1)) if parent else 0, cpu,
               seconds("after the last result"), seconds("first result"), seconds("analysis"))


def _pairs(*runs: Callable[[], T], pairs: int) -> list[tuple[T, ...]]:
    """``pairs`` rounds of one run of each, in alternating order (a b, b a, a b…; a b c, c b a…)."""
    out = []
    for k in range(pairs):
        order = range(len(runs)) if k % 2 == 0 else reversed(range(len(runs)))
        got = {i: runs[i]() for i in order}
        out.append(tuple(got[i] for i in range(len(runs))))
    return out


def _zwgk(corpus: Path, out: Path, workers: int, cpus: set[int] | None = None) -> Callable[[], Run]:
    return lambda: _run(_ZWGK, ["analyze", str(corpus), "--out", str(out), "--workers", str(workers), "-q",
                                "--force"], cpus)


def bench_texts(n: int, pairs: int, tmp: Path) -> None:
    texts = tmp / "texts"
    chars = make_texts(texts, n)
    runs = _pairs(_zwgk(texts, tmp / "out-texts", 1), lambda: _run(_JIEBA, [str(texts)]), pairs=pairs)
    zwgk, jieba = _median(runs, 0, "wall"), _median(runs, 1, "wall")
    ratio = statistics.median(a.wall / b.wall for a, b in runs)
    cpu_ratio = statistics.median(a.cpu / b.cpu for a, b in runs)
    print(f"whole process, {n} texts ({chars / n:,.0f} characters each on average), {pairs} alternating pairs:")
    print(f"  zwgk analyze --workers 1   {zwgk:6.1f} s  ({n / zwgk:5.1f} reports/s), "
          f"CPU {_median(runs, 0, 'cpu'):.1f} s; {_median(runs, 0, 'first'):.1f} s before the first result, "
          f"{_median(runs, 0, 'tail'):.1f} s after the last")
    print(f"  jieba.lcut, one process    {jieba:6.1f} s, CPU {_median(runs, 1, 'cpu'):.1f} s")
    print(f"  ratio (wall time)          {ratio:6.2f}x   (target <= 0.8; per pair: "
          f"{', '.join(f'{a.wall / b.wall:.2f}' for a, b in runs)}); CPU time {cpu_ratio:.2f}x")


def bench_mixed(n: int, pdf_share: float, pairs: int, tmp: Path) -> None:
    corpus, quarter = tmp / "batch", tmp / "quarter"
    make_batch(corpus, n, pdf_share)
    make_batch(quarter, max(1, n // 4), pdf_share)
    # a third run: one worker confined to one CPU, the parent with it (with two CPUs, the parent of a one-worker
    # run encodes the results and compares bodies on the second)
    one_cpu = {min(os.sched_getaffinity(0))} if hasattr(os, "sched_getaffinity") else None
    runs = _pairs(_zwgk(corpus, tmp / "out-1", 1), _zwgk(corpus, tmp / "out-2", 2),
                  *([_zwgk(corpus, tmp / "out-1c", 1, one_cpu)] if one_cpu else []), pairs=pairs)
    one, two = _median(runs, 0, "wall"), _median(runs, 1, "wall")
    speedup = statistics.median(r[0].wall / r[1].wall for r in runs)
    steady = statistics.median(r[0].analysis / r[1].analysis for r in runs if r[1].analysis > 0)
    worker = max(max(r[0].worker_mb, r[1].worker_mb) for r in runs)
    parent = max(r[1].parent_mb for r in runs)
    small = max(_zwgk(quarter, tmp / "out-q", 2)().parent_mb for _ in range(min(pairs, 2)))
    slowdown, ceiling = _ceiling(corpus, min(n, 200), max(pairs, 3))
    rows = [
        ("reports/s, 1 worker", f"{n / one:.1f}  ({one:.1f} s, CPU {_median(runs, 0, 'cpu'):.1f} s)", "-"),
        ("reports/s, 2 workers", f"{n / two:.1f}  ({two:.1f} s, CPU {_median(runs, 1, 'cpu'):.1f} s)", ">= 28"),
        ("seconds before the first result, 1 / 2 workers",
         f"{_median(runs, 0, 'first'):.1f} / {_median(runs, 1, 'first'):.1f} s", "-"),
        ("seconds after the last result, 1 / 2 workers",
         f"{_median(runs, 0, 'tail'):.1f} / {_median(runs, 1, 'tail'):.1f} s", "-"),
        ("speed-up 2 vs 1 workers", f"{speedup:.2f}x", ">= 1.8x"),
        *([("  2 workers vs 1 worker on one CPU (taskset)",
            f"{statistics.median(r[2].wall / r[1].wall for r in runs):.2f}x  ({_median(runs, 2, 'wall'):.1f} s)",
            "-")] if one_cpu else []),
        ("  at best on this machine (two analyses at once)", f"{ceiling:.2f}x (each {slowdown - 1:.0%} slower)", "-"),
        ("  of the analysis (first to last result)", f"{steady:.2f}x", "-"),
        ("worker peak memory", f"{worker} MB", "<= 200 MB"),
        (f"parent peak memory, {max(1, n // 4)} / {n} reports", f"{small} / {parent} MB ({parent / max(small, 1):.2f}x)",
         "flat (1.0x)"),
    ]
    print(f"mixed batch: {n} reports ({int(n * pdf_share)} PDF), cross-year stage included, whole process, "
          f"{pairs} alternating pairs:")
    for name, value, target in rows:
        print(f"  {name:48} {value:28} target {target}")


def _ceiling(corpus: Path, n: int, pairs: int) -> tuple[float, float]:
    """What two cores give this machine's analysis, whatever the batch does: the same analysis of ``n`` files in
    one process alone, and in two such processes at once (alternating). Returns the median slow-down of a process
    that has company (1.0: none) and the speed-up two processes could reach at best (2 / slow-down). On a
    virtual machine the two cores may share caches, memory bandwidth or a physical core with each other or with
    other guests."""
    def analysis(proc: subprocess.Popen) -> float:
        out, _ = proc.communicate()
        found = re.search(r"analysis ([\d.]+) s", out)
        if proc.returncode != 0 or not found:
            raise SystemExit(f"benchmark process failed ({proc.returncode})")
        return float(found.group(1))

    def start() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-c", _ANALYSE, str(corpus), str(n)], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

    def alone() -> float:
        return analysis(start())

    def together() -> float:
        both = [start(), start()]
        return statistics.mean(analysis(p) for p in both)

    slowdown = statistics.median(t / a for a, t in _pairs(alone, together, pairs=pairs))
    return slowdown, 2 / slowdown


def _median(runs: list[tuple[Run, ...]], side: int, figure: str) -> float:
    """The median of one :class:`Run` figure over the pairs, on side 0 (A) or 1 (B)."""
    return statistics.median(getattr(pair[side], figure) for pair in runs)


def _compile_package() -> None:
    """Byte-compile the package, as pip does when it installs the wheel: a process that imports it then reads
    bytecode, as a user's does and as the jieba process reads jieba's. Run from a checkout where Python may not
    write bytecode (PYTHONDONTWRITEBYTECODE), every zwgk process would otherwise compile the package's modules
    again (0.2-0.3 s of a one-file run here), a cost the jieba side never pays."""
    import compileall

    if not compileall.compile_dir(ROOT / "nlp", quiet=1):
        raise SystemExit("cannot byte-compile nlp/ for the benchmark")


def bench_process(texts: int, batch: int, pdf_share: float, pairs: int) -> int:
    """The whole-process figures (either part skipped when its size is 0)."""
    _compile_package()
    with tempfile.TemporaryDirectory(prefix="zwgk-bench-") as tmp:
        if texts:
            bench_texts(texts, pairs, Path(tmp))
        if batch:
            bench_mixed(batch, pdf_share, pairs, Path(tmp))
    return 0

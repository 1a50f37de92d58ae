"""The batch at the size the product is built for: ``zwgk analyze`` over a generated corpus of N reports (100,000
by default) in the forms and series of corpus/, with the memory of every process watched throughout.

``scripts/bench.py --batch`` times a batch of a thousand reports and extrapolates. What only size shows is measured
here: whether the parent's memory stays flat, whether a worker's grows, how the cache, the cross-year store and
the outputs grow on disk, how long the cross-year stage takes once the last result is in, and what a second run
costs over the unchanged corpus (every result from the cache) and after one file changed (every output written
again, one body compared again).

The corpus is made from the sources of the sample corpus (``scripts/corpus_src``, fictional bodies): every
manifest sample is rendered once per *variant*, a body renamed throughout (青溪县 → 东西南青溪县), in the sample's
form with its formatting faults. A variant keeps its body's years, so the corpus holds as many distinct series
as variants, as a real one holds many bodies with a few years each. PDFs are rendered for every variant; a DOCX
is rendered once and renamed inside its XML (python-docx would cost ~0.1 s a file).

    .venv/bin/python scripts/bench_scale.py --reports 100000 --workers 2      # ~15 min generating, ~15 min running
    .venv/bin/python scripts/bench_scale.py --reports 20000 --keep /tmp/scale  # keep corpus and outputs
    .venv/bin/python scripts/bench_scale.py --reports 20000 --html --xlsx      # and the report and workbook

Nothing is committed: the corpus and the outputs live in a temporary folder unless ``--keep`` names one.
"""
from __future__ import annotations

import argparse
import csv
import io
import itertools
import multiprocessing
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.corpus.forms import renderer  # noqa: E402
from scripts.corpus.samples import DEFAULT_SRC, Sample, load_bodies, load_manifest  # noqa: E402
from scripts.corpus.source import parse_source  # noqa: E402

# Characters that make variant prefixes (three distinct ones: 24,360 prefixes, 316,680 reports from 13 samples).
_PREFIX_CHARS = "东西南北中上下前后左右金木水火土青白赤黄紫春夏秋冬山川林泉石田"


def prefixes(n: int) -> list[str]:
    """``n`` distinct three-character prefixes."""
    out = ["".join(p) for p in itertools.islice(itertools.permutations(_PREFIX_CHARS, 3), n)]
    if len(out) < n:
        raise SystemExit(f"at most {len(out)} variants")
    return out


@dataclass(frozen=True)
class Template:
    """A manifest sample ready to be varied: its source text, its body's name, and for a DOCX its rendering."""

    sample: Sample
    name: str  # the jurisdiction as the source writes it
    source: str
    docx: bytes | None


def templates() -> list[Template]:
    """The manifest's samples whose source exists."""
    bodies = load_bodies(DEFAULT_SRC / "bodies.yaml")
    with (DEFAULT_SRC / "manifest.csv").open(encoding="utf-8") as fh:
        names = {row["id"]: row["jurisdiction"] for row in csv.DictReader(fh)}
    out = []
    for sample in load_manifest(DEFAULT_SRC / "manifest.csv", bodies):
        path = DEFAULT_SRC / f"{sample.id}.txt"
        if not path.exists():
            continue
        source = path.read_text(encoding="utf-8")
        docx = renderer(sample)(parse_source(source, warn=lambda _: None), sample) if sample.form == "docx" else None
        out.append(Template(sample, names[sample.id], source, docx))
    return out


def _renamed(sample: Sample, name: str, new: str) -> Sample:
    body = sample.body
    body = replace(body, publisher=body.publisher.replace(name, new), site=body.site.replace(name, new),
                   address=body.address.replace(name, new))
    out = sample.out.replace(name, new)
    if out == sample.out:  # a saved page named after the site, not the body
        folder, file = out.rsplit("/", 1)
        out = f"{folder}/{new}_{file}"
    return replace(sample, id=f"{new}_{sample.id}", out=out, body=body)


def _docx_renamed(data: bytes, name: str, new: str) -> bytes:
    """The DOCX with ``name`` replaced in every XML part (a name split across runs stays as it was)."""
    old_b, new_b = name.encode(), new.encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info)
            if info.filename.endswith(".xml"):
                part = part.replace(old_b, new_b)
            dst.writestr(info, part)
    return buf.getvalue()


def _make_variant(args: tuple[list[Template], str, Path, int]) -> int:
    """Write every template under one prefix (at most ``limit`` files); returns the bytes written."""
    temps, prefix, folder, limit = args
    written = 0
    for t in temps[:limit]:
        new = prefix + t.name
        sample = _renamed(t.sample, t.name, new)
        if t.docx is not None:
            data = _docx_renamed(t.docx, t.name, new)
        else:
            data = renderer(sample)(parse_source(t.source.replace(t.name, new), warn=lambda _: None), sample)
        dest = folder / prefix / sample.out
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        written += len(data)
    return written


def make_corpus(folder: Path, n: int, processes: int = 2) -> int:
    """``n`` reports in ``folder`` (one sub-folder per variant); returns their total size in bytes."""
    temps = templates()
    variants = -(-n // len(temps))
    jobs = [(temps, p, folder, min(len(temps), n - i * len(temps))) for i, p in enumerate(prefixes(variants))]
    with multiprocessing.Pool(processes) as pool:
        return sum(pool.imap_unordered(_make_variant, jobs, chunksize=16))


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as fh:
            return [int(c) for c in fh.read().split()]
    except OSError:
        return []


@dataclass
class Sampled:
    """Memory of a run, sampled every second: (seconds, parent MB, largest worker MB, results so far)."""

    points: list[tuple[float, float, float, int]]

    @property
    def total(self) -> int:
        return max((done for *_, done in self.points), default=0)

    def parent_at(self, share: float) -> float:
        """The parent's largest memory up to the moment ``share`` of the results were in."""
        upto = [p for _, p, _, done in self.points if done <= share * self.total] or [0.0]
        return max(upto)

    @property
    def first_result(self) -> float:
        return min((t for t, *_, done in self.points if done > 0), default=0.0)

    @property
    def last_result(self) -> float:
        """When the last result was written (give or take the second between samples)."""
        return min((t for t, *_, done in self.points if done == self.total), default=0.0)

    @property
    def worker_peak(self) -> float:
        return max((w for _, _, w, _ in self.points), default=0.0)

    @property
    def parent_peak(self) -> float:
        return max((p for _, p, _, _ in self.points), default=0.0)


def _done(out: Path) -> int:
    """Results written so far: the lines of the reports.csv being written (a temporary file until the outputs are
    published; -1 before and after). Only a progress mark: a message with a line break counts twice."""
    files = list(out.glob(".reports.csv.*.tmp"))
    try:
        with open(files[0], "rb") as fh:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b"")) - 1
    except (OSError, IndexError):
        return -1


def run_watched(corpus: Path, out: Path, workers: int) -> tuple[float, Sampled, str]:
    """One ``zwgk analyze`` over ``corpus``; (wall seconds, memory samples, its standard error's last lines)."""
    cmd = [str(Path(sys.executable).with_name("zwgk")), "analyze", str(corpus), "--out", str(out),
           "--workers", str(workers)]
    log = out.with_name(out.name + ".log")  # a line per file: a pipe nobody reads would stall the run
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as fh:
        proc = subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT)
        points = []
        while proc.poll() is None:
            kids = _children(proc.pid)
            points.append((time.perf_counter() - start, _rss_mb(proc.pid), max(map(_rss_mb, kids), default=0.0),
                           _done(out)))
            time.sleep(1.0)
    wall = time.perf_counter() - start
    said = log.read_text(encoding="utf-8").strip().splitlines() or [""]
    if proc.returncode not in (0, 1):
        raise SystemExit(f"zwgk failed ({proc.returncode}): {said[-20:]}")
    return wall, Sampled(points), said[-1]


def run_peak(cmd: list[str]) -> tuple[float, float]:
    """Run ``cmd``; (wall seconds, its peak resident memory in MB, sampled every half second)."""
    start, peak = time.perf_counter(), 0.0
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while proc.poll() is None:
        peak = max(peak, _rss_mb(proc.pid))
        time.sleep(0.5)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.read().decode()[-2000:]}")
    return time.perf_counter() - start, peak


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=100_000, help="reports to generate (default 100,000)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--keep", type=Path, help="generate into (or reuse the corpus of) this folder and keep it")
    ap.add_argument("--html", action="store_true", help="then time `zwgk report` on the outputs (and its memory)")
    ap.add_argument("--xlsx", action="store_true", help="then time `zwgk export xlsx` on the outputs (and its memory)")
    args = ap.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="zwgk-scale-"))
    corpus, out = base / "corpus", base / "out"
    try:
        start = time.perf_counter()
        if corpus.exists():
            size, n = _size(corpus), sum(1 for p in corpus.rglob("*") if p.is_file())
            print(f"corpus: {n:,} reports already in {corpus} ({size / 1e9:.2f} GB)")
        else:
            size, n = make_corpus(corpus, args.reports), args.reports
            print(f"corpus: {n:,} reports generated in {time.perf_counter() - start:.0f} s ({size / 1e9:.2f} GB)")
        if out.exists():
            shutil.rmtree(out)
        wall, mem, said = run_watched(corpus, out, args.workers)
        print(f"first run, {args.workers} workers: {wall:.0f} s, {n / wall:.1f} reports/s, "
              f"{wall / n * 1000:.1f} ms per report (100,000 reports: {100_000 / n * wall / 60:.0f} min)")
        print(f"  zwgk: {said}")
        print(f"  parent memory up to 10% / 50% / 100% of the results: {mem.parent_at(0.1):.0f} / "
              f"{mem.parent_at(0.5):.0f} / {mem.parent_at(1.0):.0f} MB; peak {mem.parent_peak:.0f} MB "
              f"(the cross-year stage included)")
        print(f"  largest worker: {mem.worker_peak:.0f} MB")
        print(f"  first result after about {mem.first_result:.0f} s (listing and hashing the inputs); last result "
              f"after {mem.last_result:.0f} s; then {wall - mem.last_result:.0f} s for the cross-year stage and "
              f"the scorecard, and publishing the files")
        sizes = sorted(((p.stat().st_size, p.name) for p in out.iterdir() if p.is_file()), reverse=True)
        print(f"  output folder {_size(out) / 1e9:.2f} GB: " + ", ".join(f"{name} {b / 1e6:,.0f} MB"
                                                                       for b, name in sizes[:6]))
        again, _, said = run_watched(corpus, out, args.workers)
        print(f"second run, nothing changed: {again:.0f} s ({again / wall:.1%} of the first); zwgk: {said}")
        changed = next(p for p in sorted(corpus.rglob("*.txt")))
        original = changed.read_bytes()
        try:
            changed.write_bytes(original + b"\n")  # a file saved again: its body's cross-year result changes
            again, _, said = run_watched(corpus, out, args.workers)
        finally:
            changed.write_bytes(original)
        print(f"third run, one file changed: {again:.0f} s ({again / wall:.1%} of the first); zwgk: {said}")
        zwgk = str(Path(sys.executable).with_name("zwgk"))
        for wanted, what, cmd in ((args.html, "HTML report (zwgk report)", [zwgk, "report", str(out)]),
                                  (args.xlsx, "workbook (zwgk export xlsx)", [zwgk, "export", "xlsx", str(out)])):
            if wanted:
                seconds, peak = run_peak(cmd)
                print(f"{what}: {seconds:.0f} s, peak memory {peak:.0f} MB")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

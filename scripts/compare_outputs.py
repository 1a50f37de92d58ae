"""Run ``zwgk analyze`` on fixed inputs and compare every output file with a saved baseline, byte for byte.

Refactors must not change what users get. Take a baseline before the change and compare after it:

    python scripts/compare_outputs.py save /tmp/baseline      # before
    python scripts/compare_outputs.py check /tmp/baseline     # after: exit 1 and a diff summary on any change

Inputs: ``corpus/`` and, when present, ``../shared/corpus-real/{text,pdf}`` (each analysed into its own folder,
so the cross-year files of the two sets stay apart). Columns that differ by nature between runs (``seconds``) are
blanked before comparing; everything else, row order included, must be identical.

``--pdf-reader pdfminer`` runs the analysis with the other PDF reader, e.g. to compare the readers on one
baseline: ``save /tmp/pdfminer --pdf-reader pdfminer``, then ``check /tmp/pdfminer``. ``--workers 1`` (on a
machine with more cores) takes the other way of a result to the parent: as objects, encoded by the parent.
"""
from __future__ import annotations

import argparse
import csv
import filecmp
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus-real"
VOLATILE_COLUMNS = {"seconds"}
SKIPPED_FILES = {"report.html"}  # carries the run date; compared through the CSVs it is built from


BODIES = {"corpus": Path("scripts", "corpus_src", "lexicon"), "real": Path("tests", "data", "real_bodies.yaml")}


def input_sets() -> dict[str, list[Path]]:
    """Paths relative to the checkout, so that outputs of two checkouts (e.g. git worktrees beside each other)
    carry the same ``path`` column."""
    sets = {"corpus": [Path("corpus")]}
    if SHARED.is_dir():
        sets["real"] = [Path("..", "shared", "corpus-real", "text"), Path("..", "shared", "corpus-real", "pdf")]
    return sets


def run(dest: Path, extra: tuple[str, ...] = ()) -> None:
    """Analyse each input set into ``dest/<set>`` (fresh, no cache), then blank the volatile columns.
    ``extra``: more options for ``zwgk analyze``."""
    for name, inputs in input_sets().items():
        out = (dest / name).resolve()
        shutil.rmtree(out, ignore_errors=True)
        cmd = [sys.executable, "-m", "nlp", "analyze", *map(str, inputs), "--out", str(out), "--quiet", "--force",
               *extra]
        bodies = BODIES.get(name)
        if bodies is not None and (ROOT / bodies).exists():  # the set's own bodies file, as tests and demo pass it
            cmd += ["--lexicon", str(bodies)]
        code = subprocess.run(cmd, cwd=ROOT, stderr=subprocess.DEVNULL).returncode
        if code >= 2:
            raise SystemExit(f"zwgk analyze failed on {name} (exit {code})")
        for f in out.glob("*.csv"):
            _blank_volatile(f)


def _blank_volatile(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return
    idx = [i for i, c in enumerate(rows[0]) if c in VOLATILE_COLUMNS]
    if not idx:
        return
    for row in rows[1:]:
        for i in idx:
            if i < len(row):
                row[i] = ""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n" if "\r\n" in text else "\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8-sig")


def compare(baseline: Path, current: Path) -> list[str]:
    """Names of files that differ or exist on one side only."""
    problems = []
    for name in input_sets():
        a, b = baseline / name, current / name
        names = {p.name for p in a.glob("*") if p.is_file() and not p.name.startswith(".")}
        names |= {p.name for p in b.glob("*") if p.is_file() and not p.name.startswith(".")}
        for f in sorted(names - SKIPPED_FILES):
            if not (a / f).exists() or not (b / f).exists():
                problems.append(f"{name}/{f}: only in {'current' if not (a / f).exists() else 'baseline'}")
            elif not filecmp.cmp(a / f, b / f, shallow=False):
                problems.append(f"{name}/{f}: differs ({_first_difference(a / f, b / f)})")
    return problems


def _first_difference(a: Path, b: Path) -> str:
    la = a.read_text(encoding="utf-8-sig").splitlines()
    lb = b.read_text(encoding="utf-8-sig").splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"line {i + 1}: {x[:120]!r} vs {y[:120]!r}"
    return f"{len(la)} vs {len(lb)} lines"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=("save", "check"))
    ap.add_argument("baseline", type=Path)
    ap.add_argument("--pdf-reader", choices=("pdfium", "pdfminer"), help="PDF reader of this run (default: zwgk's)")
    ap.add_argument("--workers", type=int, help="worker processes of this run (default: zwgk's); with fewer than "
                                                 "the cores, results reach the parent as objects and it encodes them")
    args = ap.parse_args()
    extra = ("--pdf-reader", args.pdf_reader) if args.pdf_reader else ()
    extra += ("--workers", str(args.workers)) if args.workers else ()
    if args.action == "save":
        run(args.baseline, extra)
        print(f"baseline written to {args.baseline}: {', '.join(input_sets())}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp), extra)
        problems = compare(args.baseline, Path(tmp))
    for p in problems:
        print(p)
    print("identical" if not problems else f"{len(problems)} file(s) differ")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

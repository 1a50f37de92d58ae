"""Command line of the corpus generator: ``python -m scripts.corpus [--only ID|bad] [--src DIR] [--out DIR]``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .bad import make_bad
from .forms import renderer
from .samples import DEFAULT_OUT, DEFAULT_SRC, ManifestError, Sample, load_bodies, load_manifest
from .source import parse_source


def _src_file(src: Path, name: str) -> Path:
    """``<src>/<name>``, else the one in scripts/corpus_src/ (a --src folder may hold only sources)."""
    path = src / name
    return path if path.exists() else DEFAULT_SRC / name


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m scripts.corpus",
                                 description="Generate the sample corpus (corpus/) from scripts/corpus_src/.")
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC, help="directory with <id>.txt sources")
    ap.add_argument("--manifest", type=Path, default=None,
                    help="manifest.csv (default: <src>/manifest.csv, else scripts/corpus_src/manifest.csv)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (default corpus/)")
    ap.add_argument("--only", action="append", default=[], help="restrict to these ids ('bad' for corpus/bad)")
    return ap.parse_args(argv)


def generate(samples: list[Sample], src: Path, out: Path, only: list[str]) -> tuple[int, int]:
    """Write every selected sample whose source exists; returns (written, skipped)."""
    made = skipped = 0
    for sample in samples:
        if only and sample.id not in only:
            continue
        path = src / (sample.id + ".txt")
        if not path.exists():
            print(f"skip {sample.id}: no source {path}")
            skipped += 1
            continue
        print(f"{sample.id} -> {sample.out} ({sample.form})")
        data = renderer(sample)(parse_source(path.read_text(encoding="utf-8")), sample)
        dest = out / sample.out
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        made += 1
    return made, skipped


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    try:
        bodies = load_bodies(_src_file(args.src, "bodies.yaml"))
        samples = load_manifest(args.manifest or _src_file(args.src, "manifest.csv"), bodies)
        for sample in samples:
            renderer(sample)  # every row checked before anything is written
    except ManifestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    made, skipped = generate(samples, args.src, args.out, args.only)
    if not args.only or "bad" in args.only:
        print("bad inputs:")
        make_bad(samples, args.src, args.out, print)
    print(f"done: {made} written, {skipped} skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())

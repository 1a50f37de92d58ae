"""The sample-corpus generator (``python -m scripts.corpus``): it reproduces the committed corpus/ byte for byte,
and refuses a manifest row it cannot honour, naming the file and line."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT

pytest.importorskip("reportlab")
pytest.importorskip("docx")


def generate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scripts.corpus", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_generator_reproduces_the_committed_corpus(tmp_path):
    done = generate("--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    committed = sorted(p.relative_to(CORPUS) for p in CORPUS.rglob("*") if p.is_file())
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert len(committed) >= 17 and made == committed
    changed = [str(rel) for rel in committed if (tmp_path / rel).read_bytes() != (CORPUS / rel).read_bytes()]
    assert changed == [], "regenerate with python -m scripts.corpus and commit the sources with the files"


def _manifest_with(tmp_path: Path, **changes: str) -> Path:
    """The real manifest's first row with some columns changed, as a manifest of its own."""
    with (ROOT / "scripts" / "corpus_src" / "manifest.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        row = next(reader) | changes
        columns = reader.fieldnames
    path = tmp_path / "manifest.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns)
        writer.writeheader()
        writer.writerow(row)
    return path


@pytest.mark.parametrize("changes,message", [
    ({"vertical_t3_header": "true"}, "vertical_t3_header is 'yes' or empty, not 'true'"),
    ({"page_numbers": "第N页"}, "page_numbers is a text with {n} where the number goes"),
    ({"running_header": "{site_name}"}, "running_header '{site_name}': not a field of bodies.yaml"),
    ({"jurisdiction": "西河县"}, "jurisdiction '西河县' is not in bodies.yaml"),
    ({"form": "html"}, "the html form cannot put in page_numbers, running_header, spaced_characters"),
    ({"form": "epub"}, "unknown form 'epub'"),
])
def test_manifest_rows_the_generator_cannot_honour_are_refused(tmp_path, changes, message):
    manifest = _manifest_with(tmp_path, **changes)
    done = generate("--manifest", str(manifest), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert f"{manifest}:2: " in done.stderr and message in done.stderr, done.stderr
    assert not (tmp_path / "out").exists(), "nothing is written before every row is checked"

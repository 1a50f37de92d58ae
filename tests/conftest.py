"""Shared paths. Tests on ../shared (real third-party reports) skip cleanly where it is absent."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "gold" / "corpus"
SHARED = ROOT.parent / "shared" / "corpus-real"


def corpus_manifest() -> list[dict[str, str]]:
    with (ROOT / "scripts" / "corpus_src" / "manifest.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def shared_manifest() -> list[dict[str, str]]:
    path = SHARED / "manifest.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "manifest.csv").exists():
        pytest.skip("../shared/corpus-real is not available (it is not part of a user's clone)")
    return SHARED

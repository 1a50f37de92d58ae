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


# The real development gold grew with six pre-2019 reports (2011–2013 crawled pages) and five follow-up pairs
# on them. The item and heading targets hold on all of it (tests/test_evaluation.py); the follow-up targets on
# the 2011–2013 pairs belong to open work (the follow-up issue): until that lands, the follow-up regression guard
# holds the targets on the pairs from 2014, and the full set is measured by an xfail test.
REGRESSION_FROM_YEAR = 2014


def gold_subset(gold_dir: Path, dest: Path, from_year: int = REGRESSION_FROM_YEAR) -> Path:
    """Copy the gold files (reports, and ``followup/`` pairs by their first year) of years >= ``from_year``."""
    import json
    import shutil

    (dest / "followup").mkdir(parents=True, exist_ok=True)
    for path in gold_dir.glob("*.json"):
        if int(json.loads(path.read_text(encoding="utf-8"))["year"]) >= from_year:
            shutil.copy(path, dest / path.name)
    for path in (gold_dir / "followup").glob("*.json"):
        if int(path.stem.rsplit("_", 2)[-2]) >= from_year:
            shutil.copy(path, dest / "followup" / path.name)
    return dest


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

"""Shared paths and the kinds of test. Tests on ../shared (real third-party reports) skip cleanly where it is absent."""
from __future__ import annotations

import csv
import inspect
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
# The sample corpus's own bodies file (its fictional bodies are not in the shipped lexicons): passed as an analyst
# passes theirs, `--lexicon scripts/corpus_src/lexicon/`.
CORPUS_LEXICON = ROOT / "scripts" / "corpus_src" / "lexicon"
GOLD = ROOT / "tests" / "gold" / "corpus"
SHARED = ROOT.parent / "shared" / "corpus-real"


def rows_without_seconds(path: Path) -> list[list[str]]:
    """A CSV's rows without the ``seconds`` column (it differs between runs by nature)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    drop = rows[0].index("seconds") if "seconds" in rows[0] else None
    return [[c for i, c in enumerate(r) if i != drop] for r in rows]


def slow_file(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Make the analysis of any file named ``slow.txt`` take ``seconds`` longer, in the worker processes started
    after this call (they are forked: they see the patched function)."""
    import time

    from nlp.runtime import batch

    real = batch.analyze_task

    def task(path, report_id, *args, **kwargs):
        if path.endswith("slow.txt"):
            time.sleep(seconds)
        return real(path, report_id, *args, **kwargs)

    monkeypatch.setattr(batch, "analyze_task", task)


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


def corpus_rules():
    """The rules the sample corpus is analysed with: the shipped lexicons and :data:`CORPUS_LEXICON`."""
    from nlp.rules import load_rules

    return load_rules([CORPUS_LEXICON])


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


# ------------------------------------------------------------------------------------------------- test kinds
# Every test is one of four kinds, so that `pytest -m unit` runs in seconds and the slow kinds can be chosen:
#   unit         invented text and small objects only;
#   corpus       reads the sample corpus (corpus/, tests/gold) or the real reports of ../shared;
#   integration  runs the command line, worker processes, a cluster, or builds and installs the package;
#   browser      drives headless Chromium.
# A test may carry its kind as a marker; otherwise it is told from what it uses (its fixtures and the names in
# its source), so that a new test is classified without anyone having to remember to mark it.
KINDS = ("unit", "corpus", "integration", "browser")
_INTEGRATION = re.compile(r"\bmain\(\[|\bsubprocess\b|\banalyze_to\(|\bnlp\.analyze\(|\biter_results\(|\bPopen\b")
_CORPUS = re.compile(r"\b(?:CORPUS|SHARED|GOLD|MANIFEST|corpus_manifest|shared_manifest)\b")


def _sources(item: pytest.Item) -> str:
    """The test's source and that of every fixture it uses (a fixture that runs the CLI makes its tests
    integration tests)."""
    funcs = [getattr(item, "function", None)]
    info = getattr(item, "_fixtureinfo", None)
    for defs in (info.name2fixturedefs.values() if info else ()):
        funcs.extend(d.func for d in defs)
    parts = []
    for func in funcs:
        try:
            parts.append(inspect.getsource(func))
        except (OSError, TypeError):
            pass
    return "\n".join(parts)


def _kind(item: pytest.Item) -> str:
    names = set(getattr(item, "fixturenames", ()))
    if "chromium" in names:
        return "browser"
    source = _sources(item)
    if _INTEGRATION.search(source):
        return "integration"
    if _CORPUS.search(source) or "shared" in names:
        return "corpus"
    return "unit"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if not any(item.get_closest_marker(k) for k in KINDS):
            item.add_marker(getattr(pytest.mark, _kind(item)))

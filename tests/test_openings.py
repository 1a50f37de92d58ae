"""Invented report openings, one set per failure class of issue 18 (tests/data/openings.jsonl, written by
scripts/make_openings.py): body, key, level, year and publication date of each, and the rates over all of them
against the issue's targets."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT
from nlp.read.metadata import Metadata
from nlp.runtime.pipeline import load_document

OPENINGS = [json.loads(x) for x in (ROOT / "tests" / "data" / "openings.jsonl").read_text(encoding="utf-8").splitlines()]
_SUFFIX = {"txt": ".txt", "crawl": ".txt", "html": ".html"}


def _read(case: dict, folder: Path) -> Metadata:
    path = folder / (case["id"] + _SUFFIX[case["form"]])
    path.write_text(case["content"], encoding="utf-8")
    return load_document(path).metadata


def _checks(md: Metadata, want: dict) -> dict[str, bool]:
    """Each measured property: right or not (published: right where the page states a date, else none found)."""
    return {
        "body": md.body == want["body"] and md.jurisdiction == want["key"],
        "level": md.level == want["level"] and md.zone == want.get("zone", False)
                 and md.government_level == want.get("government_level", md.government_level),
        "year": md.year == want["year"],
        "published": (md.published, md.published_source) == (want.get("published", ""), want.get("published_source", "")),
        "publisher": "publisher" not in want or md.publisher == want["publisher"],
        "index_number": "index_number" not in want or md.index_number == want["index_number"],
    }


@pytest.mark.parametrize("case", OPENINGS, ids=[c["id"] for c in OPENINGS])
def test_opening(case, tmp_path):
    md = _read(case, tmp_path)
    checks = _checks(md, case["expected"])
    assert all(checks.values()), (checks, md)


def test_every_class_of_the_issue_is_covered():
    classes = {c["class"] for c in OPENINGS}
    for needed in ("breadcrumb", "metadata_run", "date_before_name", "header_cell", "site_banner", "sentence_notice",
                   "sentence_compiled", "year_last", "year_first", "nianbao", "baogao", "guanyu_signed",
                   "two_lines_spaces", "quoted_only", "street_office", "bare_street", "zone_bracket", "county_city_chain",
                   "league_prefecture", "county_office"):
        assert needed in classes, needed


def test_openings_reach_the_issue_targets(tmp_path):
    results = [_checks(_read(c, tmp_path), c["expected"]) for c in OPENINGS]
    rate = {k: sum(r[k] for r in results) / len(results) for k in results[0]}
    assert rate["body"] >= 0.95 and rate["level"] >= 0.95 and rate["year"] == 1.0 and rate["published"] == 1.0, rate

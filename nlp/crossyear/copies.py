"""Copied text between consecutive reports of a body: section 五 and the overview compared, items carried over
unchanged, and stale year tokens (a 2021 report promising what it "will do in 2021").

A report whose problems and promises are last year's, word for word, tells the reader that nothing was
reviewed; one row of ``series.csv`` per report says how much of it was carried forward.
"""
from __future__ import annotations

from ..text import similarity as sim
from .features import stale_year_tokens
from .frames import Rows, int_cell, records
from .recurring import pair_recurring
from .rows import SeriesRow
from ..rules_tracking import rules

SectionTexts = dict[tuple[str, str], str]  # (report_id, "problems" / "overview") → the section as printed
_PARTS = {"problems": ("problem", "commitment", "followup"), "overview": ("measure",)}  # their items, without text


def section_texts(sections: Rows | None, texts: dict[str, str] | None) -> SectionTexts:
    """(report_id, key) → section text, for the sections 五 (problems) and overview, when texts are given."""
    out: SectionTexts = {}
    if not texts:
        return out
    for s in records(sections):
        rid, key = str(s.get("report_id")), str(s.get("key"))
        if rid not in texts or key not in ("problems", "overview", "improvements"):
            continue
        start, end = int_cell(s.get("start")), int_cell(s.get("end"))
        if start is None or end is None:
            continue
        k = "problems" if key == "improvements" else key
        out[(rid, k)] = out.get((rid, k), "") + texts[rid][start:end]
    return out


def _part(rows: list[dict], report_id: str, key: str, section_text: SectionTexts) -> str:
    """Section ``key`` of a report: as printed where the text is known, else its items of the section's kinds."""
    if (report_id, key) in section_text:
        return section_text[(report_id, key)]
    return "".join(str(it.get("text") or "") for it in rows if it.get("kind") in _PARTS[key])


def _similarity(key: str, cur: list[dict], rid: str, prev: list[dict], prev_rid: str,
                section_text: SectionTexts) -> float | None:
    """Similarity of one section in two years; None for the first report or where one of them is empty."""
    if not prev_rid:
        return None
    a, b = _part(cur, rid, key, section_text), _part(prev, prev_rid, key, section_text)
    if not a.strip() or not b.strip():
        return None
    return round(sim.text_similarity(a, b), 3)


def _carried(kind: str, cur: list[dict], prev: list[dict]) -> int:
    """Items of ``kind`` near-identical to one of the previous report."""
    olds = [str(it.get("text") or "") for it in prev if it.get("kind") == kind]
    threshold = rules().carried_item
    return sum(1 for it in cur if it.get("kind") == kind
               and any(sim.text_similarity(str(it.get("text") or ""), o) >= threshold for o in olds))


def _stale_tokens(cur: list[dict], rid: str, year: int, section_text: SectionTexts) -> list[str]:
    """Stale year tokens of the report's commitments, then of its section 五 as printed."""
    tokens = []
    for it in cur:
        if it.get("kind") == "commitment":
            tokens.extend(stale_year_tokens(str(it.get("text") or ""), year))
    if (rid, "problems") in section_text:
        for t in stale_year_tokens(section_text[(rid, "problems")], year):
            if t not in tokens:
                tokens.append(t)
    return tokens


def series_row(body: str, year: int, prev_year: int | None, rid: str, prev_rid: str,
               by_report: dict[str, list[dict]], section_text: SectionTexts) -> SeriesRow:
    """One report of a series against the previous one (similarities empty for the first report)."""
    r = rules()
    cur, prev = by_report.get(rid, []), (by_report.get(prev_rid, []) if prev_rid else [])
    ps = _similarity("problems", cur, rid, prev, prev_rid, section_text)
    os_ = _similarity("overview", cur, rid, prev, prev_rid, section_text)
    tokens = _stale_tokens(cur, rid, year, section_text)
    flags = []
    if ps is not None and ps >= r.near_duplicate:
        flags.append("near_duplicate_problems")
    if os_ is not None and os_ >= r.near_duplicate:
        flags.append("near_duplicate_overview")
    if tokens:
        flags.append("stale_year")
    if prev_year is not None and prev_year != year - 1:
        flags.append("gap")
    recurring = pair_recurring([it for it in prev if it.get("kind") == "problem"],
                               [it for it in cur if it.get("kind") == "problem"])
    return SeriesRow(body, year, prev_year, ps, os_, ";".join(dict.fromkeys(tokens)), rid, prev_rid,
                     _carried("problem", cur, prev), _carried("commitment", cur, prev), ";".join(sorted(recurring)),
                     ";".join(flags))

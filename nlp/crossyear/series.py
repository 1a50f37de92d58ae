"""One report per body and year: grouping reports into series and settling the copies of a report.

Every cross-year comparison runs on a series, so this is the one place that says which report stands for a
body in a year. Reports are grouped by canonical body name (``reports.jurisdiction``, alias table already
applied) and year. A report whose body or year is unknown is left out, with a warning — never merged by guess.
Two reports of one body for one year are a duplicate: one is kept (status ok over warning, then the richer
one) and the other reported with the reason. The in-memory run (:func:`build_series`, over report rows) and the
batch's body-by-body run (:class:`nlp.runtime.spill.SpillStore`, over summary rows on disk) both describe each
report as a :class:`Candidate` and settle with :func:`settle`, so both keep the same copy.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..text import similarity as sim
from .frames import Rows, int_cell, records, text_cell
from .rows import DuplicateRow, TrackingWarning
from ..rules_tracking import rules

_COUNTED_KINDS = ("problem", "commitment", "measure", "followup")


@dataclass(frozen=True)
class Candidate:
    """What choosing among the reports of one body and year needs: the kept one is analysed without warning,
    then yields most items, then is longest, then was given first (``order``)."""

    report_id: str
    status: str
    n_items: int
    n_chars: int
    order: int
    sha256: str = ""

    @property
    def richness(self) -> tuple:
        return (self.status == "ok", self.n_items, self.n_chars, -self.order)


TextOf = Callable[[Candidate], str]  # a report's text, to tell a copy from a different report


def series_key(jurisdiction: Any, year: Any) -> tuple[str, int | None]:
    """The body and year a report is filed under ("" and None where unknown: such a report is in no series)."""
    return text_cell(jurisdiction).strip(), int_cell(year)


def counted_items(kinds: Iterable[str]) -> int:
    """The number of items that make a copy of a report richer than another (its sentences of substance)."""
    return sum(k in _COUNTED_KINDS for k in kinds)


def report_text(items: list[dict]) -> str:
    """A report's text as its items give it (items in text order), for comparing two copies of a report."""
    return "".join(str(it.get("text") or "") for it in items)


def settle(candidates: Iterable[tuple[str, int, Candidate]],
           text_of: TextOf) -> tuple[dict[str, dict[int, Candidate]], list[DuplicateRow]]:
    """The report kept for each body and year (body → year → candidate), and a row of ``duplicates.csv`` for
    each copy left out (in body and year order). ``text_of`` is asked only where a year has several reports."""
    grouped: dict[tuple[str, int], list[Candidate]] = defaultdict(list)
    for body, year, c in candidates:
        grouped[(body, year)].append(c)
    series: dict[str, dict[int, Candidate]] = defaultdict(dict)
    duplicates: list[DuplicateRow] = []
    for (body, year), reps in sorted(grouped.items()):
        kept = max(reps, key=lambda c: c.richness)
        series[body][year] = kept
        duplicates.extend(DuplicateRow(body, year, kept.report_id, other.report_id,
                                       _duplicate_reason(kept, other, text_of))
                          for other in reps if other is not kept)
    return dict(series), duplicates


def _duplicate_reason(kept: Candidate, other: Candidate, text_of: TextOf) -> str:
    rk, ro = kept.richness, other.richness
    why = []
    if rk[0] != ro[0]:
        why.append(f"{kept.report_id} was analysed without warnings")
    elif rk[1] != ro[1]:
        why.append(f"{kept.report_id} yields more items ({rk[1]} vs {ro[1]})")
    elif rk[2] != ro[2]:
        why.append(f"{kept.report_id} is longer ({rk[2]} vs {ro[2]} characters)")
    else:
        why.append(f"{kept.report_id} was given first")
    if kept.sha256 and kept.sha256 == other.sha256:
        return "identical file (same SHA-256); kept the first given"
    s = sim.text_similarity(text_of(kept), text_of(other))
    if s >= rules().same_text:
        return f"same report published twice (text similarity {s:.2f}); kept: " + "; ".join(why)
    return (f"two different texts claim this body and year (similarity {s:.2f}): check year and body of "
            f"{other.report_id}; kept: " + "; ".join(why))


def build_series(reports: Rows, by_report: dict[str, list[dict]], texts: dict[str, str] | None
                 ) -> tuple[dict[str, dict[int, str]], list[DuplicateRow], list[TrackingWarning]]:
    """The series of a reports table (body → year → report_id), the copies left out, and a warning for each
    report that belongs to no series. ``by_report``: each report's items in text order; ``texts``: report_id →
    analysable text, where known (else the items give the text)."""
    warnings: list[TrackingWarning] = []
    candidates: list[tuple[str, int, Candidate]] = []
    for order, rep in enumerate(records(reports)):
        rid = str(rep.get("report_id"))
        if str(rep.get("status") or "") == "error":
            continue  # unreadable files are reported by the batch already
        body, year = series_key(rep.get("jurisdiction"), rep.get("year"))
        if not body:
            warnings.append(TrackingWarning(rid, "reporting body unknown: left out of the series (add the "
                                                 "body or its alias to lexicons/bodies.yaml)"))
        elif year is None:
            warnings.append(TrackingWarning(rid, f"year unknown: left out of the series of {body}"))
        else:
            candidates.append((body, year, _candidate(rep, by_report.get(rid, []), order)))

    def text_of(c: Candidate) -> str:
        return texts[c.report_id] if texts and c.report_id in texts else report_text(by_report.get(c.report_id, []))

    series, duplicates = settle(candidates, text_of)
    return ({body: {year: c.report_id for year, c in years.items()} for body, years in series.items()},
            duplicates, warnings)


def _candidate(rep: dict, items: list[dict], order: int) -> Candidate:
    """A report row (as in reports.csv) and its item rows as a :class:`Candidate`."""
    sha = text_cell(rep.get("sha256"))
    return Candidate(str(rep["report_id"]), str(rep.get("status") or ""), counted_items(it.get("kind") for it in items),
                     int_cell(rep.get("n_chars")) or 0, order, "" if sha == "nan" else sha)

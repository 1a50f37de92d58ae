"""A report's verdicts put together into its row of ``scorecard.csv``, with the weighted score and its basis.

score = 100 × Σ weight × value / Σ weight over the indicators judged (value: pass 1, warn ``warn_value``,
fail 0); unknown indicators and those the law does not ask of the report are left out of both sums. The score
is never shown alone: ``score_basis`` names what counted, and every status stands beside it with its evidence.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

from .rows import NOT_REQUIRED, ScorecardRow, Verdict
from .settings import INDICATORS

_RANK = {"unknown": 0, "pass": 1, "warn": 2, "fail": 3}
# The evidence of an indicator no stage judged, by what was missing.
_NOT_COMPARED = "not compared across years: the report's body or year is not known"
_DEFAULT = {"promises_followed": _NOT_COMPARED, "not_copied": _NOT_COMPARED}


def merge(a: Verdict, b: Verdict) -> Verdict:
    """Two verdicts on one indicator (within the report, across years): the worse status, both evidences."""
    status = a.status if _RANK[a.status] >= _RANK[b.status] else b.status
    return Verdict(a.report_id, a.indicator, status, " | ".join(x for x in (a.evidence, b.evidence) if x))


def assemble(report: dict, verdicts: Iterable[Verdict], rules) -> ScorecardRow:
    """The row of one report. ``report``: its reports.csv fields (report_id, jurisdiction, year, level, status,
    message); ``rules``: nlp.rules.Rules."""
    row = ScorecardRow(str(report["report_id"]), report.get("jurisdiction") or "", report.get("year"),
                       report.get("level") or "")
    by_indicator: dict[str, Verdict] = {}
    for v in verdicts:
        by_indicator[v.indicator] = merge(by_indicator[v.indicator], v) if v.indicator in by_indicator else v
    unread = f"the file could not be read: {report.get('message') or ''}" if report.get("status") == "error" else ""
    for k in INDICATORS:
        v = by_indicator.get(k)
        setattr(row, k, v.status if v else "unknown")
        setattr(row, f"{k}_evidence", v.evidence if v else unread or _DEFAULT.get(k, "not judged"))
    row.score, row.score_basis = score(row, rules.scorecard)
    return row


def score(row: ScorecardRow, sc) -> tuple[float | None, str]:
    """(score or None, the basis it was computed on). The score needs ``min_judged_share`` of the weight of the
    indicators that apply to the report."""
    weights = asdict(sc.weights)
    total = sum(weights.values())
    value = {"pass": 1.0, "warn": sc.score.warn_value, "fail": 0.0}
    groups: dict[str, list[str]] = {"pass": [], "warn": [], "fail": [], "unknown": [], "not required": []}
    judged = got = 0.0
    for k in INDICATORS:
        status, evidence = getattr(row, k), getattr(row, f"{k}_evidence")
        if status == "pass" and evidence.startswith(NOT_REQUIRED):
            groups["not required"].append(k)
            continue
        if status not in value:
            groups["unknown"].append(k)
            continue
        judged += weights[k]
        got += weights[k] * value[status]
        groups[status].append(f"{k} {weights[k]:g}")
    parts = [f"{name}: {', '.join(ks)}" for name, ks in groups.items() if ks]
    applicable = total - sum(weights[k] for k in groups["not required"])
    basis = f"weight judged {judged:g} of {applicable:g}, points {got:g}; " + "; ".join(parts)
    if not judged or judged < sc.score.min_judged_share * applicable:
        return None, f"no score: too little judged ({basis})"
    return round(100 * got / judged, 1), basis

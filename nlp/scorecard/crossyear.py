"""The indicators that compare a report with its body's previous one, made from the cross-year stage's output
(:class:`nlp.crossyear.rows.Tracking`, body by body): ``promises_followed`` (last year's commitments against
followup.csv), ``not_copied`` (series.csv: similarity of section 五 and the overview, stale years, items carried
over unchanged) and the cross-year part of ``tables_consistent`` (结转, 现行有效 between consecutive years).
"""
from __future__ import annotations

from collections import defaultdict

from ..crossyear.rows import Tracking
from ..text.lists import split_list
from .figures import consistency
from .rows import Verdict

JUDGED = ("reported", "partly", "not_reported", "repeated")  # follow-up statuses that judge a commitment
FOLLOWED = ("reported", "partly")
SHOWN = 2  # commitments not followed quoted in the evidence
ACROSS = "across years"


def cross_year_verdicts(tracking: Tracking, rules) -> list[Verdict]:
    """Every cross-year verdict of the reports the tracking compared (``rules``: nlp.rules.Rules)."""
    sc = rules.scorecard
    by_next: dict[str, list] = defaultdict(list)
    for row in tracking.followup:
        if row.next_report_id and row.status in JUDGED:
            by_next[row.next_report_id].append(row)
    series = {s.report_id: s for s in tracking.series}
    out = []
    for years in tracking.reports_in_series.values():
        for year, rid in sorted(years.items()):
            out.append(_promises(rid, year, years, by_next[rid], sc))
            out.append(_copies(rid, series.get(rid), sc))
    checks: dict[str, list] = defaultdict(list)
    for c in tracking.checks:
        checks[c.report_id].append(c)
    out.extend(consistency(rid, rows, where=ACROSS) for rid, rows in checks.items())
    for d in tracking.duplicates:
        said = f"a copy of {d.kept_report_id} ({d.reason}): compared across years as that report"
        out += [Verdict(d.dropped_report_id, k, "unknown", said) for k in ("promises_followed", "not_copied")]
    return out


def _quote(text: str, n: int = 40) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= n else text[:n - 1] + "…"


def _promises(rid: str, year: int, years: dict[int, str], rows: list, sc) -> Verdict:
    prev = years.get(year - 1)
    if prev is None:
        earlier = [y for y in years if y < year]
        why = f" (the previous report is on {max(earlier)}: promises are followed from one year to the next)" if earlier else ""
        return Verdict(rid, "promises_followed", "unknown", f"no report on {year - 1} of this body{why}")
    if not rows:
        return Verdict(rid, "promises_followed", "unknown", f"the report on {year - 1} ({prev}) made no commitment "
                                                           "to follow up (or none was found in it)")
    count = {s: sum(r.status == s for r in rows) for s in JUDGED}
    followed = count["reported"] + count["partly"]
    share = followed / len(rows)
    rules = sc.promises_followed
    status = "pass" if share >= rules.pass_min_share else "fail" if share < rules.fail_below_share else "warn"
    missed = [r for r in rows if r.status not in FOLLOWED][:SHOWN]
    said = (f"{followed} of {len(rows)} commitments of {year - 1} followed ({share:.0%}): reported {count['reported']}, "
            f"partly {count['partly']}, not reported {count['not_reported']}, repeated {count['repeated']}")
    if missed:
        said += "; e.g. " + "; ".join(f"{r.status} {r.commitment_item_id} «{_quote(r.commitment_text)}»" for r in missed)
    return Verdict(rid, "promises_followed", status, said)


def _copies(rid: str, s, sc) -> Verdict:
    if s is None:
        return Verdict(rid, "not_copied", "unknown", "not compared across years")
    from ..rules_tracking import rules as tracking_rules

    rules = sc.not_copied
    flags = set(split_list(s.flags))
    carried = (s.carried_problems or 0) + (s.carried_commitments or 0)
    parts = []
    if s.prev_year is not None:
        sims = ", ".join(f"{what} {v:.2f}" for what, v in (("section 五", s.problems_similarity),
                                                           ("overview", s.overview_similarity)) if v is not None)
        parts.append(f"vs {s.prev_year} ({s.prev_report_id}): similarity {sims or 'not measurable'} "
                     f"(copied at {tracking_rules().near_duplicate:g})")
    if s.copied_year_tokens:
        parts.append(f"stale years: {s.copied_year_tokens}")
    if carried:
        parts.append(f"carried over unchanged: {s.carried_problems} problems, {s.carried_commitments} commitments")
    if flags & set(rules.fail_flags):
        status = "fail"
    elif flags & set(rules.warn_flags) or (rules.warn_carried_items and carried >= rules.warn_carried_items):
        status = "warn"
    elif s.prev_year is None:
        return Verdict(rid, "not_copied", "unknown", "no earlier report of this body to compare; no stale year")
    else:
        status = "pass"
    return Verdict(rid, "not_copied", status, "; ".join(parts) + (f" [{', '.join(sorted(flags))}]" if flags else ""))

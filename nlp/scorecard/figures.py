"""The statistical tables: ``tables_complete`` (how much of the statutory tables was read), ``tables_consistent``
(the 勾稽 checks of checks.csv, by rule name) and ``applications_plausible`` (the number of applications: text
against table 3, and results without applications).

They read the outputs of the table and check stages only; a table that could not be read makes an indicator
unknown or a warning, never a failure of the report's own figures (as in checks.csv, ``fail`` means numbers
printed in the report disagree).
"""
from __future__ import annotations

from collections.abc import Iterable

from .facts import ReportFacts, cell_value, required_generation
from .rows import NOT_AVAILABLE, NOT_REQUIRED, Verdict

SHOWN_RULES = 5  # failed rules named in the evidence (the rest are counted)


def tables_complete(f: ReportFacts) -> Verdict:
    """From reports.csv ``table_complete`` (yes | partly | no | none) and the cells read / expected."""
    status = f.field("table_complete")
    if status is None:
        return f.verdict("tables_complete", "unknown", NOT_AVAILABLE + "reports.csv has no `table_complete` column "
                                                                       "(this version does not count the cells read)")
    read, expected, note = f.field("table_cells_read"), f.field("table_cells_expected"), f.field("table_note") or ""
    said = f"{read} of {expected} cells read" + (f" ({note})" if note else "")
    if status == "yes":
        return f.verdict("tables_complete", "pass", said)
    if status == "partly":
        return f.verdict("tables_complete", "warn", said)
    generation = required_generation(f.row.year, f.sc)
    if status == "none" and generation == "pre2019":
        return f.verdict("tables_complete", "pass", NOT_REQUIRED + "pre-2019 reports have no statutory tables")
    if status == "none" and not generation:
        return f.verdict("tables_complete", "unknown", "no table found, and the year (so whether tables are "
                                                       "required) is not known")
    return f.verdict("tables_complete", "fail", f"no cell of the statutory tables read ({note or 'not found'}): "
                                                "missing from the text, or printed as images")


def consistency(report_id: str, checks: Iterable, exclude: Iterable[str] = (), where: str = "") -> Verdict:
    """``tables_consistent`` from check rows: fail when a check fails (rules named), warn when one is uncertain,
    pass when every assessable check passes, unknown when none could be assessed. The table-reading checks
    (``*_read``) belong to tables_complete, ``exclude`` to another indicator."""
    skip = set(exclude)
    rows = [c for c in checks if c.rule not in skip and not c.rule.endswith("_read")]
    by_status: dict[str, list] = {}
    for c in rows:
        by_status.setdefault(c.status, []).append(c)
    fails, uncertain, passed = by_status.get("fail", []), by_status.get("uncertain", []), by_status.get("pass", [])
    lead = f"{where}: " if where else ""
    if fails or uncertain:
        shown = fails or uncertain
        named = "; ".join(f"{c.rule} ({c.message})" for c in shown[:SHOWN_RULES])
        more = f"; … {len(shown) - SHOWN_RULES} more" if len(shown) > SHOWN_RULES else ""
        what = "fail" if fails else "uncertain"
        extra = f"; {len(uncertain)} uncertain" if fails and uncertain else ""
        return Verdict(report_id, "tables_consistent", "fail" if fails else "warn",
                       f"{lead}{len(shown)} of {len(rows)} checks {what}{extra}: {named}{more}")
    if passed:
        return Verdict(report_id, "tables_consistent", "pass", f"{lead}all {len(passed)} assessable checks pass"
                       + (f" ({len(rows) - len(passed)} not assessable)" if len(rows) > len(passed) else ""))
    return Verdict(report_id, "tables_consistent", "unknown",
                   f"{lead}no check could be assessed ({len(rows)} not assessable)" if rows else f"{lead}no checks")


def tables_consistent(f: ReportFacts) -> Verdict:
    return consistency(f.row.report_id, f.checks, f.sc.applications_plausible.text_rules, "within the report")


def _t3(f: ReportFacts, row: str):
    c = cell_value(f.cells, "t3", row, "total")
    ok = c is not None and c.value_kind in ("number", "zero")
    return (c.value if ok else None), (f"t3.{row}.total={c.raw}" + (f"@p{c.page}" if c.page is not None else "")
                                       if c is not None else f"t3.{row}.total not read")


def applications_plausible(f: ReportFacts) -> Verdict:
    rules = f.sc.applications_plausible
    fails, warns, oks = [], [], []
    for c in f.checks:
        if c.rule in rules.text_rules and c.status != "not_assessable":
            said = f"{c.rule}: {c.message} [{c.evidence}]"
            (fails if c.status == "fail" else warns if c.status == "uncertain" else oks).append(said)
    (new, new_ref), (carried, carried_ref), (results, results_ref), (out, out_ref) = (
        _t3(f, r) for r in ("new", "carried_in", "total", "carried_out"))
    if new is not None and carried is not None and results is not None:
        cells = f"{new_ref}, {carried_ref}, {results_ref}, {out_ref}"
        if new + carried == 0 and results > 0:
            fails.append(f"results without applications: {cells}")
        elif new + carried > 0 and results == 0 and not out:
            fails.append(f"applications without any result or carry-over: {cells}")
        else:
            oks.append(f"table 3: {cells}")
    m = f.find(rules.no_applications)
    if m:
        said = f"the text says no application was received: {f.quote(m.start(), m.end())}"
        if (new or 0) > 0 or (results or 0) > 0:
            fails.append(f"{said}, but {new_ref}, {results_ref}")
        else:
            oks.append(said)
    if not (fails or warns or oks):
        return f.verdict("applications_plausible", "unknown", "no number of applications in the text or in table 3")
    status = "fail" if fails else "warn" if warns else "pass"
    return f.verdict("applications_plausible", status, "; ".join(fails + warns + oks))

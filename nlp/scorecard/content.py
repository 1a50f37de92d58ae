"""What the statute asks the narrative to say: ``government_extras`` (第五十条: 工作考核, 社会评议 and 责任追究 results
in the reports of people's governments) and ``fees_reported`` (whether 信息处理费 were charged, consistent with
table 3's row for applications dropped over unpaid fees and with table 2's 行政事业性收费).

Serves any wording family the patterns of lexicons/scorecard.yaml describe, wherever in the narrative it stands
(section 六, the overview's 监督保障 block, a fees section of the old format); table rows are never read as text.
"""
from __future__ import annotations

import re

from .facts import ReportFacts, cell_value, flag, required_generation
from .rows import NOT_REQUIRED, Verdict
from .settings import year_in


def government_extras(f: ReportFacts) -> Verdict:
    rules = f.sc.government_extras
    level, year = f.row.level or "", f.row.year
    if year is None or not level:
        return f.verdict("government_extras", "unknown", "the year or the level of the reporting body is not known")
    if not year_in(rules.years, year):
        return f.verdict("government_extras", "pass", NOT_REQUIRED + f"条例（2019）第五十条 applies from reports on "
                                                                     f"{rules.years[0]}; this one is on {year}")
    if level not in rules.levels or (flag(f.field("zone")) and not rules.zones):
        what = "a development or functional zone" if level in rules.levels else f"a {level}"
        return f.verdict("government_extras", "pass", NOT_REQUIRED + "第五十条 asks it of people's governments; "
                                                                     f"the report is by {what}")
    found, missing = [], []
    for name, patterns in rules.items:
        m = f.find_first(patterns)
        if m:
            found.append(f"{name}: {f.quote(m.start(), m.end())}")
        else:
            missing.append(name)
    status = "pass" if not missing else "warn" if found else "fail"
    said = [f"not reported: {'、'.join(missing)}"] if missing else []
    return f.verdict("government_extras", status, "; ".join(said + found))


def _fee_notices(f: ReportFacts) -> tuple[float, str]:
    """Table 3 row （六）2 (applications dropped because fees were not paid), total column: value and reference."""
    c = cell_value(f.cells, "t3", "other_unpaid_fee", "total")
    if c is None or c.value_kind != "number" or not c.value:
        return 0, ""
    return c.value, f"t3.other_unpaid_fee.total={c.raw}" + (f"@p{c.page}" if c.page is not None else "")


_HEADING_CHARS = 16  # a sentence this short that names the fee is a sub-heading (「（一）信息处理费收取情况。」)
_MAX_MATCHES = 5


def _statement(f: ReportFacts, patterns) -> tuple[int, int] | None:
    """Where the report says whether fees were charged: the sentence naming them (with the next one when it is a
    sub-heading), the first that says how much or that none were charged, else the first; looked for in section
    六 and an old-format fees section first, then anywhere."""
    spans = []
    for key in ("other", "fees", ""):
        sec = f.section(key) if key else None
        if key and sec is None:
            continue
        start, end = (sec.start, sec.end) if sec is not None else (0, len(f.text))
        while len(spans) < _MAX_MATCHES and (m := f.find(patterns, start, end)):
            s, e = f.sentence(m.start(), m.end())
            if len(re.sub(r"\s+", "", f.text[s:e])) <= _HEADING_CHARS:
                e = f.sentence(e, e)[1]
            spans.append((s, e))
            start = e
        if spans:
            break
    said = [sp for sp in spans if f.find(f.sc.fees_reported.none_charged, *sp) or _amount_yuan(f, *sp) is not None]
    return (said or spans or [None])[0]


def _amount_yuan(f: ReportFacts, start: int, end: int) -> float | None:
    """An amount charged, in 元, read from the statement's sentence (None when it states none)."""
    m = f.find(f.sc.fees_reported.amount, start, end)
    if not m or "n" not in m.re.groupindex:
        return None
    value = float(m.group("n"))
    return value * 10000 if "unit" in m.re.groupindex and m.group("unit") == "万元" else value


def fees_reported(f: ReportFacts) -> Verdict:
    rules = f.sc.fees_reported
    year = f.row.year
    old = f.row.format == "pre2019" or required_generation(year, f.sc) == "pre2019"
    notices, cell = _fee_notices(f)
    span = _statement(f, rules.statement_pre2019 if old else rules.statement)
    if span is None:
        if notices:
            return f.verdict("fees_reported", "fail", f"{cell}: fee notices were sent, but the report does not say "
                                                      "whether 信息处理费 were charged")
        if old:
            return f.verdict("fees_reported", "fail", "the report does not state its fees and waivers (收费及减免, "
                                                      "条例（2007）第三十二条)")
        if year is not None and year_in(rules.years, year):
            return f.verdict("fees_reported", "fail", "the report does not say whether 信息处理费 were charged "
                                                      "(section 六 of the 2021 format)")
        return f.verdict("fees_reported", "pass", NOT_REQUIRED + "the format of this year does not ask for "
                                                                 "信息处理费 and table 3 shows no fee notices")
    s, e = span
    said = f.quote_span(s, e) + (f" (section {f.section_of(s)})" if f.section_of(s) else "")
    amount = _amount_yuan(f, s, e)
    if f.find(rules.none_charged, s, e) or amount == 0:
        if notices:
            return f.verdict("fees_reported", "warn", f"{said}: none charged, but {cell}: fee notices were sent")
        return f.verdict("fees_reported", "pass", f"{said}: none charged")
    t2 = cell_value(f.cells, "t2", "fees", "fee_amount")
    if amount and t2 is not None and t2.value_kind in ("number", "zero") and t2.value * 10000 < amount - 0.5:
        return f.verdict("fees_reported", "warn", f"{said}: {amount:g} 元 charged, more than table 2's 行政事业性收费 "
                                                  f"t2.fees.fee_amount={t2.raw}万元 (信息处理费 are such a fee)")
    return f.verdict("fees_reported", "pass", said + (f": {amount:g} 元 charged" if amount else ""))

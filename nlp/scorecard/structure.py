"""The report's structure: ``sections_complete`` (every statutory section of its format, in order, numbered
once) and ``problems_specific`` (section 五 names real problems, not 「无」 or stock phrases).

Serves every layout the section finder reads (numbered headings, headings of their own line or run into the
text, inferred problem sections); missing, merged, out-of-order and misnumbered sections are each named.
"""
from __future__ import annotations

import re

from ..text.enumerators import CN_DIGITS, DUN, cn_value
from ..text.punctuation import STOPS
from .facts import ReportFacts, required_generation
from .rows import Verdict

# A numbered line that looks like a section heading: 一、… at a line start, short, with no sentence end in it.
_HEADING_LINE = re.compile(rf"(?m)^[ \u3000]*([{CN_DIGITS}]{{1,3}})[ \u3000]*[{DUN}][ \u3000]*([^\n{STOPS}]{{2,30}})$")
_PUNCT = re.compile(r"[\s，,。.；;：:、！!？?（）()“”\"'《》…—-]+")


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _label(f: ReportFacts, s) -> str:
    return f"«{_compact(s.heading)[:30]}» {f.where(s.start)}" if s.heading else f"(no heading) {f.where(s.start)}"


def _merged_into(f: ReportFacts, key: str, present: dict) -> object | None:
    """A present section whose heading also names ``key`` (「三、依申请公开和收费情况」 holds the fees section)."""
    patterns = dict(f.rules.sections.sections).get(key, ())
    for s in present.values():
        heading = _compact(s.heading)
        if heading and any(p.search(heading) for p in patterns):
            return s
    return None


def _out_of_order(f: ReportFacts, key: str) -> int | None:
    """Where a numbered heading of ``key`` stands that the section finder passed over (it breaks the legal order)."""
    patterns = dict(f.rules.sections.sections).get(key, ())
    for m in _HEADING_LINE.finditer(f.text):
        if any(p.match(_compact(m.group(2))) for p in patterns):
            return m.start(1)
    return None


# Sections that hold the statutory tables, whose row labels are numbered 一、… 四、 (本年新收 … 结转下年度).
_TABLE_SECTIONS = ("proactive", "applications", "review_litigation", "statistics")


def _numbering(f: ReportFacts, present: dict) -> list[str]:
    """Numbered heading-like lines inside a narrative section that repeat its numeral or the next section's (a
    sub-topic numbered 二、 inside 一、, so that 二、 opens two sections)."""
    heads = sorted((s for s in present.values() if s.numeral), key=lambda s: s.start)
    starts = {s.start for s in heads}
    out = []
    for i, s in enumerate(heads):
        if s.key in _TABLE_SECTIONS:
            continue
        n = cn_value(s.numeral)
        nxt = heads[i + 1] if i + 1 < len(heads) else None
        for m in _HEADING_LINE.finditer(f.text, s.start, nxt.start if nxt else s.end):
            if m.start(1) in starts or m.start(1) == s.start or cn_value(m.group(1)) not in (n, n + 1):
                continue
            twin = s if cn_value(m.group(1)) == n else nxt
            if twin is None:
                continue
            out.append(f"{m.group(1)}、 numbers both «{_compact(m.group(0))[:30]}» {f.where(m.start(1))} inside "
                       f"«{_compact(s.heading)[:20]}» and the section {_label(f, twin)}")
    return out


def sections_complete(f: ReportFacts) -> Verdict:
    gen = f.row.format or required_generation(f.row.year, f.sc)
    if not gen:
        return f.verdict("sections_complete", "unknown", "neither the format generation nor the year is known")
    rules = f.sc.sections_complete
    names = dict(rules.names)
    required, expected = dict(rules.required).get(gen, ()), dict(rules.expected).get(gen, ())
    present = {s.key: s for s in f.sections if s.key != "preamble"}
    fails, warns = [], []
    for key in (*required, *expected):
        if key in present:
            if present[key].inferred:
                warns.append(f"{names.get(key, key)} has no heading of its own ({_label(f, present[key])})")
            continue
        merged, moved = _merged_into(f, key, present), _out_of_order(f, key)
        if merged is not None:
            warns.append(f"{names.get(key, key)} merged into {_label(f, merged)}")
        elif moved is not None:
            warns.append(f"{names.get(key, key)} out of the statutory order ({f.where(moved)})")
        else:
            (fails if key in required else warns).append(f"missing: {names.get(key, key)}")
    warns += _numbering(f, present)
    status = "fail" if fails else "warn" if warns else "pass"
    found = "; ".join(_label(f, present[k]) for k in required if k in present)
    return f.verdict("sections_complete", status, "; ".join(fails + warns + [f"{gen} format, found: {found}"]))


def _problem_part(f: ReportFacts, sec) -> str:
    """Section 五's text before its commitments (the first commitment item or the improvements section)."""
    end = sec.end
    for it in f.items:
        if it.kind == "commitment" and sec.start <= it.start < end:
            end = it.start
    return f.text[sec.body_start:end]


def problems_specific(f: ReportFacts) -> Verdict:
    rules = f.sc.problems_specific
    problems = [it for it in f.items if it.kind == "problem"]
    sec = f.section("problems")
    if not problems:
        if sec is None:
            return f.verdict("problems_specific", "fail", "no section on problems (存在的主要问题及改进情况) found")
        body = _PUNCT.sub("", _problem_part(f, sec))
        if not body or any(p.search(body) for p in rules.none_stated):
            return f.verdict("problems_specific", "fail", f"section {_label(f, sec)} names no problem: «{body[:40]}»")
        return f.verdict("problems_specific", "warn", f"section {_label(f, sec)} holds text, but no problem could be "
                                                      f"told apart in it: «{body[:60]}…»")
    vague = [p for p in problems if str(p.vague) in ("1", "1.0", "True")]
    share = len(vague) / len(problems)
    said = f"{len(problems)} problems, {len(vague)} vague ({share:.0%})"
    shown = vague[:2] if vague else problems[:2]
    quotes = "; ".join(f.quote_span(p.start, p.end) for p in shown)
    if share >= rules.fail_min_vague_share:
        return f.verdict("problems_specific", "fail", f"{said}: every problem is stated in general terms: {quotes}")
    if share > rules.pass_max_vague_share:
        return f.verdict("problems_specific", "warn", f"{said}, more than {rules.pass_max_vague_share:.0%}: {quotes}")
    return f.verdict("problems_specific", "pass", f"{said}: {quotes}")

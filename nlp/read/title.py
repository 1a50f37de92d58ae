"""The report's title and the body and year it names, however the title is shaped.

Shapes (each a class of real titles; the body is cut out of the text before the year or the disclosure words by
:func:`nlp.read.names.clean_name`):

- year after the name: ``某县2023年政府信息公开工作年度报告``, ``…2023年度…``, ``…信息公开年报``, ``…政府信息公开报告``;
- year first: ``2012年某区某地区办事处政府信息公开工作年度报告``;
- year last: ``某区人民政府信息公开工作年度报告(2023年度)``;
- year between: ``某县政府信息公开工作2023年度报告``;
- no name: ``关于2022年政府信息公开工作的年度报告`` (the body comes from elsewhere).

Where a title is looked for, in order: the page's own title fields (``ArticleTitle``, crawler ``标题``, ``<h1>``, a
``标题`` cell, ``<title>``), each of the first lines alone and joined with the next one or two (a title split over
lines), a title quoted in the first sentences (``现将《…》公布如下``), and last the opening as one run of text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text.enumerators import digit_by_digit
from ..rules import Rules
from .document import Document
from .names import clean_name
from .pagemeta import META, PAGE

YEAR = r"((?:19|20)\d\d|二[〇零○ＯO一二三四五六七八九]{3})"
_CORE = r"(?:政府\s*信\s*息\s*公\s*开|政\s*务\s*公\s*开|信\s*息\s*公\s*开)"
_REPORT = r"(?:工\s*作\s*)?(?:年\s*度\s*)?(?:报\s*告|年\s*报)"
_YEAR_WORD = r"\s*年\s*(?:度)?"
# Each shape from its year or disclosure words on; the name before it is the text before it on its line (at
# most PRE_CHARS), cut by clean_name. (A lazy "any prefix" group in the pattern would be tried at every position.)
PRE_CHARS = 80
_SHAPES = (
    # name? YEAR年 (name)? CORE … REPORT   (year after the name, or first with the name after it)
    re.compile(YEAR.replace("(", "(?P<year>", 1) + _YEAR_WORD
               + r"\s*(?:的|本机关|本单位)?\s*(?P<mid>[^\n。；;，,、]{0,40}?)\s*(?P<core>" + _CORE + r")[^\n。]{0,16}?"
               + _REPORT),
    # name CORE … REPORT (YEAR年度)       (year last)
    re.compile(r"(?P<core>" + _CORE + r")[^\n。（(]{0,16}?" + _REPORT
               + r"\s*[（(【\[]\s*" + YEAR.replace("(", "(?P<year>", 1) + r"\s*年?\s*度?\s*[）)】\]]"),
    # name CORE 工作 YEAR年度 REPORT      (year between)
    re.compile(r"(?P<core>" + _CORE + r")\s*(?:工\s*作)?\s*" + YEAR.replace("(", "(?P<year>", 1)
               + _YEAR_WORD + r"\s*(?:报\s*告|年\s*报)"),
)
_QUOTED = re.compile(r"[《“\"「]([^》”\"」\n]{6,90})[》”\"」]")
_TITLE_HINTS = (META + "ArticleTitle", "标题", "h1", PAGE + "title", "page_title")


@dataclass(frozen=True)
class Title:
    """A title found: its text, the body name it holds ("" if none), its year, and where it was found."""

    text: str
    body: str
    year: int
    where: str


def parse_year(token: str) -> int:
    if token.isdigit():
        return int(token)
    return digit_by_digit(token)


def _candidates(doc: Document) -> list[tuple[str, str]]:
    """(text, where) to look for a title in, best first."""
    out = [(doc.meta[k], k) for k in _TITLE_HINTS if doc.meta.get(k)]
    lines = [x.strip() for x in doc.text[:1500].split("\n") if x.strip()][:8]
    for i, line in enumerate(lines):
        out.append((line, "text"))
        out.append((line + lines[i + 1] if i + 1 < len(lines) else "", "text"))
        out.append(("".join(lines[i:i + 3]) if i + 2 < len(lines) else "", "text"))
    head = doc.text[:800]
    out.extend((m.group(1), "quoted") for m in _QUOTED.finditer(head))
    out.append((head.replace("\n", ""), "opening"))
    return [(t, w) for t, w in out if t]


def _parse(candidate: str, where: str, rules: Rules) -> Title | None:
    """The title of any shape that comes first in ``candidate``, with its body cleaned."""
    best = None
    for shape in _SHAPES:
        m = shape.search(candidate)
        if m and (best is None or m.start("year") < best.start("year")):
            best = m
    if best is None:
        return None
    pre_start = max(candidate.rfind("\n", 0, best.start()) + 1, best.start() - PRE_CHARS)
    parts = {"pre": (pre_start, best.start())}
    if best.groupdict().get("mid"):
        parts = {"mid": best.span("mid"), **parts}
    body, group = "", ""
    for part, (a, b) in parts.items():
        group = part
        span = candidate[a:b].rstrip()
        core = re.sub(r"\s+", "", best.group("core"))
        if core.startswith("政府") and b <= best.start("core") and re.sub(r"\s+", "", span).endswith("人民"):
            span += "政府"  # 某区人民 + 政府信息公开: the disclosure words took the name's 政府
        body = clean_name(span, rules)
        if body:
            break
    start = best.start()
    if body and group == "pre":
        k = candidate.rfind(body[:2], pre_start, best.start())
        start = k if k >= 0 else start
    return Title(" ".join(candidate[start:best.end()].split()), body, parse_year(best.group("year")), where)


def find_title(doc: Document, rules: Rules) -> Title | None:
    """The title that names a body, else the first title found (its body then comes from elsewhere)."""
    first = None
    for candidate, where in _candidates(doc):
        title = _parse(candidate, where, rules)
        if title is None:
            continue
        first = first or title
        if title.body and title.year == first.year:
            return title
    return first

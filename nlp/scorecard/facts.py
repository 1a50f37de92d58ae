"""What the per-report indicators read, and how they quote it: :class:`ReportFacts`.

The indicators judge a report from its own outputs (report row, sections, items, table cells, checks) and, where
the statute asks for wording (section 六's 信息处理费, 第五十条's 考核/评议/追究), from its text. Evidence always says
where: ``text@<offset> p<page>`` as in ``checks.csv`` (the offset into the analysable text, the page of the
original), with the sentence quoted; cells as ``table.row.col=raw@page``.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..text.alternation import any_of
from ..text.punctuation import SEMICOLONS, STOPS
from ..text.width import match_copy
from .rows import Verdict
from .settings import year_in

QUOTE_CHARS = 80  # a quoted sentence is cut to this many characters
_BOUNDARY = re.compile(f"[{STOPS}{SEMICOLONS}\n]")  # evidence quotes a sentence or a clause ended by ；


@dataclass
class ReportFacts:
    """One report's outputs and text, as the per-report indicators see them. ``sections`` are
    :class:`nlp.annotate.sections.Section` (with ``body_start``); ``items``, ``cells`` and ``checks`` are the rows
    of items.csv, tables.csv and checks.csv; ``row`` the row of reports.csv (fields read by name, so that a column
    another stage adds later is used as soon as it exists)."""

    row: Any
    text: str
    rules: Any  # nlp.rules.Rules (``rules.scorecard``: lexicons/scorecard.yaml)
    sections: list = field(default_factory=list)
    items: list = field(default_factory=list)
    cells: list = field(default_factory=list)
    checks: list = field(default_factory=list)
    page_at: Callable[[int], int | None] = lambda _: None

    @property
    def sc(self):
        """The scorecard's settings (``lexicons/scorecard.yaml``)."""
        return self.rules.scorecard

    def verdict(self, indicator: str, status: str, evidence: str) -> Verdict:
        return Verdict(self.row.report_id, indicator, status, evidence)

    @cached_property
    def narrative(self) -> str:
        """The matching copy of the text with table rows blanked (same length: offsets stay valid)."""
        return "\n".join(" " * len(line) if line.lstrip().startswith("|") or " | " in line else line
                         for line in match_copy(self.text).split("\n"))

    def where(self, start: int) -> str:
        page = self.page_at(start)
        return f"text@{start}" + (f" p{page}" if page is not None else "")

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence (or semicolon clause) around ``text[start:end]``."""
        s = start
        while s > 0 and not _BOUNDARY.match(self.text, s - 1):
            s -= 1
        m = _BOUNDARY.search(self.text, end)
        e = m.end() if m else len(self.text)
        while s < e and self.text[s].isspace():
            s += 1
        return s, e

    def quote(self, start: int, end: int) -> str:
        """``text@123 p4 «the sentence»`` for a match at ``text[start:end]``; of a long sentence, the part
        around the match."""
        s, e = self.sentence(start, end)
        lead = max(s, min(start - QUOTE_CHARS // 3, e - QUOTE_CHARS))
        return self.quote_span(lead, e, cut_before=lead > s)

    def quote_span(self, start: int, end: int, cut_before: bool = False) -> str:
        """``text@123 p4 «text[start:end]»``, cut to :data:`QUOTE_CHARS` characters."""
        text = re.sub(r"\s+", "", self.text[start:end])
        if len(text) > QUOTE_CHARS:
            text = text[:QUOTE_CHARS - 1] + "…"
        return f"{self.where(start)} «{'…' if cut_before else ''}{text}»"

    def find(self, patterns: Iterable[re.Pattern[str]], start: int = 0, end: int | None = None) -> re.Match | None:
        """The first match of any of ``patterns`` in the narrative (tables left out) between start and end."""
        pats = tuple(patterns)
        if not pats:
            return None
        return any_of(pats).search(self.narrative, start, len(self.text) if end is None else end)

    def find_first(self, patterns: Iterable[re.Pattern[str]]) -> re.Match | None:
        """The match of the first of ``patterns`` that occurs anywhere in the narrative: a list ordered from the
        most specific wording (社会评议) to the broadest (评议) quotes the most telling sentence."""
        for p in patterns:
            m = p.search(self.narrative)
            if m:
                return m
        return None

    def section(self, key: str):
        return next((s for s in self.sections if s.key == key), None)

    def section_of(self, offset: int) -> str:
        """The key of the section that holds ``offset`` ("" before the first)."""
        return next((s.key for s in self.sections if s.start <= offset < s.end), "")

    def field(self, name: str) -> Any:
        """A column of the report row, or None when the analysis does not produce that column (yet)."""
        return getattr(self.row, name, None)


def flag(value: Any) -> bool:
    """A yes/no column as a bool (a dataclass field, or text read back from a CSV)."""
    return value is True or str(value).strip().lower() in ("true", "1", "yes")


def required_generation(year: int | None, rules) -> str:
    """The format generation a report on ``year`` must use (``rules``: the scorecard's settings); "" unknown."""
    if year is None:
        return ""
    return next((g for g, span in rules.format_matches_year.generations if year_in(span, year)), "")


def cell_value(cells: Iterable, table: str, row: str, col: str):
    """The cell (or None) at (table, row, col)."""
    return next((c for c in cells if (c.table, c.row_key, c.col_key) == (table, row, col)), None)

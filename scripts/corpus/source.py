"""The source markup (``scripts/corpus_src/FORMAT.md``) read into a document every renderer walks.

A source is one paragraph a line: a title of one or two lines, headings (``一、``/``（一）`` lines of their own),
paragraphs, ``[[table ID]]`` blocks and ``[[pagebreak]]``. The renderers share this one reading, so a sample
says the same thing in every form it is published in.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .grid import Table

H1 = re.compile(r"^[一二三四五六七八九十]{1,3}、")
H2 = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")
# a bold lead-in at the start of a paragraph: "（一）健全机制。" or "1.健全机制。"
INLINE_SUBHEAD = re.compile(r"^((?:[（(][一二三四五六七八九十]{1,3}[）)]|[0-9]{1,2}[.．、])[^。；]{1,24}。)")
TITLE2 = re.compile(r"^(?:19|20)\d\d年.*报告$")
DATE_LINE = re.compile(r"^(?:19|20)\d\d年\d{1,2}月\d{1,2}日$")
TABLE_START = re.compile(r"^\[\[table\s+([^\]\s]+)[^\]]*\]\]$")

# A block is (kind, payload): ("h", (level, text)), ("p", text), ("sig", text), ("table", Table), ("pb", None).
Block = tuple[str, Any]


class Doc:
    """A parsed source: the title lines and the blocks of the body in order."""

    def __init__(self) -> None:
        self.title: list[str] = []  # 1 or 2 lines
        self.blocks: list[Block] = []

    def title_text(self) -> str:
        return "".join(self.title)


def heading_level(line: str) -> int:
    """1 for ``一、…``, 2 for ``（一）…``, 0 for a paragraph (long, or holding a sentence end)."""
    if len(line) > 40:
        return 0
    core = line.rstrip("。：:")
    if "。" in core or "；" in core:
        return 0
    if H1.match(line):
        return 1
    if H2.match(line):
        return 2
    return 0


def parse_source(text: str, warn: Callable[[str], None] = print) -> Doc:
    """Read a source; markup it does not know is reported through ``warn`` and left out."""
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    doc = Doc()
    if not lines:
        return doc
    doc.title.append(lines[0])
    start = 1
    if len(lines) > 1 and not lines[0].endswith("报告") and TITLE2.match(lines[1]):
        doc.title.append(lines[1])
        start = 2
    _read_blocks(lines[start:], doc, warn)
    _mark_signature(doc)
    return doc


def _read_blocks(lines: list[str], doc: Doc, warn: Callable[[str], None]) -> None:
    table: tuple[str, list[list[str]]] | None = None
    for ln in lines:
        m = TABLE_START.match(ln)
        if m:
            table = (m.group(1), [])
        elif ln == "[[/table]]":
            if table and table[1]:
                doc.blocks.append(("table", Table(*table)))
            table = None
        elif table is not None:
            if ln.startswith("|"):
                table[1].append(_cells(ln))
            else:
                warn(f"  warning: line inside table ignored: {ln[:40]}")
        elif ln == "[[pagebreak]]":
            doc.blocks.append(("pb", None))
        elif ln.startswith("[[") and ln.endswith("]]"):
            warn(f"  warning: unknown markup ignored: {ln}")
        else:
            level = heading_level(ln)
            doc.blocks.append(("h", (level, ln)) if level else ("p", ln))
    if table is not None:
        warn("  warning: unterminated table block")
        if table[1]:
            doc.blocks.append(("table", Table(*table)))


def _cells(line: str) -> list[str]:
    """``| a | | b |`` -> ``["a", "", "b"]``."""
    cells = line.strip()[1:]
    if cells.endswith("|"):
        cells = cells[:-1]
    return [c.strip() for c in cells.split("|")]


def _mark_signature(doc: Doc) -> None:
    """Trailing signature lines (body name / date, up to three) are set right-aligned."""
    k = len(doc.blocks) - 1
    while k >= 0 and k >= len(doc.blocks) - 3:
        kind, t = doc.blocks[k]
        if kind == "p" and (DATE_LINE.match(t) or (len(t) <= 20 and not re.search(r"[，。；：、]", t))):
            doc.blocks[k] = ("sig", t)
            k -= 1
        else:
            break

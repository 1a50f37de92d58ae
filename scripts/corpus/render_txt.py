"""The ``txt-gbk`` form: what pdftotext (without -layout) gives for a PDF of the report, encoded GBK.

Readers meet such files where only a text extraction was archived: hard line breaks at about 32 characters,
a page-number line and a form feed at the end of each page, table cells one per line with blank lines
between them, spaces between CJK characters and ASCII runs (``2021 年``).
"""
from __future__ import annotations

from .grid import Table
from .samples import Sample
from .source import Doc
from .wrap import em_width, space_numbers, tokenize, wrap_tokens

FAULTS = {"page_numbers"}

WIDTH = 32.0  # characters a line
PAGE_UNITS = 27.0  # body lines a page; a table row takes ~1.3 lines of page height


class _Pages:
    """Lines collected into pages by the height they take."""

    def __init__(self) -> None:
        self.pages: list[list[str]] = []
        self.cur: list[str] = []
        self.used = 0.0

    def flush(self) -> None:
        self.strip()
        self.pages.append(self.cur[:])
        self.cur.clear()
        self.used = 0.0

    def strip(self) -> None:
        while self.cur and self.cur[-1] == "":
            self.cur.pop()

    def room(self, units: float) -> None:
        """Start a new page if ``units`` more do not fit on this one."""
        if self.used + units > PAGE_UNITS and any(self.cur):
            self.flush()
        self.used += units

    def add(self, lines: list[str], units: float) -> None:
        for ln in lines:
            self.room(units)
            self.cur.append(space_numbers(ln))

    def table(self, t: Table) -> None:
        row_no = -1
        for a in t.spans:
            if a.r != row_no:
                row_no = a.r
                self.room(1.3)
            if not a.text:
                continue
            if self.cur and self.cur[-1] != "":
                self.cur.append("")
            self.cur.extend(space_numbers(ln) for ln in _wrap(a.text, 0, 13.0))
            self.cur.append("")
        self.strip()


def _wrap(text: str, first_indent: float = 2.0, width: float = WIDTH) -> list[str]:
    return ["".join(x[0]) for x in wrap_tokens(tokenize(text), em_width, width - first_indent, width)]


def render(doc: Doc, sample: Sample) -> bytes:
    pages = _Pages()
    for t in doc.title:
        pages.add([t], 1.4)
    for kind, p in doc.blocks:
        if kind == "h":
            pages.add(_wrap(p[1], 0), 1.1)
        elif kind in ("p", "sig"):
            pages.add(_wrap(p, 2.0 if kind == "p" else 0), 1.0)
        elif kind == "table":
            pages.table(p)
        elif kind == "pb" and any(pages.cur):
            pages.flush()
    if any(pages.cur):
        pages.flush()
    number = sample.faults.page_numbers or "- {n} -"
    text = "".join("\n".join(pg) + "\n" + number.format(n=n) + "\n\n\f" for n, pg in enumerate(pages.pages, 1))
    bad = sorted({ch for ch in text if not _encodable(ch, "gbk")})
    if bad:
        print(f"  warning: not in GBK, written as '?': {''.join(bad)}")
    return text.encode("gbk", errors="replace")


def _encodable(ch: str, enc: str) -> bool:
    try:
        ch.encode(enc)
        return True
    except UnicodeEncodeError:
        return False

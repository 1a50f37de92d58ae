"""The plain objects that pass between the pipeline stages.

A reader turns a file into a :class:`RawDocument` (text per page, as extracted, plus whatever metadata the
container itself carries, such as a crawled page's header).  The normaliser turns that into a
:class:`Document`, whose ``text`` is the *analysable text*: every span in every later output (sections, items,
tags) is an offset into it, and ``page_at`` maps such an offset back to the page it came from.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field


# Appended by the PDF reader to a line that reaches the right margin (the layout wrapped it); the normaliser
# reads and removes it. A private-use character: it never occurs in report text.
WRAP_MARK = "\ue000"


# A merged cell of a report's table spans a few columns; a span beyond this is a damaged or hostile file (a
# 1 KB DOCX asking for millions of columns would grow memory without bound), and so are more cells in all.
MAX_SPAN = 50
MAX_TABLE_CELLS = 500_000


def table_line(cells: list[str]) -> str:
    """One table row as a line of the analysable text: ``| a | | b |`` (empty cells stay empty)."""
    return "|" + "|".join(f" {c} " if c else " " for c in cells) + "|"


_TABLE_ROW = re.compile(r"\s\|\s|^\|")


def is_table_row(line: str) -> bool:
    """A line that is a table row: written by :func:`table_line`, or PDF cells joined by `` | ``. The regex has no
    literal to skip ahead to, so the bar is looked for with ``in`` first."""
    return "|" in line and bool(_TABLE_ROW.search(line))


@dataclass
class RawPage:
    """One page (PDF) or the whole body (other forms) as the reader extracted it."""

    number: int
    text: str


@dataclass
class RawDocument:
    """What a reader returns: pages of raw text and hints found in the container."""

    path: str
    kind: str  # pdf | html | docx | text | crawl
    pages: list[RawPage]
    paged: bool = False  # True when pages are real (PDF, or text with form feeds)
    title_hint: str = ""
    # What the container says about the report. Keys: a crawled page's header labels (标题, 发布时间, 发布机构, 原文链接…);
    # ``meta:Name`` for an HTML <meta name="Name"> tag (meta:PubDate, meta:ArticleTitle…); ``page:field`` for the
    # page's own metadata block (page:published, page:publisher, page:index_number…, see nlp.read.pagemeta);
    # ``page_title`` and ``h1`` of an HTML page; ``pdf:CreationDate`` / ``pdf:ModDate`` (YYYY-MM-DD) of a PDF.
    meta: dict[str, str] = field(default_factory=dict)
    encoding: str = ""
    warnings: list[str] = field(default_factory=list)


@dataclass
class Metadata:
    """Who reports, on which year, in which format, published when and by whom. Empty strings / None mean "could
    not be determined" (see :mod:`nlp.read.metadata` for each field's sources)."""

    jurisdiction: str = ""  # the canonical body key: one per body across its years
    level: str = ""
    year: int | None = None
    format: str = ""
    title: str = ""
    body: str = ""  # the body's name as the report prints it
    body_source: str = ""  # title | signature | subject | publisher | mentions
    government_level: str = ""  # the level of the government the body is or belongs to (for a department)
    zone: bool = False  # a county-level development or functional zone (level county)
    published: str = ""  # YYYY-MM-DD
    published_source: str = ""  # meta:PubDate | crawl:发布时间 | page:… | signature | dateline | pdf:…
    publisher: str = ""
    index_number: str = ""
    document_number: str = ""


@dataclass
class Document:
    """The analysable text of one report and the map from its offsets back to pages."""

    path: str
    kind: str
    text: str
    page_starts: list[int]  # page_starts[i] = offset where page page_numbers[i] begins
    page_numbers: list[int]
    paged: bool = False
    meta: dict[str, str] = field(default_factory=dict)
    metadata: Metadata = field(default_factory=Metadata)
    encoding: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def n_pages(self) -> int | None:
        return len(self.page_numbers) if self.paged else None

    def page_at(self, offset: int) -> int | None:
        """Page number (1-based) of the character at ``offset``; None for forms without pages."""
        if not self.paged or not self.page_starts:
            return None
        i = bisect.bisect_right(self.page_starts, offset) - 1
        return self.page_numbers[max(i, 0)]

"""A report's text (or a PDF's ruled tables) as one stream of *pieces*: label fragments and cell values.

Every input form ends up, in the analysable text, as label fragments and numbers: HTML / DOCX / Markdown rows
are lines ``| a | | b |`` (empty cells kept, so blanks are known); PDF rows are ``a | b | c`` lines rebuilt from
text line positions (empty cells lost, wrapped labels scattered); pdftotext-style text has one cell per line;
crawled text has a whole table on one line. Tokenising them all into one stream lets one row reader (:mod:`.rows`)
serve every form. pdfplumber's rows (:func:`pdf_pieces`) enter the stream as explicit grid rows.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from ..text.punctuation import CN_SEMICOLON, CN_STOPS
from ..read.document import Document
from .labels import labels
from .values import classify, value_spans

_SENT_END = re.compile(f"(?<=[{CN_STOPS}{CN_SEMICOLON}])")
_LABEL_FRAGMENT = re.compile(r"[^\s|｜]+")  # label text between runs of whitespace or bars
# a fragment that is only a row's numbering, printed apart from its label (「3. 其他」 in OCR'd or crawled text)
_NUMBERING = re.compile(r"[0-9]{1,2}[.．、]|[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、")


@dataclass(slots=True)
class Piece:
    """One label fragment or one cell value of the stream, and where it was printed."""

    kind: str                 # "label" | "value"
    text: str                 # as printed (value) / fragment (label)
    start: int = -1           # offset in doc.text; -1 for pdfplumber pieces
    page: int | None = None
    line: int = 0             # id of the line / grid row it came from
    grid: bool = False        # from an explicit grid row (empty cells are kept)
    narrative: bool = False   # a label fragment that is part of a sentence
    norm: str = ""            # label without whitespace (for matching)
    vkind: str = ""
    value: float | int | None = None
    col: int = -1             # cell index in its grid row (-1: not from a grid row)
    idx: int = -1             # position in the stream


def _numbered(pieces: list[Piece]) -> list[Piece]:
    for i, p in enumerate(pieces):
        p.idx = i
    return pieces


def _label_pieces(text: str, start: int, doc: Document | None, line: int, out: list[Piece],
                  page: int | None = None) -> None:
    """Split label text (of a flattened line, at offset ``start``) into fragments; sentences stay whole and are
    marked narrative. ``doc`` gives the page (None: a text without pages), unless ``page`` is given."""
    if not text.strip():  # often only the spaces between two values
        return
    page = _page(doc, start, page)
    out.extend(Piece("label", frag, start + offset, page, line, False, narrative, norm)
               for offset, frag, narrative, norm in _label_fragments(text, labels().sentence_number))


@lru_cache(maxsize=4096)
def _label_fragments(text: str, sentence_number: re.Pattern[str]) -> tuple[tuple[int, str, bool, str], ...]:
    """``(offset, fragment, narrative, norm)`` of each label fragment of ``text`` (see :func:`_label_pieces`);
    ``sentence_number``: the labels' pattern of a number inside a sentence.

    Cached: every report prints the same row and column labels, and a report's lines are tokenised more than once
    (the text's stream, the spacing of its lines)."""
    in_sentence = sentence_number.search
    out: list[list] = []
    offset = 0
    for sent in _SENT_END.split(text):
        if not sent:
            continue
        s0 = offset
        offset += len(sent)
        if not sent.strip():
            continue
        if sent.rstrip().endswith(("。", "；", "！", "？")) or in_sentence(sent):
            out.append([s0, sent, True, "".join(sent.split())])
            continue
        numbering: list | None = None
        for m in _LABEL_FRAGMENT.finditer(sent):
            frag = m.group()
            if numbering is not None:  # 「3. 其他」: the numbering and its label are one fragment
                numbering[1] = sent[numbering[0] - s0:m.end()]
                numbering[3] += frag
                numbering = None
                continue
            out.append([s0 + m.start(), frag, False, frag])
            if _NUMBERING.fullmatch(frag):
                numbering = out[-1]
    return tuple(map(tuple, out))


def _free_line(line: str, base: int, line_id: int, doc: Document | None, out: list[Piece], units: str) -> None:
    """Tokenise a line of flattened text (PDF row, pdftotext cell, crawled one-liner) that starts at offset
    ``base``; ``doc`` is None for a text without pages (every piece's page is then None)."""
    pos = 0
    spans = value_spans(line, units)
    if "|" in line or "｜" in line:
        spans = [s for s in spans if not _ends_label_cell(line, *s)]
    page = _line_page(doc, base, len(line))
    pager = None if page is not None else doc  # asked per piece only for a line across a page break
    for a, b in spans:
        _label_pieces(line[pos:a], base + pos, pager, line_id, out, page)
        raw = line[a:b]
        kind, value = classify(raw) or ("text", None)
        out.append(Piece("value", raw, base + a, _page(pager, base + a, page), line_id, False, False, "", kind,
                         value))
        pos = b
    _label_pieces(line[pos:], base + pos, pager, line_id, out, page)


def _line_page(doc: Document | None, base: int, length: int) -> int | None:
    """The page of every character of ``doc.text[base:base + length]`` when they lie on one page, else None (a
    line re-joined across a page break, or a text without pages)."""
    if doc is None or not doc.paged or not doc.page_starts or length <= 0:
        return None
    first = bisect.bisect_right(doc.page_starts, base)
    if first != bisect.bisect_right(doc.page_starts, base + length - 1):
        return None
    return doc.page_at(base)


def _ends_label_cell(line: str, a: int, b: int) -> bool:
    """Whether the number at ``line[a:b]`` closes a label cell of a bar-separated row (``| 数据1 |``, ``| 第2项 |``).

    Serves grid rows whose line breaks were lost (a crawled page or a one-line copy of a Markdown/HTML table:
    ``| 类别 | 数据1 | … | 总计 | | 本年新收… | 705 | …``): bars still separate the cells, and a number glued to
    the label text of its own cell is part of that label, not a cell value. Where no bar follows (glued crawls
    without separators, ``数量2171000021800``) nothing changes.
    """
    if a == 0 or line[a - 1] in " \t\u3000|｜" or line[a - 1].isdigit():
        return False
    rest = line[b:]
    end = min((i for i in (rest.find("|"), rest.find("｜")) if i >= 0), default=-1)
    return end >= 0 and not rest[:end].strip()


def _page(doc: Document | None, offset: int, page: int | None = None) -> int | None:
    if page is not None or doc is None or offset < 0:
        return page
    return doc.page_at(offset)


_MD_SEPARATOR = re.compile(r":?-{3,}:?")


def _md_separator(texts: list[str]) -> bool:
    """A Markdown separator row (``| --- | :---: |``): every filled cell is dashes."""
    if not any("---" in t for t in texts):  # the quick answer for every other row
        return False
    filled = [s for s in (t.strip() for t in texts) if s]
    return bool(filled) and all(_MD_SEPARATOR.fullmatch(s) for s in filled)


def _grid_row(cells: Sequence[tuple[str, int]], line_id: int, doc: Document | None, out: list[Piece],
              page: int | None = None) -> None:
    """One explicit table row (HTML/DOCX/Markdown line, or a pdfplumber row): cells → pieces.

    Empty cells are kept only after the row's last label cell (the value columns); empty cells among the
    labels are just merged label columns.
    """
    texts = [c for c, _ in cells]
    if _md_separator(texts):
        return
    kinds = [classify(t) for t in texts]
    last_label = max((i for i, k in enumerate(kinds) if k is None), default=-1)
    in_sentence = labels().sentence_number.search
    for i, ((text, start), k) in enumerate(zip(cells, kinds)):
        if k is None:
            label = text.strip()
            # a sentence in a cell (narrative row of a page-frame table) never names a row
            narrative = label.endswith(("。", "；")) or in_sentence(text) is not None
            out.append(Piece("label", label, start, _page(doc, start, page), line_id, True, narrative,
                              "".join(text.split())))
        elif k[0] == "blank" and i < last_label:
            continue
        else:
            out.append(Piece("value", text.strip(), start, _page(doc, start, page), line_id, True, False, "", k[0],
                              k[1], i))


def _first_table_line(lines: list[str]) -> int | None:
    """Index of the first line that may hold the start of table 2 or 3, or None when no line can.

    Every table region begins at or after the first label matching a start of table 2 or 3 (see
    :func:`find_regions`), and a label lies within one line. While these start patterns are plain words (not
    regular expressions), a line whose text without whitespace contains none of them holds no such label, so
    the lines before the first that does are of no table: usually the overview (a third of a current report)
    or all of a pre-2019 report, which has no statutory tables.
    """
    words = [p.pattern for p in labels().t2_start + labels().t3_start]
    if any(re.escape(w) != w for w in words):  # a regular expression: no shortcut
        return 0
    for i, line in enumerate(lines):
        flat = "".join(line.split())
        if any(w in flat for w in words):
            return i
    return None


def text_pieces(doc: Document) -> list[Piece]:
    """The analysable text of a report as a stream of pieces, from the first line that may start a table (the
    lines before cannot be part of one, see :func:`_first_table_line`)."""
    units = labels().units
    pager = doc if doc.paged else None  # without pages page_at is None everywhere: no need to ask per piece
    lines = doc.text.split("\n")
    first = _first_table_line(lines)
    if first is None:
        return []
    out: list[Piece] = []
    pos = sum(len(line) + 1 for line in lines[:first])
    for line_id, line in enumerate(lines[first:], start=first):
        s = line.strip()
        if len(s) >= 2 and s.startswith("|") and s.endswith("|"):
            lead = line.index("|")
            cells: list[tuple[str, int]] = []
            cpos = pos + lead + 1
            for c in s[1:-1].split("|"):
                cells.append((c, cpos + (len(c) - len(c.lstrip()))))
                cpos += len(c) + 1
            _grid_row(cells, line_id, pager, out)
        elif s:
            _free_line(line, pos, line_id, pager, out, units)
        pos += len(line) + 1
    return _numbered(out)


def pdf_pieces(source: bytes | str, pages: list[int]) -> list[Piece]:
    """Rows of the ruled tables pdfplumber finds on ``pages`` of the PDF (its bytes, or its path), as explicit
    grid rows."""
    import io

    import pdfplumber  # lazily: only PDFs need it

    out: list[Piece] = []
    line_id = 10 ** 6
    with pdfplumber.open(io.BytesIO(source) if isinstance(source, bytes) else source) as pdf:
        for number in pages:
            if not 1 <= number <= len(pdf.pages):
                continue
            page = pdf.pages[number - 1]
            tables = sorted(page.find_tables(), key=lambda t: (round(t.bbox[1]), t.bbox[0]))
            for table in tables:
                for row in table.extract():
                    line_id += 1
                    cells = [((c or "").replace("\n", ""), -1) for c in row]
                    _grid_row(cells, line_id, None, out, page=number)
    return _numbered(out)


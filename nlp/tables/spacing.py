"""A repair for text files: blank cells located from the spacing of the source line.

pdftotext keeps empty cells as runs of spaces (``10      10``); the normaliser collapses them, so a row of a
text file can show fewer numbers than columns. The row's line is then looked up in the raw file and each extra
space taken as one empty cell, only if that gives exactly the row's column count. Its own module because it
needs the raw file (read again, lazily) and serves both the row reader of tables 2–3 and table 4.
"""
from __future__ import annotations

from bisect import bisect_left

from ..read.document import Document
from .pieces import Piece
from .rows import Row
from .values import number_spans


def _slice_solid(line: str, start: int, end: int) -> str:
    """The part of ``line`` that holds its non-whitespace characters ``start`` to ``end`` (spacing inside kept)."""
    seen, a, b = 0, None, len(line)
    for i, ch in enumerate(line):
        if ch.isspace():
            continue
        if seen == start:
            a = i
        seen += 1
        if seen == end:
            b = i + 1
            break
    return line[a or 0:b]


class RawLines:
    """The report file's own lines, whitespace intact, aligned in order with the lines of the analysable text.

    The normaliser collapses runs of spaces, drops page furniture and joins wrapped lines; a text line is
    matched to the next raw line(s) whose characters, without whitespace, are the same.
    """

    WINDOW = 40

    def __init__(self, doc: Document):
        self.doc = doc
        self._map: dict[int, list[str]] | None = None
        self._starts: list[int] | None = None
        self._solid: dict[int, tuple[list[int], list[tuple[int, int]]]] = {}
        self.layouts: dict[int, list[str] | None] = {}  # line id → its cells by spacing (see _spaced_layout)

    def _align(self) -> dict[int, list[str]]:
        try:
            from ..read import read

            raw_doc = read(self.doc.path)
            raw = [ln for p in raw_doc.pages for ln in p.text.replace("\r", "").split("\n")]
        except Exception:  # the file may be gone or changed; the repair is then simply not made
            return {}
        keys = ["".join(ln.split()) for ln in raw]
        out: dict[int, list[str]] = {}
        ptr = part = 0  # raw line, and how many of its characters earlier text lines took (a split one-liner)
        for line_id, line in enumerate(self.doc.text.split("\n")):
            key = "".join(line.split())
            if not key:
                continue
            if part and ptr < len(raw) and keys[ptr].startswith(key, part):
                # the normaliser split one raw line (a crawled one-line page) into several text lines
                out[line_id] = [_slice_solid(raw[ptr], part, part + len(key))]
                part += len(key)
                if part == len(keys[ptr]):
                    ptr, part = ptr + 1, 0
                continue
            if part:
                ptr, part = ptr + 1, 0
            if ptr < len(raw) and len(keys[ptr]) > len(key) and keys[ptr].startswith(key):
                out[line_id] = [_slice_solid(raw[ptr], 0, len(key))]
                part = len(key)
                continue
            for i in range(ptr, min(len(raw), ptr + self.WINDOW)):
                if not keys[i] or not key.startswith(keys[i]):
                    continue
                done, j = 0, i  # key[:done] is made of keys[i:j]
                while j < len(raw) and done < len(key) and key.startswith(keys[j], done):
                    done += len(keys[j])
                    j += 1
                if done == len(key):
                    out[line_id] = raw[i:j]
                    ptr = j
                    break
        return out

    def lines_for(self, line_id: int) -> list[str] | None:
        """The raw line(s) that make up line ``line_id`` of the analysable text, or None."""
        if self._map is None:
            self._map = self._align()
        return self._map.get(line_id)

    def span(self, line_id: int, a: int, b: int) -> str | None:
        """The raw text of ``doc.text[a:b]`` (offsets within line ``line_id``), whitespace as in the file.

        Characters other than whitespace are the same in both (that is how lines are aligned), so an offset is
        carried over by counting them. None when the line is not aligned or the span crosses a raw line break.
        """
        got = self.lines_for(line_id)
        if got is None:
            return None
        if line_id not in self._solid:  # positions of the non-whitespace characters, once per line
            if self._starts is None:
                self._starts = [0]
                for line in self.doc.text.split("\n"):
                    self._starts.append(self._starts[-1] + len(line) + 1)
            base, end = self._starts[line_id], self._starts[line_id + 1] - 1
            mine = [i for i in range(base, end) if not self.doc.text[i].isspace()]
            theirs = [(k, i) for k, line in enumerate(got) for i, c in enumerate(line) if not c.isspace()]
            self._solid[line_id] = (mine, theirs)
        mine, theirs = self._solid[line_id]
        first, last = bisect_left(mine, a), bisect_left(mine, b) - 1
        if not 0 <= first <= last < len(theirs):
            return None
        (k0, i0), (k1, i1) = theirs[first], theirs[last]
        return got[k0][i0:i1 + 1] if k0 == k1 else None


def _spaced_layout(raw_lines: list[str], units: str) -> list[str] | None:
    """Cells of raw line(s) where each space beyond the one separating two cells is an empty cell.

    Returns the cells from the first value on (``""`` for blank), or None when the spacing is not plain spaces.
    """
    cells: list[str] = []
    for line in raw_lines:
        if "\t" in line:
            return None
        prev_end = None
        for a, b in number_spans(line, units):
            gap_start = prev_end if prev_end is not None else 0
            gap = line[gap_start:a]
            spaces = len(gap) - len(gap.rstrip(" "))
            if prev_end is None and gap.strip():
                blanks = max(spaces - 1, 0)      # after the label and one separating space
            elif prev_end is None:
                blanks = spaces                  # at the start of the line
            else:
                if gap.strip():
                    return None                  # label text between two values: not one row
                blanks = max(spaces - 1, 0)
            cells.extend([""] * blanks)
            cells.append(line[a:b])
            prev_end = b
    return cells


def blanks_from_spacing(row: Row, raw: RawLines, units: str) -> None:
    """Give ``row`` its values with blank cells where the raw line's spacing places them (else leave it as is).

    The row's whole source lines are tried first (pdftotext prints a row per line); then, for a row whose
    numbers share one line with other rows (a crawled one-line page, or a PDF row run into the next), only the
    stretch from the last character of the label before its first number to its last number.
    """
    layout = _whole_lines(row, raw, units)
    if layout is None or len(layout) != row.width:
        layout = _own_stretch(row, raw, units)
    if layout is None or len(layout) != row.width or [c for c in layout if c] != [p.text for p in row.found]:
        return
    it = iter(row.found)
    out = []
    for c in layout:
        if c:
            out.append(next(it))
        else:
            ref = row.found[0]
            out.append(Piece("value", "", ref.start, ref.page, ref.line, False, vkind="blank"))
    row.values = out
    row.note = "blank cells located from the spacing of the source text line"


def _whole_lines(row: Row, raw: RawLines, units: str) -> list[str] | None:
    layout: list[str] = []
    for ln in sorted({p.line for p in row.found}):
        if ln not in raw.layouts:  # a one-line page is one line for every row: laid out once
            got = raw.lines_for(ln)
            raw.layouts[ln] = _spaced_layout(got, units) if got is not None else None
        cells = raw.layouts[ln]
        if cells is None:
            return None
        layout.extend(cells)
    return layout


def _own_stretch(row: Row, raw: RawLines, units: str) -> list[str] | None:
    first, last = row.found[0], row.found[-1]
    if first.line != last.line or first.start <= 0 or any(p.line != first.line for p in row.found):
        return None
    text = raw.doc.text
    a = first.start - 1
    while a >= 0 and text[a] in " \t\u3000":
        a -= 1
    if a < 0 or text[a] == "\n" or text[a].isdigit():  # the row must open with label text on its line
        return None
    stretch = raw.span(first.line, a, last.start + len(last.text))
    return _spaced_layout([stretch], units) if stretch is not None else None

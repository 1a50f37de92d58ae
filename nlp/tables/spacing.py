"""A repair for text files: blank cells located from the spacing of the source line.

pdftotext keeps empty cells as runs of spaces (``10      10``); the normaliser collapses them, so a row of a
text file can show fewer numbers than columns. The row's line is then looked up in the raw file and each extra
space taken as one empty cell, only if that gives exactly the row's column count. Its own module because it
needs the raw file (read again, lazily) and serves both the row reader of tables 2–3 and table 4.
"""
from __future__ import annotations

from ..read.document import Document
from .pieces import Piece
from .rows import Row
from .values import number_spans


class RawLines:
    """The report file's own lines, whitespace intact, aligned in order with the lines of the analysable text.

    The normaliser collapses runs of spaces, drops page furniture and joins wrapped lines; a text line is
    matched to the next raw line(s) whose characters, without whitespace, are the same.
    """

    WINDOW = 40

    def __init__(self, doc: Document):
        self.doc = doc
        self._map: dict[int, list[str]] | None = None

    def _align(self) -> dict[int, list[str]]:
        try:
            from ..read import read

            raw_doc = read(self.doc.path)
            raw = [ln for p in raw_doc.pages for ln in p.text.replace("\r", "").split("\n")]
        except Exception:  # the file may be gone or changed; the repair is then simply not made
            return {}
        keys = ["".join(ln.split()) for ln in raw]
        out: dict[int, list[str]] = {}
        ptr = 0
        for line_id, line in enumerate(self.doc.text.split("\n")):
            key = "".join(line.split())
            if not key:
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
    """Give ``row`` its values with blank cells where the raw line's spacing places them (else leave it as is)."""
    lines = sorted({p.line for p in row.found})
    layout: list[str] = []
    for ln in lines:
        got = raw.lines_for(ln)
        if got is None:
            return
        cells = _spaced_layout(got, units)
        if cells is None:
            return
        layout.extend(cells)
    values = [c for c in layout if c]
    if len(layout) != row.width or [v for v in values] != [p.text for p in row.found]:
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


"""The geometry both PDF readers share: characters → text lines → a page of text with table rows kept on one line.

A PDF holds positioned characters, not lines. Lines are rebuilt the way pdfminer.six's layout analysis does it
(:func:`group_chars`, with the parameters of :data:`LAYOUT`), so that the pdfium reader, which hands over
characters, and the pdfminer reader, which hands over pdfminer's own text lines, feed identical lines to
:func:`page_text`. That rebuilds the page: lines whose vertical extents overlap form one row (cells joined by
`` | ``), single characters stacked in one column (vertical table headers such as 自/然/人) are merged first, a
first-line indent is kept as two ideographic spaces, and a line that reaches the right margin gets
:data:`~nlp.read.document.WRAP_MARK`, so that the normaliser can tell a new paragraph from a wrapped line.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .document import WRAP_MARK

# pdfminer's LAParams for this genre. word_margin: a space is inserted when the gap between two characters
# exceeds word_margin x the character's size. CJK text has no spaces, and justified lines widen the gaps, so a
# large margin is right here; the few spaces still inserted between CJK characters are removed by the
# normaliser. char_margin: characters further apart than this many character widths start a new line (a new
# table cell). line_overlap (pdfminer's default): characters share a line when their heights overlap by more
# than this share of the smaller height.
LAYOUT = dict(char_margin=2.0, word_margin=0.6, line_margin=0.3, boxes_flow=None)
LINE_OVERLAP = 0.5

# One character as a reader places it: (text, x0, y0, x1, y1) in PDF points, y upwards. The box is pdfminer's:
# the advance width across, the font size from the descent up (not the glyph's ink).
Char = tuple[str, float, float, float, float]


class Line:
    """One text line and its box."""

    __slots__ = ("x0", "x1", "y0", "y1", "text")

    def __init__(self, x0: float, x1: float, y0: float, y1: float, text: str) -> None:
        self.x0, self.x1, self.y0, self.y1, self.text = x0, x1, y0, y1, text

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 1.0)


class PageReading:
    """One page as a reader saw it: its text lines, its width, and the number of images on it."""

    __slots__ = ("lines", "width", "images")

    def __init__(self, lines: list[Line], width: float, images: int) -> None:
        self.lines, self.width, self.images = lines, width, images


def group_chars(chars: Sequence[Char]) -> list[Line]:
    """Text lines from characters in content-stream order, as pdfminer's ``group_objects`` forms them.

    Two consecutive characters share a line when their heights overlap by more than :data:`LINE_OVERLAP` of the
    smaller one and the gap between them is below ``char_margin`` x the wider one; otherwise the line ends (the
    order matters: a table drawn column by column gives one line per cell). Within a line a space goes where the
    gap before a character exceeds ``word_margin`` x its size. Lines of blanks are dropped, the rest stripped.
    (One pass written out with plain comparisons: this runs once per character of every PDF.)
    """
    char_margin, word_margin, overlap = LAYOUT["char_margin"], LAYOUT["word_margin"], LINE_OVERLAP
    lines: list[Line] = []
    parts: list[str] = []  # the current line's characters and word spaces
    add = parts.append
    px0 = py0 = px1 = py1 = pw = ph = 0.0  # the previous character's box, width and height
    last = left = bottom = _INF  # last: right edge of the previous character of the line
    right = top = -_INF
    for text, x0, y0, x1, y1 in chars:
        w, h = x1 - x0, y1 - y0
        if parts:
            low, high = (py0 if py0 > y0 else y0), (py1 if py1 < y1 else y1)
            gap = x0 - px1 if x0 > px1 else (px0 - x1 if px0 > x1 else 0.0)
            if not (high >= low and high - low > overlap * (h if h < ph else ph)
                    and gap < char_margin * (w if w > pw else pw)):
                _close(parts, left, right, bottom, top, lines)
                parts = []
                add = parts.append
                last = left = bottom = _INF
                right = top = -_INF
        if last < x0 - word_margin * (w if w > h else h):
            add(" ")
        add(text)
        last = x1
        if x0 < left:
            left = x0
        if y0 < bottom:
            bottom = y0
        if x1 > right:
            right = x1
        if y1 > top:
            top = y1
        px0, py0, px1, py1, pw, ph = x0, y0, x1, y1, w, h
    _close(parts, left, right, bottom, top, lines)
    return lines


_INF = float("inf")


def _close(parts: list[str], x0: float, x1: float, y0: float, y1: float, out: list[Line]) -> None:
    """Append the line of ``parts`` with its box to ``out`` unless it is blank."""
    text = "".join(parts).strip()
    if text:
        out.append(Line(x0, x1, y0, y1, text))


def _first_token_width(text: str, size: float) -> float:
    """Approximate printed width of the first token of a line: a run of ASCII (half width) or one character."""
    m = re.match(r"([A-Za-z0-9.%@:/_\-]*)([，。；：、！？）”’》]*)", text)
    ascii_run, punct = m.group(1), m.group(2)  # punctuation is kept off line starts: it travels with the token
    width = 0.55 * size * len(ascii_run) + size * len(punct)
    return width or (size if text else 0.0)


def _merge_vertical(lines: list[Line]) -> list[Line]:
    """Merge runs of single characters stacked in one column (vertical table headers) into one line."""
    singles = sorted((ln for ln in lines if len(ln.text) == 1 and "\u4e00" <= ln.text <= "\u9fff"),
                     key=lambda ln: (round(ln.x0), -ln.y1))
    if len(singles) < 2:
        return lines
    used: set[int] = set()
    merged: list[Line] = []
    for i, first in enumerate(singles):
        if id(first) in used:
            continue
        run = [first]
        for other in singles[i + 1:]:
            last = run[-1]
            if id(other) in used or abs(other.x0 - last.x0) > last.height * 0.3:
                continue
            gap = last.y0 - other.y1
            if -0.2 * last.height <= gap <= last.height * 0.8:
                run.append(other)
        if len(run) >= 2:
            used.update(id(r) for r in run)
            merged.append(Line(min(r.x0 for r in run), max(r.x1 for r in run), run[-1].y0, run[0].y1,
                               "".join(r.text for r in run)))
    rest = [ln for ln in lines if id(ln) not in used]
    return rest + merged


def _rows(lines: list[Line]) -> list[list[Line]]:
    """Lines top to bottom, grouped into rows of lines whose vertical extents overlap by half a line."""
    lines.sort(key=lambda ln: (-ln.y1, ln.x0))
    rows: list[list[Line]] = []
    top = bottom = 0.0  # the current row's extent
    for ln in lines:
        if rows:
            overlap = min(top, ln.y1) - max(bottom, ln.y0)
            if overlap > 0.5 * min(ln.height, top - bottom):
                rows[-1].append(ln)
                top, bottom = max(top, ln.y1), min(bottom, ln.y0)
                continue
        rows.append([ln])
        top, bottom = ln.y1, ln.y0
    return rows


def page_text(lines: list[Line], page_width: float) -> str:
    """Rebuild a page: rows top to bottom, cells left to right, indents marked."""
    if not lines:
        return ""
    rows = _rows(_merge_vertical(lines))
    singles = [row[0] for row in rows if len(row) == 1]
    # Margins of the body text: the most common left edge (tables may start further left) and the right edge.
    lefts = Counter(round(ln.x0) for ln in singles)
    left = float(lefts.most_common(1)[0][0]) if lefts else min(ln.x0 for ln in lines)
    right = max((ln.x1 for ln in singles), default=0.0)
    out = []
    for i, row in enumerate(rows):
        row.sort(key=lambda ln: ln.x0)
        if len(row) == 1:
            ln = row[0]
            nxt = rows[i + 1][0].text if i + 1 < len(rows) and len(rows[i + 1]) == 1 else ""
            indent = ln.x0 - left
            # A first-line indent is about two characters; centred lines (titles) are not paragraphs.
            centred = abs((ln.x0 + ln.x1) / 2 - page_width / 2) < ln.height and ln.x0 - left > 4 * ln.height
            mark = "\u3000\u3000" if 1.2 * ln.height <= indent <= 3.5 * ln.height and not centred else ""
            # Typesetting keeps punctuation off line starts, so a wrapped line may stop a character or two short.
            # A number or word is never split: the line also wraps when the next line's first token did not fit.
            room = right - ln.x1
            wrapped = WRAP_MARK if not centred and (room <= 2.5 * ln.height
                                                   or room < _first_token_width(nxt, ln.height)) else ""
            out.append(mark + ln.text + wrapped)
        else:
            out.append(" | ".join(ln.text for ln in row))
    return "\n".join(out)

"""PDF with pdfminer.six: page by page, lines in reading order, table rows kept on one line.

pdfminer's own text order prints table cells column by column and inserts spaces between CJK characters on
justified lines. We take its text *lines* (LTTextLine) with their coordinates instead and rebuild the page:
lines whose vertical extents overlap form one row (cells joined by `` | ``), single characters stacked in one
column (vertical table headers such as 自/然/人) are merged first, and a first-line indent is kept as two
ideographic spaces and a line that reaches the right margin gets :data:`~nlp.read.document.WRAP_MARK`, so that the
normaliser can tell a new paragraph from a wrapped line.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .document import WRAP_MARK, RawDocument, RawPage
from .published import pdf_file_dates
from ..errors import ReadError

# word_margin: pdfminer inserts a space when the gap between two characters exceeds word_margin x char width.
# CJK text has no spaces, and justified lines widen the gaps, so a large margin is right for this genre;
# the few spaces still inserted between CJK characters are removed by the normaliser.
LAYOUT = dict(char_margin=2.0, word_margin=0.6, line_margin=0.3, boxes_flow=None)


@dataclass
class _Line:
    x0: float
    x1: float
    y0: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, 1.0)


def read_pdf(path: Path) -> RawDocument:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTFigure, LTImage, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    data_tail = _tail(path)
    truncated = b"%%EOF" not in data_tail
    warnings = []
    rsrc = PDFResourceManager(caching=True)
    device = PDFPageAggregator(rsrc, laparams=LAParams(**LAYOUT))
    interpreter = PDFPageInterpreter(rsrc, device)
    pages: list[RawPage] = []
    n_images = 0
    try:
        with path.open("rb") as fh:
            for number, page in enumerate(PDFPage.get_pages(fh), start=1):
                interpreter.process_page(page)
                layout = device.get_result()
                lines: list[_Line] = []
                stack = list(layout)
                while stack:
                    obj = stack.pop()
                    if isinstance(obj, LTTextLine):
                        text = obj.get_text().strip()
                        if text:
                            lines.append(_Line(obj.x0, obj.x1, obj.y0, obj.y1, text))
                    elif isinstance(obj, (LTTextContainer, LTFigure)):
                        if isinstance(obj, LTFigure) and any(isinstance(o, LTImage) for o in obj):
                            n_images += 1
                        stack.extend(obj)
                    elif isinstance(obj, LTImage):
                        n_images += 1
                pages.append(RawPage(number, _page_text(lines, layout.width)))
    except PDFPasswordIncorrect as exc:
        raise ReadError("encrypted PDF: it needs a password to open; save an unencrypted copy") from exc
    except PDFEncryptionError as exc:
        raise ReadError(f"encrypted PDF with an unsupported protection ({exc}); save an unencrypted copy") from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        if pages and any(p.text.strip() for p in pages):
            warnings.append(f"PDF damaged after page {len(pages)} ({type(exc).__name__}); text may be incomplete")
        else:
            what = "truncated" if truncated else "damaged"
            raise ReadError(f"corrupt or {what} PDF: cannot be parsed ({type(exc).__name__}: {exc})") from exc
    if not pages:
        raise ReadError("corrupt or truncated PDF: no pages could be read" if truncated else "PDF without pages")
    n_chars = sum(len(p.text.strip()) for p in pages)
    if n_chars < 20 * len(pages) and n_chars < 200:
        what = "looks scanned" if n_images else "only graphics, looks scanned or printed to image"
        raise ReadError(f"no text layer — {what}; OCR is not supported")
    if truncated and not warnings:
        warnings.append("PDF looks truncated (no %%EOF marker); text may be incomplete")
    return RawDocument(str(path), "pdf", pages, paged=True, warnings=warnings, meta=pdf_file_dates(path))


def _tail(path: Path) -> bytes:
    with path.open("rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 2048))
        return fh.read()


def _first_token_width(text: str, size: float) -> float:
    """Approximate printed width of the first token of a line: a run of ASCII (half width) or one character."""
    m = re.match(r"([A-Za-z0-9.%@:/_\-]*)([，。；：、！？）”’》]*)", text)
    ascii_run, punct = m.group(1), m.group(2)  # punctuation is kept off line starts: it travels with the token
    width = 0.55 * size * len(ascii_run) + size * len(punct)
    return width or (size if text else 0.0)


def _merge_vertical(lines: list[_Line]) -> list[_Line]:
    """Merge runs of single characters stacked in one column (vertical table headers) into one line."""
    singles = sorted((ln for ln in lines if len(ln.text) == 1 and "\u4e00" <= ln.text <= "\u9fff"),
                     key=lambda ln: (round(ln.x0), -ln.y1))
    if len(singles) < 2:
        return lines
    used: set[int] = set()
    merged: list[_Line] = []
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
            merged.append(_Line(min(r.x0 for r in run), max(r.x1 for r in run), run[-1].y0, run[0].y1,
                                "".join(r.text for r in run)))
    rest = [ln for ln in lines if id(ln) not in used]
    return rest + merged


def _page_text(lines: list[_Line], page_width: float) -> str:
    """Rebuild a page: rows top to bottom, cells left to right, indents marked."""
    if not lines:
        return ""
    lines = _merge_vertical(lines)
    lines.sort(key=lambda ln: (-ln.y1, ln.x0))
    rows: list[list[_Line]] = []
    for ln in lines:
        if rows:
            row = rows[-1]
            top = max(r.y1 for r in row)
            bottom = min(r.y0 for r in row)
            overlap = min(top, ln.y1) - max(bottom, ln.y0)
            if overlap > 0.5 * min(ln.height, top - bottom):
                row.append(ln)
                continue
        rows.append([ln])
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

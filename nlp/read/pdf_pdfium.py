"""PDF characters with pypdfium2 (PDFium, the PDF engine of Chrome): the default reader, at C speed.

PDFium decodes the fonts and places every character; we take each character with the box pdfminer.six would
give it (the advance width across, the font size from the font's descent up), in content-stream order, so
that :mod:`.pdf_lines` rebuilds the same lines and rows as from pdfminer's characters, at a fraction of the
cost (pdfminer tokenises the content streams in Python). PDFium's own character boxes are not used: its
"loose" box spans the font's ascent instead of its size, and falls back to the ink box when a font is not
embedded. Two habits of PDFium's text page are undone here:

- it orders the text objects of a line left to right; we restore the order of the content stream (the line
  building depends on it: a table drawn column by column has one line per cell);
- it drops a text object whose ink box has no width. A single character in a CJK font that is neither embedded
  nor installed has no ink box, so a justified line drawn one character at a time (word processors do that)
  would lose its Chinese characters on a machine without CJK fonts. Such objects get a hairline outline in
  memory (nothing is written) so that the text page keeps them; their boxes come from the font's widths.

Characters PDFium cannot map to Unicode (a font without a ToUnicode table) come out as ``(cid:N)``, as in
pdfminer, so that :mod:`.pdf` counts them as undecodable whichever reader read them.

The calls per character go through copies of pypdfium2's bindings that take and return plain addresses
(:func:`_api`): ctypes' pointer type checks would otherwise cost more than PDFium's work.
"""
from __future__ import annotations

import ctypes
import functools
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

from .pdf_lines import Char, PageReading, group_chars

_SKIP = frozenset((0, 2, 10, 13, 0xFFFE))  # no character, soft hyphen mark, generated line breaks
_TEXT, _IMAGE, _FORM = 1, 3, 5  # FPDF_PAGEOBJ_* (public constants of fpdf_edit.h)


def read_pages(path: Path) -> Iterator[PageReading]:
    """Every page of the PDF at ``path``; raises ``pypdfium2.PdfiumError`` when PDFium cannot open it."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        for index in range(len(doc)):
            page = doc[index]
            try:
                yield _read_page(page)
            finally:
                page.close()
    finally:
        doc.close()


def _read_page(page) -> PageReading:
    api = _api()
    raw = _address(page.raw)
    objects: dict[int, tuple] = {}
    scan = _Scan(api, objects)
    scan.objects(api.count_objects(raw), functools.partial(api.get_object, raw), (1.0, 0.0, 0.0, 1.0))
    textpage = api.load_text(raw)
    try:
        chars = _chars(api, textpage, objects, _page_transform(page))
    finally:
        api.close_text(textpage)
    return PageReading(group_chars(chars), page.get_width(), scan.images)


class _Scan:
    """The page's objects in content-stream order (forms' contents in place): per text object its position in
    the stream, font, size and matrix (the forms' matrices applied); and the number of images."""

    def __init__(self, api: SimpleNamespace, objects: dict[int, tuple]) -> None:
        self.api, self.found, self.images = api, objects, 0
        self.matrix, self.size = (ctypes.c_float * 6)(), ctypes.c_float()
        self.bounds = [ctypes.c_float() for _ in range(4)]

    def objects(self, count: int, get, outer: tuple[float, float, float, float]) -> None:
        api, found = self.api, self.found
        matrix, size = self.matrix, self.size
        for j in range(count):
            obj = get(j)
            kind = api.obj_type(obj)
            if kind == _TEXT:
                self._keep_inkless(obj)
                api.obj_matrix(obj, matrix)
                api.font_size(obj, size)
                font = api.text_font(obj) or 0
                found[obj] = (len(found), font, size.value, *_compose(matrix, outer))
            elif kind == _FORM:
                api.obj_matrix(obj, matrix)
                self.objects(api.form_count(obj), functools.partial(api.form_object, obj), _compose(matrix, outer))
            elif kind == _IMAGE:
                self.images += 1

    def _keep_inkless(self, obj: int) -> None:
        """Give a text object without an ink box a hairline outline, so that PDFium's text page keeps it (see
        the module's notes). Only the in-memory page changes."""
        left, bottom, right, top = self.bounds
        if self.api.obj_bounds(obj, left, bottom, right, top) and right.value - left.value < 0.01:
            self.api.set_stroke_width(obj, 0.1)
            self.api.set_render_mode(obj, 2)  # FPDF_TEXTRENDERMODE_FILL_STROKE
            self.api.transform(obj, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0)  # recomputes the bounds with the outline


def _compose(m, outer: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The linear part of matrix ``m`` (a, b, c, d, …) followed by ``outer`` (PDF row-vector convention)."""
    a, b, c, d = m[0], m[1], m[2], m[3]
    oa, ob, oc, od = outer
    return a * oa + b * oc, a * ob + b * od, c * oa + d * oc, c * ob + d * od


def _address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _page_transform(page) -> tuple[float, ...] | None:
    """pdfminer's page coordinates: the page box's corner at the origin, a rotated page turned upright."""
    x0, y0, x1, y1 = page.get_bbox()
    rotation = page.get_rotation()
    if rotation == 90:
        return (0.0, -1.0, 1.0, 0.0, -y0, x1)
    if rotation == 180:
        return (-1.0, 0.0, 0.0, -1.0, x1, y1)
    if rotation == 270:
        return (0.0, 1.0, -1.0, 0.0, y1, -x0)
    return None if x0 == 0 and y0 == 0 else (1.0, 0.0, 0.0, 1.0, -x0, -y0)


def _chars(api: SimpleNamespace, textpage: int, objects: dict[int, tuple],
           transform: tuple[float, ...] | None) -> list[Char]:
    """The characters of a text page with pdfminer's boxes, in content-stream order."""
    unicode_of, generated, map_error = api.unicode, api.generated, api.map_error
    origin, text_object = api.origin, api.text_object
    x, y, out = ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
    # (font, character) → (advance, descent) per point, and whether PDFium found no Unicode for it
    metrics: dict[tuple[int, int], tuple[float, float, bool]] = {}
    placed: list[tuple[int, int, Char]] = []
    for i in range(api.count_chars(textpage)):
        u = unicode_of(textpage, i)
        if u in _SKIP or (u == 32 and generated(textpage, i)):
            continue
        info = objects.get(text_object(textpage, i) or 0)
        if info is None:  # a character PDFium made up
            continue
        order, font, size, a, b, c, d = info
        m = metrics.get((font, u))
        if m is None:
            advance = out.value if api.glyph_width(font, u, 1.0, out) else 1.0
            descent = out.value if api.descent(font, 1.0, out) else 0.0
            m = metrics[(font, u)] = (advance, descent, bool(map_error(textpage, i)))
        origin(textpage, i, x, y)
        text = f"(cid:{u})" if m[2] else chr(u)
        ox, oy, advance, descent = x.value, y.value, m[0] * size, m[1] * size
        if b == 0 and c == 0 and a > 0 and d > 0 and advance >= 0 and transform is None:  # upright: most text
            placed.append((order, i, (text, ox, oy + d * descent, ox + a * advance, oy + d * (descent + size))))
            continue
        box = _box(ox, oy, advance, descent, size, a, b, c, d)
        if transform is not None:
            box = _transformed(box, transform)
        placed.append((order, i, (text, *box)))
    placed.sort(key=lambda p: (p[0], p[1]))
    return [p[2] for p in placed]


def _box(ox: float, oy: float, advance: float, descent: float, size: float,
         a: float, b: float, c: float, d: float) -> tuple[float, float, float, float]:
    """pdfminer's box of a character at origin (ox, oy): in text space (0, descent) to (advance, descent + size),
    through the character's matrix. PDFium gives a vertical font's advance as a negative width, and its origin
    as the box's lower left corner."""
    if advance < 0:
        px0, py0, px1, py1 = 0.0, 0.0, size, -advance
    else:
        px0, py0, px1, py1 = 0.0, descent, advance, descent + size
    if b == 0 and c == 0:
        xa, xb, ya, yb = ox + a * px0, ox + a * px1, oy + d * py0, oy + d * py1
        return (xa, ya, xb, yb) if xa <= xb and ya <= yb else (min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))
    xs = [ox + a * px + c * py for px, py in ((px0, py0), (px1, py0), (px0, py1), (px1, py1))]
    ys = [oy + b * px + d * py for px, py in ((px0, py0), (px1, py0), (px0, py1), (px1, py1))]
    return min(xs), min(ys), max(xs), max(ys)


def _transformed(box: tuple[float, float, float, float], t: tuple[float, ...]) -> tuple[float, float, float, float]:
    a, b, c, d, e, f = t
    x0, y0, x1, y1 = box
    xs = [a * px + c * py + e for px, py in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    ys = [b * px + d * py + f for px, py in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
    return min(xs), min(ys), max(xs), max(ys)


@functools.cache
def _api() -> SimpleNamespace:
    """The PDFium functions this reader calls, as copies of pypdfium2's bindings that take and return plain
    addresses (pypdfium2's own bindings are left as they are)."""
    import pypdfium2.raw as R

    P, I, F, U = ctypes.c_void_p, ctypes.c_int, ctypes.c_float, ctypes.c_uint
    FP = ctypes.POINTER(ctypes.c_float)
    DP = ctypes.POINTER(ctypes.c_double)

    def copy(fn, restype, *argtypes):
        variant = type(fn)(ctypes.cast(fn, ctypes.c_void_p).value)
        variant.argtypes, variant.restype = argtypes, restype
        return variant

    return SimpleNamespace(
        count_objects=copy(R.FPDFPage_CountObjects, I, P),
        get_object=copy(R.FPDFPage_GetObject, P, P, I),
        form_count=copy(R.FPDFFormObj_CountObjects, I, P),
        form_object=copy(R.FPDFFormObj_GetObject, P, P, ctypes.c_ulong),
        obj_type=copy(R.FPDFPageObj_GetType, I, P),
        obj_bounds=copy(R.FPDFPageObj_GetBounds, I, P, FP, FP, FP, FP),
        obj_matrix=copy(R.FPDFPageObj_GetMatrix, I, P, FP),
        set_stroke_width=copy(R.FPDFPageObj_SetStrokeWidth, I, P, F),
        set_render_mode=copy(R.FPDFTextObj_SetTextRenderMode, I, P, I),
        transform=copy(R.FPDFPageObj_Transform, None, P, *(ctypes.c_double,) * 6),
        font_size=copy(R.FPDFTextObj_GetFontSize, I, P, FP),
        text_font=copy(R.FPDFTextObj_GetFont, P, P),
        glyph_width=copy(R.FPDFFont_GetGlyphWidth, I, P, ctypes.c_uint32, F, FP),
        descent=copy(R.FPDFFont_GetDescent, I, P, F, FP),
        load_text=copy(R.FPDFText_LoadPage, P, P),
        close_text=copy(R.FPDFText_ClosePage, None, P),
        count_chars=copy(R.FPDFText_CountChars, I, P),
        unicode=copy(R.FPDFText_GetUnicode, U, P, I),
        generated=copy(R.FPDFText_IsGenerated, I, P, I),
        map_error=copy(R.FPDFText_HasUnicodeMapError, I, P, I),
        origin=copy(R.FPDFText_GetCharOrigin, I, P, I, DP, DP),
        text_object=copy(R.FPDFText_GetTextObject, P, P, I),
    )

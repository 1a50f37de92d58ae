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

Cost: PDFium is asked two things per character (its text object, its origin) and a few per text object and per
font. What the objects of a page share (font, size, matrix) is worked out once per page, and what PDFium says
about a font once per document (:class:`_Fonts`). The calls go through copies of pypdfium2's bindings without
argument conversion (:func:`_api`): ctypes' conversions would otherwise cost more than PDFium's work. At about
0.4 µs a call they are most of the reader's time, so fewer calls is what makes it faster, not a leaner loop (the
calls made from ``map`` in C were measured no faster). The rest is plain Python, written for speed where it runs
once per character or object.
"""
from __future__ import annotations

import ctypes
import functools
import threading
from collections.abc import Iterator
from types import SimpleNamespace

from .pdf_lines import Char, PageReading, group_chars

_SKIP = frozenset((0, 2, 10, 13, 0xFFFE))  # no character, soft hyphen mark, generated line breaks
_TEXT, _IMAGE, _FORM = 1, 3, 5  # FPDF_PAGEOBJ_* (public constants of fpdf_edit.h)


# PDFium is not thread-safe. The local engine runs one file per process, but a Dask worker runs several
# threads in one process: there, documents are read one at a time (each read whole while the lock is held).
_PDFIUM = threading.Lock()


def read_pages(data: bytes, info: list | None = None) -> Iterator[PageReading]:
    """Every page of the PDF file ``data``; raises ``pypdfium2.PdfiumError`` when PDFium cannot open it.
    ``info`` receives the document's info dictionary (values as text: ``CreationDate`` is ``D:2024…``)."""
    with _PDFIUM:
        pages = list(_pages(data, info))
    yield from pages


def _pages(data: bytes, info: list | None) -> Iterator[PageReading]:
    """The pages in turn. A page is closed only once the next one is loaded: PDFium shares a font between the
    open pages that use it, so a font the two pages share keeps its handle, and :class:`_Fonts` keeps what it
    learnt about it (see there)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    if info is not None:
        info.append(doc.get_metadata_dict(skip_empty=True))
    fonts = _Fonts(_api())
    watch = True  # look for fonts the file does not embed (a document keeps its fonts from page to page)
    previous = None
    try:
        for index in range(len(doc)):
            page = doc[index]
            if previous is not None:
                previous.close()
            previous = page
            result, watch = _read_page(page, fonts, watch)
            yield result
    finally:
        if previous is not None:
            previous.close()
        doc.close()


def _read_page(page, fonts: _Fonts, watch: bool) -> tuple[PageReading, bool]:
    """The page, and whether to watch for unembedded fonts on the next one (see :class:`_Page`)."""
    reading = _Page(fonts, _address(page.raw), _page_transform(page), watch)
    reading.outline(reading.inkless)
    chars = reading.chars()
    again = bool(reading.unseen) and reading.keep_inkless(reading.unseen)
    if again:  # objects PDFium dropped, now outlined
        chars = reading.chars()
    fonts.keep_only(reading.fonts_used)
    return PageReading(group_chars(chars), page.get_width(), reading.images), again or reading.unembedded > 0


class _Fonts:
    """What PDFium says about each font (embedded?, descent, each character's advance and text), asked once per
    document rather than once per page: most pages of a report use the same two or three fonts.

    A font is known by its handle; PDFium does not promise that a font outlives the pages that use it, and a
    freed font's address may be reused by another. So after each page only the fonts that page used are kept
    (:meth:`keep_only`), and that page stays open until the next one is loaded (:func:`_pages`): every font of
    the next page is then either one of them, under the same handle, or made while they were alive, at another
    address."""

    def __init__(self, api: SimpleNamespace) -> None:
        self.api = api
        self.embedded: dict[int, bool] = {}
        self.descent: dict[int, float] = {}  # per point
        self.metrics: dict[int, dict[int, tuple[float, str]]] = {}  # character → (advance per point, text)

    def keep_only(self, fonts: set[int]) -> None:
        for table in (self.embedded, self.descent, self.metrics):
            for font in [f for f in table if f not in fonts]:
                del table[font]


class _Page:
    """One page: its text objects in content-stream order (forms' contents in place), and its characters.

    PDFium is called through bindings without argument conversion (see :func:`_api`): handles go in as
    ``c_void_p``, numbers as ``c_int``/``c_float``, and the out-parameters are made once per page."""

    def __init__(self, fonts: _Fonts, raw: int, transform: tuple[float, ...] | None, watch: bool) -> None:
        """``watch``: look at the text objects in fonts the file does not embed (:attr:`unembedded`), and
        note the inkless ones (:attr:`inkless`), to outline them before PDFium builds its text page; otherwise
        PDFium drops them, and the page is read a second time once they have been outlined."""
        self.api, self.fonts, self.transform = fonts.api, fonts, transform
        self.raw = ctypes.c_void_p(raw)
        self.info: dict[int, tuple] = {}  # text object → its place in the stream and its style (:meth:`_scan`)
        self._styles: dict[tuple, tuple] = {}  # (font, size, a, b, c, d) → what its characters share (:meth:`_style`)
        self.fonts_used: set[int] = set()
        self.images = 0
        self.unembedded = 0  # text objects in fonts the file does not embed (they may have no ink box)
        self.inkless: list[int] = []  # those of them without an ink box
        self.unseen: set[int] = set()  # text objects without a character on the text page
        self._matrix, self._size, self._float = (ctypes.c_float * 6)(), ctypes.c_float(), ctypes.c_float()
        self._size_ref, self._float_ref, self._one = ctypes.byref(self._size), ctypes.byref(self._float), \
            ctypes.c_float(1.0)
        self._bounds = [ctypes.c_float() for _ in range(4)]
        self._bound_refs = [ctypes.byref(b) for b in self._bounds]
        self._watch = watch
        self._scan(self.api.count_objects(self.raw), self.api.get_object, self.raw, None)

    def _scan(self, count: int, get, parent, outer: tuple[float, float, float, float] | None) -> None:
        """Record every text object and count the images, going into forms (``get(parent, j)`` is object j of the
        page or form ``parent``). A text object is noted as (stream position x 2^20, its style): what its
        characters share (:meth:`_style`, with the forms' matrices applied). Written for speed: a report's PDF
        may draw each character as its own text object, and most objects of a page share a handful of styles."""
        api, info_of, styles, watch = self.api, self.info, self._styles, self._watch
        obj_type, obj_bounds, obj_matrix, font_size, text_font = (api.obj_type, api.obj_bounds, api.obj_matrix,
                                                                  api.font_size, api.text_font)
        matrix, size_out, size_ref, bounds, refs = (self._matrix, self._size, self._size_ref, self._bounds,
                                                    self._bound_refs)
        for j in range(count):
            handle = get(parent, j)
            kind = obj_type(handle)
            if kind != _TEXT:
                if kind == _FORM:
                    obj_matrix(handle, matrix)
                    inner = _compose(matrix, outer or (1.0, 0.0, 0.0, 1.0))
                    self._scan(api.form_count(handle), api.form_object, handle, inner)
                elif kind == _IMAGE:
                    self.images += 1
                continue
            font = text_font(handle) or 0
            obj_matrix(handle, matrix)
            font_size(handle, size_ref)
            a, b, c, d = matrix[:4] if outer is None else _compose(matrix, outer)
            style_key = (font, size_out.value, a, b, c, d)
            style = styles.get(style_key)
            if style is None:
                style = styles[style_key] = self._style(*style_key)
            obj = handle.value
            info_of[obj] = (len(info_of) << 20, style)
            if watch and not style[6]:  # a font the file does not embed: has the object an ink box?
                self.unembedded += 1
                if obj_bounds(handle, *refs) and bounds[2].value - bounds[0].value < 0.01:
                    self.inkless.append(obj)

    def _style(self, font: int, size: float, a: float, b: float, c: float, d: float) -> tuple:
        """What the characters of a text object share: (the font's metrics by character, upright?, horizontal
        scale, box bottom and top above the baseline, font, embedded?, size, a, b, c, d)."""
        fonts = self.fonts
        self.fonts_used.add(font)
        descent = fonts.descent.get(font)
        if descent is None:
            descent = fonts.descent[font] = self._descent(font)
        embedded = fonts.embedded.get(font)
        if embedded is None and self._watch:
            embedded = fonts.embedded[font] = self.api.font_embedded(ctypes.c_void_p(font)) == 1
        metrics = fonts.metrics.setdefault(font, {})
        upright = b == 0 and c == 0 and a > 0 and d > 0 and self.transform is None
        low, high = d * descent * size, d * (descent + 1) * size
        return metrics, upright, a * size, low, high, font, embedded, size, a, b, c, d

    def _descent(self, font: int) -> float:
        """The font's descent per point (0 when PDFium does not know it)."""
        found = self.api.descent(ctypes.c_void_p(font), self._one, self._float_ref)
        return self._float.value if found else 0.0

    def keep_inkless(self, objects) -> bool:
        """Outline those of ``objects`` that have no ink box (:meth:`outline`). True if there were any."""
        bounds, refs, void = self._bounds, self._bound_refs, ctypes.c_void_p
        inkless = [obj for obj in objects
                   if self.api.obj_bounds(void(obj), *refs) and bounds[2].value - bounds[0].value < 0.01]
        self.outline(inkless)
        return bool(inkless)

    def outline(self, objects: list[int]) -> None:
        """Give ``objects`` a hairline outline, so that PDFium's text page keeps them although they have no
        ink box (see the module's notes; only the in-memory page changes)."""
        api, void, hairline = self.api, ctypes.c_void_p, ctypes.c_float(0.1)
        identity = [ctypes.c_double(v) for v in (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)]
        for obj in objects:
            handle = void(obj)
            api.set_stroke_width(handle, hairline)
            api.set_render_mode(handle, 2)  # FPDF_TEXTRENDERMODE_FILL_STROKE
            api.transform(handle, *identity)  # recomputes the bounds with the outline

    def chars(self) -> list[Char]:
        """The characters of the page with pdfminer's boxes, in content-stream order."""
        textpage = ctypes.c_void_p(self.api.load_text(self.raw))
        try:
            placed = self._placed(textpage)
        finally:
            self.api.close_text(textpage)
        placed.sort()
        return [p[1] for p in placed]

    def _placed(self, textpage: ctypes.c_void_p) -> list[tuple[int, Char]]:
        """(stream position x 2^20 + index on the text page, character) of every character PDFium placed.
        Written for speed: this runs once per character of every PDF. Every origin is PDFium's: its text page
        may leave out an object's first characters (a second space in a row, a character drawn twice at one
        place), so an object's position is not its first listed character's origin."""
        api, info_of = self.api, self.info
        text_object, origin, generated, transform = api.text_object, api.origin, api.generated, self.transform
        count = api.count_chars(textpage)
        codes = _codes(api, textpage, count)
        if codes is None:
            codes = [api.unicode(textpage, i) for i in range(count)]
        x, y = ctypes.c_double(), ctypes.c_double()
        x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
        seen: set[int] = set()
        placed: list[tuple[int, Char]] = []
        append = placed.append
        last = -1
        key = 0
        shared: tuple = ()
        metrics: dict[int, tuple[float, str]] = {}
        upright, scale_x, low, high, font, size, a, b, c, d = False, 0.0, 0.0, 0.0, 0, 0.0, 1.0, 0.0, 0.0, 1.0
        for i, u in enumerate(codes):
            if u in _SKIP or (u == 32 and generated(textpage, i)):
                continue
            obj = text_object(textpage, i)
            if obj != last:
                info = info_of.get(obj)
                if info is None:  # a character PDFium made up
                    continue
                seen.add(obj)
                key, style = info
                if style is not shared:
                    shared = style
                    metrics, upright, scale_x, low, high, font, _, size, a, b, c, d = style
                last = obj
            m = metrics.get(u)
            if m is None:
                m = metrics[u] = self._metrics(textpage, i, font, u)
            origin(textpage, i, x_ref, y_ref)
            ox, oy = x.value, y.value
            if upright and m[0] >= 0:  # most text: (advance, descent + size) scaled, no rotation
                append((key + i, (m[1], ox, oy + low, ox + scale_x * m[0], oy + high)))
                continue
            box = _box(ox, oy, m[0] * size, self.fonts.descent[font] * size, size, a, b, c, d)
            append((key + i, (m[1], *(box if transform is None else _transformed(box, transform)))))
        self.unseen = set(self.info).difference(seen)
        return placed

    def _metrics(self, textpage: ctypes.c_void_p, index: int, font: int, u: int) -> tuple[float, str]:
        """Advance of character ``u`` in ``font`` per point, and its text (``(cid:N)`` without Unicode)."""
        out = self._float
        advance = out.value if self.api.glyph_width(ctypes.c_void_p(font), u, self._one, self._float_ref) else 1.0
        return advance, f"(cid:{u})" if self.api.map_error(textpage, index) else chr(u)


def _codes(api: SimpleNamespace, textpage: ctypes.c_void_p, count: int) -> list[int] | None:
    """The characters' code points in one call, when the page text has one entry per character (PDFium leaves
    out some control characters; then None, and the caller asks character by character)."""
    buffer = (ctypes.c_uint16 * (count + 1))()
    n = max(api.get_text(textpage, 0, count, buffer) - 1, 0)  # UTF-16 units, without the final NUL
    text = ctypes.string_at(buffer, 2 * n).decode("utf-16-le", errors="surrogatepass")
    units = list(map(ord, text))  # a character beyond the BMP is one code point (two units) here
    return units if len(units) == count else None


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


class _Object(ctypes.c_void_p):
    """A page object's handle as PDFium returns it: ctypes leaves a result of a ``c_void_p`` subclass as it is,
    so the handle goes back into PDFium without being wrapped again (``.value`` is its address)."""


@functools.cache
def _api() -> SimpleNamespace:
    """The PDFium functions this reader calls, as copies of pypdfium2's bindings (pypdfium2's own are left as
    they are). Those called per character or per object take their arguments unconverted: ctypes' conversion
    of each argument would cost more than PDFium's work. The caller passes handles as ``c_void_p`` (a plain
    int would go in as a 32-bit ``int``), floats as ``c_float`` or ``c_double`` (a Python float is refused)
    and out-parameters by reference; handles come back as ints (None for NULL), page objects as
    :class:`_Object`. Only the two calls into form objects keep their types."""
    import pypdfium2.raw as R

    P, I, U = ctypes.c_void_p, ctypes.c_int, ctypes.c_uint

    def copy(fn, restype, *argtypes):
        variant = type(fn)(ctypes.cast(fn, ctypes.c_void_p).value)
        variant.argtypes, variant.restype = argtypes or None, restype
        return variant

    return SimpleNamespace(
        count_objects=copy(R.FPDFPage_CountObjects, I),
        get_object=copy(R.FPDFPage_GetObject, _Object),
        form_count=copy(R.FPDFFormObj_CountObjects, I, P),
        form_object=copy(R.FPDFFormObj_GetObject, _Object, P, ctypes.c_ulong),
        obj_type=copy(R.FPDFPageObj_GetType, I),
        obj_bounds=copy(R.FPDFPageObj_GetBounds, I),
        obj_matrix=copy(R.FPDFPageObj_GetMatrix, I),
        set_stroke_width=copy(R.FPDFPageObj_SetStrokeWidth, I),
        set_render_mode=copy(R.FPDFTextObj_SetTextRenderMode, I),
        transform=copy(R.FPDFPageObj_Transform, None),
        font_size=copy(R.FPDFTextObj_GetFontSize, I),
        text_font=copy(R.FPDFTextObj_GetFont, P),
        font_embedded=copy(R.FPDFFont_GetIsEmbedded, I),
        glyph_width=copy(R.FPDFFont_GetGlyphWidth, I),
        descent=copy(R.FPDFFont_GetDescent, I),
        load_text=copy(R.FPDFText_LoadPage, P),
        close_text=copy(R.FPDFText_ClosePage, None),
        count_chars=copy(R.FPDFText_CountChars, I),
        get_text=copy(R.FPDFText_GetText, I),
        unicode=copy(R.FPDFText_GetUnicode, U),
        generated=copy(R.FPDFText_IsGenerated, I),
        map_error=copy(R.FPDFText_HasUnicodeMapError, I),
        origin=copy(R.FPDFText_GetCharOrigin, I),
        text_object=copy(R.FPDFText_GetTextObject, P),
    )

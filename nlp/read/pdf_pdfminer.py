"""PDF characters with pdfminer.six: the selectable reader (``--pdf-reader pdfminer``) and the second opinion.

pdfminer is pure Python: about six times slower than PDFium on this genre, but a reader of its own, with its
own font decoding and its own tolerance of damaged files. Its layout analysis is not used (no LAParams): the
characters are taken in content-stream order, with their boxes, and :mod:`.pdf_lines` builds the lines, the
same code the PDFium reader uses. Text inside form XObjects is read too (pdfminer's layout analysis would
leave it out; PDFium keeps it, and some producers put a whole page in one form).
"""
from __future__ import annotations

import io
from collections.abc import Iterator

from .pdf_lines import Char, PageReading, group_chars


def read_pages(data: bytes, info: list | None = None) -> Iterator[PageReading]:
    """Every page of the PDF file ``data``; raises pdfminer's exceptions (and others) on damaged files.
    ``info`` receives the document's info dictionaries (values as the file has them: ``b"D:2024…"``)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    rsrc = PDFResourceManager(caching=True)
    device = PDFPageAggregator(rsrc, laparams=None)
    interpreter = PDFPageInterpreter(rsrc, device)
    with io.BytesIO(data) as fh:
        document = PDFDocument(PDFParser(fh))
        if info is not None:
            info.extend(document.info)
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            layout = device.get_result()
            chars: list[Char] = []
            images = _collect(layout, chars)
            yield PageReading(group_chars(chars), layout.width, images)


def _collect(container, chars: list[Char]) -> int:
    """Append the characters of ``container`` (figures' included, in stream order) to ``chars``; returns the
    number of images."""
    from pdfminer.layout import LTChar, LTContainer, LTImage

    images = 0
    for obj in container:
        if isinstance(obj, LTChar):
            chars.append((obj.get_text(), obj.x0, obj.y0, obj.x1, obj.y1))
        elif isinstance(obj, LTImage):
            images += 1
        elif isinstance(obj, LTContainer):
            images += _collect(obj, chars)
    return images

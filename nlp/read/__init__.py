"""Reading: one small module per published form behind :func:`read`.

``read(path)`` picks the reader by the file's content first (a PDF named ``.txt`` is still a PDF) and by its
extension second, and returns a :class:`~nlp.read.document.RawDocument`. Every failure is a
:class:`~nlp.errors.ReadError` whose message says, in words a user understands, why the file cannot be read.
"""
from __future__ import annotations

from pathlib import Path

from .document import RawDocument
from ..errors import ReadError
from ..rules import Rules
from .files import read_regular
from .pdf import DEFAULT_READER

SUPPORTED = {".pdf", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".doc", ".txt", ".md", ".markdown", ".text"}


def sniff(head: bytes, suffix: str) -> str:
    """The form of a file from its first bytes, falling back on its extension."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if suffix in (".docx", ".doc", "") else "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    low = head[:2048].lower()
    if suffix in (".html", ".htm", ".shtml", ".xhtml") or b"<html" in low or b"<!doctype html" in low:
        return "html"
    if suffix in (".pdf",):
        return "badpdf"
    if suffix in (".docx",):
        return "baddocx"
    if suffix in (".txt", ".md", ".markdown", ".text", ""):
        return "text"
    return "unsupported"


def read(path: str | Path, rules: Rules | None = None, pdf_reader: str = DEFAULT_READER,
         data: bytes | None = None) -> RawDocument:
    """Read one report file into pages of raw text. Raises ReadError with the reason.

    ``pdf_reader``: "pdfium" (default) or "pdfminer", the reader asked first for PDFs (see :mod:`.pdf`).
    ``data``: the file's content when the caller has read it already (through :func:`~.files.read_regular`)."""
    p = Path(path)
    # the file is opened once, checked to be a regular file on its descriptor, and read whole: the readers work
    # on these bytes, so nothing can be swapped in (a FIFO, a device) between the check and the reading
    if data is None:
        data = read_regular(p)
    if not data:
        raise ReadError("empty file (0 bytes)")
    suffix = p.suffix.lower()
    form = sniff(data[:4096], suffix)
    if form == "pdf":
        from .pdf import read_pdf

        return read_pdf(p, pdf_reader, data)
    if form == "html":
        from .html import read_html

        return read_html(p, rules, data)
    if form == "docx":
        from .docx import read_docx

        return read_docx(p, data)
    if form == "ole":
        from .docx import read_doc

        return read_doc(p)
    if form == "text":
        from .text import read_text

        return read_text(p, rules, data)
    if form == "badpdf":
        raise ReadError("not a PDF although named .pdf (no %PDF header): the file is damaged or mislabelled")
    if form == "baddocx":
        raise ReadError("not a DOCX although named .docx (not a ZIP package): the file is damaged or mislabelled")
    if form == "zip":
        raise ReadError(f"unsupported file type {suffix or '(no extension)'} (a ZIP package, e.g. a spreadsheet); "
                        "supported: PDF, HTML, DOCX, TXT/Markdown")
    raise ReadError(f"unsupported file type {suffix or '(no extension)'}; supported: PDF, HTML, DOCX, TXT/Markdown")

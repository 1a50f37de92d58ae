"""PDF: page by page, lines in reading order, table rows kept on one line; two readers, one layout.

Two readers place the characters: PDFium through pypdfium2 (:mod:`.pdf_pdfium`, the default: C speed) and
pdfminer.six (:mod:`.pdf_pdfminer`, ``--pdf-reader pdfminer``: pure Python, about six times slower). Both hand
their characters to the same layout code (:mod:`.pdf_lines`), so they give the same page text wherever they
decode the same characters.

Each reader is the other's second opinion. When the chosen one cannot open the file, finds no text, cannot map
much of it to Unicode, or finds hardly any Chinese (a report of this genre is Chinese: a font decoded through
the wrong CMap gives Latin debris), the other is asked, and the reading with more Chinese characters (then more
legible ones) is kept, with a warning naming the reader used. So a PDF whose fonts one reader cannot decode is
not reported as "scanned" or read as debris. Encrypted files are not retried: both need the password.

Every failure of a reader on a damaged file (its own exceptions, and the zlib, recursion, assertion and
not-implemented errors pdfminer lets through) becomes a :class:`~nlp.errors.ReadError` "damaged PDF: …".
"""
from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .document import WRAP_MARK, RawDocument, RawPage
from .pdf_lines import PageReading, page_text
from .published import pdf_info_dates
from ..errors import ReadError

READERS = ("pdfium", "pdfminer")
DEFAULT_READER = "pdfium"

# Exceptions a parser raises on a damaged file (pdfminer's own derive from ValueError, KeyError, TypeError or
# its PSException; PDFium's from pypdfium2.PdfiumError, added when the reader is loaded).
_DAMAGE: tuple[type[BaseException], ...] = (ValueError, KeyError, TypeError, AttributeError, IndexError, EOFError,
                                            ArithmeticError, AssertionError, NotImplementedError, RecursionError,
                                            zlib.error, struct.error)
_UNDECODABLE = re.compile(r"\(cid:\d+\)|\ufffd")
_CJK = re.compile(r"[\u3400-\u9fff]")
# A report of this genre is Chinese: about 0.7 of its printed characters are ideographs (0.67-0.74 on every
# corpus and real PDF, no page below 0.43). Below a fifth, the fonts were decoded wrongly, or it is no report.
_CHINESE_SHARE = 0.2


class _Encrypted(Exception):
    """The file needs a password (or uses a protection the reader does not support): no reader can help."""


@dataclass
class _Reading:
    """What one reader made of the file."""

    reader: str
    pages: list[RawPage] = field(default_factory=list)
    images: int = 0
    failure: BaseException | None = None  # the exception that stopped the reader
    legible: int = 0  # characters other than blanks and undecodable marks
    undecodable: int = 0
    chinese: int = 0  # CJK ideographs
    info: list = field(default_factory=list)  # the document's info dictionary (title, dates…) as the reader saw it

    @property
    def opened(self) -> bool:
        return bool(self.pages) and any(p.text.strip() for p in self.pages)

    def poor(self) -> bool:
        """Too little legible text for a report: nothing, almost nothing per page, or mostly undecodable."""
        n = max(len(self.pages), 1)
        return (self.legible < 20 * n and self.legible < 200) or self.undecodable > 0.1 * (self.legible + 1)

    def doubtful(self) -> bool:
        """Worth a second opinion: a failure, too little text, or hardly any Chinese in it."""
        return self.failure is not None or self.poor() or self.chinese < _CHINESE_SHARE * self.legible

    def score(self) -> tuple[int, int]:
        return self.chinese, self.legible


def read_pdf(path: Path, reader: str = DEFAULT_READER, data: bytes | None = None) -> RawDocument:
    """Read a PDF with ``reader`` ("pdfium" or "pdfminer"), asking the other reader where it fails. ``data``:
    the file's bytes when the caller has read them (else the file at ``path`` is read)."""
    if reader not in READERS:
        raise ValueError(f"unknown PDF reader {reader!r}: {' or '.join(READERS)}")
    data = path.read_bytes() if data is None else data
    truncated = b"%%EOF" not in data[-2048:]
    chosen = first = _read(reader, data)
    readings = [first]
    warnings = []
    if first.doubtful():
        other = _read(READERS[1 - READERS.index(reader)], data)
        readings.append(other)
        if other.score() > first.score() or other.opened and not first.opened:
            chosen = other
            warnings.append(f"text read with {_NAMES[other.reader]}: {_NAMES[reader]} {_why(first)}")
    if chosen.failure is not None:
        if not chosen.opened:
            raise _failure_error(chosen.failure, truncated)
        warnings.append(f"PDF damaged after page {len(chosen.pages)} ({type(chosen.failure).__name__}); "
                        "text may be incomplete")
    elif truncated:
        warnings.append("PDF looks truncated (no %%EOF marker); text may be incomplete")
    if not chosen.pages:
        raise ReadError("corrupt or truncated PDF: no pages could be read" if truncated else "PDF without pages")
    if chosen.poor():
        # no legible text anywhere: a reader that broke on the file says more than "scanned"
        broken = next((r.failure for r in readings if r.failure is not None and not r.opened), None)
        raise _failure_error(broken, truncated) if broken else ReadError(_no_text(chosen, readings))
    return RawDocument(str(path), "pdf", chosen.pages, paged=True, warnings=warnings,
                       meta=pdf_info_dates(chosen.info))


_NAMES = {"pdfium": "PDFium", "pdfminer": "pdfminer.six"}


def _read(reader: str, data: bytes) -> _Reading:
    """All pages one reader can read; a failure on a damaged file is kept in ``failure``, not raised."""
    pages_of, errors = _reader(reader)
    reading = _Reading(reader)
    try:
        for number, page in enumerate(pages_of(data, reading.info), start=1):
            _add(reading, number, page)
    except _Encrypted as exc:
        raise ReadError(str(exc)) from exc
    except errors as exc:
        reading.failure = exc
    return reading


def _add(reading: _Reading, number: int, page: PageReading) -> None:
    text = page_text(page.lines, page.width)
    reading.pages.append(RawPage(number, text))
    reading.images += page.images
    undecodable = _UNDECODABLE.findall(text)
    reading.undecodable += len(undecodable)
    printed = len("".join(text.split())) - text.count(WRAP_MARK)
    reading.legible += printed - sum(len(u) for u in undecodable)
    reading.chinese += len(_CJK.findall(text))


def _reader(reader: str) -> tuple[Callable[[Path, list], Iterator[PageReading]], tuple[type[BaseException], ...]]:
    """The page reader and the exceptions that mean "damaged file" for ``reader`` (imported only when used)."""
    if reader == "pdfium":
        import pypdfium2

        from .pdf_pdfium import read_pages

        return _pdfium_encryption(read_pages), _DAMAGE + (pypdfium2.PdfiumError,)
    from pdfminer.psparser import PSException

    from .pdf_pdfminer import read_pages

    return _pdfminer_encryption(read_pages), _DAMAGE + (PSException,)


def _pdfium_encryption(pages_of: Callable[[Path, list], Iterator[PageReading]]):
    import pypdfium2
    import pypdfium2.raw as R

    def pages(path: Path, info: list) -> Iterator[PageReading]:
        try:
            yield from pages_of(path, info)
        except pypdfium2.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code == R.FPDF_ERR_PASSWORD:
                raise _Encrypted(_NEEDS_PASSWORD) from exc
            if code == R.FPDF_ERR_SECURITY:
                raise _Encrypted(_unsupported_protection("PDFium: unsupported security handler")) from exc
            if code == R.FPDF_ERR_SUCCESS:  # opened, but there is no page
                return
            raise
    return pages


def _pdfminer_encryption(pages_of: Callable[[Path, list], Iterator[PageReading]]):
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    def pages(path: Path, info: list) -> Iterator[PageReading]:
        try:
            yield from pages_of(path, info)
        except PDFPasswordIncorrect as exc:
            raise _Encrypted(_NEEDS_PASSWORD) from exc
        except PDFEncryptionError as exc:
            raise _Encrypted(_unsupported_protection(str(exc))) from exc
    return pages


_NEEDS_PASSWORD = "encrypted PDF: it needs a password to open; save an unencrypted copy"


def _unsupported_protection(detail: str) -> str:
    return f"encrypted PDF with an unsupported protection ({detail}); save an unencrypted copy"


def _why(reading: _Reading) -> str:
    if reading.failure is not None and not reading.opened:
        return f"could not open it ({_describe(reading.failure)})"
    if reading.undecodable > 0.1 * (reading.legible + 1):
        return f"could not decode its fonts ({reading.undecodable} characters without Unicode)"
    if not reading.poor():
        return f"decoded its fonts to hardly any Chinese ({reading.chinese} of {reading.legible} characters)"
    return "found no text in it"


def _describe(exc: BaseException) -> str:
    name = type(exc).__name__
    if name == "error":  # zlib.error, struct.error: the module says what failed
        name = f"{type(exc).__module__}.error"
    text = str(exc).strip()
    return f"{name}: {text[:200]}" if text else name


def _failure_error(exc: BaseException, truncated: bool) -> ReadError:
    if truncated:
        return ReadError(f"corrupt or truncated PDF: cannot be parsed ({_describe(exc)})")
    return ReadError(f"damaged PDF: cannot be parsed ({_describe(exc)})")


def _no_text(reading: _Reading, readings: list[_Reading]) -> str:
    images = max(r.images for r in readings)
    if reading.undecodable > reading.legible:
        return (f"the PDF's fonts cannot be decoded ({reading.undecodable} characters without Unicode mapping, "
                "in every reader); OCR is not supported")
    what = "looks scanned" if images else "only graphics, looks scanned or printed to image"
    return f"no text layer — {what}; OCR is not supported"



"""DOCX: paragraphs and tables in document order, read from the package XML (no Word needed).

Old binary ``.doc`` files are converted with LibreOffice when it is installed; otherwise the user is told how to
convert them.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from .document import MAX_SPAN, MAX_TABLE_CELLS, RawDocument, RawPage, table_line
from ..errors import ReadError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A report's document.xml is a few MB even with many tables; a part that would unpack to more is a damaged or
# hostile file (a "zip bomb"), refused before it is unpacked into memory.
MAX_PART_BYTES = 100 * 1024 * 1024


def read_docx(path: Path, data: bytes | None = None) -> RawDocument:
    """``data``: the file's bytes when the caller has read them (else the file at ``path`` is opened)."""
    try:
        with zipfile.ZipFile(path if data is None else io.BytesIO(data)) as zf:
            xml = _read_part(zf, "word/document.xml")
            core = _read_part(zf, "docProps/core.xml") if "docProps/core.xml" in zf.namelist() else b""
    except KeyError as exc:
        raise ReadError("a ZIP package without word/document.xml: not a Word document") from exc
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise ReadError(f"damaged or truncated DOCX (not a valid ZIP package): {exc}") from exc
    except (NotImplementedError, RuntimeError) as exc:  # an unknown compression method, an encrypted part
        raise ReadError(f"damaged DOCX: its parts cannot be unpacked ({exc})") from exc
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"damaged DOCX: document.xml is not well-formed ({exc})") from exc
    body = _child(root, f"{W}body")
    lines: list[str] = []
    pages = [RawPage(1, "")]
    budget = [MAX_TABLE_CELLS]
    for child in body if body is not None else []:
        if child.tag == f"{W}p":
            lines.append(_paragraph_text(child))
        elif child.tag == f"{W}tbl":
            lines.extend(table_line(row) for row in _table_rows(child, budget) if any(row))
            lines.append("")
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError("DOCX without text (empty document, or only images: OCR is not supported)")
    pages[0].text = text
    title = ""
    if core:
        try:
            t = etree.fromstring(core).find("{http://purl.org/dc/elements/1.1/}title")
            title = (t.text or "").strip() if t is not None else ""
        except etree.XMLSyntaxError:
            pass
    return RawDocument(str(path), "docx", pages, title_hint=title)


def _read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    size = zf.getinfo(name).file_size  # KeyError when missing, as zf.read would raise
    if size > MAX_PART_BYTES:
        raise ReadError(f"DOCX part {name} would unpack to {size // (1024 * 1024)} MB (limit "
                        f"{MAX_PART_BYTES // (1024 * 1024)} MB): damaged, or not a report")
    return zf.read(name)


def _paragraph_text(p: etree._Element) -> str:
    parts = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if el.tag == f"{W}t":
            parts.append(el.text or "")
        elif el.tag == f"{W}tab":
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _table_rows(tbl: etree._Element, budget: list[int]) -> list[list[str]]:
    """Rows with merged cells expanded into empty cells; ``budget`` counts the cells left for the document."""
    rows = []
    for tr in tbl.iterchildren(f"{W}tr"):
        row = []
        for tc in tr.iterchildren(f"{W}tc"):
            props = _child(tc, f"{W}tcPr")
            span = 1
            continued = False
            if props is not None:
                gs = _child(props, f"{W}gridSpan")
                if gs is not None:
                    try:
                        span = max(1, min(int(gs.get(f"{W}val", "1")), MAX_SPAN))
                    except ValueError:
                        span = 1
                vm = _child(props, f"{W}vMerge")
                continued = vm is not None and vm.get(f"{W}val", "continue") != "restart"
            text = "".join(_paragraph_text(p) for p in tc.iter(f"{W}p")).strip()
            row.append("" if continued else " ".join(text.split()))
            row.extend([""] * (span - 1))
            budget[0] -= span
        if budget[0] < 0:
            raise ReadError(f"damaged DOCX: its tables have more than {MAX_TABLE_CELLS:,} cells (not a report)")
        rows.append(row)
    return rows


def _child(el: etree._Element, tag: str) -> etree._Element | None:
    """``el.find(tag)`` for a plain tag: the first child with that tag. lxml's find goes through its Python
    ElementPath machinery on every call, iterchildren filters in C (two to three times faster)."""
    return next(el.iterchildren(tag), None)


def read_doc(path: Path) -> RawDocument:
    """Old binary Word: convert with LibreOffice if available, else explain how to convert."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if path.suffix.lower() not in (".doc", ".wps", ".dot"):
        raise ReadError(f"unsupported file type {path.suffix or '(no extension)'} (an OLE/Office binary file); "
                        "supported: PDF, HTML, DOCX, TXT/Markdown")
    if not office:
        raise ReadError("old binary Word .doc is not supported: open it in Word/WPS and save it as .docx "
                        "(or install LibreOffice, which is then used to convert it)")
    with tempfile.TemporaryDirectory() as tmp:
        # A private LibreOffice profile per conversion: parallel workers sharing the user's profile block on its
        # lock file (or convert nothing), and the user's own LibreOffice settings stay untouched.
        profile = (Path(tmp) / "profile").as_uri()
        try:
            subprocess.run([office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                            "--outdir", tmp, str(path)], check=True, capture_output=True, timeout=120)
        except (subprocess.SubprocessError, OSError) as exc:
            raise ReadError(f"old binary Word .doc: conversion with LibreOffice failed ({exc})") from exc
        converted = Path(tmp) / (path.stem + ".docx")
        if not converted.exists():
            raise ReadError("old binary Word .doc: LibreOffice produced no .docx")
        doc = read_docx(converted)
    doc.path = str(path)
    return doc

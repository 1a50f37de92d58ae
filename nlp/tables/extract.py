"""The reader's entry: a report's statutory tables as cells, from its text and, for PDFs, from its ruling lines.

For PDFs the text order scatters cells, so the PDF is opened again with pdfplumber, whose tables come from the
ruling lines of the page; its rows feed the same reader as explicit grid rows. Per table, the reading with more
legible cells wins (pdfplumber on ties). pdfplumber costs about 0.1–0.3 s per page; only the pages that hold the
tables are opened.
"""
from __future__ import annotations

from ..read.document import Document
from .cells import Cell
from .forms import read_all
from .pieces import pdf_pieces, text_pieces
from .regions import table_pages
from .spacing import RawLines


def extract_tables(doc: Document, report_id: str, pdf_source: bytes | str | None = None) -> list[Cell]:
    """All cells of tables 2, 3 and 4 that the report prints (rows it does not print get no cells).

    For a PDF (``doc.kind == "pdf"``) whose text reading leaves a table incomplete, the PDF is opened again with
    pdfplumber on the pages that hold the tables; per table, the reading with more legible cells is kept.
    pdfplumber costs 0.15–0.3 s a page, so it is used only where needed. ``pdf_source``: the PDF's bytes as the
    text was read from them (the batch passes them, so both readings see the same file), or its path; default
    ``doc.path``.
    """
    pieces = text_pieces(doc)
    raw = RawLines(doc) if doc.kind in ("text", "crawl") else None
    best = read_all(pieces, report_id, doc, raw)
    incomplete = len(best) < 3 or any(c.value_kind == "unreadable" for read in best.values() for c in read.cells)
    # pdfplumber reads the same text layer: where the text shows no statutory table, it would find none either
    if doc.kind == "pdf" and best and incomplete:
        try:
            grid = pdf_pieces(pdf_source or doc.path, table_pages(doc, pieces))
        except Exception as exc:  # pdfplumber missing or the file unreadable: keep the text reading
            doc.warnings.append(f"tables: pdfplumber could not read the PDF ({type(exc).__name__})")
            grid = []
        if grid:
            for t, read in read_all(grid, report_id, None, None).items():
                if t not in best or read.legible >= best[t].legible:
                    best[t] = read
    cells: list[Cell] = []
    for t in ("t2", "t3", "t4"):
        if t in best:
            cells.extend(best[t].cells)
    return cells


"""``corpus/bad/``: one file per kind of input a reader must refuse with its own message.

Empty file, truncated PDF, encrypted PDF, scanned PDF without a text layer, binary junk, an unsupported
extension, an old binary Word .doc, and a text that is not an annual report (it must read, with a warning).
Pseudo-random bytes come from fixed seeds, so the files are the same on every run.
"""
from __future__ import annotations

import io
import random
from collections.abc import Callable
from pathlib import Path

from reportlab.pdfgen import canvas as rl_canvas
from reportlab.pdfgen.canvas import Canvas

from . import render_pdf
from .render_pdf import PAGE_H, PAGE_W
from .samples import DEFAULT_SRC, Faults, Sample, load_bodies
from .source import parse_source
from .zipfiles import fixed_zip

BAD_SRC = DEFAULT_SRC / "bad"


def make_bad(samples: list[Sample], src_dir: Path, out_dir: Path, log: Callable[[str], None]) -> None:
    bad = out_dir / "bad"
    bad.mkdir(parents=True, exist_ok=True)
    sample, text = _pdf_base(samples, src_dir)
    doc = parse_source(text, warn=lambda *_: None)
    good = render_pdf.render(doc, sample)
    from reportlab.lib.pdfencrypt import StandardEncryption  # loads reportlab.platypus: only bad/ needs it

    enc = StandardEncryption("qx2021", ownerPassword="qingxi-owner", canPrint=0, canModify=0, canCopy=0,
                             canAnnotate=0, strength=128)
    rnd = random.Random(1234567)
    files = {
        "empty.txt": b"",
        "truncated.pdf": good[: int(len(good) * 0.4)],
        "encrypted_user_password.pdf": render_pdf.render(doc, sample, encrypt=enc),
        "scanned_no_text_layer.pdf": make_scanned_pdf(),
        "binary_junk.txt": bytes([0x89, 0x50, 0x4E, 0x47, 0x00, 0xFF]) + bytes(
            rnd.getrandbits(8) for _ in range(4090)),
        "unsupported_extension_年报.xlsx": make_junk_xlsx(),
        "old_binary_word.doc": make_ole_doc(),
        "not_annual_report_农贸市场开业.txt": (BAD_SRC / "not_annual_report.txt").read_bytes(),
    }
    for name, data in files.items():
        (bad / name).write_bytes(data)
        log(f"  bad/{name} ({len(data)} bytes)")


def _pdf_base(samples: list[Sample], src_dir: Path) -> tuple[Sample, str]:
    """The first ``pdf`` sample whose source exists, else a tiny built-in report of 青溪县."""
    for sample in samples:
        path = src_dir / (sample.id + ".txt")
        if sample.form == "pdf" and path.exists():
            return sample, path.read_text(encoding="utf-8")
    body = load_bodies(DEFAULT_SRC / "bodies.yaml")["青溪县"]
    fallback = Sample(id="fallback", form="pdf", out="x.pdf", year=2019, body=body,
                      faults=Faults(page_numbers="- {n} -"))
    return fallback, (BAD_SRC / "fallback_report.txt").read_text(encoding="utf-8")


def make_scanned_pdf() -> bytes:
    """A 'scanned' report: pages with drawn shapes only (no text layer)."""
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    c.setTitle("扫描件")
    c.setCreator("Scanner PDF Driver")
    rnd = random.Random(20240601)
    for page in range(3):
        _scanned_page(c, rnd, page)
        c.showPage()
    c.save()
    return buf.getvalue()


def _scanned_page(c: Canvas, rnd: random.Random, page: int) -> None:
    """Paper tone, a slightly rotated page of character blocks, speckles, a seal on the last page."""
    c.setFillColorRGB(0.96, 0.95, 0.92)
    c.rect(0, 0, PAGE_W, PAGE_H, stroke=0, fill=1)
    c.saveState()
    c.translate(PAGE_W / 2, PAGE_H / 2)
    c.rotate(0.7 - 0.5 * page)
    c.translate(-PAGE_W / 2, -PAGE_H / 2)
    y = PAGE_H - 110
    if page == 0:  # the two title lines
        c.setFillGray(0.15)
        for k, n in enumerate((7, 14)):
            w = n * 20
            x = (PAGE_W - w) / 2
            for i in range(n):
                c.rect(x + i * 20 + 2, y - k * 34, 16, 18, stroke=0, fill=1)
        y -= 100
    while y > 110:  # text lines, some indented, some short, with a few characters missing
        indent = 28 if rnd.random() < 0.25 else 0
        n = 28 - (indent // 14) if rnd.random() > 0.2 else rnd.randint(6, 25)
        x = 101 + indent
        c.setFillGray(0.12 + rnd.random() * 0.1)
        for i in range(n):
            if rnd.random() < 0.93:
                c.rect(x + i * 14 + 1.5, y, 11 + rnd.random() * 1.5, 11 + rnd.random() * 1.5, stroke=0, fill=1)
        y -= 25
    c.setFillGray(0.3)
    for _ in range(120):
        c.circle(rnd.uniform(20, PAGE_W - 20), rnd.uniform(20, PAGE_H - 20), rnd.uniform(0.2, 0.8),
                 stroke=0, fill=1)
    if page == 2:
        c.setStrokeColorRGB(0.85, 0.1, 0.1)
        c.setLineWidth(3)
        c.circle(PAGE_W - 170, 170, 58, stroke=1, fill=0)
        c.setFillColorRGB(0.85, 0.1, 0.1)
        c.circle(PAGE_W - 170, 170, 9, stroke=0, fill=1)
    c.restoreState()
    # page number drawn as a shape
    c.setFillGray(0.2)
    c.rect(PAGE_W / 2 - 12, 40, 24, 2, stroke=0, fill=1)


def make_ole_doc() -> bytes:
    """An old binary Word file: a valid OLE2 compound-file header, then junk sectors with a few names."""
    rnd = random.Random(19970101)
    hdr = bytearray(512)
    hdr[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    hdr[0x18:0x1A] = (0x003E).to_bytes(2, "little")  # minor version
    hdr[0x1A:0x1C] = (0x0003).to_bytes(2, "little")  # major version 3
    hdr[0x1C:0x1E] = (0xFFFE).to_bytes(2, "little")  # byte order
    hdr[0x1E:0x20] = (9).to_bytes(2, "little")  # sector shift (512)
    hdr[0x20:0x22] = (6).to_bytes(2, "little")  # mini sector shift
    hdr[0x2C:0x30] = (1).to_bytes(4, "little")  # number of FAT sectors
    hdr[0x30:0x34] = (1).to_bytes(4, "little")  # first directory sector
    hdr[0x38:0x3C] = (4096).to_bytes(4, "little")  # mini stream cutoff
    hdr[0x3C:0x40] = (0xFFFFFFFE).to_bytes(4, "little")
    hdr[0x44:0x48] = (0xFFFFFFFE).to_bytes(4, "little")
    hdr[0x4C:0x50] = (0).to_bytes(4, "little")
    for k in range(1, 109):
        hdr[0x4C + 4 * k:0x50 + 4 * k] = (0xFFFFFFFF).to_bytes(4, "little")
    body = bytearray(rnd.getrandbits(8) for _ in range(512 * 14))
    entry = "Root Entry".encode("utf-16-le")
    body[512:512 + len(entry)] = entry
    wd = "WordDocument".encode("utf-16-le")
    body[512 + 128:512 + 128 + len(wd)] = wd
    text = "青溪县人民政府2019年政府信息公开工作年度报告\r一、总体情况\r".encode("utf-16-le")
    body[2048:2048 + len(text)] = text
    return bytes(hdr) + bytes(body)


def make_junk_xlsx() -> bytes:
    """A zip with workbook-like entry names holding junk."""
    rnd = random.Random(424242)
    names = ("[Content_Types].xml", "xl/workbook.bin", "xl/data/0001.bin")
    return fixed_zip((name, bytes(rnd.getrandbits(8) for _ in range(1500))) for name in names)

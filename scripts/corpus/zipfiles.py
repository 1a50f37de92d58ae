"""Zip archives with fixed entry timestamps, so that the DOCX files and the junk .xlsx of ``corpus/bad/`` come
out byte-identical on every run (zipfile would otherwise stamp each entry with the current time)."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def fixed_zip(entries: Iterable[tuple[str, bytes]], unix_mode: int | None = None) -> bytes:
    """A deflated zip of ``(name, data)`` entries dated 1980-01-01. ``unix_mode`` gives every entry these
    permission bits and the MS-DOS host byte Word writes; None keeps a bare ZipInfo's defaults."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            zi = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            if unix_mode is not None:
                zi.external_attr = unix_mode << 16
                zi.create_system = 0
            z.writestr(zi, data)
    return out.getvalue()


def normalize_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps and ``0644`` entries."""
    src = zipfile.ZipFile(io.BytesIO(data))
    return fixed_zip(((info.filename, src.read(info.filename)) for info in src.infolist()), unix_mode=0o644)

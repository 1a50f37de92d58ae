"""Writing outputs that open cleanly in Excel and WPS.

CSV is UTF-8 with a BOM (without it Excel reads Chinese as mojibake), written to a temporary file and renamed
into place so that an interrupted run never leaves a half-written file. Text cells that begin with ``=``,
``+``, ``-`` or ``@`` are prefixed with an apostrophe: report texts are third-party input and must not become
spreadsheet formulas.
"""
from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Any

_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")


def safe_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.match(value):
        return "'" + value
    return value


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Any]) -> int:
    """Write rows (dataclasses or dicts) with exactly ``columns``; returns the number of rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    n = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            for row in rows:
                data = asdict(row) if is_dataclass(row) else row
                writer.writerow([safe_cell(data.get(c)) for c in columns])
                n += 1
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return n

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
from dataclasses import is_dataclass
from pathlib import Path
from typing import Any

_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")


def _publish(tmp: str, target: Path) -> None:
    """Give the temporary file ordinary permissions (mkstemp makes it private) and move it into place."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)
    os.replace(tmp, target)


def safe_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.match(value):
        return "'" + value
    return value


def _getter(row: Any):
    """Field access for a row: attributes of a dataclass (no copying, unlike ``asdict``) or keys of a dict."""
    if is_dataclass(row):
        return lambda c: getattr(row, c, None)
    return row.get


def write_text_atomic(path: Path, text: str) -> Path:
    """Write a text file (UTF-8) through a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        _publish(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Any]) -> int:
    """Write rows (dataclasses or dicts) with exactly ``columns``, atomically; returns the number of rows."""
    sink = CsvSink(path, columns)
    try:
        sink.write(rows)
    except BaseException:
        sink.abort()
        raise
    sink.close()
    return sink.rows


class CsvSink:
    """Rows streamed to a temporary CSV that replaces ``path`` only on :meth:`close` (atomic, flat memory)."""

    def __init__(self, path: Path, columns: Sequence[str], spreadsheet_safe: bool = True) -> None:
        self.path = path
        self.columns = list(columns)
        # Formula neutralising is for spreadsheets; a CSV that only becomes Parquet keeps the values as they are.
        self._cell = safe_cell if spreadsheet_safe else (lambda v: "" if v is None else v)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self._fh = os.fdopen(fd, "w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._fh)
        self._writer.writerow(self.columns)
        self.rows = 0

    def write(self, rows: Iterable[Any]) -> None:
        for row in rows:
            get = _getter(row)
            self._writer.writerow([self._cell(get(c)) for c in self.columns])
            self.rows += 1

    def close(self, fmt: str = "csv") -> Path:
        """Move the finished file into place; with ``fmt="parquet"`` convert it to ``<name>.parquet``."""
        self._fh.close()
        if fmt == "parquet":
            target = self.path.with_suffix(".parquet")
            fd, tmp_pq = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
            try:
                _csv_to_parquet(self.tmp, tmp_pq, self.columns)
                _publish(tmp_pq, target)
            finally:
                for leftover in (tmp_pq, self.tmp):
                    if os.path.exists(leftover):
                        os.unlink(leftover)
            return target
        _publish(self.tmp, self.path)
        return self.path

    def abort(self) -> None:
        try:
            self._fh.close()
            os.unlink(self.tmp)
        except OSError:
            pass


def _csv_to_parquet(csv_path: str, parquet_path: str, columns: Sequence[str]) -> None:
    """Convert block by block (flat memory whatever the corpus size); every column stays text, "" stays "",
    as the CSV has it (pandas reads both the same way)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    reader = pacsv.open_csv(
        csv_path, read_options=pacsv.ReadOptions(block_size=1 << 22),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),  # item texts may hold line breaks
        convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in columns},
                                             strings_can_be_null=False, quoted_strings_can_be_null=False))
    with pq.ParquetWriter(parquet_path, reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch)

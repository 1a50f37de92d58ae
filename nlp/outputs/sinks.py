"""Writing outputs that open cleanly in Excel and WPS.

CSV is UTF-8 with a BOM (without it Excel reads Chinese as mojibake), written to a temporary file and renamed
into place so that an interrupted run never leaves a half-written file. Text cells that begin with ``=``,
``+``, ``-`` or ``@`` are prefixed with an apostrophe: report texts are third-party input and must not become
spreadsheet formulas.
"""
from __future__ import annotations

import csv
import io
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import is_dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any

_NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")


def publish(tmp: str, target: Path) -> None:
    """Give the temporary file ordinary permissions (mkstemp makes it private) and move it into place."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(tmp, 0o666 & ~mask)
    os.replace(tmp, target)


UNSAFE_START = ("=", "+", "-", "@", "\t", "\r")  # how a spreadsheet formula can begin


def _safe_cells(values: Iterable[Any]) -> list[Any]:
    """A row for a spreadsheet: None as "", and a text that a spreadsheet would read as a formula (it begins
    with ``=``, ``+``, ``-``, ``@``, tab or CR and is not a plain number) prefixed with ``'``. One comprehension
    per row, not a call per cell: outputs have millions of cells."""
    return ["" if v is None else "'" + v if v.__class__ is str and v.startswith(UNSAFE_START)
            and not _NUMBER.match(v) else v for v in values]


def _plain_cells(values: Iterable[Any]) -> list[Any]:
    return ["" if v is None else v for v in values]


def tuple_getter(names: Sequence[str]) -> Callable[[Any], tuple]:
    """A function giving an object's attributes ``names`` as a tuple: one C call per row, no copying (unlike
    ``dataclasses.asdict``)."""
    get = attrgetter(*names)
    return get if len(names) > 1 else lambda row: (get(row),)


def _getter(row: Any, columns: tuple[str, ...]) -> Callable[[Any], tuple]:
    """Field access for rows like ``row``: attributes of a dataclass, or keys of a dict."""
    if is_dataclass(row):
        return tuple_getter(columns)
    return lambda r: tuple(r.get(c) for c in columns)


def write_text_atomic(path: Path, text: str) -> Path:
    """Write a text file (UTF-8) through a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        publish(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def stream_rows(path: Path) -> tuple[list[str], Iterator[dict[str, str]]]:
    """The columns of an output file and its rows as text, one at a time (CSV, or Parquet batch by batch): an
    output of 100,000 reports has millions of rows. Item texts can exceed the csv module's default field limit
    (128 KiB): it is lifted while reading."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        columns = list(pf.schema_arrow.names)

        def parquet_rows() -> Iterator[dict[str, str]]:
            for batch in pf.iter_batches(batch_size=4096):
                for row in batch.to_pylist():
                    yield {k: "" if v is None else str(v) for k, v in row.items()}

        return columns, parquet_rows()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        columns = next(csv.reader(fh), [])

    def csv_rows() -> Iterator[dict[str, str]]:
        with _large_fields(), path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            next(reader, None)
            for values in reader:
                yield dict(zip(columns, values))

    return columns, csv_rows()


@contextmanager
def _large_fields() -> Iterator[None]:
    old = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of an output CSV, every cell as text. Item texts can be longer than the csv module's default
    field limit (131,072 characters: a report whose whole text became one item), so the limit is lifted."""
    with _large_fields(), path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


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


class RowEncoder:
    """Rows (dataclasses or dicts) with exactly ``columns`` as CSV text, as :class:`CsvSink` writes them.

    A batch's worker encodes its report's rows once (see :mod:`nlp.runtime.encoded`) and the parent only copies
    the text into the file: the same encoder on both sides keeps the outputs byte for byte the same."""

    def __init__(self, columns: Sequence[str], spreadsheet_safe: bool = True) -> None:
        self.columns = tuple(columns)
        # Formula neutralising is for spreadsheets; a CSV that only becomes Parquet keeps the values as they are.
        self._cells = _safe_cells if spreadsheet_safe else _plain_cells
        self._getters: dict[type, Callable[[Any], tuple]] = {}
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)

    def encode(self, rows: Iterable[Any]) -> tuple[str, int]:
        """(the rows as CSV lines, their number)."""
        cells = self._cells
        out = []
        for row in rows:
            get = self._getters.get(type(row))
            if get is None:
                get = self._getters[type(row)] = _getter(row, self.columns)
            out.append(cells(get(row)))
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerows(out)
        return self._buffer.getvalue(), len(out)


class CsvSink:
    """Rows streamed to a temporary CSV that replaces ``path`` only on :meth:`close` (atomic, flat memory)."""

    def __init__(self, path: Path, columns: Sequence[str], spreadsheet_safe: bool = True) -> None:
        self.path = path
        self.columns = tuple(columns)
        self._encoder = RowEncoder(columns, spreadsheet_safe)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self._fh = os.fdopen(fd, "w", encoding="utf-8-sig", newline="")
        csv.writer(self._fh).writerow(self.columns)
        self.rows = 0

    def write(self, rows: Iterable[Any]) -> None:
        self.write_encoded(*self._encoder.encode(rows))

    def write_encoded(self, text: str, n_rows: int) -> None:
        """Rows already encoded by a :class:`RowEncoder` of the same columns and cell rule."""
        self._fh.write(text)
        self.rows += n_rows

    def close(self, fmt: str = "csv") -> Path:
        """Move the finished file into place; with ``fmt="parquet"`` convert it to ``<name>.parquet``."""
        tmp, target = self.seal(fmt)
        publish(tmp, target)
        return target

    def seal(self, fmt: str = "csv") -> tuple[str, Path]:
        """Finish the file without moving it into place: (finished temporary file, its target). A folder of
        files is published together from sealed files (see :class:`nlp.outputs.state.Publication`)."""
        self._fh.close()
        tmp, self.tmp = self.tmp, ""  # from here on the file is the publication's, not the sink's to delete
        if fmt != "parquet":
            return tmp, self.path
        target = self.path.with_suffix(".parquet")
        fd, tmp_pq = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        try:
            _csv_to_parquet(tmp, tmp_pq, self.columns)
        except BaseException:
            os.unlink(tmp_pq)
            raise
        finally:
            os.unlink(tmp)
        return tmp_pq, target

    def abort(self) -> None:
        try:
            self._fh.close()
            if self.tmp:
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

"""Loading an output folder of ``zwgk analyze`` for the HTML report, and reading its cells.

The report reads only what the analysis wrote (CSV, or Parquet with ``--format parquet``), all as text: a cell is
shown as written, and numbers and years are parsed where they are counted or sorted. ``reports.csv`` is required;
every other file is optional (``None`` when absent, so that its section can say "not available").
"""
from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..rules_topics import TOPIC_ID
from ..errors import UsageError
from ..outputs.sinks import UNSAFE_START
from ..text.lists import split_list

_YEAR_COLUMNS = {"year", "prev_year", "evidence_year", "first_year", "last_year"}
_UNPREFIX = re.compile("^'(?=[" + re.escape("".join(UNSAFE_START)) + "])")  # undoes outputs.sinks._safe_cells


# read chunk by chunk (:meth:`OutputData.chunks`): a row per item or check, or per report or body and topic
LARGE = ("items", "checks", "followup", "scorecard", "recurring", "series")


@dataclass
class OutputData:
    """The files of one output folder: the small ones (a row per report or per body) as rows, the large ones read
    when asked, chunk by chunk (:meth:`chunks`), so that the report keeps only what it shows of them."""
    out_dir: Path
    reports: list[dict]
    duplicates: list[dict] | None
    labels: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, key) → Chinese label
    present: frozenset[str] = frozenset()  # which of the LARGE files the folder has

    def has(self, name: str) -> bool:
        return name in self.present

    def chunks(self, name: str, columns: tuple[str, ...] | None = None) -> Iterator[pd.DataFrame]:
        """The rows of the large file ``name`` in frames (none when the folder has not got it)."""
        return (chunks(self.out_dir, name, columns) if self.has(name) else None) or iter(())


def to_int(value: Any) -> int | None:
    try:
        s = str(value).strip()
        return int(float(s)) if s and s.lower() != "nan" else None
    except (TypeError, ValueError):
        return None


def to_float(value: Any) -> float | None:
    try:
        s = str(value).strip()
        f = float(s) if s and s.lower() != "nan" else None
        return None if f is None or math.isnan(f) else f
    except (TypeError, ValueError):
        return None


def year_text(value: Any) -> str:
    """A year as written, or as an integer when it was stored as a float (2020.0)."""
    n = to_int(value)
    return str(n) if n is not None else ("" if value is None else str(value))


def year_key(y: str) -> tuple[int, str]:
    """Sort key for years as written: numeric years in order, anything else after them."""
    n = to_int(y)
    return (n if n is not None else 99999, str(y))


def topic_ids(value: Any) -> list[str]:
    """The topic ids (T11, …) of a ``topics`` cell; anything else in the cell is ignored."""
    return [t for t in split_list(value) if TOPIC_ID.match(t)]


CHUNK_ROWS = 50_000  # rows of a large file read at a time (checks.csv has tens of millions at 100,000 reports)


def source(out_dir: Path, name: str) -> Path | None:
    """The output file ``name`` of the folder (CSV, or Parquet with ``--format parquet``), None when absent."""
    for path in (out_dir / f"{name}.csv", out_dir / f"{name}.parquet"):
        if path.exists():
            return path
    return None


def chunks(out_dir: Path, name: str, columns: tuple[str, ...] | None = None) -> Iterator[pd.DataFrame] | None:
    """The file ``name`` in frames of at most :data:`CHUNK_ROWS` rows, every cell as text as written (None when
    the file is absent, or is Parquet with no engine to read it). ``columns``: only those of them the file has.
    The report counts the large files chunk by chunk and keeps only the rows it shows, so its memory does not
    grow with them."""
    path = source(out_dir, name)
    if path is None:
        return None
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            present = next(csv.reader(fh), [])
        wanted = [c for c in present if columns is None or c in columns]
        frames = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False, usecols=wanted,
                             chunksize=CHUNK_ROWS)
        return (_cleaned(df) for df in frames)
    try:
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
    except Exception:  # noqa: BLE001 - no parquet engine: treat as not available
        return None
    wanted = [c for c in pf.schema_arrow.names if columns is None or c in columns]
    return _parquet_frames(pf, wanted)


def _parquet_frames(pf, columns: list[str]) -> Iterator[pd.DataFrame]:
    """The batches of a Parquet file as frames of text; one empty frame when it has no rows (as a CSV with only
    its header gives)."""
    if pf.metadata.num_rows == 0:
        yield pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        return
    for batch in pf.iter_batches(batch_size=CHUNK_ROWS, columns=columns):
        df = batch.to_pandas()
        yield _cleaned(df.astype(object).where(df.notna(), "").astype(str))


def _cleaned(df: pd.DataFrame) -> pd.DataFrame:
    """Cells as written: the apostrophe that guards a formula-like text in the CSVs removed, years as integers."""
    for col in df.columns:
        s = df[col].astype(str)
        quoted = s.str.startswith("'")
        if quoted.any():
            s = s.where(~quoted, s.str.replace(_UNPREFIX, "", regex=True))
        if col in _YEAR_COLUMNS:
            s = s.map({v: year_text(v) for v in s.unique()})
        df[col] = s
    return df


def _read(out_dir: Path, name: str, columns: tuple[str, ...] | None = None) -> pd.DataFrame | None:
    """The whole file ``name`` (a small one: per report or per body) as one frame (see :func:`chunks`)."""
    frames = chunks(out_dir, name, columns)
    if frames is None:
        return None
    parts = list(frames)
    if len(parts) <= 1:
        return parts[0] if parts else None
    return pd.concat(parts, ignore_index=True)


def records(df: pd.DataFrame | None) -> list[dict] | None:
    """Rows as dicts of str (faster than ``DataFrame.to_dict`` on Arrow-backed strings)."""
    if df is None:
        return None
    cols = list(df.columns)
    return [dict(zip(cols, row)) for row in zip(*(df[c].tolist() for c in cols))] if len(df) else []


# the columns of reports.csv the pages show (the file has many more, and a row per report)
REPORT_COLUMNS = ("report_id", "path", "status", "message", "jurisdiction", "level", "year", "format", "title", "kind",
                  "n_pages")


def load(out_dir: Path) -> OutputData:
    """Read an output folder; a folder without ``reports.csv`` is not one (a usage error, not a crash)."""
    out_dir = Path(out_dir)
    reports = _read(out_dir, "reports", REPORT_COLUMNS)
    if reports is None:
        raise UsageError(f"{out_dir} has no reports.csv: give an output folder of zwgk analyze")
    labels: dict[tuple[str, str], str] = {}
    lab = _read(out_dir, "table_labels")
    if lab is not None and {"table", "key", "label"} <= set(lab.columns):
        for t, k, v in zip(lab["table"], lab["key"], lab["label"]):
            labels.setdefault((t, k), v)
    present = frozenset(name for name in LARGE if _readable(out_dir, name))
    return OutputData(out_dir, records(reports) or [], records(_read(out_dir, "duplicates")), labels, present)


def _readable(out_dir: Path, name: str) -> bool:
    """The folder has the file, in a form that can be read (Parquet needs its engine)."""
    path = source(out_dir, name)
    if path is None or path.suffix == ".csv":
        return path is not None
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True

"""Loading an output folder of ``zwgk analyze`` for the HTML report, and reading its cells.

The report reads only what the analysis wrote (CSV, or Parquet with ``--format parquet``), all as text: a cell is
shown as written, and numbers and years are parsed where they are counted or sorted. ``reports.csv`` is required;
every other file is optional (``None`` when absent, so that its section can say "not available").
"""
from __future__ import annotations

import math
import re
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


@dataclass
class OutputData:
    """The files of one output folder: the large ones as frames (they are counted), the small ones as rows."""
    out_dir: Path
    reports: list[dict]
    items: pd.DataFrame | None
    checks: pd.DataFrame | None
    recurring: list[dict] | None
    followup: list[dict] | None
    series: list[dict] | None
    duplicates: list[dict] | None
    labels: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, key) → Chinese label
    scorecard: list[dict] | None = None


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


def _read(out_dir: Path, name: str) -> pd.DataFrame | None:
    csv_path, pq_path = out_dir / f"{name}.csv", out_dir / f"{name}.parquet"
    if csv_path.exists():
        df = pd.read_csv(csv_path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    elif pq_path.exists():
        try:
            df = pd.read_parquet(pq_path)
        except Exception:  # noqa: BLE001 - no parquet engine: treat as not available
            return None
        df = df.astype(object).where(df.notna(), "").astype(str)
    else:
        return None
    for col in df.columns:
        s = df[col].astype(str)
        quoted = s.str.startswith("'")
        if quoted.any():
            s = s.where(~quoted, s.str.replace(_UNPREFIX, "", regex=True))
        if col in _YEAR_COLUMNS:
            s = s.map({v: year_text(v) for v in s.unique()})
        df[col] = s
    return df


def records(df: pd.DataFrame | None) -> list[dict] | None:
    """Rows as dicts of str (faster than ``DataFrame.to_dict`` on Arrow-backed strings)."""
    if df is None:
        return None
    cols = list(df.columns)
    return [dict(zip(cols, row)) for row in zip(*(df[c].tolist() for c in cols))] if len(df) else []


def load(out_dir: Path) -> OutputData:
    """Read an output folder; a folder without ``reports.csv`` is not one (a usage error, not a crash)."""
    out_dir = Path(out_dir)
    reports = _read(out_dir, "reports")
    if reports is None:
        raise UsageError(f"{out_dir} has no reports.csv: give an output folder of zwgk analyze")
    labels: dict[tuple[str, str], str] = {}
    lab = _read(out_dir, "table_labels")
    if lab is not None and {"table", "key", "label"} <= set(lab.columns):
        for t, k, v in zip(lab["table"], lab["key"], lab["label"]):
            labels.setdefault((t, k), v)
    return OutputData(out_dir, records(reports) or [], _read(out_dir, "items"), _read(out_dir, "checks"),
                      records(_read(out_dir, "recurring")), records(_read(out_dir, "followup")),
                      records(_read(out_dir, "series")), records(_read(out_dir, "duplicates")), labels,
                      records(_read(out_dir, "scorecard")))

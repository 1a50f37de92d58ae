"""Rows as the cross-year stage reads them: the pipeline's own row dataclasses, or the records of a DataFrame.

The stage takes its input either from the pipeline's rows (the batch and the Python API, no DataFrame built) or
from CSVs read back without types (the evaluation reads an output folder): an empty cell may be None, NaN or "",
a number may be 2021, 2021.0 or "2021". These helpers read every such cell the same way, so that both inputs give
the same judgements.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Union

from ..annotate.tags import GENERIC
from ..text.lists import split_list

if TYPE_CHECKING:
    import pandas as pd

Rows = Union["pd.DataFrame", Sequence[Any]]  # a DataFrame, or rows: dataclass instances or dicts



def records(rows: Rows | None) -> list[dict]:
    """Rows as dicts (none for missing or empty input): a DataFrame's records, or the fields of each row
    dataclass (its ``__dict__``, not a copy: callers read them, :func:`clean_items` copies before it writes)."""
    if rows is None or len(rows) == 0:
        return []
    if hasattr(rows, "to_dict"):
        return rows.to_dict("records")
    return [r if isinstance(r, dict) else vars(r) for r in rows]


def text_cell(value: Any) -> str:
    """A cell as text: empty for None/NaN (a CSV read without dtype=str gives NaN for empty cells)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def int_cell(value: Any) -> int | None:
    """A cell as a whole number (a year, an offset, a count); None when empty or not a number."""
    try:
        if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() == "":
            return None
        return int(float(value))
    except (TypeError, ValueError):
        return None


def topic_set(value: Any) -> frozenset[str]:
    """Topic ids of an items.csv ``topics`` cell, without the generic T00."""
    return frozenset(t for t in split_list(value) if t != GENERIC)


def clean_items(items: Rows | None) -> list[dict]:
    """Item rows with the fields tracking reads normalised (text, ids, kind, topics as str; start, seq as int)."""
    out = []
    for it in records(items):
        row = dict(it)
        for key in ("item_id", "report_id", "kind", "text", "topics", "label"):
            row[key] = text_cell(it.get(key))
        row["start"] = int_cell(it.get("start")) or 0
        row["seq"] = int_cell(it.get("seq")) or 0
        out.append(row)
    return out

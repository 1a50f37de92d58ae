"""A report's result rows as JSON, for the cache and for the cross-year store of a batch; a body's cross-year
result as JSON, for the cache.

Plain data only (no pickle): a cache file copied from elsewhere or damaged can at worst be a cache miss, never
run code. Every row class is a flat dataclass, so a row is stored as the list of its field values in declaration
order and rebuilt positionally; the document itself is never stored (it is kept only on request, in memory).

The cache keeps its entries compressed (:func:`pack`): a report's rows are some 60 KB, mostly the messages of its
checks, the cells of its tables and its text, and repeat themselves from report to report. (An output folder's
cache stores a result as the texts the folder writes, :mod:`nlp.runtime.encoded`; the JSON of its rows is the
entry of a result the API asked for.)
"""
from __future__ import annotations

import json
from dataclasses import fields
from functools import lru_cache
from typing import Any, Callable

import zstandard

from ..checks.check import Check
from ..crossyear.rows import DuplicateRow, FollowupRow, RecurringRow, SeriesRow, Tracking, TrackingWarning
from ..outputs.sinks import tuple_getter
from ..schema import ReportRow
from .pipeline import ReportResult

# The lists of rows of a body's cross-year result (:class:`Tracking`) and their row classes.
_TRACKING_ROWS: dict[str, type] = {"recurring": RecurringRow, "followup": FollowupRow, "series": SeriesRow,
                                   "duplicates": DuplicateRow, "warnings": TrackingWarning, "checks": Check}


@lru_cache(maxsize=None)
def _fields_of(cls: type) -> Callable[[Any], tuple]:
    """A function giving a row's field values in declaration order."""
    return tuple_getter([f.name for f in fields(cls)])


@lru_cache(maxsize=1)
def _row_classes() -> dict[str, type]:
    """The row class of each list of rows of a :class:`ReportResult` (the report row itself aside): the output
    tables', and the scorecard's per-report verdicts (finished into scorecard.csv after the cross-year stage)."""
    from ..schema import REPORT_TABLES
    from ..scorecard.rows import Verdict

    return {**{t.part: t.row for t in REPORT_TABLES if t.part != "report"}, "verdicts": Verdict}


def row_values(row: Any) -> tuple:
    """A row's field values, in declaration order."""
    return _fields_of(type(row))(row)


def result_to_json(result: ReportResult, parts: tuple[str, ...] | None = None) -> str:
    """The report row and the given lists of rows of ``result`` (all of them by default, and then its analysable
    text, which the cross-year stage reads) as one JSON text."""
    data: dict[str, Any] = {"report": row_values(result.report)}
    if parts is None:
        data["text"] = result.text
    for part in _row_classes() if parts is None else parts:
        data[part] = [row_values(row) for row in getattr(result, part)]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def result_values(result: ReportResult) -> tuple:
    """``result`` as plain values: its report row and every list of rows as tuples of field values, the text and
    the document (when kept) as they are. A result is pickled so (``ReportResult.__reduce__``): it crosses a
    process boundary once per report, and tuples pickle and unpickle several times faster than dataclasses."""
    return (row_values(result.report), result.document, result.text,
            tuple([row_values(row) for row in getattr(result, part)] for part in _row_classes()))


def result_from_values(report: tuple, document: Any, text: str, parts: tuple[list[tuple], ...]) -> ReportResult:
    """The inverse of :func:`result_values`."""
    result = ReportResult(ReportRow(*report), document, text=text)
    for (part, cls), rows in zip(_row_classes().items(), parts):
        setattr(result, part, [cls(*values) for values in rows])
    return result


def result_from_json(text: str) -> ReportResult:
    """The inverse of :func:`result_to_json` (lists that were not stored come back empty)."""
    data = json.loads(text)
    return result_from_values(data["report"], None, data.get("text", ""),
                              tuple(data.get(part, ()) for part in _row_classes()))


# Zstandard at level 1 makes a report's entry about a fifth of its JSON in 0.1 ms (zlib, at the same size, takes
# three times as long; LZ4, a quarter faster, leaves it a third larger).
_LEVEL = 1


@lru_cache(maxsize=1)
def _codec() -> tuple[zstandard.ZstdCompressor, zstandard.ZstdDecompressor]:
    """One compressor and decompressor per process (made at first use; a worker forked later works on its own
    copy: no state is shared)."""
    return zstandard.ZstdCompressor(level=_LEVEL), zstandard.ZstdDecompressor()


def pack(text: str) -> bytes:
    """A JSON text as the cache stores it: UTF-8, compressed (a Zstandard frame)."""
    return _codec()[0].compress(text.encode("utf-8", "surrogatepass"))


def unpack(data: bytes) -> str:
    """The inverse of :func:`pack`; a damaged entry raises (``zstandard.ZstdError`` or ``UnicodeDecodeError``)."""
    return _codec()[1].decompress(data).decode("utf-8", "surrogatepass")


def tracking_to_json(tracking: Tracking) -> str:
    """A body's cross-year result as JSON, for the cache (see :class:`~nlp.runtime.cache.ResultCache`): its
    lists of rows as field values, like a report's; a body's years as pairs (JSON keys are text only)."""
    data: dict[str, Any] = {part: [row_values(row) for row in getattr(tracking, part)] for part in _TRACKING_ROWS}
    data["vague"] = tracking.vague
    data["reports_in_series"] = {body: list(years.items()) for body, years in tracking.reports_in_series.items()}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def followups_to_json(rows: list[FollowupRow]) -> str:
    """The follow-up rows of one year of a body as JSON, for the cache (field values, like a report's rows)."""
    return json.dumps([row_values(row) for row in rows], ensure_ascii=False, separators=(",", ":"))


def followups_from_json(text: str) -> list[FollowupRow]:
    """The inverse of :func:`followups_to_json`."""
    return [FollowupRow(*values) for values in json.loads(text)]


def tracking_from_json(text: str) -> Tracking:
    """The inverse of :func:`tracking_to_json`."""
    data = json.loads(text)
    tracking = Tracking(vague=data["vague"],
                        reports_in_series={body: {year: rid for year, rid in years}
                                           for body, years in data["reports_in_series"].items()})
    for part, cls in _TRACKING_ROWS.items():
        setattr(tracking, part, [cls(*values) for values in data[part]])
    return tracking

"""A report's result encoded once, in the worker, in every form the parent of a batch writes.

The parent of ``zwgk analyze`` writes each result three ways: CSV rows of six output files, a row of the
cross-year store and the cache's entry. Encoded there, from the result's objects, that was a few ms per report on
the core the workers also need (and the objects had to be pickled and unpickled on the way). A worker now sends
an :class:`EncodedResult`, which holds text only, apart from the few objects the parent still reads (the report
row, the scorecard's verdicts); the parent copies the text into files and databases. The cache's entry is those
texts compressed, not a third encoding of the rows: a later run copies them into its folder as they are. The
worker and the parent use the same encoders (:class:`nlp.outputs.sinks.RowEncoder`,
:func:`nlp.runtime.spill.spill_values`), so the outputs are byte for byte those of the objects.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache

from ..outputs.sinks import RowEncoder
from ..schema import REPORT_TABLES, ReportRow
from .pipeline import ReportResult
from .serialise import pack, row_values, unpack

# The output formats a result is encoded for: CSV cells for spreadsheets have formulas neutralised, those of a
# CSV that only becomes Parquet keep their values as they are (see :class:`nlp.outputs.sinks.CsvSink`).
FORMATS = ("csv", "parquet")


@dataclass
class EncodedResult:
    """A result as the output folder needs it. ``csv``: part of the result → (its rows as CSV lines, their
    number); ``spill``: its row of the cross-year store (:func:`nlp.runtime.spill.spill_values`, None when it
    takes no part); ``entry``: the cache's entry, all of these packed (:meth:`packed`)."""

    report: ReportRow
    entry: bytes
    csv: dict[str, tuple[str, int]]
    spill: tuple | None
    fmt: str  # the output format ``csv`` was encoded for (one of FORMATS)
    verdicts: list = field(default_factory=list)  # the scorecard's per-report verdicts, kept as objects
    from_cache: bool = False  # read from the cache of an earlier run (stored again only when ``entry`` is set)

    def packed(self) -> bytes:
        """What an output folder writes of the result (its CSV lines, its row of the cross-year store, its report
        row and verdicts), packed as the cache's entry: a later run copies it into the folder instead of
        encoding the rows again, and the analysis encodes the rows once only (a JSON copy of them as the
        entry cost another 0.4–0.8 ms per report). Plain data: a JSON header, a line break, then the texts
        whose lengths the header gives."""
        texts = [text for text, _ in self.csv.values()]
        spill = None
        if self.spill is not None:  # texts as lengths, bytes as hex, numbers and None as they are
            spill = []
            for value in self.spill:
                if isinstance(value, str):
                    texts.append(value)
                    spill.append(["s", len(value)])
                else:
                    spill.append(["b", value.hex()] if isinstance(value, bytes) else value)
        head = {"fmt": self.fmt, "report": row_values(self.report), "verdicts": [row_values(v) for v in self.verdicts],
                "csv": [[part, n, len(text)] for part, (text, n) in self.csv.items()], "spill": spill}
        return pack(json.dumps(head, ensure_ascii=False, separators=(",", ":")) + "\n" + "".join(texts))

    @classmethod
    def unpacked(cls, data: bytes, fmt: str) -> EncodedResult | None:
        """The inverse of :meth:`packed`, as read from the cache (``from_cache``, no entry); None when it was
        packed for an output folder of another format. A damaged one raises."""
        from ..scorecard.rows import Verdict

        text = unpack(data)
        pos = text.index("\n")
        head = json.loads(text[:pos])
        if head["fmt"] != fmt:
            return None
        pos += 1

        def take(length: int) -> str:
            nonlocal pos
            pos += length
            return text[pos - length:pos]

        csv = {part: (take(length), n) for part, n, length in head["csv"]}
        spill = None if head["spill"] is None else tuple(
            (take(v[1]) if v[0] == "s" else bytes.fromhex(v[1])) if isinstance(v, list) else v for v in head["spill"])
        if pos != len(text):
            raise ValueError("packed result of the wrong length")
        return cls(ReportRow(*head["report"]), b"", csv, spill, fmt, [Verdict(*v) for v in head["verdicts"]],
                   from_cache=True)


@cache
def _encoders(fmt: str) -> dict[str, RowEncoder]:
    """One encoder per output table of a report (built once per process)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}")
    return {t.part: RowEncoder(t.columns, spreadsheet_safe=fmt == "csv") for t in REPORT_TABLES}


def encode(result: ReportResult, fmt: str) -> EncodedResult:
    """``result`` in every form an output folder of format ``fmt`` writes, its cache entry included."""
    from .spill import spill_values

    csv = {part: encoder.encode([result.report] if part == "report" else getattr(result, part))
           for part, encoder in _encoders(fmt).items()}
    encoded = EncodedResult(result.report, b"", csv, spill_values(result), fmt, result.verdicts)
    encoded.entry = encoded.packed()
    return encoded

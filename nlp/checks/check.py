"""The check: one row of ``checks.csv``, and what its status means.

- ``pass``: the numbers agree;
- ``fail``: printed numbers disagree (``expected`` is what the parts imply, ``actual`` what is printed);
- ``uncertain``: they disagree only if blank or ``/`` cells are read as 0, or the text may speak of a
  narrower scope (「区政府办代表区政府受理…」), or a table-2 cell is blank, text or not a whole number;
- ``not_assessable``: a cell the rule needs is unreadable, missing or text — a damaged table never "fails".

Why these statuses: a reader of ``checks.csv`` acts on ``fail``; it must therefore mean a fault *printed in the
report*, never an artefact of reading it. Blank and ``/`` cells are counted as 0 only to say that the table
would be consistent that way (``pass``, with the message saying so).
"""
from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("pass", "fail", "uncertain", "not_assessable")


@dataclass
class Check:
    """One row of ``checks.csv``."""

    report_id: str
    rule: str
    status: str
    expected: float | int | str | None = None
    actual: float | int | str | None = None
    message: str = ""
    evidence: str = ""

"""Reading gold annotations and the output files they are scored against, and finding the report a gold file
describes.

Gold files name reports by a file id of their own (``<body>_<year>``), not by our report ids, and an output
folder may hold several copies of a report (a text and a PDF): the matching rules live here, once.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from ..crossyear.frames import int_cell


def by_report(rows: list[dict]) -> dict[str, list[dict]]:
    """Output rows grouped by their ``report_id``."""
    out: dict[str, list[dict]] = {}
    for row in rows:
        out.setdefault(row["report_id"], []).append(row)
    return out


def gold_files(gold_dir: Path) -> Iterator[tuple[Path, dict]]:
    """Every gold file of a folder (``*.json``, in name order), parsed."""
    for path in sorted(gold_dir.glob("*.json")):
        yield path, json.loads(path.read_text(encoding="utf-8"))


def reports_for(gold: dict, reports: list[dict]) -> list[dict]:
    """The analysed reports (rows of reports.csv) a gold report file describes: every copy whose file name is
    the gold file id, or that has the gold's body and year."""
    fid = gold["file_id"]
    return [r for r in reports if r["status"] != "error" and
            (Path(r["path"]).stem == fid or (r["jurisdiction"] == gold.get("jurisdiction")
                                              and r["year"] == str(gold.get("year"))))]


def find_report(file_id: str, reps: list[dict], gold_dir: Path) -> str | None:
    """Our report_id for a gold file id of a follow-up pair: the report whose id or path contains it, else
    body + year from the gold report file (``gold_dir/../<file_id>.json``) or, failing that, the id's year."""
    for rep in reps:
        if str(rep.get("report_id")) == file_id:
            return file_id
    for rep in reps:
        if file_id in str(rep.get("path") or "") or file_id in str(rep.get("report_id")):
            return str(rep["report_id"])
    report_gold = gold_dir.parent / f"{file_id}.json"
    m = re.search(r"(\d{4})$", file_id)
    year = int(m.group(1)) if m else None
    body = None
    if report_gold.exists():
        g = json.loads(report_gold.read_text(encoding="utf-8"))
        body, year = g.get("jurisdiction"), g.get("year", year)
    for rep in reps:
        if body and str(rep.get("jurisdiction")) == body and int_cell(rep.get("year")) == year:
            return str(rep["report_id"])
    return None

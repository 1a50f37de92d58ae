"""What an output folder holds from earlier runs: the last complete run, and whether its files are all there.

A run whose key (inputs, contents, pipeline, lexicons, options) equals the last complete run's, and whose
output files all exist, has nothing to do. The key is kept in the folder's cache file, written only after every
output is in place, so an interrupted run never passes for a complete one.
"""
from __future__ import annotations

from pathlib import Path

from ..runtime.cache import CACHE_NAME, ResultCache

PER_REPORT = ("reports", "sections", "items", "tags", "tables", "checks")


class LastRun:
    """The run key of the last complete run into ``out``."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.cache_path = out / CACHE_NAME

    def matches(self, key: str, fmt: str, html: bool) -> bool:
        """True when the last complete run had this key and its outputs are all still there."""
        if not self.cache_path.exists():
            return False
        cache = ResultCache(self.cache_path, "")
        previous = cache.last_run()
        cache.close(prune=False)
        return previous == key and outputs_complete(self.out, fmt, html)

    def record(self, key: str) -> None:
        done = ResultCache(self.cache_path, "")
        done.set_last_run(key)
        done.close(prune=False)


def outputs_complete(out: Path, fmt: str, html: bool) -> bool:
    from ..crossyear.tracking import OUTPUT_FILES

    ext = ".parquet" if fmt == "parquet" else ".csv"
    names = [out / f"{n}{ext}" for n in PER_REPORT] + [out / "table_labels.csv"]
    names += [out / fname for fname, _ in OUTPUT_FILES.values()]
    return all(p.exists() for p in names) and (not html or (out / "report.html").exists())


def previous_failures(out: Path, fmt: str) -> int:
    """Files that failed in the last run (read from its reports table)."""
    import pandas as pd

    if fmt == "parquet":
        reports = pd.read_parquet(out / "reports.parquet")
    else:
        reports = pd.read_csv(out / "reports.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return int((reports["status"] == "error").sum())

"""The output folder of ``zwgk analyze``: every file streamed as results arrive, finished atomically.

Per-report rows go straight to their files; what the cross-year stages need goes to a temporary
:class:`nlp.runtime.spill.SpillStore` and is compared body by body, at the end (in the workers, when the run has
them) or, for bodies whose reports are all in, while the analysis goes on (:mod:`nlp.runtime.early`), so the
parent's memory does not grow with the corpus.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import starmap, tee
from pathlib import Path

from ..crossyear.rows import Tracking
from ..runtime.early import EarlyBodies
from ..runtime.encoded import EncodedResult, encode
from ..runtime.pipeline import ReportResult
from ..runtime.spill import Body, SpillStore, followup_keys, track_body
from ..rules import load_rules
from ..schema import CROSS_YEAR_TABLES, LOOKUP_TABLES, REPORT_TABLES, SCORECARD_TABLES
from ..scorecard.run import ScorecardBuilder
from .sinks import CsvSink
from .state import Publication, stale_outputs


TaskMap = Callable[[Callable, Iterable[tuple]], Iterator]  # fn, argument tuples → results in order (as starmap)


class Outputs:
    """Writes reports/sections/items/tags/tables/checks (and the cross-year files) into ``out``."""

    def __init__(self, out: Path, fmt: str = "csv", lexicon_paths: tuple[str, ...] = (), early: bool = False,
                 fingerprint: str | None = None, reuse: bool = True) -> None:
        """``early``: compare the bodies whose reports seem all in while the analysis goes on, when
        :attr:`early`'s ``step`` is called (see :mod:`nlp.runtime.early`). ``fingerprint``: the key of the run's
        results in the folder's cache (:func:`nlp.runtime.stream.cache_fingerprint`), under which each body's
        cross-year result is stored too, and reused on a later run where the body's reports are unchanged
        (unless ``reuse`` is false: ``--force``); None: no cache."""
        self.out = out
        self.fingerprint, self.reuse = fingerprint, reuse
        self.bodies = self.bodies_reused = 0  # bodies compared across years; of them, results from the cache
        self.notes: list[str] = []  # what the user should know (a damaged cache set aside)
        self.fmt = fmt
        safe = fmt == "csv"
        self.lexicon_paths = lexicon_paths
        # one sink per output table; ``part`` is where a result (or the cross-year Tracking) holds its rows
        self.sinks = {t.part: CsvSink(out / t.file, t.columns, safe) for t in REPORT_TABLES}
        # the cross-year files are small and always CSV (like table_labels.csv)
        self.tracking_sinks = {t.part: CsvSink(out / t.file, t.columns) for t in CROSS_YEAR_TABLES}
        self.store = SpillStore(out)
        self._cache_of_run = None  # opened at first use (see _cache)
        self._found: set[str] = set()  # keys of years' follow-up rows given by the cache (see _body)
        self.early = EarlyBodies(self.store, out, lexicon_paths, self._body) if early else None
        self.scorecard = ScorecardBuilder(out, load_rules(lexicon_paths))
        self.failed = 0
        self.errors: list[tuple[str, str]] = []

    def add(self, result: ReportResult | EncodedResult) -> None:
        """Write one report's rows; a result that is not encoded yet is encoded here."""
        if not isinstance(result, EncodedResult):
            result = encode(result, self.fmt)
        r = result.report
        for part, sink in self.sinks.items():
            sink.write_encoded(*result.csv[part])
        self.store.add_values(result.spill)
        if self.early is not None and result.spill is not None:
            self.early.added(result.spill[0])
        self.scorecard.add(result)
        if r.status == "error":
            self.failed += 1
            self.errors.append((r.path, r.message))

    def finish(self, task_map: TaskMap = starmap) -> list[Path]:
        """Run the cross-year stages body by body, then publish every file together (all or nothing for the
        user: see :class:`~nlp.outputs.state.Publication`). ``task_map`` runs the bodies (default: here, one
        after the other; :mod:`nlp.runtime.pool`: on the run's workers), handing them back in order."""
        from ..tables import label_lookup

        for tracking in self._trackings(task_map):
            for name, sink in self.tracking_sinks.items():
                sink.write(getattr(tracking, name))
            self.sinks["checks"].write(tracking.checks)
            self.scorecard.add_tracking(tracking)
        self.store.close()
        (labels,), (card,) = LOOKUP_TABLES, SCORECARD_TABLES
        lookup = CsvSink(self.out / labels.file, labels.columns)
        lookup.write(label_lookup())
        scorecard = CsvSink(self.out / card.file, card.columns)  # small, always CSV (like the cross-year files)
        for batch in self.scorecard.batches():
            scorecard.write(batch)
        self.scorecard.close()
        sealed = [sink.seal(self.fmt) for sink in self.sinks.values()]
        sealed += [sink.seal() for sink in (lookup, scorecard, *self.tracking_sinks.values())]
        Publication(self.out).publish(sealed, stale_outputs(self.out, self.fmt))
        return [target for _, target in sealed]

    def _trackings(self, task_map: TaskMap) -> Iterator[Tracking]:
        """The cross-year result of each body, in name order: from the cache where the body's reports are those
        of an earlier run, compared early when that result is still valid, else by ``task_map`` now (one report
        per body and year: the store has settled the copies). Each result is cached under its body's key; once
        all are in, the cache keeps only those."""
        cache = self._cache()
        ready = self.early.ready() if self.early is not None else set()

        def plan(name: str) -> tuple[str, str, str]:
            key = self.store.key(name, self.fingerprint or "")
            if name in ready:
                return name, key, "early"
            return name, key, "cached" if self.reuse and cache is not None and cache.has_tracking(key) else "now"

        # the tasks are drawn ahead of the results: each body's plan is made once and read by both
        ahead, plans = tee(map(plan, self.store.names()))
        computed = task_map(track_body, ((self._body(name), self.lexicon_paths)
                                         for name, _, how in ahead if how == "now"))
        try:
            for name, key, how in plans:
                self.bodies += 1
                if how == "cached":
                    tracking = cache.tracking(key)
                    if tracking is not None:
                        self.bodies_reused += 1
                        cache.keep(self._year_keys(name, tracking).values())
                        yield tracking
                        continue
                    tracking = track_body(self._body(name), self.lexicon_paths)  # the entry went bad since
                else:
                    tracking = self.early.take(name) if how == "early" else next(computed)
                if cache is not None:
                    cache.put_tracking(key, tracking)
                    self._put_followups(cache, name, tracking)
                yield tracking
            if cache is not None:
                cache.keep_used_trackings()
        finally:
            if self.early is not None:
                self.early.close()
            if cache is not None:
                cache.close(prune=False)
                self.notes.extend(cache.notes)

    def _body(self, name: str) -> Body:
        """A body's task for the cross-year stage, with the follow-up rows of each year whose reports (the year's,
        the year before's and the year after's) are those of an earlier run: a body that gets its next year's
        report has only its last two years judged again, not all of them."""
        body = self.store.body(name)
        cache = self._cache() if self.reuse else None
        if cache is None or not body.series:
            return body
        series = body.series
        for year, key in followup_keys(self.fingerprint or "", name, series, self.store.digests(name)).items():
            rows = cache.followups(key)
            if rows is not None:
                body.followups[(year, series.get(year - 1), series[year], series.get(year + 1))] = rows
                self._found.add(key)
        return body

    def _year_keys(self, name: str, tracking: Tracking) -> dict[int, str]:
        """year → the key of its follow-up rows, for the series the comparison of ``name`` kept."""
        series = tracking.reports_in_series.get(name)
        return followup_keys(self.fingerprint or "", name, series, self.store.digests(name)) if series else {}

    def _put_followups(self, cache, name: str, tracking: Tracking) -> None:
        """Store the follow-up rows of each year of a body just compared, under the key of what they depend on
        (those it was given by the cache are there already)."""
        series = tracking.reports_in_series.get(name, {})
        for year, key in self._year_keys(name, tracking).items():
            if key not in self._found:
                cache.put_followups(key, [r for r in tracking.followup
                                          if r.year == year and r.report_id == series[year]])

    def _cache(self):
        """The folder's cache, for the cross-year results (None without a fingerprint), opened once."""
        if self.fingerprint is None:
            return None
        if self._cache_of_run is None:
            from ..runtime.cache import CACHE_NAME, ResultCache

            self._cache_of_run = ResultCache(self.out / CACHE_NAME, self.fingerprint)
        return self._cache_of_run

    def abort(self) -> None:
        for sink in [*self.sinks.values(), *self.tracking_sinks.values()]:
            sink.abort()
        if self._cache_of_run is not None:
            self._cache_of_run.close(prune=False)
        self.store.close()
        self.scorecard.close()
        if self.early is not None:
            self.early.close()

"""The cross-year stage of a body run before the analysis ends, while the parent waits for a worker.

The cross-year stage compares a body's reports, so it can only start once all of them are in. A batch does not
know that until every file has been read (a file's body is found by analysing it), so the stage runs after the
analysis: with ``--workers 1`` on two cores, that tail was over a quarter of a run of text reports (6-8 s of
21-28 s for 1,400 texts), while the parent, on the second core, spent much of the analysis waiting for the
worker's next result.

Reports usually come grouped by body (a folder per body, or file names that begin with the body's name), and
results reach the output folder in input order. So when a body has had no new report for :data:`QUIET` results,
it is due, and the parent compares it whenever it would otherwise wait for a worker (:meth:`EarlyBodies.step`,
called by :func:`nlp.runtime.batch.run_jobs`); the result waits in a scratch file. A body that gets another
report after all has its early result dropped and is compared at the end like any other, so the outputs are
those of a run without this: an early result is used only for exactly the reports its body ends with. Where
input is not grouped (folders by year), early results keep being dropped, and after a few such misses
(:data:`GIVE_UP`) no more bodies are compared early.

Only a run with one worker and a core to spare does this (:func:`nlp.api.analyze_to`): with more workers the
parent is busy writing their results, and with two workers on two cores comparing early in the parent made the
run slower (18.8-19.0 s against 15.2-17.6 s on the same 1,400 texts).
"""
from __future__ import annotations

import pickle
import sqlite3
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from ..crossyear.rows import Tracking
from .scratch import Scratch
from .spill import Body, SpillStore, track_body

# Reports kept in the store (results in input order, failed files left out) after which a body with no new
# report is taken as complete.
QUIET = 32
# No more bodies are compared early once this many early results were dropped and they are a quarter of those run.
GIVE_UP = 8


class EarlyBodies:
    """Bodies of ``store`` compared ahead of the end of the run, one per :meth:`step`.

    :meth:`added` is told the body of each report kept in the store, in input order; :meth:`ready` says which
    bodies have a valid early result at the end, and :meth:`take` gives it."""

    def __init__(self, store: SpillStore, folder: Path, lexicon_paths: tuple[str, ...],
                 body_of: Callable[[str], Body] | None = None) -> None:
        """``body_of``: a body's task by its name (default: the store's, see
        :meth:`nlp.outputs.folder.Outputs._body`)."""
        self.store, self.lexicon_paths = store, lexicon_paths
        self.body_of = body_of or store.body
        self._scratch = Scratch(folder, "early")
        self._db: sqlite3.Connection = self._scratch.db
        self._db.execute("CREATE TABLE done (body TEXT PRIMARY KEY, tracking BLOB)")
        self.count = 0
        self.last: OrderedDict[str, int] = OrderedDict()  # body → the count when it last had a report
        self.due: OrderedDict[str, None] = OrderedDict()  # quiet bodies, in turn
        self.compared: set[str] = set()  # compared early (at most once each)
        self.dropped: set[str] = set()  # ...and had a report after that: compared at the end
        self.stopped = False

    def added(self, body: str) -> None:
        """A report of ``body`` was kept in the store ("" for reports of no known body: never compared early)."""
        self.count += 1
        if body in self.compared and body not in self.dropped:
            self.dropped.add(body)
            self._db.execute("DELETE FROM done WHERE body = ?", (body,))
            if len(self.dropped) >= GIVE_UP and 4 * len(self.dropped) >= len(self.compared):
                self.stopped = True
                self.last.clear()
                self.due.clear()
        if body and body not in self.compared and not self.stopped:
            self.due.pop(body, None)  # not quiet after all
            self.last[body] = self.count
            self.last.move_to_end(body)
        while self.last and next(iter(self.last.values())) <= self.count - QUIET:
            self.due[self.last.popitem(last=False)[0]] = None

    def step(self) -> bool:
        """Compare the next due body, if there is one (False if not). A body whose comparison raises is left to
        the end of the run, where it fails the same way once every file has been analysed and cached."""
        if not self.due:
            return False
        body, _ = self.due.popitem(last=False)
        self.compared.add(body)
        try:
            tracking = track_body(self.body_of(body), self.lexicon_paths)
        except Exception:  # noqa: BLE001 - reported at the end, by the stage that runs it again
            self.dropped.add(body)
            return True
        self._db.execute("INSERT INTO done VALUES (?, ?)", (body, pickle.dumps(tracking, pickle.HIGHEST_PROTOCOL)))
        return True

    def ready(self) -> set[str]:
        """The bodies whose early result is valid: no report was added to them after it."""
        return {name for name, in self._db.execute("SELECT body FROM done")}

    def take(self, body: str) -> Tracking:
        """The early cross-year result of ``body`` (one of :meth:`ready`'s)."""
        (data,) = self._db.execute("SELECT tracking FROM done WHERE body = ?", (body,)).fetchone()
        return pickle.loads(data)

    def close(self) -> None:
        self._scratch.close()

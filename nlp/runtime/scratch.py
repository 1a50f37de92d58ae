"""Scratch SQLite files of one run, kept in the output folder while the run lasts.

The cross-year store and the scorecard's verdicts wait there (memory does not grow with the corpus). They are
data of this run only: no journal, no fsync (a crash loses nothing the user gave), and hidden ``.tmp`` names, so
that a killed run's leftovers are removed by the next run (:func:`nlp.outputs.state.remove_leftovers`).
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path


class Scratch:
    """``.zwgk-<name>-*.sqlite.tmp`` in ``folder``, open as :attr:`db` until :meth:`close` deletes it."""

    def __init__(self, folder: Path, name: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        fd, self.path = tempfile.mkstemp(prefix=f".zwgk-{name}-", suffix=".sqlite.tmp", dir=folder)
        os.close(fd)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")

    def close(self) -> None:
        self.db.close()
        try:
            os.unlink(self.path)
        except OSError:
            pass

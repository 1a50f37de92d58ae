"""Errors a user sees in ``reports.csv``: each names the reason in words, the path is added by the batch."""
from __future__ import annotations


class ReadError(Exception):
    """The file cannot be turned into text (empty, corrupt, encrypted, scanned, unsupported...)."""


class UsageError(Exception):
    """The command line or the lexicon given by the user is wrong; exit code 2."""

"""zwgk: a rule-based, explainable analyzer for Chinese government information-disclosure annual reports.

``nlp.analyze(paths)`` runs the pipeline (read → normalise → sections → items → …) and returns DataFrames;
``nlp.analyze_to(paths, out_dir)`` writes the output folder as ``zwgk analyze`` does; ``nlp.read_document(path)``
gives one report's analysable text. The front door is :mod:`nlp.api`; heavy modules are imported lazily.
"""
from __future__ import annotations

__all__ = ["analyze", "analyze_to", "iter_results", "read_document", "__version__"]


def analyze(*args, **kwargs):
    """See :func:`nlp.api.analyze`: analyse files and folders, return an Analysis of DataFrames."""
    from .api import analyze as _analyze

    return _analyze(*args, **kwargs)


def analyze_to(*args, **kwargs):
    """See :func:`nlp.api.analyze_to`: analyse files and folders into an output folder, as ``zwgk analyze``."""
    from .api import analyze_to as _analyze_to

    return _analyze_to(*args, **kwargs)


def iter_results(*args, **kwargs):
    """See :func:`nlp.api.iter_results`: stream per-report results in input order."""
    from .api import iter_results as _iter

    return _iter(*args, **kwargs)


def read_document(path):
    """Read, normalise and describe one file; raises :class:`nlp.errors.ReadError` for bad input."""
    from .runtime.pipeline import load_document

    return load_document(path)


def __getattr__(name: str) -> str:
    """``nlp.__version__``, looked up on first use: reading package metadata would slow every start."""
    if name == "__version__":
        from .distribution import version

        return version()
    raise AttributeError(f"module 'nlp' has no attribute {name!r}")

"""How this copy of zwgk is installed: the checkout it runs from (if any) and its version.

A checkout (a clone, an unpacked sdist, an editable install) keeps the rules analysts edit in ``lexicons/``
beside the package; an installed wheel carries them as the data package ``zwgk_lexicons`` instead. The version
is the installed distribution's (``pyproject.toml`` is its one source); ``zwgk --version`` shows it and the
cache fingerprint includes it.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DISTRIBUTION = "zwgk-nlp"


@lru_cache(maxsize=None)
def checkout() -> Path | None:
    """The project folder when the package runs from one; ``None`` when installed (a ``lexicons`` folder that
    another distribution put into site-packages is not ours: a checkout has its ``pyproject.toml``)."""
    root = Path(__file__).resolve().parent.parent
    if (root / "pyproject.toml").is_file() and (root / "lexicons").is_dir():
        return root
    return None


@lru_cache(maxsize=None)
def version() -> str:
    """The installed version; for a bare checkout (never installed) the one in its ``pyproject.toml``."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version(DISTRIBUTION)
    except PackageNotFoundError:
        pass
    root = checkout()
    if root is None:
        return "unknown"
    try:
        import tomllib
    except ImportError:  # Python 3.10 has no TOML reader
        return "unknown"
    with (root / "pyproject.toml").open("rb") as fh:
        return str(tomllib.load(fh)["project"]["version"])

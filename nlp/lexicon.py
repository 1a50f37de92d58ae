"""Where the editable data lives.

The rules analysts may change (heading variants, page chrome, bodies and their aliases, format vocabulary,
topics, table labels and identities, follow-up rules) are YAML files under ``lexicons/``, read and checked by
:mod:`nlp.rules`. ``ZWGK_LEXICONS`` points to another copy of that folder. An
installed wheel carries the folder as the data package ``zwgk_lexicons``; the readers, the topic loader (which
lists ``topics/*.yaml``) and the cache fingerprint (which hashes every file) all need it as a real folder.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .distribution import checkout

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def is_bodies_file(path: Path) -> bool:
    """An analyst's alias file of reporting bodies, named ``bodies*.yaml`` or ``*bodies.yaml`` (``bodies.yaml``,
    ``my_bodies.yaml``, ``corpus.bodies.yaml``): given with ``--lexicon`` (itself or in a folder), it adds bodies,
    aliases and levels to ``bodies.yaml``."""
    stem, suffix = path.stem.lower(), path.suffix.lower()
    return suffix in (".yaml", ".yml") and (stem.startswith("bodies") or stem.endswith("bodies"))


def bodies_files(extra: Iterable[str | Path]) -> list[Path]:
    """The bodies files among the user's lexicon paths (files, or folders of them), in order."""
    out: list[Path] = []
    for item in extra:
        p = Path(item)
        out.extend(sorted(f for f in p.glob("*.y*ml") if is_bodies_file(f)) if p.is_dir()
                   else [p] if is_bodies_file(p) else [])
    return out


def lexicon_dir() -> Path:
    """``$ZWGK_LEXICONS``, else the project's ``lexicons/`` (a checkout), else the installed copy."""
    env = os.environ.get("ZWGK_LEXICONS")
    if env:
        return Path(env)
    return _shipped_dir()


@lru_cache(maxsize=None)
def _shipped_dir() -> Path:
    """The checkout's folder (analysts edit it there), else the installed data package as a folder on disk."""
    root = checkout()
    if root is not None:
        return root / "lexicons"
    from importlib.resources import files

    shipped = files("zwgk_lexicons")
    return shipped if isinstance(shipped, Path) else _unpacked(shipped)


def _unpacked(shipped: Traversable) -> Path:
    """A copy in a temporary folder, removed at exit, of lexicons that are no folder on disk (a zipped install:
    a wheel or zip on ``sys.path``, a zipapp)."""
    import atexit
    import shutil
    import tempfile

    target = Path(tempfile.mkdtemp(prefix="zwgk-lexicons-"))
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    _copy_tree(shipped, target)
    return target


def _copy_tree(source: Traversable, target: Path) -> None:
    for item in source.iterdir():
        if item.is_dir():
            (target / item.name).mkdir()
            _copy_tree(item, target / item.name)
        else:
            (target / item.name).write_bytes(item.read_bytes())


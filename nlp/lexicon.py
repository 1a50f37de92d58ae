"""Where the editable data lives, and loading it.

The rules analysts may change (heading variants, page chrome, bodies and their aliases, format vocabulary,
topics) are YAML files under ``lexicons/``. ``ZWGK_LEXICONS`` points to another copy of that folder.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml


def lexicon_dir() -> Path:
    """``$ZWGK_LEXICONS``, else the project's ``lexicons/`` (a checkout), else the installed copy."""
    env = os.environ.get("ZWGK_LEXICONS")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parent.parent / "lexicons"
    if checkout.is_dir():
        return checkout
    from importlib.resources import files

    return Path(str(files("zwgk_lexicons")))


@lru_cache(maxsize=None)
def load_yaml(name: str) -> Any:
    path = lexicon_dir() / name
    with path.open(encoding="utf-8-sig") as fh:
        return yaml.safe_load(fh)

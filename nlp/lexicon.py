"""Where the editable data lives.

The rules analysts may change (heading variants, page chrome, bodies and their aliases, format vocabulary,
topics, table labels and identities, follow-up rules) are YAML files under ``lexicons/``, read and checked by
:mod:`nlp.rules`. ``ZWGK_LEXICONS`` points to another copy of that folder.
"""
from __future__ import annotations

import os
from pathlib import Path


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

"""List cells: several values in one CSV cell (``topics``, ``topic_names``, ``flags``…), written ``;``-separated.

Read back tolerantly, because analysts edit these files in Excel/WPS and type the separator they are used to
(；，, or a space): every reader of a list cell splits it here, so a cell means the same in every module.
"""
from __future__ import annotations

import math
import re
from typing import Any

SEPARATOR = ";"
_SPLIT = re.compile(r"[;；,，\s]+")


def split_list(cell: Any) -> list[str]:
    """The values of a list cell, in order (none for an empty cell, None or NaN)."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return []
    return [v for v in _SPLIT.split(str(cell)) if v]

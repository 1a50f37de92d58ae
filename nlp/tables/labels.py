"""The row and column vocabulary of the three tables, parsed from ``lexicons/table_labels.yaml``.

Every other module of the reader, and the checks, name rows and columns by the stable keys declared there; this
module is the one place that parses that file, compiles its label patterns and answers "which rows, which
columns, in which printed order".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache
from types import MappingProxyType
from typing import Iterable, Mapping

from ..rules import load_rules


@dataclass
class RowSpec:
    """A row the reader looks for: its key, its printed position and the label variants that name it."""

    key: str
    order: int
    patterns: list[re.Pattern]
    group: str = ""


@dataclass
class Labels:
    raw: dict
    t2_rows: list[RowSpec]
    t2_start: list[re.Pattern]
    t2_separators: list[re.Pattern]
    t2_formats: dict[str, dict]
    t3_rows: list[RowSpec]
    t3_groups: list[RowSpec]
    t3_columns: list[str]
    t3_start: list[re.Pattern]
    t4_rows: list[str]
    t4_columns: list[str]
    t4_start: list[re.Pattern]
    t4_locate: tuple[tuple[str, ...], int]   # header words, and how many of them locate table 4 in any text
    t4_end: list[re.Pattern]
    dash: set[str]
    value_words: set[str]
    units: str
    sentence_number: re.Pattern   # a number followed by one of ``units``: the text is part of a sentence


def _compile(patterns: Iterable[str]) -> list[re.Pattern]:
    out = [re.compile(p) for p in patterns]
    for pat in out:
        if pat.groups or pat.flags != re.UNICODE:  # each must mean the same inside an alternation (nlp.text.alternation.any_of)
            raise ValueError(f"table_labels.yaml: pattern {pat.pattern!r} uses a capturing group or an inline flag")
    return out


@lru_cache(maxsize=None)
def labels() -> Labels:
    """The parsed ``lexicons/table_labels.yaml`` (cached)."""
    return compile_labels(load_rules().table_labels)  # read and checked by nlp.rules


def compile_labels(data) -> Labels:
    """``table_labels.yaml``'s content (:class:`nlp.rules.TableLabelRules`) compiled into the reader's labels."""
    y = {f.name: getattr(data, f.name) for f in fields(data)}
    t2, t3, t4 = y["t2"], y["t3"], y["t4"]
    t2_rows = [RowSpec(r["key"], i, _compile(r["patterns"])) for i, r in enumerate(t2["rows"])]
    t3_rows = [RowSpec(r["key"], i, _compile(r["patterns"]), r.get("group", "")) for i, r in enumerate(t3["rows"])]
    t3_groups = [RowSpec(g["key"], -1, _compile(g["patterns"])) for g in t3["groups"]]
    return Labels(
        raw=y, t2_rows=t2_rows, t2_start=_compile(t2["start"]), t2_separators=_compile(t2["separators"]),
        t2_formats={str(k): v for k, v in t2["formats"].items()},
        t3_rows=t3_rows, t3_groups=t3_groups, t3_columns=[c["key"] for c in t3["columns"]],
        t3_start=_compile(t3["start"]),
        t4_rows=[r["key"] for r in t4["rows"]], t4_columns=[c["key"] for c in t4["columns"]],
        t4_start=_compile(t4["start"]), t4_end=_compile(t4["end"]),
        t4_locate=(tuple(t4.get("locate", {}).get("words", ())), int(t4.get("locate", {}).get("min", 0))),
        dash=set(y["dash"]), value_words=set(y["value_words"]), units=y["sentence_units"],
        sentence_number=re.compile(rf"\d\s*[{y['sentence_units']}]"),
    )


@dataclass
class LabelRow:
    """One row of ``table_labels.csv``: the Chinese label of a table's row or column key."""

    table: str
    axis: str  # row | col
    key: str
    label: str


def label_lookup() -> list[LabelRow]:
    """Rows for the key → Chinese label lookup file, in printed order."""
    y = labels().raw
    out = [LabelRow("t2", "col", key, label) for key, label in y["t2"]["columns"].items()]
    out += [LabelRow("t2", "row", r["key"], r["label"]) for r in y["t2"]["rows"]]
    out += [LabelRow("t3", "col", c["key"], c["label"]) for c in y["t3"]["columns"]]
    out += [LabelRow("t3", "row", r["key"], r["label"]) for r in y["t3"]["rows"]]
    out += [LabelRow("t3", "row", g["key"], g["label"] + "（整组一行）") for g in y["t3"]["groups"]]
    out += [LabelRow("t4", "col", c["key"], c["label"]) for c in y["t4"]["columns"]]
    out += [LabelRow("t4", "row", r["key"], r["label"]) for r in y["t4"]["rows"]]
    return out


def t3_columns() -> list[str]:
    return list(labels().t3_columns)


def t3_row_keys() -> list[str]:
    return [r.key for r in labels().t3_rows]


@lru_cache(maxsize=None)
def t3_groups() -> Mapping[str, tuple[str, ...]]:
    """Group key → its sub-row keys, in printed order (cached, hence read-only: the checks ask for it per sum)."""
    out: dict[str, list[str]] = {g.key: [] for g in labels().t3_groups}
    for r in labels().t3_rows:
        if r.group:
            out[r.group].append(r.key)
    return MappingProxyType({k: tuple(v) for k, v in out.items()})


def t4_keys() -> tuple[list[str], list[str]]:
    return list(labels().t4_rows), list(labels().t4_columns)


def t2_layout(fmt: str) -> dict[str, list[str]]:
    """Row key → its column keys for a format generation (``"2019"`` or ``"2021"``)."""
    return dict(labels().t2_formats.get(fmt, labels().t2_formats["2021"])["rows"])

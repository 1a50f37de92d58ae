"""Reading lexicon YAML with the line of every key and element, so that problems name file and line.

Analysts edit the lexicons, so a mistake must be shown where it is (``file:line: message``), every mistake of
the files at once, and before any report is analysed. This module is the one reader of lexicon YAML;
:mod:`nlp.rules_schema` checks what a parsed file holds, :mod:`nlp.rules` declares it for each file.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .errors import UsageError

INVALID: Any = object()  # what a file or a value is once a problem with it has been reported


@dataclass(frozen=True)
class Where:
    """A place in a lexicon file, for error messages."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class LexiconProblem:
    """One thing wrong in a lexicon file, as ``zwgk lexicon check`` prints it."""

    where: Where
    message: str
    severity: str = "error"  # error | warning

    def __str__(self) -> str:
        return f"{self.where}: {self.severity}: {self.message}"


def raise_errors(problems: Iterable[LexiconProblem]) -> None:
    """One UsageError that lists every error (warnings do not stop a run)."""
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise UsageError("invalid lexicon:\n  " + "\n  ".join(map(str, errors)))


def file_signature(paths: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """(path, modification time, size) of each file: what parsed lexicons are cached by, so that an analyst who
    edits a file gets it read again. A missing file gets -1s (reading it then reports it)."""
    out = []
    for name in map(str, paths):
        try:
            st = os.stat(name)
            out.append((name, st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((name, -1, -1))
    return tuple(out)


class _Mapping(dict):
    """A parsed mapping that remembers the line of each key, and the keys written twice (with their lines)."""

    key_lines: dict[Any, int]
    repeated: tuple[tuple[Any, int], ...]


class _Sequence(list):
    """A parsed list that remembers the line of each element."""

    lines: list[int]


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe YAML loader (parsing in C where libyaml is installed) that records lines, for messages."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping(SafeConstructor.construct_mapping(loader, node, deep=True))  # merges "<<" keys first
    mapping.key_lines = {}
    repeated = []
    for k, _ in node.value:
        name = loader.construct_object(k, deep=True)
        if name in mapping.key_lines:
            repeated.append((name, k.start_mark.line + 1))
        mapping.key_lines[name] = k.start_mark.line + 1  # the last one, whose value counts
    mapping.repeated = tuple(repeated)
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _Sequence:
    items = _Sequence(SafeConstructor.construct_sequence(loader, node, deep=True))
    items.lines = [n.start_mark.line + 1 for n in node.value]
    return items


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def read_yaml(path: Path, problems: list[LexiconProblem]) -> Any:
    """The parsed file (None when empty), or INVALID with the reason added to ``problems``."""
    name = str(path)
    try:
        with path.open(encoding="utf-8-sig") as fh:
            return yaml.load(fh, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(LexiconProblem(Where(name, mark.line + 1 if mark else 1), f"not valid YAML: {exc}"))
    except UnicodeDecodeError:
        problems.append(LexiconProblem(Where(name, 1), "not UTF-8 text"))
    except OSError as exc:
        problems.append(LexiconProblem(Where(name, 1), f"cannot read the file: {exc.strerror or exc}"))
    return INVALID

"""Declaring what a lexicon file holds, and checking a parsed file against it into typed, immutable values.

A schema is built of the converters below. A record's keys are the fields of a frozen dataclass (see
:func:`key`): a field without a default is a required key, its converter says the type (text, a number in a
range, a list of regular expressions…), and a key that is not a field is an error. A converter reports each
problem with the file and line of the value (from :mod:`nlp.rules_yaml`) and goes on, so that one pass finds
every problem of a file.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import MISSING, Field, dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .rules_yaml import INVALID, LexiconProblem, Where, read_yaml

_CONVERT = "convert"  # the dataclass field metadata key that holds a field's converter


def convert_file(path: Path, convert: Convert, problems: list[LexiconProblem]) -> Any:
    """A lexicon file read and converted (INVALID when it cannot be read or a required part of it is wrong)."""
    data = read_yaml(path, problems)
    if data is INVALID:
        return INVALID
    return convert({} if data is None else data, At(str(path), 1, "", problems))


@dataclass(frozen=True)
class At:
    """Where a value stands: file and line, what it is (for messages), and the list that collects problems."""

    file: str
    line: int
    path: str  # the keys leading to the value ("sections.overview"); "" for the whole file
    problems: list[LexiconProblem]
    item: bool = False  # an element of the list at ``path``

    @property
    def inside(self) -> str:
        return f" in {self.path}" if self.path else ""

    def problem(self, message: str) -> Any:
        self.problems.append(LexiconProblem(Where(self.file, self.line), message))
        return INVALID

    def wrong(self, value: Any, expected: str) -> Any:
        subject = f"an item of {self.path}" if self.item else self.path or "the file"
        return self.problem(f"{subject} must be {expected}, not {_shown(value)}")

    def key(self, mapping: Mapping, k: Any) -> At:
        line = getattr(mapping, "key_lines", {}).get(k, self.line)
        return At(self.file, line, f"{self.path}.{k}" if self.path else str(k), self.problems)

    def element(self, items: list, i: int) -> At:
        lines = getattr(items, "lines", [])
        return At(self.file, lines[i] if i < len(lines) else self.line, self.path, self.problems, item=True)


Convert = Callable[[Any, At], Any]


def key(convert: Convert, default: Any = MISSING) -> Any:
    """A dataclass field read from the YAML key of the same name; without a default the key is required."""
    return field(default=default, metadata={_CONVERT: convert})


def _shown(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, (Mapping, list)):
        return "a mapping" if isinstance(value, Mapping) else "a list"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _expected(convert: Convert) -> str:
    return getattr(convert, "expected", "valid")


@dataclass(frozen=True)
class Text:
    nonempty: bool = False

    @property
    def expected(self) -> str:
        return "non-empty text" if self.nonempty else "text"

    def __call__(self, value: Any, at: At) -> Any:
        if not isinstance(value, str) or (self.nonempty and not value.strip()):
            return at.wrong(value, self.expected)
        return value


@dataclass(frozen=True)
class OneOf:
    choices: tuple[str, ...]

    @property
    def expected(self) -> str:
        return "one of " + ", ".join(self.choices)

    def __call__(self, value: Any, at: At) -> Any:
        return value if value in self.choices else at.wrong(value, self.expected)


@dataclass(frozen=True)
class Matching:
    """Text of a given form (e.g. topic ids T00–T99)."""

    pattern: re.Pattern[str]
    expected: str

    def __call__(self, value: Any, at: At) -> Any:
        return value if isinstance(value, str) and self.pattern.match(value) else at.wrong(value, self.expected)


@dataclass(frozen=True)
class Regex:
    """A regular expression (Python syntax), compiled; ``prepare`` rewrites it first (as the text it runs on)."""

    prepare: Callable[[str], str] | None = None
    expected = "a regular expression"

    def __call__(self, value: Any, at: At) -> Any:
        if not isinstance(value, str):
            return at.wrong(value, self.expected)
        try:
            return re.compile(self.prepare(value) if self.prepare else value)
        except re.error as exc:
            return at.problem(f"invalid regular expression {value!r}{at.inside}: {exc}")


@dataclass(frozen=True)
class Number:
    low: float
    high: float
    integer: bool = False

    @property
    def expected(self) -> str:
        return f"{'a whole number' if self.integer else 'a number'} from {self.low} to {self.high}"

    def __call__(self, value: Any, at: At) -> Any:
        kinds = (int,) if self.integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or not self.low <= value <= self.high:
            return at.wrong(value, self.expected)
        return int(value) if self.integer else float(value)


@dataclass(frozen=True)
class Flag:
    expected = "true or false"

    def __call__(self, value: Any, at: At) -> Any:
        return value if isinstance(value, bool) else at.wrong(value, self.expected)


@dataclass(frozen=True)
class Plain:
    """Content checked only for its kind (a mapping or a list) and kept as parsed, read-only: for files whose
    stages still read them as raw data."""

    kind: type

    @property
    def expected(self) -> str:
        return "a mapping" if self.kind is dict else "a list"

    def __call__(self, value: Any, at: At) -> Any:
        return frozen(value) if isinstance(value, self.kind) else at.wrong(value, self.expected)


def frozen(value: Any) -> Any:
    """A parsed value with every mapping read-only and every list a tuple."""
    if isinstance(value, Mapping):
        return MappingProxyType({k: frozen(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(frozen(v) for v in value)
    return value


@dataclass(frozen=True)
class ListOf:
    """A list, as a tuple of its converted elements (an empty value is an empty list)."""

    item: Convert
    nonempty: bool = False

    @property
    def expected(self) -> str:
        return f"a {'non-empty ' if self.nonempty else ''}list (each {_expected(self.item)})"

    def __call__(self, value: Any, at: At) -> Any:
        value = [] if value is None else value
        if not isinstance(value, list) or (self.nonempty and not value):
            return at.wrong(value, self.expected)
        out = (self.item(v, at.element(value, i)) for i, v in enumerate(value))
        return tuple(v for v in out if v is not INVALID)


@dataclass(frozen=True)
class MapOf:
    """A mapping with keys of the analyst's choosing, as a tuple of (key, converted value) in file order."""

    value: Convert
    key: Convert = Text(nonempty=True)

    @property
    def expected(self) -> str:
        return f"a mapping (each value {_expected(self.value)})"

    def __call__(self, value: Any, at: At) -> Any:
        value = {} if value is None else value
        if not isinstance(value, Mapping):
            return at.wrong(value, self.expected)
        _report_repeated(value, at)
        out = []
        for k, v in value.items():
            k_at = at.key(value, k)
            name = str(k) if isinstance(k, int) and not isinstance(k, bool) else k  # 2021: is the key "2021"
            if self.key(name, At(k_at.file, k_at.line, f"a key{at.inside}", at.problems)) is INVALID:
                continue
            converted = self.value(v, k_at)
            if converted is not INVALID:
                out.append((name, converted))
        return tuple(out)


@dataclass(frozen=True)
class Record:
    """A mapping with declared keys, built into ``build``: a frozen dataclass whose fields are made by :func:`key`."""

    build: type

    @property
    def expected(self) -> str:
        return "a mapping with the keys " + ", ".join(f.name for f in fields(self.build))

    def __call__(self, value: Any, at: At) -> Any:
        if not isinstance(value, Mapping):
            return at.wrong(value, self.expected)
        _report_repeated(value, at)
        declared = {f.name: f for f in fields(self.build) if _CONVERT in f.metadata}
        values = {}
        for k, v in value.items():
            if k not in declared:
                at.key(value, k).problem(f"unknown key {k!r}{at.inside} (expected {sorted(declared)})")
                continue
            converted = declared[k].metadata[_CONVERT](v, at.key(value, k))
            if converted is not INVALID:
                values[k] = converted
        for name, f in declared.items():
            if _required(f) and name not in value:
                at.problem(f"missing key {name!r}{at.inside}")
        if any(_required(f) and name not in values for name, f in declared.items()):
            return INVALID  # a required value is missing or wrong (reported)
        return self.build(**values)


@dataclass(frozen=True)
class _Wrapper:
    inner: Convert

    @property
    def expected(self) -> str:
        return _expected(self.inner)


@dataclass(frozen=True)
class Into(_Wrapper):
    """A value converted by ``inner``, then held by ``build`` (a file that is one mapping of free keys)."""

    build: Callable[[Any], Any]

    def __call__(self, value: Any, at: At) -> Any:
        converted = self.inner(value, at)
        return INVALID if converted is INVALID else self.build(converted)


@dataclass(frozen=True)
class Placed(_Wrapper):
    """A converted value with the place it was written, as (value, Where)."""

    def __call__(self, value: Any, at: At) -> Any:
        converted = self.inner(value, at)
        return INVALID if converted is INVALID else (converted, Where(at.file, at.line))


@dataclass(frozen=True)
class Written(_Wrapper):
    """A converted value with its text as written, as (text, value)."""

    def __call__(self, value: Any, at: At) -> Any:
        converted = self.inner(value, at)
        return INVALID if converted is INVALID else (value, converted)


def _required(f: Field) -> bool:
    return f.default is MISSING and f.default_factory is MISSING


def _report_repeated(mapping: Mapping, at: At) -> None:
    for k, line in getattr(mapping, "repeated", ()):
        At(at.file, line, at.path, at.problems).problem(f"key {k!r}{at.inside} is given twice")

"""Reading lexicon YAML with the line of every key and element, and checking it against a declared schema.

Analysts edit the lexicons, so a mistake must be shown where it is (``file:line: message``), every mistake of
the files at once, and before any report is analysed. This module is the one reader of lexicon YAML: it parses
with line numbers and turns a parsed file into typed, immutable values through a schema built of the converters
below. A record's keys are the fields of a frozen dataclass (see :func:`key`): a field without a default is a
required key, its converter says the type, and a key that is not a field is an error. Which file holds what is
declared in :mod:`nlp.rules` (and, for topic files, in :mod:`nlp.annotate.topics`).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, Field, dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .errors import UsageError

INVALID: Any = object()  # what a file or a value is once a problem with it has been reported
_CONVERT = "convert"  # the dataclass field metadata key that holds a field's converter


@dataclass(frozen=True)
class Where:
    """A place in a lexicon file, for error messages."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class LexiconProblem:
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
    for p in paths:
        try:
            st = p.stat()
            out.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(p), -1, -1))
    return tuple(out)


# --------------------------------------------------------------------------------------------- parsing

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


def convert_file(path: Path, convert: Convert, problems: list[LexiconProblem]) -> Any:
    """A lexicon file read and converted (INVALID when it cannot be read or a required part of it is wrong)."""
    data = read_yaml(path, problems)
    if data is INVALID:
        return INVALID
    return convert({} if data is None else data, At(str(path), 1, "", problems))


# --------------------------------------------------------------------------------------------- converting

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

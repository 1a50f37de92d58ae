"""The samples to generate: rows of ``manifest.csv`` with their publishing body (``bodies.yaml``) and faults.

Everything a renderer needs to know about a sample besides its source text is read and validated here, once,
with ``file:line`` errors: which body publishes it (its site chrome), and which faults to put in. Faults are
structured columns (a page-number template, running header/footer texts, yes/empty flags), so no renderer
parses prose.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SRC = ROOT / "scripts" / "corpus_src"
DEFAULT_OUT = ROOT / "corpus"


class ManifestError(ValueError):
    """A manifest row or body entry the generator cannot use; the message starts with ``file:line``."""


@dataclass(frozen=True)
class Body:
    """A fictional publishing body and its web site (see the header of ``bodies.yaml``)."""

    publisher: str
    site: str
    domain: str
    icp: str
    code: str
    address: str
    nav: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Faults:
    """The faults a sample is published with; each column of ``manifest.csv`` of the same name.

    Text columns are templates: ``page_numbers`` takes ``{n}`` (the page number), the running header and
    footer take the body's fields (``{publisher}``). Flag columns are ``yes`` or empty.
    """

    page_numbers: str | None = None
    running_header: str | None = None
    running_footer: str | None = None
    spaced_characters: bool = False
    vertical_t3_header: bool = False
    heading_broken: bool = False
    gb2312: bool = False
    glued_table_text: bool = False
    value_below_blank: bool = False
    t4_in_one_cell: bool = False

    def named(self) -> list[str]:
        """The faults that are set, by column name (a renderer rejects those it cannot put in)."""
        return [f.name for f in fields(self) if getattr(self, f.name)]


FAULT_COLUMNS = tuple(f.name for f in fields(Faults))
MANIFEST_COLUMNS = ("id", "form", "out", "jurisdiction", "year")


@dataclass(frozen=True)
class Sample:
    """One report to generate: ``<src>/<id>.txt`` rendered in ``form`` to ``corpus/<out>``."""

    id: str
    form: str
    out: str
    year: int
    body: Body
    faults: Faults = field(default_factory=Faults)
    where: str = ""  # manifest file:line, for error messages

    def digest(self) -> int:
        """A number fixed by the sample id: stands in for the random parts of a page (ids, times)."""
        return int(hashlib.md5(self.id.encode()).hexdigest(), 16)

    def published(self) -> tuple[dt.date, str]:
        """Publication date and ``HH:MM`` time: the date a saved page's name carries (``t20220125_…``),
        else a January day of the next year; both fixed by the sample id."""
        h = self.digest()
        m = re.search(r"t(20\d\d)(\d\d)(\d\d)", self.out)
        if m:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            day = dt.date(self.year + 1, 1, 10 + h % 18)
        return day, "%02d:%02d" % (8 + h % 9, (h // 9) % 60)


def load_bodies(path: Path) -> dict[str, Body]:
    """Read ``bodies.yaml``: every body with every field, nav as ``[label, path]`` pairs."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ManifestError(f"{path}:1: expected a mapping of jurisdiction to body")
    texts = [f.name for f in fields(Body) if f.name != "nav"]
    bodies = {}
    for name, entry in data.items():
        where = f"{path}:{_yaml_line(path, name)}: {name}"
        if not isinstance(entry, dict):
            raise ManifestError(f"{where}: expected the fields {', '.join(texts)}, nav")
        missing = [k for k in (*texts, "nav") if k not in entry]
        unknown = sorted(set(entry) - {*texts, "nav"})
        if missing or unknown:
            raise ManifestError(f"{where}: missing {', '.join(missing) or '-'}; unknown {', '.join(unknown) or '-'}")
        nav = entry["nav"]
        if not (isinstance(nav, list) and all(isinstance(n, list) and len(n) == 2 for n in nav)):
            raise ManifestError(f"{where}: nav is a list of [label, path] pairs")
        bodies[name] = Body(nav=tuple((str(a), str(b)) for a, b in nav), **{k: str(entry[k]) for k in texts})
    return bodies


def _yaml_line(path: Path, key: str) -> int:
    """The line where a top-level key starts (PyYAML's safe_load keeps no positions)."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(f"{key}:"):
            return n
    return 1


def load_manifest(path: Path, bodies: dict[str, Body]) -> list[Sample]:
    """Read ``manifest.csv`` into samples, checking every column the generator reads."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in (*MANIFEST_COLUMNS, *FAULT_COLUMNS) if c not in (reader.fieldnames or [])]
        if missing:
            raise ManifestError(f"{path}:1: missing column {', '.join(missing)}")
        return [_sample(row, bodies, f"{path}:{reader.line_num}") for row in reader]


def _sample(row: dict[str, str], bodies: dict[str, Body], where: str) -> Sample:
    body = bodies.get(row["jurisdiction"])
    if body is None:
        raise ManifestError(f"{where}: jurisdiction {row['jurisdiction']!r} is not in bodies.yaml")
    if not row["year"].isdigit():
        raise ManifestError(f"{where}: year {row['year']!r} is not a year")
    return Sample(id=row["id"], form=row["form"], out=row["out"], year=int(row["year"]), body=body,
                  faults=_faults(row, body, where), where=where)


def _faults(row: dict[str, str], body: Body, where: str) -> Faults:
    values: dict[str, str | bool | None] = {}
    for f in fields(Faults):
        raw = row[f.name].strip()
        if f.type == "bool":
            if raw not in ("", "yes"):
                raise ManifestError(f"{where}: {f.name} is 'yes' or empty, not {raw!r}")
            values[f.name] = raw == "yes"
        elif raw:
            values[f.name] = _template(f.name, raw, body, where)
    return Faults(**values)  # type: ignore[arg-type]


def _template(column: str, raw: str, body: Body, where: str) -> str:
    """Check a text column: page numbers keep ``{n}`` for the renderer; header/footer get the body's fields."""
    if column == "page_numbers":
        try:
            ok = "{n}" in raw and raw.format(n=1) != raw
        except (KeyError, IndexError, ValueError):
            ok = False
        if not ok:
            raise ManifestError(f"{where}: page_numbers is a text with {{n}} where the number goes: {raw!r}")
        return raw
    try:
        return raw.format(**{f.name: getattr(body, f.name) for f in fields(Body)})
    except (KeyError, IndexError, ValueError) as exc:
        raise ManifestError(f"{where}: {column} {raw!r}: not a field of bodies.yaml ({exc})") from None

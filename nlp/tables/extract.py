"""The three statutory tables (主动公开 t2, 依申请 t3, 复议诉讼 t4) read into numbers, one :class:`Cell` each.

Why this shape
--------------
Every input form ends up, in the analysable text, as a stream of *label fragments* and *numbers*:

- HTML / DOCX / Markdown rows are lines ``| a | | b |`` (empty cells kept, so blanks are known);
- PDF rows are ``a | b | c`` lines rebuilt from pdfminer line positions (empty cells lost, labels that wrap
  inside their cell scattered over several lines);
- pdftotext-style text has one cell per line; crawled text has a whole table on one line.

So one reader serves them all. It finds each row's *label* (variants in ``lexicons/table_labels.yaml``), in the
printed order of the form, and gives the row the numbers that follow its label up to the next row label. A row
gets values only when the count is exactly its number of columns; otherwise a few narrow, explained repairs are
tried (below) and, failing those, its cells are ``unreadable``. Numbers are never guessed: a wrong number is
worse than a missing one, because the checks would then report faults the report does not have.

For PDFs the text order scatters cells, so the file is re-opened with pdfplumber, whose tables come from the
ruling lines of the page; its rows feed the same reader as explicit grid rows. Per table, the reading with
more legible cells wins (pdfplumber on ties). pdfplumber costs about 0.1–0.3 s per page; only the pages that
hold the tables are opened.

Repairs, each noted in :attr:`Cell.note`:

- *values before the label*: a t2 row with no numbers after its label takes the numbers printed between the
  previous block separator and its label, when they are exactly its column count (pdftotext prints a cell
  that sits higher than its label first);
- *rows printed as one block*: k consecutive rows whose k×7 numbers all follow one of their labels (labels
  printed first, or a label displaced) are split row by row or column by column, only if exactly one order
  makes every row's six applicant columns add up to its 总计;
- *blank cells from spacing*: pdftotext keeps empty cells as runs of spaces (``10      10``); the normaliser
  collapses them, so for text files the row's line is looked up in the raw file and each extra space taken as
  one empty cell, only if that gives exactly the row's column count;
- *numbers run together* (crawled ``10203120001200000``): split by :func:`split_run_together` only where the
  table's own sums make the split unique.

Cell values keep their meaning (``value_kind``): see :data:`VALUE_KINDS`.
"""
from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Callable, Iterable, Mapping, Sequence

from ..read.document import Document
from ..lexicon import load_yaml

TABLE_COLUMNS = ["report_id", "table", "row_key", "col_key", "raw", "value", "value_kind", "page", "note"]

#: ``value_kind`` of a cell, and what it means:
#:
#: - ``number``: a printed non-zero number (``value`` is an int, or a float when printed with decimals);
#: - ``zero``: a printed 0 (``value`` 0) — the body reports none;
#: - ``blank``: the cell is printed empty (``value`` None) — the form was not filled in here;
#: - ``dash``: ``/``, ``-``, ``—`` and the like (``value`` None) — marked not applicable / nothing to report;
#: - ``text``: words in a number cell such as 「无」「不适用」 (``value`` None, ``raw`` keeps them);
#: - ``unreadable``: the row was found but its cells could not be read with certainty (scrambled layout,
#:   wrong count of numbers, ambiguous run-together digits); ``value`` None, ``note`` says why.
VALUE_KINDS = ("number", "zero", "blank", "dash", "text", "unreadable")

LEGIBLE = ("number", "zero", "blank", "dash", "text")


@dataclass
class Cell:
    """One cell of a statutory table (one row of ``tables.csv``).

    ``raw`` is the cell as printed (``""`` for blank), ``value`` the number it holds or None, ``page`` the page
    it was read from (None for forms without pages). ``note`` explains any repair made to read it.
    """

    report_id: str
    table: str
    row_key: str
    col_key: str
    raw: str
    value: float | int | None
    value_kind: str
    page: int | None = None
    note: str = ""


# --------------------------------------------------------------------------------------------------------------
# Lexicon


@dataclass
class _RowSpec:
    key: str
    order: int
    patterns: list[re.Pattern]
    group: str = ""


@dataclass
class _Labels:
    raw: dict
    t2_rows: list[_RowSpec]
    t2_start: list[re.Pattern]
    t2_separators: list[re.Pattern]
    t2_formats: dict[str, dict]
    t3_rows: list[_RowSpec]
    t3_groups: list[_RowSpec]
    t3_columns: list[str]
    t3_start: list[re.Pattern]
    t4_rows: list[str]
    t4_columns: list[str]
    t4_start: list[re.Pattern]
    t4_end: list[re.Pattern]
    dash: set[str]
    value_words: set[str]
    units: str
    sentence_number: re.Pattern   # a number followed by one of ``units``: the text is part of a sentence


def _compile(patterns: Iterable[str]) -> list[re.Pattern]:
    out = [re.compile(p) for p in patterns]
    for pat in out:
        if pat.groups or pat.flags != re.UNICODE:  # each must mean the same inside an alternation (_any_of)
            raise ValueError(f"table_labels.yaml: pattern {pat.pattern!r} uses a capturing group or an inline flag")
    return out


@lru_cache(maxsize=None)
def _alternation(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)")


def _any_of(patterns: Iterable[re.Pattern]) -> re.Pattern:
    """One regex that ``search`` finds in a text exactly when one of ``patterns`` would (none: never).

    One scan in C instead of a Python loop of searches: most label fragments match none of a table's patterns.
    Exact because the lexicon's patterns have no capturing groups or inline flags (see :func:`_compile`).
    """
    return _alternation(tuple(p.pattern for p in patterns))


@lru_cache(maxsize=None)
def labels() -> _Labels:
    """The parsed ``lexicons/table_labels.yaml`` (cached)."""
    y = load_yaml("table_labels.yaml")
    t2, t3, t4 = y["t2"], y["t3"], y["t4"]
    t2_rows = [_RowSpec(r["key"], i, _compile(r["patterns"])) for i, r in enumerate(t2["rows"])]
    t3_rows = [_RowSpec(r["key"], i, _compile(r["patterns"]), r.get("group", "")) for i, r in enumerate(t3["rows"])]
    t3_groups = [_RowSpec(g["key"], -1, _compile(g["patterns"])) for g in t3["groups"]]
    return _Labels(
        raw=y, t2_rows=t2_rows, t2_start=_compile(t2["start"]), t2_separators=_compile(t2["separators"]),
        t2_formats={str(k): v for k, v in t2["formats"].items()},
        t3_rows=t3_rows, t3_groups=t3_groups, t3_columns=[c["key"] for c in t3["columns"]],
        t3_start=_compile(t3["start"]),
        t4_rows=[r["key"] for r in t4["rows"]], t4_columns=[c["key"] for c in t4["columns"]],
        t4_start=_compile(t4["start"]), t4_end=_compile(t4["end"]),
        dash=set(y["dash"]), value_words=set(y["value_words"]), units=y["sentence_units"],
        sentence_number=re.compile(rf"\d\s*[{y['sentence_units']}]"),
    )


def label_lookup() -> list[dict[str, str]]:
    """Rows for the key → Chinese label lookup file (``table, axis, key, label``), in printed order."""
    y = labels().raw
    out: list[dict[str, str]] = []
    for key, label in y["t2"]["columns"].items():
        out.append({"table": "t2", "axis": "col", "key": key, "label": label})
    for r in y["t2"]["rows"]:
        out.append({"table": "t2", "axis": "row", "key": r["key"], "label": r["label"]})
    for c in y["t3"]["columns"]:
        out.append({"table": "t3", "axis": "col", "key": c["key"], "label": c["label"]})
    for r in y["t3"]["rows"]:
        out.append({"table": "t3", "axis": "row", "key": r["key"], "label": r["label"]})
    for g in y["t3"]["groups"]:
        out.append({"table": "t3", "axis": "row", "key": g["key"], "label": g["label"] + "（整组一行）"})
    for c in y["t4"]["columns"]:
        out.append({"table": "t4", "axis": "col", "key": c["key"], "label": c["label"]})
    for r in y["t4"]["rows"]:
        out.append({"table": "t4", "axis": "row", "key": r["key"], "label": r["label"]})
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


# --------------------------------------------------------------------------------------------------------------
# Cell values

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)"  # 1,295 or 1295
_NUM_CORE = rf"[-－−+]?{_DIGITS}(?:\.\d+)?"
_CELL_NUM = re.compile(rf"({_NUM_CORE})\s*(万元|元|件|条|个|项|次|人)?")
#: A ``_NUM_CORE`` in running text that is not glued to a word, a code or another number (no
#: ``[0-9A-Za-z.．/@:\-－−+_]`` just before it). Written to begin with the class of its first character, the
#: character before that one being tested by a lookbehind over both: the regex engine skips to a possible first
#: character at C speed only when a pattern begins with a character class, while a leading ``(?<!…)`` makes it
#: try every position of every line (it was a third of the time of tokenising a report). After a first digit,
#: ``_DIGITS`` lacks that digit.
_NUM_IN_TEXT = re.compile(r"([-－−+\d](?<![0-9A-Za-z.．/@:\-－−+_].)"
                          rf"(?:(?<=\d)(?:\d{{0,2}}(?:,\d{{3}})+|\d*)|{_DIGITS})(?:\.\d+)?)")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CN_NUMERAL = "一二三四五六七八九十"
_SENT_END = re.compile(r"(?<=[。；！？])")
_LABEL_FRAGMENT = re.compile(r"[^\s|｜]+")  # label text between runs of whitespace or bars


def _number(text: str) -> int | float:
    t = text.replace("－", "-").replace("−", "-").replace(",", "").lstrip("+")
    return float(t) if "." in t else int(t)


@lru_cache(maxsize=4096)
def classify(raw: str) -> tuple[str, float | int | None] | None:
    """``(value_kind, value)`` of a cell's printed content, or None when it is a label, not a value.

    Cached: a report prints the same few cell contents (``0``, ``""``, ``/``) hundreds of times.
    """
    s = raw.strip()
    if not s:
        return "blank", None
    lab = labels()
    if s in lab.dash:
        return "dash", None
    m = _CELL_NUM.fullmatch(s)
    if m:
        v = _number(m.group(1))
        return ("zero" if v == 0 else "number"), v
    if s in lab.value_words:
        return "text", None
    return None


# --------------------------------------------------------------------------------------------------------------
# Pieces: the stream of label fragments and values


@dataclass(slots=True)
class _Piece:
    kind: str                 # "label" | "value"
    text: str                 # as printed (value) / fragment (label)
    start: int = -1           # offset in doc.text; -1 for pdfplumber pieces
    page: int | None = None
    line: int = 0             # id of the line / grid row it came from
    grid: bool = False        # from an explicit grid row (empty cells are kept)
    narrative: bool = False   # a label fragment that is part of a sentence
    norm: str = ""            # label without whitespace (for matching)
    vkind: str = ""
    value: float | int | None = None
    idx: int = -1             # position in the stream


def _numbered(pieces: list[_Piece]) -> list[_Piece]:
    for i, p in enumerate(pieces):
        p.idx = i
    return pieces


def _label_pieces(text: str, start: int, doc: Document | None, line: int, out: list[_Piece]) -> None:
    """Split label text (of a flattened line, at offset ``start``) into fragments; sentences stay whole and are
    marked narrative. ``doc`` gives the page (None: a text without pages)."""
    if not text.strip():  # often only the spaces between two values
        return
    page = _page(doc, start)
    in_sentence = labels().sentence_number.search
    offset = 0
    for sent in _SENT_END.split(text):
        if not sent:
            continue
        s0 = start + offset
        offset += len(sent)
        if not sent.strip():
            continue
        if sent.rstrip().endswith(("。", "；", "！", "？")) or in_sentence(sent):
            out.append(_Piece("label", sent, s0, page, line, False, True, "".join(sent.split())))
            continue
        for m in _LABEL_FRAGMENT.finditer(sent):
            frag = m.group()
            out.append(_Piece("label", frag, s0 + m.start(), page, line, False, False, frag))


def _value_end(line: str, m: re.Match, units: str) -> int | None:
    """End of the value matched at ``m`` (a unit 万元/元 may follow), or None when the number is not a cell."""
    end = m.end()
    if end >= len(line):
        return end
    c = line[end]
    if c in " \t\u3000|｜":
        j = end
        while j < len(line) and line[j] in " \t\u3000":
            j += 1
        if j < len(line) and line[j] in units and line[j] not in "元万":
            return None
        return end
    if c in "（(":
        return end
    if line.startswith("万元", end) or c == "元":
        e2 = end + (2 if line.startswith("万元", end) else 1)
        if e2 >= len(line) or line[e2] in " \t\u3000|｜（(":
            return e2
        return None
    if c in _CN_NUMERAL and end + 1 < len(line) and line[end + 1] == "、":
        return end
    return None


def _number_spans(line: str, units: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each number of ``line`` that is a cell value (see :func:`_value_end`)."""
    spans: list[tuple[int, int]] = []
    for m in _NUM_IN_TEXT.finditer(line):
        end = _value_end(line, m, units)
        if end is not None:
            spans.append((m.start(1), end))
    return spans


_DASH_TOKEN = re.compile(r"(?:(?<=[\s|｜])|^)(——|--|[-－—–/／~～])(?=[\s|｜]|$)")
_DASH_CHAR = re.compile(r"[-－—–/／~～]")  # the first character of every _DASH_TOKEN


def _value_spans(line: str, units: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the cell values of a line of flattened text (numbers and dashes), in order."""
    if line.isascii() and line.isdigit():  # one number alone (pdftotext prints a cell per line): no regex needed
        return [(0, len(line))]
    spans = _number_spans(line, units)
    # _DASH_TOKEN tries every position of the line: only where the quick search finds a dash at all
    if _DASH_CHAR.search(line):
        for m in _DASH_TOKEN.finditer(line):
            a, b = m.start(1), m.end(1)
            if not any(s <= a < e for s, e in spans):
                spans.append((a, b))
        spans.sort()
    return spans


def _free_line(line: str, base: int, line_id: int, doc: Document | None, out: list[_Piece], units: str) -> None:
    """Tokenise a line of flattened text (PDF row, pdftotext cell, crawled one-liner) that starts at offset
    ``base``; ``doc`` is None for a text without pages (every piece's page is then None)."""
    pos = 0
    for a, b in _value_spans(line, units):
        _label_pieces(line[pos:a], base + pos, doc, line_id, out)
        raw = line[a:b]
        kind, value = classify(raw) or ("text", None)
        out.append(_Piece("value", raw, base + a, _page(doc, base + a), line_id, False, False, "", kind, value))
        pos = b
    _label_pieces(line[pos:], base + pos, doc, line_id, out)


def _page(doc: Document | None, offset: int, page: int | None = None) -> int | None:
    if page is not None or doc is None or offset < 0:
        return page
    return doc.page_at(offset)


_MD_SEPARATOR = re.compile(r":?-{3,}:?")


def _md_separator(texts: list[str]) -> bool:
    """A Markdown separator row (``| --- | :---: |``): every filled cell is dashes."""
    if not any("---" in t for t in texts):  # the quick answer for every other row
        return False
    filled = [s for s in (t.strip() for t in texts) if s]
    return bool(filled) and all(_MD_SEPARATOR.fullmatch(s) for s in filled)


def _grid_row(cells: Sequence[tuple[str, int]], line_id: int, doc: Document | None, out: list[_Piece],
              page: int | None = None) -> None:
    """One explicit table row (HTML/DOCX/Markdown line, or a pdfplumber row): cells → pieces.

    Empty cells are kept only after the row's last label cell (the value columns); empty cells among the
    labels are just merged label columns.
    """
    texts = [c for c, _ in cells]
    if _md_separator(texts):
        return
    kinds = [classify(t) for t in texts]
    last_label = max((i for i, k in enumerate(kinds) if k is None), default=-1)
    in_sentence = labels().sentence_number.search
    for i, ((text, start), k) in enumerate(zip(cells, kinds)):
        if k is None:
            label = text.strip()
            # a sentence in a cell (narrative row of a page-frame table) never names a row
            narrative = label.endswith(("。", "；")) or in_sentence(text) is not None
            out.append(_Piece("label", label, start, _page(doc, start, page), line_id, True, narrative,
                              "".join(text.split())))
        elif k[0] == "blank" and i < last_label:
            continue
        else:
            out.append(_Piece("value", text.strip(), start, _page(doc, start, page), line_id, True, False, "", k[0],
                              k[1]))


def _first_table_line(lines: list[str]) -> int | None:
    """Index of the first line that may hold the start of table 2 or 3, or None when no line can.

    Every table region begins at or after the first label matching a start of table 2 or 3 (see
    :func:`find_regions`), and a label lies within one line. While these start patterns are plain words (not
    regular expressions), a line whose text without whitespace contains none of them holds no such label, so
    the lines before the first that does are of no table: usually the overview (a third of a current report)
    or all of a pre-2019 report, which has no statutory tables.
    """
    words = [p.pattern for p in labels().t2_start + labels().t3_start]
    if any(re.escape(w) != w for w in words):  # a regular expression: no shortcut
        return 0
    for i, line in enumerate(lines):
        flat = "".join(line.split())
        if any(w in flat for w in words):
            return i
    return None


def text_pieces(doc: Document) -> list[_Piece]:
    """The analysable text of a report as a stream of pieces, from the first line that may start a table (the
    lines before cannot be part of one, see :func:`_first_table_line`)."""
    units = labels().units
    pager = doc if doc.paged else None  # without pages page_at is None everywhere: no need to ask per piece
    lines = doc.text.split("\n")
    first = _first_table_line(lines)
    if first is None:
        return []
    out: list[_Piece] = []
    pos = sum(len(line) + 1 for line in lines[:first])
    for line_id, line in enumerate(lines[first:], start=first):
        s = line.strip()
        if len(s) >= 2 and s.startswith("|") and s.endswith("|"):
            lead = line.index("|")
            cells: list[tuple[str, int]] = []
            cpos = pos + lead + 1
            for c in s[1:-1].split("|"):
                cells.append((c, cpos + (len(c) - len(c.lstrip()))))
                cpos += len(c) + 1
            _grid_row(cells, line_id, pager, out)
        elif s:
            _free_line(line, pos, line_id, pager, out, units)
        pos += len(line) + 1
    return _numbered(out)


def _pdf_pieces(path: str, pages: list[int]) -> list[_Piece]:
    """Rows of the ruled tables pdfplumber finds on ``pages``, as explicit grid rows."""
    import pdfplumber  # lazily: only PDFs need it

    out: list[_Piece] = []
    line_id = 10 ** 6
    with pdfplumber.open(path) as pdf:
        for number in pages:
            if not 1 <= number <= len(pdf.pages):
                continue
            page = pdf.pages[number - 1]
            tables = sorted(page.find_tables(), key=lambda t: (round(t.bbox[1]), t.bbox[0]))
            for table in tables:
                for row in table.extract():
                    line_id += 1
                    cells = [((c or "").replace("\n", ""), -1) for c in row]
                    _grid_row(cells, line_id, None, out, page=number)
    return _numbered(out)


# --------------------------------------------------------------------------------------------------------------
# Regions


@dataclass
class _Regions:
    t2: tuple[int, int] | None = None
    t3: tuple[int, int] | None = None
    t4: tuple[int, int] | None = None


def _first(pieces: list[_Piece], lo: int, hi: int, patterns: list[re.Pattern], narrative_ok: bool = False) -> int | None:
    matches = _any_of(patterns).search
    for i in range(lo, hi):
        p = pieces[i]
        if p.kind == "label" and (narrative_ok or not p.narrative) and matches(p.norm):
            return i
    return None


def find_regions(pieces: list[_Piece]) -> _Regions:
    """Piece ranges of tables 2, 3 and 4 (by their own start words, in order t2 < t3 < t4)."""
    lab = labels()
    n = len(pieces)
    t2s = _first(pieces, 0, n, lab.t2_start)
    t3s = _first(pieces, t2s or 0, n, lab.t3_start)
    t4s = _first(pieces, t3s if t3s is not None else (t2s or 0), n, lab.t4_start) if (t3s is not None or t2s is not None) else None
    end_from = t4s if t4s is not None else (t3s if t3s is not None else t2s)
    t4e = _first(pieces, (end_from or 0) + 1, n, lab.t4_end, narrative_ok=True) if end_from is not None else None
    last = t4e if t4e is not None else n
    reg = _Regions()
    if t2s is not None:
        reg.t2 = (t2s, t3s if t3s is not None else (t4s if t4s is not None else last))
    if t3s is not None:
        reg.t3 = (t3s, t4s if t4s is not None else last)
    if t4s is not None:
        reg.t4 = (t4s, last)
    return reg


# --------------------------------------------------------------------------------------------------------------
# Raw lines (blank cells from spacing)


class _RawLines:
    """The report file's own lines, whitespace intact, aligned in order with the lines of the analysable text.

    The normaliser collapses runs of spaces, drops page furniture and joins wrapped lines; a text line is
    matched to the next raw line(s) whose characters, without whitespace, are the same.
    """

    WINDOW = 40

    def __init__(self, doc: Document):
        self.doc = doc
        self._map: dict[int, list[str]] | None = None

    def _align(self) -> dict[int, list[str]]:
        try:
            from ..read import read

            raw_doc = read(self.doc.path)
            raw = [ln for p in raw_doc.pages for ln in p.text.replace("\r", "").split("\n")]
        except Exception:  # the file may be gone or changed; the repair is then simply not made
            return {}
        keys = ["".join(ln.split()) for ln in raw]
        out: dict[int, list[str]] = {}
        ptr = 0
        for line_id, line in enumerate(self.doc.text.split("\n")):
            key = "".join(line.split())
            if not key:
                continue
            for i in range(ptr, min(len(raw), ptr + self.WINDOW)):
                if not keys[i] or not key.startswith(keys[i]):
                    continue
                done, j = 0, i  # key[:done] is made of keys[i:j]
                while j < len(raw) and done < len(key) and key.startswith(keys[j], done):
                    done += len(keys[j])
                    j += 1
                if done == len(key):
                    out[line_id] = raw[i:j]
                    ptr = j
                    break
        return out

    def lines_for(self, line_id: int) -> list[str] | None:
        """The raw line(s) that make up line ``line_id`` of the analysable text, or None."""
        if self._map is None:
            self._map = self._align()
        return self._map.get(line_id)


def _spaced_layout(raw_lines: list[str], units: str) -> list[str] | None:
    """Cells of raw line(s) where each space beyond the one separating two cells is an empty cell.

    Returns the cells from the first value on (``""`` for blank), or None when the spacing is not plain spaces.
    """
    cells: list[str] = []
    for line in raw_lines:
        if "\t" in line:
            return None
        prev_end = None
        for a, b in _number_spans(line, units):
            gap_start = prev_end if prev_end is not None else 0
            gap = line[gap_start:a]
            spaces = len(gap) - len(gap.rstrip(" "))
            if prev_end is None and gap.strip():
                blanks = max(spaces - 1, 0)      # after the label and one separating space
            elif prev_end is None:
                blanks = spaces                  # at the start of the line
            else:
                if gap.strip():
                    return None                  # label text between two values: not one row
                blanks = max(spaces - 1, 0)
            cells.extend([""] * blanks)
            cells.append(line[a:b])
            prev_end = b
    return cells


# --------------------------------------------------------------------------------------------------------------
# Run-together numbers


MAX_CUTS = 300_000  # a run of digits with more possible cuts than this is left unread (time bound)


@dataclass
class Split:
    """Result of :func:`split_run_together`: the unique split (or None) and why."""

    values: list[int] | None
    candidates: list[list[int]]
    note: str


def _splits(tokens: Sequence[str], counts: Sequence[int]) -> Iterable[list[int]]:
    """All ways to cut each digit token into ``counts[i]`` numbers without leading zeros."""
    def cut(s: str, k: int) -> Iterable[list[int]]:
        if k == 1:
            if s and (s == "0" or s[0] != "0"):
                yield [int(s)]
            return
        if s[:1] == "0":
            for rest in cut(s[1:], k - 1):
                yield [0] + rest
            return
        for i in range(1, len(s) - k + 2):
            for rest in cut(s[i:], k - 1):
                yield [int(s[:i])] + rest

    def rec(i: int) -> Iterable[list[int]]:
        if i == len(tokens):
            yield []
            return
        for head in cut(tokens[i], counts[i]):
            for tail in rec(i + 1):
                yield head + tail

    return rec(0)


def split_run_together(run: str | Sequence[str], n: int, rule: Callable[[list[int]], bool] | None = None,
                       limit: int = 200) -> Split:
    """Cut digits printed without separators (crawled ``10203120001200000``) into ``n`` numbers.

    ``run`` is one digit string, or the digit tokens of a row in order (their boundaries are kept). Numbers have
    no leading zeros. ``rule`` is the table's own sum for the row (e.g. the six applicant columns add up to 总计);
    the split is accepted only when exactly one cut satisfies it — without a rule, only when the digits allow a
    single cut. Otherwise ``values`` is None and ``candidates`` holds up to ``limit`` cuts that satisfy the rule.
    """
    tokens = [run] if isinstance(run, str) else list(run)
    if not tokens or any(not t.isdigit() for t in tokens):
        return Split(None, [], "not a run of digits")
    total = sum(len(t) for t in tokens)
    if total < n:
        return Split(None, [], f"{total} digits cannot make {n} numbers")
    if math.comb(total - 1, n - 1) > MAX_CUTS:
        return Split(None, [], f"run-together digits '{''.join(tokens)}': too many possible splits to try; not split")
    found: list[list[int]] = []
    seen = 0
    # distribute the n numbers over the tokens (each token holds at least one, at most len(token))
    ranges = [range(1, len(t) + 1) for t in tokens]
    for counts in itertools.product(*ranges):
        if sum(counts) != n:
            continue
        for values in _splits(tokens, counts):
            seen += 1
            if rule is None or rule(values):
                if values not in found:
                    found.append(values)
                if len(found) > limit:
                    break
        if len(found) > limit:
            break
    shown = "".join(tokens) if len(tokens) == 1 else " ".join(tokens)
    if len(found) == 1:
        how = "the table's sums" if rule is not None else "the digit count"
        return Split(found[0], found, f"run-together digits '{shown}' split into {n} numbers; the split is "
                                      f"unique under {how} ({seen} cuts tried)")
    if not found:
        return Split(None, [], f"run-together digits '{shown}': no split into {n} numbers satisfies the sums")
    return Split(None, found, f"run-together digits '{shown}': {len(found)}{'+' if len(found) > limit else ''} "
                              f"splits into {n} numbers satisfy the sums; not split")


def _t3_row_rule(values: Sequence[int | float | None]) -> bool:
    return all(v is not None for v in values) and sum(values[:6]) == values[6]


def _t4_rule(values: Sequence[int | float | None]) -> bool:
    return all(v is not None for v in values) and all(
        sum(values[g:g + 4]) == values[g + 4] for g in range(0, len(values), 5))


# --------------------------------------------------------------------------------------------------------------
# The row reader (tables 2 and 3)


@dataclass
class _Anchor:
    key: str
    order: int
    idx: int
    pos: int


@dataclass
class _Row:
    """What the reader made of one row: values (pieces or synthetic), or why it could not."""

    key: str
    width: int
    anchor: _Anchor
    values: list[_Piece] | None = None
    note: str = ""
    found: list[_Piece] = field(default_factory=list)
    split_candidates: list[list[int]] = field(default_factory=list)


def _find_anchors(pieces: list[_Piece], lo: int, hi: int, specs: list[_RowSpec]) -> list[_Anchor]:
    out: list[_Anchor] = []
    # most label fragments of a table name no row: one combined search rules them out
    names_a_row = _any_of(pat for spec in specs for pat in spec.patterns).search
    for i in range(lo, hi):
        p = pieces[i]
        if p.kind != "label" or p.narrative or not p.norm or not names_a_row(p.norm):
            continue
        for spec in specs:
            for pat in spec.patterns:
                m = pat.search(p.norm)
                if m:
                    out.append(_Anchor(spec.key, spec.order, i, m.start()))
                    break
    out.sort(key=lambda a: (a.idx, a.pos))
    return out


def _header_lines(pieces: list[_Piece], anchors: list[_Anchor], lo: int, hi: int) -> set[int]:
    """Grid rows naming several rows and holding no number are column headers (「本年新收件数 | 上年结转件数…」)."""
    by_line: dict[int, set[str]] = {}
    for a in anchors:
        if pieces[a.idx].grid:
            by_line.setdefault(pieces[a.idx].line, set()).add(a.key)
    valued = {p.line for p in pieces[lo:hi] if p.kind == "value" and p.vkind != "blank"}
    return {line for line, keys in by_line.items() if len(keys) >= 2 and line not in valued}


def _drop_lines(pieces: list[_Piece], anchors: list[_Anchor], lines: set[int]) -> list[_Anchor]:
    return [a for a in anchors if not (pieces[a.idx].grid and pieces[a.idx].line in lines)]


def _lis(orders: list[int]) -> set[int]:
    """Indices of a longest strictly increasing subsequence (earliest on ties)."""
    n = len(orders)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if orders[j] < orders[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    if not n:
        return set()
    i = max(range(n), key=lambda k: (best[k], -k))
    out = set()
    while i >= 0:
        out.add(i)
        i = prev[i]
    return out


def _segment_values(pieces: list[_Piece], a: int, b: int, width: int, anchor_lines: set[int]) -> list[_Piece]:
    """Values between piece indices a and b (exclusive), with grid rows trimmed to ``width`` cells."""
    chunks: list[list[_Piece]] = []
    cur_line = None
    for i in range(a + 1, b):
        p = pieces[i]
        if p.kind != "value":
            continue
        if not chunks or p.line != cur_line or not p.grid:
            chunks.append([])
            cur_line = p.line
        chunks[-1].append(p)
    out: list[_Piece] = []
    for ch in chunks:
        if ch[0].grid:
            has_value = any(p.vkind != "blank" for p in ch)
            if not has_value and ch[0].line not in anchor_lines:
                continue
            while len(ch) > width and ch[0].vkind == "blank":
                ch = ch[1:]
            while len(ch) > width and ch[-1].vkind == "blank":
                ch = ch[:-1]
        out.extend(ch)
    return out


def _read_rows(pieces: list[_Piece], lo: int, hi: int, specs: list[_RowSpec], widths: dict[str, int],
               separators: list[re.Pattern], groups: list[_RowSpec] | None, row_rule, doc: Document | None,
               raw: _RawLines | None) -> tuple[list[_Row], list[str]]:
    """Assign values to the rows of one table. Returns the rows found (in printed order) and the row order used."""
    anchors = _find_anchors(pieces, lo, hi, specs)
    gan = _find_anchors(pieces, lo, hi, groups) if groups else []
    headers = _header_lines(pieces, anchors + gan, lo, hi)
    anchors, gan = _drop_lines(pieces, anchors, headers), _drop_lines(pieces, gan, headers)
    order = [s.key for s in specs]
    if groups:
        # a group printed as one row (no sub-rows anywhere) is a row of its own, in its first sub-row's place
        present = {a.key for a in anchors}
        for g in groups:
            subs = [s for s in specs if s.group == g.key]
            if not subs or any(s.key in present for s in subs):
                continue
            ga = next((a for a in gan if a.key == g.key), None)
            if ga is None:
                continue
            first = min(s.order for s in subs)
            anchors.append(_Anchor(g.key, first, ga.idx, ga.pos))
            widths[g.key] = widths[subs[0].key]
            pos = order.index(subs[0].key)
            order = [k for k in order if k not in {s.key for s in subs}]
            order.insert(pos, g.key)
        anchors.sort(key=lambda a: (a.idx, a.pos))
        rank = {k: i for i, k in enumerate(order)}
        for a in anchors:
            a.order = rank[a.key]

    # merge consecutive anchors of one key; later non-adjacent repeats only delimit
    groups_of: list[list[_Anchor]] = []
    for a in anchors:
        if groups_of and groups_of[-1][0].key == a.key:
            groups_of[-1].append(a)
        else:
            groups_of.append([a])
    firsts: dict[str, int] = {}
    candidates: list[int] = []
    for gi, g in enumerate(groups_of):
        if g[0].key not in firsts:
            firsts[g[0].key] = gi
            candidates.append(gi)
    in_order = {candidates[i] for i in _lis([groups_of[gi][0].order for gi in candidates])}

    delims: list[tuple[int, int]] = [(a.idx, a.pos) for a in anchors]
    is_separator = _any_of(separators).search
    for i in range(lo, hi):
        p = pieces[i]
        if p.kind == "label" and is_separator(p.norm):
            delims.append((i, -1))
    delims.sort()
    anchor_lines_all = {pieces[a.idx].line for a in anchors}

    def next_delim(idx: int, pos: int, exclude: set[tuple[int, int]]) -> int:
        for d in delims:
            if d > (idx, pos) and d not in exclude:
                return d[0]
        return hi

    def prev_delim(idx: int, pos: int) -> int:
        best = lo - 1
        for d in delims:
            if d < (idx, pos):
                best = d[0]
        return best

    rows: dict[str, _Row] = {}
    for gi, g in enumerate(groups_of):
        key = g[0].key
        if gi != firsts[key]:
            continue
        row = _Row(key, widths[key], g[0])
        rows[key] = row
        if gi not in in_order:
            row.note = "row label out of the printed order (layout scrambled)"
            continue
        mine = {(a.idx, a.pos) for a in g}
        end = next_delim(g[-1].idx, g[-1].pos, mine)
        row.found = _segment_values(pieces, g[0].idx, end, row.width, {pieces[a.idx].line for a in g})
        if len(row.found) == row.width:
            row.values = row.found

    # values printed before the label (pdftotext): only after a separator or the table start
    for row in rows.values():
        if row.values is None and not row.found and row.note == "":
            a = row.anchor
            p = prev_delim(a.idx, a.pos)
            is_sep = p < lo or any(d == (p, -1) for d in delims)
            if is_sep:
                before = _segment_values(pieces, max(p, lo - 1), a.idx, row.width, anchor_lines_all)
                if len(before) == row.width:
                    row.values = before
                    row.note = "numbers printed before the row label"

    if row_rule is not None:
        _redistribute(rows, order, row_rule)
    if raw is not None:
        units = labels().units
        for row in rows.values():
            if row.values is None and row.found and len(row.found) < row.width and not row.note:
                _from_spacing(row, raw, units)
    for row in rows.values():
        # a genuine run: few tokens holding more digits than numbers (a row whose blank cells were dropped
        # has many short tokens and is left unreadable)
        if (row.values is None and row.found and len(row.found) <= row.width // 2 and not row.note
                and sum(len(p.text) for p in row.found) >= row.width):
            if all(p.vkind in ("number", "zero") and p.text.isdigit() for p in row.found):
                sp = split_run_together([p.text for p in row.found], row.width, row_rule)
                row.note = sp.note
                if sp.values is not None:
                    row.values = [_synthetic(p, v) for p, v in zip(_spread(row.found, sp.values), sp.values)]
                else:
                    row.split_candidates = sp.candidates
    return [rows[k] for k in order if k in rows], order


def _spread(found: list[_Piece], values: list[int]) -> list[_Piece]:
    """The source piece of each split value: a token yields the values whose digits make it up."""
    out: list[_Piece] = []
    i, acc = 0, ""
    for v in values:
        while i < len(found) - 1 and acc == found[i].text:
            i, acc = i + 1, ""
        out.append(found[i])
        acc += str(v)
    return out


def _synthetic(src: _Piece, value: int) -> _Piece:
    """A value cut from a run of digits: it keeps the position of the run it came from."""
    return _Piece("value", str(value), src.start, src.page, src.line, src.grid,
                  vkind="zero" if value == 0 else "number", value=value)


def _from_spacing(row: _Row, raw: _RawLines, units: str) -> None:
    lines = sorted({p.line for p in row.found})
    layout: list[str] = []
    for ln in lines:
        got = raw.lines_for(ln)
        if got is None:
            return
        cells = _spaced_layout(got, units)
        if cells is None:
            return
        layout.extend(cells)
    values = [c for c in layout if c]
    if len(layout) != row.width or [v for v in values] != [p.text for p in row.found]:
        return
    it = iter(row.found)
    out = []
    for c in layout:
        if c:
            out.append(next(it))
        else:
            ref = row.found[0]
            out.append(_Piece("value", "", ref.start, ref.page, ref.line, False, vkind="blank"))
    row.values = out
    row.note = "blank cells located from the spacing of the source text line"


def _redistribute(rows: dict[str, _Row], order: list[str], rule) -> None:
    """k consecutive rows whose k×width numbers follow one label: split by rows or by columns if unique."""
    for key in list(order):
        row = rows.get(key)
        if row is None or row.values is not None or row.note:
            continue
        w = row.width
        n = len(row.found)
        if n < 2 * w or n % w:
            continue
        k = n // w
        i = order.index(key)
        for block in (order[i:i + k], order[i - k + 1:i + 1] if i - k + 1 >= 0 else []):
            if len(block) != k:
                continue
            others = [rows.get(b) for b in block if b != key]
            if any(o is not None and (o.values is not None or (o.found and o.note == "")) for o in others):
                continue
            if any(p.vkind not in ("number", "zero") for p in row.found):
                continue
            results = []
            for how in ("row", "column"):
                if how == "row":
                    chunks = [row.found[j * w:(j + 1) * w] for j in range(k)]
                else:
                    chunks = [[row.found[c * k + j] for c in range(w)] for j in range(k)]
                if all(rule([p.value if p.vkind in ("number", "zero") else None for p in ch]) for ch in chunks):
                    results.append((how, chunks))
            if not results:
                continue
            distinct = {tuple(tuple(p.text for p in ch) for ch in r[1]) for r in results}
            if len(distinct) != 1:
                continue
            how, chunks = results[0]
            for b, ch in zip(block, chunks):
                target = rows.get(b)
                if target is None:
                    target = _Row(b, w, row.anchor)
                    rows[b] = target
                target.values = ch
                target.found = ch
                target.note = (f"{k} rows printed as one block of {n} numbers after one label; read "
                               f"{'row by row' if how == 'row' else 'column by column'}, the only order in "
                               f"which every row's applicant columns add up to its 总计")
            break


# --------------------------------------------------------------------------------------------------------------
# Tables


@dataclass
class _TableRead:
    cells: list[Cell]
    legible: int


def _cells_for_row(report_id: str, table: str, row: _Row, cols: list[str], row_page: int | None) -> list[Cell]:
    out: list[Cell] = []
    if row.values is not None and len(row.values) == len(cols):
        for c, p in zip(cols, row.values):
            page = p.page if p.page is not None else row_page
            out.append(Cell(report_id, table, row.key, c, p.text, p.value, p.vkind, page, row.note))
        return out
    shown = " ".join(p.text or "∅" for p in row.found)
    why = row.note or (f"{len(row.found)} numbers for {len(cols)} columns" + (f": {shown}" if shown else ""))
    page = row.found[0].page if row.found and row.found[0].page is not None else row_page
    for c in cols:
        out.append(Cell(report_id, table, row.key, c, "", None, "unreadable", page, why))
    return out


def _read_t3(pieces, region, report_id, doc, raw) -> _TableRead:
    lab = labels()
    cols = lab.t3_columns
    widths = {s.key: len(cols) for s in lab.t3_rows}
    rows, order = _read_rows(pieces, region[0], region[1], lab.t3_rows, widths, [], lab.t3_groups,
                             _t3_row_rule, doc, raw)
    _resolve_t3_splits(rows)
    cells: list[Cell] = []
    for row in rows:
        cells.extend(_cells_for_row(report_id, "t3", row, cols, pieces[row.anchor.idx].page))
    return _TableRead(cells, sum(c.value_kind in LEGIBLE for c in cells))


def _resolve_t3_splits(rows: list[_Row]) -> None:
    """Rows left ambiguous by their own sum: try every combination against the column sums of the table."""
    amb = [r for r in rows if r.values is None and r.split_candidates]
    if not amb:
        return
    size = 1
    for r in amb:
        size *= len(r.split_candidates)
    if size > 20000:
        return
    fixed = {r.key: [p.value if p.vkind in ("number", "zero") else None for p in r.values]
             for r in rows if r.values is not None}
    result_keys = labels().raw["t3"]["result_rows"]
    subs = t3_groups()
    good = []
    for combo in itertools.product(*[r.split_candidates for r in amb]):
        table = dict(fixed)
        table.update({r.key: list(v) for r, v in zip(amb, combo)})
        if _t3_columns_hold(table, result_keys, subs):
            good.append(combo)
            if len(good) > 1:
                return
    if len(good) == 1:
        for r, v in zip(amb, good[0]):
            src = r.found
            r.values = [_synthetic(p, x) for p, x in zip(_spread(src, list(v)), v)]
            digits = " ".join(p.text for p in src)
            r.note = (f"run-together digits '{digits}' split into 7 numbers: {len(r.split_candidates)} splits satisfy "
                      f"the row's sum; made unique by the table's column sums (一+二=三（七）+四, results add up to "
                      f"（七）总计)")


def _t3_columns_hold(table: dict[str, list], result_keys: list[str], subs: Mapping[str, tuple[str, ...]]) -> bool:
    for j in range(7):
        def val(k):
            v = table.get(k)
            return None if v is None else v[j]
        a = [val("new"), val("carried_in"), val("total"), val("carried_out")]
        if None not in a and a[0] + a[1] != a[2] + a[3]:
            return False
        parts = []
        for rk in result_keys:
            if rk in subs:
                sv = [val(s) for s in subs[rk]]
                if all(v is not None for v in sv):
                    parts.append(sum(sv))
                elif val(rk) is not None:
                    parts.append(val(rk))
                else:
                    parts.append(None)
            else:
                parts.append(val(rk))
        t = val("total")
        if t is not None and None not in parts and sum(parts) != t:
            return False
    return True


def _t2_format(pieces, region, doc: Document) -> str:
    lab = labels()
    text = "".join(p.norm for p in pieces[region[0]:region[1]] if p.kind == "label")
    scores = {f: sum(text.count(m) for m in spec["markers"]) for f, spec in lab.t2_formats.items()}
    best = max(scores, key=lambda f: scores[f])
    if scores[best] > 0 and list(scores.values()).count(scores[best]) == 1:
        return best
    fmt = getattr(doc.metadata, "format", "") if doc is not None else ""
    return fmt if fmt in lab.t2_formats else "2021"


def _read_t2(pieces, region, report_id, doc, raw) -> _TableRead:
    lab = labels()
    fmt = _t2_format(pieces, region, doc)
    layout = t2_layout(fmt)
    specs = [s for s in lab.t2_rows if s.key in layout]
    specs = [_RowSpec(s.key, i, s.patterns) for i, s in enumerate(specs)]
    widths = {k: len(v) for k, v in layout.items()}
    rows, _ = _read_rows(pieces, region[0], region[1], specs, widths, lab.t2_separators, None, None, doc, raw)
    cells: list[Cell] = []
    for row in rows:
        cells.extend(_cells_for_row(report_id, "t2", row, layout[row.key], pieces[row.anchor.idx].page))
    return _TableRead(cells, sum(c.value_kind in LEGIBLE for c in cells))


def _read_t4(pieces, region, report_id, doc, raw) -> _TableRead:
    rows, cols = t4_keys()
    n = len(rows) * len(cols)
    lo, hi = region
    found = _segment_values(pieces, lo, hi, n, set())
    note = ""
    values: list[_Piece] | None = None
    if len(found) == n:
        values = found
    elif len(found) > n:
        # the table's numbers, then something else: accept the first n only when a label separates them
        # from the rest (a closed run), never when the numbers simply go on
        i_n, i_next = found[n - 1].idx, found[n].idx
        if any(p.kind == "label" for p in pieces[i_n + 1:i_next]) and found[n].line != found[n - 1].line:
            values = found[:n]
            note = f"first {n} of {len(found)} numbers after the table header"
        else:
            note = f"{len(found)} numbers for {n} cells"
    else:
        if raw is not None and found:
            row = _Row("t4", n, _Anchor("t4", 0, lo, 0), found=found)
            _from_spacing(row, raw, labels().units)
            if row.values is not None:
                values, note = row.values, row.note
        if (values is None and found and len(found) <= n // 2
                and all(p.vkind in ("number", "zero") and p.text.isdigit() for p in found)):
            sp = split_run_together([p.text for p in found], n, _t4_rule)
            note = sp.note
            if sp.values is not None:
                values = [_synthetic(p, v) for p, v in zip(_spread(found, sp.values), sp.values)]
        if values is None and not note:
            note = f"{len(found)} numbers for {n} cells" if found else "no numbers found"
    cells: list[Cell] = []
    page = pieces[lo].page
    for i, (r, c) in enumerate(itertools.product(rows, cols)):
        if values is not None:
            p = values[i]
            cells.append(Cell(report_id, "t4", r, c, p.text, p.value, p.vkind, p.page if p.page is not None else page,
                              note))
        else:
            cells.append(Cell(report_id, "t4", r, c, "", None, "unreadable", page, note))
    return _TableRead(cells, sum(c.value_kind in LEGIBLE for c in cells))


def _read_all(pieces: list[_Piece], report_id: str, doc: Document | None, raw: _RawLines | None) -> dict[str, _TableRead]:
    reg = find_regions(pieces)
    out: dict[str, _TableRead] = {}
    if reg.t2:
        out["t2"] = _read_t2(pieces, reg.t2, report_id, doc, raw)
    if reg.t3:
        out["t3"] = _read_t3(pieces, reg.t3, report_id, doc, raw)
    if reg.t4:
        out["t4"] = _read_t4(pieces, reg.t4, report_id, doc, raw)
    return out


def _table_pages(doc: Document, pieces: list[_Piece]) -> list[int]:
    reg = find_regions(pieces)
    spans = [r for r in (reg.t2, reg.t3, reg.t4) if r]
    if not spans or not doc.paged:
        return list(doc.page_numbers[:30])
    lo = min(s[0] for s in spans)
    hi = max(s[1] for s in spans) - 1
    first = pieces[lo].page or doc.page_numbers[0]
    last = pieces[min(hi, len(pieces) - 1)].page or doc.page_numbers[-1]
    return list(range(first, last + 1))


def extract_tables(doc: Document, report_id: str, pdf_path: str | None = None) -> list[Cell]:
    """All cells of tables 2, 3 and 4 that the report prints (rows it does not print get no cells).

    For a PDF (``doc.kind == "pdf"``) whose text reading leaves a table incomplete, the file at ``pdf_path``
    (default ``doc.path``) is re-opened with pdfplumber on the pages that hold the tables; per table, the reading
    with more legible cells is kept. pdfplumber costs 0.15–0.3 s a page, so it is used only where needed.
    """
    pieces = text_pieces(doc)
    raw = _RawLines(doc) if doc.kind in ("text", "crawl") else None
    best = _read_all(pieces, report_id, doc, raw)
    incomplete = len(best) < 3 or any(c.value_kind == "unreadable" for read in best.values() for c in read.cells)
    # pdfplumber reads the same text layer: where the text shows no statutory table, it would find none either
    if doc.kind == "pdf" and best and incomplete:
        path = pdf_path or doc.path
        try:
            pdf_pieces = _pdf_pieces(path, _table_pages(doc, pieces))
        except Exception as exc:  # pdfplumber missing or the file unreadable: keep the text reading
            doc.warnings.append(f"tables: pdfplumber could not read the PDF ({type(exc).__name__})")
            pdf_pieces = []
        if pdf_pieces:
            for t, read in _read_all(pdf_pieces, report_id, None, None).items():
                if t not in best or read.legible >= best[t].legible:
                    best[t] = read
    cells: list[Cell] = []
    for t in ("t2", "t3", "t4"):
        if t in best:
            cells.extend(best[t].cells)
    return cells


def cell_map(cells: Iterable[Cell]) -> dict[tuple[str, str, str], Cell]:
    """``(table, row_key, col_key) → Cell`` for quick look-ups."""
    return {(c.table, c.row_key, c.col_key): c for c in cells}

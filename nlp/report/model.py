"""The report's view-model: what the pages show, computed once from an output folder's data.

Bodies (报告主体) with their reports, problems, follow-up, recurring topics, copied-text rows and failed checks; check
counts per report and per rule family; problems per topic and per (topic, year); the links to the original files.
No HTML here: the page modules turn this into markup, so what is counted is decided once, whatever page shows it.

Every file but reports.csv (items and checks run to millions of rows at 100,000 reports) is read chunk by chunk:
what the pages count is counted on the way, and only the rows they show are kept (those of the bodies with a page,
the first rows of each capped list). The report's memory then grows with the number of reports, not with the rows
of those files.
"""
from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..rules_topics import load_topics
from .data import OutputData, records, to_float, to_int, topic_ids, year_key
from .escape import clip, url_path
from .labels import RULE_FAMILIES
from .limits import (MAX_BODY_PAGES, MAX_CHECK_ROWS, MAX_CORPUS_CHECKS, MAX_RECURRING_BODIES, MAX_TOPIC_ROWS,
                     NEAR_DUPLICATE)

ITEM_COLUMNS = ("item_id", "report_id", "jurisdiction", "year", "kind", "seq", "text", "page", "topics", "vague")
CHECK_COLUMNS = ("report_id", "rule", "status", "expected", "actual", "message", "evidence")


@dataclass
class Body:
    """A body with a page of its own; ``anchor`` is its generated element id (b0, b1, …)."""
    name: str
    anchor: str
    level: str
    reports: list[int]  # indices into ReportModel.reports, by year
    years: list[str]
    problems: list[dict] = field(default_factory=list)
    n_commitments: int = 0
    followup: list[dict] = field(default_factory=list)
    recurring: list[dict] = field(default_factory=list)
    series: list[dict] = field(default_factory=list)
    fails: list[dict] = field(default_factory=list)  # the first MAX_CHECK_ROWS failed checks
    n_fails: int = 0
    n_uncertain: int = 0

    def add_check(self, row: dict) -> None:
        """A failed or uncertain check of one of the body's reports: counted, and a failure kept among the first."""
        if row.get("status") == "fail":
            self.n_fails += 1
            if len(self.fails) < MAX_CHECK_ROWS:
                self.fails.append(row)
        else:
            self.n_uncertain += 1


class TopicYears:
    """Problems counted per (topic, year), copies settled as duplicates left out, with the first four of each cell
    as tooltip lines (naming the body when the map covers several): a heatmap's data."""

    def __init__(self, dropped: set[str], with_body: bool) -> None:
        self.dropped, self.with_body = dropped, with_body
        self.counts: Counter = Counter()
        self.tips: dict[tuple[str, str], list[str]] = defaultdict(list)

    def add(self, p: dict) -> None:
        if str(p.get("report_id")) in self.dropped:
            return
        y = str(p.get("year") or "")
        for t in dict.fromkeys(topic_ids(p.get("topics"))):
            self.counts[(t, y)] += 1
            if len(self.tips[(t, y)]) < 4:
                who = f"{p.get('jurisdiction')}: " if self.with_body else ""
                self.tips[(t, y)].append(f"· {who}" + clip(p.get("text"), 48))


class FirstRows:
    """The first ``limit`` of the rows streaming past by a sort key, equal keys in the order they came (as a
    stable sort would give them), and how many there were. The rows kept are trimmed whenever they reach twice the
    limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.n = 0
        self._kept: list[tuple[tuple, int, dict]] = []  # (key, arrival, row)

    def add(self, key: tuple, row: dict) -> None:
        self._kept.append((key, self.n, row))
        self.n += 1
        if len(self._kept) >= 2 * self.limit:
            self._trim()

    def _trim(self) -> None:
        self._kept.sort(key=lambda kept: kept[:2])
        del self._kept[self.limit:]

    def rows(self) -> list[dict]:
        self._trim()
        return [row for _, _, row in self._kept]


@dataclass
class TopicProblems:
    """The problems naming one topic, across bodies: how many (``first.n``), in which bodies and years, and the
    first MAX_TOPIC_ROWS by year and body, as in items.csv among equals (the topic page lists those)."""
    bodies: set[str] = field(default_factory=set)
    years: Counter = field(default_factory=Counter)
    first: FirstRows = field(default_factory=lambda: FirstRows(MAX_TOPIC_ROWS))

    def add(self, p: dict) -> None:
        self.bodies.add(str(p.get("jurisdiction")))
        self.years[str(p.get("year") or "")] += 1
        self.first.add((year_key(str(p.get("year") or "")), str(p.get("jurisdiction"))), p)


class ReportModel:
    """The data indexed for the pages. ``base`` is the folder the page is saved in: links to the original files
    are relative to it."""

    def __init__(self, data: OutputData, base: Path) -> None:
        self.d = data
        self.base_resolved = base.resolve()
        self._hrefs: dict[str, tuple[str, bool]] = {}
        try:
            self.lex = load_topics()
        except Exception:  # noqa: BLE001 - a broken lexicon must not stop the report
            self.lex = None
        self.reports = data.reports
        self.rid_index = {str(r.get("report_id")): i for i, r in enumerate(self.reports)}
        self.dropped = {str(d.get("dropped_report_id")) for d in data.duplicates or []}
        self._build_bodies()
        wanted = self._read_followup()
        self._read_items(wanted)
        self._read_recurring()
        self._read_series()
        self._finish_bodies()
        self._read_checks()

    def _read_followup(self) -> set[str]:
        """Each body's follow-up rows, and the statuses of all of them; returns the item ids those rows link to."""
        self.followup_counts: Counter = Counter()
        wanted: set[str] = set()
        for chunk in self.d.chunks("followup"):
            self.followup_counts.update(chunk["status"].tolist() if "status" in chunk.columns else [""] * len(chunk))
            for body, row in self._body_rows(chunk):
                body.followup.append(row)
                wanted.update(str(row.get(k) or "") for k in ("evidence_item_id", "commitment_item_id",
                                                              "problem_item_id"))
        return wanted

    def _read_recurring(self) -> None:
        """Each body's recurring topics, and for each topic the bodies where it recurs: how many, and the first
        MAX_RECURRING_BODIES by the number of years (the topic page lists those)."""
        self.recurring_by_topic: dict[str, FirstRows] = defaultdict(lambda: FirstRows(MAX_RECURRING_BODIES))
        for chunk in self.d.chunks("recurring"):
            for row in records(chunk) or []:
                self.recurring_by_topic[str(row.get("topic"))].add((-(to_int(row.get("n_years")) or 0),), row)
                body = self.bodies.get(str(row.get("jurisdiction") or ""))
                if body is not None:
                    body.recurring.append(row)

    def _read_series(self) -> None:
        """The copied-text rows of each body with a page."""
        for chunk in self.d.chunks("series"):
            for body, row in self._body_rows(chunk):
                body.series.append(row)

    def _body_rows(self, chunk: pd.DataFrame) -> Iterator[tuple[Body, dict]]:
        """The rows of ``chunk`` about a body with a page (by their ``jurisdiction``), each with its body."""
        if "jurisdiction" in chunk.columns:
            for row in records(chunk[chunk["jurisdiction"].isin(list(self.bodies))]) or []:
                yield self.bodies[row["jurisdiction"]], row

    def _read_items(self, wanted: set[str]) -> None:
        """Items counted by kind, commitments per report; every problem counted for the overview and its topics,
        kept for a body with a page or among the first of a topic page. ``wanted``: the items whose report and page
        the follow-up rows link to (:attr:`item_place`)."""
        self.has_vague = False
        self.item_place: dict[str, tuple[str, str]] = {}  # item_id → (report_id, page)
        self.kind_counts: Counter = Counter()
        self.commitments_by_report: Counter = Counter()
        self.topics: dict[str, TopicProblems] = defaultdict(TopicProblems)
        self.all_topic_years = TopicYears(self.dropped, with_body=True)
        self.n_vague = 0
        k = 0  # the problem's place among all problems: its anchor p<k>
        for chunk in self.d.chunks("items", ITEM_COLUMNS):
            cols = set(chunk.columns)
            self.has_vague = "vague" in cols
            if {"item_id", "report_id"} <= cols and wanted:
                mine = chunk[chunk["item_id"].isin(wanted)]
                pages = mine["page"].tolist() if "page" in cols else [""] * len(mine)
                self.item_place.update(zip(mine["item_id"].tolist(), zip(mine["report_id"].tolist(), pages)))
            if "kind" not in cols:
                continue
            self.kind_counts.update(chunk["kind"].value_counts().to_dict())
            self.commitments_by_report.update(chunk.loc[chunk["kind"] == "commitment", "report_id"].value_counts()
                                              .to_dict())
            for p in records(chunk[chunk["kind"] == "problem"]) or []:
                p["_anchor"] = f"p{k}"
                self.n_vague += is_vague(p)
                self.all_topic_years.add(p)
                for t in dict.fromkeys(topic_ids(p.get("topics"))):
                    self.topics[t].add(p)
                body = self.bodies.get(str(p.get("jurisdiction") or ""))
                if body is not None:
                    body.problems.append(p)
                k += 1

    # ---------------------------------------------------------------- names and links
    def topic_name(self, tid: str) -> str:
        name = self.lex.name(tid) if self.lex else ""
        return name or ""

    def topic_label(self, tid: str) -> str:
        name = self.topic_name(tid)
        return f"{tid} {name}" if name else tid

    def topic_definition(self, tid: str) -> str:
        return self.lex.topics[tid].definition if self.lex and tid in self.lex.topics else ""

    def file_href(self, report: dict, page: str = "") -> str:
        """A link to the original file (relative to the HTML file when possible), with #page=N for PDFs."""
        raw = str(report.get("path") or "")
        if raw not in self._hrefs:
            self._hrefs[raw] = self._locate(raw)
        href, pdf = self._hrefs[raw]
        n = to_int(page)
        return f"{href}#page={n}" if href and pdf and n else href

    def _locate(self, raw: str) -> tuple[str, bool]:
        if not raw:
            return "", False
        p = Path(raw)
        cands = [p] if p.is_absolute() else [Path.cwd() / p, self.d.out_dir.parent / p, self.d.out_dir / p]
        found = next((c for c in cands if c.is_file()), None)
        if found is None:
            return "", False
        found = found.resolve()
        try:
            href = url_path(Path(os.path.relpath(found, self.base_resolved)).as_posix())
        except ValueError:  # another drive (Windows)
            href = found.as_uri()
        return href, found.suffix.lower() == ".pdf"

    def rule_label(self, rule: str) -> str:
        """The rule's family in words, with the labels of the table row / column its name ends with."""
        for prefix, table, zh in RULE_FAMILIES:
            if rule.startswith(prefix):
                rest = rule[len(prefix):]
                if not rest or not table:
                    return zh
                parts = rest.split("_")
                for cut in range(len(parts), 0, -1):  # "<row>_<col>" or "<key>"
                    a, b = "_".join(parts[:cut]), "_".join(parts[cut:])
                    la = self.d.labels.get((table, a))
                    if la and not b:
                        return f"{zh} · {la}"
                    lb = self.d.labels.get((table, b)) if b else None
                    if la and lb:
                        return f"{zh} · {la} / {lb}"
                return zh
        return ""

    # ---------------------------------------------------------------- bodies
    def _build_bodies(self) -> None:
        """The bodies of the reports, those with the longest series first; the first MAX_BODY_PAGES get a page."""
        by_body: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(self.reports):
            name = str(r.get("jurisdiction") or "").strip()
            if name and r.get("status") != "error":
                by_body[name].append(i)
        order = sorted(by_body, key=lambda b: (-len(by_body[b]), b))  # bodies with the longest series first
        self.bodies_all = order
        self.bodies: dict[str, Body] = {}
        for n, name in enumerate(order[:MAX_BODY_PAGES]):
            idx = sorted(by_body[name], key=lambda i: year_key(str(self.reports[i].get("year") or "")))
            levels = Counter(str(self.reports[i].get("level") or "") for i in idx)
            years = sorted({str(self.reports[i].get("year") or "") for i in idx} - {""}, key=year_key)
            self.bodies[name] = Body(name, f"b{n}", levels.most_common(1)[0][0], idx, years)
        self.n_bodies_hidden = len(order) - len(self.bodies)

    def _finish_bodies(self) -> None:
        """Each body's rows in order, and its commitments counted."""
        for name, body in self.bodies.items():
            body.problems.sort(key=lambda p: (year_key(str(p.get("year") or "")), to_int(p.get("seq")) or 0))
            body.n_commitments = sum(self.commitments_by_report[str(self.reports[i]["report_id"])]
                                     for i in body.reports)
        for body in self.bodies.values():
            body.followup.sort(key=lambda r: (year_key(str(r.get("year") or "")), str(r.get("commitment_item_id"))))
            body.recurring.sort(key=lambda r: (-(to_int(r.get("n_years")) or 0), str(r.get("topic"))))
            body.series.sort(key=lambda r: year_key(str(r.get("year") or "")))

    def body_of_report(self, rid: str) -> Body | None:
        i = self.rid_index.get(rid)
        if i is None:
            return None
        return self.bodies.get(str(self.reports[i].get("jurisdiction") or ""))

    # ---------------------------------------------------------------- checks
    def _read_checks(self) -> None:
        """Checks counted by status, per report and per rule family; the first failed and uncertain ones kept
        (MAX_CORPUS_CHECKS for the checks page, MAX_CHECK_ROWS per body with a page)."""
        self.check_counts: Counter = Counter()
        self.checks_by_report: dict[str, Counter] = defaultdict(Counter)
        self.fails: list[dict] = []  # the first MAX_CORPUS_CHECKS
        self.uncertain: list[dict] = []  # the first MAX_CORPUS_CHECKS
        self.family_counts: dict[str, Counter] = defaultdict(Counter)
        families: dict[str, str] = {}
        for c in self.d.chunks("checks", CHECK_COLUMNS):
            if not {"report_id", "status"} <= set(c.columns):
                return
            self.check_counts.update(c["status"].value_counts().to_dict())
            for (rid, status), n in c.groupby(["report_id", "status"], sort=False).size().items():
                self.checks_by_report[str(rid)][str(status)] += int(n)
            rules = c["rule"] if "rule" in c.columns else pd.Series([""] * len(c), index=c.index)
            fam = rules.map({r: families.setdefault(r, rule_family(r)) for r in rules.unique()})
            for (f, status), n in pd.DataFrame({"f": fam, "s": c["status"]}).groupby(["f", "s"]).size().items():
                self.family_counts[f][status] += int(n)
            for status, shown in (("fail", self.fails), ("uncertain", self.uncertain)):
                for row in records(c[c["status"] == status]) or []:
                    if len(shown) < MAX_CORPUS_CHECKS:
                        shown.append(row)
                    body = self.body_of_report(str(row.get("report_id")))
                    if body is not None:
                        body.add_check(row)

    @property
    def topic_counts(self) -> Counter:
        """The number of problems naming each topic."""
        return Counter({t: ps.first.n for t, ps in self.topics.items()})

    @property
    def n_fails(self) -> int:
        return self.check_counts["fail"]

    @property
    def n_uncertain(self) -> int:
        return self.check_counts["uncertain"]

    # ---------------------------------------------------------------- problems by topic
    def topic_years(self, problems: list[dict]) -> TopicYears:
        """The heatmap data of one body's problems."""
        counted = TopicYears(self.dropped, with_body=False)
        for p in problems:
            counted.add(p)
        return counted


def rule_family(rule: str) -> str:
    for prefix, _, zh in RULE_FAMILIES:
        if str(rule).startswith(prefix):
            return zh
    return "其他 other"


def series_flags(s: dict) -> list[str]:
    """The copied-text flags of a series.csv row; computed from the similarities when the file has no flags
    column."""
    if "flags" in s:
        return [f for f in re.split(r"[;；\s]+", str(s.get("flags") or "")) if f]
    flags = []
    if (to_float(s.get("problems_similarity")) or 0) >= NEAR_DUPLICATE:
        flags.append("near_duplicate_problems")
    if (to_float(s.get("overview_similarity")) or 0) >= NEAR_DUPLICATE:
        flags.append("near_duplicate_overview")
    if str(s.get("copied_year_tokens") or "").strip():
        flags.append("stale_year")
    return flags


def is_still_open(row: dict) -> bool:
    """recurring.csv: the topic is named in the body's latest report."""
    return str(row.get("still_open")) in ("1", "True", "true")


def is_vague(problem: dict) -> bool:
    return str(problem.get("vague")) == "1"


def year_range(years: list[str]) -> list[str]:
    """Every year from the first to the last (the gaps are hatched in a heatmap), unless the years are not
    numbers or span implausibly long."""
    nums = [to_int(y) for y in years]
    if years and all(n is not None for n in nums) and max(nums) - min(nums) < 40:
        return [str(y) for y in range(min(nums), max(nums) + 1)]
    return years


def year_span(years: list[str]) -> str:
    if not years:
        return "—"
    return years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}（{len(years)}年）"

"""The report's view-model: what the pages show, computed once from an output folder's data.

Bodies (报告主体) with their reports, problems, follow-up, recurring topics, copied-text rows and failed checks; check
counts per report and per rule family; problems per topic and per (topic, year); the links to the original files.
No HTML here: the page modules turn this into markup, so what is counted is decided once, whatever page shows it.
"""
from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..rules_topics import load_topics
from .data import OutputData, records, to_float, to_int, topic_ids, year_key
from .escape import clip, url_path
from .labels import RULE_FAMILIES
from .limits import MAX_BODY_PAGES, NEAR_DUPLICATE


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
    fails: list[dict] = field(default_factory=list)
    n_uncertain: int = 0


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
        self._index_items(data.items)
        self.dropped = {str(d.get("dropped_report_id")) for d in data.duplicates or []}
        self._build_bodies()
        self._build_checks()

    def _index_items(self, items: pd.DataFrame | None) -> None:
        self.has_vague = items is not None and "vague" in items.columns
        self.item_place: dict[str, tuple[str, str]] = {}  # item_id → (report_id, page)
        self.problems: list[dict] = []
        self.kind_counts: Counter = Counter()
        self.commitments_by_report: Counter = Counter()
        if items is None or not len(items):
            return
        cols = set(items.columns)
        if {"item_id", "report_id"} <= cols:
            pages = items["page"].tolist() if "page" in cols else [""] * len(items)
            self.item_place = dict(zip(items["item_id"].tolist(), zip(items["report_id"].tolist(), pages)))
        if "kind" in cols:
            self.kind_counts = Counter(items["kind"].value_counts().to_dict())
            self.commitments_by_report = Counter(
                items.loc[items["kind"] == "commitment", "report_id"].value_counts().to_dict())
            self.problems = records(items[items["kind"] == "problem"]) or []

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
        for k, p in enumerate(self.problems):
            p["_anchor"] = f"p{k}"
            body = self.bodies.get(str(p.get("jurisdiction") or ""))
            if body is not None:
                body.problems.append(p)
        for name, body in self.bodies.items():
            body.problems.sort(key=lambda p: (year_key(str(p.get("year") or "")), to_int(p.get("seq")) or 0))
            body.n_commitments = sum(self.commitments_by_report[str(self.reports[i]["report_id"])]
                                     for i in body.reports)
        for rows, attr in ((self.d.followup, "followup"), (self.d.recurring, "recurring"), (self.d.series, "series")):
            for row in rows or []:
                body = self.bodies.get(str(row.get("jurisdiction") or ""))
                if body is not None:
                    getattr(body, attr).append(row)
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
    def _build_checks(self) -> None:
        c = self.d.checks
        self.check_counts: Counter = Counter()
        self.checks_by_report: dict[str, Counter] = defaultdict(Counter)
        self.fails: list[dict] = []
        self.uncertain: list[dict] = []
        self.family_counts: dict[str, Counter] = defaultdict(Counter)
        if c is None or not len(c) or not {"report_id", "status"} <= set(c.columns):
            return
        self.check_counts = Counter(c["status"].value_counts().to_dict())
        for (rid, status), n in c.groupby(["report_id", "status"]).size().items():
            self.checks_by_report[str(rid)][str(status)] = int(n)
        rules = c["rule"] if "rule" in c.columns else pd.Series([""] * len(c))
        fam = rules.map({r: rule_family(r) for r in rules.unique()})
        for (f, status), n in pd.DataFrame({"f": fam, "s": c["status"]}).groupby(["f", "s"]).size().items():
            self.family_counts[f][status] = int(n)
        self.fails = records(c[c["status"] == "fail"]) or []
        self.uncertain = records(c[c["status"] == "uncertain"]) or []
        for row in self.fails:
            body = self.body_of_report(str(row.get("report_id")))
            if body is not None:
                body.fails.append(row)
        for row in self.uncertain:
            body = self.body_of_report(str(row.get("report_id")))
            if body is not None:
                body.n_uncertain += 1

    # ---------------------------------------------------------------- problems by topic
    def problems_by_topic(self) -> dict[str, list[dict]]:
        """Each problem under every topic it names (once per topic)."""
        by_topic: dict[str, list[dict]] = defaultdict(list)
        for p in self.problems:
            for t in dict.fromkeys(topic_ids(p.get("topics"))):
                by_topic[t].append(p)
        return by_topic

    def recurring_by_topic(self) -> dict[str, list[dict]]:
        by_topic: dict[str, list[dict]] = defaultdict(list)
        for r in self.d.recurring or []:
            by_topic[str(r.get("topic"))].append(r)
        return by_topic

    def topic_year_counts(self, problems: list[dict], with_body: bool
                          ) -> tuple[Counter, dict[tuple[str, str], list[str]]]:
        """Problems per (topic, year) — copies settled as duplicates left out — and the first four of each cell as
        tooltip lines (naming the body when the map covers several)."""
        counts: Counter = Counter()
        tips: dict[tuple[str, str], list[str]] = defaultdict(list)
        for p in problems:
            if str(p.get("report_id")) in self.dropped:
                continue
            y = str(p.get("year") or "")
            for t in dict.fromkeys(topic_ids(p.get("topics"))):
                counts[(t, y)] += 1
                if len(tips[(t, y)]) < 4:
                    who = f"{p.get('jurisdiction')}: " if with_body else ""
                    tips[(t, y)].append(f"· {who}" + clip(p.get("text"), 48))
        return counts, tips


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

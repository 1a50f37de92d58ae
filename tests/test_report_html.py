"""The HTML report (issue 7): structure and numbers, escaping of report texts, missing inputs, large corpora, and a
real headless Chromium that renders the page without errors (screenshot in test-artifacts/report.png).

The output folder comes from running the analyzer on corpus/. The cross-year files (recurring/followup/series.csv,
the ``vague`` column) are added as small synthetic files when the analyzer did not write them; one consistency
check is turned into a known failure so that the failed-check sections have something to show.
"""
from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import CORPUS, CORPUS_LEXICON, ROOT, corpus_manifest
from nlp.cli import main
from nlp.report import render_report, write_report
from nlp.report.limits import MAX_BODY_PAGES, MAX_TOPIC_ROWS

ARTIFACTS = ROOT / "test-artifacts"
EVIL = '<script>alert(1)</script>"onerror=alert(2) x="<img src=x onerror=alert(3)>'
KNOWN_FAIL = {"rule": "t3_balance_total", "expected": "47", "actual": "45",
              "message": "新收 + 上年结转 = 47，办理结果总计 + 结转下年度 = 45"}


# ------------------------------------------------------------------------------------------------ CSV helpers
def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(path: Path, rows: list[dict], columns: list[str] | None = None) -> None:
    columns = columns or list(rows[0])
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, columns, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)


def _columns(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


def _years(rows: list[dict], key: str = "year") -> list[int]:
    return sorted({int(r[key]) for r in rows if r.get(key, "").strip()})


def add_known_fail(out: Path) -> str:
    """Turn 青溪县 2021's t3_balance_total check into a failure (or add it); returns the report_id."""
    rid = next(r["report_id"] for r in read_rows(out / "reports.csv")
               if r["jurisdiction"] == "青溪县" and r["year"] == "2021")
    path = out / "checks.csv"
    columns = _columns(path)
    rows = read_rows(path)
    for row in rows:
        if row["report_id"] == rid and row["rule"] == KNOWN_FAIL["rule"]:
            row.update(status="fail", **KNOWN_FAIL, evidence="表三 总计列（第3页）")
            break
    else:
        rows.append({"report_id": rid, "status": "fail", **KNOWN_FAIL, "evidence": "表三 总计列（第3页）"})
    write_rows(path, rows, columns)
    return rid


def ensure_tracking(out: Path) -> None:
    """Small synthetic cross-year files, only where the analyzer did not write them."""
    items = read_rows(out / "items.csv")
    by_body_year: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for it in items:
        if it["jurisdiction"] and it["year"]:
            by_body_year[(it["jurisdiction"], int(it["year"]))].append(it)
    bodies = sorted({b for b, _ in by_body_year})
    if not (out / "followup.csv").exists():
        statuses = ["reported", "partly", "not_reported", "repeated"]
        rows = []
        for body in bodies:
            years = sorted(y for b, y in by_body_year if b == body)
            for y in years:
                cur = by_body_year[(body, y)]
                nxt = [it for it in by_body_year.get((body, y + 1), []) if it["kind"] in ("measure", "followup")]
                for k, c in enumerate(it for it in cur if it["kind"] == "commitment"):
                    row = {"jurisdiction": body, "year": y, "commitment_item_id": c["item_id"],
                           "commitment_text": c["text"], "topics": c["topics"], "score": "", "reason": ""}
                    if not nxt:
                        row.update(status="no_next_report", reason=f"no report for {y + 1}")
                    else:
                        status = statuses[k % len(statuses)]
                        row.update(status=status, score=f"{0.9 - 0.2 * (k % 4):.2f}", reason=f"synthetic {status}")
                        if status in ("reported", "partly"):
                            ev = nxt[k % len(nxt)]
                            row.update(evidence_item_id=ev["item_id"], evidence_text=ev["text"], evidence_year=y + 1)
                    rows.append(row)
                p = next((it for it in cur if it["kind"] == "problem"), None)
                if p is not None:
                    rows.append({"jurisdiction": body, "year": y, "status": "no_commitment", "topics": p["topics"],
                                 "problem_item_id": p["item_id"], "problem_text": p["text"],
                                 "reason": "no commitment shares a topic with this problem"})
        write_rows(out / "followup.csv", rows,
                   ["jurisdiction", "year", "commitment_item_id", "commitment_text", "topics", "status",
                    "evidence_item_id", "evidence_text", "evidence_year", "score", "reason", "problem_item_id",
                    "problem_text"])
    if not (out / "recurring.csv").exists():
        from nlp.rules_topics import load_topics

        names = load_topics()
        rows = []
        for body in bodies:
            years = sorted(y for b, y in by_body_year if b == body)
            topic_years: dict[str, list[int]] = defaultdict(list)
            examples: dict[str, list[str]] = defaultdict(list)
            for y in years:
                for it in by_body_year[(body, y)]:
                    if it["kind"] != "problem":
                        continue
                    for t in it["topics"].split(";"):
                        if t and y not in topic_years[t]:
                            topic_years[t].append(y)
                            examples[t].append(f"{y}: {it['text'][:40]}")
            for t, ys in sorted(topic_years.items()):
                if len(ys) >= 2:
                    rows.append({"jurisdiction": body, "topic": t, "topic_name": names.name(t),
                                 "years": ";".join(map(str, ys)), "n_years": len(ys), "first_year": ys[0],
                                 "last_year": ys[-1], "longest_streak": len(ys), "still_open": int(ys[-1] == years[-1]),
                                 "examples": "｜".join(examples[t])})
        write_rows(out / "recurring.csv", rows,
                   ["jurisdiction", "topic", "topic_name", "years", "n_years", "first_year", "last_year",
                    "longest_streak", "still_open", "examples"])
    if not (out / "series.csv").exists():
        rows = []
        for body in bodies:
            years = sorted(y for b, y in by_body_year if b == body)
            for k, (a, b) in enumerate(zip(years, years[1:])):
                rows.append({"jurisdiction": body, "year": b, "prev_year": a,
                             "problems_similarity": "0.91" if k == 0 else "0.32", "overview_similarity": "0.40",
                             "copied_year_tokens": f"{b}年,我县将" if k == 1 else ""})
        write_rows(out / "series.csv", rows, ["jurisdiction", "year", "prev_year", "problems_similarity",
                                              "overview_similarity", "copied_year_tokens"])
    columns = _columns(out / "items.csv")
    if "vague" not in columns:
        for it in items:
            it["vague"] = ("1" if it["seq"] == "3" else "0") if it["kind"] == "problem" else ""
        write_rows(out / "items.csv", items, columns + ["vague"])


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("html") / "out"
    code = main(["analyze", str(CORPUS), "--out", str(out), "-q", "--lexicon", str(CORPUS_LEXICON)])
    assert code in (0, 1), "analyze must write its outputs (corpus/bad makes it exit 1)"
    add_known_fail(out)
    ensure_tracking(out)
    return out


@pytest.fixture(scope="module")
def report(out_dir: Path) -> Path:
    return write_report(out_dir)


def parse(path_or_text: Path | str):
    text = path_or_text.read_text(encoding="utf-8") if isinstance(path_or_text, Path) else path_or_text
    return lxml_html.document_fromstring(text)


def text_of(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def body_section(doc, name: str):
    found = [s for s in doc.xpath("//section[@data-body]") if s.get("data-body") == name]
    assert len(found) == 1, f"one page for {name}"
    return found[0]


# ------------------------------------------------------------------------------------------------ structure
def test_write_report_is_atomic_and_self_contained(out_dir, report):
    path = report
    assert path == out_dir / "report.html" and path.is_file()
    assert not [p for p in out_dir.iterdir() if p.name.startswith(".report.html")], "no temporary file left"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", text), "no CDN or other network resource"
    assert "<link" not in text and "@import" not in text
    for font in ("Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", "sans-serif"):
        assert font in text
    assert "<svg" in text
    assert len(text) < 2_000_000
    assert render_report(out_dir).count("<section") == text.count("<section")


def test_overview_numbers(out_dir, report):
    doc = parse(report)
    reports = read_rows(out_dir / "reports.csv")
    items = read_rows(out_dir / "items.csv")
    checks = read_rows(out_dir / "checks.csv")
    analysed = [r for r in reports if r["status"] != "error"]
    by_year = Counter(r["year"] for r in analysed if r["year"])
    assert by_year and by_year["2021"] == 4
    for year, n in by_year.items():
        cell = doc.xpath(f'//table[@id="by-year"]//td[@data-year="{year}"]')
        assert [c.text_content() for c in cell] == [str(n)], year

    def stat(key: str) -> str:
        (card,) = doc.xpath(f'//section[@id="overview"]//div[@data-stat="{key}"]/b')
        return card.text_content()

    assert stat("reports_total") == str(len(reports)) == str(len(corpus_manifest()) + len(list((CORPUS / "bad").iterdir())))
    assert stat("reports_error") == str(sum(r["status"] == "error" for r in reports)) == "7"
    bodies = {r["jurisdiction"] for r in analysed if r["jurisdiction"]}
    assert stat("bodies") == str(len(bodies)) and len(bodies) == len({m["jurisdiction"] for m in corpus_manifest()})
    assert stat("problems") == str(sum(i["kind"] == "problem" for i in items))
    assert stat("checks_fail") == str(sum(c["status"] == "fail" for c in checks)) == "1"
    assert stat("vague") == str(sum(i.get("vague") == "1" for i in items))
    levels = Counter(r["level"] for r in analysed)
    for level, n in levels.items():
        assert [c.text_content() for c in doc.xpath(f'//td[@data-level="{level}"]')] == [str(n)]
    formats = Counter(r["format"] for r in analysed)
    for fmt, n in formats.items():
        assert [c.text_content() for c in doc.xpath(f'//td[@data-format="{fmt}"]')] == [str(n)]
    errors = doc.xpath('//table[@id="error-table"]/tbody/tr')
    assert len(errors) == sum(r["status"] in ("error", "warning") for r in reports)
    assert "encrypted" in text_of(doc.xpath('//table[@id="error-table"]')[0])
    # navigation: every body and every topic of a problem
    nav = text_of(doc.xpath("//nav")[0])
    for body in ("青溪县", "云台区", "南屏市教育局", "松岚区"):
        assert body in nav
    topics = {t for i in items if i["kind"] == "problem" for t in i["topics"].split(";") if t}
    assert {a.get("href") for a in doc.xpath('//ul[@id="nav-topics"]//a')} == {f"#t-{t}" for t in topics}
    for a in doc.xpath("//a[starts-with(@href, '#')]"):
        target = a.get("href")[1:]
        assert doc.xpath(f'//*[@id="{target}"]'), f"link to a missing anchor #{target}"


def test_known_failed_check_is_shown(out_dir, report):
    doc = parse(report)
    page = body_section(doc, "青溪县")
    rows = page.xpath(f'.//tr[@data-rule="{KNOWN_FAIL["rule"]}"]')
    assert len(rows) == 1
    cells = [text_of(td) for td in rows[0].xpath("./td")]
    assert cells[2] == "47" and cells[3] == "45" and "办理结果总计" in cells[4] and "2021" in cells[0]
    assert "新收 + 上年结转" in cells[1]  # the rule explained in Chinese
    (card,) = page.xpath('.//div[@data-stat="failed checks"]/b')
    assert card.text_content() == "1"
    assert not body_section(doc, "云台区").xpath('.//tr[@data-rule]')
    assert len(doc.xpath(f'//section[@id="checks"]//tr[@data-rule="{KNOWN_FAIL["rule"]}"]')) == 1
    assert len(doc.xpath(f'//section[@id="overview"]//tr[@data-rule="{KNOWN_FAIL["rule"]}"]')) == 1


def test_body_page_heatmap_followup_series_vague(out_dir, report):
    doc = parse(report)
    items = read_rows(out_dir / "items.csv")
    page = body_section(doc, "青溪县")
    problems = [i for i in items if i["kind"] == "problem" and i["jurisdiction"] == "青溪县"]
    counts = Counter((t, i["year"]) for i in problems for t in set(i["topics"].split(";")) if t)
    assert counts[("T11", "2020")] == 1 and counts[("T11", "2022")] == 1
    cells = page.xpath(".//svg[@class='heat']//rect[@data-topic]")
    assert cells and {(c.get("data-topic"), c.get("data-year")): int(c.get("data-count")) for c in cells} == {
        (t, y): counts.get((t, y), 0) for t in {t for t, _ in counts} for y in ("2020", "2021", "2022")}
    assert page.xpath(".//div[@class='legend']")
    # every problem listed, linked to its report row (and for PDFs to the page)
    rows = page.xpath(".//table[contains(@class,'problems')]/tbody/tr")
    assert len(rows) == len(problems)
    pdf_links = 0
    for tr in rows:
        (rep,) = [a for a in tr.xpath(".//a") if re.fullmatch(r"#r\d+", a.get("href") or "")]
        target = doc.xpath(f'//tr[@id="{rep.get("href")[1:]}"]')[0]
        assert "青溪县" in text_of(target)
        pdf_links += any("#page=" in (a.get("href") or "") for a in tr.xpath(".//a"))
    assert pdf_links >= 4, "the problems of the two PDF reports link to their pages"
    # follow-up with evidence quotes
    followup = [r for r in read_rows(out_dir / "followup.csv") if r["jurisdiction"] == "青溪县"]
    fu_rows = page.xpath(".//table[contains(@class,'followup')]/tbody/tr")
    assert len(fu_rows) == len(followup)
    shown = Counter(b.get("data-status") for b in page.xpath(".//table[contains(@class,'followup')]//span[@data-status]"))
    assert shown == Counter(r["status"] for r in followup)
    quotes = [text_of(q) for q in page.xpath(".//table[contains(@class,'followup')]//blockquote")]
    evidence = [r["evidence_text"] for r in followup if r["evidence_text"]]
    assert evidence and len(quotes) == len(evidence)
    assert all(re.sub(r"\s+", " ", ev)[:30] in " ".join(quotes) for ev in evidence)
    # copied text
    series = [r for r in read_rows(out_dir / "series.csv") if r["jurisdiction"] == "青溪县"]
    flagged = [r for r in series if float(r["problems_similarity"] or 0) >= 0.85 or r["copied_year_tokens"]
               or "near_duplicate" in r.get("flags", "") or "stale_year" in r.get("flags", "")]
    flag_tags = page.xpath(".//span[@data-flag]")
    assert (len(flag_tags) > 0) == bool(flagged)
    # vague problems and recurring topics
    vague = [p for p in problems if p.get("vague") == "1"]
    (card,) = page.xpath('.//div[@data-stat="vague problems"]/b')
    assert card.text_content() == str(len(vague))
    assert len(page.xpath(".//ul[@class='vague']/li")) == len(vague)
    recurring = [r for r in read_rows(out_dir / "recurring.csv") if r["jurisdiction"] == "青溪县"]
    assert recurring and "T11" in {r["topic"] for r in recurring}
    assert "#t-T11" in {a.get("href") for a in page.xpath(".//a")}


def test_topic_page_lists_problems_across_bodies(out_dir, report):
    doc = parse(report)
    items = read_rows(out_dir / "items.csv")
    t11 = [i for i in items if i["kind"] == "problem" and "T11" in i["topics"].split(";")]
    (page,) = doc.xpath('//section[@id="t-T11"]')
    assert "政策解读" in text_of(page.xpath(".//h2")[0])
    rows = page.xpath(".//table[contains(@class,'problems')]/tbody/tr")
    assert len(rows) == len(t11) == 9
    assert {text_of(tr.xpath("./td")[0]) for tr in rows} == {"青溪县", "云台区", "南屏市教育局"}
    (card,) = page.xpath('.//div[@data-stat="topic_problems"]/b')
    assert card.text_content() == "9"


def test_missing_cross_year_files_say_not_available(out_dir, tmp_path):
    bare = tmp_path / "bare"
    shutil.copytree(out_dir, bare)
    for name in ("recurring.csv", "followup.csv", "series.csv", "duplicates.csv", "report.html"):
        (bare / name).unlink(missing_ok=True)
    items = read_rows(bare / "items.csv")
    columns = [c for c in _columns(bare / "items.csv") if c != "vague"]
    write_rows(bare / "items.csv", items, columns)
    doc = parse(render_report(bare))
    page = body_section(doc, "青溪县")
    na = " ".join(text_of(p) for p in page.xpath(".//p[@class='na']"))
    for name in ("recurring.csv", "followup.csv", "series.csv", "vague"):
        assert name in na and "not available" in na
    assert doc.xpath('//div[@data-stat="problems"]')
    assert not doc.xpath('//div[@data-stat="vague"]')
    # without reports.csv it is not an output folder
    (bare / "reports.csv").unlink()
    from nlp.errors import UsageError

    with pytest.raises(UsageError, match="reports.csv"):
        render_report(bare)


def test_custom_html_path_and_links_to_files(out_dir, tmp_path):
    target = tmp_path / "elsewhere" / "r.html"
    assert write_report(out_dir, target) == target
    doc = parse(target)
    files = [a.get("href") for a in doc.xpath("//a[@class='file']")]
    assert files
    for href in files:
        from urllib.parse import unquote

        local = unquote(href.split("#")[0])
        assert (target.parent / local).resolve().is_file(), href


# ------------------------------------------------------------------------------------------------ escaping
def make_evil(out_dir: Path, dest: Path) -> Path:
    """A copy of the output folder with a report whose every text is an injection attempt."""
    shutil.copytree(out_dir, dest)
    (dest / "report.html").unlink(missing_ok=True)
    rid = "evil" + EVIL
    body = "恶意主体" + EVIL
    reps = read_rows(dest / "reports.csv")
    cols = _columns(dest / "reports.csv")
    reps.append({c: "" for c in cols} | {"report_id": rid, "path": "corpus/" + EVIL + ".pdf", "status": "warning",
                                         "message": "warn " + EVIL, "jurisdiction": body, "level": "county",
                                         "year": "2021", "format": "2021", "title": "标题" + EVIL, "kind": "pdf"})
    write_rows(dest / "reports.csv", reps, cols)
    items = read_rows(dest / "items.csv")
    cols = _columns(dest / "items.csv")
    for k, kind in enumerate(("problem", "commitment", "measure")):
        items.append({c: "" for c in cols} | {"item_id": f"{rid}:x{k}", "report_id": rid, "jurisdiction": body,
                                             "year": "2021", "kind": kind, "seq": "1", "label": EVIL,
                                             "text": f"{kind}：{EVIL}", "page": "2", "topics": "T11;" + EVIL,
                                             "terms": EVIL, "vague": "1" if kind == "problem" else ""})
    items.append({c: "" for c in cols} | {"item_id": f"{rid}:formula", "report_id": rid, "jurisdiction": body,
                                         "year": "2021", "kind": "problem", "seq": "2", "page": "3",
                                         "text": "'=HYPERLINK(\"http://x\")公式", "topics": "T11", "vague": "0"})
    write_rows(dest / "items.csv", items, cols)
    checks = read_rows(dest / "checks.csv")
    cols = _columns(dest / "checks.csv")
    checks.append({"report_id": rid, "rule": "t3_balance_" + EVIL, "status": "fail", "expected": EVIL,
                   "actual": "=1+1", "message": EVIL, "evidence": EVIL})
    write_rows(dest / "checks.csv", checks, cols)
    for name, row in (
            ("followup.csv", {"jurisdiction": body, "year": "2021", "commitment_item_id": f"{rid}:x1",
                              "commitment_text": EVIL, "topics": EVIL, "status": EVIL, "evidence_item_id": EVIL,
                              "evidence_text": EVIL, "evidence_year": EVIL, "score": EVIL, "reason": EVIL}),
            ("recurring.csv", {"jurisdiction": body, "topic": EVIL, "topic_name": EVIL, "years": EVIL,
                               "n_years": EVIL, "still_open": "1", "examples": EVIL}),
            ("series.csv", {"jurisdiction": body, "year": "2021", "prev_year": EVIL, "problems_similarity": EVIL,
                            "overview_similarity": "0.99", "copied_year_tokens": EVIL})):
        rows = read_rows(dest / name)
        cols = _columns(dest / name)
        rows.append(row)
        write_rows(dest / name, rows, cols)
    return dest


def assert_no_injection(doc) -> None:
    scripts = doc.xpath("//script")
    assert len(scripts) == 1 and "alert" not in scripts[0].text_content(), "only the page's own script"
    assert not doc.xpath("//img"), "no element from report text"
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        for attr, value in el.attrib.items():
            assert not attr.lower().startswith("on"), f"event handler attribute {attr} on <{el.tag}>"
            if attr in ("href", "src"):
                assert not value.strip().lower().startswith("javascript:")


def test_report_texts_are_escaped(out_dir, tmp_path):
    evil = make_evil(out_dir, tmp_path / "evil")
    path = write_report(evil)
    text = path.read_text(encoding="utf-8")
    assert text.count("<script") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&quot;onerror=alert(2)" in text
    doc = parse(text)
    assert_no_injection(doc)
    page = body_section(doc, "恶意主体" + EVIL)
    shown = text_of(page)
    assert EVIL in shown  # displayed literally, as text
    assert EVIL in text_of(doc.xpath('//section[@id="reports"]')[0])
    # the apostrophe export._safe_cells puts before a formula-like cell is not part of the report's text
    assert '=HYPERLINK("http://x")公式' in shown and "'=HYPERLINK" not in shown
    assert doc.xpath('//a[@href="#t-T11"]')
    ids = [el.get("id") for el in doc.xpath("//*[@id]")]
    assert all(re.fullmatch(r"[A-Za-z][\w-]*", i) for i in ids), "ids are generated, never taken from the data"
    assert len(ids) == len(set(ids))


def test_parquet_outputs_are_read(out_dir, tmp_path):
    pytest.importorskip("pyarrow")
    import pandas as pd

    pq = tmp_path / "pq"
    pq.mkdir()
    csvs = sorted(out_dir.glob("*.csv"))
    assert len(csvs) >= 10
    for f in csvs:
        frame = pd.read_csv(f, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        if f.stem in ("reports", "items", "checks", "followup"):
            frame.to_parquet(pq / f"{f.stem}.parquet", index=False)
        else:
            shutil.copy(f, pq / f.name)
    a, b = parse(render_report(out_dir)), parse(render_report(pq))
    for key in ("reports_total", "problems", "checks_fail", "vague"):
        xp = f'//div[@data-stat="{key}"]/b'
        assert a.xpath(xp)[0].text_content() == b.xpath(xp)[0].text_content(), key
    assert ([td.text_content() for td in a.xpath('//table[@id="by-year"]//td')]
            == [td.text_content() for td in b.xpath('//table[@id="by-year"]//td')])


# ------------------------------------------------------------------------------------------------ large corpora
N_BODIES, YEARS, PER_YEAR = MAX_BODY_PAGES + 50, (2019, 2020, 2021, 2022), 6


def large_folder(out: Path) -> Path:
    """An output folder larger than every cap of the report: more bodies than get a page, more problems per
    topic than a topic page lists (no checks.csv)."""
    out.mkdir()
    n_bodies, years, per_year = N_BODIES, YEARS, PER_YEAR
    reports, items, followup = [], [], []
    for b in range(n_bodies):
        body = f"测试县{b:04d}"
        for y in years:
            rid = f"{body}-{y}"
            reports.append({"report_id": rid, "path": f"x/{rid}.pdf", "status": "ok", "message": "",
                            "jurisdiction": body, "level": "county", "year": y, "format": "2021", "title": rid,
                            "kind": "pdf"})
            for s in range(per_year):
                items.append({"item_id": f"{rid}:p{s}", "report_id": rid, "jurisdiction": body, "year": y,
                              "kind": "problem", "seq": s, "text": f"政策解读形式单一，第{s}条问题。" * 3,
                              "page": 3, "topics": "T11;T24" if s % 2 else "T11", "vague": s % 2})
                items.append({"item_id": f"{rid}:c{s}", "report_id": rid, "jurisdiction": body, "year": y,
                              "kind": "commitment", "seq": s, "text": "下一步将丰富解读形式。", "page": 4,
                              "topics": "T11"})
                followup.append({"jurisdiction": body, "year": y, "commitment_item_id": f"{rid}:c{s}",
                                 "commitment_text": "下一步将丰富解读形式。", "status": "partly",
                                 "evidence_text": "制作图解12件。", "evidence_year": y + 1, "score": 0.5})
    write_rows(out / "reports.csv", reports)
    write_rows(out / "items.csv", items[::-1])  # latest year first: a topic page must still list 2019 first
    write_rows(out / "followup.csv", followup)
    return out


def test_large_corpus_is_capped(tmp_path):
    out = large_folder(tmp_path / "big")
    text = render_report(out)
    doc = parse(text)
    assert len(doc.xpath("//section[@data-body]")) == MAX_BODY_PAGES
    assert "另有 50 个主体" in text_of(doc.xpath("//nav")[0])
    (t11,) = doc.xpath('//section[@id="t-T11"]')
    rows = t11.xpath(".//table[contains(@class,'problems')]/tbody/tr")
    assert len(rows) == MAX_TOPIC_ROWS
    assert [text_of(r.xpath("td")[1]) for r in rows] == ["2019"] * MAX_TOPIC_ROWS  # by year, then by body
    assert text_of(rows[0].xpath("td")[0]) == "测试县0000" and text_of(rows[-1].xpath("td")[0]) == "测试县0019"
    n = N_BODIES * len(YEARS) * PER_YEAR
    assert f"另有 {n - MAX_TOPIC_ROWS} 条" in text_of(t11)
    assert doc.xpath('//div[@data-stat="problems"]/b')[0].text_content() == str(n)
    assert doc.xpath('//div[@data-stat="checks_fail"]/b')[0].text_content() == "0"
    assert "checks.csv" in text_of(doc.xpath('//section[@id="checks"]')[0])  # not available
    assert len(text) < 25_000_000, f"{len(text) / 1e6:.1f} MB"


def test_the_page_does_not_depend_on_how_the_large_files_are_read(tmp_path, monkeypatch):
    """The report reads items, checks, follow-up and scorecard in chunks and keeps only what it shows: read a row
    at a time or whole, a folder beyond every cap gives the same page; the failed checks listed are the first in
    the file, and every one is counted."""
    import nlp.report.data as data

    out = large_folder(tmp_path / "big")
    rids = [r["report_id"] for r in read_rows(out / "reports.csv")]
    checks = [{"report_id": rid, "rule": f"t3_rule_{k}", "status": ("fail", "uncertain", "pass")[k % 3],
               "expected": "1", "actual": str(k), "message": f"第{k}项", "evidence": ""}
              for k, rid in enumerate(rids[:700] * 2)]
    write_rows(out / "checks.csv", checks)
    write_rows(out / "scorecard.csv", [{"report_id": rid, "jurisdiction": rid.rsplit("-", 1)[0],
                                        "year": rid.rsplit("-", 1)[1], "score": "50"} for rid in reversed(rids)])
    whole = re.sub(r"generated [0-9: -]+", "", render_report(out))
    monkeypatch.setattr(data, "CHUNK_ROWS", 97)  # items in 124 chunks, checks in 15
    assert re.sub(r"generated [0-9: -]+", "", render_report(out)) == whole
    doc = parse(whole)
    fails = [c for c in checks if c["status"] == "fail"]
    page = doc.xpath('//section[@id="checks"]')[0]
    assert f"Failed ({len(fails)})" in text_of(page)
    listed = page.xpath(".//tr[contains(@class,'check-fail')]")
    assert [r.get("data-rule") for r in listed] == [c["rule"] for c in fails[:len(listed)]]
    first = doc.xpath('//section[@data-body="测试县0000"]//div[@data-stat="failed checks"]/b')[0]
    assert first.text_content() == str(sum(c["report_id"].startswith("测试县0000-") for c in fails))
    shown = doc.xpath('//table[@id="scorecard-table"]/tbody/tr/td[1]')
    assert text_of(shown[0]) == "测试县0000"  # in the page's order, not the file's


# ------------------------------------------------------------------------------------------------ browser
def _truthy(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def find_chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    exe = find_chromium()
    if exe:
        return exe
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if not (root and (_truthy("CI") or _truthy("ZWGK_INSTALL_CHROMIUM"))):
        pytest.skip("chromium is not installed (install it with scripts/install_chromium.sh as root, or run the "
                    "tests as root with CI=1 or ZWGK_INSTALL_CHROMIUM=1 to install it automatically)")
    done = subprocess.run(["bash", str(ROOT / "scripts" / "install_chromium.sh")], capture_output=True, text=True,
                          timeout=1200)
    exe = find_chromium()
    if done.returncode != 0 or not exe:
        pytest.fail(f"installing chromium failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return exe


def run_chromium(exe: str, profile: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--disable-extensions", "--hide-scrollbars", f"--user-data-dir={profile}", *args, url]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


def test_renders_in_headless_chromium(out_dir, report, chromium, tmp_path):
    path = report
    url = path.resolve().as_uri()
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    done = run_chromium(chromium, tmp_path / "profile", url, f"--screenshot={shot}", "--window-size=1280,2000")
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    body_shot = ARTIFACTS / "report-body.png"
    done = run_chromium(chromium, tmp_path / "profile", url + "#" + body_section(parse(path), "青溪县").get("id"),
                        f"--screenshot={body_shot}", "--window-size=1280,2400")
    assert done.returncode == 0 and body_shot.is_file()
    dom = run_chromium(chromium, tmp_path / "profile", url, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    (ARTIFACTS / "report-dom.html").write_text(dom.stdout, encoding="utf-8")
    doc = parse(dom.stdout)
    (body,) = doc.xpath("//body")
    assert body.get("data-rendered") == "ok", f"the page's script did not finish: {body.get('data-rendered')}"
    assert body.get("data-view") == "overview"
    assert int(body.get("data-views")) == len(doc.xpath("//section[contains(@class,'view')]"))
    (overview,) = doc.xpath('//section[@id="overview"]')
    assert overview.get("hidden") is None
    assert all(s.get("hidden") is not None for s in doc.xpath("//section[@data-body]"))
    reports = read_rows(out_dir / "reports.csv")
    by_year = Counter(r["year"] for r in reports if r["status"] != "error" and r["year"])
    for year, n in by_year.items():
        assert [c.text_content() for c in doc.xpath(f'//table[@id="by-year"]//td[@data-year="{year}"]')] == [str(n)]
    assert doc.xpath('//div[@data-stat="reports_total"]/b')[0].text_content() == str(len(reports))
    assert doc.xpath('//div[@data-stat="checks_fail"]/b')[0].text_content() == "1"
    assert "青溪县" in text_of(doc.xpath("//nav")[0])


def test_chromium_runs_no_injected_script(out_dir, chromium, tmp_path):
    evil = write_report(make_evil(out_dir, tmp_path / "evil"))
    dom = run_chromium(chromium, tmp_path / "profile", evil.resolve().as_uri(), "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    doc = parse(dom.stdout)
    assert doc.xpath("//body")[0].get("data-rendered") == "ok"
    assert_no_injection(doc)
    assert EVIL in text_of(doc.xpath('//section[@id="reports"]')[0])


def test_cjk_font_available_for_screenshots():
    """Not about the page itself: without a CJK font the screenshot shows boxes (the CSS names common fonts)."""
    if not shutil.which("fc-list"):
        pytest.skip("fontconfig is not installed")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    if not fonts.strip():
        pytest.skip("no CJK font installed: run scripts/install_chromium.sh (installs fonts-wqy-zenhei) for a "
                    "screenshot that shows Chinese")
    assert "zh" in subprocess.run(["fc-list", ":lang=zh", "lang"], capture_output=True, text=True).stdout

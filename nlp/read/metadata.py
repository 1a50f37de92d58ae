"""Metadata per report: reporting body and its key, administrative level, year covered, format generation,
title, and when and by whom the report was published.

Everything is taken from the report and its container: the body from the title first (:mod:`.title`), then the
signature, the first sentences, the page's publisher and the text's mentions (:mod:`.body`); its key from the
name (:mod:`.bodykey`), its level from the name's last unit (:mod:`.level`); the publication date and publisher
from the page's metadata, the signature or the PDF file (:mod:`.published`). What cannot be determined stays
empty and the report gets a warning: a made-up value would silently corrupt every later count.
"""
from __future__ import annotations

import re
from pathlib import Path

from .body import most_named, opening_subject
from .bodykey import body_key
from .document import Document, Metadata
from .level import Level, level_of
from .pagemeta import PAGE
from .published import dateline, published, publisher, signature
from .title import YEAR, Title, find_title, parse_year
from ..rules import Rules, load_rules

_PERIOD = re.compile(r"(?:统计期限|统计时限|统计时间|统计期间|统计区间)[^。\n]{0,12}?" + YEAR + r"\s*年\s*1\s*月\s*1\s*日")
_OPENING_YEAR = re.compile(r"(?:^|\n)\s*" + YEAR + r"\s*年(?:度)?[，,以来]")
_FILE_YEAR = re.compile(r"(?<!\d)(20[0-4]\d)(?!\d)")
_CORE_VOCAB = ("政府信息公开", "政务公开", "信息公开")
CONTEXT_CHARS = 3000  # the opening read for the body's context (its prefecture, its word for itself)


def _year(doc: Document, title: Title | None) -> int | None:
    if title is not None:
        return title.year
    p = _PERIOD.search(doc.text[:CONTEXT_CHARS]) or _OPENING_YEAR.search(doc.text[:CONTEXT_CHARS])
    if p:
        return parse_year(p.group(1))
    f = _FILE_YEAR.findall(Path(doc.path).stem)
    if len(set(f)) == 1:
        doc.warnings.append(f"year taken from the file name ({f[0]})")
        return int(f[0])
    return None


def _body(doc: Document, title: Title | None, signed: str, rules: Rules) -> tuple[str, str]:
    """(the body's name as printed, where it was found)."""
    if title is not None and title.body:
        return title.body, "title"
    if signed:
        return signed, "signature"
    start = doc.text.find(title.text[-6:]) + 6 if title is not None and title.text[-6:] in doc.text[:2000] else 0
    fallbacks = (("subject", "the first sentences", lambda: opening_subject(doc.text, rules, start)),
                 ("publisher", "the page metadata (发布单位/发布机构)", lambda: publisher(doc.meta)),
                 ("mentions", "the bodies named in the text", lambda: most_named(doc.text, rules)))
    for source, what, find in fallbacks:
        name = find()
        if name and body_key(name, rules)[0]:
            doc.warnings.append(f"reporting body taken from {what}: {name}")
            return name, source
    return "", ""


def _level(name: str, alias_level: str, alias_zone: bool, context: str, rules: Rules) -> Level:
    found = level_of(name, rules.levels, context)
    if alias_level:
        government = found.government if alias_level == "department" else alias_level
        return Level(alias_level, government, alias_zone)
    return found


def extract_metadata(doc: Document, rules: Rules | None = None) -> Metadata:
    """Fill ``doc.metadata`` and add a warning for every field that could not be determined."""
    rules = rules or load_rules()
    title = find_title(doc, rules)
    year = _year(doc, title)
    signed, signed_on = signature(doc.text, rules)
    name, source = _body(doc, title, signed, rules)
    context = doc.text[:CONTEXT_CHARS]
    key, alias = body_key(name, rules, context)
    level = _level(name, alias.level if alias else "", alias.zone if alias else False, context, rules)
    dates = {"signature": signed_on, "dateline": dateline(doc.text)}
    date, date_source = published(doc.meta, dates, year, rules)
    fmt = detect_format(doc.text, year, rules)
    md = Metadata(jurisdiction=key, level=level.level, year=year, format=fmt, title=title.text if title else "",
                  body=name, body_source=source, government_level=level.government, zone=level.zone,
                  published=date, published_source=date_source, publisher=publisher(doc.meta),
                  index_number=doc.meta.get(PAGE + "index_number", "") or doc.meta.get("索引号", ""),
                  document_number=doc.meta.get(PAGE + "document_number", "") or doc.meta.get("文号", ""))
    _warn(doc, md)
    doc.metadata = md
    return md


def _warn(doc: Document, md: Metadata) -> None:
    if not md.title:
        doc.warnings.append("no report title found")
    if not md.jurisdiction:
        doc.warnings.append("reporting body could not be determined")
    if md.year is None:
        doc.warnings.append("year covered by the report could not be determined")
    if not md.format:
        doc.warnings.append("format generation could not be determined (no table vocabulary of the 2019 or 2021 format)")
    if not md.title and (not any(v in doc.text for v in _CORE_VOCAB)
                         or not re.search(r"年度报告|年报|工作报告|统计期限|统计时限", doc.text[:CONTEXT_CHARS])):
        # Lead with the conclusion: the missing fields follow from it.
        doc.warnings.insert(0, "does not look like a government information-disclosure annual report")


def detect_format(text: str, year: int | None, rules: Rules | None = None) -> str:
    """pre2019 | 2019 | 2021 by the table vocabulary; '' when it cannot be told."""
    if year is not None and year <= 2018:
        return "pre2019"
    compact = "".join(text.split())  # str.split drops the characters \s matches, faster than the regex
    vocabulary = (rules or load_rules()).formats.vocabulary
    scores = {gen: sum(term in compact for term in terms) for gen, terms in vocabulary}
    best = max(scores, key=lambda g: scores[g])
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        return ""
    return best

"""When a report was published, and who published it, from the sources a page or file carries.

The scorecard's deadline check needs the publication date and where it came from. Sources, strongest first:

==================  ===========================================================================================
``meta:PubDate``    the page's ``<meta name="PubDate">`` (or another tag page_chrome.yaml maps to ``published``)
``crawl:发布时间``  the crawler's header line
``page:published``  the page's own metadata: 发布日期/发布时间/公开日期 (``page:issued`` 发文日期,
                    ``page:written`` 成文日期, ``page:date`` a bare date glued to the title follow)
``signature``       the date of the signature (落款) at the end of the report
``dateline``        a date printed under the title (``(2024年1月18日)``)
``pdf:CreationDate`` the PDF file's creation date (``pdf:ModDate`` its modification date): the weakest, a
                    file's dates are not a publication; flagged by this source name
==================  ===========================================================================================

A date before the year the report covers cannot be its publication and is passed over.

The PDF reader puts the file's dates into ``RawDocument.meta`` under :data:`PDF_CREATED` and :data:`PDF_MODIFIED`
(:func:`pdf_info_dates` reads them from the info dictionary the PDF reader has already parsed).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..rules import Rules
from ..text.enumerators import CN_DIGIT_VALUES, cn_value, digit_by_digit
from .names import clean_name
from .pagemeta import META, PAGE

SIGNATURE_SLACK = 40  # characters that may follow a signature (a page number, a stray footer)
PDF_CREATED = "pdf:CreationDate"
PDF_MODIFIED = "pdf:ModDate"
CRAWL_DATE = "发布时间"
_CN = "".join(CN_DIGIT_VALUES) + "十"
_DATE = re.compile(r"((?:19|20)\d\d)\s*[-年./／]\s*(\d{1,2})\s*[-月./／]\s*(\d{1,2})")
_CN_DATE = re.compile(rf"([二][{_CN}]{{3}})\s*年\s*([{_CN}]{{1,3}})\s*月\s*([{_CN}]{{1,3}})\s*日")
_ANY_DATE = (rf"(?:(?:19|20)\d\d\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日"
             rf"|二[{_CN}]{{3}}\s*年\s*[{_CN}]{{1,3}}\s*月\s*[{_CN}]{{1,3}}\s*日)")
# A signature: a body's name on its own line (or before the date on one line), then the date, at the end.
_SIGNATURE = re.compile(r"(?:^|\n)[ \t\u3000]*([^\n]{2,40}?)[ \t\u3000]*(?:\n[ \t\u3000]*|[ \t\u3000]+)[（(]?("
                        + _ANY_DATE + r")[）)]?[ \t\u3000]*(?=\n|$)")
_DATELINE = re.compile(r"(?:^|\n)[ \t\u3000]*[（(]?(" + _ANY_DATE + r")[）)]?[ \t\u3000]*(?=\n)")
_PDF_DATE = re.compile(r"D?:?((?:19|20)\d\d)(\d\d)(\d\d)")


def iso_date(text: str) -> str:
    """``YYYY-MM-DD`` of the first date in ``text`` (Arabic or Chinese numerals), or ""."""
    m = _DATE.search(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _CN_DATE.search(text)
        if not m:
            return ""
        y = digit_by_digit(m.group(1))
        mo, d = cn_value(m.group(2)), cn_value(m.group(3))
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else ""


def pdf_info_dates(infos: Iterable[Mapping[str, object]]) -> dict[str, str]:
    """``{PDF_CREATED: "YYYY-MM-DD", PDF_MODIFIED: …}`` from a PDF's info dictionaries (pdfminer's
    ``PDFDocument.info``: values are bytes like ``b"D:20240118093000+08'00'"``)."""
    out: dict[str, str] = {}
    for info in infos:
        for name, key in (("CreationDate", PDF_CREATED), ("ModDate", PDF_MODIFIED)):
            value = info.get(name)
            if hasattr(value, "resolve"):  # an indirect object of the PDF
                value = value.resolve()
            if isinstance(value, bytes):
                value = value.decode("latin-1", "replace")
            m = _PDF_DATE.match(str(value or "").strip())
            if m and key not in out:
                date = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
                out[key] = date if iso_date(date) == date else ""
    return {k: v for k, v in out.items() if v}


def signature(text: str, rules: Rules) -> tuple[str, str]:
    """(body name, ISO date) of the signature at the end of the report ("" where there is none)."""
    tail = text[-800:]
    found = ("", "")
    for m in _SIGNATURE.finditer(tail):
        if len(tail[m.end():].strip()) <= SIGNATURE_SLACK:  # a signature ends the report (a dateline opens it)
            found = (clean_name(m.group(1), rules), iso_date(m.group(2)))
    if found[1]:
        return found
    last = list(_DATELINE.finditer(tail))[-1:]
    if last and len(tail[last[0].end():].strip()) <= SIGNATURE_SLACK:
        return "", iso_date(last[0].group(1))
    return "", ""


def dateline(text: str) -> str:
    """The date printed on its own line under the title (within the first lines), or ""."""
    m = _DATELINE.search(text[:300])
    return iso_date(m.group(1)) if m else ""


def published(meta: Mapping[str, str], sources: Mapping[str, str], year: int | None, rules: Rules) -> tuple[str, str]:
    """(ISO date, source) by the order of the module doc; ``sources`` holds the dates read from the text
    (``signature``, ``dateline``)."""
    tags = [META + name for name, field in rules.chrome.meta_tags if field == "published"]
    order = [*tags, CRAWL_DATE, PAGE + "published", PAGE + "issued", PAGE + "written", PAGE + "date",
             "signature", "dateline", PDF_CREATED, PDF_MODIFIED]
    for source in order:
        value = sources.get(source) or meta.get(source, "")
        date = iso_date(value) if value else ""
        if date and (year is None or int(date[:4]) >= year):
            return date, "crawl:" + source if source == CRAWL_DATE else source
    return "", ""


def publisher(meta: Mapping[str, str]) -> str:
    """Who published the page: its metadata's 发布单位/来源, the ContentSource tag, or the crawler's 发布机构."""
    for key in (PAGE + "publisher", META + "ContentSource", "发布机构", "来源"):
        if meta.get(key, "").strip():
            return meta[key].strip()
    return ""

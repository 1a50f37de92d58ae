"""The reporting body when the title does not name it: the signature, the first sentences, the page, the text.

In order (each the fallback of the one before): the signature (落款) at the end; the body the opening sentences
name as making the report (``本报告由某县人民政府办公室编制``, ``2023年，某区人民政府坚持…``), read together with the
report's word for itself (我县, 我区, 我局, 本机关); the page's publisher (发布单位, 发布机构); the government the text
names most often. A general office that compiles the report of its government (某县人民政府办公室, with 我县) stands
for that government.
"""
from __future__ import annotations

import re
from collections import Counter

from ..rules import Rules
from .names import clean_name

# Where a body's name ends in a sentence: a government's or department's word, or a place unit followed by what
# a subject is followed by (a verb of the report's first sentence, or punctuation): 市 of 市场 ends no name.
_NAME_END = re.compile(r"(?:人民政府办公室|人民政府办公厅|人民政府|政府|管委会|管理委员会|办事处|委员会|办公室|局|委|厅)"
                       r"|(?:自治县|县|区|市|旗|镇|乡|街道)(?=坚持|认真|深入|全面|按照|根据|严格|始终|紧紧|围绕|持续|着力|"
                       r"进一步|高度|切实|主动|积极|不断|大力|扎实|聚焦|立足|编制|负责)")
# What may stand right before a name in a sentence: punctuation, a line start, or a word that opens a clause.
_BEFORE_NAME = re.compile(r"(?:^|[^\u4e00-\u9fff]|[由是经在将对向据于从及和与为]|现将)$")
_SELF = re.compile(r"(?:我|本|全)(县|区|市|旗|镇|乡|局|委|办|厅|中心|街道)|本机关|本单位")
_GOVERNMENT = re.compile(r"(?<=[县区市旗])(?:人民政府|政府|政务公开)")
# the general office of a government, or of a zone's administrative committee (管委会: the zone's government)
_OFFICE = re.compile(r"(人民政府|政府|管委会|管理委员会)办公[室厅]$")


def opening_subject(text: str, rules: Rules, start: int = 0) -> str:
    """The body the first sentences after ``start`` name (see the module doc), or ""."""
    opening = text[start:start + 500]
    self_word = _SELF.search(text[start:start + 3000])
    names: list[str] = []
    for m in _NAME_END.finditer(opening):
        if opening.count("《", 0, m.end()) > opening.count("》", 0, m.end()):
            continue  # inside a quoted title of a law or notice
        name = clean_name(opening[max(0, m.end() - 40):m.end()], rules)
        begin = m.end() - len(name)
        if not name or opening[begin:m.end()] != name or not _BEFORE_NAME.search(opening[max(0, begin - 2):begin]):
            continue
        if _SELF.search(name):
            continue  # "由某局结合本局…实际编制": a clause that ends in the report's word for itself is no name
        if names and name.startswith(names[-1]):
            names[-1] = name  # 某县 then 某县人民政府: the longer name
        elif not names or not names[-1].startswith(name):
            names.append(name)
    if not names:
        return ""
    unit = self_word.group(1) if self_word and self_word.group(1) else ""
    chosen = next((n for n in names
                   if unit and re.sub(r"(?:人民政府|政府|管委会|管理委员会)(?:办公[室厅])?$", "", n).endswith(unit)),
                  names[0])
    office = _OFFICE.search(chosen)
    if unit in ("县", "区", "市", "旗", "镇", "乡", "街道") and office:
        # the office compiles its government's (or its zone committee's) report
        chosen = chosen[:office.start()] + ("人民政府" if office.group(1) in ("人民政府", "政府") else office.group(1))
    return chosen


def most_named(text: str, rules: Rules) -> str:
    """The government the text names most often (before 人民政府/政府/政务公开), when one clearly dominates.

    Where a mention starts is unknown (加强某县人民政府…): every name that ends at the mention is counted, and the
    longest name counted as often as the most frequent one wins (某县 is always there, 强某县 only once)."""
    counts: Counter[str] = Counter()
    for m in _GOVERNMENT.finditer(text):
        run = re.search(r"[\u4e00-\u9fff]{2,12}$", text[max(0, m.start() - 12):m.start()])
        if not run:
            continue
        names = {clean_name(run.group()[k:], rules) for k in range(len(run.group()) - 1)}
        counts.update(n for n in names if n)
    if not counts:
        return ""
    top = max(counts.values())
    best = max((n for n, c in counts.items() if c == top), key=len)
    runner_up = max((c for n, c in counts.items() if not best.endswith(n)), default=0)
    return best if top >= 2 and top >= 2 * runner_up else ""

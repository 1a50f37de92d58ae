"""``zwgk lexicon check`` and ``zwgk lexicon coverage``: keeping the lexicons in shape.

Check validates every lexicon file (through :mod:`nlp.rules`) and lists each problem with its file and line.

Coverage lists the problems and commitments that got no substantive topic and ranks candidate terms: words
(jieba segmentation) frequent in those untagged items and rare in tagged ones, so that an analyst can extend
the lexicon in minutes. No model is involved: counts only.
"""
from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from pathlib import Path

from ..errors import UsageError
from ..text.lists import split_list

STOPWORDS = set("的 了 和 与 及 等 在 对 为 是 将 把 被 从 以 按 向 于 并 或 也 还 仍 更 再 就 都 其 之 上 下 中 "
                "进一步 工作 加强 推进 开展 做好 不断 持续 继续 全面 切实 我县 我区 我局 我市 我们 相关 有关 方面 "
                "情况 问题 存在 一些 部分 个别 一是 二是 三是 四是 五是 同时 通过 进行 实现 提高 提升 完善".split())


def cmd_lexicon(args: argparse.Namespace) -> int:
    if args.lexicon_command == "check":
        return _check(args.paths)
    return _coverage(Path(args.out_dir), args.top)


def _check(paths: list[str]) -> int:
    from ..rules import check_rules, load_rules, rule_files

    problems = check_rules(paths)
    for p in problems:
        print(p)
    errors = sum(p.severity == "error" for p in problems)
    if not errors:
        lex = load_rules(paths).topics
        n_terms = sum(len(t.terms) for t in lex.topics.values())
        n_rules = sum(len(t.rules) for t in lex.topics.values())
        print(f"lexicon OK: {len(lex.topics)} topics, {n_terms} terms, {n_rules} rules, "
              f"{len(lex.precedence)} precedence rules in {len(lex.files)} files; "
              f"{', '.join(p.name for p in rule_files())} valid"
              + (f" ({len(problems)} warnings)" if problems else ""))
    return 1 if errors else 0


def _items_file(out_dir: Path) -> Path:
    """The folder's items (CSV, or Parquet with ``--format parquet``)."""
    path = out_dir / "items.csv"
    if not path.exists() and (out_dir / "items.parquet").exists():
        return out_dir / "items.parquet"
    if not path.exists():
        raise UsageError(f"{path} not found: run zwgk analyze … --out {out_dir} first")
    return path


def candidate_terms(untagged: list[str], tagged: list[str], top: int) -> list[tuple[str, int, int, float]]:
    """(word, count in untagged items, count in tagged items, score), best first."""
    u, t = _WordCounts(), _WordCounts()
    for text in untagged:
        u.add(text)
    for text in tagged:
        t.add(text)
    return _ranked(u, t, top)


class _WordCounts:
    """In how many texts each word (jieba; two Chinese characters or more, no stopword) occurs, and how many texts
    there were: counted text by text, so that millions of items need no more memory than their vocabulary."""

    def __init__(self) -> None:
        from ..text.segmenter import jieba_module

        self._lcut = jieba_module().lcut
        self.words: Counter[str] = Counter()
        self.texts = 0

    def add(self, text: str) -> None:
        self.texts += 1
        self.words.update({w for w in self._lcut(text) if len(w) >= 2 and w not in STOPWORDS
                           and re.fullmatch(r"[\u4e00-\u9fff]+", w)})


def _ranked(u: _WordCounts, t: _WordCounts, top: int) -> list[tuple[str, int, int, float]]:
    """Words frequent in untagged texts (``u``) and rare in tagged ones (``t``), best first."""
    n_u, n_t = max(u.texts, 1), max(t.texts, 1)
    scored = []
    for w, cu in u.words.items():
        ct = t.words.get(w, 0)
        score = (cu / n_u) * math.log((cu / n_u + 1e-3) / (ct / n_t + 1e-3))
        if score > 0:
            scored.append((w, cu, ct, round(score, 4)))
    scored.sort(key=lambda x: (-x[3], -x[1], x[0]))
    return scored[:top]


SHOWN_UNTAGGED = 50  # untagged problems and commitments printed


def _coverage(out_dir: Path, top: int) -> int:
    """Read the items a row at a time (1.6 million at 100,000 reports), counting and segmenting them, and copying
    those without a substantive topic into lexicon_untagged.csv on the way."""
    from ..outputs.sinks import CsvSink, stream_rows, write_csv

    path = _items_file(out_dir)
    untagged, tagged = _WordCounts(), _WordCounts()
    shown: list[dict[str, str]] = []
    sink = CsvSink(out_dir / "lexicon_untagged.csv", ["item_id", "report_id", "kind", "topics", "text"])
    try:
        for i in stream_rows(path)[1]:
            if _substantive(i.get("topics", "")):
                if i["kind"] in ("problem", "commitment"):
                    tagged.add(i["text"])
                continue
            sink.write((i,))
            if i["kind"] in ("problem", "commitment"):
                untagged.add(i["text"])
                if len(shown) < SHOWN_UNTAGGED:
                    shown.append(i)
    except BaseException:
        sink.abort()
        raise
    relevant = untagged.texts + tagged.texts
    share = 1 - untagged.texts / relevant if relevant else 1.0
    print(f"{relevant} problems and commitments, {tagged.texts} with a substantive topic ({share:.1%}); "
          f"{sink.rows} items of any kind without one")
    for i in shown:
        print(f"  {i['item_id']} [{i['kind']}] {i['text'][:80]}")
    cands = _ranked(untagged, tagged, top)
    if cands:
        print("candidate terms (word, in untagged items, in tagged items, score):")
        for w, cu, ct, score in cands:
            print(f"  {w}\t{cu}\t{ct}\t{score}")
    sink.close()
    write_csv(out_dir / "lexicon_candidates.csv", ["term", "untagged_items", "tagged_items", "score"],
              [dict(zip(("term", "untagged_items", "tagged_items", "score"), c)) for c in cands])
    print(f"written: {out_dir / 'lexicon_untagged.csv'}, {out_dir / 'lexicon_candidates.csv'}", file=sys.stderr)
    return 0


def _substantive(topics: str) -> bool:
    from .tags import GENERIC

    return any(t != GENERIC for t in split_list(topics))

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


def _read_items(out_dir: Path) -> list[dict[str, str]]:
    path = out_dir / "items.csv"
    if not path.exists() and (out_dir / "items.parquet").exists():
        import pandas as pd

        frame = pd.read_parquet(out_dir / "items.parquet")
        return frame.astype(object).where(frame.notna(), "").astype(str).to_dict("records")
    if not path.exists():
        raise UsageError(f"{path} not found: run zwgk analyze … --out {out_dir} first")
    from ..outputs.sinks import read_csv

    return read_csv(path)


def candidate_terms(untagged: list[str], tagged: list[str], top: int) -> list[tuple[str, int, int, float]]:
    """(word, count in untagged items, count in tagged items, score), best first."""
    from ..text.segmenter import jieba_module

    jieba = jieba_module()

    def words(texts: list[str]) -> Counter[str]:
        c: Counter[str] = Counter()
        for t in texts:
            c.update({w for w in jieba.lcut(t) if len(w) >= 2 and w not in STOPWORDS
                      and re.fullmatch(r"[\u4e00-\u9fff]+", w)})
        return c

    u, t = words(untagged), words(tagged)
    n_u, n_t = max(len(untagged), 1), max(len(tagged), 1)
    scored = []
    for w, cu in u.items():
        ct = t.get(w, 0)
        score = (cu / n_u) * math.log((cu / n_u + 1e-3) / (ct / n_t + 1e-3))
        if score > 0:
            scored.append((w, cu, ct, round(score, 4)))
    scored.sort(key=lambda x: (-x[3], -x[1], x[0]))
    return scored[:top]


def _coverage(out_dir: Path, top: int) -> int:
    from ..outputs.sinks import write_csv

    items = _read_items(out_dir)
    relevant = [i for i in items if i["kind"] in ("problem", "commitment")]
    untagged = [i for i in relevant if not _substantive(i.get("topics", ""))]
    tagged = [i for i in relevant if _substantive(i.get("topics", ""))]
    all_untagged = [i for i in items if not _substantive(i.get("topics", ""))]
    share = 1 - len(untagged) / len(relevant) if relevant else 1.0
    print(f"{len(relevant)} problems and commitments, {len(tagged)} with a substantive topic ({share:.1%}); "
          f"{len(all_untagged)} items of any kind without one")
    for i in untagged[:50]:
        print(f"  {i['item_id']} [{i['kind']}] {i['text'][:80]}")
    cands = candidate_terms([i["text"] for i in untagged], [i["text"] for i in tagged], top)
    if cands:
        print("candidate terms (word, in untagged items, in tagged items, score):")
        for w, cu, ct, score in cands:
            print(f"  {w}\t{cu}\t{ct}\t{score}")
    write_csv(out_dir / "lexicon_untagged.csv", ["item_id", "report_id", "kind", "topics", "text"], all_untagged)
    write_csv(out_dir / "lexicon_candidates.csv", ["term", "untagged_items", "tagged_items", "score"],
              [dict(zip(("term", "untagged_items", "tagged_items", "score"), c)) for c in cands])
    print(f"written: {out_dir / 'lexicon_untagged.csv'}, {out_dir / 'lexicon_candidates.csv'}", file=sys.stderr)
    return 0


def _substantive(topics: str) -> bool:
    from .tags import GENERIC

    return any(t != GENERIC for t in split_list(topics))

"""Promise follow-up: what year N+1 says about each commitment of year N (one row of ``followup.csv`` each).

Each commitment is compared with the sentences of N+1's measures and explicit follow-up blocks (上年度问题整改情况,
the strongest evidence): shared topic + shared words (jieba) + shared character bigrams + same kind of action (a
website-function promise is never carried out by a training). ``reported`` needs concrete evidence (a named
《document》, a count, a completed step) that covers most of what was promised; ``partly`` is generic wording, a
step still under way, or only part of a list; ``repeated`` is no evidence but the same promise made again;
``not_reported`` nothing at all; ``no_next_report`` when N+1 is missing. Problems of year N that no commitment
addresses are listed as ``no_commitment`` (the problem is in ``problem_item_id``/``problem_text``;
``commitment_item_id`` is empty): a report that names a weakness and promises nothing about it is a finding.
Every status comes with the reason an analyst can check.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..text import similarity as sim
from ..text.width import match_copy
from ..annotate.tags import Tagger
from .counted import Figures, table_units
from .decision import Features, decide
from .evidence import Commitment, TagIndex, Unit, commitment, other_units, units_of
from .features import stale_year_tokens
from .frames import topic_set
from .recurring import align_problems
from .rows import FollowupRow
from ..rules_tracking import rules


# report_id → (the analysable text with its table rows blanked, offsets kept; the spans of its section 五)
ReportTexts = dict[str, tuple[str, list[tuple[int, int]]]]
CopyCheck = Callable[[str], bool]  # is this sentence of N+1 copied from N's report?
_NUMBERS_AND_SPACE = re.compile(r"[\d\s]+")


def copy_check(previous_texts: list[str]) -> CopyCheck:
    """Whether a sentence of N+1 is in N's report word for word, with only years and numbers changed ("2012年，…
    培训" in the 2012 report, "2013年，…培训" in the 2013 one). ``previous_texts``: N's text, or its items."""
    haystack = "\n".join(_NUMBERS_AND_SPACE.sub("#", match_copy(t)) for t in previous_texts)
    minimum = rules().decision["copied_min_chars"]

    def copied(sentence: str) -> bool:
        needle = _NUMBERS_AND_SPACE.sub("#", match_copy(sentence)).strip("#")
        return len(needle) >= minimum and needle in haystack
    return copied


@dataclass
class _Match:
    unit: Unit
    score: float
    shared_topics: frozenset[str]
    shared_words: frozenset[str]
    word_sim: float
    gram_sim: float
    action: str  # "same" / "unknown" / "different"
    on_main: bool  # the sentence is about one of the promise's main topics (or answers a generic promise)


def _match(c: Commitment, u: Unit) -> _Match | None:
    """How well one sentence of N+1 answers a commitment; None when it cannot be evidence at all.

    A promise that names a kind of action (training, patrol, website function…) is never answered by a sentence
    of another kind (a website-function promise is not carried out by a training). Candidates: a sentence of the
    same kind that shares the topic or a specific word (the tagger may read 巡查 as 监督 in one year and as 网站
    in the next). A generic sentence answers a specific promise (one that names a kind of action) only on the same
    topic and in much the same words; it answers a generic promise (持续贯彻《条例》…不断提升质量) when it is on
    one of the promise's main topics, whatever its words, or on another of its topics sharing a specific word
    ("partly" at most, decided in :mod:`.decision`). Without a shared topic or action, only a lexically very close
    sentence is a candidate.
    """
    r = rules()
    w = r.weights
    if c.generic and u.overall:
        return _overall_match(c, u)
    if c.actions and u.actions and not c.actions & u.actions:
        return None  # a different kind of action
    action = "same" if c.actions & u.actions else "unknown"
    same = action == "same"
    shared_topics = c.topics & u.topics
    gram_sim = sim.cosine(c.grams, u.grams)
    if not same and not shared_topics and gram_sim < r.min_similarity_without_topic:
        return None  # settled without segmenting the sentence
    shared_words = c.words & u.words
    word_sim = sim.cosine(c.words, u.words)
    lexical = len(shared_words) >= r.min_shared_words and gram_sim >= r.min_similarity_without_topic
    main = bool(c.main & u.topics)
    if same:
        ok = bool(shared_topics) or len(shared_words) >= 1 or lexical
    elif c.actions:
        # generic wording about a specific (action) promise: only on the same topic and in much the same words
        ok = (bool(shared_topics) and word_sim >= r.generic_min_word_similarity) or lexical
    else:
        ok = main or (bool(shared_topics) and len(shared_words) >= 1) or lexical
    if not ok:
        return None
    # the subject is shared when the topic is, or when the kind of action is
    score = (w["topic"] * (1.0 if shared_topics or same else 0.0) + w["words"] * word_sim + w["ngrams"] * gram_sim
             + w["action"] * (1.0 if same else 0.5))
    if u.kind == "followup":
        score += r.followup_bonus
    return _Match(u, round(score, 3), shared_topics, shared_words, word_sim, gram_sim, action, main)


def _overall_match(c: Commitment, u: Unit) -> _Match:
    """A statement about the disclosure work as a whole answering a generic promise: on its subject, whatever
    the words (the decision then asks whether it is concrete)."""
    r = rules()
    w = r.weights
    word_sim, gram_sim = sim.cosine(c.words, u.words), sim.cosine(c.grams, u.grams)
    score = w["topic"] + w["words"] * word_sim + w["ngrams"] * gram_sim + w["action"] * 0.5
    if u.kind == "followup":
        score += r.followup_bonus
    return _Match(u, round(score, 3), c.topics & u.topics, c.words & u.words, word_sim, gram_sim, "unknown", True)


def _coverage(c: Commitment, matches: list[_Match]) -> tuple[float, float | None]:
    """Shares of the promise found in the evidence: of its kinds of action (staffing + training: both done?; 1.0
    when it names none) and of its listed sub-items (图解、短视频、问答: how many?), or for a promise with neither
    the share of its steps' words found (None when there is nothing to count)."""
    found: set[str] = set()
    acts: set[str] = set()
    for m in matches:
        found |= m.unit.words
        acts |= m.unit.actions
    actions = len(c.actions & acts) / len(c.actions) if c.actions else 1.0
    items = [it for lst in c.lists for it in lst]
    if items:
        listed: float | None = sum(1 for it in items if len(it & found) * 2 >= len(it)) / len(items)
    elif not c.actions and c.clauses:  # a promise with neither: the share of its steps' words found
        listed = sum(sim.containment(cl, found) for cl in c.clauses) / len(c.clauses)
    else:
        listed = None
    return actions, listed


def _most_similar(text: str, rows: list[dict]) -> tuple[dict | None, float]:
    """The item of ``rows`` whose text is closest to ``text`` (the first of equals), and the similarity."""
    best, best_s = None, 0.0
    for row in rows:
        s = sim.text_similarity(text, str(row.get("text") or ""))
        if s > best_s:
            best, best_s = row, s
    return best, best_s


def _judge(c: Commitment, units: list[Unit], next_commitments: list[dict], next_problem_topics: frozenset[str],
           copied: CopyCheck) -> dict[str, Any]:
    """Status, evidence, features and reason for one commitment against next year's units."""
    r = rules()
    matches = [m for m in (_match(c, u) for u in units) if m is not None]
    matches.sort(key=lambda m: -m.score)
    repeated, best_rep = _most_similar(c.text, next_commitments)
    is_repeated = best_rep >= r.repeated_similarity
    out: dict[str, Any] = {"repeated_item_id": repeated["item_id"] if is_repeated else ""}
    rep_note = f"; the same promise is made again in N+1 ({repeated['item_id']}, similarity {best_rep:.2f})" \
        if is_repeated else ""
    top = [m for m in matches if m.score >= r.partly_min_score]
    if not top:
        out.update(status="repeated" if is_repeated else "not_reported",
                   score=round(matches[0].score, 3) if matches else 0.0, coverage=0.0)
        if matches:
            out["reason"] = (f"nearest N+1 sentence ({matches[0].unit.item_id}) is too weak a match "
                             f"(score {matches[0].score:.2f} < {r.partly_min_score})" + rep_note)
        else:
            out["reason"] = "nothing in N+1 shares a topic, a kind of action or its words with the promise" + rep_note
        return out
    out.update(_judge_evidence(c, top, copied, bool(c.main & next_problem_topics)))
    if out["status"] == "not_reported" and is_repeated:
        out["status"] = "repeated"
    out["reason"] += rep_note
    return out


_RANK = {"reported": 0, "partly": 1, "not_reported": 2}


def _judge_evidence(c: Commitment, top: list[_Match], copied: CopyCheck, problem_again: bool) -> dict[str, Any]:
    """The status of the candidate sentences ``top`` (best first): each of the first few is decided on its
    features (:mod:`.decision`) and the best status wins, the higher score among equals. ``problem_again``: N+1
    names a problem on one of the promise's main topics."""
    # what counts towards coverage: the candidate and the other sentences on the same subject (topic)
    judged = []
    for m in top[:rules().decision["candidates"]]:
        actions, listed = _coverage(c, [m] + [o for o in top[:5] if o is not m and o.shared_topics])
        f = Features(topic="main" if m.on_main else ("other" if m.shared_topics else "none"),
                     action="unnamed" if not c.actions else ("same" if m.action == "same" else "generic"),
                     concrete=m.unit.concrete,
                     realis=m.action == "same" and bool(rules().realis.search(match_copy(m.unit.text))),
                     promise="specific" if c.specific else "generic", action_coverage=actions,
                     list_coverage=listed, copied=copied(m.unit.text), followup_block=m.unit.kind == "followup",
                     problem_again=problem_again, kinds=len(c.actions))
        status, why = decide(f)
        judged.append((_RANK[status], -m.score, m, f, status, why))
    _, _, best, f, status, why = min(judged, key=lambda j: j[:2])
    detail = []
    if c.generic and best.unit.overall:
        detail.append("a generic promise answered by a statement on the work as a whole")
    if best.shared_topics:
        detail.append("topic " + "、".join(sorted(best.shared_topics)))
    detail.append("words " + ("/".join(sorted(best.shared_words)[:6]) or "none"))
    detail.append("action " + ("、".join(sorted(c.actions & best.unit.actions)) or "not named"))
    detail.append(best.unit.concrete.describe())
    if best.unit.kind == "followup":
        detail.append("in the follow-up block on last year's problems")
    return dict(status=status, evidence_item_id=best.unit.item_id, evidence_text=best.unit.text,
                score=round(best.score, 3), coverage=round(f.action_coverage if f.list_coverage is None
                                                           else min(f.action_coverage, f.list_coverage), 3),
                features=f.cell(), copied_evidence=int(f.copied),
                reason=status + ": " + "; ".join(why) + " — " + "; ".join(detail))


def _of_kind(rows: list[dict], kind: str) -> list[dict]:
    return [it for it in rows if it.get("kind") == kind]


def followup_rows(body: str, year: int, rid: str, next_rid: str | None, prev_rid: str | None,
                  by_report: dict[str, list[dict]], tagger: Tagger | None,
                  tags: TagIndex | None = None, texts: ReportTexts | None = None,
                  figures: dict[str, Figures] | None = None) -> list[FollowupRow]:
    """The rows of one report (year N of ``body``): each commitment judged against report ``next_rid`` (N+1),
    then each problem that no commitment answers. ``texts``: report_id → (analysable text, spans of its section
    五): where N+1's text is given, its other sections are searched too, and N's text tells copied sentences.
    ``figures``: report_id → its table values, compared where a promise names something counted. ``tagger``: the
    topic tagger of the run's lexicons, for N+1's sentences (None only where no report has a next one)."""
    rows = by_report.get(rid, [])
    problems, commitments = _of_kind(rows, "problem"), _of_kind(rows, "commitment")
    alignment = align_problems(problems, commitments)
    answered_by: dict[str, list[str]] = defaultdict(list)
    for pid, cids in alignment.items():
        for cid in cids:
            answered_by[cid].append(pid)
    ptext = {str(p["item_id"]): str(p.get("text") or "") for p in problems}
    prev_commitments = _of_kind(by_report.get(prev_rid, []), "commitment") if prev_rid else []
    next_rows = by_report.get(next_rid, []) if next_rid else []
    next_commitments, next_problems = _of_kind(next_rows, "commitment"), _of_kind(next_rows, "problem")
    units = units_of(next_rows, tagger, tags) if next_rid else []
    if next_rid and texts and next_rid in texts:
        text, five = texts[next_rid]
        units += other_units(text, five + [(int(it["start"]), int(it["start"]) + len(str(it.get("text") or "")))
                                           for it in next_rows], tagger)
    if next_rid is not None:  # N's text tells copied evidence; without N+1 there is none to tell
        copied = copy_check([texts[rid][0]] if texts and rid in texts else [str(it.get("text") or "") for it in rows])
    next_problem_topics = frozenset().union(*[topic_set(q.get("topics")) for q in next_problems])
    out = []
    for it in commitments:
        item_id, text = str(it["item_id"]), str(it["text"])
        pids = answered_by.get(item_id, [])
        row = FollowupRow(body, year, item_id, text, ";".join(sorted(topic_set(it.get("topics")))), "no_next_report",
                          report_id=rid, next_report_id=next_rid or "",
                          problem_item_id=";".join(pids), problem_text="｜".join(ptext[p] for p in pids),
                          stale_year=";".join(stale_year_tokens(text, year)))
        prev, best_prev = _most_similar(text, prev_commitments)
        if best_prev >= rules().repeated_similarity:
            row.repeats_prev_item_id = str(prev["item_id"])
        if next_rid is None:
            row.reason = f"no report of {body} for {year + 1}"
        else:
            c = commitment(it)  # what matching compares (segmenting the promise): only when there is N+1 to match
            counted = table_units(c, year, figures.get(rid), figures.get(next_rid)) if figures else []
            for k, v in _judge(c, units + counted, next_commitments, next_problem_topics, copied).items():
                setattr(row, k, v)
            if row.evidence_item_id:
                row.evidence_year = year + 1
        out.append(row)
    out.extend(_unanswered(body, year, rid, next_rid, [p for p in problems if not alignment.get(str(p["item_id"]))],
                           next_problems))
    return out


def _unanswered(body: str, year: int, rid: str, next_rid: str | None, problems: list[dict],
                next_problems: list[dict]) -> list[FollowupRow]:
    """A ``no_commitment`` row for each problem no commitment answers, saying whether N+1 names it again."""
    out = []
    for p in problems:
        pt = topic_set(p.get("topics"))
        recurs = sorted(pt & set().union(*[topic_set(q.get("topics")) for q in next_problems])) if next_problems else []
        reason = (f"no commitment of {year} shares a topic with this problem ({';'.join(sorted(pt)) or 'no topic'})")
        if next_rid:
            reason += (f"; its topic recurs among {year + 1}'s problems ({';'.join(recurs)})" if recurs
                       else f"; not named again among {year + 1}'s problems")
        out.append(FollowupRow(body, year, "", "", ";".join(sorted(pt)), "no_commitment", report_id=rid,
                               next_report_id=next_rid or "", problem_item_id=str(p["item_id"]),
                               problem_text=str(p.get("text") or ""), reason=reason))
    return out

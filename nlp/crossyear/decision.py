"""The follow-up decision: ``reported`` / ``partly`` / ``not_reported`` from named features of the best evidence.

The evidence search (:mod:`.followup`) finds the sentences of N+1 that could answer a promise; this module says
what they amount to, from features an analyst can check, so that the status does not hang on similarity scores
tuned to particular pairs (taxonomy §4: "same topic AND same kind of action"):

- **topic**: the sentence shares one of the promise's main topics (``main``), another of its topics (``other``),
  or none;
- **action**: the sentence names the promised kind of action (``same``), names none (``generic``), or the promise
  names none (``unnamed``) — a sentence of another kind was never a candidate;
- **concrete**: markers that a step was taken: counts, named documents 《…》, a new channel or column, a
  completed-state word or a mechanism put in place, or the promised kind of action stated as carried out;
- **promise**: ``specific`` when the promise names a kind of action, a document, a count or a list of
  sub-items, else ``generic`` ("持续贯彻《条例》…不断提升质量");
- **coverage** of the promise's kinds of action (all of 配强 + 培训?); listed sub-items are a secondary signal only:
  a concrete action of the promised kind need not cover every listed form;
- **copied**: the sentence is in N's report already, word for word but for the years and numbers. It is always
  flagged (``copied_evidence``); what it may decide is a policy (``decision.copied_evidence``): ``face_value``
  reads it like any other sentence, as the annotation guideline does (a body that writes again "每月巡查" claims
  the patrols again), ``partly`` never lets it make a promise ``reported`` by itself. A promise *made again* in
  N+1 is never evidence either way (``repeated``).

The rules and their thresholds are data (``lexicons/tracking.yaml``, ``followup.decision``).
"""
from __future__ import annotations

from dataclasses import dataclass

from .features import Concreteness
from ..rules_tracking import rules


@dataclass
class Features:
    """What the decision reads about a promise and its best evidence (one ``features`` cell of followup.csv)."""

    topic: str  # main / other / none
    action: str  # same / generic / unnamed
    concrete: Concreteness
    realis: bool  # the promised kind of action stated as carried out (组织开展…培训)
    promise: str  # specific / generic
    action_coverage: float  # share of the promise's kinds of action found in the evidence (1.0 when it names none)
    list_coverage: float | None  # share of its listed sub-items found (None without a list)
    copied: bool  # the evidence sentence is copied from N's report (years and numbers aside)
    followup_block: bool  # the evidence is in N+1's follow-up block on last year's problems
    problem_again: bool = False  # N+1 names a problem on one of the promise's main topics
    kinds: int = 0  # how many kinds of action the promise names

    @property
    def markers(self) -> list[str]:
        """The concreteness markers found (counts, document, channel, done, realis)."""
        c = self.concrete
        out = [name for name, found in (("counts", c.counts), ("document", c.documents), ("channel", c.channels),
                                        ("done", c.done)) if found]
        if self.realis:
            out.append("realis")
        return out

    @property
    def is_concrete(self) -> bool:
        return bool(self.markers) and not self.concrete.progress

    def cell(self) -> str:
        """The ``features`` cell: key=value pairs, ``;``-separated."""
        parts = [f"topic={self.topic}", f"action={self.action}",
                 "concrete=" + (",".join(self.markers) or "none") + (",in_progress" if self.concrete.progress else ""),
                 f"promise={self.promise}", f"action_coverage={self.action_coverage:.2f}"]
        if self.list_coverage is not None:
            parts.append(f"list_coverage={self.list_coverage:.2f}")
        parts.append(f"copied={int(self.copied)}")
        if self.problem_again:
            parts.append("problem_again=1")
        if self.followup_block:
            parts.append("followup_block=1")
        return ";".join(parts)


def decide(f: Features) -> tuple[str, list[str]]:
    """The status the features give, and the named reasons that decided it (the rules of ``followup.decision``)."""
    d = rules().decision
    if f.topic == "none" and f.action != "same":
        return "not_reported", ["no topic or kind of action in common"]
    why: list[str] = []
    # same topic AND same kind of action; a promise of one kind of action is identified by its kind (the tagger
    # may file the sentence under a neighbouring topic), a promise of several kinds needs the topic as well
    kind_ok = (f.action == "same" and (f.topic != "none" or f.kinds == 1)) or (f.action == "unnamed" and f.topic == "main")
    if not kind_ok:
        why.append("generic wording on the same topic, not the promised kind of action" if f.action == "generic"
                   else "the same kind of action on another topic" if f.action == "same"
                   else "the promise's main topic is not what the sentence is about")
    if not f.is_concrete:
        why.append("still in progress" if f.concrete.progress else "no concreteness marker")
    if f.action_coverage < d["min_action_coverage"]:
        why.append(f"only {f.action_coverage:.0%} of the promised kinds of action found")
    if f.list_coverage is not None and f.list_coverage < _list_minimum(f):
        why.append(f"only {f.list_coverage:.0%} of the listed sub-items (or the promise's words) found"
                   + ("; N+1 names the problem again" if f.problem_again and f.action == "same" else ""))
    if f.copied and not why and d["copied_evidence"] == "partly":
        why.append("the evidence is copied from last year's report (only years or numbers changed)")
    if why:
        if f.topic == "none" and not d["partly_without_topic"]:
            return "not_reported", why + ["no topic in common"]
        if f.topic == "other" and f.action == "generic" and not d["partly_on_other_topic"]:
            return "not_reported", why + ["shares only a secondary topic"]
        return "partly", why
    return "reported", ["concrete (" + ",".join(f.markers) + ")", "same kind of action" if f.action == "same"
                        else "on the promise's main topic"] + (
        ["taken at face value although copied from last year's report (copied_evidence)"] if f.copied else [])


def _list_minimum(f: Features) -> float:
    """The share of listed sub-items a concrete sentence must cover: none for one of the promised kind of action
    (a concrete action of that kind need not cover every listed form), unless N+1 names the problem again (the
    body itself says the weakness is still there); a sentence that names no kind of action must cover more."""
    d = rules().decision
    if f.action == "same":
        return d["min_list_coverage_problem_again"] if f.problem_again else 0.0
    return d["min_list_coverage"]

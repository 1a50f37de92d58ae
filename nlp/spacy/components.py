"""spaCy pipeline components: sections, items and topic tags as ``doc.spans``.

The analyzer runs on a blank ``zh`` pipeline (character tokens, no downloaded model) with these components, and
an analyst can add them to their own pipeline::

    import spacy, nlp.spacy.components  # registers the factories (also via the spacy_factories entry point)
    pipe = spacy.blank("zh")
    pipe.add_pipe("zwgk_sections"); pipe.add_pipe("zwgk_items"); pipe.add_pipe("zwgk_topics")
    doc = pipe(text)
    doc.spans["sections"], doc.spans["items"], doc.spans["terms"]   # labels: section key, item kind, topic id
    doc.spans["items"][0]._.zwgk_topics                                # "T11;T28"

The richer objects (Section, Item, Tag dataclasses) are in ``doc.user_data["zwgk"]``. A report read from a file
is passed in by setting ``doc.user_data["zwgk"] = {"document": Document, "report_id": ...}`` before the pipes run;
otherwise a Document is made from ``doc.text``.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..read.document import Document
from ..annotate.items import extract_items
from ..text.width import match_copy
from ..annotate.sections import find_sections
from ..annotate.tags import Tag, tag_items, tagger_of
from ..annotate.vague import mark_vague
from ..rules import Rules, load_rules

for _name in ("zwgk_topics", "zwgk_terms", "zwgk_label"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


def _state(doc: Doc) -> dict:
    """The analyzer's state of this Doc. ``Doc.text`` is rebuilt from the tokens on every access (slow on
    character tokens), so the text is read once, from the Document."""
    state = doc.user_data.setdefault("zwgk", {})
    if "document" not in state:
        state["document"] = Document("<spacy>", "text", doc.text, [0], [1])
    state.setdefault("report_id", "doc")
    return state


def _span(doc: Doc, start: int, end: int, label: str) -> Span | None:
    return doc.char_span(start, end, label=label, alignment_mode="expand")


class SectionsComponent:
    """Finds the statutory sections (``doc.spans["sections"]``, label = section key)."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        state = _state(doc)
        sections = find_sections(state["document"].text, self.rules)
        state["sections"] = sections
        doc.spans["sections"] = [s for s in (_span(doc, x.start, x.end, x.key) for x in sections) if s is not None]
        return doc


class ItemsComponent:
    """Measures, problems, commitments and follow-ups (``doc.spans["items"]``, label = kind)."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    def __call__(self, doc: Doc) -> Doc:
        state = _state(doc)
        sections = state.get("sections")
        if sections is None:
            sections = state["sections"] = find_sections(state["document"].text, self.rules)
        items = extract_items(state["document"], sections, state["report_id"], self.rules)
        state["items"] = items
        spans = []
        for item in items:
            span = _span(doc, item.start, item.end, item.kind)
            if span is not None:
                span._.zwgk_label = item.label
                spans.append(span)
        doc.spans["items"] = spans
        return doc


class TopicsComponent:
    """Tags items with lexicon topics (``doc.spans["terms"]``, label = topic id; ``span._.zwgk_topics``)."""

    def __init__(self, rules: Rules) -> None:
        self.tagger = tagger_of(rules.topics)

    def __call__(self, doc: Doc) -> Doc:
        state = _state(doc)
        text = state["document"].text
        copy = match_copy(text)
        matches = self.tagger.matches(text, copy)
        items = state.get("items") or []
        state["tags"] = tags = tag_items(self.tagger, text, items, matches, copy)
        mark_vague(items)  # as the batch does (runtime.pipeline.annotate): the same rows, vague included
        by_item_span = {(s.start_char, s.end_char): s for s in doc.spans.get("items", [])}
        for item in items:
            span = by_item_span.get((item.start, item.end))
            if span is not None:
                span._.zwgk_topics, span._.zwgk_terms = item.topics, item.terms
        # a bare text (no items): show every term occurrence
        found = tags if items else [Tag("", m.topic, m.term, m.start, m.end) for m in matches]
        term_spans = []
        for t in found:
            span = _span(doc, t.start, t.end, t.topic)
            if span is not None:
                span._.zwgk_terms = t.term
                term_spans.append(span)
        doc.spans["terms"] = term_spans
        return doc


# Each component takes the user's topic lexicon files (config "lexicon_paths") and works with the rules of the
# lexicons plus those files.
@Language.factory("zwgk_sections", default_config={"lexicon_paths": []})
def make_sections(nlp: Language, name: str, lexicon_paths: list[str]) -> SectionsComponent:
    return SectionsComponent(load_rules(lexicon_paths))


@Language.factory("zwgk_items", default_config={"lexicon_paths": []})
def make_items(nlp: Language, name: str, lexicon_paths: list[str]) -> ItemsComponent:
    return ItemsComponent(load_rules(lexicon_paths))


@Language.factory("zwgk_topics", default_config={"lexicon_paths": []})
def make_topics(nlp: Language, name: str, lexicon_paths: list[str]) -> TopicsComponent:
    return TopicsComponent(load_rules(lexicon_paths))


class CharTokenizer:
    """Character tokens exactly as ``spacy.blank("zh")`` makes them, built directly (about 3x faster on long
    reports): one token per non-space character; in a run of whitespace, a leading space becomes the previous
    token's trailing whitespace and the rest of the run is one token."""

    _WHITESPACE = re.compile(r"(\s+)")

    def __init__(self, vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for k, chunk in enumerate(self._WHITESPACE.split(text)):
            if not chunk:
                continue
            if k % 2 == 0:  # characters between whitespace runs: one token each
                words.extend(chunk)
                spaces.extend([False] * len(chunk))
                continue
            if chunk[0] == " " and words and not spaces[-1]:
                spaces[-1] = True
                chunk = chunk[1:]
            if chunk:
                words.append(chunk)
                spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)


def build_pipeline(lexicon_paths: tuple[str, ...] = ()) -> Language:
    """The analyzer's spaCy pipeline: blank zh (character tokens) + sections + items + topics."""
    import spacy

    pipe = spacy.blank("zh")
    pipe.tokenizer = CharTokenizer(pipe.vocab)
    config = {"lexicon_paths": list(lexicon_paths)}
    pipe.add_pipe("zwgk_sections", config=config)
    pipe.add_pipe("zwgk_items", config=config)
    pipe.add_pipe("zwgk_topics", config=config)
    return pipe

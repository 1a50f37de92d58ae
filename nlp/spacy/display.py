"""A displaCy view of a tagged report: every topic term highlighted in the analysable text.

Uses spaCy's displaCy renderer on character offsets (manual mode), so Chinese text renders without the spaces
a token-based view would put between characters. displaCy escapes the text; the title is escaped here.
"""
from __future__ import annotations

import html
from pathlib import Path

_GROUP_COLOURS = {"A": "#f4c7c3", "B": "#fce8b2", "C": "#b7e1cd", "D": "#c9daf8", "E": "#d9d2e9", "0": "#e0e0e0"}


def _group(topic: str) -> str:
    n = int(topic[1:]) if topic[1:].isdigit() else 0
    if n == 0:
        return "0"
    return "A" if n <= 6 else "B" if n <= 16 else "C" if n <= 21 else "D" if n <= 23 else "E"


def render_report(path: str | Path, lexicon_paths: tuple[str, ...] = ()) -> str:
    """A self-contained HTML page for one report (raises ReadError for unreadable files)."""
    from spacy import displacy

    from ..errors import ReadError
    from ..runtime.pipeline import analyze_file

    result = analyze_file(path, Path(path).stem, keep_document=True, lexicon_paths=lexicon_paths)
    if result.document is None:
        raise ReadError(result.report.message)
    ents = []
    last_end = -1
    for tag in sorted(result.tags, key=lambda t: (t.start, -t.end)):
        if tag.start >= last_end:  # displaCy cannot draw overlapping spans
            ents.append({"start": tag.start, "end": tag.end, "label": tag.topic})
            last_end = tag.end
    labels = sorted({e["label"] for e in ents})
    colours = {label: _GROUP_COLOURS[_group(label)] for label in labels}
    title = html.escape(result.report.title or Path(path).name)  # displaCy does not escape the title
    data = {"text": result.document.text, "ents": ents, "title": title}
    return displacy.render(data, style="ent", manual=True, page=True, minify=True,
                           options={"ents": labels, "colors": colours})

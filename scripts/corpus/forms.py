"""The forms a sample can be published in, by the manifest's ``form`` name, and the faults each can put in.

A renderer module declares ``FAULTS`` (the manifest fault columns it honours) and ``render(doc, sample)``; a
manifest row that names a form that does not exist, or a fault its form would silently leave out, is an error.
"""
from __future__ import annotations

from collections.abc import Callable

from . import render_crawl, render_docx, render_html, render_pdf, render_txt
from .samples import ManifestError, Sample
from .source import Doc

FORMS = {"pdf": render_pdf, "txt-gbk": render_txt, "html": render_html, "docx": render_docx,
         "crawl": render_crawl}


def renderer(sample: Sample) -> Callable[[Doc, Sample], bytes]:
    """The function that renders this sample, once its form and faults are known to fit together."""
    module = FORMS.get(sample.form)
    if module is None:
        raise ManifestError(f"{sample.where}: unknown form {sample.form!r} (one of {', '.join(FORMS)})")
    ignored = [name for name in sample.faults.named() if name not in module.FAULTS]
    if ignored:
        raise ManifestError(f"{sample.where}: the {sample.form} form cannot put in {', '.join(ignored)}")
    return module.render

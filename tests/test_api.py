"""The Python front door does what the CLI does: ``nlp.analyze_to`` writes the folder and knows when it is current."""
from __future__ import annotations

import pytest
from conftest import CORPUS

import nlp
from nlp.errors import UsageError


def test_analyze_to_writes_the_folder_then_finds_it_up_to_date(tmp_path):
    out = tmp_path / "out"
    first = nlp.analyze_to(CORPUS / "qingxi-xian", out, workers=1)
    assert (first.files, first.failed, first.up_to_date) == (3, 0, False)
    assert {p.name for p in first.written} >= {"reports.csv", "items.csv", "followup.csv", "table_labels.csv"}
    assert all(p.exists() for p in first.written)
    again = nlp.analyze_to(CORPUS / "qingxi-xian", out, workers=1)
    assert again.up_to_date and again.failed == 0
    forced = nlp.analyze_to(CORPUS / "qingxi-xian", out, workers=1, force=True)
    assert not forced.up_to_date and forced.analysed == 3


def test_analyze_to_refuses_bad_options_before_reading(tmp_path):
    for kwargs, message in [({"workers": 0}, "--workers"), ({"timeout": 0}, "--timeout"), ({"fmt": "xls"}, "format")]:
        with pytest.raises(UsageError, match=message):
            nlp.analyze_to(CORPUS / "qingxi-xian", tmp_path / "o", **kwargs)
    with pytest.raises(UsageError, match="input not found"):
        nlp.analyze_to(tmp_path / "missing", tmp_path / "o")
    assert not (tmp_path / "o").exists()

"""The rules: every lexicon file loads into one typed, immutable Rules; a broken file is reported with its file
and line (every problem at once); ``ZWGK_LEXICONS`` is honoured; stages follow the rules they are given."""
from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from nlp.cli import main
from nlp.errors import UsageError
from nlp.lexicon import lexicon_dir
from nlp.read.bodykey import body_key
from nlp.rules import Rules, check_rules, load_rules

SHIPPED = lexicon_dir()


@pytest.fixture
def lexicons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped lexicon folder, made the one in use."""
    folder = tmp_path / "lexicons"
    shutil.copytree(SHIPPED, folder)
    monkeypatch.setenv("ZWGK_LEXICONS", str(folder))
    return folder


def _edit(path: Path, *edits: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


def _line(path: Path, marker: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    found = [i for i, line in enumerate(lines, start=1) if marker in line]
    assert len(found) == 1, (marker, found)
    return found[0]


def test_shipped_lexicons_load_typed():
    rules = load_rules()
    assert isinstance(rules, Rules)
    assert not [p for p in check_rules() if p.severity == "error"]
    assert [k for k, _ in rules.sections.sections][:3] == ["overview", "proactive", "applications"]
    assert all(isinstance(p, re.Pattern) for _, pats in rules.sections.sections for p in pats)
    assert {k for k, _ in rules.signals.subheadings} == {"followup", "problem", "commitment"}
    assert rules.normalise.running_line_max_chars == 40 and rules.normalise.running_line_min_share == 0.5
    assert rules.normalise.bare_page_numbers is True
    assert [g for g, _ in rules.formats.vocabulary] == ["2021", "2019"]
    assert any(b.name == "平潭综合实验区" and b.level == "city" for b in rules.bodies.bodies)
    assert "靖江市" in rules.levels.county_level_cities and rules.levels.units[0].level == "township"
    assert rules.chrome.leading and rules.chrome.trailing and rules.chrome.block_markers
    assert set(rules.table_labels.t2) >= {"rows", "columns"} and rules.tracking.alignment["min_topic_overlap"] == 1
    assert len(rules.topics.topics) == 37
    assert load_rules() is rules  # parsed once per set of files


def test_rules_are_immutable():
    rules = load_rules()
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.sections = None  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.normalise.running_line_max_chars = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rules.topics.topics["T11"].name = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        rules.topics.topics["T99"] = rules.topics.topics["T11"]  # type: ignore[index]
    with pytest.raises(TypeError):
        rules.table_labels.t2["title"] = "x"  # type: ignore[index]
    assert isinstance(rules.signals.frames, tuple) and isinstance(rules.table_labels.dash, tuple)
    assert isinstance(rules.topics.topics["T11"].terms, tuple)


# Per lexicon file: edits that break it, and what must be reported (message, text on the line it names).
# Each file gets an unknown key, a bad regex, a wrong type and a missing required key where it has them.
BROKEN = {
    "sections.yaml": (
        [("    - '其他(?:事项|情况)'\n", "    - '其他(?:事项|情况'\n"),
         ("  fees:\n    - '(?:政府信息公开)?(?:的)?收费及减免(?:的)?情况'\n    - '(?:政府信息公开)?(?:的)?收费(?:情况)'\n",
          "  fees: 收费\n"),
         ("problems_fallback:", "headings: []\nproblems_fallback:")],
        [("invalid regular expression '其他(?:事项|情况' in sections.other", "'其他(?:事项|情况'"),
         ("sections.fees must be a list (each a regular expression), not '收费'", "fees: 收费"),
         ("unknown key 'headings'", "headings: []")]),
    "signals.yaml": (
        [("  commitment:\n", "  promise:\n"), ("  - '下一步'\n", "  - '下一步('\n"), ("\nframes:", "\nframez:"),
         ("preamble:\n", "")],
        [("a key in subheadings must be one of measure, problem, commitment, followup, not 'promise'", "promise:"),
         ("invalid regular expression '下一步(' in commitment_openers", "'下一步('"),
         ("unknown key 'framez'", "framez:"), ("missing key 'frames'", None), ("missing key 'preamble'", None)]),
    "page_chrome.yaml": (
        [("  - '文件下载'\n", "  - '文件下载)'\n"), ("  - '打印本页'\n", "  - 42\n"), ("trailing:", "trailer:")],
        [("invalid regular expression '文件下载)' in leading", "'文件下载)'"),
         ("an item of leading must be a regular expression, not 42", "  - 42"),
         ("unknown key 'trailer'", "trailer:"), ("missing key 'trailing'", None)]),
    "bodies.yaml": (
        [("    level: city", "    level: town\n  - level: county\n    aliases: 某县人民政府\n    alias: []"),
         ("replace: '人民政府办公室'", "replace: [人民政府办公室]")],
        [("bodies.level must be one of province, city, county, township, department, not 'town'", "level: town"),
         ("missing key 'name' in bodies", "  - level: county"),
         ("bodies.aliases must be a list (each non-empty text), not '某县人民政府'", "aliases: 某县人民政府"),
         ("unknown key 'alias' in bodies", "alias: []"),
         ("rewrites.replace must be text, not a list", "replace: [人民政府办公室]")]),
    "levels.yaml": (
        [("  - {pattern: '市$', level: city}", "  - {pattern: '市$', level: metropolis}"),
         ("municipalities: [", "municipality: [")],
        [("units.level must be one of province, city, county, township, department, not 'metropolis'", "metropolis"),
         ("unknown key 'municipality'", "municipality: ["), ("missing key 'municipalities'", None)]),
    "formats.yaml": (
        [("  - 本年增减\n", "  - {a: 1}\n")],
        [("an item of 2019 must be non-empty text, not a mapping", "{a: 1}")]),
    "normalise.yaml": (
        [("running_line_min_share: 0.5", "running_line_min_share: 5"), ("·'", "·['"),
         ("bare_page_numbers: true", "bare_page_numbers: yes please"), ("\nnumber_units:", "\nnumber_unit:")],
        [("running_line_min_share must be a number from 0 to 1, not 5", "running_line_min_share: 5"),
         ("invalid regular expression", "·['"),
         ("bare_page_numbers must be true or false, not 'yes please'", "yes please"),
         ("unknown key 'number_unit'", "number_unit:"), ("missing key 'number_units'", None)]),
    "table_labels.yaml": (
        [("\ndash:", "\ndashes:"), ("\nvalue_words: [", "\nvalue_words: 无\nwords: [")],
        [("unknown key 'dashes'", "dashes:"), ("missing key 'dash'", None),
         ("value_words must be a list (each non-empty text), not '无'", "value_words: 无")]),
    "tracking.yaml": (
        [("alignment:\n  min_topic_overlap: 1", "alignment: 1"), ("\nvague:", "\nvagueness:")],
        [("alignment must be a mapping, not 1", "alignment: 1"), ("unknown key 'vagueness'", "vagueness:"),
         ("missing key 'vague'", None)]),
    "topics/A_organisation.yaml": (
        [("    code: ORG_LEADERSHIP\n", "    code: ORG_LEADERSHIP\n    colour: red\n"),
         ("    name: 组织领导与工作机制", "    name: [组织领导与工作机制]"),
         ('      - all: ["分解|细化", "任务"]', '      - all: ["分解|细化(", "任务"]'),
         ('      - all: ["常务会议|党组会议|办公会|党组会"', '      - any: ["常务会议|党组会议|办公会|党组会"')],
        [("unknown key 'colour' in topics.T01", "colour: red"),
         ("topics.T01.name must be text, not a list", "name: [组织领导与工作机制]"),
         ("invalid regular expression '分解|细化(' in topics.T01.rules.all", "分解|细化("),
         ("unknown key 'any' in topics.T01.rules", "any: ["), ("missing key 'all' in topics.T01.rules", "any: [")]),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_file_is_reported_with_file_and_line(lexicons: Path, name: str):
    path = lexicons / name
    edits, expected = BROKEN[name]
    _edit(path, *edits)
    problems = [str(p) for p in check_rules()]
    for message, marker in expected:
        line = _line(path, marker) if marker else 1
        assert any(p.startswith(f"{path}:{line}: error: {message}") for p in problems), (message, problems)
    assert all(str(path) in p for p in problems)  # nothing reported against the intact files
    with pytest.raises(UsageError) as raised:  # loading reports every problem at once
        load_rules()
    assert all(message in str(raised.value) for message, _ in expected)


def test_invalid_yaml_and_repeated_keys_are_reported(lexicons: Path):
    path = lexicons / "normalise.yaml"
    _edit(path, ("running_line_max_chars: 40", "running_line_max_chars: 40\nrunning_line_max_chars: 41"))
    problems = [str(p) for p in check_rules()]
    assert f"{path}:{_line(path, ': 41')}: error: key 'running_line_max_chars' is given twice" in problems
    _edit(path, ("bare_page_numbers: true", "bare_page_numbers: [true"))
    assert any(str(p).startswith(f"{path}:") and "not valid YAML" in str(p) for p in check_rules())


def test_lexicon_folder_is_honoured_and_reread_when_edited(lexicons: Path):
    shipped = load_rules()
    path = lexicons / "normalise.yaml"
    _edit(path, ("running_line_max_chars: 40", "running_line_max_chars: 41"))
    rules = load_rules()
    assert rules is not shipped and rules.normalise.running_line_max_chars == 41
    _edit(lexicons / "bodies.yaml", ("bodies:\n", "bodies:\n  - name: 测试县\n    level: township\n    aliases: [试验县]\n"))
    rules = load_rules()
    assert body_key("试验县人民政府", rules)[0] == "测试县" and body_key("试验县人民政府", rules)[1].level == "township"
    assert body_key("试验县人民政府", shipped) == ("试验县", None)


def test_an_analysts_bodies_file_adds_to_the_shipped_one(tmp_path: Path):
    mine = tmp_path / "bodies.yaml"
    mine.write_text("bodies:\n  - name: 青川市望湖区\n    aliases: [望湖新区]\n", encoding="utf-8")
    for given in ([mine], [tmp_path]):  # the file itself, or a folder holding it
        rules = load_rules(given)
        assert body_key("望湖新区管委会", rules)[0] == "青川市望湖区"
        assert any(b.name == "平潭综合实验区" for b in rules.bodies.bodies)  # the shipped bodies stay
    assert body_key("望湖新区管委会", load_rules())[0] == "望湖新区"  # unknown bodies are never merged by guess
    mine.write_text("bodies:\n  - nom: 青川市\n", encoding="utf-8")
    with pytest.raises(UsageError, match="unknown key 'nom'"):
        load_rules([mine])


def test_lexicon_check_lists_problems_of_every_file(lexicons: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["lexicon", "check"]) == 0
    assert "sections.yaml" in capsys.readouterr().out
    shutil.copy(lexicons / "signals.yaml", lexicons / "signal.yaml")  # misnamed: nothing would read it
    assert main(["lexicon", "check"]) == 0
    assert f"{lexicons / 'signal.yaml'}:1: warning: the analyzer reads no such lexicon file" in capsys.readouterr().out
    _edit(lexicons / "sections.yaml", ("problems_fallback:", "headings: []\nproblems_fallback:"))
    assert main(["lexicon", "check"]) == 1
    out = capsys.readouterr().out
    assert f"{lexicons / 'sections.yaml'}:{_line(lexicons / 'sections.yaml', 'headings:')}: error: unknown key" in out


def test_a_wrong_value_in_a_file_the_stages_compile_is_a_usage_error(lexicons: Path, tmp_path):
    """tracking.yaml and the table files are compiled by their stages: a wrong value there is reported by
    `zwgk lexicon check` and refused before a run, not met as an error row for every report."""
    from nlp.cli import main

    _edit(lexicons / "tracking.yaml", ("same_text_similarity: 0.90", "same_text_similarity: abc"))
    assert any("tracking.yaml" in str(p) and "abc" in str(p) for p in check_rules())
    assert main(["analyze", str(tmp_path), "--out", str(tmp_path / "out"), "-q"]) == 2

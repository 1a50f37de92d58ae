"""Topic lexicon and tagging: every term is found wherever it occurs, precedence, rules, evidence, checks."""
from __future__ import annotations

import textwrap

from nlp.cli import main
from nlp.annotate.tags import Tagger, summarise
from nlp.rules_topics import check_lexicon, load_topics

LEX = load_topics()
TAGGER = Tagger(LEX)


def test_lexicon_covers_all_37_topics_with_real_vocabulary():
    assert set(LEX.topics) == {f"T{i:02d}" for i in range(37)}
    for topic in LEX.topics.values():
        assert topic.name and topic.definition, topic.id
        assert len(topic.terms) + len(topic.rules) >= 15, (topic.id, len(topic.terms))


def test_shipped_lexicon_has_no_errors():
    errors = [p for p in check_lexicon() if p.severity == "error"]
    assert not errors, "\n".join(map(str, errors))


def test_every_term_embedded_in_running_text_is_found():
    """Each term inside a sentence, between characters that make jieba cut across it."""
    missing = []
    for topic in LEX.topics.values():
        for term in topic.terms:
            text = f"全县政府{term}工作有序推进。"
            found = {(m.term, m.topic) for m in TAGGER.matches(text)}
            # A longer term of the lexicon may cover this one at the same place: then it must be that one's topic
            covered = any(m.start <= 4 and m.end >= 4 + len(term) for m in TAGGER.matches(text))
            if (term.text, topic.id) not in found and not covered:
                missing.append((topic.id, term.text))
    assert not missing, missing[:20]


def test_terms_that_word_segmentation_cuts_across_are_found():
    """jieba cuts 全/县政府/信息/公开 and hides 政府信息公开; a character matcher must not depend on that."""
    import jieba

    jieba.setLogLevel(60)
    hidden = []
    for topic in list(LEX.topics.values()):
        for term in topic.terms:
            text = f"全县政府{term.text}有序推进"
            tokens = jieba.lcut(text)
            bounds = {0}
            pos = 0
            for tok in tokens:
                pos += len(tok)
                bounds.add(pos)
            start = 4
            if start not in bounds or start + len(term.text) not in bounds:
                hidden.append((term.text, text))
    assert len(hidden) >= 5  # some terms are not token-aligned in running text
    for term, text in hidden:
        assert any(m.start <= 4 and m.end >= 4 + len(term) for m in TAGGER.matches(text)), term
    lex = _lexicon("topics:\n  T07: {name: x, definition: x, terms: [政府信息公开]}\n")
    assert [(m.start, m.end) for m in Tagger(lex).matches("全县政府信息公开工作")] == [(2, 8)]


def test_nested_terms_longest_wins():
    lex = _lexicon("""
        topics:
          T07: {name: 主动公开, definition: x, terms: [信息公开]}
          T19: {name: 目录, definition: x, terms: [目录]}
          T29: {name: 基层, definition: x, terms: [标准目录]}
        """)
    tagger = Tagger(lex)
    assert [(m.term, m.topic) for m in tagger.matches("编制政务公开标准目录和信息公开目录")] == \
        [("标准目录", "T29"), ("信息公开", "T07"), ("目录", "T19")]


def test_full_width_text_matches_and_spans_refer_to_the_original():
    lex = _lexicon("topics:\n  T25: {name: 新媒体, definition: x, terms: [APP]}\n")
    text = "上线政务ＡＰＰ一个"
    m = Tagger(lex).matches(text)[0]
    assert (m.start, m.end, text[m.start:m.end]) == (4, 7, "ＡＰＰ")


def test_matches_around_items_are_the_whole_texts_matches():
    """Class: items that begin or end inside a term, or where a longer term straddles the item's edge and hides a
    shorter one inside it. Running the automaton only around the items must resolve overlaps as over the whole
    text (stretches are cut only where no term can straddle)."""
    lex = _lexicon("""
        topics:
          T07: {name: 主动公开, definition: x, terms: [信息公开, 公开目录]}
          T19: {name: 目录, definition: x, terms: [目录, 目录编制]}
          T29: {name: 基层, definition: x, terms: [标准目录, 编制]}
        """)
    tagger = Tagger(lex)
    text = "推进信息公开目录编制，编制标准目录。完善政府信息公开目录和标准目录编制工作"
    whole = [(m.start, m.end, m.term) for m in tagger.matches(text)]
    for a in range(len(text) + 1):
        for b in range(a, min(len(text), a + 12) + 1):
            for spans in ([(a, b)], [(0, 3), (a, b)], [(a, b), (b, len(text))]):
                got = [(m.start, m.end, m.term) for m in tagger.matches_around(text, spans)]
                assert set(got) <= set(whole) and got == sorted(got)
                assert {m for m in whole if any(s <= m[0] < e for s, e in spans)} <= set(got), (spans, got)


def test_rule_parts_of_plain_words_and_of_regex_syntax_are_both_tried():
    """Class: rules mixing plain-word parts (gated on their first characters) with parts in regex syntax
    (look-arounds, classes), which are always searched."""
    lex = _lexicon("""
        topics:
          T04: {name: 培训, definition: x, terms: [业务培训],
                rules: [{all: ["(?<!校外)培训(?!机构)", "人员|队伍"], label: 人员培训},
                        {all: ["制度", "健全|完善"], label: 制度建设}]}
        """)
    t = Tagger(lex)
    for text, expected in [("加强人员培训。", {"人员培训"}), ("加强校外培训机构人员管理。", set()),
                           ("完善公开制度。", {"制度建设"}), ("完善工作，建立制度。", set()), ("公开。", set())]:
        assert {m.term for m in t.tag(text, 0, len(text), "measure")} == expected, text


def _lexicon(yaml_text: str):
    import tempfile
    from pathlib import Path

    import nlp.rules_topics as topics

    problems: list = []
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "t.yaml").write_text(textwrap.dedent(yaml_text), encoding="utf-8")
        lex = topics.merge_topic_files([Path(d) / "t.yaml"], problems)
    assert not [p for p in problems if p.severity == "error"], problems
    return lex


def test_rules_precedence_kinds_and_generic():
    lex = _lexicon("""
        topics:
          T00: {name: 通用, definition: x, terms: [进一步提高认识]}
          T11: {name: 解读, definition: x, terms: [政策解读],
                rules: [{all: ["解读", "单一|形式"], kinds: [problem], label: 解读形式单一}]}
          T28: {name: 形式, definition: x, terms: [公开形式]}
          T08: {name: 更新, definition: x, kind_terms: {problem: [更新不及时]}}
        precedence:
          - {prefer: T11, over: T28, when: 解读}
        """)
    t = Tagger(lex)
    text = "解读的公开形式较为单一。"
    ev = t.tag(text, 0, len(text), "problem")
    assert {m.topic for m in ev} == {"T11"}  # T28 dropped by precedence within the clause
    assert summarise(ev) == ("T11", "解读形式单一")
    assert {m.topic for m in t.tag(text, 0, len(text), "measure")} == {"T28"}  # rule only for problems
    text2 = "部分栏目更新不及时。"
    assert {m.topic for m in t.tag(text2, 0, len(text2), "problem")} == {"T08"}
    assert t.tag(text2, 0, len(text2), "measure") == []
    text3 = "进一步提高认识，加强政策解读。"
    assert {m.topic for m in t.tag(text3, 0, len(text3), "commitment")} == {"T11"}  # T00 only when nothing else
    text4 = "进一步提高认识。"
    assert {m.topic for m in t.tag(text4, 0, len(text4), "commitment")} == {"T00"}


def test_lexicon_check_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(textwrap.dedent("""\
        topics:
          T11:
            name: 政策解读
            colour: red
            terms:
              - 图解
              - 政务 公开
          T24:
            name: 网站
            terms: [图解]
          T99:
            name: 空
        precedence:
          - {prefer: T11}
        extra: 1
        """), encoding="utf-8")
    messages = [str(p) for p in check_lexicon([bad]) if str(bad) in p.where.file]
    text = "\n".join(messages)
    assert f"{bad}:4: error: unknown key 'colour'" in text
    assert f"{bad}:7: error: term '政务 公开' contains whitespace" in text
    assert "'图解' is under T11, T24 without a shared_terms entry or precedence rule" in text
    assert f"{bad}:11: error: topic T99 has no terms" in text
    assert f"{bad}:14: error: missing key 'over' in precedence" in text
    assert "unknown key 'extra'" in text
    assert main(["lexicon", "check", str(bad)]) == 1
    assert main(["lexicon", "check"]) == 0


def test_user_lexicon_adds_terms(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("topics:\n  T11:\n    terms: [政策吹风会]\n", encoding="utf-8")
    lex = load_topics([extra])
    assert "政策吹风会" in {t.text for t in lex.topics["T11"].terms}
    assert len(lex.topics["T11"].terms) > 1  # added to, not replaced
    replace = tmp_path / "replace.yaml"
    replace.write_text("topics:\n  T11:\n    replace: true\n    name: 解读\n    terms: [政策吹风会]\n", encoding="utf-8")
    assert [t.text for t in load_topics([replace]).topics["T11"].terms] == ["政策吹风会"]


def test_analyze_writes_topics_terms_and_tags(tmp_path):
    from conftest import CORPUS

    import csv

    out = tmp_path / "out"
    main(["analyze", str(CORPUS / "qingxi-xian"), "--out", str(out), "-q"])
    with (out / "items.csv").open(encoding="utf-8-sig") as fh:
        items = list(csv.DictReader(fh))
    with (out / "tags.csv").open(encoding="utf-8-sig") as fh:
        tags = list(csv.DictReader(fh))
    assert {"topics", "terms"} <= set(items[0])
    problems = [i for i in items if i["kind"] in ("problem", "commitment")]
    assert sum(bool(i["topics"]) and i["topics"] != "T00" for i in problems) >= 0.95 * len(problems)
    assert list(tags[0]) == ["item_id", "topic", "term", "start", "end"]
    by_id = {i["item_id"]: i for i in items}
    for tag in tags[:50]:
        assert tag["topic"] in by_id[tag["item_id"]]["topics"].split(";")


def test_lexicon_coverage_command(tmp_path, capsys):
    from conftest import CORPUS

    out = tmp_path / "out"
    main(["analyze", str(CORPUS / "yuntai-qu"), "--out", str(out), "-q"])
    assert main(["lexicon", "coverage", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "problems and commitments" in printed
    assert (out / "lexicon_candidates.csv").exists() and (out / "lexicon_untagged.csv").exists()


def test_candidate_terms_rank_untagged_vocabulary():
    from nlp.annotate.lexicon_tools import candidate_terms

    untagged = ["政务开放日活动开展不够经常。", "政务开放日参与面不广。", "开放日活动形式单一。"]
    tagged = ["政策解读形式单一。", "网站栏目更新不及时。"]
    words = [w for w, *_ in candidate_terms(untagged, tagged, 5)]
    assert words[0] in ("开放日", "政务开放日")


def test_spacy_components_in_a_users_pipeline():
    import spacy

    import nlp.spacy.components  # noqa: F401 - registers the factories

    pipe = spacy.blank("zh")
    for name in ("zwgk_sections", "zwgk_items", "zwgk_topics"):
        pipe.add_pipe(name)
    doc = pipe("一、总体情况\n（一）主动公开。全年发布政策解读12篇。\n（二）依申请公开。共受理申请5件。\n"
               "五、存在的主要问题及改进情况\n一是政策解读形式较为单一；二是网站栏目更新不及时。\n"
               "下一步，我局将丰富政策解读形式。\n")
    assert [s.label_ for s in doc.spans["sections"]] == ["overview", "problems"]
    assert [s.label_ for s in doc.spans["items"]] == ["measure", "measure", "problem", "problem", "commitment"]
    assert "T11" in doc.spans["items"][2]._.zwgk_topics
    assert any(s.label_ == "T11" for s in doc.spans["terms"])


def test_show_writes_a_displacy_view(tmp_path):
    from conftest import CORPUS

    src = next((CORPUS / "qingxi-xian").glob("*.txt"))
    out = tmp_path / "view.html"
    assert main(["show", str(src), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<mark" in html and "T11" in html and "青溪县" in html
    assert main(["show", str(CORPUS / "bad" / "empty.txt"), "--out", str(tmp_path / "x.html")]) == 1


def test_fast_character_tokenizer_matches_spacy_blank_zh():
    import spacy

    from nlp.spacy.components import CharTokenizer

    blank = spacy.blank("zh")
    text = "一、总体 情况\n（一）主动公开。 全年发布  信息12条，Email: a@b.cn \n\n结束"
    ours = CharTokenizer(blank.vocab)(text)
    theirs = blank.make_doc(text)
    assert ours.text == theirs.text == text
    assert [(t.text, t.whitespace_) for t in ours] == [(t.text, t.whitespace_) for t in theirs]


def test_spacy_pipeline_spans_equal_the_batch_rows():
    """The batch calls the three steps directly (no Doc); the spaCy components must give the very same spans."""
    from conftest import CORPUS

    from nlp.runtime.pipeline import analyze_file, spacy_pipeline

    sources = [p for p in sorted(CORPUS.glob("*/*")) if p.parent.name != "bad" and p.suffix != ".pdf"]
    assert len(sources) >= 5
    for src in sources:
        result = analyze_file(src, "r", keep_document=True)
        pipe = spacy_pipeline()
        doc = pipe.make_doc(result.document.text)
        doc.user_data["zwgk"] = {"document": result.document, "report_id": "r"}
        for _, proc in pipe.pipeline:
            doc = proc(doc)
        text = result.document.text

        def trimmed(start: int, end: int) -> tuple[int, int]:  # a Span never ends in a token's trailing space
            return start, start + len(text[start:end].rstrip())

        assert [trimmed(s.start_char, s.end_char) + (s.label_,) for s in doc.spans["sections"]] == \
            [trimmed(s.start, s.end) + (s.key,) for s in result.sections]
        assert [(s.start_char, s.end_char, s.label_, s._.zwgk_topics) for s in doc.spans["items"]] == \
            [(i.start, i.end, i.kind, i.topics) for i in result.items], src.name
        assert [(s.start_char, s.end_char, s.label_) for s in doc.spans["terms"]] == \
            [(t.start, t.end, t.topic) for t in result.tags]
        assert len(result.tags) > 10
        items_of_doc = doc.user_data["zwgk"]["items"]  # the rows the components made: vagueness included
        assert [(i.item_id, i.vague) for i in items_of_doc] == [(i.item_id, i.vague) for i in result.items]
        assert any(i.vague is not None for i in items_of_doc) or not any(i.kind == "problem" for i in items_of_doc)


def _tagged(text: str, kind: str = "measure"):
    from nlp.annotate.items import Item
    from nlp.annotate.tags import tag_items

    item = Item("r:m1", "r", "", None, kind, "overview", 1, "", text, 0, len(text), None)
    tag_items(TAGGER, text, [item])
    return item


def test_main_topics_put_the_subheading_first_and_drop_topics_named_in_passing():
    """A long measure names many topics in passing; its sub-heading and its bulk say what it is about."""
    text = ("（三）加强政策解读。坚持政策文件与解读材料同步起草、同步审签、同步发布，全年发布政策解读材料36篇，"
            "其中图解12篇、短视频5个、在线访谈2期，解读材料均在政府门户网站“政策解读”栏目集中发布。")
    item = _tagged(text)
    main = item.main_topics.split(";")
    topics = item.topics.split(";")
    assert main[0] == "T11" and 1 <= len(main) <= 3 and set(main) <= set(topics)
    assert "T24" in topics  # the website is named in passing …
    assert item.topic_names.split(";") == [LEX.name(t) for t in topics]  # names in the order of the topics


def test_main_topic_of_the_clause_initial_verb_object():
    item = _tagged("一是加强业务培训，组织各单位信息员参加培训3期，并对网站栏目维护、依申请公开办理进行专题讲解。")
    assert item.main_topics.split(";")[0] == "T05"


def test_item_without_a_substantive_topic_has_no_main_topic():
    item = _tagged("全年各项工作有序推进。")
    assert item.main_topics == ""


def test_the_tagger_for_lexicon_paths_follows_an_edit_in_the_same_process(tmp_path):
    """The cross-year stage tags next year's sentences with the tagger of the run's lexicon paths: in a notebook
    that analyses, has a lexicon edited and analyses again, the second analysis must tag with the edited file."""
    from nlp.annotate.tags import tagger_for

    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text("topics:\n  T90: {name: 试验, definition: x, terms: [无此用语之词]}\n", encoding="utf-8")
    text = "本年度新开设政务公开专区一个"
    assert "T90" not in {m.topic for m in tagger_for((str(lexicon),)).matches(text)}
    lexicon.write_text("topics:\n  T90: {name: 试验, definition: x, terms: [政务公开专区]}\n", encoding="utf-8")
    assert "T90" in {m.topic for m in tagger_for((str(lexicon),)).matches(text)}


def test_the_spacy_pipeline_follows_a_lexicon_edit_in_the_same_process(tmp_path):
    """``spacy_pipeline`` is kept per process: after an analyst edits a lexicon (a notebook), the next call must
    give a pipeline that tags with the edited file, not the one built from the old file."""
    from conftest import CORPUS

    from nlp.runtime.pipeline import analyze_file, spacy_pipeline

    lexicon = tmp_path / "mine.yaml"
    paths = (str(lexicon),)
    src = next(p for p in sorted(CORPUS.glob("*/*.html")))

    def labels() -> set[str]:
        result = analyze_file(src, "r", keep_document=True, lexicon_paths=paths)
        pipe = spacy_pipeline(paths)
        doc = pipe.make_doc(result.document.text)
        doc.user_data["zwgk"] = {"document": result.document, "report_id": "r"}
        for _, proc in pipe.pipeline:
            doc = proc(doc)
        return {s.label_ for s in doc.spans["terms"]}

    lexicon.write_text("topics:\n  T90: {name: 试验, definition: x, terms: [无此用语之词]}\n", encoding="utf-8")
    assert "T90" not in labels()
    lexicon.write_text("topics:\n  T90: {name: 试验, definition: x, terms: [政府信息]}\n", encoding="utf-8")
    assert "T90" in labels()

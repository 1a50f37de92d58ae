"""Items (measures, problems, commitments, follow-up) on fictional report texts.

The rules are those of the gold format ("Items"): measures come from the overview only, split at its
enumeration structure down to the finest level, unenumerated paragraphs one item each, pure preamble left
out; problems and commitments are one item per enumerated unit (or per sentence without enumerators), frame
sentences are not items; follow-up items are explicit statements about last year's problems or promises.
All report texts are written for these tests.
"""
from __future__ import annotations

import pytest

from nlp.read.document import Document, Metadata
from nlp.annotate.items import Item, extract_items
from nlp.runtime.pipeline import load_document
from nlp.annotate.sections import find_sections

TABLES = """二、主动公开政府信息情况
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | 0 | 0 |
三、收到和处理政府信息公开申请情况
| 申请人情况 | 自然人 |
| 一、本年新收政府信息公开申请数量 | 23 |
四、政府信息公开行政复议、行政诉讼情况
| 行政复议 | 0 | 0 | 0 |
"""
OVERVIEW = "一、总体情况\n全年主动公开政府信息410条。\n"
MEASURE = ("measure", "", "全年主动公开政府信息410条。")
SEC5 = "五、存在的主要问题及改进情况\n"
OTHER = "\n六、其他需要报告的事项\n无。"


def make_doc(text: str) -> Document:
    return Document("x.txt", "text", text, [0], [1], metadata=Metadata(jurisdiction="青禾县", year=2022))


def items_of(doc: Document, report_id: str = "r1") -> list[Item]:
    return extract_items(doc, find_sections(doc.text), report_id)


def rows(items: list[Item], kind: str | None = None) -> list[tuple[str, str, str]]:
    return [(it.kind, it.label, it.text) for it in items if kind is None or it.kind == kind]


def extract(text: str) -> list[tuple[str, str, str]]:
    return rows(items_of(make_doc(text)))


def section5(body: str) -> list[tuple[str, str, str]]:
    """Items of a report whose section 五 body is ``body`` (the overview holds a single measure)."""
    out = extract(OVERVIEW + TABLES + SEC5 + body + OTHER)
    assert out[0] == MEASURE
    return out[1:]


def overview(body: str, heading: str = "一、总体情况") -> list[tuple[str, str, str]]:
    return extract(f"{heading}\n{body}" + TABLES)


def load(tmp_path, text: str):
    p = tmp_path / "x.txt"
    p.write_text(text, encoding="utf-8")
    return load_document(p)


# ----------------------------------------------------------------------------------------------- contract

def test_item_fields_offsets_and_numbering():
    text = ("一、总体情况\n（一）主动公开\n全年主动公开政府信息1520条。\n（二）依申请公开\n全年收到申请23件，均按期答复。\n"
            + TABLES + SEC5 + "一是政策解读形式较为单一；二是部分栏目更新不及时。下一步，我县将丰富解读形式。" + OTHER)
    doc = make_doc(text)
    items = items_of(doc, "qh-2022")
    assert [(it.item_id, it.kind, it.section, it.seq) for it in items] == [
        ("qh-2022:m1", "measure", "overview", 1),
        ("qh-2022:m2", "measure", "overview", 2),
        ("qh-2022:p1", "problem", "problems", 1),
        ("qh-2022:p2", "problem", "problems", 2),
        ("qh-2022:c1", "commitment", "problems", 1),
    ]
    for it in items:
        assert doc.text[it.start:it.end] == it.text
        assert (it.report_id, it.jurisdiction, it.year, it.page) == ("qh-2022", "青禾县", 2022, None)
    assert items[0].start == text.index("（一）主动公开")
    assert items[-1].end == text.index("\n六、")


# ----------------------------------------------------------------------------------------------- measures

def test_2021_overview_subheads_with_nested_shi_and_preamble():
    body = ("2022年，青禾县坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实上级决策部署。\n"
            "（一）主动公开\n全年主动公开政府信息1520条，其中政策文件86件。\n"
            "（二）依申请公开\n全年收到政府信息公开申请23件，均在法定期限内答复。\n"
            "（三）政府信息管理\n一是开展规范性文件清理，废止文件12件；二是对公文公开属性进行源头认定。\n"
            "（四）政府信息公开平台建设\n升级改版政府门户网站，新开设“优化营商环境”专栏。\n"
            "（五）监督保障\n将政务公开纳入年度绩效考核，组织业务培训3次。\n")
    assert overview(body) == [
        ("measure", "（一）", "（一）主动公开\n全年主动公开政府信息1520条，其中政策文件86件。"),
        ("measure", "（二）", "（二）依申请公开\n全年收到政府信息公开申请23件，均在法定期限内答复。"),
        ("measure", "（三）/一是", "一是开展规范性文件清理，废止文件12件；"),
        ("measure", "（三）/二是", "二是对公文公开属性进行源头认定。"),
        ("measure", "（四）", "（四）政府信息公开平台建设\n升级改版政府门户网站，新开设“优化营商环境”专栏。"),
        ("measure", "（五）", "（五）监督保障\n将政务公开纳入年度绩效考核，组织业务培训3次。"),
    ]


def test_nested_overview_enumerations_down_to_the_finest_level():
    body = ("（一）主动公开\n"
            "1.政策文件公开。全年公开规范性文件26件。\n"
            "2.重点领域公开。\n"
            "（1）财政信息。公开部门预决算52个。\n"
            "（2）民生信息。一是公开社会救助信息90条；二是公开就业创业信息45条。\n"
            "（二）依申请公开\n全年受理申请8件，均按期答复。\n")
    assert overview(body) == [
        ("measure", "（一）/1.", "1.政策文件公开。全年公开规范性文件26件。"),
        ("measure", "（一）/2./（1）", "（1）财政信息。公开部门预决算52个。"),
        ("measure", "（一）/2./（2）/一是", "一是公开社会救助信息90条；"),
        ("measure", "（一）/2./（2）/二是", "二是公开就业创业信息45条。"),
        ("measure", "（二）", "（二）依申请公开\n全年受理申请8件，均按期答复。"),
    ]


def test_ordinal_words_and_di_lists_under_subheads():
    body = ("（一）制度建设\n首先，修订完善了政务公开工作制度；其次，组织开展业务培训2期；最后，对委属单位开展专项检查1次。\n"
            "（二）平台建设\n第一，完成门户网站集约化迁移；第二，开通政务微信公众号；第三，在办事大厅设置政务公开专区。\n")
    assert overview(body) == [
        ("measure", "（一）/首先", "首先，修订完善了政务公开工作制度；"),
        ("measure", "（一）/其次", "其次，组织开展业务培训2期；"),
        ("measure", "（一）/最后", "最后，对委属单位开展专项检查1次。"),
        ("measure", "（二）/第一", "第一，完成门户网站集约化迁移；"),
        ("measure", "（二）/第二", "第二，开通政务微信公众号；"),
        ("measure", "（二）/第三", "第三，在办事大厅设置政务公开专区。"),
    ]


def test_circled_halfwidth_paren_and_number_lists():
    body = ("（一）政府信息管理\n①清理规范性文件31件；②标注文件有效性；③建立公开属性源头认定台账。\n"
            "（二）监督保障\n(1)将政务公开纳入绩效考核；(2)聘请第三方开展网站监测。\n"
            "（三）平台建设\n1、整合政务新媒体账号5个。\n2、升级政府网站检索功能。\n"
            "（四）解读回应\n1.发布图解解读18篇。\n2.召开新闻发布会4场。\n")
    assert overview(body) == [
        ("measure", "（一）/①", "①清理规范性文件31件；"),
        ("measure", "（一）/②", "②标注文件有效性；"),
        ("measure", "（一）/③", "③建立公开属性源头认定台账。"),
        ("measure", "（二）/(1)", "(1)将政务公开纳入绩效考核；"),
        ("measure", "（二）/(2)", "(2)聘请第三方开展网站监测。"),
        ("measure", "（三）/1", "1、整合政务新媒体账号5个。"),
        ("measure", "（三）/2", "2、升级政府网站检索功能。"),
        ("measure", "（四）/1.", "1.发布图解解读18篇。"),
        ("measure", "（四）/2.", "2.召开新闻发布会4场。"),
    ]


def test_inline_shi_list_after_a_colon():
    body = ("为做好政务公开工作，我局主要开展了以下工作：一是印发年度政务公开工作要点；"
            "二是召开专题会议研究部署政务公开工作；三是按季度通报各科室信息发布情况。\n")
    assert overview(body) == [
        ("measure", "一是", "一是印发年度政务公开工作要点；"),
        ("measure", "二是", "二是召开专题会议研究部署政务公开工作；"),
        ("measure", "三是", "三是按季度通报各科室信息发布情况。"),
    ]


def test_unenumerated_paragraphs_one_item_each_and_preamble_skipped():
    body = ("2022年，我县坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神。\n"
            "我县印发了《2022年政务公开工作要点》，明确了年度重点任务。\n"
            "全年召开政务公开专题会议3次。\n"
            "各部门高度重视，政务公开工作水平稳步提升。\n")
    assert overview(body) == [
        ("measure", "", "我县印发了《2022年政务公开工作要点》，明确了年度重点任务。"),
        ("measure", "", "全年召开政务公开专题会议3次。"),
    ]


def test_2019_style_overview_with_four_char_vo_subheads():
    body = ("2019年，我区坚持以人民为中心的发展思想，推进政务公开工作。\n"
            "（一）健全组织机制。\n"
            "一是调整区政务公开领导小组成员；二是制定《2019年政务公开工作任务分解表》。\n"
            "（二）聚焦重点领域。全面公开财政预决算、重大建设项目等信息，公开部门预算62个。\n"
            "（三）回应社会关切。\n召开新闻发布会6场。\n办理区长信箱留言210件，办结率100%。\n"
            "（四）强化宣传培训。组织全区信息公开业务培训3期，培训300人次。\n")
    assert overview(body, "一、主要做法") == [
        ("measure", "（一）/一是", "一是调整区政务公开领导小组成员；"),
        ("measure", "（一）/二是", "二是制定《2019年政务公开工作任务分解表》。"),
        ("measure", "（二）", "（二）聚焦重点领域。全面公开财政预决算、重大建设项目等信息，公开部门预算62个。"),
        ("measure", "（三）", "（三）回应社会关切。\n召开新闻发布会6场。\n办理区长信箱留言210件，办结率100%。"),
        ("measure", "（四）", "（四）强化宣传培训。组织全区信息公开业务培训3期，培训300人次。"),
    ]


def test_subtopics_numbered_as_sections_inside_overview_are_measures():
    body = ("一、加强组织领导\n成立了以镇长为组长的政务公开工作领导小组。\n"
            "二、依申请公开情况\n全年受理申请5件，均在法定期限内办结。\n"
            "三、存在问题整改\n对上年度检查发现的2个问题全部整改到位。\n")
    out = extract("一、总体情况\n" + body + TABLES + SEC5 + "公开内容不够全面。" + OTHER)
    assert out == [
        ("measure", "一", "一、加强组织领导\n成立了以镇长为组长的政务公开工作领导小组。"),
        ("measure", "二", "二、依申请公开情况\n全年受理申请5件，均在法定期限内办结。"),
        ("measure", "三", "三、存在问题整改\n对上年度检查发现的2个问题全部整改到位。"),
        ("problem", "", "公开内容不够全面。"),
    ]


def test_measures_only_from_the_overview():
    # Sections 二–四 and 六 hold narrative too; none of it is a measure.
    text = (OVERVIEW + "二、主动公开政府信息情况\n全年新制发规范性文件4件。\n"
            "三、收到和处理政府信息公开申请情况\n全年新收申请12件，均已办结。\n"
            "四、政府信息公开行政复议、行政诉讼情况\n本年度未发生行政复议。\n"
            + SEC5 + "公开内容不够全面。\n六、其他需要报告的事项\n本年度共收取信息处理费0元，办理建议提案18件。")
    assert extract(text) == [MEASURE, ("problem", "", "公开内容不够全面。")]


def test_plan_in_the_overview_is_not_a_measure():
    body = ("（一）平台建设。完成政府网站集约化迁移，发布信息620条。\n"
            "（二）政策文件库建设。我县将于2023年6月上线政策文件库。\n")
    items = items_of(make_doc("一、总体情况\n" + body + TABLES))
    assert [(it.kind, it.section, it.label, it.text) for it in items] == [
        ("measure", "overview", "（一）", "（一）平台建设。完成政府网站集约化迁移，发布信息620条。"),
        ("commitment", "overview", "（二）", "（二）政策文件库建设。我县将于2023年6月上线政策文件库。"),
    ]


# ----------------------------------------------------------------------------------------------- 进一步

def test_jinyibu_in_all_three_kinds_decided_by_context():
    text = ("一、总体情况\n（一）主动公开。进一步规范了政府信息发布流程，全年发布信息410条。\n"
            "（二）政策解读。进一步丰富解读形式，制作图解产品15个。\n" + TABLES + SEC5 +
            "政策解读的精准度有待进一步提升。政务公开队伍建设需进一步加强。\n"
            "为此，我局将进一步健全解读机制；进一步充实工作力量。" + OTHER)
    assert extract(text) == [
        ("measure", "（一）", "（一）主动公开。进一步规范了政府信息发布流程，全年发布信息410条。"),
        ("measure", "（二）", "（二）政策解读。进一步丰富解读形式，制作图解产品15个。"),
        ("problem", "", "政策解读的精准度有待进一步提升。"),
        ("problem", "", "政务公开队伍建设需进一步加强。"),
        ("commitment", "", "为此，我局将进一步健全解读机制；进一步充实工作力量。"),
    ]


# ----------------------------------------------------------------------------------------------- section 五

def test_section5_one_paragraph_without_subheadings():
    body = ("2022年，我县政府信息公开工作虽然取得了一定成效，但仍存在一些问题：一是政策解读形式较为单一；"
            "二是部分栏目更新不及时。下一步，我县将着力抓好以下工作：一是丰富解读形式，推出图解、视频等解读产品；"
            "二是建立栏目巡查机制，确保信息及时更新。")
    assert section5(body) == [
        ("problem", "一是", "一是政策解读形式较为单一；"),
        ("problem", "二是", "二是部分栏目更新不及时。"),
        ("commitment", "一是", "一是丰富解读形式，推出图解、视频等解读产品；"),
        ("commitment", "二是", "二是建立栏目巡查机制，确保信息及时更新。"),
    ]


def test_section5_strategic_frame_sentence_is_not_a_commitment():
    body = ("虽然我县政府信息公开工作取得了一定成效，但与群众期待相比仍有差距，主要表现在：一是重点领域信息公开不够深入，"
            "二是工作人员业务能力有待提高，三是公开平台互动功能较弱。下一步，我县将以基层政务公开标准化规范化为抓手，"
            "以群众需求为导向，全面推进政务公开工作。一是深化重点领域公开，编制领域公开实施方案。"
            "二是加强队伍建设，分级分层开展业务培训。三是优化平台功能，增设在线咨询栏目。")
    assert section5(body) == [
        ("problem", "一是", "一是重点领域信息公开不够深入，"),
        ("problem", "二是", "二是工作人员业务能力有待提高，"),
        ("problem", "三是", "三是公开平台互动功能较弱。"),
        ("commitment", "一是", "一是深化重点领域公开，编制领域公开实施方案。"),
        ("commitment", "二是", "二是加强队伍建设，分级分层开展业务培训。"),
        ("commitment", "三是", "三是优化平台功能，增设在线咨询栏目。"),
    ]


def test_commitment_unit_keeps_its_heading_phrase_and_body_together():
    # Section 五 with promises only: no problem is invented.
    body = ("下一步，我县将以基层政务公开标准化规范化为抓手，全面推进政务公开工作。"
            "一是聚焦公开重点，深化公开内容。围绕重大建设项目、公共资源配置等领域，编制领域公开实施方案。"
            "二是加强队伍建设，提高业务能力。分级分层开展业务培训，全年培训不少于2次。")
    assert section5(body) == [
        ("commitment", "一是", "一是聚焦公开重点，深化公开内容。围绕重大建设项目、公共资源配置等领域，编制领域公开实施方案。"),
        ("commitment", "二是", "二是加强队伍建设，提高业务能力。分级分层开展业务培训，全年培训不少于2次。"),
    ]


def test_unenumerated_problem_predicates_and_jinhou_opener():
    body = ("本年度我局政府信息公开工作虽然取得了一定成效，但仍存在一些问题：\n"
            "政策解读的深度不够，群众看得懂的解读产品偏少。\n"
            "依申请公开办理流程有待进一步规范。\n"
            "政务新媒体发布内容较为单一。\n"
            "考核监督流于形式。\n"
            "部分公示信息未及时撤除。\n"
            "今后，我局将重点做好以下几方面工作：\n"
            "（一）深化政策解读。推出图解、短视频等解读产品。\n"
            "（二）规范办理流程。修订依申请公开办理规程。\n"
            "（三）强化监督考核。将信息发布情况纳入季度通报。")
    assert section5(body) == [
        ("problem", "", "政策解读的深度不够，群众看得懂的解读产品偏少。"),
        ("problem", "", "依申请公开办理流程有待进一步规范。"),
        ("problem", "", "政务新媒体发布内容较为单一。"),
        ("problem", "", "考核监督流于形式。"),
        ("problem", "", "部分公示信息未及时撤除。"),
        ("commitment", "（一）", "（一）深化政策解读。推出图解、短视频等解读产品。"),
        ("commitment", "（二）", "（二）规范办理流程。修订依申请公开办理规程。"),
        ("commitment", "（三）", "（三）强化监督考核。将信息发布情况纳入季度通报。"),
    ]


def test_problem_list_inside_one_sentence_and_new_year_opener():
    body = ("我县政府信息公开工作仍存在不足，如公开内容不够全面；信息更新不及时；公开形式较为单一。"
            "新的一年，我县将进一步丰富公开内容，及时更新栏目信息，创新公开形式。")
    assert section5(body) == [
        ("problem", "", "公开内容不够全面；"),
        ("problem", "", "信息更新不及时；"),
        ("problem", "", "公开形式较为单一。"),
        ("commitment", "", "新的一年，我县将进一步丰富公开内容，及时更新栏目信息，创新公开形式。"),
    ]


def test_weici_opener_with_shi_lists_after_colons():
    body = ("2023年，我局政府信息公开工作存在以下不足：一是对新《条例》学习不够深入；二是信息发布审核把关不严。"
            "为此，我局将采取以下措施：一是加强条例学习，组织专题培训；二是严格落实三审三校制度。")
    assert section5(body) == [
        ("problem", "一是", "一是对新《条例》学习不够深入；"),
        ("problem", "二是", "二是信息发布审核把关不严。"),
        ("commitment", "一是", "一是加强条例学习，组织专题培训；"),
        ("commitment", "二是", "二是严格落实三审三校制度。"),
    ]


@pytest.mark.parametrize("commitment", [
    "针对上述问题，我办将建立栏目定期巡查机制。",
    "2023年，我办将建立栏目定期巡查机制。",
    "下步，我办将建立栏目定期巡查机制。",
    "今后，我办将建立栏目定期巡查机制。",
    "新的一年，我办将建立栏目定期巡查机制。",
    "为此，我办将建立栏目定期巡查机制。",
    "在今后的工作中，我办将建立栏目定期巡查机制。",
])
def test_commitment_openers_find_the_boundary(commitment):
    assert section5("我办在政府信息公开工作中还存在栏目更新滞后的问题。" + commitment) == [
        ("problem", "", "我办在政府信息公开工作中还存在栏目更新滞后的问题。"),
        ("commitment", "", commitment),
    ]


def test_two_unenumerated_commitments_after_the_opener():
    body = ("我办在政府信息公开工作中还存在栏目更新滞后的问题。针对上述问题，我办将建立栏目定期巡查机制。"
            "2023年，我办将继续加强政务公开平台建设，进一步提高信息发布质量。")
    assert section5(body) == [
        ("problem", "", "我办在政府信息公开工作中还存在栏目更新滞后的问题。"),
        ("commitment", "", "针对上述问题，我办将建立栏目定期巡查机制。"),
        ("commitment", "", "2023年，我办将继续加强政务公开平台建设，进一步提高信息发布质量。"),
    ]


def test_circled_problems_and_ordinal_word_commitments():
    body = ("本年度工作中还存在以下不足：①政府信息公开指南未随机构调整及时更新；②依申请公开答复时限把握不够精准；"
            "③政务公开专栏建设有待加强。今后，我委将从以下几个方面加以改进：首先，及时修订政府信息公开指南；"
            "其次，建立依申请公开办理时限提醒机制；最后，优化政务公开专栏栏目设置。")
    assert section5(body) == [
        ("problem", "①", "①政府信息公开指南未随机构调整及时更新；"),
        ("problem", "②", "②依申请公开答复时限把握不够精准；"),
        ("problem", "③", "③政务公开专栏建设有待加强。"),
        ("commitment", "首先", "首先，及时修订政府信息公开指南；"),
        ("commitment", "其次", "其次，建立依申请公开办理时限提醒机制；"),
        ("commitment", "最后", "最后，优化政务公开专栏栏目设置。"),
    ]


def test_di_problems_and_halfwidth_paren_commitments():
    body = ("第一，公开内容与群众需求存在差距，办事服务类信息偏少。第二，年度报告编制质量不高，数据核对不够细致。\n"
            "新的一年，我办将着力做好以下工作：(1)围绕群众需求丰富办事服务类信息；(2)建立年报数据交叉核对机制。")
    assert section5(body) == [
        ("problem", "第一", "第一，公开内容与群众需求存在差距，办事服务类信息偏少。"),
        ("problem", "第二", "第二，年度报告编制质量不高，数据核对不够细致。"),
        ("commitment", "(1)", "(1)围绕群众需求丰富办事服务类信息；"),
        ("commitment", "(2)", "(2)建立年报数据交叉核对机制。"),
    ]


def test_enumerated_problems_and_commitments_restarting_numbering():
    body = ("（一）公开内容不够全面。部分科室对主动公开范围把握不准，办事服务类信息偏少。\n"
            "（二）解读质量有待提高。解读材料多为文件摘要，缺少深入解读。\n"
            "2023年，我局将重点做好以下工作：\n"
            "（一）丰富公开内容。全面梳理主动公开事项，编制主动公开基本目录。\n"
            "（二）提升解读质量。邀请业务科室负责人开展政策解读。")
    assert section5(body) == [
        ("problem", "（一）", "（一）公开内容不够全面。部分科室对主动公开范围把握不准，办事服务类信息偏少。"),
        ("problem", "（二）", "（二）解读质量有待提高。解读材料多为文件摘要，缺少深入解读。"),
        ("commitment", "（一）", "（一）丰富公开内容。全面梳理主动公开事项，编制主动公开基本目录。"),
        ("commitment", "（二）", "（二）提升解读质量。邀请业务科室负责人开展政策解读。"),
    ]


def test_subheaded_section5_problems_and_measures_blocks():
    body = ("（一）存在问题\n"
            "一是主动公开意识不强，个别单位存在“重发布、轻解读”现象。二是信息公开工作人员变动频繁。\n"
            "（二）改进措施\n"
            "下一步，我局将从以下几个方面加以改进：一是加强条例学习；二是稳定工作队伍。")
    assert section5(body) == [
        ("problem", "一是", "一是主动公开意识不强，个别单位存在“重发布、轻解读”现象。"),
        ("problem", "二是", "二是信息公开工作人员变动频繁。"),
        ("commitment", "一是", "一是加强条例学习；"),
        ("commitment", "二是", "二是稳定工作队伍。"),
    ]


def test_section5_inline_subheadings_with_colons():
    body = ("存在的问题：一是解读材料同步发布率不高；二是基层公开栏更新不及时。"
            "改进措施：一是严格落实“三同步”要求；二是定期巡查基层公开栏。")
    assert section5(body) == [
        ("problem", "一是", "一是解读材料同步发布率不高；"),
        ("problem", "二是", "二是基层公开栏更新不及时。"),
        ("commitment", "一是", "一是严格落实“三同步”要求；"),
        ("commitment", "二是", "二是定期巡查基层公开栏。"),
    ]


def test_problems_and_improvements_as_separate_sections():
    text = ("一、概述\n本年度我局共发布信息320条。\n"
            "二、主动公开政府信息情况\n全年主动公开政府信息320条。\n"
            "三、依申请公开政府信息情况\n全年受理申请2件。\n"
            "四、因政府信息公开申请行政复议、提起行政诉讼的情况\n无。\n"
            "五、存在问题\n一是公开意识有待增强；二是公开形式较为单一。\n"
            "六、改进措施\n一是加强学习培训；二是拓展公开渠道。\n"
            "七、其他需要报告的事项\n无。")
    items = items_of(make_doc(text))
    assert [(it.kind, it.section, it.label, it.text) for it in items] == [
        ("measure", "overview", "", "本年度我局共发布信息320条。"),
        ("problem", "problems", "一是", "一是公开意识有待增强；"),
        ("problem", "problems", "二是", "二是公开形式较为单一。"),
        ("commitment", "improvements", "一是", "一是加强学习培训；"),
        ("commitment", "improvements", "二是", "二是拓展公开渠道。"),
    ]


def test_old_format_report_without_problems_section_has_no_problems():
    text = ("石门县水利局2012年政府信息公开工作年度报告\n"
            "一、概述\n"
            "2012年，我局坚持以邓小平理论和“三个代表”重要思想为指导，认真贯彻落实《条例》。\n"
            "我局成立了政府信息公开工作领导小组，对检查中发现的问题及时进行了整改。\n"
            "全年通过县政府门户网站公开水利工程建设信息56条。\n"
            "二、主动公开政府信息情况\n全年主动公开政府信息56条，部分信息公开不够及时。\n"
            "三、依申请公开政府信息情况\n本年度未收到政府信息公开申请。\n"
            "四、政府信息公开的收费及减免情况\n本年度未收取任何费用。\n"
            "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n本年度无此类情况。")
    assert extract(text) == [
        ("measure", "", "我局成立了政府信息公开工作领导小组，对检查中发现的问题及时进行了整改。"),
        ("measure", "", "全年通过县政府门户网站公开水利工程建设信息56条。"),
    ]


def test_old_format_next_step_section_gives_commitments_only():
    text = ("一、概述\n全年公开信息56条。\n二、主动公开政府信息情况\n全年主动公开政府信息56条。\n"
            "三、依申请公开政府信息情况\n本年度未收到申请。\n"
            "四、因政府信息公开申请行政复议、提起行政诉讼的情况\n无。\n"
            "五、下一步工作打算\n一是进一步完善信息公开工作制度；二是加大重点领域信息公开力度。")
    assert extract(text) == [
        ("measure", "", "全年公开信息56条。"),
        ("commitment", "一是", "一是进一步完善信息公开工作制度；"),
        ("commitment", "二是", "二是加大重点领域信息公开力度。"),
    ]


def test_split_section5_last_year_followup_then_this_years_problems():
    body = ("（一）上年度问题的改进情况\n"
            "一是针对政务新媒体更新慢的问题，注销长期不更新账号3个；二是针对解读形式单一的问题，制作图解解读20篇。\n"
            "（二）本年度存在的主要问题\n"
            "一是部分单位公开属性源头认定不够严格；二是基层政务公开标准目录动态调整不及时。"
            "下一步，我区将严格执行公文公开属性审查，按季度更新基层政务公开标准目录。")
    out = section5(body)
    assert [(k, t) for k, _, t in out] == [
        ("followup", "一是针对政务新媒体更新慢的问题，注销长期不更新账号3个；"),
        ("followup", "二是针对解读形式单一的问题，制作图解解读20篇。"),
        ("problem", "一是部分单位公开属性源头认定不够严格；"),
        ("problem", "二是基层政务公开标准目录动态调整不及时。"),
        ("commitment", "下一步，我区将严格执行公文公开属性审查，按季度更新基层政务公开标准目录。"),
    ]
    assert [lbl for _, lbl, _ in out[:4]] == ["一是", "二是", "一是", "二是"]


def test_split_section5_with_three_subheadings_and_sentence_followups():
    body = ("（一）上年度问题的改进情况\n"
            "针对上年度政策解读形式单一的问题，今年制作图解解读12篇。针对栏目更新滞后的问题，建立了每周巡查制度。\n"
            "（二）本年度存在的主要问题\n一是依申请答复文书格式不够规范；二是保密审查机制还不健全。\n"
            "（三）改进措施\n一是统一答复文书模板；二是严格落实先审后发制度。")
    assert section5(body) == [
        ("followup", "（一）上年度问题的改进情况", "针对上年度政策解读形式单一的问题，今年制作图解解读12篇。"),
        ("followup", "（一）上年度问题的改进情况", "针对栏目更新滞后的问题，建立了每周巡查制度。"),
        ("problem", "一是", "一是依申请答复文书格式不够规范；"),
        ("problem", "二是", "二是保密审查机制还不健全。"),
        ("commitment", "一是", "一是统一答复文书模板；"),
        ("commitment", "二是", "二是严格落实先审后发制度。"),
    ]


def test_followup_block_named_by_year():
    body = ("（一）2024年工作中存在问题的改进情况\n"
            "2024年报告指出的“政务新媒体更新不及时”问题，已通过建立账号周检查制度整改到位。\n"
            "（二）2025年存在的主要问题\n"
            "一是政策文件与解读材料同步率仍然偏低；二是部分乡镇政务公开专区内容陈旧。\n"
            "（三）下一步工作计划\n"
            "2026年，我县将重点推进以下工作：一是严格执行解读材料“三同步”；二是开展政务公开专区集中整治。")
    assert section5(body) == [
        ("followup", "（一）2024年工作中存在问题的改进情况",
         "2024年报告指出的“政务新媒体更新不及时”问题，已通过建立账号周检查制度整改到位。"),
        ("problem", "一是", "一是政策文件与解读材料同步率仍然偏低；"),
        ("problem", "二是", "二是部分乡镇政务公开专区内容陈旧。"),
        ("commitment", "一是", "一是严格执行解读材料“三同步”；"),
        ("commitment", "二是", "二是开展政务公开专区集中整治。"),
    ]


def test_followup_block_after_problems_and_measures():
    body = ("（一）存在问题\n政府网站部分栏目存在空白现象，个别栏目更新不及时。\n"
            "（二）改进措施\n我局将定期开展栏目巡查，杜绝空白栏目。\n"
            "（三）上年度问题整改情况\n上年度指出的信息发布审核不严问题，已制定三级审核制度并严格执行。")
    assert section5(body) == [
        ("problem", "（一）存在问题", "政府网站部分栏目存在空白现象，个别栏目更新不及时。"),
        ("commitment", "（二）改进措施", "我局将定期开展栏目巡查，杜绝空白栏目。"),
        ("followup", "（三）上年度问题整改情况", "上年度指出的信息发布审核不严问题，已制定三级审核制度并严格执行。"),
    ]


def test_missing_problems_heading_after_tables():
    text = (OVERVIEW + TABLES +
            "（一）主要问题\n一是政务新媒体更新频率偏低；二是基层公开标准化程度不高。\n"
            "（二）改进措施\n一是加强政务新媒体日常监管；二是推进基层政务公开标准目录编制。\n"
            "五、其他需要报告的事项\n无。")
    items = items_of(make_doc(text))
    assert [(it.kind, it.section, it.label, it.text) for it in items] == [
        ("measure", "overview", "", "全年主动公开政府信息410条。"),
        ("problem", "problems", "一是", "一是政务新媒体更新频率偏低；"),
        ("problem", "problems", "二是", "二是基层公开标准化程度不高。"),
        ("commitment", "problems", "一是", "一是加强政务新媒体日常监管；"),
        ("commitment", "problems", "二是", "二是推进基层政务公开标准目录编制。"),
    ]


# ----------------------------------------------------------------------------------------------- whole files

def test_one_line_crawled_report(tmp_path):
    page = ("标题: 柳林镇人民政府2019年政府信息公开工作年度报告\n"
            "发布时间: 2020-01-15 10:00\n"
            "原文链接: https://www.liulin.example.gov.cn/art/2020/1/15/art_1.html\n"
            "==================== 正文 ====================\n"
            "当前位置： 首页 信息公开 年度报告 来源：柳林镇人民政府 时间：2020-01-15 10:00 "
            "柳林镇人民政府2019年政府信息公开工作年度报告 一、总体情况 "
            "（一）健全组织机制。镇党委、镇政府调整了政务公开工作领导小组，明确1名专职工作人员。"
            "（二）强化平台建设。一是完成镇政府网站栏目优化；二是开通“柳林发布”微信公众号，发布信息126条。"
            "（三）加强宣传培训。组织镇村干部开展《条例》专题培训2次。 "
            "二、主动公开政府信息情况 第二十条第（一）项 信息内容 本年新制作数量 本年新公开数量 规章 0 0 "
            "三、收到和处理政府信息公开申请情况 一、本年新收政府信息公开申请数量 2 三、本年度办理结果 （一）予以公开 2 "
            "四、政府信息公开行政复议、行政诉讼情况 行政复议 结果维持 0 "
            "五、存在的主要问题及改进情况 （一）存在问题 一是村级公开栏内容更新不及时；"
            "二是政策解读主要依靠文字，群众看不懂的情况仍然存在。 "
            "（二）改进措施 一是建立村级公开栏月检查制度；二是采用图解、问答等方式开展政策解读。 "
            "六、其他需要报告的事项 本年度无其他需要报告的事项。 扫一扫在手机打开当前页\n")
    doc = load(tmp_path, page)
    assert doc.kind == "crawl" and "\n" not in doc.text
    items = items_of(doc)
    assert rows(items) == [
        ("measure", "（一）", "（一）健全组织机制。镇党委、镇政府调整了政务公开工作领导小组，明确1名专职工作人员。"),
        ("measure", "（二）/一是", "一是完成镇政府网站栏目优化；"),
        ("measure", "（二）/二是", "二是开通“柳林发布”微信公众号，发布信息126条。"),
        ("measure", "（三）", "（三）加强宣传培训。组织镇村干部开展《条例》专题培训2次。"),
        ("problem", "一是", "一是村级公开栏内容更新不及时；"),
        ("problem", "二是", "二是政策解读主要依靠文字，群众看不懂的情况仍然存在。"),
        ("commitment", "一是", "一是建立村级公开栏月检查制度；"),
        ("commitment", "二是", "二是采用图解、问答等方式开展政策解读。"),
    ]
    for it in items:
        assert doc.text[it.start:it.end] == it.text


def test_pdf_like_text_wrapped_lines_page_numbers_and_running_header(tmp_path):
    header = "清河市生态环境局政务公开年报"
    pages = [
        f"{header}\n一、总体情况\n"
        "2022年，清河市生态环境局认真落实政务公开各项要求，现将主\n要工作情况报告如下。\n"
        "（一）主动公开。全年在门户网站主动公开环境质量、行政处罚\n等信息368条，发布环评审批公示41批次。\n"
        "（二）依申请公开。全年受理政府信息公开申请17件，均在法定\n期限内答复完毕。\n- 1 -\n",
        f"{header}\n（三）平台建设。完成局门户网站适老化改造，优化站内检索功\n能，新开设“蓝天保卫战”专题栏目。\n"
        "二、主动公开政府信息情况\n| 规章 | 0 | 0 | 0 |\n三、收到和处理政府信息公开申请情况\n| 自然人 | 17 |\n"
        "四、政府信息公开行政复议、行政诉讼情况\n| 0 | 0 | 0 |\n- 2 -\n",
        f"{header}\n五、存在的主要问题及改进情况\n"
        "一是环境信息公开的时效性有待提高，个别执法结果公开滞后；二\n是政策解读以文字为主，形式较为单一。下一步，我局将重点做好\n"
        "以下工作：一是建立执法结果公开台账，确保按期公开；二是丰富\n解读形式，推出图解和短视频解读。\n"
        "六、其他需要报告的事项\n本年度未收取信息处理费。\n- 3 -\n",
    ]
    doc = load(tmp_path, "\f".join(pages))
    items = items_of(doc)
    assert [(it.kind, it.label, it.text, it.page) for it in items] == [
        ("measure", "（一）", "（一）主动公开。全年在门户网站主动公开环境质量、行政处罚等信息368条，发布环评审批公示41批次。", 1),
        ("measure", "（二）", "（二）依申请公开。全年受理政府信息公开申请17件，均在法定期限内答复完毕。", 1),
        ("measure", "（三）", "（三）平台建设。完成局门户网站适老化改造，优化站内检索功能，新开设“蓝天保卫战”专题栏目。", 2),
        ("problem", "一是", "一是环境信息公开的时效性有待提高，个别执法结果公开滞后；", 3),
        ("problem", "二是", "二是政策解读以文字为主，形式较为单一。", 3),
        ("commitment", "一是", "一是建立执法结果公开台账，确保按期公开；", 3),
        ("commitment", "二是", "二是丰富解读形式，推出图解和短视频解读。", 3),
    ]


PAGE_CHROME_LEFT_INSIDE = (
    "一、总体情况\n"
    "（一）主动公开。全年主动公开环境质量、行政处罚等信息368条。\n"
    "（二）依申请公开。全年受理政府信息公开申请17件，均在法定期限内答复。\n"
    "- 2 -\n"
    "清河市生态环境局2022年政府信息公开工作年度报告\n"
    "（三）平台建设。完成局门户网站适老化改造，新开设“蓝天保卫战”专题栏目。\n"
    + TABLES + SEC5 +
    "一是政策解读以文字为主，形式较为单一。\n"
    "3\n"
    "清河市生态环境局2022年政府信息公开工作年度报告\n"
    "二是信息发布审核不够严格。" + OTHER)


def _normalised(text: str, tmp_path) -> list[tuple[str, str, str]]:
    """Through the real reader and normaliser, as a user's text file goes."""
    from nlp.runtime.pipeline import load_document

    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return rows(items_of(load_document(path)))


def test_page_chrome_left_inside_does_not_become_an_item():
    out = extract(PAGE_CHROME_LEFT_INSIDE)
    assert [(k, lbl) for k, lbl, _ in out] == [("measure", "（一）"), ("measure", "（二）"), ("measure", "（三）"),
                                               ("problem", "一是"), ("problem", "二是")]
    assert out[2][2] == "（三）平台建设。完成局门户网站适老化改造，新开设“蓝天保卫战”专题栏目。"
    assert out[4][2] == "二是信息发布审核不够严格。"


# ----------------------------------------------------------------------------------------------- defects

def test_page_chrome_left_inside_is_not_part_of_item_text(tmp_path):
    """Page numbers and a running title in text without page breaks are removed by the normaliser."""
    out = _normalised("清河市生态环境局2022年政府信息公开工作年度报告\n" + PAGE_CHROME_LEFT_INSIDE, tmp_path)
    assert out[1][2] == "（二）依申请公开。全年受理政府信息公开申请17件，均在法定期限内答复。"
    assert out[3][2] == "一是政策解读以文字为主，形式较为单一。"


@pytest.mark.parametrize("first, second, expected", [
    ("首先，修订完善了政务公开工作制度；其次，组织开展业务培训2期；最后，对委属单位开展专项检查1次。",
     "第一，完成门户网站集约化迁移；第二，开通政务微信公众号；第三，在办事大厅设置政务公开专区。",
     [("首先", "首先，修订完善了政务公开工作制度；"), ("其次", "其次，组织开展业务培训2期；"),
      ("最后", "最后，对委属单位开展专项检查1次。"), ("第一", "第一，完成门户网站集约化迁移；"),
      ("第二", "第二，开通政务微信公众号；"), ("第三", "第三，在办事大厅设置政务公开专区。")]),
    ("一是修订完善了政务公开工作制度；二是组织开展业务培训2期。",
     "1.完成门户网站集约化迁移；2.开通政务微信公众号。",
     [("一是", "一是修订完善了政务公开工作制度；"), ("二是", "二是组织开展业务培训2期。"),
      ("1.", "1.完成门户网站集约化迁移；"), ("2.", "2.开通政务微信公众号。")]),
], ids=["ordinal-words-then-di", "shi-then-num-dot"])
def test_inline_list_followed_by_a_paragraph_in_another_style(first, second, expected):
    assert overview(f"{first}\n{second}\n") == [("measure", lbl, t) for lbl, t in expected]


def test_action_paragraph_before_the_first_subheading_is_a_measure():
    body = ("2022年，我县调整充实了政务公开工作领导小组，由常务副县长任组长。\n"
            "（一）主动公开\n全年主动公开政府信息1520条。\n"
            "（二）依申请公开\n全年收到申请23件。\n")
    assert overview(body) == [
        ("measure", "", "2022年，我县调整充实了政务公开工作领导小组，由常务副县长任组长。"),
        ("measure", "（一）", "（一）主动公开\n全年主动公开政府信息1520条。"),
        ("measure", "（二）", "（二）依申请公开\n全年收到申请23件。"),
    ]


def test_paragraph_with_preamble_wording_and_an_action_is_a_measure():
    body = ("2022年，我县坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实政务公开决策部署。\n"
            "县委、县政府高度重视政务公开工作，成立了以县长为组长的政务公开工作领导小组。\n"
            "全年通过政府门户网站主动公开政府信息2130条。\n")
    assert overview(body) == [
        ("measure", "", "县委、县政府高度重视政务公开工作，成立了以县长为组长的政务公开工作领导小组。"),
        ("measure", "", "全年通过政府门户网站主动公开政府信息2130条。"),
    ]


@pytest.mark.parametrize("frame", ["我局政府信息公开工作仍存在不足，", "我局工作中还存在一些薄弱环节。"],
                         ids=["bare-cunzai-buzu", "boruo-huanjie"])
def test_frame_before_inline_list_is_not_a_problem(frame):
    assert section5(frame + "一是公开栏目更新不及时；二是信息公开人员业务素质有待提高。") == [
        ("problem", "一是", "一是公开栏目更新不及时；"),
        ("problem", "二是", "二是信息公开人员业务素质有待提高。"),
    ]


def test_lead_sentence_with_a_concrete_action_is_a_commitment():
    body = ("政务公开工作调度不够及时。下一步，我局将建立政务公开工作月调度制度。"
            "一是规范依申请公开答复文书；二是加强业务培训。")
    assert section5(body) == [
        ("problem", "", "政务公开工作调度不够及时。"),
        ("commitment", "", "下一步，我局将建立政务公开工作月调度制度。"),
        ("commitment", "一是", "一是规范依申请公开答复文书；"),
        ("commitment", "二是", "二是加强业务培训。"),
    ]


def test_unnumbered_followup_and_problem_subheadings():
    body = ("上年度问题整改情况：针对2024年度存在的信息发布审核不严问题，我局修订了信息发布审核制度，实行三级审核。"
            "本年度存在的问题：主动公开的信息以工作动态为主，办事服务类信息较少。"
            "下一步，我局将增加办事服务类信息的发布比重。")
    assert section5(body) == [
        ("followup", "上年度问题整改情况", "针对2024年度存在的信息发布审核不严问题，我局修订了信息发布审核制度，实行三级审核。"),
        ("problem", "本年度存在的问题", "主动公开的信息以工作动态为主，办事服务类信息较少。"),
        ("commitment", "", "下一步，我局将增加办事服务类信息的发布比重。"),
    ]


def test_followup_sentence_without_subheading():
    body = ("对照上年度报告提出的改进措施，我局已完成政务新媒体账号整合，建立了栏目巡查制度。\n"
            "当前工作中仍存在以下问题：一是政策解读的针对性不强；二是信息公开工作人员均为兼职。\n"
            "下一步，我局将从以下方面加以改进：一是围绕企业关切开展精准解读；二是明确专人负责信息公开工作。")
    out = section5(body)
    assert [k for k, _, _ in out] == ["followup", "problem", "problem", "commitment", "commitment"]
    assert out[0][2] == "对照上年度报告提出的改进措施，我局已完成政务新媒体账号整合，建立了栏目巡查制度。"


def test_sentence_under_improvement_subheading_is_a_commitment():
    body = ("（一）存在问题\n政府网站部分栏目存在空白现象。\n"
            "（二）改进措施\n定期开展栏目巡查，及时清理空白栏目。")
    assert section5(body) == [
        ("problem", "（一）存在问题", "政府网站部分栏目存在空白现象。"),
        ("commitment", "（二）改进措施", "定期开展栏目巡查，及时清理空白栏目。"),
    ]

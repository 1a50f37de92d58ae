"""The pieces behind body, level and publication date (issue 18), each on invented names: the level of a name's
last unit, the body key, a clean name cut from what precedes it, the page's metadata block, the date sources."""
from __future__ import annotations

import pytest

from nlp.read.body import opening_subject
from nlp.read.bodykey import body_key
from nlp.read.level import level_of
from nlp.read.names import clean_name
from nlp.read.pagemeta import take_fields
from nlp.read.published import iso_date, pdf_info_dates, published, signature
from nlp.rules import load_rules

RULES = load_rules()


@pytest.mark.parametrize("name,level,government,zone", [
    ("青川市望湖区人民政府", "county", "county", False),
    ("云溪县", "county", "county", False),
    ("义乌市人民政府", "county", "county", False),  # a county-level city of the gazetteer
    ("青川市", "city", "city", False),
    ("青川市云溪市", "county", "county", False),  # a 市 under a prefecture
    ("延边朝鲜族自治州", "city", "city", False),
    ("锡林郭勒盟", "city", "city", False),
    ("大兴安岭地区", "city", "city", False),
    ("河北省人民政府", "province", "province", False),
    ("上海市人民政府", "province", "province", False),
    ("宁夏回族自治区", "province", "province", False),
    ("石桥镇人民政府", "township", "township", False),
    ("东关街道办事处", "township", "township", False),
    ("青川市望湖区石桥地区办事处", "township", "township", False),
    ("东关街", "township", "township", False),
    ("青川高新区(望湖区)", "county", "county", True),
    ("南屏经济开发区管委会", "county", "county", True),
    ("北岭新区", "county", "county", True),
    ("云溪县人民政府办公室", "department", "county", False),
    ("河北省人民政府办公厅", "department", "province", False),
    ("青川市市场监督管理局", "department", "city", False),
    ("青川市住房和城乡建设局", "department", "city", False),
])
def test_level_from_the_last_unit(name, level, government, zone):
    found = level_of(name, RULES.levels)
    assert (found.level, found.government, found.zone) == (level, government, zone)


def test_a_city_printed_after_a_prefecture_is_a_county():
    assert level_of("云溪市", RULES.levels).level == "city"
    assert level_of("云溪市", RULES.levels, "本报告由青川市云溪市人民政府办公室编制。").level == "county"


@pytest.mark.parametrize("name,text,key", [
    ("望湖区人民政府", "", "望湖区"),
    ("河北省青川市望湖区人民政府", "", "青川市望湖区"),  # the province goes where a lower unit follows
    ("河北省人民政府", "", "河北省"),
    ("上海市望湖区", "", "上海市望湖区"),  # a municipality stays: its districts' names recur elsewhere
    ("望湖区人民政府", "地址：青川市望湖区人民路1号。", "青川市望湖区"),  # the report prints its prefecture
    ("望湖区人民政府", "青川市望湖区…北岭市望湖区", "望湖区"),  # two prefectures printed: no guess
    ("云溪县政府办", "", "云溪县人民政府办公室"),
    ("青川市政府办公室", "", "青川市人民政府办公室"),
    ("东关街道办事处", "", "东关街道"),
    ("南屏经济开发区管委会", "", "南屏经济开发区"),
])
def test_body_key(name, text, key):
    assert body_key(name, RULES, text)[0] == key


@pytest.mark.parametrize("span,name", [
    ("首页>政务公开>年报>河北省青川市", "河北省青川市"),
    ("信息公开年报云溪县", "云溪县"),
    ("2023-01-10青川市望湖区", "青川市望湖区"),
    ("|标题|河北省交通运输厅", "河北省交通运输厅"),
    ("English|||无障碍浏览云南省卫生健康委员会", "云南省卫生健康委员会"),
    ("要求，由云溪县石桥镇人民政府编制的", "云溪县石桥镇人民政府"),
    ("现发布《青川市望湖区", "青川市望湖区"),
    ("望 湖 区人民政府 ", "望湖区人民政府"),
    ("和平区", "和平区"),  # a name that starts with a function word's character stays whole
    ("将乐县", "将乐县"),
    ("我县", ""),
    ("熟食等经营区", ""),
    ("国务院办公厅", ""),
])
def test_clean_name(span, name):
    assert clean_name(span, RULES) == name


def test_metadata_block_is_read_and_removed():
    text = ("| 索引号 | 0012/2024-00031 | 分类 | 综合政务 |\n| 发布机构 | 云溪县人民政府办公室 | 成文日期 | 2024年1月20日 |\n"
            "云溪县2023年政府信息公开工作年度报告\n根据《条例》编制本报告。")
    rest, fields = take_fields(text, RULES)
    assert rest.startswith("云溪县2023年") and "索引号" not in rest
    assert fields == {"page:index_number": "0012/2024-00031", "page:category": "综合政务",
                      "page:publisher": "云溪县人民政府办公室", "page:written": "2024年1月20日"}
    # a label in the report's prose is no metadata
    prose = "一、总体情况\n2023年，全县分类推进政务公开，发布时间更加及时。"
    assert take_fields(prose, RULES) == (prose, {})


def test_dates_and_their_sources():
    assert iso_date("发布日期：2024年01月05日") == "2024-01-05"
    assert iso_date("二〇二四年一月二十八日") == "2024-01-28"
    assert pdf_info_dates([{"CreationDate": b"D:20240118093000+08'00'", "ModDate": b"D:20240120"}]) == \
        {"pdf:CreationDate": "2024-01-18", "pdf:ModDate": "2024-01-20"}
    assert signature("……\n云溪县人民政府\n2024年1月18日\n", RULES) == ("云溪县人民政府", "2024-01-18")
    meta = {"meta:PubDate": "2024-01-22 10:00", "发布时间": "2024-01-21", "pdf:CreationDate": "2024-01-15"}
    assert published(meta, {"signature": "2024-01-18"}, 2023, RULES) == ("2024-01-22", "meta:PubDate")
    assert published({"发布时间": "2024-01-21"}, {}, 2023, RULES) == ("2024-01-21", "crawl:发布时间")
    # a date before the year covered is no publication of its report: the next source is taken
    assert published({"pdf:CreationDate": "2019-05-01"}, {"signature": "2024-01-18"}, 2023, RULES) == \
        ("2024-01-18", "signature")
    assert published({"pdf:CreationDate": "2024-01-15"}, {}, 2023, RULES) == ("2024-01-15", "pdf:CreationDate")


@pytest.mark.parametrize("opening,body", [
    ("本报告依据《条例》要求，由青禾市交通运输局结合本局政府信息公开工作实际编制。", "青禾市交通运输局"),
    ("本报告由云溪县人民政府办公室结合本县实际编制。全文包括总体情况等六个部分。", "云溪县人民政府"),
    ("本报告由石桥镇人民政府编制。", "石桥镇人民政府"),
    # a zone's committee office compiles the zone's report (我区): the committee stands for the zone
    ("本报告由青川高新区管委会办公室编制。2022年，我区深入贯彻《条例》。", "青川高新区管委会"),
    ("本报告由南屏经济开发区管理委员会办公室编制，全区各部门配合。", "南屏经济开发区管理委员会"),
])
def test_the_body_that_compiles_the_report_without_the_clause_after_it(opening, body):
    """A title-less text (a plain copy of a web page) names its body in the opening sentence only; the clause
    after the name ("结合本局…实际") is not part of it."""
    assert opening_subject(opening, RULES) == body


def test_place_search_without_a_regex_per_place_finds_what_the_regex_found():
    """The prefecture test and the body-key completion search each report's own place names as plain text (a
    regular expression per place would be compiled per report); they find what the regular expressions did."""
    import random
    import re

    from nlp.read.level import _after_prefecture, occurrences

    rng = random.Random(7)
    alphabet = "市州盟地区县云溪青川a 。"
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        needle = "".join(rng.choice(alphabet[:8]) for _ in range(rng.randint(0, 3)))
        assert list(occurrences(needle, text)) == [m.start() for m in re.finditer(re.escape(needle), text)]
        expected = re.search(r"[\u4e00-\u9fff]{2,5}(?:市|州|盟|地区)" + re.escape(needle), text) is not None
        assert _after_prefecture(needle, text) == expected, (needle, text)

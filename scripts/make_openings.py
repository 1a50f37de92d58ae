#!/usr/bin/env python3
"""Write tests/data/openings.jsonl: invented report openings, one or more per failure class of issue 18.

Each line is one opening as a crawled or saved page shows it (a title in some shape, page chrome, a metadata
block, the first paragraph, sometimes a signature) with what the reader must find: the body as printed, its key,
level, zone flag, year, publication date and its source. Every name is invented (the provinces and the
county-level city of the gazetteer class are real units, since those rules are about real names); the wording is
ours, written per class, never taken from a real report. tests/test_openings.py reads them; run this script
again after changing it (`python -m scripts.make_openings`).
"""
from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "openings.jsonl"

# Three invented jurisdictions per role, so that no rule fits one name.
SETS = [
    dict(prov="河北省", pref="青川市", county="云溪县", district="望湖区", town="石桥镇", street="东关街道", dept="青川市交通运输局",
         zone="青川高新区", office="云溪县人民政府办公室", y=2022),
    dict(prov="云南省", pref="南屏市", county="白鹭县", district="松岗区", town="柳河乡", street="北门街道", dept="南屏市卫生健康委员会",
         zone="南屏经济开发区", office="白鹭县人民政府办公室", y=2021),
    dict(prov="甘肃省", pref="北岭市", county="芦溪县", district="兰亭区", town="杏林镇", street="西城街道", dept="北岭市自然资源局",
         zone="北岭新区", office="芦溪县人民政府办公室", y=2023),
]
OPENING = ("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和上级有关要求，{who}编制本报告。本报告所列数据统计期限"
           "自{y}年1月1日起至{y}年12月31日止。如对本报告有疑问，请与{who}联系。\n一、总体情况\n{y}年，{short}坚持以人民为中心，"
           "全面推进政务公开工作，主动公开政府信息1200余条。\n")
SIGNATURE = "\n{name}\n{y1}年1月{d}日\n"


def _report(s: dict, title: str, who: str, short: str, head: str = "", tail: str = "") -> str:
    return head + title + "\n" + OPENING.format(who=who, y=s["y"], short=short) + tail


def _case(cid: str, cls: str, content: str, form: str, **expected) -> dict:
    return {"id": cid, "class": cls, "form": form, "content": content, "expected": expected}


def _chrome_cases(s: dict, k: int) -> list[dict]:
    """Classes 1 and 2 of the issue: page chrome glued to the name; the name in a sentence."""
    y, y1 = s["y"], s["y"] + 1
    c: list[dict] = []
    add = lambda cls, content, form="txt", **e: c.append(_case(f"{cls}-{k}", cls, content, form, year=y, **e))  # noqa: E731
    chain = s["pref"] + s["district"]
    # 1. page chrome glued to the name
    add("breadcrumb", _report(s, f"{s['prov']}{chain}{y}年政府信息公开工作年度报告", gov(chain), "我区",
                              head="首页>政府信息公开>政府信息公开年报>"),
        body=s["prov"] + chain, key=chain, level="county")
    add("breadcrumb_glued", _report(s, f"信息公开年报{s['county']}{y}年政府信息公开工作年度报告", gov(s["county"]), "我县",
                                    head="首页>信息公开工作报告>"),
        body=s["county"], key=s["county"], level="county")
    add("metadata_run", _report(s, f"{s['pref']}{y}年政府信息公开工作年度报告", gov(s["pref"]), "我市",
                                head=f"分类 综合政务 发布单位 {s['pref']}政府办 发文日期 {y1}-02-10 文号  时效 有效 "),
        body=s["pref"], key=s["pref"], level="city", published=f"{y1}-02-10", published_source="page:issued",
        publisher=s["pref"] + "政府办")
    add("metadata_table", _report(s, f"{s['county']}人民政府{y}年政府信息公开工作年度报告", gov(s["county"]), "我县",
                                  head=f"| 索引号 | 0012345/{y1}-0003{k} | 分类 | 政务公开 |\n| 发布机构 | {s['office']} | "
                                       f"成文日期 | {y1}年1月2{k}日 |\n| 标题 | {s['county']}人民政府{y}年政府信息公开工作年度报告 | "
                                       f"| |\n"),
        body=gov(s["county"]), key=s["county"], level="county", published=f"{y1}-01-2{k}", published_source="page:written",
        publisher=s["office"], index_number=f"0012345/{y1}-0003{k}")
    add("date_before_name", _report(s, f"{chain}{y}年政府信息公开工作年度报告", gov(chain), "我区", head=f"{y1}-01-1{k}"),
        body=chain, key=chain, level="county", published=f"{y1}-01-1{k}", published_source="page:date")
    add("header_cell", _report(s, f"|标题|{s['prov']}{s['dept'][3:]}{y}年政府信息公开工作年度报告|", s["prov"] + s["dept"][3:],
                               "我委" if s["dept"].endswith("委员会") else "我局"),
        body=s["prov"] + s["dept"][3:], key=s["prov"] + s["dept"][3:], level="department")
    add("site_banner", _report(s, f"{s['dept']}{y}年政府信息公开工作年度报告", s["dept"], "本机关",
                               head="English|||无障碍浏览"),
        body=s["dept"], key=s["dept"], level="department")
    # 2. the name in a sentence, and a suffix cut in half
    add("sentence_notice", f"根据《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
                           f"(国办公开办函〔2021〕30号)要求,现发布《{chain}{y}年政府信息公开工作年度报告》。\n"
                           + OPENING.format(who=gov(chain), y=y, short="我区"),
        body=chain, key=chain, level="county")
    add("sentence_compiled", f"根据《中华人民共和国政府信息公开条例》(以下简称《条例》)要求,由{s['county']}{s['town']}人民政府编制的"
                             f"{y}年度政府信息公开工作年度报告,内容包括总体情况。\n"
                             + OPENING.format(who=gov(s["town"]), y=y, short="我镇" if s["town"].endswith("镇") else "我乡"),
        body=s["county"] + gov(s["town"]), key=s["county"] + s["town"], level="township")
    add("year_last", _report(s, f"{s['district']}人民政府信息公开工作年度报告({y}年度)", gov(s["district"]), "我区"),
        body=gov(s["district"]), key=s["district"], level="county")
    return c


def _shape_cases(s: dict, k: int) -> list[dict]:
    """Class 3: titles in other shapes, and bodies from the signature or the first sentence."""
    y, y1 = s["y"], s["y"] + 1
    c: list[dict] = []
    add = lambda cls, content, form="txt", **e: c.append(_case(f"{cls}-{k}", cls, content, form, year=y, **e))  # noqa: E731
    # 3. titles in other shapes
    add("year_first", _report(s, f"{y}年{s['pref']}{s['district']}{s['town'][:2]}地区办事处政府信息公开工作年度报告",
                              s["town"][:2] + "地区办事处", "我办"),
        body=f"{s['pref']}{s['district']}{s['town'][:2]}地区办事处", key=f"{s['pref']}{s['district']}{s['town'][:2]}地区办事处",
        level="township")
    add("nianbao", _report(s, f"{s['county']}{y}年政府信息公开年报", gov(s["county"]), "我县"),
        body=s["county"], key=s["county"], level="county")
    add("baogao", _report(s, f"{s['dept']}{y}年度政府信息公开报告", s["dept"], "本机关"),
        body=s["dept"], key=s["dept"], level="department")
    add("guanyu_signed", _report(s, f"关于{y}年政府信息公开工作的年度报告", gov(s["county"]), "我县",
                                 tail="五、存在的主要问题及改进情况\n公开内容还不够全面。\n"
                                      + SIGNATURE.format(name=gov(s["county"]), y1=y1, d=15 + k)),
        body=gov(s["county"]), key=s["county"], level="county", published=f"{y1}-01-{15 + k}", published_source="signature")
    add("two_lines_spaces", _report(s, f"{' '.join(s['district'])}人民政府\n{y} 年政府信息公开工作年度报告", gov(s["district"]),
                                    "我区"),
        body=gov(s["district"]), key=s["district"], level="county")
    add("quoted_only", f"根据《中华人民共和国政府信息公开条例》要求，现将《{s['county']}{y}年政府信息公开工作年度报告》公布如下。\n"
                       + OPENING.format(who=gov(s["county"]), y=y, short="我县"),
        body=s["county"], key=s["county"], level="county")
    add("subject_only", f"政府信息公开工作年度报告\n本报告由{s['office']}编制。本报告所列数据统计期限自{y}年1月1日起至{y}年12月31日止。\n"
                        f"一、总体情况\n{y}年，我县认真贯彻落实《条例》。\n",
        body=gov(s["county"]), key=s["county"], level="county")
    return c


def _level_cases(s: dict, k: int) -> list[dict]:
    """Class 4 (levels) and the sources of the publication date."""
    y, y1 = s["y"], s["y"] + 1
    c: list[dict] = []
    add = lambda cls, content, form="txt", **e: c.append(_case(f"{cls}-{k}", cls, content, form, year=y, **e))  # noqa: E731
    # 4. levels
    add("street_office", _report(s, f"{s['street']}办事处{y}年政府信息公开工作年度报告", s["street"] + "办事处", "我街道"),
        body=s["street"] + "办事处", key=s["street"], level="township")
    add("bare_street", _report(s, f"{s['pref']}{s['district']}{s['street'][:2]}街{y}年政府信息公开工作年度报告",
                               s["street"][:2] + "街", "我街"),
        body=f"{s['pref']}{s['district']}{s['street'][:2]}街", key=f"{s['pref']}{s['district']}{s['street'][:2]}街",
        level="township")
    add("zone_bracket", _report(s, f"{s['zone']}({s['district']}){y}年政府信息公开工作年度报告", s["zone"] + "管委会", "我区"),
        body=f"{s['zone']}({s['district']})", key=f"{s['zone']}({s['district']})", level="county", zone=True)
    add("zone_committee", _report(s, f"{s['zone']}管理委员会{y}年政府信息公开工作年度报告", s["zone"] + "管委会", "我区"),
        body=s["zone"] + "管理委员会", key=s["zone"], level="county", zone=True)
    add("county_city_chain", _report(s, f"{s['county'][:2]}市{y}年政府信息公开工作年度报告", f"{s['pref']}{s['county'][:2]}市人民政府办公室",
                                     "我市"),
        body=s["county"][:2] + "市", key=s["pref"] + s["county"][:2] + "市", level="county")
    listed = ["义乌市", "丹阳市", "青州市"][k]  # real county-level cities: the rule is the gazetteer in levels.yaml
    add("county_city_listed", _report(s, f"{listed}人民政府{y}年政府信息公开工作年度报告", gov(listed), "我市"),
        body=gov(listed), key=listed, level="county")
    add("league_prefecture", _report(s, f"{s['county'][:2]}{['盟', '地区', '哈尼族彝族自治州'][k]}{y}年政府信息公开工作年度报告",
                                     gov(s["county"][:2]), "我州"),
        body=s["county"][:2] + ["盟", "地区", "哈尼族彝族自治州"][k], key=s["county"][:2] + ["盟", "地区", "哈尼族彝族自治州"][k],
        level="city")
    add("county_office", _report(s, f"{s['office']}{y}年政府信息公开工作年度报告", s["office"], "本机关"),
        body=s["office"], key=s["office"], level="department", government_level="county")
    # publication dates from the page or the file
    add("html_pubdate", _html(s, f"{s['dept']}{y}年政府信息公开工作年度报告", f"{y1}-01-2{k} 09:30"), form="html",
        body=s["dept"], key=s["dept"], level="department", published=f"{y1}-01-2{k}", published_source="meta:PubDate",
        publisher=s["dept"])
    add("crawl_header", f"标题: {s['county']}人民政府{y}年政府信息公开工作年度报告\n发布时间: {y1}-01-0{k + 2} 10:00\n"
                        f"发布机构: {s['office']}\n==================== 正文 ====================\n当前位置： 首页政务公开 "
                        f"{s['county']}人民政府{y}年政府信息公开工作年度报告 来源：{s['office']} 时间：{y1}-01-0{k + 2} "
                        + OPENING.format(who=gov(s["county"]), y=y, short="我县").replace("\n", " "),
        form="crawl", body=gov(s["county"]), key=s["county"], level="county", published=f"{y1}-01-0{k + 2}",
        published_source="crawl:发布时间", publisher=s["office"])
    add("dateline", _report(s, f"{s['county']}人民政府{y}年政府信息公开工作年度报告\n（{y1}年1月{10 + k}日）", gov(s["county"]), "我县"),
        body=gov(s["county"]), key=s["county"], level="county", published=f"{y1}-01-{10 + k}", published_source="dateline")
    return c


def cases(s: dict, k: int) -> list[dict]:
    """Every class of the first family for one set of names."""
    return _chrome_cases(s, k) + _shape_cases(s, k) + _level_cases(s, k)


# The second family: names and wordings written after the rules were frozen (its first run is the held-out figure
# reported on issue 18; it is kept as a regression set).
SETS_B = [
    dict(prov="湖南省", pref="枫林市", county="清河县", district="鹤鸣区", town="双溪镇", street="文昌街道", dept="枫林市教育体育局", zone="枫林经济技术开发区", y=2020),
    dict(prov="四川省", pref="雁门市", county="桃源县", district="金沙区", town="长岭乡", street="南湖街道", dept="雁门市人力资源和社会保障局", zone="雁门高新技术产业开发区", y=2024),
    dict(prov="江西省", pref="碧水市", county="梅岭县", district="青云区", town="横塘镇", street="太平街道", dept="碧水市市场监督管理局", zone="碧水新区", y=2019),
]
BODY_B = ("为进一步做好政府信息公开工作，依据《中华人民共和国政府信息公开条例》规定，特编制本年度报告。报告中所列数据统计期限为{y}年1月1日至{y}年12月31日。"
          "\n一、总体情况\n{y}年，{short}深入贯彻落实上级部署，政务公开工作取得新成效。\n")


def cases_b(s: dict, k: int) -> list[dict]:
    """A second family, written after the rules were frozen: other names and other wordings of each class."""
    cases: list[dict] = []
    y, y1 = s["y"], s["y"] + 1

    def add(cls, content, form="txt", **e):
        cases.append(_case(f"{cls}-{k}", cls, content, form, year=y, **e))
    B = BODY_B.format(y=y, short="我县")
    add("crumb_spaces", f"网站首页 » 信息公开 » 法定主动公开内容 » 年度报告 » {s['county']}{y}年度政府信息公开工作年度报告\n" + B, body=s["county"], key=s["county"], level="county")
    add("crumb_title_on_next_line", f"当前位置：首页 > 政府信息公开 > 政府信息公开年报\n{s['pref']}{s['district']}人民政府{y}年政府信息公开工作年度报告\n" + B,
        body=gov(s['pref'] + s['district']), key=s['pref'] + s['district'], level="county")
    add("info_bar_colon", f"{s['dept']}{y}年政府信息公开工作年度报告\n信息来源：{s['dept']}　发布日期：{y1}-01-2{k}　浏览次数：\n" + B,
        body=s["dept"], key=s["dept"], level="department", published=f"{y1}-01-2{k}", published_source="page:published", publisher=s["dept"])
    add("meta_table_other_labels", f"| 索 引 号 | 11{k}00/{y1}-00087 | 主题分类 | 综合政务 |\n| 发文机关 | {s['county']}人民政府 | 成文日期 | {y1}年01月1{k}日 |\n| 标 题 | {s['county']}{y}年政府信息公开工作年度报告 | | |\n| 文 号 |  | 发布日期 | {y1}年01月1{k + 3}日 |\n" + B,
        body=s["county"], key=s["county"], level="county", published=f"{y1}-01-1{k + 3}", published_source="page:published", publisher=gov(s["county"]), index_number=f"11{k}00/{y1}-00087")
    add("colonless_run", f"索引号 11{k}/{y1}-01 发布机构 {s['town']}人民政府 生成日期 {y1}-02-0{k + 1} 时效 有效 {s['county']}{s['town']}{y}年政府信息公开工作年度报告\n" + BODY_B.format(y=y, short="我镇"),
        body=s['county'] + s['town'], key=s['county'] + s['town'], level="township", published=f"{y1}-02-0{k + 1}", published_source="page:written")
    add("date_glued_slash", f"{y1}/01/0{k + 5}{s['pref']}{y}年政府信息公开工作年度报告\n" + BODY_B.format(y=y, short="我市"),
        body=s['pref'], key=s['pref'], level="city", published=f"{y1}-01-0{k + 5}", published_source="page:date")
    add("cell_title_label", f"|标题|{s['prov']}{s['dept'][3:]}{y}年度政府信息公开工作年度报告|\n" + B, body=s['prov'] + s['dept'][3:], key=s['prov'] + s['dept'][3:], level="department")
    add("banner_accessibility", f"繁體|English|无障碍阅读|长者模式{s['zone']}管委会{y}年政府信息公开工作年度报告\n" + B,
        body=s['zone'] + "管委会", key=s['zone'], level="county", zone=True)
    add("sentence_release", f"按照《中华人民共和国政府信息公开工作年度报告格式》要求，现公布《{s['pref']}{s['county']}{y}年政府信息公开工作年度报告》，全文如下。\n" + B,
        body=s['pref'] + s['county'], key=s['pref'] + s['county'], level="county")
    add("sentence_by_town", f"根据要求，由{s['town']}人民政府编制的{y}年政府信息公开工作年度报告如下。\n" + BODY_B.format(y=y, short="我镇"),
        body=gov(s['town']), key=s['town'], level="township")
    add("year_last_fullwidth", f"{s['district']}人民政府政府信息公开工作年度报告（{y}年）\n" + B, body=gov(s['district']), key=s['district'], level="county")
    add("year_first_street", f"{y}年度{s['pref']}{s['district']}{s['street']}办事处政府信息公开年度报告\n" + B,
        body=f"{s['pref']}{s['district']}{s['street']}办事处", key=f"{s['pref']}{s['district']}{s['street']}", level="township")
    add("gongzuo_baogao", f"{s['county']}人民政府{y}年政府信息公开工作报告\n" + B, body=gov(s['county']), key=s['county'], level="county")
    add("guanyu_no_body", f"关于{y}年度政府信息公开工作年度报告\n" + B + f"\n二、主动公开情况\n略。\n\n{s['dept']}\n{y1}年2月{k + 3}日",
        body=s['dept'], key=s['dept'], level="department", published=f"{y1}-02-0{k + 3}", published_source="signature")
    add("split_three_lines", f"{s['pref']}\n{y}年政府信息公开\n工作年度报告\n" + BODY_B.format(y=y, short="我市"), body=s['pref'], key=s['pref'], level="city")
    add("spaces_in_name", f"{' '.join(s['county'])}人民政府 {y}年政府信息公开工作年度报告\n" + B, body=gov(s['county']), key=s['county'], level="county")
    add("quote_curly", f"根据有关规定，现将“{s['dept']}{y}年政府信息公开工作年度报告”予以公布。\n" + B, body=s['dept'], key=s['dept'], level="department")
    add("subject_we_district", f"政府信息公开工作年度报告（{y}年度）\n本报告由{s['pref']}{s['district']}人民政府办公室根据《条例》要求编制。\n{y}年，我区围绕中心工作。\n",
        body=gov(s['pref'] + s['district']), key=s['pref'] + s['district'], level="county")
    add("bare_jie", f"{s['street'][:2]}街{y}年政府信息公开工作年度报告\n" + B, body=s['street'][:2] + "街", key=s['street'][:2] + "街", level="township")
    add("zone_new_area", f"{s['zone']}{y}年政府信息公开工作年度报告\n" + B, body=s['zone'], key=s['zone'], level="county", zone=True)
    add("autonomous_pref", f"{s['county'][:2]}藏族自治州人民政府{y}年政府信息公开工作年度报告\n" + B, body=gov(s['county'][:2] + "藏族自治州"), key=s['county'][:2] + "藏族自治州", level="city")
    add("prov_office", f"{s['prov']}人民政府办公厅{y}年政府信息公开工作年度报告\n" + B, body=s['prov'] + "人民政府办公厅", key=s['prov'] + "人民政府办公厅", level="department")
    listed = ["海门市", "宜兴市", "瑞安市"][k]
    add("listed_city", f"{listed}{y}年政府信息公开工作年度报告\n" + B, body=listed, key=listed, level="county")
    add("city_chain_text", f"{s['county'][:2]}市人民政府{y}年政府信息公开工作年度报告\n本报告由{s['pref']}{s['county'][:2]}市人民政府办公室编制。\n", body=gov(s['county'][:2] + "市"), key=s['pref'] + s['county'][:2] + "市", level="county")
    add("html_pubdate_lower", f'<html><head><meta name="publishdate" content="{y1}-01-1{k}"><title>{s["county"]}{y}年政府信息公开工作年度报告-{s["county"]}人民政府网</title></head><body><div class="content"><p>{B}</p></div></body></html>',
        form="html", body=s['county'], key=s['county'], level="county", published=f"{y1}-01-1{k}", published_source="meta:publishdate")
    add("dateline_cn", f"{s['county']}人民政府{y}年政府信息公开工作年度报告\n（二〇二{CN[y1 % 10]}年一月二十{CN[k]}日）\n" + B if k else f"{s['county']}人民政府{y}年政府信息公开工作年度报告\n（{y1}年1月8日）\n" + B,
        body=gov(s['county']), key=s['county'], level="county", published=(f"{y1}-01-2{k}" if k else f"{y1}-01-08"), published_source="dateline")
    return cases


CN = "〇一二三四五六七八九"


def gov(name: str) -> str:
    return name + "人民政府"


def _html(s: dict, title: str, pubdate: str) -> str:
    body = OPENING.format(who=s["dept"], y=s["y"], short="本机关").replace("\n", "</p><p>")
    return (f'<html><head><meta charset="utf-8"><title>{title}_{s["dept"]}</title>'
            f'<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{pubdate}">'
            f'<meta name="ContentSource" content="{s["dept"]}"></head><body>'
            f'<div class="nav"><a href="/">首页</a></div><div class="main"><h1>{title}</h1>'
            f'<div class="info">发布时间：{pubdate[:10]} 来源：{s["dept"]}</div><div class="content"><p>{body}</p>'
            f'</div></div><div class="footer">主办单位：{s["dept"]}</div></body></html>')


def main() -> None:
    rows = [case for k, s in enumerate(SETS) for case in cases(s, k)]
    rows += [case for k, s in enumerate(SETS_B) for case in cases_b(s, k)]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} openings in {len({r['class'] for r in rows})} classes -> {OUT}")


if __name__ == "__main__":
    main()

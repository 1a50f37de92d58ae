"""Our own invented annual reports for the scorecard tests: a 2021-format report of the fictional 东川县 (or one of
its departments) whose every part can be replaced, so that each indicator is shown passing and failing.

Nothing here is taken from a real report; the table layouts are the statutory forms (国办公开办函〔2021〕30号).
"""
from __future__ import annotations

from pathlib import Path

T3_ROWS = [
    ("一、本年新收政府信息公开申请数量", "", "new"), ("二、上年结转政府信息公开申请数量", "", "carried_in"),
    ("三、本年度办理结果", "（一）予以公开", "disclosed"),
    ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partly_disclosed"),
    ("（三）不予公开", "1.属于国家秘密", ""), ("", "2.其他法律行政法规禁止公开", ""), ("", "3.危及“三安全一稳定”", ""),
    ("", "4.保护第三方合法权益", ""), ("", "5.属于三类内部事务信息", ""), ("", "6.属于四类过程性信息", ""),
    ("", "7.属于行政执法案卷", ""), ("", "8.属于行政查询事项", ""),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", "not_held"), ("", "2.没有现成信息需要另行制作", ""),
    ("", "3.补正后申请内容仍不明确", ""),
    ("（五）不予处理", "1.信访举报投诉类申请", ""), ("", "2.重复申请", ""), ("", "3.要求提供公开出版物", ""),
    ("", "4.无正当理由大量反复申请", ""), ("", "5.要求行政机关确认或重新出具已获取信息", ""),
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ""),
    ("", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "unpaid_fee"),
    ("", "3.其他", ""), ("", "（七）总计", "total"), ("四、结转下年度继续办理", "", "carried_out"),
]

OVERVIEW = ("（一）主动公开。全年通过县政府门户网站主动公开政府信息2150条，更新“政策文件”栏目文件36件。\n"
            "（二）依申请公开。全年新收政府信息公开申请{apps}件，均在法定期限内答复。\n"
            "（三）监督保障。{extras}\n")
EXTRAS = "将政务公开工作纳入全县绩效考核；组织开展政务公开社会评议1次，群众满意率为96%；本年度未发生责任追究情况。"
PROBLEMS = ("一是政策解读材料以文字稿为主，图解和短视频解读仅占一成。\n"
            "二是“民生服务”专栏中12个子栏目更新滞后。\n"
            "下一步，我县将出台《东川县政策解读工作办法》，按季度检查专栏更新情况。\n")
OTHER = "（一）信息处理费收取情况。本年度未收取信息处理费。\n（二）建议提案办理情况。全年办理人大代表建议45件。\n"


def t3_table(new: int = 20, carried: int = 1, disclosed: int = 12, partly: int = 3, not_held: int = 5,
             unpaid_fee: int = 0, carried_out: int = 1, total: int | None = None) -> str:
    values = {"new": new, "carried_in": carried, "disclosed": disclosed, "partly_disclosed": partly,
              "not_held": not_held, "unpaid_fee": unpaid_fee, "carried_out": carried_out}
    values["total"] = disclosed + partly + not_held + unpaid_fee if total is None else total
    lines = ["| | | 申请人情况 | | | | | | |", "| | | 自然人 | 法人或其他组织 | | | | | 总计 |",
             "| | | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |"]
    for first, second, key in T3_ROWS:
        v = values.get(key, 0)
        lines.append(f"| {first} | {second} | {v} | 0 | 0 | 0 | 0 | 0 | {v} |")
    return "\n".join(lines) + "\n"


T2 = ("| 第二十条第（一）项 | | | |\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 0 | 0 | 0 |\n"
      "| 行政规范性文件 | 4 | 1 | 33 |\n| 第二十条第（五）项 | | | |\n| 信息内容 | 本年处理决定数量 | | |\n"
      "| 行政许可 | 860 | | |\n| 第二十条第（六）项 | | | |\n| 信息内容 | 本年处理决定数量 | | |\n| 行政处罚 | 75 | | |\n"
      "| 行政强制 | 4 | | |\n| 第二十条第（八）项 | | | |\n| 信息内容 | 本年收费金额（万元） | | |\n"
      "| 行政事业性收费 | {fee} | | |\n")
T4 = ("| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |\n"
      "| | | | | | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |\n"
      "| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | "
      "结果纠正 | 其他结果 | 尚未审结 | 总计 |\n| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n")


def report_text(body: str = "东川县人民政府", year: int = 2021, *, overview: str | None = None, apps: int = 20,
                extras: str = EXTRAS, t2_fee: str = "18.5", t3: str | None = None, problems: str = PROBLEMS,
                other: str = OTHER, headings: dict[str, str] | None = None, header: str = "") -> str:
    """The text of a report; ``headings`` replaces a section heading ("" drops the heading and its section)."""
    h = {"overview": "一、总体情况", "proactive": "二、主动公开政府信息情况", "applications": "三、收到和处理政府信息公开申请情况",
         "review": "四、政府信息公开行政复议、行政诉讼情况", "problems": "五、存在的主要问题及改进情况",
         "other": "六、其他需要报告的事项", **(headings or {})}
    parts = [
        ("overview", (overview if overview is not None else OVERVIEW.format(apps=apps, extras=extras))),
        ("proactive", T2.format(fee=t2_fee)), ("applications", t3 if t3 is not None else t3_table(new=apps)),
        ("review", "全年被申请行政复议1件，结果维持。\n" + T4), ("problems", problems), ("other", other),
    ]
    text = header + f"{body}\n{year}年政府信息公开工作年度报告\n本报告依据《中华人民共和国政府信息公开条例》编制，统计期限为{year}年1月1日至12月31日。\n"
    for key, content in parts:
        if h[key] == "":
            continue
        text += f"{h[key]}\n{content}"
    return text


def crawl_header(title: str, published: str) -> str:
    """A crawler's header (发布时间 is the page's publication time)."""
    return (f"标题: {title}\n发布时间: {published} 09:30\n发布机构: 东川县人民政府办公室\n原文链接: https://example.invalid/a.htm\n"
            "==================== 正文 ====================\n")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path

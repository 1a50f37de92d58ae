"""What the workbook shows: its sheets (which output file, which rows), the Chinese header of every column with its
meaning (the 说明 sheet), and the columns added beside codes (topic names, rule and table labels).

Columns are taken from the output file itself, so a column another stage adds later appears in the workbook at
once (headed by its CSV name until it is described here).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sheet:
    """A sheet: its name, the output table it shows (``nlp.schema`` name), the rows kept (column, value)."""

    name: str
    table: str
    where: tuple[str, str] | None = None


SHEETS = (
    Sheet("报告", "reports"),
    Sheet("问题", "items", ("kind", "problem")),
    Sheet("承诺", "items", ("kind", "commitment")),
    Sheet("措施", "items", ("kind", "measure")),
    Sheet("承诺落实", "followup"),
    Sheet("反复出现的问题", "recurring"),
    Sheet("勾稽校验", "checks"),
    Sheet("评分", "scorecard"),
    Sheet("统计表", "tables"),
)
GUIDE = "说明"

# Columns added to a sheet, right after the code they name: (after column, new column).
DERIVED = {
    "items": (("main_topics", "main_topic_names"),),
    "followup": (("topics", "topic_names"),),
    "checks": (("rule", "rule_name"),),
    "tables": (("table", "table_name"), ("row_key", "row_label"), ("col_key", "col_label")),
}
# Where a column stands in a sheet when the file has it elsewhere (topic names beside the topic codes).
BESIDE = {"items": (("topic_names", "topics"),)}

# Columns of long text: wide and wrapped.
LONG = {"text", "message", "title", "path", "evidence", "commitment_text", "evidence_text", "problem_text", "examples",
        "reason", "note", "score_basis", "features", "terms", "table_note"}
# Columns written as numbers where the cell holds one (Excel then sorts and filters them as numbers).
NUMERIC = {"year", "n_chars", "n_pages", "seconds", "start", "end", "page", "seq", "vague", "value", "expected",
           "actual", "score", "coverage", "evidence_year", "n_years", "first_year", "last_year", "longest_streak",
           "still_open", "returned", "copied_evidence", "table_cells_read", "table_cells_expected"}
STATUS_COLUMNS = {"status"}  # coloured by value (also every scorecard indicator)

_COMMON = {
    "report_id": ("报告标识", "文件名（不含扩展名），同名文件带扩展名或序号"),
    "jurisdiction": ("报告主体", "主体的规范名称（lexicons/bodies.yaml），同一主体不同年份据此归为一个序列"),
    "year": ("年度", "报告所述年度（不是发布年度）"),
    "page": ("页码", "原文件页码（PDF 等有分页的格式）"),
    "start": ("起始位置", "在可分析文本中的字符偏移"),
    "end": ("结束位置", "在可分析文本中的字符偏移"),
    "level": ("层级", "province 省级 / city 市级 / county 县级 / township 乡镇 / department 部门"),
}
_INDICATORS = {
    "on_time": ("按时发布", "发布日期是否在法定期限内（部门1月31日、政府3月31日；2018年及以前3月31日）"),
    "sections_complete": ("章节完整", "所属格式的法定章节是否齐全、顺序正确、编号不重复"),
    "format_matches_year": ("格式与年度相符", "统计表格式（2019试行/2021版）是否与所述年度相符"),
    "tables_complete": ("统计表完整", "法定统计表的单元格是否全部读出"),
    "tables_consistent": ("统计表勾稽一致", "checks.csv 中不一致（fail）或存疑的校验规则"),
    "government_extras": ("考核评议追究", "人民政府报告是否报告工作考核、社会评议、责任追究结果（条例第五十条）"),
    "fees_reported": ("信息处理费说明", "是否说明收取信息处理费情况，并与表三、表二一致"),
    "problems_specific": ("问题具体", "是否列出具体问题而非“无”或套话；泛泛而谈问题的比例"),
    "promises_followed": ("上年承诺落实", "上一年承诺中已落实或部分落实的比例（followup.csv）"),
    "not_copied": ("未照搬上年", "第五部分、总体情况与上年的相似度，过时年份，原样沿用的条目"),
    "applications_plausible": ("申请数合理", "正文与表三的申请数是否一致；无申请却有办理结果等"),
}
HEADERS: dict[str, dict[str, tuple[str, str]]] = {
    "reports": {
        "path": ("文件路径", "输入文件路径"), "status": ("状态", "ok 正常 / warning 警告 / error 无法读取"),
        "message": ("说明", "警告或错误的原因"), "format": ("格式", "pre2019 / 2019（〔2019〕60号）/ 2021（〔2021〕30号）"),
        "title": ("标题", "报告标题"), "n_chars": ("字数", "可分析文本的字符数"), "n_pages": ("页数", "页数"),
        "sha256": ("SHA-256", "文件内容的 SHA-256"), "kind": ("读取方式", "pdf / html / docx / text / crawl"),
        "encoding": ("编码", "文本文件识别出的编码"), "seconds": ("耗时（秒）", "处理该文件所用秒数"),
        "body": ("主体名称（原文）", "报告中印出的主体名称"), "body_source": ("主体来源", "主体名称取自何处"),
        "government_level": ("所属政府层级", "部门所属政府的层级"), "zone": ("开发区", "是否为开发区、功能区"),
        "published": ("发布日期", "发布日期 YYYY-MM-DD"), "published_source": ("发布日期来源",
                                                                       "meta:PubDate / crawl:发布时间 / 落款 / PDF 文件日期等"),
        "publisher": ("发布机构", "页面的发布单位"), "index_number": ("索引号", "页面的索引号"),
        "document_number": ("文号", "页面的文号"), "table_cells_read": ("已读单元格", "统计表已读出的单元格数"),
        "table_cells_expected": ("应有单元格", "统计表应有的单元格数"),
        "table_complete": ("统计表完整", "yes / partly / no / none（该格式无法定统计表）"),
        "table_note": ("统计表说明", "未读出部分的原因"),
    },
    "items": {
        "item_id": ("条目标识", "报告标识 + 类别首字母 + 序号"), "kind": ("类别", "measure 措施 / problem 问题 / "
                                                                         "commitment 承诺 / followup 整改情况"),
        "section": ("章节", "所在章节的键"), "seq": ("序号", "同一报告同一类别中的序号"),
        "label": ("编号或子标题", "条目的序号路径或子标题"), "text": ("原文", "条目原文"),
        "topics": ("主题编号", "条目提到的全部主题（T01–T36）"), "topic_names": ("主题名称", "主题编号对应的中文名称"),
        "terms": ("依据词", "命中的词语，即主题的依据"), "vague": ("泛泛而谈", "仅问题：1 表示没有指出具体对象、数字或领域"),
        "main_topics": ("主要主题", "条目“讲的是”的 1–3 个主题"), "main_topic_names": ("主要主题名称", "主要主题的中文名称"),
    },
    "followup": {
        "commitment_item_id": ("承诺标识", "上一年承诺的条目标识"), "commitment_text": ("承诺原文", "上一年的承诺"),
        "topics": ("主题编号", "承诺的主题"), "topic_names": ("主题名称", "主题编号对应的中文名称"),
        "status": ("落实情况", "reported 已落实 / partly 部分落实 / not_reported 未见落实 / repeated 重复承诺 / "
                               "no_next_report 无次年报告 / no_commitment 问题无对应承诺"),
        "evidence_item_id": ("证据标识", "下一年报告中作为证据的条目"), "evidence_text": ("证据原文", "下一年报告中的证据句"),
        "evidence_year": ("证据年度", "证据所在报告的年度"), "score": ("匹配强度", "承诺与证据的匹配强度（0–1）"),
        "reason": ("判断依据", "状态及起决定作用的特征"), "next_report_id": ("次年报告", "下一年报告的标识"),
        "problem_item_id": ("问题标识", "承诺所针对的问题"), "problem_text": ("问题原文", "承诺所针对的问题"),
        "coverage": ("覆盖比例", "承诺中列举的内容被证据覆盖的比例"), "repeated_item_id": ("重复承诺", "下一年重复的同一承诺"),
        "repeats_prev_item_id": ("重复上年承诺", "本承诺重复的上一年承诺"), "stale_year": ("过时年份", "承诺中的过时年份"),
        "features": ("特征", "决定状态的具名特征"), "copied_evidence": ("证据照抄", "1 表示证据句照抄自上一年报告"),
    },
    "recurring": {
        "topic": ("主题编号", "问题主题"), "topic_name": ("主题名称", "主题的中文名称"),
        "years": ("出现年份", "该主题出现在问题中的年份"), "n_years": ("出现年数", "出现的年数"),
        "first_year": ("首次", "首次出现年份"), "last_year": ("最近", "最近出现年份"),
        "longest_streak": ("最长连续年数", "最长连续出现年数"), "still_open": ("仍存在", "1 表示最近一年仍存在"),
        "returned": ("反复", "1 表示消失后又出现"), "gap_years": ("间断年份", "有报告但未出现的年份"),
        "series_years": ("报告年份", "该主体有报告的年份"), "examples": ("示例", "问题原文及年份"),
    },
    "checks": {
        "rule": ("规则", "校验规则名"), "rule_name": ("规则说明", "规则的中文说明"),
        "status": ("结果", "pass 通过 / fail 不一致 / uncertain 存疑 / not_assessable 无法判断"),
        "expected": ("应为", "由各部分推出的数值"), "actual": ("实际", "表中印出的数值"),
        "message": ("说明", "校验说明"), "evidence": ("依据", "单元格及页码、正文句子及位置"),
    },
    "scorecard": {
        "score": ("得分", "加权得分（0–100），权重见 lexicons/scorecard.yaml；不单独使用，见各项结果"),
        "score_basis": ("得分构成", "计入得分的指标、权重及未计入的指标"),
        **{k: (zh, f"{meaning}：pass 通过 / warn 提示 / fail 不合格 / unknown 无法判断") for k, (zh, meaning) in
           _INDICATORS.items()},
        **{f"{k}_evidence": (f"{zh}·依据", "判断依据：原文句子、单元格或日期及其位置（text@偏移 p页码）")
           for k, (zh, _) in _INDICATORS.items()},
    },
    "tables": {
        "table": ("表", "t2 主动公开 / t3 依申请 / t4 复议诉讼"), "table_name": ("表名", "表的中文名称"),
        "row_key": ("行键", "行的英文键"), "row_label": ("行", "行的中文标签"), "col_key": ("列键", "列的英文键"),
        "col_label": ("列", "列的中文标签"), "raw": ("原文", "单元格原文"), "value": ("数值", "数字或 0 时的数值"),
        "value_kind": ("值类型", "number / zero / blank 空白 / dash 横线 / text 文字 / unreadable 无法读取"),
        "note": ("读取说明", "读取时做过的修复"),
    },
}
TABLE_NAMES = {"t2": "主动公开政府信息情况", "t3": "收到和处理政府信息公开申请情况", "t4": "行政复议、行政诉讼情况"}
INDICATOR_COLUMNS = set(_INDICATORS)


def header(table: str, column: str) -> tuple[str, str]:
    """(Chinese header, meaning) of a column of an output table; the CSV name when it is not described."""
    return HEADERS.get(table, {}).get(column) or _COMMON.get(column) or (column, "")


def is_long(column: str) -> bool:
    return column in LONG or column.endswith("_evidence")

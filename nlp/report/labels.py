"""What the HTML report calls the codes found in the outputs: levels, formats, file kinds, statuses, follow-up
statuses (with their colours), copied-text flags and the families of check rules.

One table per code list, so that every page (and the charts' legends) names a code the same way.
"""
from __future__ import annotations

LEVELS = {"province": "省级 province", "city": "市级 city", "county": "县级 county", "township": "乡镇 township",
          "department": "部门 department", "": "未识别 unknown"}
LEVEL_ORDER = ["province", "city", "county", "township", "department", ""]
FORMATS = {"2021": "2021 版表格（〔2021〕30号）", "2019": "2019 版试行表格（〔2019〕60号）", "pre2019": "2019 年以前格式",
           "": "未识别 unknown"}
FORMAT_ORDER = ["2021", "2019", "pre2019", ""]
KINDS = {"pdf": "PDF", "html": "网页 HTML", "docx": "Word DOCX", "text": "文本 TXT", "crawl": "爬取页面 crawl", "": "—"}
STATUSES = {"ok": "正常 ok", "warning": "警告 warning", "error": "失败 error"}
STATUS_ORDER = ["ok", "warning", "error"]
CHECK_STATUSES = {"pass": "通过", "fail": "不一致", "uncertain": "存疑", "not_assessable": "无法判断"}
FOLLOWUP_STATUSES = {  # status → (Chinese label, English, colour)
    "reported": ("已落实", "reported", "#1a9850"),
    "partly": ("部分落实", "partly", "#a6d96a"),
    "repeated": ("重复承诺", "repeated", "#fdae61"),
    "not_reported": ("未见落实", "not reported", "#d73027"),
    "no_commitment": ("问题无对应承诺", "no commitment", "#9e6fb5"),
    "no_next_report": ("无次年报告", "no next report", "#bdbdbd"),
}
JUDGED = ("reported", "partly", "not_reported", "repeated")  # follow-up rows with a next report to judge by
SERIES_FLAGS = {
    "near_duplicate_problems": "第五部分（问题与改进）与上年高度相似",
    "near_duplicate_overview": "总体情况与上年高度相似",
    "stale_year": "承诺中出现已过去的年份（照搬上年）",
    "gap": "与上一份报告不是相邻年度",
}
RULE_FAMILIES = [  # rule prefix → (table, Chinese description)
    ("xyear_t3_carry_over", "t3", "跨年：上年结转下年度 = 本年上年结转"),
    ("xyear_t2_in_force_", "t2", "跨年：现行有效 = 上年现行有效 + 本年制发 − 本年废止"),
    ("t3_balance_", "t3", "表三：新收 + 上年结转 = 办理结果总计 + 结转下年度"),
    ("t3_results_total_", "t3", "表三：各项办理结果之和 = 总计"),
    ("t3_applicants_sum_", "t3", "表三：各类申请人之和 = 总计"),
    ("t3_group_", "t3", "表三：分组小计"),
    ("t4_sum_", "t4", "表四：维持 + 纠正 + 其他 + 尚未审结 = 总计"),
    ("t2_value_", "t2", "表二：数值应为非负整数"),
    ("t2_read", "t2", "表二（主动公开）读取"),
    ("t3_read", "t3", "表三（依申请）读取"),
    ("t4_read", "t4", "表四（复议诉讼）读取"),
    ("text_", "", "正文数字与表格对照"),
]

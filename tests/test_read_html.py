from nlp.runtime.pipeline import load_document
from nlp.read import read

PAGE = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>北山区2021年政府信息公开工作年度报告_北山区人民政府</title>
<script>var x = "不应出现";</script><style>.a{}</style></head><body>
<div class="header"><a href="/">首页</a><a href="/zwgk">政务公开</a></div>
<div class="nav"><ul><li><a>机构概况</a></li><li><a>政策文件</a></li></ul></div>
<div class="position">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>
<div class="main"><div class="article">
<h1>北山区2021年政府信息公开工作年度报告</h1>
<div class="info">发布时间：2022-01-28 来源：北山区人民政府办公室</div>
<div class="share">分享到：微信 微博 QQ空间</div>
<div class="TRS_Editor">
<p>根据《中华人民共和国政府信息公开条例》规定，编制本报告。</p>
<p>一、总体情况</p>
<p>2021年，北山区共主动公开政府信息3210条，其中政策解读45篇。</p>
<p>二、主动公开政府信息情况</p>
<table border="1"><tr><td rowspan="2">信息内容</td><td colspan="3">第二十条第（一）项</td></tr>
<tr><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>行政规范性文件</td><td>5</td><td>1</td><td>38</td></tr></table>
<p>五、存在的主要问题及改进情况</p><p>政策解读形式较为单一。</p>
</div></div></div>
<div class="related"><a>相关链接一</a><a>相关链接二</a></div>
<div class="footer">主办单位：北山区人民政府办公室 网站标识码：1234567890 某ICP备12345678号</div>
</body></html>"""


def test_article_body_only_and_tables_as_rows(tmp_path):
    p = tmp_path / "t20220128_1.html"
    p.write_bytes(PAGE.encode("gbk"))
    raw = read(p)
    text = raw.pages[0].text
    for chrome in ("机构概况", "当前位置", "分享到", "相关链接一", "主办单位", "ICP备", "不应出现", "微博"):
        assert chrome not in text, chrome
    assert "2021年，北山区共主动公开政府信息3210条" in text
    assert "| 信息内容 | 第二十条第（一）项 | | |" in text
    assert "| | 本年制发件数 | 本年废止件数 | 现行有效件数 |" in text
    assert "| 行政规范性文件 | 5 | 1 | 38 |" in text
    doc = load_document(p)
    assert (doc.metadata.jurisdiction, doc.metadata.year, doc.metadata.format) == ("北山区", 2021, "2021")

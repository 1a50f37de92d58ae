import codecs

import pytest

from nlp.errors import ReadError
from nlp.read import read
from nlp.read.encoding import decode

SAMPLE = "青溪县人民政府2021年政府信息公开工作年度报告\n一、总体情况\n2021年，我县共主动公开政府信息1234条，收到政府信息公开申请15件。\n"


@pytest.mark.parametrize("codec", ["utf-8", "gbk", "gb18030", "utf-16-le", "utf-16-be", "big5"])
def test_decodes_each_encoding_without_bom(codec):
    text = SAMPLE if codec != "big5" else "臺灣省政府資訊公開年度報告，本年度共受理申請十五件，均依法答覆。"
    out, name, _ = decode(text.encode(codec))
    assert out == text
    assert name.startswith(codec.split("-")[0][:3]) or name == "gb18030"


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                       (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_decodes_with_bom_and_drops_it(bom, codec):
    out, name, _ = decode(bom + SAMPLE.encode(codec))
    assert out == SAMPLE
    assert "\ufeff" not in out


def test_gbk_file_is_read_right(tmp_path):
    p = tmp_path / "年报.txt"
    p.write_bytes(SAMPLE.encode("gbk"))
    doc = read(p)
    assert doc.encoding == "gb18030"
    assert "政府信息公开申请15件" in doc.pages[0].text


def test_gbk_is_not_mistaken_for_big5():
    data = SAMPLE.encode("gbk")
    assert decode(data)[1] == "gb18030"


def test_binary_junk_is_refused():
    import random

    rng = random.Random(7)
    junk = bytes(rng.randrange(256) for _ in range(5000))
    with pytest.raises(ReadError, match="not a text file|binary"):
        decode(junk)


def test_empty_and_blank_are_refused():
    with pytest.raises(ReadError, match="empty"):
        decode(b"   \n\n")


# A page saved in GBK with a header or footer pasted in UTF-8 (or two files joined): UTF-8 bytes often pass for
# GB18030 pairs, so without reading line by line the pasted line is either mojibake (缃戠珯 for 网站) or, when it
# breaks a pair, the whole report is refused.
FOOTER = "本报告数据统计期限为当年1月1日至12月31日。\n"
HEADER = "网站页眉：青溪县人民政府门户网站\n"


@pytest.mark.parametrize("data", [SAMPLE.encode("gbk") * 5 + FOOTER.encode("utf-8"),
                                  HEADER.encode("utf-8") + SAMPLE.encode("gb18030") * 5],
                         ids=["utf8-footer", "utf8-header"])
def test_lines_in_two_encodings_are_each_read_in_their_own(data):
    text, name, warnings = decode(data)
    assert text in (SAMPLE * 5 + FOOTER, HEADER + SAMPLE * 5)
    assert name == "gb18030+utf-8"
    assert warnings == ["lines in two encodings: 15 read as GB18030, 1 as UTF-8 (pasted together?)"]


def test_a_line_valid_in_neither_encoding_is_still_refused():
    with pytest.raises(ReadError):
        decode(SAMPLE.encode("gbk") * 5 + b"\xff\xfe\xfd\x81\n" * 40 + FOOTER.encode("utf-8"))

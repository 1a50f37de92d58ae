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

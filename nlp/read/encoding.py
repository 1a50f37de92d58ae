"""Decoding text bytes in the encodings Chinese documents are published in.

Candidates are tried strictly (no replacement characters), and a decoding is accepted only when the result
looks like Chinese prose: a wrong codec that happens to decode (GBK bytes read as Big5, say) gives rare
characters, which the common-character test below rejects. When nothing is convincing we refuse with a clear
error instead of guessing.

A UTF-8 report damaged in transit is still read when the damage is small: a file cut inside its last
character (a download that stopped a few bytes short) loses that character, and a few stray bytes in an
otherwise valid UTF-8 text become U+FFFD; both with a warning that says what was lost. A whole report is never
thrown away for a handful of bytes.
"""
from __future__ import annotations

import codecs
import re
from typing import NamedTuple

from ..errors import ReadError

# The most frequent characters of modern written Chinese (common-character lists), plus the vocabulary of
# government reports. Real text has most of its CJK characters in this set; a wrong decoding does not.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而"
    "方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应"
    "开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命"
    "此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求"
    "老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研需务"
    "信息申请办理网站规范工作领导县市省局委员会改革服务监督制度落实推进完善加强健全机构培训解读回应栏目新闻媒"
    "体平台依据条例报告统计截止月日共计累计收到答复复议诉讼案件维持纠正予以部分不予无法提供其他结转审查保密"
    "责任考核评议追究存在问题主要措施下一步继续深化提升切实确保及时准确全面要求按照根据开展组织召开会议印发"
    "通知方案意见办法规定实施细则目录指南政务公开透明窗口热线电话邮箱地址编码联系人民政府办公室街道乡镇村社区"
    "教育卫生健康财政预算决算收费项目采购招标投标环境保护安全生产食品药品价格社会保障就业住房城乡建设交通"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def common_ratio(text: str) -> float:
    """Share of the non-ASCII letters that are common Chinese characters (1.0 for pure ASCII text).

    A wrong codec produces rare CJK characters, Hangul or other scripts: all of them count against it.
    """
    letters = [c for c in text[:20000] if not c.isascii() and c.isalpha()]
    if not letters:
        return 1.0
    return sum(c in _COMMON for c in letters) / len(letters)


def _is_binary(text: str) -> bool:
    sample = text[:20000]
    return bool(sample) and len(_CONTROL.findall(sample)) > max(2, len(sample) // 200)


class Decoded(NamedTuple):
    text: str
    encoding: str
    warnings: list[str]


# At most this many bytes in a thousand may be invalid for a text to be read as damaged UTF-8 rather than as
# another encoding (GBK read as UTF-8 is invalid almost everywhere).
_DAMAGE_PER_MILLE = 2
_REPLACED = re.compile("\ufffd+")


def decode(data: bytes) -> Decoded:
    """Return the text, the encoding's name and warnings about damage repaired. Raises ReadError for binary data
    or an undeterminable encoding."""
    if not data.strip():
        raise ReadError("empty file (no text)")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(name)
            except UnicodeDecodeError as exc:
                if name == "utf-8":
                    return _damaged_utf8(data[len(bom):], "utf-8 (BOM)") or _refuse_bom(name, exc)
                _refuse_bom(name, exc)
            return _checked(text, name + (" (BOM)" if name == "utf-8" else ""))
    # UTF-16 without BOM: every other byte is NUL for ASCII-heavy text.
    even, odd = data[0:4000:2], data[1:4000:2]
    if len(data) >= 4 and (odd.count(0) > len(odd) * 0.3 or even.count(0) > len(even) * 0.3):
        name = "utf-16-le" if odd.count(0) > even.count(0) else "utf-16-be"
        try:
            return _checked(data.decode(name), name)
        except UnicodeDecodeError:
            pass
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    candidates = []
    names = ("gb18030", "big5", "utf-16-le", "utf-16-be") if len(data) % 2 == 0 else ("gb18030", "big5")
    for name in names:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if not _is_binary(text):
            candidates.append((common_ratio(text), name, text))
    candidates.sort(reverse=True)
    if candidates and candidates[0][0] >= 0.35:
        ratio, name, text = candidates[0]
        mixed = _mixed_lines(data) if name == "gb18030" and _has_utf8_lines(data) else None
        return mixed or Decoded(text, name, [])
    # Only when no encoding reads it cleanly: UTF-8 with a little damage (a GBK text with few Chinese
    # characters must not pass for damaged UTF-8), then lines in two encodings.
    damaged = _damaged_utf8(data, "utf-8") or _mixed_lines(data)
    if damaged:
        return damaged
    if candidates:
        raise ReadError("the text encoding cannot be determined reliably (decodes as "
                        + "/".join(c[1] for c in candidates) + " but gives implausible characters); "
                        "save the file as UTF-8")
    raise ReadError("not a text file: the bytes are not valid UTF-8, GB18030/GBK, UTF-16 or Big5 (binary data?)")


def _refuse_bom(name: str, exc: UnicodeDecodeError):
    raise ReadError(f"declares {name} by its byte-order mark but is not valid {name}: {exc.reason}") from exc


def _damaged_utf8(data: bytes, name: str) -> Decoded | None:
    """UTF-8 with a little damage, read with a warning; None when it is not UTF-8 at all."""
    warnings = []
    tail = _incomplete_tail(data)
    if tail:
        data = data[:-tail]
        warnings.append(f"the file ends inside a character: its last {tail} byte(s) were dropped "
                        "(a download or copy cut short?)")
    text = data.decode("utf-8", errors="replace")
    # a stray byte inside a character spoils its neighbours too: count places, not replacement characters
    bad = len(_REPLACED.findall(text)) - len(_REPLACED.findall(data.decode("utf-8", errors="ignore")))
    if bad > max(2, len(data) * _DAMAGE_PER_MILLE // 1000):
        return None
    if bad:
        warnings.append(f"{bad} place(s) with bytes that are not valid UTF-8: replaced with \ufffd")
    checked = _checked(text, name)
    if common_ratio(checked.text) < 0.35:
        return None
    return Decoded(checked.text, name, warnings)


def _has_utf8_lines(data: bytes) -> bool:
    """Whether a text that decodes as GB18030 has a line of Chinese in UTF-8 (UTF-8 bytes often pass for GB18030
    pairs, and read as rare characters: 缃戠珯 for 网站)."""
    return any(not raw.isascii() and _utf8_line(raw) for raw in data.split(b"\n"))


def _utf8_line(raw: bytes) -> bool:
    """A line that is valid UTF-8 and reads as Chinese better than as GB18030."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return common_ratio(text) > common_ratio(raw.decode("gb18030", errors="replace"))


def _mixed_lines(data: bytes) -> Decoded | None:
    """A GBK/GB18030 text with lines in UTF-8, or the reverse (a page saved in one encoding with a header or footer
    pasted in the other, or two files joined): each line read in the encoding it is valid in, UTF-8 where it also
    reads better as Chinese (Chinese GBK bytes are almost never valid UTF-8, while UTF-8 bytes often pass for
    GB18030 pairs), with a warning. None unless every line is valid in one of the two, both occur, and the text
    reads as Chinese."""
    lines: list[str] = []
    counts = {"utf-8": 0, "gb18030": 0}
    for raw in data.split(b"\n"):
        name = "utf-8" if not raw.isascii() and _utf8_line(raw) else "gb18030"
        try:
            lines.append(raw.decode(name))
        except UnicodeDecodeError:
            return None
        counts[name] += not raw.isascii()
    if not all(counts.values()):
        return None
    checked = _checked("\n".join(lines), "gb18030+utf-8")
    if common_ratio(checked.text) < 0.35:
        return None
    return Decoded(checked.text, checked.encoding, [f"lines in two encodings: {counts['gb18030']} read as GB18030, "
                                                    f"{counts['utf-8']} as UTF-8 (pasted together?)"])


def _incomplete_tail(data: bytes) -> int:
    """The number of bytes of a UTF-8 character cut off at the end of ``data`` (0 when the end is whole)."""
    for k in range(1, min(4, len(data)) + 1):
        b = data[-k]
        if b & 0xC0 != 0x80:  # not a continuation byte: the start of the last character
            need = 2 if b & 0xE0 == 0xC0 else 3 if b & 0xF0 == 0xE0 else 4 if b & 0xF8 == 0xF0 else 1
            return k if need > k else 0
    return 0


def _checked(text: str, name: str) -> Decoded:
    if _is_binary(text):
        raise ReadError(f"binary data, not text (decodes as {name} but is full of control characters)")
    if not text.strip():
        raise ReadError("empty file (only whitespace)")
    return Decoded(text, name, [])

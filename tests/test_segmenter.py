"""jieba's dictionary from the flat cache: the same dictionary, the same words, and jieba's own load whenever the
flat copy cannot be trusted. Each case runs in a fresh interpreter (jieba is loaded once per process)."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Loads jieba through nlp.text.segmenter with its caches in argv[1]; prints how, a digest of the dictionary and
# a segmentation.
_PROBE = """
import hashlib, sys
import jieba
jieba.dt.tmp_dir = sys.argv[1]
from nlp.text import segmenter
flat = segmenter._cache_path(jieba)
had = flat.exists()
j = segmenter.jieba_module()
digest = hashlib.sha1(repr((sorted(j.dt.FREQ.items()), j.dt.total)).encode()).hexdigest()
print("flat" if had else "jieba", digest, "/".join(j.lcut("各部门子栏目政策解读质量有待进一步提高")))
"""


def _probe(folder: Path) -> list[str]:
    out = subprocess.run([sys.executable, "-c", _PROBE, str(folder)], capture_output=True, text=True, check=True,
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return out.stdout.split()


def test_flat_copy_gives_jiebas_own_dictionary(tmp_path: Path) -> None:
    first = _probe(tmp_path)
    second = _probe(tmp_path)
    assert first[0] == "jieba" and second[0] == "flat"  # written after the first load, read by the second
    assert first[1:] == second[1:]  # same words, frequencies and total; same segmentation
    assert second[2] == "各部/门子/栏目/政策/解读/质量/有待/进一步提高"


def test_damaged_flat_copy_falls_back_to_jieba(tmp_path: Path) -> None:
    reference = _probe(tmp_path)
    (flat,) = tmp_path.glob("zwgk-jieba-*.bin")
    flat.write_bytes(flat.read_bytes()[:100_000])  # truncated: a disk that filled up while it was written
    again = _probe(tmp_path)
    assert again[1:] == reference[1:]
    assert _probe(tmp_path)[0] == "flat"  # and the copy was written whole again


_NO_PKG_RESOURCES = """
import sys
if sys.argv[1] == "first":
    import pkg_resources
from nlp.text.segmenter import jieba_module
j = jieba_module()
import jieba.posseg
with j.dt.get_dict_file() as fh:  # jieba's own path to its data (used when no cache of the dictionary exists)
    fh.read(1)
print("pkg_resources" in sys.modules, sys.modules.get("pkg_resources") is not None,
      "/".join(j.lcut("本机关全面推进政务公开工作")), "/".join(w.flag for w in jieba.posseg.cut("政务公开")))
"""


def test_jieba_is_imported_without_pkg_resources_and_works_the_same(tmp_path: Path) -> None:
    """jieba imports pkg_resources only to find its data files (0.11-0.13 s of each process's start); it is hidden
    while jieba is imported, and left alone when someone imported it first. A fresh temporary folder: no cached
    dictionary, so jieba reads its own dictionary file through its fallback path."""
    def run(how: str) -> list[str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path / how)}
        (tmp_path / how).mkdir()
        return subprocess.run([sys.executable, "-c", _NO_PKG_RESOURCES, how], capture_output=True, text=True,
                              check=True, cwd=ROOT, env=env).stdout.split()

    hidden = run("hidden")
    assert hidden[:2] == ["False", "False"] and hidden[2] == "本/机关/全面/推进/政务/公开/工作"
    if importlib.util.find_spec("pkg_resources") is not None:  # setuptools is not in every environment
        present = run("first")
        assert present[:2] == ["True", "True"] and present[2:] == hidden[2:]


def test_tokenize_gives_jiebas_words_and_offsets() -> None:
    """segmenter.tokenize is jieba.tokenize(HMM=True), word for word: on the sample corpus, on the hazards of the
    reports' prose (new words for the HMM, numbers and percentages, Latin, whitespace of every kind, CRLF) and on
    random strings over an alphabet of them."""
    import random

    from conftest import CORPUS
    from nlp.text.segmenter import jieba_module, tokenize

    jieba = jieba_module()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(CORPUS.rglob("*.txt"))]
    texts += ["", " ", "\r\n", "a\r\nb", "12.5%的申请", "微信公众号和读网", "各部门子栏目政策解读质量有待进一步提高",
              "2023年，我县将开通“阳光政务”专栏（二）\u3000依申请公开 C++/C# e-mail 3.5万元\t共计"]
    rng = random.Random(7)
    alphabet = ("政府信息公开工作年度报告进一步加强微信读网栏目解读 \n\r\t\u3000ab12.%-+#&_，。、（）()：:“”《》"
                + "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(40)))
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 80))) for _ in range(2000)]
    for text in texts:
        assert tokenize(text) == list(jieba.tokenize(text, HMM=True)), text[:60]

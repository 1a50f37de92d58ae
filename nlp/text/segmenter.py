"""jieba, loaded once per process and fast: its prefix dictionary read from a flat cache.

Every worker process segments text (vagueness of problems, the cross-year comparisons), so every worker loads
jieba's prefix dictionary: about 500,000 words and frequencies. jieba keeps them in a ``marshal`` cache that
takes 0.7–0.9 s to load on this machine, most of a worker's start and more than half of a one-file run. The same
words stored as one UTF-8 text and one array of integers load in about 0.2 s: one decode, one split, one
``dict(zip())``. This module writes that flat copy after jieba's first ordinary load and reads it afterwards.

The dictionary is the same either way (the words, their frequencies and the total), so segmentation is
unchanged. The flat copy is keyed on jieba's version and its dictionary file (path, size, time): another
dictionary or version gets another copy. Anything unexpected (a copy written by another user, a truncated
file, a full disk) falls back to ``jieba.initialize()``.

:func:`tokenize` segments as ``jieba.tokenize(text, HMM=True)`` does, word for word, in about half the time:
the same dictionary walk and the same sums, without jieba's chain of generators, its dictionary looked up twice
per prefix and its logarithms taken again per candidate (the cross-year stage segments every promise and the
sentences it is compared with: jieba was two fifths of its time). jieba's HMM still finds the new words.
"""
from __future__ import annotations

import array
import hashlib
import importlib.util
import logging
import os
import struct
import sys
import tempfile
import threading
from math import log
from pathlib import Path
from types import ModuleType

_LOADED: ModuleType | None = None
_IMPORT = threading.Lock()
_HEADER = struct.Struct("<8sqq")  # magic, total frequency, number of words
_MAGIC = b"zwgkjb01"


def jieba_module() -> ModuleType:
    """The ``jieba`` module with its default dictionary loaded (quietly; once per process)."""
    global _LOADED
    if _LOADED is None:
        jieba = _import_jieba()
        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.dt
        if not tokenizer.initialized:
            cache = _cache_path(jieba)
            if cache is None or not _load(tokenizer, cache):
                tokenizer.initialize()
                if cache is not None:
                    _save(tokenizer, cache)
        _LOADED = jieba
    return _LOADED


def _import_jieba() -> ModuleType:
    """``import jieba`` without ``pkg_resources``. jieba imports it only to find its own data files, and falls back
    to plain paths beside its modules when it is missing; importing it scans every installed distribution, 0.11–0.13
    s of each process that segments. It is hidden only while jieba is imported (under a lock: a Dask worker's
    threads may get here at once), only when no one has imported it yet, and only when jieba is installed as plain
    files (a zipped jieba needs it to read its data)."""
    with _IMPORT:
        if "pkg_resources" in sys.modules or "jieba" in sys.modules or not _plain_files("jieba"):
            import jieba

            return jieba
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes ``import pkg_resources`` fail
        try:
            import jieba
        finally:
            if sys.modules.get("pkg_resources", False) is None:
                del sys.modules["pkg_resources"]
        return jieba


def _plain_files(name: str) -> bool:
    """Whether module ``name`` is installed as files on disk (not inside a zip archive)."""
    spec = importlib.util.find_spec(name)
    return spec is not None and spec.origin is not None and os.path.isfile(spec.origin)


def loaded() -> bool:
    """Whether this process has loaded jieba already (its next use costs nothing extra)."""
    return _LOADED is not None


def _cache_path(jieba: ModuleType) -> Path | None:
    """Where the flat copy of the default dictionary lives (beside jieba's own cache); None when the dictionary
    file cannot be found (jieba then loads as it always does)."""
    try:
        dictionary = Path(jieba.dt.dictionary or jieba.DEFAULT_DICT_NAME)
        if not dictionary.is_absolute():
            dictionary = Path(jieba.__file__).parent / dictionary
        st = dictionary.stat()
    except (OSError, AttributeError, TypeError):
        return None
    key = f"{getattr(jieba, '__version__', '')}|{dictionary}|{st.st_size}|{st.st_mtime_ns}"
    name = f"zwgk-jieba-{hashlib.sha1(key.encode()).hexdigest()[:16]}.bin"
    return Path(jieba.dt.tmp_dir or tempfile.gettempdir()) / name


def _load(tokenizer, path: Path) -> bool:
    """Fill the tokenizer from the flat copy; False (tokenizer untouched) when there is none or it is not ours
    or not whole."""
    try:
        with path.open("rb") as fh:
            st = os.fstat(fh.fileno())
            if hasattr(os, "getuid") and st.st_uid != os.getuid():
                return False  # written by another user of a shared temporary folder: not trusted
            magic, total, n = _HEADER.unpack(fh.read(_HEADER.size))
            freqs = array.array("q")
            freqs.frombytes(fh.read(8 * n))
            words = fh.read().decode("utf-8").split("\n")
    except (OSError, struct.error, ValueError, UnicodeDecodeError):
        return False
    if magic != _MAGIC or len(freqs) != n or len(words) != n:
        return False
    tokenizer.FREQ, tokenizer.total = dict(zip(words, freqs)), total
    tokenizer.initialized = True
    return True


def _save(tokenizer, path: Path) -> None:
    """Write the flat copy atomically (a temporary file renamed into place); a failure only costs speed."""
    words = list(tokenizer.FREQ)
    if any("\n" in w for w in words):
        return  # cannot be stored one word per line (not the case of jieba's dictionaries)
    try:
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_HEADER.pack(_MAGIC, tokenizer.total, len(words)))
                fh.write(array.array("q", tokenizer.FREQ.values()).tobytes())
                fh.write("\n".join(words).encode("utf-8"))
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, OverflowError):
        pass


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """``list(jieba.tokenize(text, HMM=True))``: (word, start, end) in order. jieba's own steps (its ``cut`` with
    HMM): runs of word characters cut along the most probable path through the dictionary (:func:`_best_path`),
    a stretch of single characters that is no dictionary word handed to jieba's HMM, other text split at
    whitespace. ``tests/test_segmenter.py`` holds it to jieba's output."""
    jieba = jieba_module()  # its dictionary loaded
    finalseg, tokenizer = jieba.finalseg, jieba.dt
    freq, logtotal = tokenizer.FREQ, log(tokenizer.total)
    han, skip = jieba.re_han_default, jieba.re_skip_default
    words: list[str] = []
    for block in han.split(text):
        if not block:
            continue
        if not han.match(block):
            for piece in skip.split(block):
                if skip.match(piece):
                    words.append(piece)
                else:
                    words.extend(piece)
            continue
        ends = _best_path(block, freq, logtotal)
        x, n, single = 0, len(block), ""
        while x < n:
            y = ends[x]
            if y - x == 1:
                single += block[x]
            else:
                if single:
                    _singles(single, freq, words, finalseg)
                    single = ""
                words.append(block[x:y])
            x = y
        if single:
            _singles(single, freq, words, finalseg)
    out, start = [], 0
    for word in words:
        out.append((word, start, start + len(word)))
        start += len(word)
    return out


def _best_path(block: str, freq: dict[str, int], logtotal: float) -> list[int]:
    """For each start in ``block``, the end of the word the most probable segmentation takes there: jieba's
    ``get_DAG`` and ``calc``, with the same candidates and the same sums in the same order (so the same floats),
    and on a tie the later end, as jieba's ``max`` of (score, end)."""
    n = len(block)
    get = freq.get
    candidates = []  # per start: (end, log probability of the word)
    for k in range(n):
        found = []
        i, f = k, get(block[k])
        while f is not None:  # every prefix of a dictionary word is a key (0 when it is no word itself)
            if f:
                found.append((i, log(f) - logtotal))
            i += 1
            if i >= n:
                break
            f = get(block[k:i + 1])
        candidates.append(found or [(k, log(get(block[k]) or 1) - logtotal)])
    score = [0.0] * (n + 1)
    ends = [0] * n
    for k in range(n - 1, -1, -1):
        best, best_end = 0.0, -1
        for end, logp in candidates[k]:  # ends ascend
            s = logp + score[end + 1]
            if best_end < 0 or s >= best:
                best, best_end = s, end
        score[k] = best
        ends[k] = best_end + 1
    return ends


def _singles(run: str, freq: dict[str, int], words: list[str], finalseg: ModuleType) -> None:
    """A stretch the path took one character at a time: a dictionary word stays single characters (as in jieba),
    any other of two or more goes to jieba's HMM (new words: 微信, 读网)."""
    if len(run) == 1:
        words.append(run)
    elif not freq.get(run):
        words.extend(finalseg.cut(run))
    else:
        words.extend(run)

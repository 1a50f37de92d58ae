"""Installed copies behave like the checkout (issue 12: an installed wheel could not find its lexicons).

The lexicon lookup is tested on the layouts an install produces (a site-packages folder, a zip on ``sys.path``)
with the checkout out of sight; ``zwgk --version`` and the version in the cache fingerprint are tested in
process. The ``integration`` test builds an sdist and a wheel from the working tree, installs each into a fresh
venv and checks, from a folder outside the checkout, that ``zwgk analyze``/``report``/``lexicon check`` write
what the editable run writes, apart from paths and timings.
"""
from __future__ import annotations

import csv
import difflib
import io
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT

# One file of each kind, two years of two bodies (so the cross-year outputs have rows).
SAMPLE = ("qingxi-xian/青溪县2021年政府信息公开工作年度报告.txt",
          "qingxi-xian/青溪县人民政府2022年度政府信息公开工作年度报告.pdf",
          "nanping-jyj/t20230120_nanping-jyj-2022.html",
          "nanping-jyj/南屏市教育局2023年政府信息公开工作年度报告.docx")


# Where the package and its lexicons are, and whether the lexicons are real files (a zipped install unpacks them
# into a temporary folder that lives as long as the process).
WHERE = ("import nlp, nlp.lexicon; lexicons = nlp.lexicon.lexicon_dir(); "
         "print(nlp.__file__, lexicons, (lexicons / 'table_labels.yaml').is_file(), sep='\\n')")


def _env(**extra: str) -> dict[str, str]:
    """The environment without anything that would point an installed copy back to the checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "ZWGK_LEXICONS")}
    return {**env, **extra}


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> str:
    """stdout of a command that must succeed; a failure shows the command and the end of its output."""
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, errors="replace")
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-30:])
        raise AssertionError(f"exit {proc.returncode}: {' '.join(cmd)}\n(in {cwd})\n{tail}")
    return proc.stdout


# --- the lexicon lookup on installed layouts ------------------------------------------------------------------

def _site_layout(dest: Path) -> Path:
    """``nlp`` and ``zwgk_lexicons`` side by side, as a wheel installs them."""
    shutil.copytree(ROOT / "nlp", dest / "nlp", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "lexicons", dest / "zwgk_lexicons", ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def _zipped(folder: Path, archive: Path) -> Path:
    with zipfile.ZipFile(archive, "w") as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(folder).as_posix())
    return archive


@pytest.mark.parametrize("layout", ["folder", "zip"])
def test_installed_copy_finds_its_lexicons(tmp_path: Path, layout: str) -> None:
    site = _site_layout(tmp_path / "site")
    if layout == "zip":
        site = _zipped(site, tmp_path / "zwgk.zip")
    run = tmp_path / "run"
    (run / "in").mkdir(parents=True)
    shutil.copy(CORPUS / SAMPLE[0], run / "in")
    # -S: no site-packages .pth files, so an editable install of the checkout cannot answer the imports;
    # the dependencies come from this interpreter's site-packages as a plain path entry.
    python = [sys.executable, "-S"]
    env = _env(PYTHONPATH=os.pathsep.join([str(site), sysconfig.get_paths()["purelib"]]))
    where = _run(python + ["-c", WHERE], run, env).splitlines()
    assert where[0].startswith(str(site)) and where[2] == "True", where
    lexicons = Path(where[1])
    assert ROOT not in lexicons.parents, where
    checked = _run(python + ["-m", "nlp.cli", "lexicon", "check"], run, env).replace(str(lexicons), "LEXICONS")
    assert checked == _run([sys.executable, "-m", "nlp.cli", "lexicon", "check"], ROOT,
                           _env(PYTHONPATH=str(ROOT))).replace(str(ROOT / "lexicons"), "LEXICONS")
    _run(python + ["-m", "nlp.cli", "analyze", "in", "--out", "out", "-q"], run, env)
    with (run / "out" / "reports.csv").open(encoding="utf-8-sig") as fh:
        assert [r["status"] for r in csv.DictReader(fh)] == ["ok"]


def test_zwgk_lexicons_env_takes_priority(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nlp.lexicon import lexicon_dir

    monkeypatch.delenv("ZWGK_LEXICONS", raising=False)
    assert lexicon_dir() == ROOT / "lexicons"  # a checkout uses its own folder, which analysts edit
    monkeypatch.setenv("ZWGK_LEXICONS", str(tmp_path))
    assert lexicon_dir() == tmp_path


# --- version --------------------------------------------------------------------------------------------------

def test_version_option_shows_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    from nlp.cli import main
    from nlp.distribution import version

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"zwgk {version()}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+\S*", version())


def test_cache_fingerprint_includes_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    from nlp.runtime import cache

    before = cache.fingerprint()
    cache._hashed.cache_clear()
    monkeypatch.setattr(cache, "version", lambda: "999.0")
    try:
        assert cache.fingerprint() != before
    finally:
        cache._hashed.cache_clear()


def test_cache_fingerprint_follows_a_lexicon_edited_in_the_same_process(tmp_path: Path) -> None:
    """A notebook runs the analysis, the analyst edits a lexicon, the notebook runs it again: the second run must
    not take the first run's results (made with the old lexicon) as current."""
    from nlp.runtime import cache

    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text("topics:\n  T90: {name: 试验, definition: x, terms: [甲乙]}\n", encoding="utf-8")
    before = cache.fingerprint((str(lexicon),))
    assert cache.fingerprint((str(lexicon),)) == before
    lexicon.write_text("topics:\n  T90: {name: 试验, definition: x, terms: [甲乙丙丁]}\n", encoding="utf-8")
    assert cache.fingerprint((str(lexicon),)) != before


# --- wheel and sdist, installed ---------------------------------------------------------------------------------

def _working_tree(dest: Path) -> Path:
    """The files git would commit (tracked, and new ones not ignored): a build from the checkout itself would
    leave build/ and *.egg-info there and could pick up their stale files."""
    listed = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT, _env())
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    return dest


def _outputs(zwgk: list[str], run: Path, lexicons: Path, env: dict[str, str]) -> dict[str, list[str]]:
    """Analyse the sample in ``run`` and return every output as lines, with the run and lexicon folders written
    ``RUN`` and ``LEXICONS``, the ``seconds`` column blanked and the report's generation time removed."""
    for name in SAMPLE:
        (run / "in" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / name, run / "in" / name)
    _run(zwgk + ["analyze", "in", "--out", "out", "-q"], run, env)
    texts = {"zwgk report": _run(zwgk + ["report", "out"], run, env),
             "zwgk lexicon check": _run(zwgk + ["lexicon", "check"], run, env)}
    for path in sorted((run / "out").iterdir()):
        if not path.name.startswith("."):
            texts[path.name] = path.read_text(encoding="utf-8")
    lines = {}
    for name, text in texts.items():
        text = text.replace(str(run), "RUN").replace(str(lexicons), "LEXICONS")
        text = re.sub(r"generated \d{4}-\d\d-\d\d \d\d:\d\d", "generated TIME", text)
        lines[name] = _blank_seconds(text) if name.endswith(".csv") else text.splitlines()
    return lines


def _blank_seconds(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text)))
    timed = {i for i, column in enumerate(rows[0]) if column == "seconds"} if rows else set()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for n, row in enumerate(rows):
        writer.writerow(["" if n and i in timed else cell for i, cell in enumerate(row)])
    return out.getvalue().splitlines()


def _differences(expected: dict[str, list[str]], got: dict[str, list[str]]) -> str:
    report = []
    for name in sorted(set(expected) | set(got)):
        if expected.get(name) != got.get(name):
            diff = difflib.unified_diff(expected.get(name, []), got.get(name, []), "editable", "installed",
                                        lineterm="", n=0)
            report.append(f"{name}:\n" + "\n".join(list(diff)[:12]))
    return "\n".join(report)


@pytest.mark.integration
def test_wheel_and_sdist_install_and_match_the_editable_run(tmp_path: Path) -> None:
    pytest.importorskip("build", reason="the integration test needs the test extra (pip install -e '.[test]')")
    if not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout to know which files are the project's")
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "build", "--outdir", str(dist), str(_working_tree(tmp_path / "src"))],
         tmp_path, _env())  # the sdist, then the wheel built from it: the sdist must hold everything
    (wheel,), (sdist,) = dist.glob("*.whl"), dist.glob("*.tar.gz")
    version = wheel.name.split("-")[1]
    expected = _outputs([sys.executable, "-m", "nlp.cli"], tmp_path / "editable", ROOT / "lexicons",
                        _env(PYTHONPATH=str(ROOT)))
    assert len(expected["reports.csv"]) == len(SAMPLE) + 1
    for artefact in (wheel, sdist):
        kind = "wheel" if artefact == wheel else "sdist"
        venv = tmp_path / f"venv-{kind}"
        _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path, _env())
        try:
            bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
            # this pip installs into the fresh venv; no bytecode compiled ahead: minutes less, same files
            _run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "install", "--quiet",
                  "--no-compile", str(artefact)], tmp_path, _env())
            run = tmp_path / f"run-{kind}"
            run.mkdir()
            where = _run([str(bin_dir / "python"), "-c", WHERE], run, _env()).splitlines()
            assert where[2] == "True" and all(Path(p).resolve().is_relative_to(venv.resolve()) for p in where[:2]), \
                (kind, where)
            assert _run([str(bin_dir / "zwgk"), "--version"], run, _env()) == f"zwgk {version}\n"
            got = _outputs([str(bin_dir / "zwgk")], run, Path(where[1]), _env())
            assert got == expected, f"the {kind} install differs from the editable run:\n" + _differences(expected, got)
        finally:
            shutil.rmtree(venv, ignore_errors=True)  # about 500 MB each

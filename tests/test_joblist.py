"""The input list of a run, kept on disk (nlp.runtime.joblist): the same files and report ids as the in-memory
listing, whatever the names, and nothing of it left behind."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import nlp
import nlp.api
import nlp.errors
from nlp.runtime.batch import discover, make_jobs
from nlp.runtime.joblist import JobList
from nlp.runtime.stream import find_jobs

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _tree(root: Path) -> Path:
    """Names that make report ids collide: one stem in several folders and forms, a name that is another's
    stem, spaces, and the same file reached twice (a link)."""
    for rel in ("a/x.pdf", "b/x.txt", "c/x.txt", "d/y.txt", "e/x.txt.pdf", "f/二 零 年.txt", "g/y-2.txt",
                "h/y.txt", "i/y.txt", "k/y.txt-2.md"):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rel, encoding="utf-8")
    (root / "j").mkdir()
    (root / "j" / "again.txt").symlink_to(root / "d" / "y.txt")
    return root


def _listed(jobs) -> list[tuple[int, str, str]]:
    return [(j.index, j.path, j.report_id) for j in jobs]


def test_the_list_on_disk_holds_the_files_and_ids_of_the_list_in_memory(tmp_path):
    root = _tree(tmp_path / "in")
    expected = make_jobs(discover([str(root), str(root / "d" / "y.txt")]))
    with find_jobs([root, root / "d" / "y.txt"], folder=tmp_path / "scratch") as jobs:
        assert _listed(jobs) == _listed(expected)
        assert len(jobs) == len(expected) == 10  # the link and the file named twice are the same file
        assert {j.report_id for j in jobs} >= {"x.pdf", "x.txt", "x.txt-2", "x.txt-3", "y-2", "y.txt-2-2"}
        assert jobs[3].report_id == expected[3].report_id
        assert jobs.index_of(expected[5].report_id) == 5
        with pytest.raises(KeyError):
            jobs.index_of("no such report")
        with pytest.raises(IndexError):
            jobs[len(jobs)]


@pytest.mark.skipif(sys.platform != "linux", reason="file names that are not UTF-8 need a POSIX file system")
def test_a_file_name_that_is_not_utf8_comes_back_as_the_same_path(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"\xb6\xfe\xc1\xe3.txt")  # 二零 in GBK
    (folder / name).write_text("x", encoding="utf-8")
    with find_jobs(folder, folder=tmp_path) as jobs:
        (job,) = jobs
        assert job.path == str(folder / name) and os.path.exists(job.path)
        assert job.report_id == make_jobs([str(folder / name)])[0].report_id == "\\xb6\\xfe\\xc1\\xe3"


def test_hashes_are_kept_and_the_file_goes_when_the_list_is_closed(tmp_path):
    root = _tree(tmp_path / "in")
    jobs = JobList.find([str(root)], folder=tmp_path)
    (scratch,) = tmp_path.glob(".zwgk-inputs-*.sqlite.tmp")
    for job in jobs:
        jobs.set_sha256(job, f"hash of {job.report_id}")
    assert [j.sha256 for j in jobs] == [f"hash of {j.report_id}" for j in jobs]
    assert jobs[2].sha256 == f"hash of {jobs[2].report_id}"
    jobs.close()
    assert not scratch.exists()


def test_a_missing_input_is_refused_before_any_file_is_listed(tmp_path):
    _tree(tmp_path / "in")
    with pytest.raises(nlp.errors.UsageError, match="input not found: .*missing"):
        find_jobs([tmp_path / "in", tmp_path / "missing"], folder=tmp_path)
    assert not list(tmp_path.glob(".zwgk-inputs-*"))


def test_a_run_keeps_its_input_list_in_the_output_folder_until_it_ends(tmp_path, monkeypatch):
    """The list is a hidden scratch file of the output folder while the run lasts (a killed run's is removed by
    the next run, as the other scratch files are), and gone when the run ends."""
    import nlp.runtime.stream as stream

    out = tmp_path / "out"
    seen = []
    iter_results = stream.iter_results

    def watched(*args, **kwargs):
        seen.extend(p.name for p in out.glob(".zwgk-inputs-*.sqlite.tmp"))
        yield from iter_results(*args, **kwargs)

    monkeypatch.setattr(nlp.api, "iter_results", watched)
    run = nlp.analyze_to(CORPUS / "qingxi-xian", out, workers=1)
    assert run.analysed == 3 and len(seen) == 1
    assert not list(out.glob(".zwgk-inputs-*"))

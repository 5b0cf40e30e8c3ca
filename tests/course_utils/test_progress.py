"""Is progress saved atomically where configured, and does a corrupt file cost nothing?"""

import json
from collections import namedtuple

import pytest

from course_utils import progress


@pytest.fixture
def pfile(tmp_path, monkeypatch):
    path = tmp_path / "sub" / "progress.json"
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(path))
    return path


def test_the_environment_variable_chooses_the_file(pfile):
    assert progress.progress_file() == pfile


def test_default_location_is_under_the_data_home(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_PROGRESS_FILE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert progress.progress_file() == tmp_path / "ds-vs-mle-course" / "progress.json"


def test_tests_never_use_the_real_home():
    assert "course-tests-" in progress.progress_file().as_posix() or "pytest" in progress.progress_file().as_posix()


def test_a_pass_is_recorded_once_and_the_file_is_valid_json(pfile):
    assert progress.record_pass("start.q1") == ""
    first = json.loads(pfile.read_text())
    assert progress.record_pass("start.q1") == ""
    assert json.loads(pfile.read_text()) == first
    assert first["version"] == 1 and list(first["passed"]) == ["start.q1"]


def test_writes_leave_no_temporary_files(pfile):
    progress.record_pass("a.q1")
    progress.record_pass("a.q2")
    assert sorted(p.name for p in pfile.parent.iterdir()) == ["progress.json"]


@pytest.mark.parametrize("content", ["{not json", '{"passed": [1, 2]}', '["a"]', ""])
def test_a_corrupt_file_is_backed_up_and_replaced_with_a_sentence(pfile, content):
    pfile.parent.mkdir(parents=True)
    pfile.write_text(content)
    note = progress.record_pass("start.q1")
    assert "could not be read" in note and "progress.json.corrupt-1" in note
    assert (pfile.parent / "progress.json.corrupt-1").read_text() == content
    assert list(progress.load().passed) == ["start.q1"]


def test_backups_never_overwrite_each_other(pfile):
    pfile.parent.mkdir(parents=True)
    for _ in range(2):
        pfile.write_text("garbage")
        progress.load()
    assert sorted(p.name for p in pfile.parent.iterdir()) == ["progress.json.corrupt-1", "progress.json.corrupt-2"]


def test_an_unwritable_location_gives_a_sentence(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(blocker / "progress.json"))
    note = progress.record_pass("start.q1")
    assert "progress could not be saved" in note and "COURSE_PROGRESS_FILE" in note


Q = namedtuple("Q", "id prompt")
QUESTIONS = [Q("start.q1", "How many customers?"), Q("ds_eda.q1", "Churn rate?"), Q("ds_eda.q2", "Median?")]


def test_table_shows_passed_and_pending_for_the_questions_it_is_given(pfile):
    progress.record_pass("ds_eda.q2")
    assert progress.table(QUESTIONS, lesson="ds_eda").to_dict("records") == [
        {"lesson": "ds_eda", "question": "ds_eda.q1", "prompt": "Churn rate?", "status": "pending"},
        {"lesson": "ds_eda", "question": "ds_eda.q2", "prompt": "Median?", "status": "passed"},
    ]
    assert list(progress.table(QUESTIONS)["question"]) == ["start.q1", "ds_eda.q1", "ds_eda.q2"]


def test_reset_of_one_lesson_keeps_the_others(pfile):
    for qid in ("start.q1", "ds_eda.q1", "ds_eda.q2"):
        progress.record_pass(qid)
    assert progress.reset(lesson="ds_eda") == "Progress of lesson ds_eda cleared (2 passed question(s) forgotten)."
    assert list(progress.load().passed) == ["start.q1"]


def test_reset_forgets_everything(pfile):
    progress.record_pass("start.q1")
    progress.reset()
    assert progress.load().passed == {}

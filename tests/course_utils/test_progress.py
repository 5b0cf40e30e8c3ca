"""Is progress saved atomically and under a lock where configured, do concurrent writers keep every
update, and does a corrupt or unreadable file cost nothing, with readers never moving it?"""

import json
import os
import subprocess
import sys
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
    assert first["version"] == progress.FORMAT_VERSION and list(first["passed"]) == ["start.q1"]


def test_writes_leave_no_temporary_files(pfile):
    progress.record_pass("a.q1")
    progress.record_pass("a.q2")
    assert sorted(p.name for p in pfile.parent.iterdir()) == ["progress.json", "progress.json.lock"]


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
        progress.record_pass("start.q1")
    assert sorted(p.name for p in pfile.parent.glob("*.corrupt-*")) == ["progress.json.corrupt-1",
                                                                       "progress.json.corrupt-2"]


@pytest.mark.parametrize("content", ["{not json", '{"passed": [1, 2]}', b"\xff\xfe"])
def test_reading_a_corrupt_file_leaves_it_where_it_is(pfile, content):
    pfile.parent.mkdir(parents=True)
    pfile.write_bytes(content if isinstance(content, bytes) else content.encode())
    loaded = progress.load()
    assert loaded.passed == {} and "could not be read" in loaded.note and "left as it is" in loaded.note
    progress.table(QUESTIONS)
    assert sorted(p.name for p in pfile.parent.iterdir()) == ["progress.json"]


def test_an_unreadable_file_is_never_moved_or_overwritten(pfile, monkeypatch):
    progress.record_pass("start.q1")
    real_read = type(pfile).read_bytes

    def refuse(self):
        if self == pfile:
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(type(pfile), "read_bytes", refuse)
    loaded = progress.load()
    assert loaded.passed == {} and "PermissionError" in loaded.note and "nothing was changed" in loaded.note
    assert list(progress.table(QUESTIONS)["status"]) == ["pending"] * 3
    assert "could not be saved" in progress.record_pass("ds_eda.q1")
    assert sorted(p.name for p in pfile.parent.iterdir()) == ["progress.json", "progress.json.lock"]
    monkeypatch.setattr(type(pfile), "read_bytes", real_read)
    assert list(progress.load().passed) == ["start.q1"]


def test_a_version_1_file_is_read_and_kept_without_loss(pfile):
    pfile.parent.mkdir(parents=True)
    pfile.write_text(json.dumps({"version": 1, "passed": {"start.q1": "2025-01-01T00:00:00+00:00"}}))
    assert progress.load().passed == {"start.q1": "2025-01-01T00:00:00+00:00"}
    progress.record_attempt("ds_eda.q1", "hint")
    data = json.loads(pfile.read_text())
    assert data["version"] == 2 and data["passed"] == {"start.q1": "2025-01-01T00:00:00+00:00"}
    assert [(a["question"], a["event"]) for a in data["attempts"]] == [("ds_eda.q1", "hint")]


def test_attempts_keep_status_mistake_and_time_and_a_passing_check_is_a_pass(pfile):
    progress.record_attempt("ds_eda.q1", "check", status="incorrect", mistake="ds_eda.q1.m0")
    progress.record_attempt("ds_eda.q1", "check", status="passed", passed=True)
    loaded = progress.load()
    assert list(loaded.passed) == ["ds_eda.q1"]
    assert [(a["event"], a["status"], a["mistake"]) for a in loaded.attempts] == [
        ("check", "incorrect", "ds_eda.q1.m0"), ("check", "passed", None)]
    assert all(a["time"].endswith("+00:00") for a in loaded.attempts)


WRITER = """
import sys
from course_utils import progress
for i in range(25):
    assert progress.record_pass(f"w{sys.argv[1]}.q{i}") == ""
"""


def test_four_processes_recording_at_once_keep_every_pass(pfile):
    env = {**os.environ, "COURSE_PROGRESS_FILE": str(pfile)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(n)], env=env, stderr=subprocess.PIPE)
               for n in range(4)]
    errors = [w.communicate(timeout=120)[1] for w in writers]
    assert [w.returncode for w in writers] == [0] * 4, errors
    assert len(progress.load().passed) == 100


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


def test_reset_of_one_lesson_forgets_its_attempts_too(pfile):
    progress.record_attempt("start.q1", "hint")
    progress.record_attempt("ds_eda.q1", "solution")
    progress.reset(lesson="ds_eda")
    assert [a["question"] for a in progress.load().attempts] == ["start.q1"]

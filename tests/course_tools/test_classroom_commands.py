"""Does `course classroom report` print the class's tables from a store, with the course's own mistake
messages, and do `course classroom` and its report refuse a missing setting, a missing or corrupt store,
or a start outside a hub in one sentence with exit code 1, creating nothing?"""

import os
import subprocess
import sys

from course_utils.classroom.events import Store
from course_utils.roles.start_questions import q1


def course(*args, env=None):
    """Run `course` with only the classroom settings in ``env`` (none of this machine's own)."""
    base = {k: v for k, v in os.environ.items() if k not in ("COURSE_CLASSROOM_DB", "JUPYTERHUB_SERVICE_URL")}
    return subprocess.run([sys.executable, "-m", "course_tools.cli", *map(str, args)], capture_output=True,
                          text=True, timeout=120, env={**base, **(env or {})}, check=False)


def test_the_report_prints_the_tables_with_the_courses_messages(tmp_path):
    store = Store(tmp_path / "classroom.sqlite")
    store.add("ana", {"question": "start.q1", "event": "check", "status": "incorrect", "mistake": "start.q1.m2"})
    store.add("bob", {"question": "start.q1", "event": "check", "status": "passed"})
    store.close()
    for args, env in ((["--db", tmp_path / "classroom.sqlite"], None),
                      ([], {"COURSE_CLASSROOM_DB": str(tmp_path / "classroom.sqlite")})):
        done = course("classroom", "report", *args, env=env)
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert lines[:5] == ["Progress (2 learners; # passed, ~ trying, . not started)", "learner  1", "ana      ~",
                             "bob      #", "Questions: 1 start.q1"]
        assert f"  start.q1.m2: {q1.mistakes[2].message}" in lines
        assert "1/2 (50%)" in done.stdout


def test_refusals_are_one_sentence_and_create_nothing(tmp_path):
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_text("not sqlite " * 50)
    cases = [
        (["classroom", "report"], None, "No classroom store given"),
        (["classroom"], None, "No classroom store given"),
        (["classroom", "report", "--db", tmp_path / "missing.sqlite"], None, "there is no classroom store"),
        (["classroom", "report", "--db", corrupt], None, "is not a classroom store"),
        (["classroom", "--db", tmp_path / "new" / "classroom.sqlite"], None, "JUPYTERHUB_SERVICE_URL is not set"),
        (["classroom", "--db", corrupt], {"JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:1"}, "is not a classroom store"),
    ]
    for args, env, sentence in cases:
        done = course(*args, env=env)
        assert done.returncode == 1 and sentence in done.stderr and len(done.stderr.strip().splitlines()) == 1, args
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "new").exists() and not (tmp_path / "missing.sqlite").exists()
    assert corrupt.read_text() == "not sqlite " * 50

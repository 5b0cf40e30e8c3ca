"""Do solution notebooks get the nbgrader metadata an instructor needs, and does a class graded with it get
the marks it earned?"""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from course_tools.notebooks.exercises import blank_exercises, exercise_path, solution_paths
from course_tools.notebooks.grading import annotate
from course_tools.notebooks.markup import cell_source
from course_tools.notebooks.nbgrader_course import assignment_name


def cell(source, cell_type="code", metadata=None):
    return {"cell_type": cell_type, "source": source, "metadata": dict(metadata or {})}


def test_answers_become_solution_cells_and_checks_become_locked_tests():
    nb = {"cells": [
        cell("# Q1\nThe question.", "markdown"),
        cell("n = ...\n### BEGIN SOLUTION\nn = 3\n### END SOLUTION"),
        cell("q1.check(n)"),
        cell("import pandas as pd", metadata={"nbgrader": {"solution": True}}),
    ]}
    cells = annotate(nb)["cells"]
    assert "nbgrader" not in cells[0]["metadata"]
    assert cells[1]["metadata"]["nbgrader"] == {"grade": False, "grade_id": "answer_1", "locked": False,
                                                "schema_version": 3, "solution": True}
    assert cells[2]["metadata"]["nbgrader"] == {"grade": True, "grade_id": "check_q1", "locked": True,
                                                "points": 1, "schema_version": 3, "solution": False}
    assert "nbgrader" not in cells[3]["metadata"], "stale metadata is removed"


def test_grade_ids_stay_unique_when_a_question_is_checked_twice():
    nb = {"cells": [cell("q2.check(a)"), cell("q2.check(b)")]}
    ids = [c["metadata"]["nbgrader"]["grade_id"] for c in annotate(nb)["cells"]]
    assert ids == ["check_q2", "check_q2_again"]


def test_a_check_cell_is_worth_the_points_of_its_questions():
    nb = {"cells": [cell("from course_utils.ds.eda_questions import q1, q2 as second"), cell("second.check(a)"),
                    cell("q1.check(a)\nsecond.check(b)")]}
    points = [c["metadata"]["nbgrader"]["points"] for c in annotate(nb)["cells"][1:]]
    assert points == [1, 2], "one point per question checked, unless a question says otherwise"


def test_a_question_module_that_cannot_be_imported_is_an_error_not_a_guess():
    nb = {"cells": [cell("from course_utils.ds.nothing_questions import q1"), cell("q1.check(a)")]}
    with pytest.raises(ValueError, match="cannot import course_utils.ds.nothing_questions"):
        annotate(nb)


# The round trip an instructor makes: `course grading init`, `nbgrader generate_assignment`, learners'
# files named as in exercises/ (one through the hub's exchange), `nbgrader autograde`, a person grading
# the written answers, feedback, `nbgrader export`. No COURSE_STRICT_CHECKS anywhere: the folder's config
# turns strict checks on by itself.

COURSE = "ds-vs-mle"
EDA = "11_ds_eda"
WRITTEN = "New month-to-month customers churn more than either group alone, so a campaign should call them first."


def strip_markers(source: str) -> str:
    return "".join(line for line in source.splitlines(keepends=True) if "### BEGIN SOLUTION" not in line
                   and "### END SOLUTION" not in line)


def answered(release: dict, source: dict, upto: int | None = None) -> dict:
    """``release`` with the answers of ``source`` (the solution) in its answer cells (the first ``upto`` only)."""
    solutions = {c["metadata"]["nbgrader"]["grade_id"]: cell_source(c) for c in source["cells"]
                 if c["metadata"].get("nbgrader", {}).get("solution")}
    nb = json.loads(json.dumps(release))
    done = 0
    for c in nb["cells"]:
        grade_id = c["metadata"].get("nbgrader", {}).get("grade_id", "")
        if grade_id.startswith("answer_") and (upto is None or done < upto):
            c["source"] = strip_markers(solutions[grade_id])
            done += 1
        elif grade_id.startswith("written_") and upto is None:
            c["source"] = WRITTEN
    return nb


def write_nb(path: Path, nb: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb), encoding="utf-8")


def read_nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    from nbgrader.utils import get_username

    from course_tools import cli

    if not solution_paths():
        pytest.skip("no solution notebooks to grade yet")
    tmp = tmp_path_factory.mktemp("grading")
    folder, exchange, home = tmp / "course", tmp / "exchange", tmp / "learner"
    home.mkdir()
    bin_dir = str(Path(sys.executable).parent)
    # No strict or graded switch from outside; nbgrader's own user config and cache kept out of the way.
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_STRICT_CHECKS", "COURSE_GRADED")}
    env |= {"PATH": bin_dir + os.pathsep + os.environ["PATH"], "COURSE_PROGRESS_FILE": str(tmp / "progress.json"),
            "JUPYTER_CONFIG_DIR": str(tmp / "jupyter_config"), "JUPYTER_DATA_DIR": str(tmp / "jupyter_data")}

    def nbgrader(*args: str, cwd: Path = folder) -> str:
        result = subprocess.run([str(Path(bin_dir) / "nbgrader"), *args], cwd=cwd, env=env, capture_output=True,
                                text=True, timeout=1500)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stderr

    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("COURSE_STRICT_CHECKS", raising=False)
        assert cli.main(["grading", "init", str(folder), "--exchange", str(exchange)]) == 0
    nbgrader("generate_assignment", "*")
    names = {assignment_name(p): p for p in solution_paths()}
    file_of = {name: exercise_path(path).name for name, path in names.items()}
    release = {name: read_nb(folder / "release" / name / file_of[name]) for name in names}
    sources = {name: read_nb(folder / "source" / name / file_of[name]) for name in names}
    for name in names:
        write_nb(folder / "submitted" / "right" / name / file_of[name], answered(release[name], sources[name]))
        write_nb(folder / "submitted" / "blank" / name / file_of[name], release[name])
    # The self-paced file from exercises/ (it lacks the graded cells): three answers right, the fourth wrong.
    partial = answered(json.loads(blank_exercises()[exercise_path(names[EDA])]), sources[EDA], upto=3)
    next(c for c in partial["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "answer_4")["source"] = \
        "first_year_rate = 0.5"
    write_nb(folder / "submitted" / "partial" / EDA / file_of[EDA], partial)

    # Through the exchange, as on a hub: release, fetch, answer, submit, collect.
    hub = ["--course", COURSE, f"--Exchange.root={exchange}"]
    nbgrader("release_assignment", EDA)
    nbgrader("fetch_assignment", EDA, *hub, cwd=home)
    fetched = home / EDA / file_of[EDA]
    write_nb(fetched, answered(read_nb(fetched), sources[EDA]))
    nbgrader("submit", EDA, *hub, cwd=home)
    nbgrader("collect", EDA)
    learner = get_username()

    nbgrader("autograde", "*")
    grade_written(folder / "gradebook.db", ["right", learner], names)
    nbgrader("generate_feedback", EDA)
    # Only a submission that came through the exchange can go back through it (it has its timestamp).
    nbgrader("release_feedback", EDA, "--student", learner)
    nbgrader("fetch_feedback", EDA, *hub, cwd=home)
    nbgrader("export")
    with open(folder / "grades.csv", newline="") as f:
        grades = {(row["student_id"], row["assignment"]): (float(row["score"]), float(row["max_score"]))
                  for row in csv.DictReader(f)}
    return {"folder": folder, "home": home, "tmp": tmp, "learner": learner, "names": names, "grades": grades,
            "release": release, "file_of": file_of}


def grade_written(db: Path, students: list[str], names: dict) -> None:
    """What the person in formgrader does: give each written answer of ``students`` its point."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{db}") as gradebook:
        for student in students:
            for name in names:
                submission = gradebook.find_submission(name, student) if student == "right" or name == EDA else None
                for notebook in submission.notebooks if submission else []:
                    for grade in notebook.grades:
                        if grade.name.startswith("written_"):
                            assert grade.needs_manual_grade, f"{name} {grade.name} is left to a person"
                            grade.manual_score = grade.max_score
        gradebook.db.commit()


def test_the_release_is_the_learners_exercise_plus_the_graded_cells(course):
    generated = blank_exercises()
    for name, path in course["names"].items():
        released = [c for c in course["release"][name]["cells"]
                    if not c.get("id", "").startswith(("graded_mode", "written_"))]
        ours = json.loads(generated[exercise_path(path)])["cells"]
        for i, (theirs, mine) in enumerate(zip(released, ours, strict=True)):
            assert (theirs["cell_type"], cell_source(theirs)) == (mine["cell_type"], cell_source(mine)), f"{name} {i}"


def test_right_answers_get_full_marks_once_a_person_grades_the_written_ones(course):
    right = {a: score for (s, a), score in course["grades"].items() if s == "right"}
    assert set(right) == set(course["names"])
    short = {a: score for a, score in right.items() if not score[0] == score[1] > 0}
    assert not short, f"right answers short of full marks (score, max): {short}"


def test_blank_notebooks_get_zero(course):
    blank = {a: score for (s, a), score in course["grades"].items() if s == "blank"}
    assert set(blank) == set(course["names"])
    assert all(score == 0 < max_score for score, max_score in blank.values()), blank


def test_a_self_paced_file_with_three_answers_gets_three_points(course):
    score, max_score = course["grades"][("partial", EDA)]
    checks = sum(".check(" in cell_source(c) for c in course["release"][EDA]["cells"])
    assert (score, max_score) == (3, checks + 1), "three checks pass; the written answer counts, unanswered"


def test_the_exchange_round_trip_gives_full_marks_and_feedback_to_the_learner(course):
    assert course["grades"][(course["learner"], EDA)][0] == course["grades"][(course["learner"], EDA)][1]
    feedback = list((course["home"] / EDA / "feedback").glob(f"*/{Path(course['file_of'][EDA]).stem}.html"))
    assert len(feedback) == 1 and "ds_eda.q7" in feedback[0].read_text(encoding="utf-8")


def test_graded_checks_point_to_no_solution_and_state_no_expected_value(course):
    from course_utils.ds.eda_questions import q4

    graded = read_nb(course["folder"] / "autograded" / "partial" / EDA / course["file_of"][EDA])
    checks = [json.dumps(c["outputs"]) for c in graded["cells"] if c["cell_type"] == "code"
              and c["metadata"].get("nbgrader", {}).get("grade_id", "").startswith("check_")]
    assert "Incorrect (ds_eda.q4)" in checks[3] and "Not attempted" in checks[4]
    assert not any(".solution()" in text for text in checks)
    assert not any(f"{q4.expected_value:.{d}f}" in checks[3] for d in (2, 3, 4))


def test_the_autograder_leaves_no_progress_file(course):
    assert not (course["tmp"] / "progress.json").exists(), "strict checks record nothing for the instructor"

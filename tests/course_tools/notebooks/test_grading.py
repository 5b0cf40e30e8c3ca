"""Do solution notebooks get the nbgrader metadata an instructor needs, and nothing else?"""

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from course_tools.notebooks.exercises import blank_exercises, exercise_path, solution_paths, write_blank
from course_tools.notebooks.grading import annotate


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


# The nbgrader round trip: generate_assignment from the solutions, then autograde the
# solutions (full marks) and the blank exercises (zero), as an instructor would.


NBGRADER_CONFIG = """c = get_config()
c.CourseDirectory.root = {root!r}
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE"}}
c.Execute.timeout = 300
"""


def nbgrader(root: Path, *args: str) -> subprocess.CompletedProcess:
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ["PATH"], "COURSE_STRICT_CHECKS": "1",
           "COURSE_PROGRESS_FILE": str(root / "progress.json")}
    return subprocess.run([str(Path(bin_dir) / "nbgrader"), *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=1500)


def course_dir(root: Path, student: str, submissions: dict[str, Path]) -> Path:
    (root / "source" / "course").mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(NBGRADER_CONFIG.format(root=str(root)))
    for path in solution_paths():
        shutil.copy(path, root / "source" / "course" / path.name)
    result = nbgrader(root, "generate_assignment", "course", "--force")
    assert result.returncode == 0, result.stderr[-3000:]
    (root / "submitted" / student / "course").mkdir(parents=True)
    for name, path in submissions.items():
        shutil.copy(path, root / "submitted" / student / "course" / name)
    return root


def scores(root: Path, student: str) -> dict[str, tuple[float, float]]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission("course", student)
        return {nb.name: (nb.score, nb.max_score) for nb in submission.notebooks}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if not solution_paths():
        pytest.skip("no solution notebooks to grade yet")
    blank = tmp_path_factory.mktemp("generated")
    write_blank(blank)
    roots = {
        "full": course_dir(tmp_path_factory.mktemp("full"), "full", {p.name: p for p in solution_paths()}),
        # Blank exercises as generated, not as a learner may have filled them in.
        "blank": course_dir(tmp_path_factory.mktemp("blank"), "blank",
                            {p.name: blank / exercise_path(p).name for p in solution_paths()}),
    }
    # Two independent course folders (two gradebooks), graded side by side.
    with ThreadPoolExecutor(2) as pool:
        results = dict(zip(roots, pool.map(lambda r: nbgrader(r, "autograde", "course", "--force"), roots.values())))
    for student, result in results.items():
        assert result.returncode == 0, result.stderr[-3000:]
    return {student: scores(root, student) for student, root in roots.items()}, roots


def test_course_exercises_match_what_nbgrader_releases(graded):
    _, roots = graded
    generated = blank_exercises()
    for path in solution_paths():
        released = json.loads((roots["full"] / "release" / "course" / path.name).read_text())
        ours = json.loads(generated[exercise_path(path)])
        pairs = zip(released["cells"], ours["cells"], strict=True)
        for i, (theirs, mine) in enumerate(pairs):
            assert theirs["cell_type"] == mine["cell_type"], f"{path.name} cell {i}"
            assert "".join(theirs["source"]) == "".join(mine["source"]), f"{path.name} cell {i}"


def test_autograde_gives_every_solution_full_marks(graded):
    full = graded[0]["full"]
    assert full and all(score == max_score > 0 for score, max_score in full.values()), full


def test_autograde_gives_blank_exercises_zero_without_crashing(graded):
    blank = graded[0]["blank"]
    assert set(blank) == {p.stem for p in solution_paths()}
    assert all(score == 0 for score, _ in blank.values()), blank

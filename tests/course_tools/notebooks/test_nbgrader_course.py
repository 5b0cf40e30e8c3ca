"""Does `course grading init` give an nbgrader folder that grades learners' files right the first time?"""

import json

import pytest

from course_tools.notebooks.exercises import exercise_path, make_exercise, solution_paths
from course_tools.notebooks.grading import annotate
from course_tools.notebooks.nbgrader_course import (
    GRADED_CELL, GradingFolderError, WRITTEN_STUB, add_written_answers, asks_in_words, assignment_name, init, plan,
    source_notebook,
)
from course_tools.notebooks.markup import cell_source


def cell(source, cell_type="code", grade_id=None):
    meta = {"nbgrader": {"grade_id": grade_id}} if grade_id else {}
    return {"cell_type": cell_type, "source": source, "metadata": meta}


def grade_ids(nb):
    return [c["metadata"].get("nbgrader", {}).get("grade_id") for c in nb["cells"]]


def test_assignments_are_named_after_lessons_and_sources_after_the_learners_files():
    files = plan(["11_ds_eda"])
    assert assignment_name(solution_paths()[0]) == solution_paths()[0].name.removesuffix("_solution.ipynb")
    assert set(files) == {"nbgrader_config.py", "README.md", "source/11_ds_eda/11_ds_eda_exercise.ipynb"}


@pytest.mark.parametrize("text, in_words", [
    ("## Question 6\nStore it in `x`. Which is larger, and why does that matter?", True),
    ("## Question 4\nStore it in `ship`. Then write one sentence you would say to a manager.", True),
    ("## Question 5\nStore it in `corr`. Before you compute it, guess its sign.", False),
    ("## Question 1\nThink about it: an insight for people, or a system?", False),
    ("Why does the lesson use the median? It is skewed.", False),  # not a question's prompt
])
def test_questions_that_ask_for_words_are_found(text, in_words):
    assert asks_in_words(cell(text, "markdown")) is in_words


def test_a_written_answer_follows_its_question_and_is_named_after_its_check():
    nb = {"cells": [cell("## Question 1\nWhy is it so? Store it in `a`.", "markdown"), cell("a = 1", grade_id="answer_1"),
                    cell("q1.check(a)", grade_id="check_q1"), cell("## Question 2\nStore it.", "markdown"),
                    cell("## Question 3\nExplain the result.", "markdown")]}
    ids = grade_ids(add_written_answers(nb))
    # The last question has no check: its answer is named after its position.
    assert ids == [None, "answer_1", "check_q1", None, "written_q1", None, None, None, "written_6"]
    answer = nb["cells"][4]
    assert answer["cell_type"] == "markdown" and cell_source(answer) == WRITTEN_STUB
    assert answer["metadata"]["nbgrader"] == {"grade": True, "grade_id": "written_q1", "locked": False,
                                                  "points": 1, "schema_version": 3, "solution": True}


def test_a_source_is_the_learners_exercise_plus_a_graded_first_cell_and_written_answers():
    for path in solution_paths():
        solution = json.loads(path.read_text(encoding="utf-8"))
        source = source_notebook(solution)
        exercise = make_exercise(annotate(json.loads(path.read_text(encoding="utf-8"))))
        added = [c for c in source["cells"] if c.get("id", "").startswith(("graded_mode", "written_"))]
        kept = [c for c in source["cells"] if c not in added]
        assert len(kept) == len(exercise["cells"]), path.name
        first_code = next(c for c in source["cells"] if c["cell_type"] == "code")
        assert cell_source(first_code) == GRADED_CELL and first_code["metadata"]["nbgrader"]["locked"]
        assert all(not c.get("outputs") for c in source["cells"]), "a source carries no stale outputs"
        assert solution == json.loads(path.read_text(encoding="utf-8")), "the solution is not modified"
        assert exercise_path(path).name.startswith(assignment_name(path))


def test_points_come_from_the_questions_a_check_cell_checks(monkeypatch):
    from course_utils.ds import eda_questions

    monkeypatch.setattr(eda_questions.q2, "points", 3)
    nb = {"cells": [cell("from course_utils.ds.eda_questions import q1, q2"), cell("q1.check(a)"),
                    cell("q2.check(b)"), cell("q1.check(a); q2.check(b)")]}
    points = [c["metadata"]["nbgrader"].get("points") for c in annotate(nb)["cells"][1:]]
    assert points == [1, 3, 4]


def test_init_writes_once_replaces_only_its_own_unedited_files_and_never_an_edit_without_force(tmp_path):
    folder = tmp_path / "course"
    written = init(folder, ["11_ds_eda"])
    assert {p.relative_to(folder).as_posix() for p in written} == set(plan(["11_ds_eda"]))
    assert init(folder, ["11_ds_eda"]) == [], "an up-to-date folder is left alone"
    (folder / "gradebook.db").write_text("an instructor's gradebook")
    config = folder / "nbgrader_config.py"
    assert config in init(folder, ["11_ds_eda"], course_id="another"), "its own unedited file follows the plan"
    assert "'another'" in config.read_text()
    mine = folder / "source" / "11_ds_eda" / "11_ds_eda_exercise.ipynb"
    mine.write_text("my own edits")
    with pytest.raises(GradingFolderError, match="changed since .* pass --force"):
        init(folder, ["11_ds_eda"])
    assert mine.read_text() == "my own edits"
    assert "'another'" in config.read_text(), "nothing is written after a refusal"
    init(folder, ["11_ds_eda"], force=True)
    assert mine.read_text() != "my own edits"
    assert (folder / "gradebook.db").read_text() == "an instructor's gradebook", "files it does not write stay"


def test_an_instructors_own_config_is_never_replaced_without_force(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    with pytest.raises(GradingFolderError, match="nbgrader_config.py changed since"):
        init(tmp_path, ["11_ds_eda"])
    assert (tmp_path / "nbgrader_config.py").read_text() == "c = get_config()\n"


def test_lessons_added_one_at_a_time_are_all_listed(tmp_path):
    init(tmp_path, ["11_ds_eda"])
    init(tmp_path, ["12_ds_experiment"])
    readme = (tmp_path / "README.md").read_text()
    assert "| 11_ds_eda |" in readme and "| 12_ds_experiment |" in readme
    assert (tmp_path / "source" / "11_ds_eda" / "11_ds_eda_exercise.ipynb").is_file()


def test_init_refuses_an_unknown_lesson_and_a_file_as_folder(tmp_path):
    with pytest.raises(GradingFolderError, match="no solution notebook for 99_nothing"):
        init(tmp_path / "course", ["99_nothing"])
    (tmp_path / "file").write_text("x")
    with pytest.raises(GradingFolderError, match="is a file"):
        init(tmp_path / "file")
    assert not (tmp_path / "course").exists()


def test_the_readme_lists_every_assignment_its_points_and_the_written_answers():
    readme = plan()["README.md"]
    for path in solution_paths():
        assert f"| {assignment_name(path)} | {exercise_path(path).name} |" in readme
    eda = next(p for p in solution_paths() if assignment_name(p) == "11_ds_eda")
    checks = sum(".check(" in cell_source(c) for c in json.loads(eda.read_text(encoding="utf-8"))["cells"])
    assert f"| 11_ds_eda | 11_ds_eda_exercise.ipynb | {checks} | written_q6 |" in plan(["11_ds_eda"])["README.md"]


def test_the_graded_cell_turns_a_learners_kernel_to_graded_mode_without_strict_checks(tmp_path, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    from course_utils.checks import graded

    monkeypatch.delenv(graded.STRICT_ENV, raising=False)
    monkeypatch.delenv(graded.GRADED_ENV, raising=False)
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(GRADED_CELL),
        nbformat.v4.new_code_cell("from course_utils.ds.eda_questions import q4\nq4.solution()\nq4.check(0.5)"),
    ])
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    shown = json.dumps(nb.cells[1].outputs)
    assert graded.SOLUTIONS_OFF in shown and "Incorrect (ds_eda.q4)" in shown, "a wrong answer is told, not raised"
    assert (tmp_path / "progress.json").exists(), "a learner's graded attempts are still recorded"

"""Are exercises generated from solutions as nbgrader would, and is staleness caught?"""

import ast
import json

import pytest

from course_tools.notebooks import exercises
from course_tools.notebooks.markup import SolutionMarkupError
from course_utils.paths import EXERCISES_DIR


def notebook(source, outputs=()):
    return {"cells": [{"cell_type": "code", "source": source, "outputs": list(outputs), "execution_count": 3,
                       "metadata": {}, "id": "a"},
                      {"cell_type": "markdown", "source": "Why?", "metadata": {}, "id": "b"}],
            "metadata": {"widgets": {"state": {}}, "kernelspec": {"name": "python3"}}, "nbformat": 4,
            "nbformat_minor": 5}


def test_make_exercise_clears_solutions_outputs_and_widget_state():
    solution = notebook("x = ...\n### BEGIN SOLUTION\nx = 1\n### END SOLUTION\n", outputs=[{"output_type": "stream"}])
    exercise = exercises.make_exercise(solution)
    code, text = exercise["cells"]
    assert code["source"] == ["x = ...\n", "# YOUR CODE HERE\n"]
    assert code["outputs"] == [] and code["execution_count"] is None
    assert text["source"] == "Why?"
    assert "widgets" not in exercise["metadata"]
    assert solution["cells"][0]["outputs"], "the solution itself must not change"


def test_a_solution_region_in_a_markdown_cell_is_refused():
    solution = notebook("x = 1")
    solution["cells"][1]["source"] = "### BEGIN SOLUTION\nBecause.\n### END SOLUTION"
    with pytest.raises(SolutionMarkupError, match="cell 1: solution regions belong in code cells"):
        exercises.make_exercise(solution)


def test_every_shipped_exercise_is_up_to_date_and_compiles():
    report = exercises.check()
    assert report.changed == [] and report.orphans == []
    for path in EXERCISES_DIR.glob("*.ipynb"):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                ast.parse("\n".join(l for l in source.splitlines() if not l.lstrip().startswith(("%", "!"))))


def test_check_names_stale_and_orphaned_exercises(tmp_path, monkeypatch):
    solutions, exs = tmp_path / "solutions", tmp_path / "exercises"
    solutions.mkdir()
    exs.mkdir()
    (solutions / "10_demo_solution.ipynb").write_text(json.dumps(notebook("### BEGIN SOLUTION\n### END SOLUTION")))
    (exs / "99_gone_exercise.ipynb").write_text("{}")
    monkeypatch.setattr(exercises, "SOLUTIONS_DIR", solutions)
    monkeypatch.setattr(exercises, "EXERCISES_DIR", exs)
    monkeypatch.setattr(exercises, "ROOT", tmp_path)
    report = exercises.check()
    assert report.changed == ["solutions/10_demo_solution.ipynb", "exercises/10_demo_exercise.ipynb"]
    assert report.orphans == ["exercises/99_gone_exercise.ipynb"]
    exercises.generate()
    assert exercises.check() == exercises.Report([], [])
    assert not (exs / "99_gone_exercise.ipynb").exists()


def test_exercise_names_follow_solution_names():
    from course_utils.paths import SOLUTIONS_DIR

    assert exercises.exercise_path(SOLUTIONS_DIR / "11_ds_eda_solution.ipynb").name == "11_ds_eda_exercise.ipynb"
    with pytest.raises(ValueError):
        exercises.exercise_path(SOLUTIONS_DIR / "notes.ipynb")


def test_every_generated_function_stub_is_graded_as_not_attempted():
    """Does each blank function of the shipped exercises count as blank, not as one that forgot `return`?"""
    from course_utils.checks.outcome import is_blank

    stubs = {}
    for path in sorted(EXERCISES_DIR.glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] != "code" or exercises.CODE_STUB not in source:
                continue
            for node in ast.parse(source).body:
                if isinstance(node, ast.FunctionDef):
                    namespace = {}
                    exec(compile(ast.Module([node], []), path.name, "exec"), namespace)
                    stubs[f"{path.name}:{node.name}"] = is_blank(namespace[node.name])
    assert stubs and all(stubs.values()), stubs

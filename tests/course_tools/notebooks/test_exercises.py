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
    for text in exercises.blank_exercises().values():
        for cell in json.loads(text)["cells"]:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                ast.parse("\n".join(l for l in source.splitlines() if not l.lstrip().startswith(("%", "!"))))


@pytest.fixture
def layout(tmp_path, monkeypatch):
    """A course folder in ``tmp_path`` with one solution, and the module's folders pointing at it."""
    solutions, exs = tmp_path / "solutions", tmp_path / "exercises"
    solutions.mkdir()
    exs.mkdir()
    (solutions / "10_demo_solution.ipynb").write_text(json.dumps(notebook("### BEGIN SOLUTION\n### END SOLUTION")))
    monkeypatch.setattr(exercises, "SOLUTIONS_DIR", solutions)
    monkeypatch.setattr(exercises, "EXERCISES_DIR", exs)
    monkeypatch.setattr(exercises, "ROOT", tmp_path)
    return tmp_path


def fill_in(path, answer="x = 42  # my answer"):
    nb = json.loads(path.read_text())
    nb["cells"][0]["source"] = [answer]
    path.write_text(json.dumps(nb))


def test_check_names_stale_exercises_and_generation_fixes_them(layout):
    assert exercises.check().changed == ["solutions/10_demo_solution.ipynb", "exercises/10_demo_exercise.ipynb"]
    report = exercises.generate()
    assert report.changed == ["solutions/10_demo_solution.ipynb", "exercises/10_demo_exercise.ipynb"]
    assert exercises.check() == exercises.Report([], [])
    assert set(exercises.generated()) == {"10_demo_exercise.ipynb"}


def test_a_learners_edits_are_kept_and_do_not_make_the_check_fail(layout):
    exercises.generate()
    mine = layout / "exercises" / "10_demo_exercise.ipynb"
    fill_in(mine)
    edited = mine.read_text()
    report = exercises.generate()
    assert report.kept == ["exercises/10_demo_exercise.ipynb"] and report.changed == []
    assert mine.read_text() == edited
    assert exercises.check() == exercises.Report([], [], kept=["exercises/10_demo_exercise.ipynb"])


def test_force_replaces_an_edited_exercise(layout):
    exercises.generate()
    mine = layout / "exercises" / "10_demo_exercise.ipynb"
    fill_in(mine)
    assert exercises.generate(force=True).changed == ["exercises/10_demo_exercise.ipynb"]
    assert "my answer" not in mine.read_text()


def test_an_unedited_exercise_is_regenerated_when_its_solution_changes(layout):
    exercises.generate()
    (layout / "solutions" / "10_demo_solution.ipynb").write_text(json.dumps(notebook("y = 2")))
    assert exercises.check().changed == ["solutions/10_demo_solution.ipynb", "exercises/10_demo_exercise.ipynb"]
    exercises.generate()
    assert "y = 2" in (layout / "exercises" / "10_demo_exercise.ipynb").read_text()
    assert exercises.check() == exercises.Report([], [])


def test_a_notebook_generation_did_not_write_survives_even_force(layout):
    copy = layout / "exercises" / "10_demo_exercise-Copy1.ipynb"
    copy.write_text("{}")
    assert exercises.generate(force=True).untracked == ["exercises/10_demo_exercise-Copy1.ipynb"]
    assert copy.read_text() == "{}"
    report = exercises.check()
    assert (report.changed, report.orphans, report.untracked) == ([], [], ["exercises/10_demo_exercise-Copy1.ipynb"])


def test_an_orphan_generation_wrote_is_removed_but_an_edited_one_is_kept(layout):
    (layout / "solutions" / "11_more_solution.ipynb").write_text(json.dumps(notebook("z = 1")))
    (layout / "solutions" / "12_other_solution.ipynb").write_text(json.dumps(notebook("w = 1")))
    exercises.generate()
    (layout / "solutions" / "11_more_solution.ipynb").unlink()
    (layout / "solutions" / "12_other_solution.ipynb").unlink()
    fill_in(layout / "exercises" / "12_other_exercise.ipynb")
    assert exercises.check().orphans == ["exercises/11_more_exercise.ipynb", "exercises/12_other_exercise.ipynb"]
    report = exercises.generate()
    assert report.orphans == ["exercises/11_more_exercise.ipynb"]
    assert report.kept == ["exercises/12_other_exercise.ipynb"]
    assert not (layout / "exercises" / "11_more_exercise.ipynb").exists()
    assert "my answer" in (layout / "exercises" / "12_other_exercise.ipynb").read_text()
    assert exercises.check().untracked == ["exercises/12_other_exercise.ipynb"]


def test_write_blank_fills_only_a_new_or_empty_folder(layout):
    written = exercises.write_blank(layout / "blank")
    assert [p.name for p in written] == ["10_demo_exercise.ipynb"]
    assert not (layout / "exercises" / "10_demo_exercise.ipynb").exists(), "exercises/ is not touched"
    with pytest.raises(FileExistsError):
        exercises.write_blank(layout / "blank")


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
        cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
        # A stub's defaults may name a module the notebook imported (clock=time.perf_counter).
        imports = [n for c in cells for n in ast.parse("".join(c["source"])).body
                   if isinstance(n, (ast.Import, ast.ImportFrom))]
        for cell in cells:
            source = "".join(cell["source"])
            if exercises.CODE_STUB not in source:
                continue
            for node in ast.parse(source).body:
                if isinstance(node, ast.FunctionDef):
                    namespace = {}
                    exec(compile(ast.Module([*imports, node], []), path.name, "exec"), namespace)
                    stubs[f"{path.name}:{node.name}"] = is_blank(namespace[node.name])
    assert stubs and all(stubs.values()), stubs

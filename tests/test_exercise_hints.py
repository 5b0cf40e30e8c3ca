"""Does every hint that is code run where the learner reads it: after the cells above its question's
answer cell, with the earlier questions answered?"""

import ast
import copy
import json
import re

import pytest

from course_utils.paths import SOLUTIONS_DIR

CHECK = re.compile(r"^\s*(q\d+)\.check\(", re.M)


def is_code(hint: str) -> bool:
    """A hint is runnable code when it parses as Python statements that assign, call or define something.

    A ``return ...`` line is a function body to paste inside the learner's function, not a cell.
    """
    try:
        tree = ast.parse(hint)
    except SyntaxError:
        return False
    if any(isinstance(node, ast.Return) for node in tree.body):
        return False
    return any(isinstance(node, (ast.Assign, ast.Call, ast.FunctionDef)) for node in ast.walk(tree))


def test_prose_and_body_lines_are_not_taken_for_runnable_code():
    assert is_code("churn_rate = float(clean['Churn'].mean())")
    assert not is_code("Use .mean() on the 0/1 column.")
    assert not is_code("return values.str.strip()")


def code_cells(path) -> list[str]:
    cells = json.loads(path.read_text())["cells"]
    sources = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    return ["\n".join(line for line in s.splitlines() if not line.lstrip().startswith(("%", "!"))) for s in sources]


@pytest.mark.parametrize("path", sorted(SOLUTIONS_DIR.glob("*_solution.ipynb")), ids=lambda p: p.stem)
def test_code_hints_run_where_the_learner_reads_them(path, monkeypatch):
    """Run the worked notebook cell by cell; just before each answer cell, run its question's code hints."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.chdir(path.parent)
    cells = code_cells(path)
    asked = {i - 1: m.group(1) for i, source in enumerate(cells) if (m := CHECK.search(source))}
    namespace, failures = {"__name__": "__main__"}, []
    for index, source in enumerate(cells):
        question = namespace.get(asked.get(index, ""))
        for hint in getattr(question, "hints", ()):
            if is_code(hint):
                try:
                    exec(compile(hint, f"{question.id} hint", "exec"), copy.copy(namespace))
                except Exception as exc:  # whatever the learner would see
                    failures.append(f"{question.id}: {hint!r} raised {exc.__class__.__name__}: {exc}")
        exec(compile(source, f"{path.name} cell {index}", "exec"), namespace)
    assert not failures, "\n".join(failures)

"""Generate the learner's exercise notebooks from the solution notebooks.

``solutions/NN_name_solution.ipynb`` is the single source of ``exercises/NN_name_exercise.ipynb``.
First the solution itself gets its nbgrader cell metadata (``course_tools.notebooks.grading``); then the
exercise is made by a short list of small steps, applied in order:

1. ``clear_solution_regions``: replace each ``### BEGIN SOLUTION`` ... ``### END SOLUTION``
   region (``course_tools.notebooks.markup``) with the stub nbgrader's ``ClearSolutions`` writes with
   ``code_stub={"python": "# YOUR CODE HERE"}``. Regions live in code cells only: a written
   answer goes in a string the checker can read (nbgrader would need a human to grade it).
2. ``clear_outputs``: exercises ship without outputs or execution counts.
3. ``drop_widget_state``: saved widget state would show stale widgets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from course_tools.notebooks.grading import annotate
from course_tools.notebooks.markup import BEGIN, END, SolutionMarkupError, cell_source, clear_region_text
from course_utils.paths import EXERCISES_DIR, ROOT, SOLUTIONS_DIR

CODE_STUB = "# YOUR CODE HERE"
SOLUTION_SUFFIX = "_solution.ipynb"
EXERCISE_SUFFIX = "_exercise.ipynb"


def clear_solution_regions(nb: dict) -> dict:
    """Replace each code cell's solution regions with ``CODE_STUB``, in place; refuse regions outside code cells."""
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            if BEGIN in cell_source(cell) or END in cell_source(cell):
                raise SolutionMarkupError(f"cell {index}: solution regions belong in code cells; put a written "
                                          "answer in a string variable that a check can read")
            continue
        try:
            # Stored as a list of lines, the way Jupyter writes notebooks.
            cell["source"] = clear_region_text(cell_source(cell), CODE_STUB).splitlines(keepends=True)
        except SolutionMarkupError as exc:
            raise SolutionMarkupError(f"cell {index}: {exc}") from None
    return nb


def clear_outputs(nb: dict) -> dict:
    """Empty every code cell's outputs and execution count, in place."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return nb


def drop_widget_state(nb: dict) -> dict:
    """Remove the notebook's saved widget state, in place."""
    nb.get("metadata", {}).pop("widgets", None)
    return nb


STEPS = (clear_solution_regions, clear_outputs, drop_widget_state)


def make_exercise(solution: dict) -> dict:
    """The exercise notebook for a solution notebook (the input is not modified)."""
    nb = json.loads(json.dumps(solution))
    for step in STEPS:
        nb = step(nb)
    return nb


def dumps(nb: dict) -> str:
    """Serialise like nbformat does, so files round-trip through Jupyter unchanged."""
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def exercise_path(solution_path: Path) -> Path:
    """``solutions/NN_x_solution.ipynb`` -> ``exercises/NN_x_exercise.ipynb``."""
    if not solution_path.name.endswith(SOLUTION_SUFFIX):
        raise ValueError(f"{solution_path.name} does not end in {SOLUTION_SUFFIX}")
    return EXERCISES_DIR / (solution_path.name[: -len(SOLUTION_SUFFIX)] + EXERCISE_SUFFIX)


def solution_paths() -> list[Path]:
    """Every solution notebook in ``solutions/``, sorted by name."""
    return sorted(SOLUTIONS_DIR.glob(f"*{SOLUTION_SUFFIX}"))


@dataclass(frozen=True)
class Report:
    """What a generation or check found: files written or stale, and orphans (exercises with no solution)."""

    changed: list[str]
    orphans: list[str]


def _rel(path: Path) -> str:
    """``path`` relative to the repository, for messages."""
    return str(path.relative_to(ROOT))


def _expected() -> dict[Path, str]:
    """Every file generation would write: annotated solutions and their exercises, as text."""
    expected = {}
    for path in solution_paths():
        try:
            solution = annotate(json.loads(path.read_text(encoding="utf-8")))
            expected[path] = dumps(solution)
            expected[exercise_path(path)] = dumps(make_exercise(solution))
        except (ValueError, KeyError) as exc:
            raise SolutionMarkupError(f"{_rel(path)}: {exc}") from None
    return expected


def generate() -> Report:
    """Write every solution whose nbgrader metadata or exercise changed, and remove orphan exercises."""
    expected = _expected()
    EXERCISES_DIR.mkdir(exist_ok=True)
    changed = []
    for path, text in expected.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(_rel(path))
    orphans = [p for p in sorted(EXERCISES_DIR.glob("*.ipynb")) if p not in expected]
    for path in orphans:
        path.unlink()
    return Report(changed, [_rel(p) for p in orphans])


def check() -> Report:
    """Which exercises (or solutions' nbgrader metadata) are stale, and which exercises have no solution.

    Writes nothing.
    """
    expected = _expected()
    stale = [_rel(p) for p, text in expected.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    orphans = [_rel(p) for p in sorted(EXERCISES_DIR.glob("*.ipynb")) if p not in expected]
    return Report(stale, orphans)

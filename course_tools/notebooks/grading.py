"""nbgrader cell metadata for the solution notebooks, so an instructor can grade a class.

Cells that hold a solution region become nbgrader *autograded answers*; cells that call a
question's ``check`` become locked *autograder tests* worth the ``points`` of the questions they
check (one each unless a question says otherwise). An autograder runs with ``COURSE_STRICT_CHECKS=1``
(``course grading init`` writes a config that sets it) so a check that does not pass raises and
scores 0. Every other cell carries no nbgrader metadata.
"""

from __future__ import annotations

import ast
import importlib
import re

from course_tools.notebooks.markup import BEGIN, cell_source

SCHEMA_VERSION = 3
_CHECK_CALL = re.compile(r"^\s*(\w+)\.check\(", re.MULTILINE)
_ANY_CHECK = re.compile(r"\b(\w+)\.check\(")
_QUESTION_MODULE = re.compile(r"^course_utils\.\w+\.\w+_questions$")


def question_points(nb: dict) -> dict[str, int]:
    """Name -> points of every question the notebook's code imports from a question module.

    Raises ``ValueError`` when such a module cannot be imported, so points are never guessed.
    """
    points = {}
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        try:
            tree = ast.parse(cell_source(cell))
        except SyntaxError:  # IPython magics: no question import there
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and _QUESTION_MODULE.match(node.module):
                try:
                    module = importlib.import_module(node.module)
                except Exception as exc:
                    raise ValueError(f"cannot import {node.module} to read its questions' points ({exc})") from None
                for alias in node.names:
                    points[alias.asname or alias.name] = getattr(getattr(module, alias.name, None), "points", 1)
    return points


def annotate(nb: dict) -> dict:
    """Set (or clear) ``metadata["nbgrader"]`` on every cell of a solution notebook, in place."""
    answers = 0
    used: set[str] = set()
    points = question_points(nb)
    for cell in nb["cells"]:
        source = cell_source(cell)
        meta = cell.setdefault("metadata", {})
        meta.pop("nbgrader", None)
        if cell["cell_type"] != "code":
            continue
        if BEGIN in source:
            answers += 1
            meta["nbgrader"] = {"grade": False, "grade_id": f"answer_{answers}", "locked": False,
                                "schema_version": SCHEMA_VERSION, "solution": True}
        elif match := _CHECK_CALL.search(source):
            grade_id = f"check_{match.group(1)}"
            while grade_id in used:
                grade_id += "_again"
            worth = sum(points.get(name, 1) for name in _ANY_CHECK.findall(source))
            meta["nbgrader"] = {"grade": True, "grade_id": grade_id, "locked": True, "points": worth,
                                "schema_version": SCHEMA_VERSION, "solution": False}
        if "nbgrader" in meta:
            used.add(meta["nbgrader"]["grade_id"])
    return nb

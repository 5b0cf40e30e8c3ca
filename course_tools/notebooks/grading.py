"""nbgrader cell metadata for the solution notebooks, so an instructor can grade a class.

Cells that hold a solution region become nbgrader *autograded answers*; cells that call a
question's ``check`` become locked *autograder tests* worth one point each. An autograder
runs with ``COURSE_STRICT_CHECKS=1`` so a check that does not pass raises and scores 0.
Every other cell carries no nbgrader metadata.
"""

from __future__ import annotations

import re

from course_tools.notebooks.markup import BEGIN, cell_source

SCHEMA_VERSION = 3
_CHECK_CALL = re.compile(r"^\s*(\w+)\.check\(", re.MULTILINE)


def annotate(nb: dict) -> dict:
    """Set (or clear) ``metadata["nbgrader"]`` on every cell of a solution notebook, in place."""
    answers = 0
    used: set[str] = set()
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
            meta["nbgrader"] = {"grade": True, "grade_id": grade_id, "locked": True, "points": 1,
                                "schema_version": SCHEMA_VERSION, "solution": False}
        if "nbgrader" in meta:
            used.add(meta["nbgrader"]["grade_id"])
    return nb

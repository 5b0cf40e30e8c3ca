"""The solution-region markup both the exercise generator and the nbgrader annotator read.

A solution region is the lines from ``### BEGIN SOLUTION`` to ``### END SOLUTION`` in a code cell,
the markers nbgrader's ``ClearSolutions`` recognises.
"""

from __future__ import annotations

import re

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"


class SolutionMarkupError(ValueError):
    """A solution region is not closed, or is closed without being opened."""


def cell_source(cell: dict) -> str:
    """A notebook cell's source as one string, whether stored as a string or a list of lines."""
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _is_marker(line: str, marker: str) -> bool:
    """Whether ``line`` is ``marker``, alone or inside a comment."""
    stripped = line.strip()
    return stripped == marker or (stripped.startswith("#") and marker in stripped)


def clear_region_text(text: str, stub: str) -> str:
    """Replace every solution region in ``text`` with ``stub``, indented like its BEGIN line.

    Raises ``SolutionMarkupError`` for a nested, unclosed or unopened region.
    """
    out: list[str] = []
    inside = False
    for line in text.split("\n"):
        if _is_marker(line, BEGIN):
            if inside:
                raise SolutionMarkupError(f"'{BEGIN}' inside another solution region")
            inside = True
            indent = re.match(r"\s*", line).group(0)
            out.extend(indent + s for s in stub.split("\n"))
        elif _is_marker(line, END):
            if not inside:
                raise SolutionMarkupError(f"'{END}' without a '{BEGIN}' before it")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise SolutionMarkupError(f"'{BEGIN}' is never closed by '{END}'")
    return "\n".join(out)

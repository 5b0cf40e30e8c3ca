"""Export lesson notebooks to reveal.js slides with nbconvert, for projecting in class.

A cell's own ``metadata["slideshow"]["slide_type"]`` wins. Cells without one get it from
the lesson's shape: a Markdown cell that opens with a heading starts a new slide, and
every other cell continues the current one. Generated HTML goes to ``build/slides/`` and
is never committed.
"""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat

from course_utils.paths import NOTEBOOKS_DIR, ROOT

OUT_DIR = ROOT / "build" / "slides"


class NotANotebook(ValueError):
    """A file nbformat cannot read as a notebook."""


def read(path: Path) -> nbformat.NotebookNode:
    """The notebook at ``path`` as nbformat 4; raises ``NotANotebook`` for a file that is not one."""
    try:
        return nbformat.read(path, as_version=4)
    except (ValueError, TypeError, KeyError, AttributeError, nbformat.ValidationError) as exc:
        # nbformat reports a malformed file with whichever error its version converter meets first.
        raise NotANotebook(f"it is not a notebook ({exc.__class__.__name__})") from None


def with_slide_types(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` in which every cell has a slide type."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        show = cell.metadata.setdefault("slideshow", {})
        if "slide_type" not in show:
            heading = cell.cell_type == "markdown" and cell.source.lstrip().startswith("#")
            show["slide_type"] = "slide" if heading else "-"
    return nb


def export(path: Path, out_dir: Path | None = None) -> Path:
    """Write ``<name>.slides.html`` for one notebook (into ``build/slides/`` by default); return its path."""
    from nbconvert import SlidesExporter

    out_dir = out_dir or OUT_DIR
    nb = with_slide_types(read(path))
    body, _ = SlidesExporter().from_notebook_node(nb)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{path.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target


def lesson_paths() -> list[Path]:
    """Every lesson notebook in ``notebooks/``, sorted by name."""
    return sorted(NOTEBOOKS_DIR.glob("*.ipynb"))

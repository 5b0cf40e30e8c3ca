"""Export lesson notebooks to reveal.js slides with nbconvert, for projecting in class.

Every Markdown heading starts a screen. A Markdown cell is cut into parts at each ATX heading line
(``#`` to ``######``, not inside a fenced code block); the text before its first heading stays on the
screen before it. ``#`` and ``##`` start a new slide (left to right); ``###`` to ``######`` start a
sub-slide below their section's slide, so the overview keeps a section's pieces together and the
space bar still walks every screen in order. A cell's own ``metadata["slideshow"]["slide_type"]`` wins
for its first part; a cell marked ``skip`` or ``notes`` stays skipped or in the notes as a whole. Every
other cell continues the current screen.

Each screen fits the 960x700 reveal frame (``slides_template/``): long code, long outputs and wide or
long tables scroll inside their own box and figures scale down, while prose never scrolls and is never
cut: a screen still too tall continues on a sub-slide below it, paragraph by paragraph (list item by
list item). That last step runs in the browser when the deck opens, so it measures the fonts the
projecting machine really has. The deck is offline: reveal.js and MathJax are copied from ``reveal/``
beside the HTML, which names no outside host. Generated HTML goes to ``build/slides/`` and is never
committed.
"""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import nbformat

from course_utils.paths import NOTEBOOKS_DIR, ROOT

OUT_DIR = ROOT / "build" / "slides"
ASSETS = Path(__file__).resolve().parent / "reveal"
TEMPLATES = Path(__file__).resolve().parent / "slides_template"
ASSETS_DIR_NAME = "reveal"  # the assets' folder beside the HTML; the template's URLs are relative to it

# CommonMark: up to three spaces, then 1-6 '#' followed by a space, a tab or the end of the line.
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
HIDDEN = {"skip", "notes"}
STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.DOTALL)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


class NotANotebook(ValueError):
    """A file nbformat cannot read as a notebook."""


def read(path: Path) -> nbformat.NotebookNode:
    """The notebook at ``path`` as nbformat 4; raises ``NotANotebook`` for a file that is not one."""
    try:
        return nbformat.read(path, as_version=4)
    except (ValueError, TypeError, KeyError, AttributeError, nbformat.ValidationError) as exc:
        # nbformat reports a malformed file with whichever error its version converter meets first.
        raise NotANotebook(f"it is not a notebook ({exc.__class__.__name__})") from None


def split_at_headings(source: str) -> list[tuple[int, str]]:
    """``source`` cut before each heading line outside fenced code: ``(level, text)`` pairs, level 0 for
    the text before the first heading (left out when blank)."""
    parts: list[tuple[int, list[str]]] = [(0, [])]
    fence = ""
    for line in source.splitlines(keepends=True):
        opening = FENCE.match(line)
        if fence:
            # A fence closes with at least as many of the same character and nothing else on the line.
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line.strip().lstrip(fence[0]):
                fence = ""
        elif opening:
            fence = opening.group(1)
        elif heading := HEADING.match(line):
            parts.append((len(heading.group(1)), []))
        parts[-1][1].append(line)
    return [(level, "".join(lines).strip("\n")) for level, lines in parts if level or "".join(lines).strip()]


def _slide_type(level: int) -> str:
    return "slide" if level in (1, 2) else "subslide" if level else "-"


def with_slide_types(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` with every Markdown cell cut at its headings and every cell given a slide type."""
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        own = cell.metadata.get("slideshow", {}).get("slide_type")
        parts = split_at_headings(cell.source) if cell.cell_type == "markdown" else [(0, cell.source)]
        for index, (level, text) in enumerate(parts or [(0, cell.source)]):
            part = copy.deepcopy(cell) if index else cell
            part.source = text
            if index and "id" in part:
                part.id = f"{cell.id[:60]}-{index}"  # ids stay unique and within nbformat's 64 characters
            own_wins = (index == 0 and own) or own in HIDDEN
            part.metadata.setdefault("slideshow", {})["slide_type"] = own if own_wins else _slide_type(level)
            cells.append(part)
    nb.cells = cells
    return nb


def exporter():
    """nbconvert's slides exporter with the course template, pointed at the assets copied beside the HTML."""
    from nbconvert import SlidesExporter

    return SlidesExporter(extra_template_basedirs=[str(TEMPLATES)], template_name="course_reveal",
                          reveal_url_prefix=ASSETS_DIR_NAME, reveal_theme="white")


def export(path: Path, out_dir: Path | None = None) -> Path:
    """Write ``<name>.slides.html`` for one notebook (into ``build/slides/`` by default), with the reveal.js
    and MathJax files it loads in ``reveal/`` beside it; return the HTML's path."""
    out_dir = out_dir or OUT_DIR
    nb = with_slide_types(read(path))
    body, _ = exporter().from_notebook_node(nb)
    # JupyterLab's inlined style sheets credit web pages in comments; the deck names no outside host.
    body = STYLE.sub(lambda m: m[1] + CSS_COMMENT.sub("", m[2]) + m[3], body)
    out_dir.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ASSETS, out_dir / ASSETS_DIR_NAME, dirs_exist_ok=True)
    target = out_dir / f"{path.stem}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target


def lesson_paths() -> list[Path]:
    """Every lesson notebook in ``notebooks/``, sorted by name."""
    return sorted(NOTEBOOKS_DIR.glob("*.ipynb"))

"""Do lessons export to slides, one per heading unless a cell says otherwise?"""

import nbformat

from course_tools.notebooks import slides
from course_utils.paths import NOTEBOOKS_DIR


def test_headings_start_slides_and_explicit_types_win():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title"),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_markdown_cell("Some prose."),
        nbformat.v4.new_markdown_cell("## Part two", metadata={"slideshow": {"slide_type": "skip"}}),
    ])
    types = [c.metadata["slideshow"]["slide_type"] for c in slides.with_slide_types(nb).cells]
    assert types == ["slide", "-", "-", "skip"]
    assert "slideshow" not in nb.cells[0].metadata, "the notebook itself is not changed"


def test_a_lesson_exports_to_reveal_html(tmp_path):
    path = NOTEBOOKS_DIR / "00_start_here.ipynb"
    out = slides.export(path, tmp_path)
    html = out.read_text()
    headings = sum(c.source.lstrip().startswith("#") for c in nbformat.read(path, 4).cells if c.cell_type == "markdown")
    assert out.name == "00_start_here.slides.html"
    assert "reveal" in html and html.count("<section") >= headings

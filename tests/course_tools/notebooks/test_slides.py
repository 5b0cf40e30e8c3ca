"""Do lessons export to slides, one screen per heading unless a cell says otherwise, with nothing online?"""

import re

import nbformat
import pytest

from course_tools import cli
from course_tools.notebooks import slides
from course_utils.paths import NOTEBOOKS_DIR


def types_and_sources(*cells):
    nb = slides.with_slide_types(nbformat.v4.new_notebook(cells=list(cells)))
    return [(c.metadata["slideshow"]["slide_type"], c.source) for c in nb.cells]


def test_a_cell_with_three_headings_becomes_three_slides():
    """Does each heading in one Markdown cell start its own slide, sub-headings a sub-slide?"""
    cell = nbformat.v4.new_markdown_cell("# Title\nGoals.\n\n## Part one\nText.\n### Detail\nMore.")
    assert types_and_sources(cell) == [("slide", "# Title\nGoals."), ("slide", "## Part one\nText."),
                                       ("subslide", "### Detail\nMore.")]


def test_a_hash_inside_fenced_code_is_not_a_heading():
    """Is a `#` comment inside a ``` or ~~~ fence left in the same slide, and a heading after the fence not?"""
    cell = nbformat.v4.new_markdown_cell("## Shell\n```bash\n# not a heading\n~~~\n# nor this\n```\n"
                                         "~~~~\n# still code\n~~~~\n## Next")
    parts = types_and_sources(cell)
    assert [t for t, _ in parts] == ["slide", "slide"]
    assert "# nor this" in parts[0][1] and "# still code" in parts[0][1] and parts[1][1] == "## Next"


def test_text_before_the_first_heading_stays_on_the_previous_slide():
    """Does a cell's opening prose continue the slide before it, and does `#hashtag` or four spaces not count?"""
    cells = [nbformat.v4.new_markdown_cell("# Title"), nbformat.v4.new_code_cell("x = 1"),
             nbformat.v4.new_markdown_cell("So x is one.\n#hashtag\n    # indented code\n## After")]
    assert types_and_sources(*cells) == [("slide", "# Title"), ("-", "x = 1"),
                                         ("-", "So x is one.\n#hashtag\n    # indented code"), ("slide", "## After")]


def test_a_cells_own_slide_type_wins_for_its_first_part():
    """Does an explicit type win for the first part, and does a skipped cell stay skipped as a whole?"""
    fragment = nbformat.v4.new_markdown_cell("## Shown bit by bit\nText\n## Next",
                                             metadata={"slideshow": {"slide_type": "fragment"}})
    skipped = nbformat.v4.new_markdown_cell("## Hidden\n## Also hidden",
                                            metadata={"slideshow": {"slide_type": "skip"}})
    assert [t for t, _ in types_and_sources(fragment, skipped)] == ["fragment", "slide", "skip", "skip"]
    assert "slideshow" not in nbformat.v4.new_markdown_cell("# x").metadata


def test_split_cells_keep_unique_ids_and_the_notebook_is_not_changed():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A\n## B\n## C")])
    before = nbformat.writes(nb)
    ids = [c.id for c in slides.with_slide_types(nb).cells]
    assert len(set(ids)) == 3 and ids[0] == nb.cells[0].id
    assert nbformat.writes(nb) == before


def test_a_lesson_exports_to_one_section_per_heading_with_its_assets_beside_it(tmp_path):
    """Does each heading of the deck open a screen of its own, and does every file it loads exist beside it?"""
    path = NOTEBOOKS_DIR / "10_ds_frame_and_clean.ipynb"
    out = slides.export(path, tmp_path)
    html = out.read_text()
    prose = [c.source for c in nbformat.read(path, 4).cells if c.cell_type == "markdown"]
    lines = "\n".join(prose).splitlines()
    assert out.name == "10_ds_frame_and_clean.slides.html"
    screens = html.split("<section")[1:]
    headings = [len(re.findall(r"<h[1-6]\b", screen)) for screen in screens]
    assert set(headings) <= {0, 1}, "two headings share a screen"
    assert sum(headings) == sum(bool(re.match(r"#{1,6} ", line)) for line in lines) > 10
    loaded = re.findall(r'<(?:script|link)\b[^>]*?(?:src|href)="([^"]+)"', html)
    assert sorted(loaded) == [
        "reveal/dist/reveal.css", "reveal/dist/reveal.js", "reveal/dist/theme/white.css",
        "reveal/mathjax/tex-svg.js", "reveal/plugin/notes/notes.js"]
    for url in ("reveal/dist/reveal.css", "reveal/dist/reveal.js", "reveal/dist/theme/white.css",
                "reveal/mathjax/tex-svg.js", "reveal/plugin/notes/notes.js", "reveal/LICENSE",
                "reveal/mathjax/LICENSE"):
        assert (tmp_path / url).is_file(), url


@pytest.mark.parametrize("lesson", ["14_ds_tracking_registry.ipynb", "20_mle_pipeline.ipynb", "12_ds_experiment.ipynb"])
def test_the_deck_names_no_outside_host_but_the_lessons_own_links(lesson, tmp_path):
    """Does nothing in the HTML point at another host, apart from links a lesson's prose makes on purpose?"""
    path = NOTEBOOKS_DIR / lesson
    html = slides.export(path, tmp_path).read_text()
    prose = "\n".join(c.source for c in nbformat.read(path, 4).cells if c.cell_type == "markdown")
    own = set(re.findall(r"\]\((https?://[^)\s]+)\)", prose))
    html = re.sub(r'<a href="([^"]+)"', lambda m: "<a" if m[1] in own else m[0], html)
    assert not re.search(r"(https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]", html), "the deck names an outside host"
    for css in (tmp_path / "reveal").rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text()), css


@pytest.mark.parametrize("text", ["{{{", "[]", '{"nbformat": 4, "cells": 3}'])
def test_a_file_that_is_not_a_notebook_gets_one_sentence(text, tmp_path, capsys):
    path = tmp_path / "bad.ipynb"
    path.write_text(text)
    assert cli.main(["slides", str(path), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"Cannot export {path}: it is not a notebook ({err.rsplit('(', 1)[1]}" and "\n" not in err
    assert not (tmp_path / "out").exists()

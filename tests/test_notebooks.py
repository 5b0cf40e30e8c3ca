"""Are the notebooks well-formed for nbval, learners and the lesson metadata?"""

import base64
import json
import re

import pytest

from course_tools.notebooks import exercises, lessons
from course_utils.paths import NOTEBOOKS_DIR, ROOT, SOLUTIONS_DIR

STORED = sorted(NOTEBOOKS_DIR.glob("*.ipynb")) + sorted(SOLUTIONS_DIR.glob("*.ipynb"))
# Exercises as generated, not as a learner filled them in (nor a learner's -Copy1 beside them).
BLANK = exercises.blank_exercises()
ALL = STORED + sorted(BLANK)


def read(path):
    return BLANK[path] if path in BLANK else path.read_text()


def ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


def code_cells(path):
    return [c for c in json.loads(read(path))["cells"] if c["cell_type"] == "code"]


def source(cell):
    return "".join(cell["source"])


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_kernel_is_python3(path):
    assert json.loads(read(path))["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", STORED, ids=ids(STORED))
def test_lesson_metadata_is_complete(path):
    lessons.read(path)


@pytest.mark.parametrize("path", STORED, ids=ids(STORED))
def test_every_code_cell_was_run_and_nothing_went_to_stderr(path):
    for i, cell in enumerate(code_cells(path)):
        if source(cell).strip():
            assert cell["execution_count"] is not None, f"cell {i} was not run"
        for out in cell["outputs"]:
            assert out.get("name") != "stderr", f"cell {i} stored stderr: {out.get('text')}"
            assert out["output_type"] != "error", f"cell {i} stored an error"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_ignored_outputs_give_their_reason(path):
    for i, cell in enumerate(code_cells(path)):
        lines = source(cell).splitlines()
        if any(re.fullmatch(r"#\s*NBVAL_(IGNORE_OUTPUT|SKIP)", line.strip()) for line in lines):
            reasons = [l for l in lines if l.strip().startswith("#") and "NBVAL_" not in l]
            assert reasons, f"cell {i} ignores its output without a reason"


@pytest.mark.parametrize("path", STORED, ids=ids(STORED))
def test_figures_stay_small(path):
    for i, cell in enumerate(code_cells(path)):
        for out in cell["outputs"]:
            png = out.get("data", {}).get("image/png")
            if png:
                assert len(base64.b64decode(png)) < 120_000, f"cell {i} stores a large image"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_no_placeholder_text_ships(path):
    text = read(path)
    assert "TODO" not in text and "FIXME" not in text and "lorem ipsum" not in text.lower()


@pytest.mark.parametrize("path", STORED, ids=ids(STORED))
def test_notebook_opens_with_goals_and_time_and_ends_with_a_recap(path):
    cells = json.loads(read(path))["cells"]
    first, last = "".join(cells[0]["source"]), "".join(cells[-1]["source"])
    assert re.search(r"Estimated time: \d+ minutes", first), "state the estimated time in the first cell"
    assert "## Recap" in last or "## Recap" in "".join(cells[-2]["source"]), "end with a ## Recap"


def test_every_solution_has_an_exercise_and_vice_versa():
    solutions = {p.name.replace("_solution", "") for p in SOLUTIONS_DIR.glob("*.ipynb")}
    generated = {name.replace("_exercise", "") for name in exercises.generated()}
    assert solutions == generated


def test_readme_course_map_lists_every_lesson_and_exercise():
    readme = (ROOT / "README.md").read_text()
    for path in sorted(NOTEBOOKS_DIR.glob("*.ipynb")) + sorted(BLANK):
        assert f"{path.parent.name}/{path.name}" in readme, f"README's course map does not link {path.name}"


def test_start_notebook_map_names_every_lesson():
    start = (NOTEBOOKS_DIR / "00_start_here.ipynb").read_text()
    for path in NOTEBOOKS_DIR.glob("*.ipynb"):
        assert path.stem in start, f"00_start_here's course map does not name {path.stem}"


@pytest.mark.parametrize("path", sorted(SOLUTIONS_DIR.glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_exercise_has_at_least_three_checked_steps(path):
    """Has each exercise 3 or more cells that check an answer (the serving exercise at least 4)?"""
    cells = json.loads(read(path))["cells"]
    checked = [c for c in cells if c["cell_type"] == "code" and re.search(r"\bq\d+\.check\(", "".join(c["source"]))]
    assert len(checked) >= (4 if "serving" in path.stem else 3), f"{path.name} has {len(checked)} checked steps"


def _stated_times() -> dict[str, str]:
    """Each lesson's "teaching + exercise min", from the notebooks' own metadata."""
    times = {}
    for path in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        teach = json.loads(read(path))["metadata"]["course"]["teaching_minutes"]
        solution = ROOT / "solutions" / f"{path.stem}_solution.ipynb"
        practice = json.loads(read(solution))["metadata"]["course"]["exercise_minutes"] if solution.exists() else None
        times[path.stem] = f"{teach} + {practice} min" if practice is not None else f"{teach} min"
    return times


@pytest.mark.parametrize("page", ["README.md", "notebooks/00_start_here.ipynb"])
def test_course_maps_state_each_lessons_own_times(page):
    """Does every course-map row give the minutes the lesson and its exercise declare?"""
    text = (ROOT / page).read_text()
    for stem, want in _stated_times().items():
        rows = [line for line in text.splitlines() if stem in line and re.search(r"\| \d+( \+ \d+)? min \|", line)]
        assert rows, f"{page} has no course-map row for {stem}"
        assert all(f"| {want} |" in row for row in rows), f"{page} states another time for {stem}: want {want}"


def test_relative_links_in_markdown_resolve():
    link = re.compile(r"\]\((?!https?:|#|mailto:)([^)#\s]+)")
    for path in ALL:
        for cell in json.loads(read(path))["cells"]:
            if cell["cell_type"] == "markdown":
                for target in link.findall("".join(cell["source"])):
                    assert (path.parent / target).resolve().exists(), f"{path.name} links to missing {target}"

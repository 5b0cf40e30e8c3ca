"""``course grading init DIR``: an nbgrader course folder that grades learners' files right the first time.

One assignment per lesson, named after it (``11_ds_eda``), whose source notebook is named exactly like
the learner's file (``source/11_ds_eda/11_ds_eda_exercise.ipynb``): nbgrader matches submissions by file
name and silently scores a differently named one 0. Each source notebook is its solution, annotated
(``course_tools.notebooks.grading``), with outputs cleared and two additions, in this order:

1. ``add_graded_cell``: a locked first code cell that switches the learner's kernel to graded mode
   (``course_utils.checks.graded``: ``solution()`` off, one hint, no expected values shown). Only the
   release has it, never the self-paced ``exercises/``.
2. ``add_written_answers``: after each question whose prompt asks for prose (``asks_in_words``), a
   markdown answer cell that a person grades in formgrader, worth ``WRITTEN_POINTS``.

``nbgrader_config.py`` turns strict checks on itself: every kernel nbgrader starts (``nbgrader autograde``
and formgrader's Autograde button alike) gets ``COURSE_STRICT_CHECKS=1``, so a check that does not pass
raises and scores 0, with no environment variable to remember. ``README.md`` lists the assignments, their
points and the written answers. A file someone edited is never replaced unless ``force``.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from course_tools.notebooks.exercises import (
    EXERCISE_SUFFIX, SOLUTION_SUFFIX, clear_outputs, drop_widget_state, dumps, solution_paths,
)
from course_tools.notebooks.grading import SCHEMA_VERSION, annotate
from course_tools.notebooks.markup import cell_source

COURSE_ID = "ds-vs-mle"
EXCHANGE_ROOT = "/srv/nbgrader/exchange"
WRITTEN_POINTS = 1
RECORD_NAME = ".generated.json"
RECORD_NOTE = ("Written by `course grading init`: the SHA-256 of each file it wrote, so that it replaces only "
               "files nobody edited.")
GRADED_CELL = """# Graded assignment: keep this cell first and run it first. Checks still say whether an answer
# passes; hint() gives the first hint only and solution() is off.
from course_utils.checks import graded
print(graded.start())
"""
WRITTEN_INTRO = ("**Written answer** (a person grades it): answer the last part of the question above "
                 "in a sentence or two, in the cell below.")
WRITTEN_STUB = "YOUR ANSWER HERE"  # nbgrader's default text stub: the release shows it as it is
# A question that asks "why ...?", or for a sentence, wants prose no check can read.
_IN_WORDS = re.compile(r"(?i)\bwhy\b[^.?!]*\?|\bwrite (?:one|a|two) sentences?\b|\bin your own words\b|\bexplain\b")

CONFIG = '''"""nbgrader settings for this course folder, written by `course grading init`.

nbgrader reads this file for every command and for formgrader's buttons, so what must never be forgotten
is set here.
"""

from pathlib import Path

c = get_config()  # noqa: F821 (nbgrader provides it)

c.CourseDirectory.root = str(Path(__file__).resolve().parent)
c.CourseDirectory.course_id = {course_id!r}
# Strict checks in every kernel nbgrader starts (autograde, validate, formgrader's Autograde button):
# a check that does not pass raises, so its test cell scores 0. Only those kernels: the instructor's own
# notebooks keep solution() and all hints.
c.Execute.extra_arguments = ["--IPKernelApp.exec_lines=import os; os.environ['COURSE_STRICT_CHECKS'] = '1'"]
c.Execute.timeout = 300
# The stub our exercises use, so a release is the learner's exercise plus the graded cells.
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE"}}
c.ClearSolutions.text_stub = {stub!r}
# A learner who deleted a check cell gets it back, run, rather than a silent gap.
c.OverwriteCells.add_missing_cells = True
# The hub's shared exchange folder (release, fetch, submit, collect, feedback): change it to yours.
c.Exchange.root = {exchange!r}
'''


class GradingFolderError(ValueError):
    """The course folder cannot be written as asked (a file there differs, or no such lesson)."""


def assignment_name(solution_path: Path) -> str:
    """``solutions/11_ds_eda_solution.ipynb`` -> ``11_ds_eda``."""
    return solution_path.name[: -len(SOLUTION_SUFFIX)]


def asks_in_words(cell: dict) -> bool:
    """Whether a markdown question cell (``## Question ...``) asks for an answer in words."""
    source = cell_source(cell)
    return cell["cell_type"] == "markdown" and source.startswith("## Question") and bool(_IN_WORDS.search(source))


def _nbgrader(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: int | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": SCHEMA_VERSION,
            "solution": solution}
    return meta | ({"points": points} if points is not None else {})


def _cell(cell_id: str, cell_type: str, source: str, nbgrader: dict | None = None) -> dict:
    cell = {"cell_type": cell_type, "id": cell_id, "metadata": {"nbgrader": nbgrader} if nbgrader else {},
            "source": source.splitlines(keepends=True)}
    return cell | ({"execution_count": None, "outputs": []} if cell_type == "code" else {})


def add_graded_cell(nb: dict) -> dict:
    """Insert the locked graded-mode cell before the first code cell, in place."""
    first_code = next((i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"), len(nb["cells"]))
    cell = _cell("graded_mode", "code", GRADED_CELL, _nbgrader("graded_mode", grade=False, solution=False, locked=True))
    nb["cells"].insert(first_code, cell)
    return nb


def _written_cells(grade_id: str) -> list[dict]:
    """The introduction and the manually graded answer cell of one written answer."""
    answer = _nbgrader(grade_id, grade=True, solution=True, locked=False, points=WRITTEN_POINTS)
    return [_cell(f"{grade_id}_intro", "markdown", WRITTEN_INTRO), _cell(grade_id, "markdown", WRITTEN_STUB, answer)]


def add_written_answers(nb: dict) -> dict:
    """After each question that asks for words, before the next markdown heading, insert a written answer
    named after the question's check (``written_q6`` after ``check_q6``), in place."""
    out, pending = [], None
    for cell in nb["cells"]:
        if pending and cell["cell_type"] == "markdown" and cell_source(cell).startswith("#"):
            out += _written_cells(pending)
            pending = None
        if asks_in_words(cell):
            pending = f"written_{len(out)}"
        check_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        if pending and check_id.startswith("check_"):
            pending = "written_" + check_id.removeprefix("check_")
        out.append(cell)
    nb["cells"] = out + (_written_cells(pending) if pending else [])
    return nb


def source_notebook(solution: dict) -> dict:
    """The nbgrader source notebook for a solution notebook (the input is not modified)."""
    nb = annotate(json.loads(json.dumps(solution)))
    for step in (clear_outputs, drop_widget_state, add_graded_cell, add_written_answers):
        nb = step(nb)
    return nb


def _points(nb: dict) -> tuple[int, list[str]]:
    """Autograded points, and the grade ids of the written answers, of a source notebook."""
    grades = [c["metadata"]["nbgrader"] for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade")]
    auto = sum(g["points"] for g in grades if not g["solution"])
    return auto, [g["grade_id"] for g in grades if g["solution"]]


def _readme(course_id: str, rows: list[tuple[str, str, int, list[str]]]) -> str:
    lines = [f"# nbgrader course folder: {course_id}", "",
             "Written by `course grading init`; instructors/guide.md (\"Grading with nbgrader\") gives every command.",
             "", "| assignment | learner's file | autograded points | written answers (a person grades) |",
             "|---|---|---|---|"]
    for name, file, auto, written in rows:
        lines.append(f"| {name} | {file} | {auto} | {', '.join(written) or 'none'} |")
    lines += ["", "Written answers need a person: in formgrader's Manual Grading page, give each `written_...` cell "
              f"its points ({WRITTEN_POINTS} each). The autograder gives an untouched one 0 and flags the others."]
    return "\n".join(lines) + "\n"


def plan(lessons: list[str] | None = None, course_id: str = COURSE_ID, exchange: str = EXCHANGE_ROOT,
         listed: list[str] = ()) -> dict[str, str]:
    """Every file of the course folder, as relative path -> text; ``lessons`` picks assignments (all if None), and
    the README also lists the ``listed`` ones (assignments already in the folder)."""
    paths = {assignment_name(p): p for p in solution_paths()}
    unknown = [name for name in lessons or [] if name not in paths]
    if unknown:
        raise GradingFolderError(f"no solution notebook for {', '.join(unknown)}; choose from {', '.join(paths)}")
    chosen = lessons or list(paths)
    files, rows = {}, []
    for name in sorted(set(chosen) | {n for n in listed if n in paths}):
        nb = source_notebook(json.loads(paths[name].read_text(encoding="utf-8")))
        learner_file = name + EXERCISE_SUFFIX
        if name in chosen:
            files[f"source/{name}/{learner_file}"] = dumps(nb)
        rows.append((name, learner_file, *_points(nb)))
    files["nbgrader_config.py"] = CONFIG.format(course_id=course_id, stub=WRITTEN_STUB, exchange=exchange)
    files["README.md"] = _readme(course_id, rows)
    return files


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _record(folder: Path) -> dict[str, str]:
    """What ``init`` last wrote in ``folder``: relative path -> SHA-256 (empty if nothing)."""
    path = folder / RECORD_NAME
    try:
        return json.loads(path.read_text(encoding="utf-8"))["sha256"] if path.is_file() else {}
    except (ValueError, KeyError):  # a damaged record protects nothing: every differing file is then refused
        return {}


def init(folder: Path, lessons: list[str] | None = None, course_id: str = COURSE_ID, exchange: str = EXCHANGE_ROOT,
         force: bool = False) -> list[Path]:
    """Write the course folder into ``folder``; return the files written.

    A file already there is replaced only while it is still what ``init`` last wrote (``RECORD_NAME`` keeps
    their SHA-256), so a newer solution comes through but an edit never goes; otherwise ``GradingFolderError``
    is raised before anything is written, unless ``force``. Files ``init`` does not write are never touched.
    """
    if folder.exists() and not folder.is_dir():
        raise GradingFolderError(f"{folder} is a file, not a folder")
    source = folder / "source"
    present = sorted(d.name for d in source.iterdir() if d.is_dir()) if source.is_dir() else []
    files = {rel: text.encode("utf-8") for rel, text in plan(lessons, course_id, exchange, present).items()}
    record = _record(folder)
    differ = [folder / rel for rel, data in files.items() if (folder / rel).exists()
              and _digest((folder / rel).read_bytes()) not in (_digest(data), record.get(rel))]
    if differ and not force:
        more = f" and {len(differ) - 1} more" if len(differ) > 1 else ""
        raise GradingFolderError(f"{differ[0]}{more} changed since `course grading init` wrote it; "
                                 "pass --force to replace it (your edits there are lost)")
    written = []
    for rel, data in files.items():
        path = folder / rel
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
        record[rel] = _digest(data)
    text = json.dumps({"note": RECORD_NOTE, "sha256": dict(sorted(record.items()))}, indent=1) + "\n"
    if not (folder / RECORD_NAME).is_file() or (folder / RECORD_NAME).read_text(encoding="utf-8") != text:
        (folder / RECORD_NAME).write_text(text, encoding="utf-8")
    return written

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

``exercises/`` is where learners work, so generation never loses what a learner wrote. It knows what it
last wrote from ``exercises/.generated.json``, the SHA-256 of each exercise it wrote (line endings
normalised), committed with the exercises. Not git's copy: a zip download or Binder may have no git, and
a learner who commits their answers changes it. An exercise whose bytes match neither that record nor a
fresh generation is the learner's: it is kept and reported, unless ``force``. A notebook the record does
not name (JupyterLab's ``-Copy1``) is never removed, even with ``force``; an exercise the record names
whose solution is gone is removed while unedited (or with ``force``), and otherwise kept and forgotten.
``check`` compares a fresh generation with the record, never with the learner's file on disk.
``write_blank`` writes fresh blank exercises into a new folder, for running them as shipped.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from course_tools.notebooks.grading import annotate
from course_tools.notebooks.markup import BEGIN, END, SolutionMarkupError, cell_source, clear_region_text
from course_utils.paths import EXERCISES_DIR, ROOT, SOLUTIONS_DIR

CODE_STUB = "# YOUR CODE HERE"
SOLUTION_SUFFIX = "_solution.ipynb"
EXERCISE_SUFFIX = "_exercise.ipynb"
MANIFEST_NAME = ".generated.json"
MANIFEST_NOTE = ("Written by `course exercises`: the SHA-256 of each exercise it wrote, so that it never "
                 "overwrites one you edited.")


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
    """What a generation or check found, as paths relative to the repository.

    ``changed``: written (or stale); ``orphans``: generated exercises with no solution, removed (or to remove);
    ``kept``: exercises with the learner's edits, left as they are; ``untracked``: notebooks generation did
    not write, left alone.
    """

    changed: list[str]
    orphans: list[str]
    kept: list[str] = field(default_factory=list)
    untracked: list[str] = field(default_factory=list)


def _rel(path: Path) -> str:
    """``path`` relative to the repository, for messages."""
    return str(path.relative_to(ROOT))


def _digest(data: bytes) -> str:
    """SHA-256 of a file's bytes; CRLF counts as LF, since git on Windows may convert line endings."""
    return hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


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


def blank_exercises() -> dict[Path, str]:
    """The text of every exercise as generation writes it, keyed by its path in ``exercises/``."""
    return {path: text for path, text in _expected().items() if path.parent == EXERCISES_DIR}


def generated() -> dict[str, str]:
    """The record of what generation last wrote: exercise file name -> SHA-256 (empty if there is none)."""
    path = EXERCISES_DIR / MANIFEST_NAME
    return json.loads(path.read_text(encoding="utf-8"))["sha256"] if path.is_file() else {}


def _write_manifest(record: dict[str, str]) -> None:
    """Write the record, only if it changed (so an up-to-date run leaves the file alone)."""
    text = json.dumps({"note": MANIFEST_NOTE, "sha256": dict(sorted(record.items()))}, indent=1) + "\n"
    path = EXERCISES_DIR / MANIFEST_NAME
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_bytes(text.encode("utf-8"))


def _on_disk(path: Path) -> str | None:
    """The digest of the file at ``path``, or None if there is none."""
    return _digest(path.read_bytes()) if path.is_file() else None


def generate(force: bool = False) -> Report:
    """Write every stale solution and exercise, keeping learners' edits unless ``force``; update the record."""
    expected, record = _expected(), generated()
    EXERCISES_DIR.mkdir(exist_ok=True)
    changed, orphans, kept, untracked = [], [], [], []
    for path, text in expected.items():
        data = text.encode("utf-8")
        current = _on_disk(path)
        is_exercise = path.parent == EXERCISES_DIR
        if current != _digest(data):
            # Solutions are the authors' files; an exercise is replaced only while it is still what we wrote.
            if is_exercise and current not in (None, record.get(path.name)) and not force:
                kept.append(_rel(path))
                continue
            path.write_bytes(data)
            changed.append(_rel(path))
        if is_exercise:
            record[path.name] = _digest(data)
    for path in sorted(EXERCISES_DIR.glob("*.ipynb")):
        if path in expected:
            continue
        if path.name not in record:
            untracked.append(_rel(path))
        elif _on_disk(path) == record.pop(path.name) or force:
            path.unlink()
            orphans.append(_rel(path))
        else:  # edited, and its solution is gone: it is the learner's file now, no longer ours
            kept.append(_rel(path))
    names = {p.name for p in expected}
    _write_manifest({name: digest for name, digest in record.items() if name in names})
    return Report(changed, orphans, kept, untracked)


def check() -> Report:
    """Which solutions' nbgrader metadata or generated exercises are stale, and which generated exercises have
    no solution; ``kept`` and ``untracked`` are informational. Writes nothing.

    An exercise is stale when a fresh generation differs from what generation last wrote (the record), or
    when it is missing; a learner's edits on disk do not make it stale.
    """
    expected, record = _expected(), generated()
    stale, kept = [], []
    for path, text in expected.items():
        fresh, current = _digest(text.encode("utf-8")), _on_disk(path)
        if path.parent != EXERCISES_DIR:
            stale += [_rel(path)] if current != fresh else []
        elif record.get(path.name) != fresh or current is None:
            stale.append(_rel(path))
        elif current != fresh:
            kept.append(_rel(path))
    others = [p for p in sorted(EXERCISES_DIR.glob("*.ipynb")) if p not in expected]
    orphans = [_rel(p) for p in others if p.name in record]
    untracked = [_rel(p) for p in others if p.name not in record]
    return Report(stale, orphans, kept, untracked)


def write_blank(out: Path) -> list[Path]:
    """Write every fresh blank exercise into ``out``, which must be new or empty (nothing there is overwritten)."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(f"{out} is not a new or empty folder; pass one, so nothing in it is overwritten")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for path, text in blank_exercises().items():
        (out / path.name).write_bytes(text.encode("utf-8"))
        written.append(out / path.name)
    return written

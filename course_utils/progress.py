"""The learner's progress: which questions they have passed, in a small local JSON file.

The file is ``$COURSE_PROGRESS_FILE`` when that is set, otherwise
``~/.local/share/ds-vs-mle-course/progress.json`` (``$XDG_DATA_HOME`` is honoured).
Writes are atomic. A file that cannot be read is kept as a backup and replaced,
with a sentence saying so; it never stops a learner with a traceback.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

ENV_VAR = "COURSE_PROGRESS_FILE"
FORMAT_VERSION = 1


def progress_file() -> Path:
    """Where progress is kept (see the module docstring)."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "ds-vs-mle-course" / "progress.json"


@dataclass
class Loaded:
    passed: dict[str, str]
    note: str = ""


def _backup(path: Path) -> Path:
    n = 1
    while (candidate := path.with_name(f"{path.name}.corrupt-{n}")).exists():
        n += 1
    path.replace(candidate)
    return candidate


def load(path: Path | None = None) -> Loaded:
    """Read the passed questions as ``{question id: ISO time}``.

    A missing file is empty progress. An unreadable one is moved aside and ``note`` says where.
    """
    path = path or progress_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        passed = data["passed"]
        if not isinstance(passed, dict) or not all(isinstance(k, str) for k in passed):
            raise ValueError("'passed' is not a mapping of question ids")
        return Loaded({k: str(v) for k, v in passed.items()})
    except FileNotFoundError:
        return Loaded({})
    except (OSError, ValueError, KeyError, TypeError) as exc:
        try:
            backup = _backup(path)
        except OSError:
            return Loaded({}, f"Your progress file {path} could not be read ({exc.__class__.__name__}) "
                              "and could not be moved aside; progress will not be saved until it is fixed.")
        return Loaded({}, f"Your progress file could not be read ({exc.__class__.__name__}), so it was kept as "
                          f"{backup.name} beside it and a fresh one was started.")


def _write(path: Path, passed: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({"version": FORMAT_VERSION, "passed": dict(sorted(passed.items()))}, indent=2)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def record_pass(question_id: str, path: Path | None = None) -> str:
    """Record that ``question_id`` was passed. Returns a note for the learner, or ``""``."""
    path = path or progress_file()
    loaded = load(path)
    if question_id in loaded.passed:
        return loaded.note
    loaded.passed[question_id] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    try:
        _write(path, loaded.passed)
    except OSError as exc:
        return (loaded.note + " " if loaded.note else "") + (
            f"Your answer is right, but progress could not be saved ({exc.strerror or exc}). "
            f"Set {ENV_VAR} to a writable file to keep it."
        )
    return loaded.note


def lesson_of(question_id: str) -> str:
    """The lesson part of a question id: ``"ds_eda"`` for ``"ds_eda.q3"``."""
    return question_id.split(".")[0]


def reset(lesson: str | None = None, path: Path | None = None) -> str:
    """Forget the passes of ``lesson`` (default: all of them); return a sentence saying what was cleared."""
    path = path or progress_file()
    if lesson is None:
        path.unlink(missing_ok=True)
        return f"Progress cleared ({path})."
    loaded = load(path)
    kept = {qid: when for qid, when in loaded.passed.items() if lesson_of(qid) != lesson}
    _write(path, kept)
    return f"Progress of lesson {lesson} cleared ({len(loaded.passed) - len(kept)} passed question(s) forgotten)."


def table(questions: Sequence, lesson: str | None = None, path: Path | None = None) -> pd.DataFrame:
    """One row per question of ``questions`` (objects with ``id`` and ``prompt``): lesson, question id,
    prompt and ``passed``/``pending``. ``lesson`` keeps only that lesson's questions (e.g. ``"ds_eda"``).

    The caller passes the questions (``course_utils.checks.progress_table`` passes them all), so this
    store never imports the grading engine or the lessons behind it.
    """
    passed = load(path).passed
    rows = [
        {"lesson": lesson_of(q.id), "question": q.id, "prompt": q.prompt,
         "status": "passed" if q.id in passed else "pending"}
        for q in questions
        if lesson is None or lesson_of(q.id) == lesson
    ]
    return pd.DataFrame(rows, columns=["lesson", "question", "prompt", "status"])

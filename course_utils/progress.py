"""The learner's progress: the questions they have passed and their attempts, in a small local JSON file.

The file is ``$COURSE_PROGRESS_FILE`` when that is set, otherwise
``~/.local/share/ds-vs-mle-course/progress.json`` (``$XDG_DATA_HOME`` is honoured).

Every write holds an exclusive lock on ``progress.json.lock`` beside the file around its
read-modify-write, and replaces the file atomically, so kernels saving at once lose nothing.
Reading never changes anything. Only a write that finds a corrupt file keeps it as a backup and
starts afresh, with a sentence saying so; nothing here stops a learner with a traceback.

An attempt is one ``check`` (its outcome status and the id of the known mistake it matched, if
any), ``hint`` or ``solution`` view, with its UTC time; the answer itself is never stored.
Version-1 files (no ``attempts``) are read as they are.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

ENV_VAR = "COURSE_PROGRESS_FILE"
FORMAT_VERSION = 2
LOCK_TRIES = 30


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
    attempts: list[dict] = field(default_factory=list)


class _Corrupt(ValueError):
    """The file exists and was read, but is not progress (bad JSON or shape)."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _parse(raw: bytes) -> Loaded:
    """The progress in ``raw``; ``_Corrupt`` if it is not a version-1 or version-2 progress file."""
    try:
        data = json.loads(raw.decode("utf-8"))
        passed, attempts = data["passed"], data.get("attempts", [])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _Corrupt(exc.__class__.__name__) from None
    if not isinstance(passed, dict) or not all(isinstance(k, str) for k in passed):
        raise _Corrupt("'passed' is not a mapping of question ids")
    if not isinstance(attempts, list) or not all(isinstance(a, dict) for a in attempts):
        raise _Corrupt("'attempts' is not a list of records")
    return Loaded({k: str(v) for k, v in passed.items()}, attempts=attempts)


def load(path: Path | None = None) -> Loaded:
    """Read the passed questions (``{question id: ISO time}``) and the attempts; never changes any file.

    A missing file is empty progress. A corrupt or unreadable one is empty progress with a ``note``
    saying why; it is left exactly where it is.
    """
    path = path or progress_file()
    try:
        return _parse(path.read_bytes())
    except FileNotFoundError:
        return Loaded({})
    except _Corrupt as exc:
        return Loaded({}, f"Your progress file {path} could not be read ({exc}); it was left as it is, and the "
                          "next saved answer will keep it as a backup.")
    except OSError as exc:
        return Loaded({}, f"Your progress file {path} could not be read ({exc.__class__.__name__}); "
                          "nothing was changed.")


def _os_lock(handle, acquire: bool) -> None:
    """Take (or release) an exclusive lock on ``handle``'s file: the only platform-specific code here."""
    if os.name == "nt":
        import msvcrt

        handle.seek(0)
        for attempt in range(LOCK_TRIES):
            try:
                msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK if acquire else msvcrt.LK_UNLCK, 1)
                return
            except OSError:
                # LK_LOCK itself retries for about ten seconds; beyond LOCK_TRIES of those, give up with a note.
                if not acquire or attempt == LOCK_TRIES - 1:
                    raise
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX if acquire else fcntl.LOCK_UN)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the exclusive lock ``<path>.lock`` for the block; raises ``OSError`` if it cannot be had."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        _os_lock(handle, True)
        try:
            yield
        finally:
            _os_lock(handle, False)


def _backup(path: Path) -> Path:
    n = 1
    while (candidate := path.with_name(f"{path.name}.corrupt-{n}")).exists():
        n += 1
    path.replace(candidate)
    return candidate


def _write(path: Path, loaded: Loaded) -> None:
    payload = json.dumps({"version": FORMAT_VERSION, "passed": dict(sorted(loaded.passed.items())),
                          "attempts": loaded.attempts}, indent=1)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _update(path: Path, change: Callable[[Loaded], bool]) -> str:
    """Under the lock, read the file, apply ``change`` (it returns whether to save) and save atomically.

    Returns a note for the learner, or ``""``; raises ``OSError`` when the file cannot be written.
    A corrupt file is moved aside first; a file that cannot be read is neither moved nor overwritten.
    """
    with _locked(path):
        note = ""
        try:
            loaded = _parse(path.read_bytes())
        except FileNotFoundError:
            loaded = Loaded({})
        except _Corrupt as exc:
            backup = _backup(path)
            loaded = Loaded({})
            note = (f"Your progress file could not be read ({exc}), so it was kept as {backup.name} beside it "
                    "and a fresh one was started.")
        if change(loaded):
            _write(path, loaded)
        return note


def _saved(path: Path, change: Callable[[Loaded], bool], passed: bool) -> str:
    """Run ``_update``; turn any failure into one sentence (telling a learner who passed that they did)."""
    try:
        return _update(path, change)
    except OSError as exc:
        lost = "Your answer is right, but progress" if passed else "Progress"
        return f"{lost} could not be saved ({exc.strerror or exc}). Set {ENV_VAR} to a writable file to keep it."


def record_pass(question_id: str, path: Path | None = None) -> str:
    """Record that ``question_id`` was passed. Returns a note for the learner, or ``""``."""
    return record_attempt(question_id, None, passed=True, path=path)


def record_attempt(question_id: str, event: str | None, status: str | None = None, mistake: str | None = None,
                   passed: bool = False, path: Path | None = None) -> str:
    """Record one ``event`` (``"check"``, ``"hint"`` or ``"solution"``; ``None``: none) of ``question_id``,
    and its pass when ``passed``, in one locked write. Returns a note for the learner, or ``""``."""
    path = path or progress_file()
    when = _now()

    def change(loaded: Loaded) -> bool:
        if event is not None:
            loaded.attempts.append({"question": question_id, "event": event, "status": status,
                                    "mistake": mistake, "time": when})
        if passed and question_id not in loaded.passed:
            loaded.passed[question_id] = when
            return True
        return event is not None

    return _saved(path, change, passed)


def lesson_of(question_id: str) -> str:
    """The lesson part of a question id: ``"ds_eda"`` for ``"ds_eda.q3"``."""
    return question_id.split(".")[0]


def reset(lesson: str | None = None, path: Path | None = None) -> str:
    """Forget the passes and attempts of ``lesson`` (default: all of them, by deleting the file);
    return a sentence saying what was cleared. Raises ``OSError`` if the file cannot be written."""
    path = path or progress_file()
    if lesson is None:
        with _locked(path):
            path.unlink(missing_ok=True)
        return f"Progress cleared ({path})."
    forgotten = []

    def change(loaded: Loaded) -> bool:
        forgotten.extend(qid for qid in loaded.passed if lesson_of(qid) == lesson)
        loaded.passed = {qid: when for qid, when in loaded.passed.items() if lesson_of(qid) != lesson}
        loaded.attempts = [a for a in loaded.attempts if lesson_of(str(a.get("question", ""))) != lesson]
        return True

    _update(path, change)
    return f"Progress of lesson {lesson} cleared ({len(forgotten)} passed question(s) forgotten)."


def table(questions: Sequence, lesson: str | None = None, path: Path | None = None) -> pd.DataFrame:
    """One row per question of ``questions`` (objects with ``id`` and ``prompt``): lesson, question id,
    prompt and ``passed``/``pending``. ``lesson`` keeps only that lesson's questions (e.g. ``"ds_eda"``).
    Reads only: it never moves or changes the file.

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

"""The classroom's store: one SQLite table of check events, and the allow-list every event must pass.

An event is who (the hub user its token belongs to), which question, what (``check``, ``hint`` or
``solution``), a check's outcome status and the id of the known mistake it matched, and when (stamped by
the service on receipt). Nothing else is accepted, so no answer text can reach the file: a question id
must be one of the course's own, a mistake id one that question defines (``<id>.m<index>`` or
``<id>.rounding``).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from course_utils.checks.outcome import INCORRECT, NOT_ATTEMPTED, PASSED

DB_ENV = "COURSE_CLASSROOM_DB"
EVENT_KINDS = ("check", "hint", "solution")
STATUSES = (PASSED, INCORRECT, NOT_ATTEMPTED)
FIELDS = frozenset({"question", "event", "status", "mistake"})
_MISTAKE_SUFFIX = re.compile(r"m\d{1,3}|rounding")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    user TEXT NOT NULL,
    question TEXT NOT NULL,
    event TEXT NOT NULL,
    status TEXT,
    mistake TEXT,
    time TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_user ON events (user);
"""


class StoreError(Exception):
    """The file is not a classroom store (or cannot be opened); the message is one sentence."""


class InvalidEvent(ValueError):
    """An event outside the allow-list; the message says which field, never echoing its value."""


@dataclass(frozen=True)
class Event:
    user: str
    question: str
    event: str
    status: str | None
    mistake: str | None
    time: str


def validate(body: object, known_questions: Iterable[str]) -> dict:
    """The event in ``body`` (a JSON object from a kernel) reduced to its four allowed fields, or
    ``InvalidEvent``. Any other field (an answer, a user name, a time) is refused, not dropped."""
    if not isinstance(body, Mapping):
        raise InvalidEvent("an event is a JSON object")
    extra = set(body) - FIELDS
    if extra:
        raise InvalidEvent(f"fields not accepted: {', '.join(sorted(map(str, extra)))[:200]}")
    question, event = body.get("question"), body.get("event")
    status, mistake = body.get("status"), body.get("mistake")
    if not isinstance(question, str) or question not in set(known_questions):
        raise InvalidEvent("'question' is not a question id of this course")
    if event not in EVENT_KINDS:
        raise InvalidEvent(f"'event' must be one of {', '.join(EVENT_KINDS)}")
    if event == "check":
        if status not in STATUSES:
            raise InvalidEvent(f"a check's 'status' must be one of {', '.join(STATUSES)}")
    elif status is not None:
        raise InvalidEvent("only a check has a 'status'")
    if mistake is not None:
        valid = isinstance(mistake, str) and status == INCORRECT and mistake.startswith(question + ".")
        if not valid or not _MISTAKE_SUFFIX.fullmatch(mistake[len(question) + 1:]):
            raise InvalidEvent("'mistake' must be a mistake id of the question, on an incorrect check")
    return {"question": question, "event": event, "status": status, "mistake": mistake}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """The events table in one SQLite file, created (with its folder, readable by its owner only) if missing."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            new = not self.path.exists()
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            if new:
                self.path.chmod(0o600)
            self._db.executescript(_SCHEMA)
            self._db.execute("SELECT user, question, event, status, mistake, time FROM events LIMIT 1")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a classroom store ({exc})") from None
        except OSError as exc:
            raise StoreError(f"{self.path} cannot be opened ({exc.strerror or exc})") from None

    def add(self, user: str, event: Mapping, when: str | None = None) -> None:
        """Save one validated event (see ``validate``) of ``user``."""
        self._db.execute("INSERT INTO events (user, question, event, status, mistake, time) VALUES (?, ?, ?, ?, ?, ?)",
                         (user, event["question"], event["event"], event.get("status"), event.get("mistake"),
                          when or now()))

    def events(self, user: str | None = None) -> list[Event]:
        """Every event in the order received; only ``user``'s when given."""
        query = "SELECT user, question, event, status, mistake, time FROM events"
        rows = (self._db.execute(query + " WHERE user = ? ORDER BY id", (user,)) if user is not None
                else self._db.execute(query + " ORDER BY id"))
        return [Event(*row) for row in rows]

    def close(self) -> None:
        self._db.close()


def open_existing(path: Path) -> Store:
    """The store at ``path``, which must exist already (a report never creates one); ``StoreError`` if not."""
    if not Path(path).is_file():
        raise StoreError(f"there is no classroom store at {path}")
    return Store(path)

"""Lesson metadata, kept in one place: each notebook's own ``metadata["course"]``.

Lessons (``notebooks/``) carry ``teaching_minutes``; solutions (and so the generated
exercises) carry ``exercise_minutes``. Both carry a ``title``, a ``track``,
``objectives``, ``keypoints`` and ``prerequisites`` (paths of other notebooks,
relative to the course root).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from course_utils.paths import NOTEBOOKS_DIR, ROOT, SOLUTIONS_DIR

TRACKS = ("start", "roles", "ds", "mle", "capstone")


@dataclass(frozen=True)
class Lesson:
    path: str
    title: str
    track: str
    minutes: int
    objectives: tuple[str, ...]
    keypoints: tuple[str, ...]
    prerequisites: tuple[str, ...]


def read(path: Path) -> Lesson:
    """The metadata of one notebook; ``ValueError`` naming the notebook if it is incomplete."""
    meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("course")
    rel = str(path.relative_to(ROOT))
    if not isinstance(meta, dict):
        raise ValueError(f"{rel} has no metadata['course']")
    minutes_key = "exercise_minutes" if path.parent == SOLUTIONS_DIR else "teaching_minutes"
    problems = [k for k in ("title", "track", minutes_key, "objectives", "keypoints", "prerequisites")
                if k not in meta]
    if problems:
        raise ValueError(f"{rel}: metadata['course'] lacks {', '.join(problems)}")
    if meta["track"] not in TRACKS:
        raise ValueError(f"{rel}: track {meta['track']!r} is not one of {TRACKS}")
    missing = [p for p in meta["prerequisites"] if not (ROOT / p).exists()]
    if missing:
        raise ValueError(f"{rel}: prerequisites not found: {', '.join(missing)}")
    return Lesson(rel, meta["title"], meta["track"], int(meta[minutes_key]), tuple(meta["objectives"]),
                  tuple(meta["keypoints"]), tuple(meta["prerequisites"]))


def all_lessons() -> list[Lesson]:
    """Every lesson and solution notebook, in file-name order."""
    paths = sorted(NOTEBOOKS_DIR.glob("*.ipynb")) + sorted(SOLUTIONS_DIR.glob("*.ipynb"))
    return [read(p) for p in paths]

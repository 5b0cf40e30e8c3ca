"""``course copy DEST``: give a learner their own copy of the lessons and exercises, never overwriting theirs.

On a hub the course is installed once, outside every home (a home is mounted over whatever the image
put there), and each learner works in a copy in their home. Running the copy again after the course
was updated adds the new files and leaves every file the learner already has exactly as it is, so a
hub can run it each time a server starts.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from course_tools.model_commands import fail as _fail
from course_utils.paths import EXERCISES_DIR, NOTEBOOKS_DIR

FOLDERS = (NOTEBOOKS_DIR, EXERCISES_DIR)


def copy_missing(dest: Path) -> tuple[int, int]:
    """Copy every file of ``FOLDERS`` that ``dest`` lacks into ``dest/<folder>/``; return (copied, kept)."""
    copied = kept = 0
    for folder in FOLDERS:
        for source in sorted(folder.rglob("*")):
            if not source.is_file() or ".ipynb_checkpoints" in source.parts:
                continue
            target = dest / folder.name / source.relative_to(folder)
            if target.exists() or target.is_symlink():
                kept += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            copied += 1
    return copied, kept


def cmd_copy(args: argparse.Namespace) -> int:
    """`course copy DEST`: copy what ``dest`` lacks; an unwritable destination is one sentence and exit 1."""
    dest = args.dest.expanduser()
    if dest.exists() and not dest.is_dir():
        return _fail(f"Cannot copy the course into {dest}: it is a file, not a folder.")
    try:
        copied, kept = copy_missing(dest)
    except OSError as exc:
        return _fail(f"Cannot copy the course into {dest}: {exc.strerror or exc}.")
    print(f"Copied {copied} files into {dest}; kept {kept} you already have unchanged.")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("copy", help="copy the lessons and exercises into a folder of yours, never overwriting",
                       description="Copy notebooks/ and exercises/ into DEST. Files DEST already has are kept "
                                   "as they are, so running it again after an update only adds new files.")
    p.add_argument("dest", type=Path, help="the folder to copy into (created if missing)")
    p.set_defaults(func=cmd_copy, needs_checkout=True)

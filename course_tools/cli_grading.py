"""``course grading ...``: the grading subcommands, kept beside ``course_tools.cli`` to keep each file small."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def cmd_grading_init(args: argparse.Namespace) -> int:
    """`course grading init DIR`: write an nbgrader course folder; refuse to replace differing files unless --force."""
    from course_tools.notebooks import nbgrader_course
    from course_tools.notebooks.markup import SolutionMarkupError

    try:
        written = nbgrader_course.init(args.dir, lessons=args.lesson or None, course_id=args.course_id,
                                       exchange=args.exchange, force=args.force)
    except (nbgrader_course.GradingFolderError, SolutionMarkupError) as exc:
        print(f"Cannot write the grading folder: {exc}.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Cannot write the grading folder: {exc.filename or args.dir}: {exc.strerror}.", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    if not written:
        print(f"{args.dir} was already up to date.")
    print(f"Next, in {args.dir}: `nbgrader generate_assignment ASSIGNMENT` (see README.md there).")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Add ``course grading`` and its actions to the ``course`` parser's subcommands."""
    from course_tools.notebooks.nbgrader_course import COURSE_ID, EXCHANGE_ROOT

    p = sub.add_parser("grading", help="make an nbgrader course folder from solutions/",
                       description="Grade a class with nbgrader: see instructors/guide.md, 'Grading with nbgrader'.")
    actions = p.add_subparsers(dest="grading_command", required=True, metavar="ACTION")
    i = actions.add_parser("init", help="write an nbgrader course folder, one assignment per lesson",
                           description="Write nbgrader_config.py (strict checks on), README.md and source/<lesson>/ "
                                       "with one notebook named like the learner's exercise. A file edited since "
                                       "this command wrote it is never replaced without --force.")
    i.add_argument("dir", type=Path, help="the course folder (new, or one this command wrote)")
    i.add_argument("--lesson", action="append", metavar="NAME",
                   help="only this lesson's assignment, e.g. 11_ds_eda (repeat for more; default: every lesson)")
    i.add_argument("--course-id", default=COURSE_ID, help=f"nbgrader's course id (default: {COURSE_ID})")
    i.add_argument("--exchange", default=EXCHANGE_ROOT,
                   help=f"the hub's shared exchange folder (default: nbgrader's {EXCHANGE_ROOT})")
    i.add_argument("--force", action="store_true", help="also replace files edited since (those edits are lost)")
    i.set_defaults(func=cmd_grading_init, needs_checkout=True)

"""``course classroom``: the classroom service (started by JupyterHub) and its report in a terminal."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from course_tools.model_commands import fail as _fail


def _db_path(args: argparse.Namespace) -> Path | None:
    from course_utils.classroom.events import DB_ENV

    value = args.db or os.environ.get(DB_ENV)
    return Path(value).expanduser() if value else None


def cmd_classroom(args: argparse.Namespace) -> int:
    """`course classroom`: run the service where the hub says, or, with `report`, print the tables from the store."""
    from course_utils.classroom.events import DB_ENV

    path = _db_path(args)
    if path is None:
        return _fail(f"No classroom store given: pass --db PATH or set {DB_ENV} (a file outside every learner's home).")
    if args.action == "report":
        return _report(path)
    try:
        from course_utils.classroom import app
    except ModuleNotFoundError as exc:  # the hub is an extra: a learner's set does not have it
        return _fail(f"Cannot run the classroom service: {exc.name} is not installed; install it with "
                     "`pip install 'ds-vs-mle-course[classroom]'`.")
    from course_utils.classroom.events import Store, StoreError

    try:
        app.service_address()
        store = Store(path)
    except (LookupError, StoreError) as exc:
        return _fail(f"Cannot run the classroom service: {exc}.")
    try:
        app.serve(store, args.instructors_group)
    except KeyboardInterrupt:
        pass
    return 0


def _report(path: Path) -> int:
    from course_utils.classroom import report
    from course_utils.classroom.events import StoreError, open_existing

    try:
        events = open_existing(path).events()
    except StoreError as exc:
        return _fail(f"Cannot read the classroom store: {exc}.")
    print(report.text(report.build(events)))
    return 0


def add_parsers(sub) -> None:
    """Add ``classroom`` (and its ``report``) to the ``course`` parser's subcommands."""
    db_help = "the SQLite file of events (default: $COURSE_CLASSROOM_DB); keep it outside every learner's home"
    p = sub.add_parser("classroom", help="run the classroom service for a JupyterHub, or print its report",
                       description="Run the classroom service as a JupyterHub-managed service (the hub starts it: "
                                   "see deploy/hub/classroom_config.py), or `course classroom report` to print "
                                   "the class's progress tables from its store.")
    p.add_argument("--db", type=Path, default=None, help=db_help)
    p.add_argument("--instructors-group", default="instructors",
                   help="hub group whose members see every learner (default: instructors; hub admins always do)")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    r = actions.add_parser("report", help="print the progress tables from the store",
                           description="Print the class's progress tables from the classroom store.")
    r.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=db_help)
    p.set_defaults(func=cmd_classroom)

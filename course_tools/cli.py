"""The ``course`` command. Each subcommand is a small function; ``course SUBCOMMAND --help`` explains it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course_tools import classroom_commands, model_commands, service_commands
from course_tools.model_commands import fail as _fail


def cmd_doctor(args: argparse.Namespace) -> int:
    """`course doctor`: print every environment check; exit code 1 if any fails."""
    from course_utils import doctor

    findings = doctor.run_checks()
    print(doctor.report(findings))
    return 0 if all(f.ok for f in findings) else 1


def cmd_data(args: argparse.Namespace) -> int:
    """`course data [--check]`: rebuild data/, or list its stale files (exit code 1 if any)."""
    from course_tools import datagen
    from course_utils.paths import DATA_DIR

    if args.check:
        stale = datagen.stale_files(DATA_DIR)
        for name in stale:
            print(f"data/{name} differs from a fresh generation: run `course data` to rebuild it.")
        if not stale:
            print("Every generated file in data/ matches a fresh generation.")
        return 1 if stale else 0
    try:
        written = datagen.write_all(DATA_DIR)
    except OSError as exc:
        return _fail(f"Cannot write data/: {exc}")
    for path in written:
        print(f"wrote data/{path.name}")
    return 0


def cmd_exercises(args: argparse.Namespace) -> int:
    """`course exercises [--check | --force | --out DIR]`: regenerate exercises/ keeping learners' edits, list
    stale and orphaned ones (exit 1 if any), or write fresh blank copies into a new folder."""
    from course_tools.notebooks import exercises
    from course_tools.notebooks.markup import SolutionMarkupError

    try:
        if args.out:
            for path in exercises.write_blank(args.out):
                print(f"wrote {path}")
            return 0
        report = exercises.check() if args.check else exercises.generate(force=args.force)
    except (SolutionMarkupError, OSError) as exc:
        return _fail(f"Cannot generate exercises: {exc}")
    for name in report.untracked:
        print(f"left {name} alone: `course exercises` did not write it.")
    if args.check:
        for name in report.changed:
            print(f"{name} is out of date: run `course exercises` to regenerate it from solutions/.")
        for name in report.orphans:
            print(f"{name} has no solution notebook in solutions/: remove it or add its solution.")
        for name in report.kept:
            print(f"{name} has your edits: it is checked as generated, not as you changed it.")
        if not report.changed and not report.orphans:
            print("Every exercise is up to date with its solution.")
        return 1 if report.changed or report.orphans else 0
    for name in report.changed:
        print(f"wrote {name}")
    for name in report.orphans:
        print(f"removed {name} (no solution)")
    for name in report.kept:
        print(f"kept {name} (it has your edits): rename it and run `course exercises` again for a fresh copy, "
              "or `course exercises --force` to replace it.")
    if not report.changed and not report.orphans and not report.kept:
        print("Exercises were already up to date.")
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    import pandas as pd

    from course_utils import progress
    from course_utils.checks import all_questions

    questions = all_questions()
    if args.lesson and args.lesson not in {progress.lesson_of(q.id) for q in questions}:
        return _fail(f"No questions found for lesson {args.lesson!r}.")
    if args.reset:
        print(progress.reset(lesson=args.lesson))
        return 0
    loaded = progress.load()
    if loaded.note:
        print(loaded.note)
    df = progress.table(questions, lesson=args.lesson)
    if df.empty:
        print("No questions found.")
        return 0
    with pd.option_context("display.max_rows", None, "display.max_colwidth", 60, "display.width", 120):
        print(df.to_string(index=False))
    done = int((df["status"] == "passed").sum())
    print(f"\n{done} of {len(df)} questions passed. Progress file: {progress.progress_file()}")
    return 0


def cmd_schedule(args: argparse.Namespace) -> int:
    """`course schedule [--check]`: write the instructor pages, or list stale ones (exit code 1 if any)."""
    from course_tools.notebooks import schedule

    try:
        if args.check:
            stale = schedule.stale_pages()
            for name in stale:
                print(f"{name} is out of date: run `course schedule`.")
            if not stale:
                print("The instructor pages are up to date.")
            return 1 if stale else 0
        changed = schedule.write()
    except (ValueError, OSError) as exc:
        return _fail(f"Cannot build the schedule: {exc}")
    for name in changed:
        print(f"wrote {name}")
    if not changed:
        print("The instructor pages were already up to date.")
    return 0


def cmd_slides(args: argparse.Namespace) -> int:
    """`course slides [NOTEBOOK...]`: export lessons to reveal.js HTML; stop at the first that cannot be exported."""
    from course_tools.notebooks import slides

    paths = args.notebooks or slides.lesson_paths()
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        return _fail(f"No such notebook: {', '.join(missing)}")
    for path in paths:
        try:
            print(f"wrote {slides.export(path, args.out)}")
        except (ValueError, OSError) as exc:  # not a notebook, one nbconvert refuses, or an unwritable --out
            return _fail(f"Cannot export {path}: {str(exc).splitlines()[0]}")
    print("Open a file in a browser; it needs no connection, only the reveal/ folder beside it.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The ``course`` parser: each subcommand sets ``func``, and ``needs_checkout`` if it writes the repository."""
    parser = argparse.ArgumentParser(prog="course", description="Helpers for the DS vs MLE hands-on course.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("doctor", help="check Python, pinned packages, the kernel and widgets",
                       description="Check that this environment is ready; print fixes; exit 1 if anything is wrong.")
    p.set_defaults(func=cmd_doctor, needs_checkout=True)

    p = sub.add_parser("data", help="regenerate the data files in data/",
                       description="Regenerate every generated file in data/ from the seeded generator.")
    p.add_argument("--check", action="store_true", help="only verify the shipped files are byte-identical")
    p.set_defaults(func=cmd_data, needs_checkout=True)

    p = sub.add_parser("exercises", help="regenerate exercises/ from solutions/",
                       description="Regenerate exercises/ from solutions/ (solution regions become stubs). "
                                   "An exercise you edited is kept, and a notebook it did not write is never removed.")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="only report stale or orphaned exercises; exit 1 if any")
    mode.add_argument("--force", action="store_true", help="also replace exercises you edited (your answers are lost)")
    mode.add_argument("--out", type=Path, default=None,
                      help="only write fresh blank exercises into this new or empty folder")
    p.set_defaults(func=cmd_exercises, needs_checkout=True)

    p = sub.add_parser("progress", help="show which questions you have passed",
                       description="Show passed and pending questions, from your progress file.")
    p.add_argument("--lesson", help="only this lesson, e.g. ds_eda")
    p.add_argument("--reset", action="store_true", help="forget all progress, or only --lesson's")
    p.set_defaults(func=cmd_progress)

    p = sub.add_parser("schedule", help="write the workshop schedules and common-mistakes page",
                       description="Generate instructors/schedule.md (one-day and two-day plans, from lesson "
                                   "metadata) and instructors/common_mistakes.md (from the checkers).")
    p.add_argument("--check", action="store_true", help="only report stale pages; exit 1 if any")
    p.set_defaults(func=cmd_schedule, needs_checkout=True)

    p = sub.add_parser("slides", help="export lessons to reveal.js slides",
                       description="Export lesson notebooks (default: all of notebooks/) to reveal.js slides in "
                                   "build/slides/, with the reveal.js files they load beside them (no network needed). "
                                   "Every Markdown heading starts a new slide unless a cell says otherwise.")
    p.add_argument("notebooks", nargs="*", type=Path, help="notebooks to export (default: every lesson)")
    p.add_argument("--out", type=Path, default=None, help="output folder (default: build/slides)")
    p.set_defaults(func=cmd_slides, needs_checkout=True)

    from course_tools import cli_grading, copy_command

    cli_grading.add_parser(sub)
    copy_command.add_parser(sub)
    model_commands.add_parsers(sub)
    service_commands.add_parsers(sub)
    classroom_commands.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand; its exit code (0 on success, 1 on any refusal, 2 for argparse's usage errors)."""
    from course_utils.paths import CHECKOUT, ROOT

    args = build_parser().parse_args(argv)
    # These write into the repository's folders, which an installed copy (in site-packages) does not have.
    if getattr(args, "needs_checkout", False) and not CHECKOUT:
        return _fail(f"`course {args.command}` works on the course repository's files, but this is an installed "
                     f"copy in {ROOT}: run it in a checkout of the course, installed with `pip install -e .`.")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

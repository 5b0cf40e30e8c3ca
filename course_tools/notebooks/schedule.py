"""Instructor pages generated from the course itself, so they cannot drift.

``course schedule`` writes ``instructors/common_mistakes.md`` (from the checkers) and
``instructors/schedule.md``: a one-day plan and a two-day plan
(a Data Science day, then an ML Engineering day). Lessons come in prerequisite order;
each is a teaching block followed by its exercise block. A day runs from 09:00 to 17:00
with a lunch hour and a 15-minute break after about 90 minutes of work; an exercise that
no longer fits becomes take-home work, and a lesson that does not fit is listed as not
covered, so the plan never overruns silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_tools.notebooks import lessons
from course_utils.paths import ROOT

SCHEDULE_FILE = ROOT / "instructors" / "schedule.md"
MISTAKES_FILE = ROOT / "instructors" / "common_mistakes.md"
DAY_START = 9 * 60
DAY_END = 17 * 60
LUNCH_AFTER = 12 * 60 + 15
LUNCH_MINUTES = 60
BREAK_AFTER = 90
BREAK_MINUTES = 15
WRAP_UP_MINUTES = 15
DS_DAY_TRACKS = ("start", "roles", "ds")


@dataclass(frozen=True)
class Unit:
    """A lesson with its exercise (``exercise`` is None when the lesson has none)."""

    lesson: lessons.Lesson
    exercise: lessons.Lesson | None


def units() -> list[Unit]:
    """Every lesson in prerequisite order (file-name order where prerequisites allow)."""
    all_lessons = lessons.all_lessons()
    by_path = {l.path: l for l in all_lessons}
    teaching = [l for l in all_lessons if l.path.startswith("notebooks/")]
    exercise_for = {l.path.replace("solutions/", "notebooks/").replace("_solution.ipynb", ".ipynb"): l
                    for l in all_lessons if l.path.startswith("solutions/")}
    ordered: list[Unit] = []
    done: set[str] = set()
    pending = sorted(teaching, key=lambda l: l.path)
    while pending:
        ready = next((l for l in pending if all(_lesson_path(p) in done for p in l.prerequisites
                                                 if _lesson_path(p) in by_path)), None)
        if ready is None:
            raise ValueError(f"prerequisites form a cycle among: {', '.join(l.path for l in pending)}")
        pending.remove(ready)
        done.add(ready.path)
        ordered.append(Unit(ready, exercise_for.get(ready.path)))
    return ordered


def _lesson_path(prerequisite: str) -> str:
    """A prerequisite may name a lesson or its solution/exercise; map it to the lesson."""
    name = prerequisite.split("/")[-1].replace("_solution.ipynb", ".ipynb").replace("_exercise.ipynb", ".ipynb")
    return f"notebooks/{name}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def plan_day(day_units: list[Unit]) -> tuple[list[tuple[str, str, str, int]], list[str], list[str]]:
    """Rows (time, block, notebook, minutes), take-home exercises and lessons not covered.

    A block is placed only if it (and any pause due before it) ends before the wrap-up, which
    closes the day by ``DAY_END``.
    """
    rows: list[tuple[str, str, str, int]] = []
    take_home, not_covered = [], []
    now, since_break, lunched = DAY_START, 0, False
    last = DAY_END - WRAP_UP_MINUTES

    def place(block: str, path: str, minutes: int) -> bool:
        nonlocal now, since_break, lunched
        pause = None
        if not lunched and now >= LUNCH_AFTER:
            pause = ("Lunch", LUNCH_MINUTES)
        elif since_break >= BREAK_AFTER or (since_break and since_break + minutes > BREAK_AFTER + 30):
            pause = ("Break", BREAK_MINUTES)
        if now + (pause[1] if pause else 0) + minutes > last:
            return False
        if pause:
            rows.append((_clock(now), pause[0], "", pause[1]))
            now, since_break, lunched = now + pause[1], 0, lunched or pause[0] == "Lunch"
        rows.append((_clock(now), block, path, minutes))
        now, since_break = now + minutes, since_break + minutes
        return True

    for unit in day_units:
        if not place(f"Teach: {unit.lesson.title}", unit.lesson.path, unit.lesson.minutes):
            not_covered.append(unit.lesson.path)
            continue
        if unit.exercise:
            path = unit.exercise.path.replace("solutions/", "exercises/").replace("_solution", "_exercise")
            if not place("Exercise", path, unit.exercise.minutes):
                take_home.append(path)
    rows.append((_clock(now), "Wrap-up and questions", "", WRAP_UP_MINUTES))
    return rows, take_home, not_covered


def _day_markdown(title: str, day_units: list[Unit]) -> str:
    rows, take_home, not_covered = plan_day(day_units)
    teach = sum(m for _, block, _, m in rows if block.startswith("Teach"))
    practice = sum(m for _, block, _, m in rows if block == "Exercise")
    pauses = sum(m for _, block, _, m in rows if block in ("Break", "Lunch"))
    lines = [f"### {title}", "", "| Time | Block | Notebook | Minutes |", "|---|---|---|---|"]
    lines += [f"| {t} | {block} | {f'`{nb}`' if nb else ''} | {m} |" for t, block, nb, m in rows]
    end = int(rows[-1][0][:2]) * 60 + int(rows[-1][0][3:]) + rows[-1][3]
    lines += ["", f"Totals: {teach} min teaching, {practice} min exercises, {pauses} min breaks; "
                  f"ends at {_clock(end)}."]
    if take_home:
        lines.append("Take-home exercises: " + ", ".join(f"`{p}`" for p in take_home) + ".")
    if not_covered:
        lines.append("Not covered on this day: " + ", ".join(f"`{p}`" for p in not_covered) + ".")
    return "\n".join(lines)


def render() -> str:
    """The whole schedule page, as Markdown."""
    all_units = units()
    ds_day = [u for u in all_units if u.lesson.track in DS_DAY_TRACKS]
    mle_day = [u for u in all_units if u.lesson.track not in DS_DAY_TRACKS]
    one_day = [Unit(u.lesson, None) for u in all_units]
    minutes = sum(u.lesson.minutes + (u.exercise.minutes if u.exercise else 0) for u in all_units)
    parts = [
        "# Workshop schedules",
        "",
        "Generated by `course schedule` from each notebook's lesson metadata; do not edit by hand "
        "(a test fails when this page is stale). Times assume a 09:00 start; shift them as you need.",
        "",
        f"The whole course is {minutes} minutes of teaching and exercises "
        f"({minutes / 60:.1f} hours) across {len(all_units)} lessons.",
        "",
        "## One-day workshop",
        "",
        "Every lesson is taught, in prerequisite order; exercises are left for learners to do afterwards "
        "(each has hints, a worked solution and a check).",
        "",
        _day_markdown("Day 1", one_day),
        "",
        "## Two-day workshop",
        "",
        "Day 1 is the data scientist's day, day 2 the machine learning engineer's, each lesson followed by "
        "its exercise.",
        "",
        _day_markdown("Day 1: Data Science", ds_day),
        "",
        _day_markdown("Day 2: ML Engineering", mle_day),
    ]
    return "\n".join(parts) + "\n"


def render_mistakes() -> str:
    """Per question: the wrong answers its checker recognises and what it tells the learner."""
    import importlib

    from course_utils.checks import Question, question_modules

    lines = ["# Common mistakes", "",
             "Generated by `course schedule` from each lesson's question module (`course_utils/<part>/"
             "<topic>_questions.py`): these are the wrong answers each check recognises, with the message the "
             "learner sees. Use them to anticipate questions in the room. The id before each message is the "
             "`mistake` a learner's progress file records for that attempt. Do not edit by hand."]
    for name in question_modules():
        questions = [v for v in vars(importlib.import_module(name)).values() if isinstance(v, Question)]
        lines += ["", f"## `{questions[0].id.split('.')[0]}`", ""]
        for q in questions:
            lines += _mistake_lines(q, source=name.replace(".", "/") + ".py")
    return "\n".join(lines) + "\n"


def _mistake_lines(q, source: str) -> list[str]:
    """The page's lines for one question: its prompt, the mistakes it recognises, how many hints it has."""
    from course_utils.checks import Case, FunctionQuestion, ValueQuestion

    messages = []
    if isinstance(q, FunctionQuestion):
        messages = [f"`{q.id}.c{i}` {c.message}" for i, c in enumerate(q.cases) if isinstance(c, Case) and c.message]
    elif isinstance(q, ValueQuestion):
        messages = [f"`{q.id}.m{i}` {m.message}" for i, m in enumerate(q.mistakes)]
    if not messages and not isinstance(q, ValueQuestion):
        messages = [f"(a custom grader with its own messages: see `{source}`)"]
    return ([f"- **`{q.id}`** {q.prompt}"] + [f"  - {m}" for m in messages]
            + ([] if messages else ["  - (no specific mistake recognised; the hints guide)"])
            + [f"  - Hints: {len(q.hints)}."])


PAGES = {SCHEDULE_FILE: render, MISTAKES_FILE: render_mistakes}


def write() -> list[str]:
    """Write the instructor pages; return the names of those that changed."""
    changed = []
    for path, make in PAGES.items():
        text = make()
        path.parent.mkdir(exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(f"instructors/{path.name}")
    return changed


def stale_pages() -> list[str]:
    return [f"instructors/{path.name}" for path, make in PAGES.items()
            if not path.exists() or path.read_text(encoding="utf-8") != make()]

"""What an instructor reads from the events: who passed what, who is trying, and the mistakes behind it.

A learner's state on a question is ``passed`` once any check of it passed, ``trying`` once they ran any
check (a blank one too), hint or solution of it, and ``not started`` otherwise. A learner's attempts on a
question are their answered checks (passed or incorrect, not blank) up to and including the first pass.
Mistake messages come from the course's own questions, never from the events.
"""

from __future__ import annotations

import statistics
import textwrap
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from course_utils.checks.outcome import INCORRECT, PASSED
from course_utils.classroom.events import Event

TRYING, NOT_STARTED = "trying", "not started"
STATES = (PASSED, TRYING, NOT_STARTED)
TOP_MISTAKES = 3
# What "last mistake" says of a wrong answer that matched none of the question's known mistakes.
UNRECOGNISED = "a wrong answer that is not a known mistake"
WIDTH = 100  # the terminal report's lines fit this many columns, whatever the class's size
SYMBOLS = {PASSED: "#", TRYING: "~", NOT_STARTED: "."}


@dataclass(frozen=True)
class MistakeCount:
    id: str
    count: int
    message: str


@dataclass(frozen=True)
class QuestionRow:
    question: str
    passed: int
    learners: int
    median_attempts: float | None
    mistakes: list[MistakeCount]

    @property
    def share_passed(self) -> float:
        return self.passed / self.learners if self.learners else 0.0


@dataclass(frozen=True)
class LearnerRow:
    learner: str
    question: str
    state: str
    mistake: str | None
    message: str | None
    time: str
    passed: int
    # Their latest check of the question they are now at was wrong, a known mistake (``mistake``) or not.
    stuck: bool = False


@dataclass
class Report:
    """Questions (course order) by learners (sorted); ``states[learner][question]`` is one of ``STATES``."""

    questions: list[str]
    learners: list[str]
    states: dict[str, dict[str, str]]
    per_question: list[QuestionRow] = field(default_factory=list)
    per_learner: list[LearnerRow] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"questions": self.questions, "learners": self.learners, "states": self.states,
                "per_question": [asdict(row) | {"share_passed": round(row.share_passed, 3)}
                                 for row in self.per_question],
                "per_learner": [asdict(row) for row in self.per_learner]}


def mistake_message(mistake_id: str, questions: dict) -> str:
    """The course's message for ``<qid>.m<index>`` or ``<qid>.rounding``; a placeholder if this version lacks it."""
    qid, _, suffix = mistake_id.rpartition(".")
    question = questions.get(qid)
    try:
        if suffix == "rounding":
            return question.tolerance.too_far_message()
        return question.mistakes[int(suffix[1:])].message
    except (AttributeError, IndexError, ValueError, TypeError):
        return "(not a mistake this version of the course defines)"


def build(events: Sequence[Event], questions: Sequence | None = None) -> Report:
    """Aggregate ``events`` (in the order received); ``questions`` are the course's (default: all of them)."""
    if questions is None:
        from course_utils.checks import all_questions

        questions = all_questions()
    by_id = {q.id: q for q in questions}
    order = {qid: i for i, qid in enumerate(by_id)}
    touched = {e.question for e in events}
    shown = sorted(touched, key=lambda qid: (order.get(qid, len(order)), qid))
    learners = sorted({e.user for e in events})
    states = {name: dict.fromkeys(shown, NOT_STARTED) for name in learners}
    attempts: dict[tuple[str, str], int] = Counter()
    mistakes: dict[str, Counter] = {qid: Counter() for qid in shown}
    last: dict[str, Event] = {}
    for e in events:
        last[e.user] = e
        state = states[e.user]
        if state[e.question] == PASSED:
            continue
        if e.event == "check" and e.status in (PASSED, INCORRECT):
            attempts[e.user, e.question] += 1
        if e.status == PASSED:
            state[e.question] = PASSED
        else:
            state[e.question] = TRYING
            if e.mistake:
                mistakes[e.question][e.mistake] += 1
    per_question = []
    for qid in shown:
        counts = [attempts[name, qid] for name in learners if attempts[name, qid]]
        top = sorted(mistakes[qid].items(), key=lambda item: (-item[1], item[0]))[:TOP_MISTAKES]
        per_question.append(QuestionRow(
            qid, sum(states[name][qid] == PASSED for name in learners), len(learners),
            statistics.median(counts) if counts else None,
            [MistakeCount(mid, n, mistake_message(mid, by_id)) for mid, n in top]))
    per_learner = []
    for name in learners:
        e = last[name]
        latest_check = next((x for x in reversed(events) if x.user == name and x.question == e.question
                             and x.event == "check"), None)
        state = states[name][e.question]
        stuck = latest_check is not None and latest_check.status == INCORRECT and state == TRYING
        mistake = latest_check.mistake if stuck else None
        per_learner.append(LearnerRow(name, e.question, state, mistake, mistake and mistake_message(mistake, by_id),
                                      e.time, sum(s == PASSED for s in states[name].values()), stuck))
    return Report(shown, learners, states, per_question, per_learner)


def only(report: Report, learner: str) -> Report:
    """The report cut to one learner's own row, without the class-wide figures: all a learner may see."""
    keep = [row for row in report.per_learner if row.learner == learner]
    return Report(report.questions if keep else [], [learner] if keep else [],
                  {learner: report.states[learner]} if keep else {},
                  [], keep)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    lines = ["  ".join(str(cell).ljust(w) for cell, w in zip(line, widths)).rstrip() for line in [header, *rows]]
    return "\n".join(lines)


def _median(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def when(time: str) -> str:
    """An event's ISO time as date and minute (``2026-12-02 10:01``): short, and unambiguous on day two."""
    return time[:16].replace("T", " ")


def _wrapped(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "    ")


def text(report: Report) -> str:
    """The report as plain-text tables for a terminal, each line at most ``WIDTH`` columns except where a
    single name or id is longer: learners are rows (as in the page's heat map), questions numbered columns."""
    if not report.learners:
        return "No events yet: no learner has run a check."
    numbers = [str(i) for i in range(1, len(report.questions) + 1)]
    grid = _table(["learner", *numbers],
                  [[name, *(SYMBOLS[report.states[name][qid]].rjust(len(n)) for n, qid in zip(numbers, report.questions))]
                   for name in report.learners])
    # A no-break space keeps each number on the line of its question when the key wraps.
    key = _wrapped("Questions: " + ", ".join(f"{n}\xa0{qid}" for n, qid in zip(numbers, report.questions)),
                   "").replace("\xa0", " ")
    stats = _table(["question", "passed", "median attempts", "top mistakes"],
                   [[row.question, f"{row.passed}/{row.learners} ({row.share_passed:.0%})", _median(row.median_attempts),
                     "; ".join(f"{m.id.rpartition('.')[2]} x{m.count}" for m in row.mistakes) or "-"]
                    for row in report.per_question])
    legend = "\n".join(_wrapped(f"{m.id}: {m.message}", "  ") for row in report.per_question for m in row.mistakes)
    now = _table(["learner", "now at", "state", "last mistake", "last event (UTC)", "passed"],
                 [[row.learner, row.question, row.state, row.mistake or ("unrecognised" if row.stuck else "-"),
                   when(row.time), str(row.passed)]
                  for row in report.per_learner])
    states = ", ".join(f"{symbol} {state}" for state, symbol in SYMBOLS.items())
    parts = [f"Progress ({len(report.learners)} learners; {states})\n{grid}\n{key}", f"Per question\n{stats}"]
    if legend:
        parts.append(f"Mistakes\n{legend}")
    parts.append(f"Where each learner is now\n{now}")
    return "\n\n".join(parts)

"""Exercise questions: each grades an answer into one of three outcomes.

A question has a stable id (``ds_eda.q3``) and three calls for learners, as in Kaggle's
learntools: ``check(answer)``, ``hint()`` and ``solution()``. Under ``check`` sits the
pure ``grade(answer)``, which never raises, whatever it is given.

Most questions are declarative: ``ValueQuestion`` compares with an expected value
(numbers within a tolerance) and recognises known mistakes; ``FunctionQuestion``
calls a learner's function on test cases. ``CustomQuestion`` takes a grading
function for answers of other shapes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import Any

from course_utils.checks import graded
from course_utils.checks.compare import (
    is_bool,
    is_number,
    number_pairs,
    plain,
    plain_like,
)
from course_utils.checks.outcome import (
    INCORRECT,
    NOT_ATTEMPTED,
    PASSED,
    NotAttempted,
    Outcome,
    Text,
    describe,
    display,
    is_blank,
)
from course_utils.checks.graded import STRICT_ENV
from course_utils.checks.tolerance import Tolerance

__all__ = ["STRICT_ENV", "CustomQuestion", "Mistake", "Question", "ValueQuestion", "percent_of"]


@dataclass
class Question:
    """Base class: an id, a short prompt, graded hints, a worked solution and the points its check is worth
    when an assignment is graded (``course grading init`` gives each check cell its questions' points).

    Subclasses implement ``_grade(answer) -> Outcome``; ``grade`` wraps it so that any
    exception becomes an ``incorrect`` outcome with a readable message.
    """

    id: str
    prompt: str
    hints: Sequence[str] = ()
    solution_text: str = ""
    points: int = 1
    _hints_shown: int = field(default=0, init=False, repr=False, compare=False)

    def outcome(self, status: str, message: str, mistake: str | None = None) -> Outcome:
        return Outcome(self.id, status, message, mistake)

    def grade(self, answer: Any) -> Outcome:
        """Grade ``answer``; never raises."""
        try:
            if is_blank(answer):
                return self._not_attempted()
            return self._grade(answer)
        except NotAttempted:
            return self._not_attempted()
        except Exception as exc:  # a checker must never show a learner a traceback
            return self.outcome(
                INCORRECT,
                f"Your answer could not be checked: {exc.__class__.__name__}: {exc}. {self._hint_pointer()}",
            )

    def _not_attempted(self) -> Outcome:
        return self.outcome(NOT_ATTEMPTED, "Replace the ... with your answer, run the cell, then check again.")

    def _hint_pointer(self) -> str:
        short = self.id.rsplit(".", 1)[-1]
        return f"Stuck? Run {short}.hint()." if self.hints else f"See {short}.solution() if you are stuck."

    def _grade(self, answer: Any) -> Outcome:
        raise NotImplementedError

    def check(self, answer: Any) -> None:
        """Grade ``answer``, show the outcome and record the attempt (and a pass) in the learner's progress.

        In graded mode (``course_utils.checks.graded``) the message never states an expected value. With
        ``COURSE_STRICT_CHECKS=1`` (an autograder), anything but a pass also raises ``AssertionError``, and
        nothing is recorded.
        """
        result = self.grade(answer)
        if graded.active():
            result = graded.shown(result, self.id.rsplit(".", 1)[-1], self._expected_values())
        display(result)
        self._record("check", result.status, result.mistake, passed=result.passed)
        if not result.passed and graded.strict():
            raise AssertionError(str(result))

    def _expected_values(self) -> Any:
        """What a graded message must not state; questions that know their answer say so."""
        return None

    def _record(self, event: str, status: str | None = None, mistake: str | None = None, passed: bool = False) -> None:
        """Save one attempt in the learner's progress; a failure to save is one sentence, never an error. Then,
        on a hub with the classroom service, hand it to the service in the background (never waiting for it).
        An autograder (strict mode) is not a learner: it saves and sends nothing."""
        if graded.strict():
            return
        from course_utils import progress
        from course_utils.classroom import client

        note = progress.record_attempt(self.id, event, status, mistake, passed=passed)
        if note:
            display(Text(note))
        client.send(self.id, event, status, mistake)

    def hint(self, n: int | None = None) -> None:
        """Show the next hint (or hint ``n``, counting from 1); hints go from gentle to explicit. A graded
        assignment shows only the first."""
        self._record("hint")
        if not self.hints:
            more = "" if graded.active() else f" Run {self.id.rsplit('.', 1)[-1]}.solution() to see an answer."
            display(Text(f"No hint for this one.{more}"))
            return
        if graded.active():
            display(Text(f"Hint 1 of {len(self.hints)}: {self.hints[0]} {graded.MORE_HINTS_OFF}"))
            return
        if n is None:
            self._hints_shown = min(self._hints_shown + 1, len(self.hints))
            n = self._hints_shown
        n = max(1, min(int(n), len(self.hints)))
        more = " Run it again for the next one." if n < len(self.hints) else ""
        display(Text(f"Hint {n} of {len(self.hints)}: {self.hints[n - 1]}{more}"))

    def solution(self) -> None:
        """Show a worked solution, except in a graded assignment."""
        if graded.active():
            display(Text(graded.SOLUTIONS_OFF))
            return
        self._record("solution")
        display(Text(f"Solution ({self.id}):\n{self.solution_text.strip()}"))


@dataclass(frozen=True)
class Mistake:
    """A wrong answer learners really give, and what to tell them.

    ``match`` is either a value (compared like the expected value) or a predicate on the answer.
    """

    match: Any
    message: str


def percent_of(expected: Callable[[], float], abs_tol: float) -> Callable[[Any], bool]:
    """A ``Mistake`` predicate: the answer is the expected fraction given as a percentage (26 for 0.26)."""
    return lambda answer: 1 < answer <= 100 and math.isclose(answer / 100, expected(), abs_tol=abs_tol)


@dataclass
class ValueQuestion(Question):
    """Compare the answer with ``expected``.

    ``expected`` may be a callable, evaluated once on first use (e.g. computed from the
    data). Numbers match within the course's ``tolerance`` for their kind (which sets
    ``abs_tol``/``rel_tol``; see ``course_utils.checks.tolerance``), and a number off only by
    rounding too far gets that message; strings ignore case and surrounding spaces unless
    ``case_sensitive``; mappings compare key by key; lists compare in order unless
    ``ordered=False``, and a tuple, array or Series of values stands for a list.
    """

    expected: Any = None
    rel_tol: float = 1e-6
    abs_tol: float = 0.0
    tolerance: Tolerance | None = None
    case_sensitive: bool = False
    ordered: bool = True
    mistakes: Sequence[Mistake] = ()
    _cache: Any = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.tolerance is not None:
            self.abs_tol, self.rel_tol = self.tolerance.abs_tol, self.tolerance.rel_tol

    def _expected_values(self) -> Any:
        try:
            return self.expected_value
        except Exception:  # an answer that cannot be computed here cannot be revealed either
            return None

    @property
    def expected_value(self) -> Any:
        if self._cache is None:
            self._cache = self.expected() if callable(self.expected) else self.expected
        return self._cache

    def _grade(self, answer: Any) -> Outcome:
        expected = self.expected_value
        answer = plain_like(answer, expected)
        problem = self._type_problem(answer, expected)
        if not problem and self.matches(answer, expected):
            return self.outcome(PASSED, "Well done.")
        # A known mistake of another type (df.shape for a row count) keeps its own message.
        for index, mistake in enumerate(self.mistakes):
            if (not problem or callable(mistake.match)) and self._mistake_matches(mistake, answer):
                return self.outcome(INCORRECT, mistake.message, f"{self.id}.m{index}")
        if problem:
            return self.outcome(INCORRECT, f"{problem} {self._hint_pointer()}")
        if self.tolerance is not None and self._rounded_too_far(answer, expected):
            return self.outcome(INCORRECT, self.tolerance.too_far_message(), f"{self.id}.rounding")
        return self.outcome(INCORRECT, f"{describe(answer)} is not the answer we expected. {self._hint_pointer()}")

    def _rounded_too_far(self, answer: Any, expected: Any) -> bool:
        """Whether every number of ``answer`` passes or misses only by rounding, and at least one misses."""
        missed = [(a, e) for a, e in number_pairs(answer, expected) if not self.matches(a, e)]
        return bool(missed) and all(self.tolerance.rounded_too_far(a, e) for a, e in missed)

    def _mistake_matches(self, mistake: Mistake, answer: Any) -> bool:
        if callable(mistake.match):
            try:
                return bool(mistake.match(answer))
            except Exception:
                return False
        return self._type_problem(answer, mistake.match) is None and self.matches(answer, mistake.match)

    @staticmethod
    def _type_problem(answer: Any, expected: Any) -> str | None:
        if is_bool(expected):
            return None if is_bool(answer) else f"Expected True or False, but got {describe(answer)}."
        if is_number(expected):
            if is_number(answer):
                return None
            return f"Expected a number, but got {describe(answer)}."
        if isinstance(expected, str):
            return None if isinstance(answer, str) else f"Expected text (a str), but got {describe(answer)}."
        if isinstance(expected, Mapping):
            return None if isinstance(answer, Mapping) else f"Expected a dict or a Series, but got {describe(answer)}."
        if isinstance(expected, (Sequence, Set)):
            if isinstance(answer, str):
                return f"Expected a list of values, but got one text value: put it in a list, as in [{answer!r}]."
            ok = isinstance(answer, (Sequence, Set))
            return None if ok else f"Expected a list of values, but got {describe(answer)}."
        return None

    def matches(self, answer: Any, expected: Any) -> bool:
        """Whether ``answer`` equals ``expected`` under this question's tolerance rules."""
        answer = plain(answer)
        if is_bool(expected):
            return is_bool(answer) and bool(answer) == bool(expected)
        if is_number(expected):
            return is_number(answer) and math.isclose(answer, expected, rel_tol=self.rel_tol, abs_tol=self.abs_tol)
        if isinstance(expected, str):
            if not isinstance(answer, str):
                return False
            if self.case_sensitive:
                return answer.strip() == expected.strip()
            return answer.strip().casefold() == expected.strip().casefold()
        if isinstance(expected, Mapping):
            return (
                isinstance(answer, Mapping)
                and set(answer) == set(expected)
                and all(self.matches(answer[k], v) for k, v in expected.items())
            )
        if isinstance(expected, (Sequence, Set)) and not isinstance(expected, str):
            answer_items, expected_items = list(answer), list(expected)
            if len(answer_items) != len(expected_items):
                return False
            if not self.ordered or isinstance(expected, Set):
                answer_items, expected_items = sorted(answer_items, key=repr), sorted(expected_items, key=repr)
            return all(self.matches(a, e) for a, e in zip(answer_items, expected_items))
        return answer == expected


@dataclass
class CustomQuestion(Question):
    """Grade with ``grader(answer)``: it returns ``None`` when the answer passes, or a
    message saying what is wrong. It may raise ``NotAttempted``."""

    grader: Callable[[Any], str | None] | None = None
    pass_message: str = "Well done."

    def _grade(self, answer: Any) -> Outcome:
        problem = self.grader(answer)
        if problem is None:
            return self.outcome(PASSED, self.pass_message)
        return self.outcome(INCORRECT, problem)

"""Questions whose answer is a function: the learner's function is called on test cases."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from course_utils.checks import graded
from course_utils.checks.compare import plain_like
from course_utils.checks.core import ValueQuestion
from course_utils.checks.outcome import (
    INCORRECT,
    PASSED,
    NotAttempted,
    Outcome,
    describe,
)


@dataclass(frozen=True)
class Case:
    """One call of a learner's function: positional ``args``, keyword ``kwargs`` and the expected result."""

    args: tuple = ()
    expected: Any = None
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    message: str = ""


@dataclass
class FunctionQuestion(ValueQuestion):
    """The answer is a function; it is called on each ``Case`` and its result compared.

    A function whose body does nothing (the exercise's stub: see ``is_blank``) or that raises
    ``NotImplementedError`` counts as not attempted; one with statements that returns ``None``
    on every case is incorrect: it most likely lacks a ``return``.
    """

    cases: Sequence[Case] = ()

    def _expected_values(self) -> Any:
        return [case.expected for case in self.cases]

    def _grade(self, answer: Any) -> Outcome:
        if not callable(answer):
            return self.outcome(INCORRECT, f"Expected a function, but got {describe(answer)}.")
        results = []
        for case in self.cases:
            call = _call_text(getattr(answer, "__name__", "f"), case)
            try:
                results.append((case, call, answer(*case.args, **dict(case.kwargs))))
            except NotImplementedError:
                raise NotAttempted from None
            except Exception as exc:
                return self.outcome(INCORRECT, f"{call} raised {exc.__class__.__name__}: {exc}")
        if results and all(result is None for _, _, result in results):
            return self.outcome(INCORRECT, "Your function returned None for every test case: did you forget `return`?")
        for index, (case, call, result) in enumerate(results):
            result = plain_like(result, case.expected)
            problem = self._type_problem(result, case.expected)
            if problem or not self.matches(result, case.expected):
                why = case.message or f"expected {case.expected!r}."
                if graded.active() and graded.reveals(why, case.expected):  # keep the call, hide the value
                    why = "that is not the expected result."
                mistake = f"{self.id}.c{index}" if case.message else None
                return self.outcome(INCORRECT, f"{call} returned {describe(result)}; {why}", mistake)
        return self.outcome(PASSED, f"Your function passed all {len(results)} test cases.")


def _call_text(name: str, case: Case) -> str:
    parts = [describe(a, 30).rsplit(" (", 1)[0] for a in case.args]
    parts += [f"{k}={describe(v, 30).rsplit(' (', 1)[0]}" for k, v in case.kwargs.items()]
    return f"{name}({', '.join(parts)})"

"""Graded mode: what the checks hold back while an assignment counts for a grade.

Two switches, set by the grading course folder (``course grading init``), never by a self-paced notebook:

- *graded*: the first cell of a graded release runs ``graded.start()``. Checks still say passed, incorrect
  or not attempted, but ``solution()`` is off, ``hint()`` gives only the first hint, and a message that
  would show an expected value is replaced by ``HIDDEN``.
- *strict*: ``COURSE_STRICT_CHECKS=1`` in the kernel, which the folder's ``nbgrader_config.py`` gives every
  kernel nbgrader starts. Strict is graded too, and a check that does not pass also raises, so its
  nbgrader test cell scores 0; the autograder is not a learner, so nothing goes to a progress file.

This is a deterrent, not a lock: the course package is installed where learners work.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping
from typing import Any

from dataclasses import replace

from course_utils.checks.compare import is_number, plain
from course_utils.checks.outcome import Outcome

STRICT_ENV = "COURSE_STRICT_CHECKS"
GRADED_ENV = "COURSE_GRADED"
SOLUTIONS_OFF = "Solutions are off in a graded assignment: use the first hint, the lesson and your notes."
MORE_HINTS_OFF = "Only the first hint is available in a graded assignment."
HIDDEN = "That is not the answer we expected; a graded assignment does not show the expected value."
STARTED = "Graded assignment: checks say whether an answer passes; hint() gives one hint and solution() is off."

# "expected 0.26", "we expected [1, 2]", "expected 'Yes'": the word followed by a value.
_STATES_A_VALUE = re.compile(r"(?i)\bexpected\s*[:=]?\s*[-+\d'\"\[{(]")


def strict() -> bool:
    """Whether checks run under an autograder: anything but a pass raises."""
    return os.environ.get(STRICT_ENV) == "1"


def active() -> bool:
    """Whether this kernel runs a graded assignment (strict implies graded)."""
    return strict() or os.environ.get(GRADED_ENV) == "1"


def start() -> str:
    """Switch this kernel to graded mode (the first cell of a graded release calls it); returns a note."""
    os.environ[GRADED_ENV] = "1"
    return STARTED


def _values(value: Any) -> list[Any]:
    """The plain values inside an expected answer (keys and items of dicts, lists and tuples too)."""
    value = plain(value)
    if isinstance(value, Mapping):
        return [v for k, item in value.items() for v in (*_values(k), *_values(item))]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [v for item in value for v in _values(item)]
    return [value]


def _forms(value: Any) -> set[str]:
    """How a message could write ``value``: a fraction or a percentage to 2-4 decimals, or a string of 3+ letters."""
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, str):
        return {value.strip().casefold()} if len(value.strip()) >= 3 else set()
    if is_number(value) and math.isfinite(value):
        if float(value).is_integer():
            return {str(int(value))} if abs(value) >= 10 else set()  # small whole numbers appear in any text
        return {f"{x:.{d}f}" for x in (value, value * 100) for d in (2, 3, 4)}
    return set()


def reveals(message: str, expected: Any = None) -> bool:
    """Whether ``message`` states an expected value: "expected <value>", or one of ``expected``'s values."""
    if _STATES_A_VALUE.search(message):
        return True
    text = message.casefold()
    try:
        values = _values(expected)
    except TypeError:  # an expected value we cannot take apart is only caught by the pattern above
        values = []
    return any(re.search(rf"(?<![\w.]){re.escape(form)}(?![\w])", text) for v in values for form in _forms(v))


def shown(outcome: Outcome, short_id: str, expected: Any = None) -> Outcome:
    """What a graded check shows of ``outcome``: no pointer to ``solution()``, and ``HIDDEN`` instead of a
    message that states an expected value. A pass is shown as it is."""
    if outcome.passed:
        return outcome
    message = outcome.message.replace(f"See {short_id}.solution() if you are stuck.", "").strip()
    if reveals(message, expected):
        message = HIDDEN
    return replace(outcome, message=message)

"""What grading an answer gives: one of three outcomes, and how it is shown to a learner.

``Outcome`` renders as a coloured line in a notebook and as plain text elsewhere; ``describe``
turns any learner value into a short, safe description for messages.
"""

from __future__ import annotations

import dis
import html
from dataclasses import dataclass
from typing import Any

PASSED = "passed"
INCORRECT = "incorrect"
NOT_ATTEMPTED = "not_attempted"

_STYLE = {
    PASSED: ("Correct", "#117733", "\N{WHITE HEAVY CHECK MARK}"),
    INCORRECT: ("Incorrect", "#882255", "\N{CROSS MARK}"),
    NOT_ATTEMPTED: ("Not attempted yet", "#555555", "\N{WHITE MEDIUM SQUARE}"),
}


@dataclass(frozen=True)
class Outcome:
    """The result of grading one answer. ``mistake`` is the id of the known mistake (``<question id>.m<index>``)
    or failing case message (``<question id>.c<index>``) that matched, if one did; it is never shown."""

    question_id: str
    status: str
    message: str
    mistake: str | None = None

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    def __str__(self) -> str:
        label, _, icon = _STYLE[self.status]
        return f"{icon} {label} ({self.question_id}): {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        label, colour, _ = _STYLE[self.status]
        return (
            f'<div style="border-left: 4px solid {colour}; padding: 0.2em 0.6em;">'
            f'<strong style="color: {colour};">{label}</strong> '
            f"<code>{html.escape(self.question_id)}</code>: {html.escape(self.message)}</div>"
        )


class NotAttempted(Exception):
    """Raised inside a grader to say the answer is still the exercise's blank."""


def is_blank(answer: Any) -> bool:
    """``None``, ``...`` and a function whose body is an exercise stub (``is_stub``) are the blanks an
    exercise starts with."""
    return answer is None or answer is Ellipsis or is_stub(answer)


def _body(function: Any) -> list[tuple[str, Any]]:
    # Bookkeeping opcodes differ with closures and Python versions; they are not the learner's statements.
    return [(i.opname, i.argval) for i in dis.get_instructions(function)
            if i.opname not in {"RESUME", "NOP", "COPY_FREE_VARS", "MAKE_CELL"}]


def _empty() -> None:
    """The body an exercise stub compiles to."""


def is_stub(function: Any) -> bool:
    """Whether ``function``'s body does nothing: only a docstring, comments (the exercise's ``# YOUR CODE
    HERE``), ``...``, ``pass`` or a bare ``return``/``return None``. Not a Python function: ``False``."""
    return hasattr(function, "__code__") and _body(function) == _body(_empty)


def describe(value: Any, limit: int = 60) -> str:
    """A short, one-line description of a learner's value for messages."""
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f"{text} ({type(value).__name__})"


def display(obj: Any) -> None:
    """Show ``obj`` as rich output in a notebook, or print it anywhere else."""
    try:
        from IPython import get_ipython
        from IPython.display import display as show
    except ImportError:
        print(obj)
        return
    if get_ipython() is None:
        print(obj)
    else:
        show(obj)


class Text:
    """Plain text shown as preformatted HTML in a notebook and as-is elsewhere."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        return f'<pre style="white-space: pre-wrap;">{html.escape(self.text)}</pre>'

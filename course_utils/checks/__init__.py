"""Every exercise question of the course.

Each lesson has a module here (``start``, ``ds_clean``...) whose module-level
``Question`` objects are its questions, in order. A notebook imports its own module::

    from course_utils.checks.start import q1
    q1.check(answer)
"""

from __future__ import annotations

import importlib
import pkgutil

from course_utils.checks.core import (
    INCORRECT,
    NOT_ATTEMPTED,
    PASSED,
    Case,
    CustomQuestion,
    FunctionQuestion,
    Mistake,
    NotAttempted,
    Outcome,
    Question,
    ValueQuestion,
)

__all__ = [
    "INCORRECT", "NOT_ATTEMPTED", "PASSED", "Case", "CustomQuestion", "FunctionQuestion", "Mistake",
    "NotAttempted", "Outcome", "Question", "ValueQuestion", "all_questions", "get", "lesson_modules",
]


def lesson_modules() -> list[str]:
    """Names of the lesson modules in this package, sorted."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name != "core")


def all_questions() -> list[Question]:
    """Every question of the course, lesson by lesson, in the order each lesson defines them."""
    questions = []
    for name in lesson_modules():
        module = importlib.import_module(f"{__name__}.{name}")
        questions += [v for v in vars(module).values() if isinstance(v, Question)]
    return questions


def get(question_id: str) -> Question:
    """The question with this id; ``KeyError`` if there is none."""
    for question in all_questions():
        if question.id == question_id:
            return question
    raise KeyError(question_id)

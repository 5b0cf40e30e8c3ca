"""The grading engine: questions, outcomes and the registry of every question of the course.

Each lesson's questions live beside its helpers, in a ``<topic>_questions`` module of its part
(``course_utils.ds.eda_questions``...), as module-level ``Question`` objects in order. A notebook
imports its own module::

    from course_utils.ds.eda_questions import q1
    q1.check(answer)
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pandas as pd

from course_utils import progress
from course_utils.checks.core import (
    CustomQuestion,
    Mistake,
    Question,
    ValueQuestion,
    percent_of,
)
from course_utils.checks.functions import Case, FunctionQuestion
from course_utils.checks.outcome import (
    INCORRECT,
    NOT_ATTEMPTED,
    PASSED,
    NotAttempted,
    Outcome,
    describe,
)
from course_utils.checks.tolerance import (
    COUNT,
    MEASURE,
    MONEY,
    P_VALUE,
    PROPORTION,
    Tolerance,
)

__all__ = [
    "COUNT", "MEASURE", "MONEY", "PROPORTION", "P_VALUE", "Tolerance",
    "INCORRECT", "NOT_ATTEMPTED", "PASSED", "Case", "CustomQuestion", "FunctionQuestion", "Mistake",
    "NotAttempted", "Outcome", "Question", "ValueQuestion", "all_questions", "describe", "get", "percent_of",
    "progress_table", "question_modules",
]


PARTS = ("roles", "ds", "mle", "capstone")
SUFFIX = "_questions"


def question_modules() -> list[str]:
    """Dotted names of every question module, part by part in course order, sorted within a part."""
    names = []
    for part in PARTS:
        package = importlib.import_module(f"course_utils.{part}")
        names += sorted(f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)
                        if m.name.endswith(SUFFIX))
    return names


def all_questions() -> list[Question]:
    """Every question of the course, module by module, in the order each module defines them."""
    questions = []
    for name in question_modules():
        module = importlib.import_module(name)
        questions += [v for v in vars(module).values() if isinstance(v, Question)]
    return questions


def get(question_id: str) -> Question:
    """The question with this id; ``KeyError`` if there is none."""
    for question in all_questions():
        if question.id == question_id:
            return question
    raise KeyError(question_id)


def progress_table(lesson: str | None = None, path: Path | None = None) -> pd.DataFrame:
    """Your progress, one row per question of the course (or of ``lesson``, e.g. ``"ds_eda"``)."""
    return progress.table(all_questions(), lesson=lesson, path=path)

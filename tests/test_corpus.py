"""Does every question of the course come with its corpus of real wrong and honestly different right answers?"""

import importlib
import importlib.util
from pathlib import Path

import pytest

from corpus import MIN_RIGHT, MIN_WRONG
from course_utils.checks import Question, ValueQuestion, question_modules
from course_utils.checks.compare import is_number

ROOT = Path(__file__).resolve().parents[1]


def _questions(module_name: str) -> list[Question]:
    return [v for v in vars(importlib.import_module(module_name)).values() if isinstance(v, Question)]


def _corpus(module_name: str) -> dict:
    """The CORPUS of the test file mirroring ``module_name`` (course_utils.ds.x -> tests/course_utils/ds/test_x.py)."""
    *package, name = module_name.split(".")
    path = ROOT.joinpath("tests", *package, f"test_{name}.py")
    spec = importlib.util.spec_from_file_location(f"corpus_of_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, "CORPUS", {})


@pytest.mark.parametrize("module_name", question_modules())
def test_every_question_has_its_corpus(module_name):
    """Has each question at least 3 real wrong answers and 2 different right ones in its test file?"""
    corpus = _corpus(module_name)
    for question in _questions(module_name):
        entry = corpus.get(question.id)
        assert entry is not None, f"{question.id} has no CORPUS entry"
        assert len(entry.wrong) >= MIN_WRONG, f"{question.id}: {len(entry.wrong)} wrong answers"
        assert len(entry.right) >= MIN_RIGHT, f"{question.id}: {len(entry.right)} right answers"


@pytest.mark.parametrize("module_name", question_modules())
def test_every_number_question_states_its_tolerance(module_name):
    """Does every question expecting a number name its kind in the tolerance policy?"""
    for question in _questions(module_name):
        if isinstance(question, ValueQuestion) and is_number(question.expected_value):
            assert question.tolerance is not None, f"{question.id} compares a number without a tolerance kind"

"""Each question's corpus: wrong answers learners really give, and honestly different right answers.

A question test module declares, for every question of its module::

    CORPUS = {
        "ds_clean.q1": Corpus(
            wrong=[Wrong(answer, says="fragment of the message that names the real cause"), ...],  # at least 3
            right=[Right(answer, how="what makes it a different right answer"), ...],              # at least 2
        ),
    }
    test_corpus = corpus_tests(CORPUS)

``tests/test_corpus.py`` checks that every question of the course has such a corpus.
An answer that is costly to build (a fitted model, an app) can be a ``Lazy`` built when its test runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from course_utils.checks import INCORRECT, PASSED, get

MIN_WRONG, MIN_RIGHT = 3, 2


@dataclass(frozen=True)
class Lazy:
    """An answer built by ``build()`` only when its test runs."""

    build: Callable[[], Any]


@dataclass(frozen=True)
class Wrong:
    """A wrong answer, and a fragment its message must contain (case-insensitive): the cause, named."""

    answer: Any
    says: str
    seen: str = ""


@dataclass(frozen=True)
class Right:
    """A right answer, and what makes it honestly different from the worked solution."""

    answer: Any
    how: str = ""


@dataclass(frozen=True)
class Corpus:
    wrong: Sequence[Wrong]
    right: Sequence[Right]


def _answer(item: Wrong | Right) -> Any:
    return item.answer.build() if isinstance(item.answer, Lazy) else item.answer


def corpus_tests(corpus: Mapping[str, Corpus]):
    """A test grading every wrong answer (incorrect, with its message) and every right one (passed)."""
    params = []
    for qid, entry in corpus.items():
        params += [pytest.param(qid, item, id=f"{qid}-wrong{i}") for i, item in enumerate(entry.wrong)]
        params += [pytest.param(qid, item, id=f"{qid}-right{i}") for i, item in enumerate(entry.right)]

    @pytest.mark.parametrize(("qid", "item"), params)
    def test_corpus(qid, item):
        """Is each real wrong answer incorrect with its own message, and each different right answer passed?"""
        outcome = get(qid).grade(_answer(item))
        if isinstance(item, Right):
            assert outcome.status == PASSED, f"{item.how}: {outcome.message}"
        else:
            assert outcome.status == INCORRECT, outcome.message
            assert item.says.casefold() in outcome.message.casefold(), outcome.message

    return test_corpus

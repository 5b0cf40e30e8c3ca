"""Is the careers quiz graded three ways, with the averaging mistake named?"""

import pytest

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get

MLE_ONLY = ["ci/cd", "containers", "databases", "deep learning", "generative AI", "mlops", "serving", "shell"]


@pytest.mark.parametrize("qid", ["careers.q1", "careers.q2"])
def test_blank_is_not_attempted(qid):
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_q1_the_span_of_all_ds_statements_passes():
    assert get("careers.q1").grade([110000, 170000]).status == PASSED


@pytest.mark.parametrize("answer, words", [
    ([115000, 165000], "average of the two ranges"),
    ([120000, 170000], "only the salary table"),
    ([110000, 160000], "only the FAQ"),
    ([110000, 200000], "ML-engineer or AI-engineer rows"),
    ([110, 170], "whole dollars"),
])
def test_q1_known_mistakes_are_explained(answer, words):
    outcome = get("careers.q1").grade(answer)
    assert outcome.status == INCORRECT and words in outcome.message


def test_q2_the_mle_only_categories_pass_in_any_order():
    q = get("careers.q2")
    assert q.grade(MLE_ONLY).status == PASSED
    assert q.grade(list(reversed(MLE_ONLY))).status == PASSED


@pytest.mark.parametrize("answer, words", [
    (MLE_ONLY + ["big data"], "named for both roles"),
    (["notebooks", "statistical modelling", "visualisation"], "data-science-only"),
    (["Docker", "TorchServe"], "tools, not categories"),
])
def test_q2_known_mistakes_are_explained(answer, words):
    outcome = get("careers.q2").grade(answer)
    assert outcome.status == INCORRECT and words in outcome.message

"""Is the careers quiz graded three ways, with the averaging mistake named?"""

import csv

import pytest

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.paths import DATA_DIR


def statements() -> list[dict]:
    """The rows of the salaries table, read with the csv module rather than pandas."""
    with open(DATA_DIR / "roles" / "salaries.csv", newline="") as f:
        return [{**row, "low": int(row["low_usd"]), "high": int(row["high_usd"])} for row in csv.DictReader(f)]


def ds_statements() -> list[dict]:
    return [r for r in statements() if r["role"] == "DS"]


def span(rows) -> list[int]:
    return [min(r["low"] for r in rows), max(r["high"] for r in rows)]

MLE_ONLY = ["ci/cd", "containers", "databases", "deep learning", "generative AI", "mlops", "serving", "shell"]


@pytest.mark.parametrize("qid", ["careers.q1", "careers.q2"])
def test_blank_is_not_attempted(qid):
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_q1_the_span_of_all_ds_statements_passes():
    assert get("careers.q1").grade(span(ds_statements())).status == PASSED


def test_q1_known_mistakes_are_explained():
    rows = ds_statements()
    low, high = span(rows)
    average = [sum(r["low"] for r in rows) / len(rows), sum(r["high"] for r in rows) / len(rows)]
    for answer, words in [
        (average, "average of the two ranges"),
        (span([r for r in rows if r["section"] == "salary table"]), "only the salary table"),
        (span([r for r in rows if r["section"] == "FAQ"]), "only the FAQ"),
        (span(statements()), "ML-engineer or AI-engineer rows"),
        ([low // 1000, high // 1000], "whole dollars"),
    ]:
        outcome = get("careers.q1").grade(answer)
        assert outcome.status == INCORRECT and words in outcome.message, answer


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

"""Is the careers quiz graded three ways, with the averaging mistake named?"""

import csv

import numpy as np
import pandas as pd
import pytest
from corpus import Corpus, Right, Wrong, corpus_tests

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


@pytest.mark.parametrize("qid", ["careers.q1", "careers.q2", "careers.q3"])
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


def table(name: str) -> list[dict]:
    with open(DATA_DIR / "roles" / f"{name}.csv", newline="") as f:
        return list(csv.DictReader(f))


def categories(only: set[str]) -> list[str]:
    """The tool categories whose set of roles is exactly ``only``."""
    roles: dict[str, set[str]] = {}
    for row in table("tools"):
        roles.setdefault(row["category"], set()).add(row["role"])
    return sorted(c for c, r in roles.items() if r == only)


def mle_titles(section=None) -> list[str]:
    return [r["title"] for r in table("career_ladder") if r["role"] == "MLE" and section in (None, r["section"])]


def test_q2_the_expected_categories_are_those_of_the_tools_table():
    assert categories({"MLE"}) == sorted(MLE_ONLY)


def test_q3_the_two_ladders_share_titles_so_rows_and_titles_differ():
    assert len(set(mle_titles())) < len(mle_titles())


_DS = ds_statements()
_LOW, _HIGH = span(_DS)

CORPUS = {
    "careers.q1": Corpus(
        wrong=[
            Wrong([sum(r["low"] for r in _DS) / len(_DS), sum(r["high"] for r in _DS) / len(_DS)],
                  says="average of the two ranges", seen="summarising with .mean()"),
            Wrong(span([r for r in _DS if r["section"] == "salary table"]), says="only the salary table"),
            Wrong(span([r for r in _DS if r["section"] == "FAQ"]), says="only the FAQ"),
            Wrong(span(statements()), says="ML-engineer or AI-engineer rows", seen="forgetting the role filter"),
            Wrong([_LOW // 1000, _HIGH // 1000], says="whole dollars", seen="reading the $k labels"),
            Wrong([_HIGH, _LOW], says="swapped", seen="max first"),
        ],
        right=[
            Right([_LOW, _HIGH], how="a list of ints"),
            Right((np.int64(_LOW), np.int64(_HIGH)), how="a tuple of numpy ints from .min() and .max()"),
            Right(pd.Series([float(_LOW), float(_HIGH)]), how="a Series of floats"),
        ],
    ),
    "careers.q2": Corpus(
        wrong=[
            Wrong(categories({"MLE"}) + ["big data"], says="named for both roles",
                  seen="every category with an MLE row, de-duplicated by hand"),
            Wrong(categories({"DS"}), says="data-science-only", seen="the wrong side of the comparison"),
            Wrong(["Docker", "TorchServe"], says="tools, not categories", seen="grouping by tool"),
        ],
        right=[
            Right(categories({"MLE"}), how="a sorted list"),
            Right(set(categories({"MLE"})), how="a set from set difference of the two roles' categories"),
            Right(pd.Series(categories({"MLE"})[::-1]), how="a Series in another order"),
        ],
    ),
    "careers.q3": Corpus(
        wrong=[
            Wrong(len(mle_titles()), says="counts rows", seen="len() of the filtered table"),
            Wrong(len(set(mle_titles("career growth"))), says="one of the two lists"),
            Wrong(len(set(mle_titles("introduction"))), says="one of the two lists"),
            Wrong(len({r["title"] for r in table("career_ladder")}), says="data scientist's titles too"),
            Wrong(len(set(mle_titles("introduction")) & set(mle_titles("career growth"))), says="share"),
        ],
        right=[
            Right(len(set(mle_titles())), how="len(set(...))"),
            Right(np.int64(len(set(mle_titles()))), how=".nunique() returns a numpy int"),
            Right(float(len(set(mle_titles()))), how="a float"),
        ],
    ),
}
test_corpus = corpus_tests(CORPUS)

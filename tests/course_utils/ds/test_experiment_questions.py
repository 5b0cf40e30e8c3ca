"""Are the questions of 12_ds_experiment graded three ways: blank, wrong, right?"""

import numpy as np
import pytest
from scipy import stats

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.data import load_experiment

IDS = ["ds_experiment.q1", "ds_experiment.q2", "ds_experiment.q3", "ds_experiment.q4"]


@pytest.fixture(scope="module")
def numbers():
    """The learner's computation, written as the lesson teaches it."""
    df = load_experiment()
    counts = df.groupby("group")["churned_90d"].agg(["mean", "size"])
    p_c, n_c = counts.loc["control"]
    p_t, n_t = counts.loc["treatment"]
    diff = p_t - p_c
    se = np.sqrt(p_c * (1 - p_c) / n_c + p_t * (1 - p_t) / n_t)
    p_pool = df["churned_90d"].mean()
    z = diff / np.sqrt(p_pool * (1 - p_pool) * (1 / n_c + 1 / n_t))
    return {"diff": diff, "relative": diff / p_c, "se": se, "z": z, "p": 2 * stats.norm.sf(abs(z))}


@pytest.mark.parametrize("qid", IDS)
def test_blank_is_not_attempted(qid):
    """Is the exercise's starting blank graded as not attempted?"""
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_q1_difference_direction_and_units(numbers):
    """Does q1 accept treatment minus control and explain a flipped sign and percentage points?"""
    q = get("ds_experiment.q1")
    assert q.grade(numbers["diff"]).status == PASSED
    assert "sign is flipped" in q.grade(-numbers["diff"]).message
    assert "percentage points" in q.grade(100 * numbers["diff"]).message
    for relative in (numbers["relative"], -numbers["relative"]):
        assert "relative change" in q.grade(relative).message


def test_q2_interval(numbers):
    """Does q2 accept the 95% interval and name the 90% and reversed intervals?"""
    q = get("ds_experiment.q2")
    d, se = numbers["diff"], numbers["se"]
    assert q.grade((d - 1.96 * se, d + 1.96 * se)).status == PASSED
    ninety = q.grade((d - 1.645 * se, d + 1.645 * se))
    assert ninety.status == INCORRECT and "90%" in ninety.message
    assert "control minus treatment" in q.grade((-d - 1.96 * se, -d + 1.96 * se)).message


def test_q3_p_value_not_z(numbers):
    """Does q3 accept the two-sided p-value and give the specific statistic-vs-p-value message?"""
    q = get("ds_experiment.q3")
    assert q.grade(numbers["p"]).status == PASSED
    for z in (numbers["z"], abs(numbers["z"])):
        statistic = q.grade(z)
        assert statistic.status == INCORRECT and "z statistic, not the p-value" in statistic.message
    assert "one-sided" in q.grade(numbers["p"] / 2).message
    assert "less extreme" in q.grade(1 - numbers["p"] / 2).message


def test_q4_ship_call(numbers):
    """Does q4 want the call both conditions give, and explain why the other call is wrong?"""
    q = get("ds_experiment.q4")
    ship = bool(numbers["p"] < 0.05 and numbers["diff"] + 1.96 * numbers["se"] <= -0.01)
    assert q.grade(ship).status == PASSED
    no = q.grade(not ship)
    assert no.status == INCORRECT and "upper bound" in no.message
    assert q.grade("ship").status == INCORRECT

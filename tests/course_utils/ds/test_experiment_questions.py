"""Are the questions of 12_ds_experiment graded three ways: blank, wrong, right?"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from corpus import Corpus, Right, Wrong, corpus_tests
from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.data import load_experiment

IDS = ["ds_experiment.q1", "ds_experiment.q2", "ds_experiment.q3", "ds_experiment.q4"]


def _learner():
    """The learner's computation, written as the lesson teaches it, from the exercise's first cell."""
    df = load_experiment()
    counts = df.groupby("group")["churned_90d"].agg(["mean", "size"])
    p_c, n_c = counts.loc["control"]
    p_t, n_t = counts.loc["treatment"]
    diff = p_t - p_c
    se = np.sqrt(p_c * (1 - p_c) / n_c + p_t * (1 - p_t) / n_t)
    p_pool = df["churned_90d"].mean()
    z = diff / np.sqrt(p_pool * (1 - p_pool) * (1 / n_c + 1 / n_t))
    churned = df.groupby("group")["churned_90d"]
    return {"df": df, "p_c": p_c, "p_t": p_t, "diff": diff, "se": se, "z": z,
            "p": 2 * stats.norm.sf(abs(z)), "sums": churned.sum(),
            "table": pd.crosstab(df["group"], df["churned_90d"]),
            "groups": {g: s.to_numpy() for g, s in churned}}


L = _learner()
D, SE = L["diff"], L["se"]

CORPUS = {
    "ds_experiment.q1": Corpus(
        wrong=[
            Wrong(-D, says="sign is flipped", seen="control minus treatment, the order the table lists them"),
            Wrong(100 * D, says="percentage points", seen="the difference of the percentages the lesson prints"),
            Wrong(D / L["p_c"], says="relative change", seen="the 13% 'save rate' of lesson 13"),
            Wrong(int(L["sums"]["treatment"] - L["sums"]["control"]), says="churner counts",
                  seen="sum() instead of mean() in the groupby"),
        ],
        right=[
            Right(round(D, 3), how="rounded to 3 decimals"),
            Right(L["groups"]["treatment"].mean() - L["groups"]["control"].mean(), how="boolean masks and numpy"),
            Right(float(L["df"].pivot_table(columns="group", values="churned_90d").diff(axis=1).iloc[0, 1]),
                  how="a pivot table and diff"),
        ],
    ),
    "ds_experiment.q2": Corpus(
        wrong=[
            Wrong((-D - 1.96 * SE, -D + 1.96 * SE), says="control minus treatment"),
            Wrong((D + 1.96 * SE, D - 1.96 * SE), says="wrong order", seen="diff + se first"),
            Wrong((D - 1.645 * SE, D + 1.645 * SE), says="90%", seen="z_crit = stats.norm.ppf(0.95)"),
            Wrong((100 * (D - 1.96 * SE), 100 * (D + 1.96 * SE)), says="percentage points"),
            Wrong((D - SE, D + SE), says="one standard error"),
            Wrong((D - 1.96 * np.sqrt(L["p_c"] * (1 - L["p_c"]) + L["p_t"] * (1 - L["p_t"])),
                   D + 1.96 * np.sqrt(L["p_c"] * (1 - L["p_c"]) + L["p_t"] * (1 - L["p_t"]))),
                  says="standard deviations", seen="forgot to divide by the group sizes"),
        ],
        right=[
            Right([D - stats.norm.ppf(0.975) * SE, D + stats.norm.ppf(0.975) * SE], how="a list, exact z"),
            Right((round(D - 1.96 * SE, 3), round(D + 1.96 * SE, 3)), how="rounded to 3 decimals"),
            Right(np.array(stats.norm.interval(0.95, loc=D, scale=SE)), how="scipy's norm.interval, a numpy array"),
        ],
    ),
    "ds_experiment.q3": Corpus(
        wrong=[
            Wrong(L["z"], says="z statistic, not the p-value"),
            Wrong(abs(L["z"]), says="z statistic, not the p-value"),
            Wrong(L["p"] / 2, says="one-sided", seen="stats.norm.sf(abs(z)) without the 2"),
            Wrong(1 - L["p"] / 2, says="less extreme", seen="stats.norm.cdf(abs(z))"),
            Wrong(100 * L["p"], says="percentage"),
            Wrong(0.0, says="rounded too far", seen="round(p_value, 2)"),
        ],
        right=[
            Right(round(L["p"], 3), how="rounded to 3 decimals"),
            Right(stats.chi2_contingency(L["table"], correction=False)[1],
                  how="the chi-square test of the 2x2 table, the same test as the pooled z test"),
            Right(stats.ttest_ind(L["groups"]["treatment"], L["groups"]["control"]).pvalue,
                  how="a t test on the 0/1 outcomes: with 2,500 per group it is the z test"),
        ],
    ),
    "ds_experiment.q4": Corpus(
        wrong=[
            Wrong(False, says="upper bound", seen="read the lower bound -0.064 as the smallest reduction"),
            Wrong("True", says="True or False", seen="a string"),
            Wrong(1, says="True or False", seen="an int from int(...)"),
        ],
        right=[
            Right(np.bool_(L["p"] < 0.05) & np.bool_(D + 1.96 * SE <= -0.01), how="a numpy bool, without bool()"),
            Right(True, how="typed by hand after reading both numbers"),
        ],
    ),
}

test_corpus = corpus_tests(CORPUS)


@pytest.mark.parametrize("qid", IDS)
def test_blank_is_not_attempted(qid):
    """Is the exercise's starting blank graded as not attempted?"""
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_the_worked_answers_pass():
    """Do the lesson's formulas, computed independently here, pass every question?"""
    ship = bool(L["p"] < 0.05 and D + 1.96 * SE <= -0.01)
    answers = [D, (D - 1.96 * SE, D + 1.96 * SE), L["p"], ship]
    assert [get(q).grade(a).status for q, a in zip(IDS, answers)] == [PASSED] * 4


def test_one_sided_p_value_is_not_within_the_p_value_tolerance_of_the_two_sided_one():
    """Does the data keep the one-sided mistake apart from the right answer under the p-value rule?"""
    outcome = get("ds_experiment.q3").grade(L["p"] / 2)
    assert outcome.status == INCORRECT and outcome.mistake == "ds_experiment.q3.m1"

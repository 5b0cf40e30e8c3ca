"""Are the questions of 13_ds_model graded three ways: blank, wrong, right?"""

import pytest
from sklearn.model_selection import train_test_split

from course_utils.mle import model
from course_utils.ds.threshold import best_threshold, break_even_probability, campaign_outcome
from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.data import load_clean

IDS = ["ds_model.q1", "ds_model.q2", "ds_model.q3"]
COSTS = {"call_cost": 20, "saved_value": 600, "save_rate": 0.13}


@pytest.fixture(scope="module")
def scored():
    """The exercise's setup: logistic scores on the held-out 20%."""
    df = load_clean()
    train, test = train_test_split(df, test_size=0.2, stratify=df[model.TARGET], random_state=model.SEED)
    pipeline = model.make_pipeline("logistic").fit(train[list(model.FEATURES)], train[model.TARGET])
    return test[model.TARGET], pipeline.predict_proba(test[list(model.FEATURES)])[:, 1]


@pytest.mark.parametrize("qid", IDS)
def test_blank_is_not_attempted(qid):
    """Is the exercise's starting blank graded as not attempted?"""
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_q1_threshold_by_cost(scored):
    """Does q1 accept the best threshold and explain the default, break-even and save-rate mistakes?"""
    q = get("ds_model.q1")
    y, scores = scored
    assert q.grade(best_threshold(y, scores, **COSTS)).status == PASSED
    default = q.grade(0.5)
    assert default.status == INCORRECT and "default threshold" in default.message
    assert "break-even" in q.grade(break_even_probability(**COSTS)).message
    assert "save_rate=0.13" in q.grade(best_threshold(y, scores, 20, 600, save_rate=1.0)).message


def test_q2_recall_not_precision(scored):
    """Does q2 accept the recall at the best threshold and name precision and percentages?"""
    q = get("ds_model.q2")
    y, scores = scored
    outcome = campaign_outcome(y, scores, best_threshold(y, scores, **COSTS), **COSTS)
    assert q.grade(outcome["recall"]).status == PASSED
    assert "precision" in q.grade(outcome["precision"]).message
    assert "percentage" in q.grade(100 * outcome["recall"]).message


def test_q3_profit_with_save_rate(scored):
    """Does q3 accept the expected profit and explain a forgotten save rate?"""
    q = get("ds_model.q3")
    y, scores = scored
    best = best_threshold(y, scores, **COSTS)
    assert q.grade(campaign_outcome(y, scores, best, **COSTS)["profit"]).status == PASSED
    everyone_saved = q.grade(campaign_outcome(y, scores, best, 20, 600, save_rate=1.0)["profit"])
    assert everyone_saved.status == INCORRECT and "save rate" in everyone_saved.message

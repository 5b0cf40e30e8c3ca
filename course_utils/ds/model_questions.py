"""Questions of ``13_ds_model``: a threshold chosen by business cost, and what it gives."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from course_utils.ds.threshold import best_threshold, break_even_probability, campaign_outcome
from course_utils.checks import Mistake, ValueQuestion, percent_of

CALL_COST = 20.0
SAVED_VALUE = 600.0
SAVE_RATE = 0.13


@lru_cache(maxsize=1)
def _test_scores() -> tuple[np.ndarray, np.ndarray]:
    """Churn labels and logistic scores on the held-out 20%, exactly as the lesson and exercise make them."""
    from sklearn.model_selection import train_test_split

    from course_utils.mle import model
    from course_utils.data import load_clean

    df = load_clean()
    train, test = train_test_split(df, test_size=0.2, stratify=df[model.TARGET], random_state=model.SEED)
    pipeline = model.make_pipeline("logistic").fit(train[list(model.FEATURES)], train[model.TARGET])
    return test[model.TARGET].to_numpy(), pipeline.predict_proba(test[list(model.FEATURES)])[:, 1]


def _best(save_rate: float = SAVE_RATE, call_cost: float = CALL_COST, saved_value: float = SAVED_VALUE) -> float:
    y, scores = _test_scores()
    return best_threshold(y, scores, call_cost, saved_value, save_rate)


def _outcome(threshold: float, save_rate: float = SAVE_RATE) -> dict:
    y, scores = _test_scores()
    return campaign_outcome(y, scores, threshold, CALL_COST, SAVED_VALUE, save_rate)


q1 = ValueQuestion(
    id="ds_model.q1",
    prompt="With calls at 20 USD, a saved customer worth 600 USD and a save rate of 0.13, which threshold "
           "of profit_curve gives the highest expected profit on the test set?",
    expected=_best,
    abs_tol=1e-6,
    mistakes=[
        Mistake(0.5, "0.5 is scikit-learn's default threshold, which ignores the costs. "
                     "Compute the profit curve with the given costs and take its best row."),
        Mistake(lambda a: math.isclose(a, break_even_probability(CALL_COST, SAVED_VALUE, SAVE_RATE), abs_tol=6e-3),
                "That is the break-even probability, the best threshold only if the scores were perfectly "
                "calibrated. Read the best threshold off the profit curve of the real scores."),
        Mistake(lambda a: math.isclose(a, _best(save_rate=1.0), abs_tol=1e-6),
                "That assumes every called churner stays. Pass save_rate=0.13: the offer keeps only about "
                "13% of the churners it reaches."),
        Mistake(lambda a: math.isclose(a, _best(call_cost=10.0, saved_value=500.0), abs_tol=1e-6),
                "That is the best threshold for the lesson's costs (10 and 500 USD). Use this exercise's: "
                "20 and 600 USD."),
    ],
    hints=[
        "profit_curve(y_test, scores, call_cost=..., saved_value=..., save_rate=...) gives one row per threshold.",
        "The best threshold is the row with the largest profit: curve.loc[curve['profit'].idxmax(), 'threshold'].",
        "best = best_threshold(y_test, scores, call_cost=20, saved_value=600, save_rate=0.13)",
    ],
    solution_text="best = best_threshold(y_test, scores, call_cost=20, saved_value=600, save_rate=0.13)",
)

q2 = ValueQuestion(
    id="ds_model.q2",
    prompt="At that threshold, what share of the test set's churners does the campaign reach (the recall)?",
    expected=lambda: _outcome(_best())["recall"],
    abs_tol=1e-3,
    rel_tol=0.0,
    mistakes=[
        Mistake(percent_of(lambda: _outcome(_best())["recall"], abs_tol=1e-2),
                "That looks like a percentage. Give the recall as a fraction."),
        Mistake(lambda a: math.isclose(a, _outcome(_best())["precision"], abs_tol=1e-3),
                "That is the precision (the share of calls that reach a churner). Recall is the share of "
                "churners that get a call."),
        Mistake(lambda a: math.isclose(a, _outcome(0.5)["recall"], abs_tol=1e-3),
                "That is the recall at the default threshold 0.5. Use the threshold you found in question 1."),
    ],
    hints=[
        "Recall = churners reached / all churners in the test set.",
        "campaign_outcome(y_test, scores, best, 20, 600, 0.13) returns the recall among other numbers.",
        "recall_at_best = campaign_outcome(y_test, scores, best, 20, 600, 0.13)['recall']",
    ],
    solution_text="outcome = campaign_outcome(y_test, scores, best, call_cost=20, saved_value=600, save_rate=0.13)\n"
                  "recall_at_best = outcome['recall']",
)

q3 = ValueQuestion(
    id="ds_model.q3",
    prompt="At that threshold, what is the campaign's expected profit on the test set, in USD?",
    expected=lambda: _outcome(_best())["profit"],
    abs_tol=1.0,
    rel_tol=0.0,
    mistakes=[
        Mistake(lambda a: math.isclose(a, _outcome(_best(), save_rate=1.0)["profit"], abs_tol=1.0),
                "That counts every reached churner as saved. Multiply the value by the save rate, 0.13."),
        Mistake(lambda a: math.isclose(a, _outcome(0.5)["profit"], abs_tol=1.0),
                "That is the profit at the default threshold 0.5. Use the threshold from question 1."),
        Mistake(lambda a: math.isclose(a, _outcome(_best())["profit"] / 1000, abs_tol=0.01),
                "That looks like thousands of USD. Give the profit in USD."),
    ],
    hints=[
        "Expected profit = churners reached * save rate * saved value - calls * call cost.",
        "campaign_outcome returns it as 'profit'.",
        "profit_at_best = campaign_outcome(y_test, scores, best, 20, 600, 0.13)['profit']",
    ],
    solution_text="profit_at_best = campaign_outcome(y_test, scores, best, call_cost=20, saved_value=600, "
                  "save_rate=0.13)['profit']",
)

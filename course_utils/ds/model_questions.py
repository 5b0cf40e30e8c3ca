"""Questions of ``13_ds_model``: the learner builds and cross-validates a churn pipeline, scores the test rows
with a fit that saw none of them, then chooses a threshold by business cost and reports what it gives.

The modelling questions grade with ``course_utils.ds.model_checks`` and ``model_scores``, which refit copies of
the learner's own pipeline, so a different right pipeline passes on the score it really gets.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from course_utils.checks import MONEY, PROPORTION, CustomQuestion, Mistake, ValueQuestion, describe, percent_of
from course_utils.checks.compare import plain
from course_utils.ds.model_checks import pipeline_problem
from course_utils.ds.model_scores import cv_problem, holdout_auc_problem
from course_utils.ds.threshold import best_threshold, break_even_probability, campaign_outcome

CALL_COST = 20.0
SAVED_VALUE = 600.0
SAVE_RATE = 0.13


def _features_problem(answer) -> str | None:
    """The features must be every column but the identifier and the target, each once, in any order."""
    from course_utils.mle import model

    names = plain(answer)
    if isinstance(names, str) or not isinstance(names, (list, tuple, set, frozenset)):
        return f"Expected a list of column names, but got {describe(answer)}."
    names = [str(n) for n in names]
    if model.TARGET in names:
        return (f"{model.TARGET!r} is the target, what the model must predict. As a feature it would let the model "
                "copy the answer (leakage), and a new customer has no Churn yet. Leave it out.")
    if "customerID" in names:
        return ("'customerID' is an identifier, unique to each customer: it carries no pattern that holds for a "
                "new customer, only a way to memorise the old ones. Leave it out.")
    unknown = sorted(set(names) - set(model.FEATURES))
    if unknown:
        return f"{unknown} are not columns of the table. Copy the names from train.columns."
    missing = [c for c in model.FEATURES if c not in names]
    if missing and set(missing) >= set(model.CATEGORICAL):
        return ("You kept only the numeric columns. The text columns, Contract above all, carry much of the "
                "signal: keep them, the pipeline will one-hot encode them.")
    if missing:
        return (f"You left out {missing}. Every column but customerID and Churn describes the customer; "
                "keep them all and let the model weigh them.")
    if len(names) != len(set(names)):
        return "A column appears twice in your list. Give each feature once."
    return None


q1 = CustomQuestion(
    id="ds_model.q1",
    prompt="Which columns of the table are the model's features? A list of names (order does not matter).",
    grader=_features_problem,
    hints=[
        "Two columns are not features: one only names the customer, one is what we want to predict.",
        "features = [c for c in train.columns if c not in ('customerID', 'Churn')]",
    ],
    solution_text="features = [c for c in train.columns if c not in (\"customerID\", \"Churn\")]",
)

q2 = CustomQuestion(
    id="ds_model.q2",
    prompt="Build a Pipeline: a ColumnTransformer (StandardScaler on the numeric columns, OneHotEncoder on the "
           "categorical ones), then LogisticRegression.",
    grader=pipeline_problem,
    pass_message="Well done: every feature goes through the ColumnTransformer into a classifier.",
    hints=[
        "X_train.dtypes shows which columns are numbers; the others are text categories. "
        "model.NUMERIC and model.CATEGORICAL list them too.",
        "A ColumnTransformer takes (name, transformer, columns) triples, one per branch; "
        "a Pipeline takes (name, step) pairs, the model last.",
        "preprocess = ColumnTransformer([('numeric', StandardScaler(), list(model.NUMERIC)), "
        "('categorical', OneHotEncoder(handle_unknown='ignore'), list(model.CATEGORICAL))]); "
        "pipe = Pipeline([('preprocess', preprocess), ('model', LogisticRegression(max_iter=1000))])",
    ],
    solution_text="numeric = [c for c in X_train.columns if X_train[c].dtype.kind in \"if\"]\n"
                  "categorical = [c for c in X_train.columns if c not in numeric]\n"
                  "preprocess = ColumnTransformer([\n"
                  "    (\"numeric\", StandardScaler(), numeric),\n"
                  "    (\"categorical\", OneHotEncoder(handle_unknown=\"ignore\"), categorical),\n"
                  "])\n"
                  "pipe = Pipeline([(\"preprocess\", preprocess), (\"model\", LogisticRegression(max_iter=1000))])",
)

q3 = CustomQuestion(
    id="ds_model.q3",
    prompt="Cross-validate your pipeline on the train rows: the five fold ROC AUCs of cross_val_score with cv=cv.",
    grader=cv_problem,
    pass_message="Well done: that is your pipeline's cross-validated ROC AUC on the train rows.",
    hints=[
        "cross_val_score(estimator, X, y, cv=..., scoring=...) returns one score per fold; "
        "it fits copies of the pipeline, so the test rows stay unseen.",
        "The score must judge the ranking, not labels at 0.5: scoring='roc_auc'.",
        "cv_scores = cross_val_score(pipe, X_train, y_train, cv=cv, scoring='roc_auc')",
    ],
    solution_text="cv_scores = cross_val_score(pipe, X_train, y_train, cv=cv, scoring=\"roc_auc\")",
)

q4 = CustomQuestion(
    id="ds_model.q4",
    prompt="Fit your pipeline on the train rows only, and give its ROC AUC on the test rows.",
    grader=holdout_auc_problem,
    pass_message="Well done: fitted on the train rows only, scored on customers it never saw.",
    hints=[
        "pipe.fit(X_train, y_train) fits the pipeline itself; then score X_test.",
        "ROC AUC needs the churn probability, column 1 of predict_proba.",
        "pipe.fit(X_train, y_train); test_auc = roc_auc_score(y_test, pipe.predict_proba(X_test)[:, 1])",
    ],
    solution_text="pipe.fit(X_train, y_train)\n"
                  "test_auc = roc_auc_score(y_test, pipe.predict_proba(X_test)[:, 1])",
)


@lru_cache(maxsize=1)
def _test_scores() -> tuple[np.ndarray, np.ndarray]:
    """Churn labels and the course pipeline's scores on the held-out 20%, exactly as the exercise makes them."""
    from course_utils.data import load_clean
    from course_utils.mle import model

    train, test = model.holdout_split(load_clean())
    pipeline = model.make_pipeline("logistic").fit(train[list(model.FEATURES)], train[model.TARGET])
    return test[model.TARGET].to_numpy(), pipeline.predict_proba(test[list(model.FEATURES)])[:, 1]


def _best(save_rate: float = SAVE_RATE, call_cost: float = CALL_COST, saved_value: float = SAVED_VALUE) -> float:
    y, scores = _test_scores()
    return best_threshold(y, scores, call_cost, saved_value, save_rate)


def _outcome(threshold: float, save_rate: float = SAVE_RATE) -> dict:
    y, scores = _test_scores()
    return campaign_outcome(y, scores, threshold, CALL_COST, SAVED_VALUE, save_rate)


q5 = ValueQuestion(
    id="ds_model.q5",
    prompt="With calls at 20 USD, a saved customer worth 600 USD and a save rate of 0.13, which threshold "
           "of profit_curve gives the highest expected profit on the test set?",
    expected=_best,
    tolerance=PROPORTION,
    mistakes=[
        Mistake(0.5, "0.5 is scikit-learn's default threshold, which ignores the costs. "
                     "Compute the profit curve with the given costs and take its best row."),
        Mistake(lambda a: math.isclose(a, break_even_probability(CALL_COST, SAVED_VALUE, SAVE_RATE), abs_tol=6e-3),
                "That is the break-even probability, the best threshold only if the scores were perfectly "
                "calibrated. Read the best threshold off the profit curve of the real scores."),
        Mistake(lambda a: PROPORTION.accepts(a, _best(save_rate=1.0)),
                "That assumes every called churner stays. Pass save_rate=0.13: the offer keeps only about "
                "13% of the churners it reaches."),
        Mistake(lambda a: PROPORTION.accepts(a, _best(call_cost=10.0, saved_value=500.0)),
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

q6 = ValueQuestion(
    id="ds_model.q6",
    prompt="At that threshold, what share of the test set's churners does the campaign reach (the recall)?",
    expected=lambda: _outcome(_best())["recall"],
    tolerance=PROPORTION,
    mistakes=[
        Mistake(percent_of(lambda: _outcome(_best())["recall"], abs_tol=1e-2),
                "That looks like a percentage. Give the recall as a fraction."),
        Mistake(lambda a: PROPORTION.accepts(a, _outcome(_best())["precision"]),
                "That is the precision (the share of calls that reach a churner). Recall is the share of "
                "churners that get a call."),
        Mistake(lambda a: PROPORTION.accepts(a, _outcome(0.5)["recall"]),
                "That is the recall at the default threshold 0.5. Use the threshold you found in question 5."),
    ],
    hints=[
        "Recall = churners reached / all churners in the test set.",
        "campaign_outcome(y_test, scores, best, 20, 600, 0.13) returns the recall among other numbers.",
        "recall_at_best = campaign_outcome(y_test, scores, best, 20, 600, 0.13)['recall']",
    ],
    solution_text="outcome = campaign_outcome(y_test, scores, best, call_cost=20, saved_value=600, save_rate=0.13)\n"
                  "recall_at_best = outcome['recall']",
)

q7 = ValueQuestion(
    id="ds_model.q7",
    prompt="At that threshold, what is the campaign's expected profit on the test set, in USD?",
    expected=lambda: _outcome(_best())["profit"],
    tolerance=MONEY,
    mistakes=[
        Mistake(lambda a: MONEY.accepts(a, _outcome(_best(), save_rate=1.0)["profit"]),
                "That counts every reached churner as saved. Multiply the value by the save rate, 0.13."),
        Mistake(lambda a: MONEY.accepts(a, _outcome(0.5)["profit"]),
                "That is the profit at the default threshold 0.5. Use the threshold from question 5."),
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

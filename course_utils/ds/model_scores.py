"""Graders for the scores of ``13_ds_model``'s exercise: the learner's pipeline cross-validated on the train
rows, and its test score from a fit that saw no test row (``model_checks`` grades the pipeline itself).

Leakage is found by refitting: a copy of the learner's pipeline fitted on the train rows must predict the
test rows as the learner's fitted pipeline does; if a copy fitted on all rows (or on the test rows) does
instead, or the pipeline's StandardScaler holds the means of those rows, the message says so.
"""

from __future__ import annotations

import numpy as np

from course_utils.checks import PROPORTION, NotAttempted, describe
from course_utils.checks.compare import is_number, plain
from course_utils.ds.model_checks import (FOLDS, SAME_FIT, column_names, floor_problem, preprocessor, quiet,
                                          cv_scores, data, pipeline_problem)


def _fold_values(answer) -> np.ndarray:
    if answer is None or answer is Ellipsis:
        raise NotAttempted
    values = np.asarray(answer, dtype=float).ravel()
    if values.size == 0 or not np.isfinite(values).all():
        raise ValueError("the scores must be numbers")
    return values


def _same(values: np.ndarray, reference: np.ndarray) -> bool:
    """The five fold scores, or their mean, under the proportion rule."""
    if values.size == 1:
        return PROPORTION.accepts(float(values[0]), float(reference.mean()))
    return values.size == reference.size and all(PROPORTION.accepts(a, e) for a, e in zip(values, reference))


def _not_a_pair(answer, question: str, second: str) -> str | None:
    if isinstance(answer, tuple) and len(answer) == 2:
        return None
    return (f"Expected the pipeline and {second} together, as a pair: {question}.check((pipe, {second})), "
            f"but got {describe(answer)}.")


def cv_problem(answer) -> str | None:
    """Grade ``(pipe, cv_scores)``: the five fold ROC AUCs of ``pipe`` on the train rows, with ``cv`` or ``cv=5``."""
    from sklearn.metrics import make_scorer, roc_auc_score

    if _not_a_pair(answer, "q3", "cv_scores"):
        return _not_a_pair(answer, "q3", "cv_scores")
    pipe, scores = answer
    problem = pipeline_problem(pipe, fit_model=False)
    if problem:
        return f"Your pipeline is not ready yet (question 2): {problem}"
    values = _fold_values(scores)
    if (values > 1).any():
        return "Those look like percentages. ROC AUC is a fraction between 0 and 1: keep the scores as they come."
    if values.size not in (1, FOLDS):
        return f"Expected the {FOLDS} fold scores of 5-fold cross-validation (cv=cv), but got {values.size} numbers."
    try:
        first = cv_scores(pipe)
    except Exception as exc:  # the model itself may refuse the prepared columns
        return (f"A copy of your pipeline could not be cross-validated on X_train ({exc.__class__.__name__}: "
                f"{exc}). Are the text columns one-hot encoded, and only the numeric ones scaled?")
    for cv in (None, FOLDS):  # the exercise's cv, or scikit-learn's plain cv=5: both are honest 5-fold splits
        reference = first if cv is None else cv_scores(pipe, cv=cv)
        if _same(values, reference):
            return floor_problem(float(reference.mean()), "cross-validated ROC AUC")
    if values.size == 1 and PROPORTION.accepts(float(values[0]), _clean_test_auc(pipe)):
        return ("That is the AUC on the test rows, question 4. Here we want the mean of the five fold scores "
                "of cross-validation on the train rows.")
    if _same(values, cv_scores(pipe, scoring="accuracy")):
        return ("Those are accuracies, the default score of a classifier. Pass scoring='roc_auc': accuracy "
                "depends on the 0.5 threshold and looks good even for a model that flags nobody.")
    if _same(values, cv_scores(pipe, scoring=make_scorer(roc_auc_score))):
        return ("That AUC was computed from predicted labels (0 or 1), not probabilities, which throws the "
                "ranking away. scoring='roc_auc' uses predict_proba.")
    if _same(values, cv_scores(pipe, rows="all")):
        return ("That is cross-validation on all the customers, the test set included: the test rows then help "
                "choose the model, and the final test score is no longer a fair check. Use X_train, y_train.")
    return ("Those are not the scores your pipeline gets in 5-fold cross-validation on the train rows: pass "
            "X_train, y_train, cv=cv and scoring='roc_auc' to cross_val_score. (A model with randomness needs "
            "a fixed random_state.)")


def _clean_fit_proba(pipe) -> np.ndarray:
    """Test-row churn probabilities of a copy of ``pipe`` fitted on the train rows only."""
    from sklearn.base import clone

    d = data()
    return quiet(lambda: clone(pipe).fit(d["X_train"], d["y_train"]).predict_proba(d["X_test"])[:, 1])


def _clean_test_auc(pipe) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(data()["y_test"], _clean_fit_proba(pipe)))


def _scaler_story(fitted) -> str:
    """Which rows the fitted pipeline's StandardScaler learned its means from, as a clause, or ''."""
    from sklearn.preprocessing import StandardScaler

    from course_utils.mle import model

    d = data()
    for _, transformer, cols in preprocessor(fitted).transformers_:
        scaler = next((s for s in getattr(transformer, "steps", [(None, transformer)])
                       if isinstance(s[1], StandardScaler)), (None, None))[1]
        if scaler is None or not hasattr(scaler, "mean_"):
            continue
        names = column_names(cols, model.FEATURES)
        means = {rows: d[f"X_{rows}"][names].mean().to_numpy() for rows in ("all", "test", "train")}
        for rows, clause in (("train", ""), ("all", "its scaler learned the means of all the customers, test "
                             "set included"), ("test", "its scaler learned the means of the test rows")):
            if np.allclose(scaler.mean_, means[rows], rtol=1e-9, atol=1e-9):
                return clause
        if np.allclose(scaler.mean_, 0, atol=0.1) and np.allclose(scaler.var_, 1, atol=0.1):
            return "its scaler saw numbers already scaled outside the pipeline (means 0, variances 1)"
    return ""


def holdout_fit_problem(pipe) -> str | None:
    """Whether the learner's fitted ``pipe`` was fitted on the train rows only: it must predict the test rows
    as a copy fitted on X_train, y_train does."""
    from sklearn.base import clone
    from sklearn.exceptions import NotFittedError

    d = data()
    try:
        proba = pipe.predict_proba(d["X_test"])[:, 1]
    except NotFittedError:
        return ("Your pipeline is not fitted yet: run pipe.fit(X_train, y_train). cross_val_score fits copies "
                "of it, never the pipeline itself.")
    except Exception as exc:  # fitted on other columns, most often
        return (f"Your fitted pipeline could not score X_test ({exc.__class__.__name__}: {exc}). "
                "Fit it on X_train, the feature columns only.")
    if np.abs(proba - _clean_fit_proba(pipe)).max() <= SAME_FIT:
        return None
    story = _scaler_story(pipe)
    for rows in ("all", "test"):
        refit = quiet(lambda r=rows: clone(pipe).fit(d[f"X_{r}"], d[f"y_{r}"]).predict_proba(d["X_test"])[:, 1])
        if np.abs(proba - refit).max() <= SAME_FIT:
            story = {"all": "it was fitted on all the customers, test set included",
                     "test": "it was fitted on the test rows"}[rows]
            break
    leak = f": {story}" if story else ""
    return (f"Your fitted pipeline does not predict like the same pipeline fitted on X_train, y_train{leak}. "
            "A model must never learn from a test row, or its test score flatters it. Fit on the train rows "
            "only (a model with randomness needs a fixed random_state).")


def holdout_auc_problem(answer) -> str | None:
    """Grade ``(pipe, test_auc)``: ``pipe`` fitted on the train rows only, and the ROC AUC of its probabilities
    on the test rows."""
    from sklearn.metrics import roc_auc_score

    if _not_a_pair(answer, "q4", "test_auc"):
        return _not_a_pair(answer, "q4", "test_auc")
    pipe, auc = answer
    problem = pipeline_problem(pipe, fit_model=False)
    if problem:
        return f"Your pipeline is not ready yet (question 2): {problem}"
    if auc is None or auc is Ellipsis:
        raise NotAttempted
    problem = holdout_fit_problem(pipe)
    if problem:
        return problem
    auc = plain(auc)
    if not is_number(auc):
        return f"Expected one number, the test ROC AUC, but got {describe(auc)}."
    d = data()
    proba = pipe.predict_proba(d["X_test"])
    expected = float(roc_auc_score(d["y_test"], proba[:, 1]))
    if PROPORTION.accepts(auc, expected):
        return floor_problem(expected, "test ROC AUC")
    known = [
        (lambda: 1 < auc <= 100 and PROPORTION.accepts(auc / 100, expected),
         "That looks like a percentage. Give the AUC as a fraction between 0 and 1."),
        (lambda: PROPORTION.accepts(auc, 1 - expected),
         "That AUC used column 0 of predict_proba, the probability of staying. Take [:, 1], the churn probability."),
        (lambda: PROPORTION.accepts(auc, float(pipe.score(d["X_test"], d["y_test"]))),
         "That is the accuracy (pipe.score). We want roc_auc_score(y_test, pipe.predict_proba(X_test)[:, 1])."),
        (lambda: PROPORTION.accepts(auc, float(roc_auc_score(d["y_test"], pipe.predict(d["X_test"])))),
         "That AUC was computed from predicted labels (pipe.predict), not probabilities, which throws the "
         "ranking away. Use pipe.predict_proba(X_test)[:, 1]."),
        (lambda: PROPORTION.accepts(auc, float(roc_auc_score(d["y_train"], pipe.predict_proba(d["X_train"])[:, 1]))),
         "That is the AUC on the train rows, the ones the model learned from. Score the test rows."),
        (lambda: PROPORTION.accepts(auc, float(cv_scores(pipe).mean())),
         "That is the cross-validated mean of question 3. Here score the test rows with the pipeline fitted "
         "on all the train rows."),
    ]
    for matches, message in known:
        if matches():
            return message
    if PROPORTION.rounded_too_far(auc, expected):
        return PROPORTION.too_far_message()
    return (f"{describe(auc)} is not the ROC AUC of your pipeline on the test rows: "
            "roc_auc_score(y_test, pipe.predict_proba(X_test)[:, 1]).")

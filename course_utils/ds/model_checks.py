"""Graders for the modelling steps of ``13_ds_model``'s exercise: the data they use, and the pipeline the
learner builds (``model_scores`` grades its cross-validated and test scores).

Every grader returns ``None`` when the answer passes, or one message naming the cause. The learner's
pipeline is never changed: the graders fit ``sklearn.base.clone`` copies of it on the course's own split
(``course_utils.mle.model.holdout_split``), so an honestly different right pipeline (another ``C``,
another encoder option, gradient boosting) is judged on the score it really gets, not on a fixed number,
as long as it clears ``FLOOR``. scikit-learn is imported inside the functions, so importing the
questions stays light.
"""

from __future__ import annotations

import warnings
from functools import cache
from typing import Any

import numpy as np

from course_utils.checks import NotAttempted, describe

# A churn model that cannot reach this cross-validated AUC has lost signal; the majority baseline scores 0.5.
FLOOR = 0.75
FOLDS = 5
# Two fits of one deterministic pipeline on the same rows predict the same to far better than this.
SAME_FIT = 1e-6
_cache: dict[tuple, np.ndarray] = {}


@cache
def data() -> dict[str, Any]:
    """The exercise's rows: features and target of the train rows, the test rows and all rows."""
    from course_utils.data import load_clean
    from course_utils.mle import model

    df = load_clean()
    train, test = model.holdout_split(df)
    features = list(model.FEATURES)
    return {"X_train": train[features], "y_train": train[model.TARGET], "X_test": test[features],
            "y_test": test[model.TARGET], "X_all": df[features], "y_all": df[model.TARGET]}


def folds():
    """The exercise's ``cv``: stratified 5-fold, shuffled with the course seed, as in the lesson."""
    from sklearn.model_selection import StratifiedKFold

    from course_utils.mle import model

    return StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=model.SEED)


def quiet(call):
    """``call()`` without its warnings: the learner saw their pipeline's warnings; a check's copy repeats none."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call()


def _key(pipe) -> str:
    """Every parameter of the pipeline, deep: equal for pipelines built alike, so their scores are computed once."""
    return repr(sorted(pipe.get_params(deep=True).items()))


def cv_scores(pipe, rows: str = "train", scoring: Any = "roc_auc", cv: Any = None) -> np.ndarray:
    """The fold scores of a copy of ``pipe`` cross-validated on ``rows`` ("train" or "all"); cached per pipeline."""
    from sklearn.base import clone
    from sklearn.model_selection import cross_val_score

    cv = folds() if cv is None else cv
    key = (_key(pipe), rows, repr(scoring), repr(cv))
    if key not in _cache:
        d = data()
        _cache[key] = quiet(lambda: cross_val_score(clone(pipe), d[f"X_{rows}"], d[f"y_{rows}"], cv=cv,
                                                     scoring=scoring))
    return _cache[key]


def column_names(columns, frame_columns) -> list[str]:
    """The column names a ColumnTransformer entry selects (names, indices, a mask or one name)."""
    if isinstance(columns, str):
        return [columns]
    if callable(columns):
        return []
    items = list(columns)
    if items and all(isinstance(c, (bool, np.bool_)) for c in items):
        return [c for c, keep in zip(frame_columns, items) if keep]
    return [frame_columns[c] if isinstance(c, (int, np.integer)) else c for c in items]


def _uses(transformer, kind) -> bool:
    """Whether ``transformer`` is, or is a pipeline containing, an instance of ``kind``."""
    steps = getattr(transformer, "steps", None)
    return isinstance(transformer, kind) or bool(steps) and any(isinstance(s, kind) for _, s in steps)


def preprocessor(pipe):
    from sklearn.compose import ColumnTransformer

    return next((step for _, step in pipe.steps[:-1] if isinstance(step, ColumnTransformer)), None)


def _shape_problem(pipe) -> str | None:
    """What is wrong with the pipeline's parts, before any fitting."""
    from sklearn.base import is_classifier
    from sklearn.compose import ColumnTransformer
    from sklearn.pipeline import Pipeline

    from course_utils.mle import model

    if isinstance(pipe, ColumnTransformer):
        return ("That is the preparation alone. Chain it with a classifier: "
                "Pipeline([('preprocess', preprocess), ('model', LogisticRegression(max_iter=1000))]).")
    if not isinstance(pipe, Pipeline):
        if is_classifier(pipe):
            return ("A model on its own cannot read the text categories. Put a ColumnTransformer before it, "
                    "in a Pipeline, so the preparation is fitted with the model.")
        return f"Expected a scikit-learn Pipeline, but got {describe(pipe)}."
    final = pipe.steps[-1][1]
    if not is_classifier(final):
        return (f"The last step, {type(final).__name__}, is not a classifier: churn is yes or no, so end the "
                "pipeline with a classifier such as LogisticRegression.")
    if not hasattr(final, "predict_proba"):
        return (f"{type(final).__name__} gives no probabilities (predict_proba), and ROC AUC and the profit "
                "curve need scores. Use LogisticRegression or HistGradientBoostingClassifier.")
    preprocess = preprocessor(pipe)
    if preprocess is None:
        return ("Your pipeline has no ColumnTransformer before the model: the text categories need one-hot "
                "encoding and the numbers scaling, each in its own branch of a ColumnTransformer.")
    named = {c for _, _, cols in preprocess.transformers for c in column_names(cols, model.FEATURES)}
    if model.TARGET in named:
        return (f"Your ColumnTransformer takes {model.TARGET!r}, the target, as a feature: the model would copy "
                "the answer (leakage) and could not score a new customer. Leave it out.")
    if "customerID" in named:
        return ("Your ColumnTransformer takes 'customerID': an identifier, unique to each customer, teaches the "
                "model nothing that holds for a new customer. Leave it out.")
    unknown = sorted(str(c) for c in named - set(model.FEATURES))
    if any(name.startswith(f"{c}_") for name in unknown for c in model.CATEGORICAL):
        return ("Your ColumnTransformer names one-hot columns such as 'Contract_One year', made before the "
                "pipeline (pd.get_dummies?). Give it the original columns and a OneHotEncoder branch: the "
                "encoding then happens inside each fit, and a new customer's raw row can be scored.")
    if unknown:
        return f"Your ColumnTransformer names columns the features do not have: {unknown}. Check the spelling."
    return None


def _coverage_problem(fitted) -> str | None:
    """What the fitted ColumnTransformer leaves out, or encodes wrongly."""
    from sklearn.preprocessing import OneHotEncoder

    from course_utils.mle import model

    chosen = {}
    for _, transformer, cols in fitted.transformers_:
        if transformer != "drop":
            chosen.update({c: transformer for c in column_names(cols, model.FEATURES)})
    missing = [c for c in model.FEATURES if c not in chosen]
    if missing:
        return (f"Your ColumnTransformer leaves out {missing}: a column it does not list is dropped "
                "(remainder='drop'), so the model never sees it. Give every feature a branch.")
    one_hot = [c for c in ("tenure", "MonthlyCharges", "TotalCharges") if _uses(chosen[c], OneHotEncoder)]
    if one_hot:
        return (f"Your pipeline one-hot encodes the numeric column(s) {one_hot}: every distinct amount becomes "
                "its own column, and the model cannot tell that 70 USD is close to 71. Scale them instead.")
    encoders = {id(t): t for t in chosen.values() if isinstance(t, OneHotEncoder)}.values()
    if any(e.handle_unknown == "error" for e in encoders):
        return ("Your OneHotEncoder keeps handle_unknown='error': the first customer with a category the training "
                "rows never had would crash the service. Use OneHotEncoder(handle_unknown='ignore').")
    return None


def pipeline_problem(pipe, fit_model: bool = True) -> str | None:
    """Why ``pipe`` is not a working churn pipeline (its parts, then a fit of a copy on the train rows), or None.

    With ``fit_model=False`` only the ColumnTransformer is fitted: the graders that go on to fit the whole
    pipeline anyway save that time.
    """
    from sklearn.base import clone

    if pipe is None or pipe is Ellipsis:
        raise NotAttempted
    problem = _shape_problem(pipe)
    if problem:
        return problem
    d = data()
    try:
        if fit_model:
            fitted = preprocessor(quiet(lambda: clone(pipe).fit(d["X_train"], d["y_train"])))
        else:
            fitted = quiet(lambda: clone(preprocessor(pipe)).fit(d["X_train"], d["y_train"]))
    except Exception as exc:  # the learner's pipeline may fail in many ways; the message names the usual one
        return (f"A copy of your pipeline could not be fitted on X_train ({exc.__class__.__name__}: {exc}). "
                "Are the text columns one-hot encoded, and only the numeric ones scaled?")
    return _coverage_problem(fitted)


def floor_problem(mean: float, what: str) -> str | None:
    if mean <= 0.55:
        return (f"Your pipeline's {what} is {mean:.3f}, no better than the majority baseline (0.5): "
                "it does not rank churners above stayers. Check the model and its inputs.")
    if mean < FLOOR:
        return (f"Your pipeline's {what} is {mean:.3f}, below the {FLOOR} a reasonable churn model reaches "
                "on this data: something in it loses the signal.")
    return None

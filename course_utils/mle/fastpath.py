"""A faster way to score the churn pipeline, for the service: no DataFrame, no per-call checks.

For one row, scikit-learn spends most of its time checking the DataFrame it is given (column
names, dtypes, categories) in the ``ColumnTransformer``; the logistic regression itself takes
microseconds. Our pipeline is linear all the way through, so it folds into a few numbers:

    logit = constant + sum(weight[f] * x[f] for numeric f) + sum(weight[f][x[f]] for categorical f)

with the scaler's mean and scale folded into the numeric weights, and one weight per category
(an unknown category adds 0, as ``OneHotEncoder(handle_unknown="ignore")`` does).

**The contract** (tested in ``tests/course_utils/mle/test_fastpath.py``): for every row the service
accepts, ``LinearScorer`` gives the pipeline's ``predict_proba`` to within 1e-12. It checks
nothing itself: callers pass rows already validated (the service's pydantic schemas do that).
``compile_pipeline`` refuses any pipeline of another shape (its docstring lists them) and, as a last guard,
checks its own scores against ``predict_proba`` on probe rows before returning, so a new model cannot silently
get wrong scores: the service must then fall back to the pipeline (or ONNX Runtime, ``onnxpath``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler


SELF_CHECK_TOLERANCE = 1e-12     # the contract's bound, checked on probe rows by compile_pipeline
_PROBE_NUMBERS = (0.0, 1.0, 29.85, 120.0, 1000.0, 8684.8)   # zero, a flag, and prices and tenures up to large


class UnsupportedPipeline(ValueError):
    """The pipeline is not scaled numbers plus one-hot categories into a binary logistic regression."""


@dataclass(frozen=True)
class LinearScorer:
    """Churn probability from plain Python values, equal to the pipeline's (see the module's contract)."""

    constant: float
    numeric: dict[str, float]                   # feature -> weight per unit of the raw value
    categorical: dict[str, dict[str, float]]    # feature -> category -> weight

    def predict_one(self, row: Mapping) -> float:
        """The churn probability of one row given as ``{feature: value}``."""
        logit = self.constant
        for name, weight in self.numeric.items():
            logit += weight * row[name]
        for name, weights in self.categorical.items():
            logit += weights.get(row[name], 0.0)
        return 1.0 / (1.0 + math.exp(-logit))

    def predict_columns(self, columns: Mapping[str, Sequence]) -> np.ndarray:
        """Churn probabilities of many rows given column-wise, as ``{feature: [value, ...]}``."""
        logit = np.full(len(next(iter(columns.values()))), self.constant)
        for name, weight in self.numeric.items():
            logit += weight * np.asarray(columns[name], dtype=float)
        for name, weights in self.categorical.items():  # a dict look-up per value: an unknown category adds 0
            logit += np.fromiter((weights.get(value, 0.0) for value in columns[name]), float, count=len(logit))
        return 1.0 / (1.0 + np.exp(-logit))


def compile_pipeline(pipeline: Pipeline) -> LinearScorer:
    """Fold a fitted scaler + one-hot + logistic pipeline into a ``LinearScorer``; refuse any other shape.

    Refused with ``UnsupportedPipeline`` (one sentence): any other steps, encoders or models; a pipeline
    fitted without column names; columns chosen by position; one-hot categories that are not all strings
    (an integer code would never match); infrequent categories (``min_frequency``, ``max_categories``); a
    ``drop``; and, last, any pipeline whose folded scores differ from ``predict_proba`` on probe rows by more
    than ``SELF_CHECK_TOLERANCE``, so a shape this function misreads is refused, not served.
    """
    steps = list(pipeline.named_steps.values()) if isinstance(pipeline, Pipeline) else []
    if len(steps) != 2 or not isinstance(steps[0], ColumnTransformer) or not isinstance(steps[1], LogisticRegression):
        raise UnsupportedPipeline("expected a Pipeline of a ColumnTransformer and a LogisticRegression")
    preprocess, logistic = steps
    if logistic.coef_.shape[0] != 1 or preprocess.remainder != "drop":
        raise UnsupportedPipeline("expected a binary logistic regression and no passthrough columns")
    if not hasattr(pipeline, "feature_names_in_"):
        raise UnsupportedPipeline("expected a pipeline fitted on a DataFrame with named columns")
    weights, constant = logistic.coef_[0], float(logistic.intercept_[0])
    numeric: dict[str, float] = {}
    categorical: dict[str, dict[str, float]] = {}
    for name, transformer, columns in preprocess.transformers_:
        if name == "remainder":
            continue
        if not isinstance(columns, list) or not all(isinstance(column, str) for column in columns):
            raise UnsupportedPipeline(f"step {name!r} must name its columns in a list, not by position or mask")
        part = weights[preprocess.output_indices_[name]]
        if isinstance(transformer, StandardScaler):
            mean = transformer.mean_ if transformer.with_mean else np.zeros(len(columns))
            scale = transformer.scale_ if transformer.with_std else np.ones(len(columns))
            for column, w, m, s in zip(columns, part, mean, scale):
                numeric[column] = float(w / s)
                constant -= float(w * m / s)
        elif isinstance(transformer, OneHotEncoder):
            _check_one_hot(name, transformer)
            offset = 0
            for column, categories in zip(columns, transformer.categories_):
                categorical[column] = {c: float(w) for c, w in zip(categories, part[offset:offset + len(categories)])}
                offset += len(categories)
        else:
            raise UnsupportedPipeline(f"cannot fold the {type(transformer).__name__} of step {name!r}")
    scorer = LinearScorer(constant, numeric, categorical)
    _self_check(pipeline, scorer)
    return scorer


def _check_one_hot(name: str, encoder: OneHotEncoder) -> None:
    """Refuse a fitted ``OneHotEncoder`` whose output is not one column per string category, unknowns all zero."""
    if encoder.drop is not None or encoder.handle_unknown != "ignore":
        raise UnsupportedPipeline(f"the OneHotEncoder of step {name!r} must have drop=None and handle_unknown='ignore'")
    if encoder.min_frequency is not None or encoder.max_categories is not None:
        raise UnsupportedPipeline(f"the OneHotEncoder of step {name!r} groups infrequent categories, "
                                  "which the fast path cannot fold")
    if not all(isinstance(c, str) for categories in encoder.categories_ for c in categories):
        raise UnsupportedPipeline(f"the OneHotEncoder of step {name!r} has categories that are not all strings")


def _probe_rows(pipeline: Pipeline, scorer: LinearScorer) -> dict[str, list]:
    """Columns of probe rows: every known category and an unknown one, numbers spread around zero to large."""
    n = max([len(weights) + 1 for weights in scorer.categorical.values()] + [len(_PROBE_NUMBERS)])
    columns: dict[str, list] = {}
    for column in pipeline.feature_names_in_:
        if column in scorer.categorical:
            values = [*scorer.categorical[column], "not a category the model saw"]
        else:  # numeric, or dropped by the ColumnTransformer (then any number will do)
            values = list(_PROBE_NUMBERS)
        columns[column] = [values[i % len(values)] for i in range(n)]
    return columns


def _self_check(pipeline: Pipeline, scorer: LinearScorer) -> None:
    """Raise ``UnsupportedPipeline`` if the folded scores differ from ``predict_proba`` on the probe rows."""
    import pandas as pd

    columns = _probe_rows(pipeline, scorer)
    expected = pipeline.predict_proba(pd.DataFrame(columns))[:, 1]
    by_columns = scorer.predict_columns(columns)
    by_rows = np.array([scorer.predict_one(row) for row in pd.DataFrame(columns).to_dict("records")])
    error = max(np.abs(by_columns - expected).max(), np.abs(by_rows - expected).max())
    if not error <= SELF_CHECK_TOLERANCE:
        raise UnsupportedPipeline(f"the folded scores differ from predict_proba by {error:.2g} on probe rows")

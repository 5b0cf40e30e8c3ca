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
``compile_pipeline`` refuses any pipeline of another shape, so a new model cannot silently get
wrong scores: the service must then fall back to the pipeline.
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
        for name, weights in self.categorical.items():
            values = np.asarray(columns[name])
            for category, weight in weights.items():  # an unknown category matches none: it adds 0
                logit += weight * (values == category)
        return 1.0 / (1.0 + np.exp(-logit))


def compile_pipeline(pipeline: Pipeline) -> LinearScorer:
    """Fold a fitted scaler + one-hot + logistic pipeline into a ``LinearScorer``; refuse any other shape."""
    steps = list(pipeline.named_steps.values()) if isinstance(pipeline, Pipeline) else []
    if len(steps) != 2 or not isinstance(steps[0], ColumnTransformer) or not isinstance(steps[1], LogisticRegression):
        raise UnsupportedPipeline("expected a Pipeline of a ColumnTransformer and a LogisticRegression")
    preprocess, logistic = steps
    if logistic.coef_.shape[0] != 1 or preprocess.remainder != "drop":
        raise UnsupportedPipeline("expected a binary logistic regression and no passthrough columns")
    weights, constant = logistic.coef_[0], float(logistic.intercept_[0])
    numeric: dict[str, float] = {}
    categorical: dict[str, dict[str, float]] = {}
    for name, transformer, columns in preprocess.transformers_:
        if name == "remainder":
            continue
        part = weights[preprocess.output_indices_[name]]
        if isinstance(transformer, StandardScaler):
            mean = transformer.mean_ if transformer.with_mean else np.zeros(len(columns))
            scale = transformer.scale_ if transformer.with_std else np.ones(len(columns))
            for column, w, m, s in zip(columns, part, mean, scale):
                numeric[column] = float(w / s)
                constant -= float(w * m / s)
        elif isinstance(transformer, OneHotEncoder) and transformer.drop is None and \
                transformer.handle_unknown == "ignore":
            offset = 0
            for column, categories in zip(columns, transformer.categories_):
                categorical[column] = {str(c): float(w) for c, w in zip(categories, part[offset:offset + len(categories)])}
                offset += len(categories)
        else:
            raise UnsupportedPipeline(f"cannot fold the {type(transformer).__name__} of step {name!r}")
    return LinearScorer(constant, numeric, categorical)

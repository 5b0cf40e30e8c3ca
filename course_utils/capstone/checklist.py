"""The hand-off checklist of ``30_capstone_handoff``, checked field by field against the real artifact and data.

A learner fills ``blank_checklist()``; ``problems(checklist)`` recomputes every fact from the artifact
file, the installed libraries and the clean churn table (never from the learner's own numbers or from
``metadata.json`` alone) and returns one sentence per wrong field, in ``FIELDS`` order.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import numpy as np

from course_utils.capstone.artifact_checks import (
    canonical, check_libraries, check_schema, check_sha, check_version, model_file, word,
)
from course_utils.checks import PROPORTION
from course_utils.data import load_clean
from course_utils.ds.threshold import best_threshold
from course_utils.mle import drift, model

# The retention campaign of exercise 13: a call costs 20 USD, a saved customer is worth 600 USD,
# and the offer keeps 13% of the churners it reaches.
CALL_COST, SAVED_VALUE, SAVE_RATE = 20.0, 600.0, 0.13
FIELDS = (
    "artifact_path", "artifact_sha256", "model_version", "library_versions", "input_schema",
    "threshold", "threshold_reason", "metric", "metric_value", "monitoring", "owners",
)
MONITORING_KEYS = ("statistic", "feature", "window", "alert_above")
OWNER_KEYS = ("data_science", "ml_engineering")
_METRICS = {"roc_auc": {"roc_auc", "roc auc", "auc", "roc-auc"},
            "average_precision": {"average_precision", "average precision", "ap", "pr auc", "pr_auc"}}
_STATISTICS = {"psi": {"psi", "population stability index"},
               "ks": {"ks", "ks statistic", "kolmogorov-smirnov", "kolmogorov-smirnov statistic"}}
_PLACEHOLDERS = {"", "...", "?", "tbd", "todo", "n/a", "none", "someone", "team", "the team", "x", "me", "i", "myself"}
_NOISE_WINDOWS = 100


def blank_checklist() -> dict:
    """The checklist as the exercise hands it out: every field present, every value ``...``."""
    return {field: ... for field in FIELDS}


@cache
def held_out_scores() -> tuple[np.ndarray, np.ndarray]:
    """Churn labels and churn scores of the 20% test split that ``model.holdout_metrics`` uses."""
    from sklearn.model_selection import train_test_split

    df = load_clean()
    train, test = train_test_split(df, test_size=0.2, stratify=df[model.TARGET], random_state=model.SEED)
    pipeline = model.train(train)
    return test[model.TARGET].to_numpy(), pipeline.predict_proba(test[list(model.FEATURES)])[:, 1]


def campaign_threshold() -> float:
    """The most profitable threshold of the exercise-13 campaign on the test split."""
    y, scores = held_out_scores()
    return best_threshold(y, scores, CALL_COST, SAVED_VALUE, SAVE_RATE)


@cache
def _metric_values() -> dict[str, float]:
    from sklearn.metrics import average_precision_score, roc_auc_score

    y, scores = held_out_scores()
    return {"roc_auc": float(roc_auc_score(y, scores)), "average_precision": float(average_precision_score(y, scores))}


@cache
def _training_auc() -> float:
    """ROC AUC of the production model on the rows it was trained on: the flattering number."""
    from sklearn.metrics import roc_auc_score

    df = load_clean()
    return float(roc_auc_score(df[model.TARGET], model.train(df).predict_proba(df[list(model.FEATURES)])[:, 1]))


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def _check_threshold(value: object) -> str | None:
    if not _is_number(value) or not 0 < value < 1:
        return "give the threshold as a churn probability between 0 and 1."
    best = campaign_threshold()
    if PROPORTION.accepts(float(value), best):
        return None
    if value == 0.5:
        return "0.5 is scikit-learn's default; the campaign's costs set a different threshold."
    if abs(value - CALL_COST / (SAVE_RATE * SAVED_VALUE)) < 6e-3:
        return "that is the break-even probability, which assumes perfectly calibrated scores; take the best row of the profit curve."
    y, scores = held_out_scores()
    if PROPORTION.accepts(float(value), best_threshold(y, scores, CALL_COST, SAVED_VALUE, 1.0)):
        return "that assumes the offer keeps every churner it reaches; use the save rate of 0.13."
    return "it is not the most profitable threshold of the campaign on the test set."


def _check_reason(value: object) -> str | None:
    text = word(value)
    if text is None or len(text.split()) < 5:
        return "write the business reason in a sentence: what a call costs and what a saved customer is worth."
    if not any(word in text for word in ("cost", "profit", "usd", "$", "worth", "value")):
        return "the reason must be the business one: name the cost of a call or the value of a saved customer."
    return None


def _check_metric(name: object) -> str | None:
    if canonical(name, _METRICS) is None:
        return "name the metric you report, 'roc_auc' or 'average_precision'."
    return None


def _check_metric_value(value: object, name: object) -> str | None:
    metric = canonical(name, _METRICS)
    if metric is None:
        return "checked once metric is right."
    values = _metric_values()
    if not _is_number(value):
        return f"give the value of {metric} as a number between 0 and 1."
    value = float(value)
    if PROPORTION.accepts(value, values[metric]):
        return None
    if 1 < value <= 100 and PROPORTION.accepts(value / 100, values[metric]):
        return "that is a percentage; give the metric as a fraction between 0 and 1."
    other = next(m for m in values if m != metric)
    if PROPORTION.accepts(value, values[other]):
        return f"that is the value of {other}, not {metric}."
    if metric == "roc_auc" and PROPORTION.accepts(value, _training_auc()):
        return "that is measured on the training rows, which flatters the model; report it on the test set."
    if PROPORTION.accepts(value, float(held_out_scores()[0].mean())):
        return "that is the test set's churn rate, not a measure of the model."
    if PROPORTION.rounded_too_far(value, values[metric]):
        return PROPORTION.too_far_message()
    return f"it is not {metric} of the model on the held-out test set."


@cache
def _noise(statistic: str, feature: str, window: int) -> float:
    """The largest value ``statistic`` takes, by chance alone, between the training data and its own windows."""
    from scipy import stats

    reference = load_clean()[feature]
    rng = np.random.default_rng(0)
    values = []
    for _ in range(_NOISE_WINDOWS):
        sample = reference.sample(window, random_state=rng)
        if statistic == "ks":
            values.append(stats.ks_2samp(reference, sample).statistic)
        elif feature in model.CATEGORICAL:
            values.append(drift.category_psi(reference, sample))
        else:
            values.append(drift.psi(reference, sample))
    return float(max(values))


def _check_monitoring(value: object) -> str | None:
    if not isinstance(value, Mapping) or any(k not in value for k in MONITORING_KEYS):
        return f"give a dict with the keys {', '.join(MONITORING_KEYS)}."
    said = word(value["statistic"]) or ""
    if "p-value" in said or "pvalue" in said:
        return "with thousands of rows any tiny change has a small p-value: alert on the statistic itself."
    statistic = canonical(value["statistic"], _STATISTICS)
    if statistic is None:
        return "the statistic is 'psi' or 'ks', the two drift measures of the lesson."
    feature = value["feature"]
    if feature == model.TARGET:
        return "the churn label arrives months late; monitor an input the service sees every day."
    if feature not in model.FEATURES:
        return f"{feature!r} is not an input of the model."
    if statistic == "ks" and feature in model.CATEGORICAL:
        return f"KS compares numbers, and {feature} is a category: use PSI for it."
    window = value["window"]
    n_rows = len(load_clean())
    if not _is_number(window) or window != int(window) or window < 1:
        return "the window is a number of customers, like 1000 (about a month of traffic)."
    if window > n_rows:
        return f"a window of {int(window)} customers is larger than the training data ({n_rows} rows)."
    alert = value["alert_above"]
    if not _is_number(alert) or not 0 < alert < 1:
        return "alert_above is the statistic's value that raises the alert, a number between 0 and 1."
    if statistic == "psi" and alert > drift.LARGE:
        return f"a PSI above {drift.LARGE} is already a large shift: alert before that."
    noise = _noise(statistic, feature, int(window))
    if alert <= noise and statistic == "psi" and noise >= drift.LARGE:
        return (f"with windows of {int(window)} customers, chance alone gives a PSI of {feature} up to {noise:.3f}, "
                f"beyond the {drift.LARGE} of a large shift: widen the window so real shifts stand out.")
    if alert <= noise:
        return (f"with windows of {int(window)} customers, chance alone gives a {statistic.upper()} of {feature} up to "
                f"{noise:.3f}: your alert would fire on noise. Widen the window, or raise the threshold above that.")
    return None


def _check_owners(value: object) -> str | None:
    if not isinstance(value, Mapping) or any(k not in value for k in OWNER_KEYS):
        return f"give a dict with one name per side: {', '.join(OWNER_KEYS)}."
    names = [word(value[k]) for k in OWNER_KEYS]
    for key, name in zip(OWNER_KEYS, names):
        if name is None or name in _PLACEHOLDERS:
            return f"{key} needs a named person or team to contact, not {value[key]!r}."
    if names[0] == names[1]:
        return "the same owner on both sides means nobody checks the other's work: name one per side."
    return None


def problems(checklist: Mapping) -> dict[str, str]:
    """``{field: sentence}`` for every field of ``checklist`` that is unfilled or wrong; empty when all are right."""
    found: dict[str, str] = {}
    for field in FIELDS:
        if checklist.get(field, ...) is ...:
            found[field] = "not filled in yet."
    path, reason = (None, None)
    if "artifact_path" not in found:
        path, reason = model_file(checklist["artifact_path"])
        if reason:
            found["artifact_path"] = reason
    checks = {
        "artifact_sha256": lambda v: check_sha(v, path) if path else "checked once artifact_path is right.",
        "model_version": lambda v: check_version(v, path) if path else "checked once artifact_path is right.",
        "library_versions": check_libraries,
        "input_schema": lambda v: check_schema(v, path),
        "threshold": _check_threshold,
        "threshold_reason": _check_reason,
        "metric": _check_metric,
        "metric_value": lambda v: _check_metric_value(v, checklist.get("metric")),
        "monitoring": _check_monitoring,
        "owners": _check_owners,
    }
    for field, check in checks.items():
        if field not in found:
            message = check(checklist[field])
            if message:
                found[field] = message
    return {field: found[field] for field in FIELDS if field in found}

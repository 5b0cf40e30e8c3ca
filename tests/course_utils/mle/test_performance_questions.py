"""Are the performance lesson's questions graded three ways, with specific messages for real mistakes?"""

import numpy as np
import pytest

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get


@pytest.mark.parametrize("qid", ["mle_performance.q1", "mle_performance.q2"])
def test_blank_is_not_attempted(qid):
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_stubs_count_as_not_attempted():
    def latency_percentiles(samples_ms):
        """The generated exercise's empty body."""

    def pick_batch_size(table, budget_ms):
        raise NotImplementedError

    assert get("mle_performance.q1").grade(latency_percentiles).status == NOT_ATTEMPTED
    assert get("mle_performance.q2").grade(pick_batch_size).status == NOT_ATTEMPTED


def test_a_function_without_return_is_incorrect():
    """Is a body that computes but forgets to return told so, rather than called not attempted?"""
    def latency_percentiles(samples_ms):
        sorted(samples_ms)

    outcome = get("mle_performance.q1").grade(latency_percentiles)
    assert outcome.status == INCORRECT and "did you forget `return`?" in outcome.message


def test_q1_passes_numpy_percentiles_and_a_pandas_version():
    q = get("mle_performance.q1")
    assert q.grade(lambda s: {f"p{p}": float(np.percentile(s, p)) for p in (50, 95, 99)}).status == PASSED
    import pandas as pd

    def with_pandas(samples):
        quantiles = pd.Series(samples).quantile([0.5, 0.95, 0.99])
        return {"p50": quantiles[0.5], "p95": quantiles[0.95], "p99": quantiles[0.99]}

    assert q.grade(with_pandas).status == PASSED


@pytest.mark.parametrize("wrong, words", [
    (lambda s: {f"p{p}": float(np.percentile(s, p / 100)) for p in (50, 95, 99)}, "np.percentile takes percents"),
    (lambda s: {"p50": float(np.mean(s)), "p95": float(np.percentile(s, 95)), "p99": float(np.percentile(s, 99))},
     "the mean"),
    (lambda s: {"p50": float(np.median(s)), "p95": float(np.percentile(s, 95)), "p99": float(np.max(s))},
     "the slowest request"),
    (lambda s: [float(np.percentile(s, p)) for p in (50, 95, 99)], "exactly the keys"),
    (lambda s: {f"p{p}": float(np.percentile(s, p, method="nearest")) for p in (50, 95, 99)}, "default method"),
    (lambda s: {f"p{p}": float(np.quantile(s, p)) for p in (50, 95, 99)}, "raised ValueError"),
])
def test_q1_names_the_mistake(wrong, words):
    outcome = get("mle_performance.q1").grade(wrong)
    assert outcome.status == INCORRECT and words in outcome.message


def right_pick(table, budget_ms):
    within = table[table["p99_ms"] <= budget_ms]
    return int(within.loc[within["rows_per_s"].idxmax(), "batch_size"])


def test_q2_passes_the_right_pick():
    assert get("mle_performance.q2").grade(right_pick).status == PASSED


def by_p50(table, budget_ms):
    within = table[table["p50_ms"] <= budget_ms]
    return int(within.loc[within["rows_per_s"].idxmax(), "batch_size"])


def no_budget(table, budget_ms):
    return int(table.loc[table["rows_per_s"].idxmax(), "batch_size"])


def strict(table, budget_ms):
    within = table[table["p99_ms"] < budget_ms]
    return int(within.loc[within["rows_per_s"].idxmax(), "batch_size"])


def largest(table, budget_ms):
    return int(table.loc[table["p99_ms"] <= budget_ms, "batch_size"].max())


@pytest.mark.parametrize("wrong, words", [
    (by_p50, "compare the p99_ms column"),
    (no_budget, "its p99 is over the budget"),
    (strict, "use <=, not <"),
    (largest, "pick by rows_per_s"),
    (lambda table, budget_ms: "128", "return one batch size"),
    (lambda table, budget_ms: table["nope"], "raised KeyError"),
])
def test_q2_names_the_mistake(wrong, words):
    outcome = get("mle_performance.q2").grade(wrong)
    assert outcome.status == INCORRECT and words in outcome.message


def test_q2_refuses_a_number():
    assert "Expected a function" in get("mle_performance.q2").grade(128).message

"""Are the performance lesson's questions graded three ways, with specific messages for real mistakes?"""

import statistics
import time
import timeit

import numpy as np
import pandas as pd
import pytest

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from corpus import Corpus, Right, Wrong, corpus_tests


@pytest.mark.parametrize("qid", [f"mle_performance.q{n}" for n in (1, 2, 3, 4)])
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


def measure(fn, repeats=50, warmup=3, clock=time.perf_counter):
    """The worked solution, as a learner writes it."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        start = clock()
        fn()
        samples.append((clock() - start) * 1000)
    return float(np.median(samples))


def measure_timeit(fn, repeats=50, warmup=3, clock=time.perf_counter):
    """timeit's Timer on the given clock, one call per repeat; statistics.median."""
    for _ in range(warmup):
        fn()
    return statistics.median(1000 * s for s in timeit.Timer(fn, timer=clock).repeat(repeat=repeats, number=1))


def measure_drop_first(fn, repeats=50, warmup=3, clock=time.perf_counter):
    """Times every call, then drops the warm-up ones; consecutive clock readings; a pandas median."""
    readings = [clock()]
    for _ in range(warmup + repeats):
        fn()
        readings.append(clock())
    return pd.Series(np.diff(readings)[warmup:] * 1000).median()


def measure_cold(fn, repeats=50, warmup=3, clock=time.perf_counter):
    samples = []
    for _ in range(warmup + repeats):
        start = clock()
        fn()
        samples.append((clock() - start) * 1000)
    return float(np.median(samples))


def measure_no_warmup(fn, repeats=50, warmup=3, clock=time.perf_counter):
    samples = []
    for _ in range(repeats):
        start = clock()
        fn()
        samples.append((clock() - start) * 1000)
    return float(np.median(samples))


def measure_mean(fn, repeats=50, warmup=3, clock=time.perf_counter):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        start = clock()
        fn()
        samples.append((clock() - start) * 1000)
    return float(np.mean(samples))


def measure_whole_loop(fn, repeats=50, warmup=3, clock=time.perf_counter):
    for _ in range(warmup):
        fn()
    start = clock()
    for _ in range(repeats):
        fn()
    return (clock() - start) * 1000 / repeats


def measure_time_time(fn, repeats=50, warmup=3, clock=time.perf_counter):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        start = time.time()
        fn()
        samples.append((time.time() - start) * 1000)
    return float(np.median(samples))


def measure_seconds(fn, repeats=50, warmup=3, clock=time.perf_counter):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        start = clock()
        fn()
        samples.append(clock() - start)
    return float(np.median(samples))


def measure_once(fn, repeats=50, warmup=3, clock=time.perf_counter):
    """A 'median' of one run."""
    fn()
    start = clock()
    fn()
    return (clock() - start) * 1000


def measure_without_clock(fn, repeats=50, warmup=3):
    return 1.0


def measure_samples(fn, repeats=50, warmup=3, clock=time.perf_counter):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        start = clock()
        fn()
        samples.append((clock() - start) * 1000)
    return samples


def comparison(one_row_ms, batch_ms, per_row_ratio):
    return {"one_row_ms": one_row_ms, "batch_ms": batch_ms, "per_row_ratio": per_row_ratio}


def test_q3_times_the_real_clock_too():
    """The right timer, on a real sleep, gives about the sleep (a sanity check, not a speed goal)."""
    assert measure(lambda: time.sleep(0.002), repeats=5, warmup=1) >= 2.0


CORPUS = {
    "mle_performance.q1": Corpus(
        wrong=[
            Wrong(lambda s: {f"p{p}": float(np.percentile(s, p / 100)) for p in (50, 95, 99)},
                  says="np.percentile takes percents", seen="fractions passed to np.percentile"),
            Wrong(lambda s: {"p50": float(np.mean(s)), "p95": float(np.percentile(s, 95)),
                             "p99": float(np.percentile(s, 99))}, says="the mean", seen="mean for p50"),
            Wrong(lambda s: {"p50": float(np.median(s)), "p95": float(np.percentile(s, 95)),
                             "p99": float(np.max(s))}, says="the slowest request", seen="max for p99"),
            Wrong(lambda s: [float(np.percentile(s, p)) for p in (50, 95, 99)], says="exactly the keys",
                  seen="a list instead of a dict"),
            Wrong(lambda s: {f"p{p}": float(np.quantile(s, p)) for p in (50, 95, 99)}, says="raised ValueError",
                  seen="percents passed to np.quantile"),
        ],
        right=[
            Right(lambda s: {f"p{p}": float(np.percentile(s, p)) for p in (50, 95, 99)}, how="np.percentile"),
            Right(lambda s: pd.Series(s).quantile([0.5, 0.95, 0.99]).set_axis(["p50", "p95", "p99"]),
                  how="a pandas Series of quantiles"),
            Right(lambda s: dict(zip(("p50", "p95", "p99"), np.quantile(s, [0.5, 0.95, 0.99]))),
                  how="np.quantile with fractions, numpy floats"),
        ],
    ),
    "mle_performance.q2": Corpus(
        wrong=[Wrong(by_p50, says="compare the p99_ms column"), Wrong(no_budget, says="over the budget"),
               Wrong(strict, says="use <=, not <"), Wrong(largest, says="pick by rows_per_s"),
               Wrong(lambda table, budget_ms: "128", says="return one batch size")],
        right=[
            Right(right_pick, how="filter then idxmax"),
            Right(lambda table, budget_ms: table.query("p99_ms <= @budget_ms")
                  .sort_values("rows_per_s").iloc[-1]["batch_size"], how="query and sort, a float"),
        ],
    ),
    "mle_performance.q3": Corpus(
        wrong=[
            Wrong(measure_cold, says="warm-up calls seem timed too", seen="the cold first calls kept"),
            Wrong(measure_no_warmup, says="untimed warm-up calls", seen="no warm-up at all"),
            Wrong(measure_mean, says="mean of the timed calls", seen="np.mean with an outlier"),
            Wrong(measure_whole_loop, says="one timing around the whole loop", seen="the timeit habit"),
            Wrong(measure_time_time, says="time.time() can tick", seen="time.time instead of the clock"),
            Wrong(measure_seconds, says="looks like seconds", seen="perf_counter differences left in seconds"),
            Wrong(measure_once, says="called fn 2 times", seen="a median of one run"),
            Wrong(measure_without_clock, says="Keep the signature", seen="no clock parameter"),
            Wrong(measure_samples, says="return one number", seen="the list of samples"),
        ],
        right=[Right(measure, how="perf_counter loop and np.median"),
               Right(measure_timeit, how="timeit.Timer on the given clock and statistics.median"),
               Right(measure_drop_first, how="consecutive readings, warm-up dropped afterwards, pandas median")],
    ),
    "mle_performance.q4": Corpus(
        wrong=[
            Wrong(comparison(16.0, 21.0, 0.021 / 16.0), says="divided the wrong way"),
            Wrong(comparison(16.0, 21.0, 16.0 / 21.0), says="compared one row with a whole batch"),
            Wrong(comparison(16.0, 21.0, 21.0 / 16.0), says="the wrong way round"),
            Wrong(comparison(0.016, 0.021, 16.0 / 0.021), says="looks like seconds"),
            Wrong(comparison(16.0, 21_000.0, 16.0 / 21.0), says="cannot be true"),
            Wrong(comparison(16.0, 2.0, 8000.0), says="cannot be true", seen="the two lambdas swapped"),
            Wrong(comparison(2.0, 1.0, 2000.0), says="1,000 rows cannot take less time than one",
                  seen="a walk-through: a batch timed at half a row"),
            Wrong(comparison(16.0, 0.021, 16.0 / 0.021), says="time per row in the batch",
                  seen="batch_ms already divided by 1000"),
            Wrong(comparison(16.0, 21.0, 800.0), says="your own timings give", seen="ratio rounded to one figure"),
            Wrong(16.0 / 0.021, says="Expected a dict"),
        ],
        right=[
            Right(comparison(16.0, 21.0, 16.0 / 0.021), how="this machine's figures"),
            Right(pd.Series(comparison(np.float64(1.2), 3.0, 400)), how="a fast machine, a Series, an int ratio"),
            Right(comparison(16.04, 21.3, 753), how="the ratio rounded to 3 significant figures"),
        ],
    ),
}
test_corpus = corpus_tests(CORPUS)

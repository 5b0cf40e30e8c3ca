"""Questions of ``22_mle_performance``: latency percentiles, the batch size that meets a budget, a timer of
the learner's own (checked with a fake clock) and a comparison of two scoring paths measured with it."""

from __future__ import annotations

import math
import numbers
from functools import cache

import numpy as np
import pandas as pd

from course_utils.checks import MEASURE, CustomQuestion, NotAttempted, describe
from course_utils.mle import fakeclock
from course_utils.mle.bench import percentiles

KEYS = ("p50", "p95", "p99")


@cache
def percentile_cases() -> tuple:
    """(name, latency samples in milliseconds) the learner's function is called on, drawn once on first use."""
    rng = np.random.default_rng(22)
    slow_tail = np.r_[rng.lognormal(np.log(2.0), 0.25, 195), [40.0, 45.0, 60.0, 80.0, 120.0]]
    return (("the numbers 1 to 100", np.arange(1.0, 101.0)),
            ("a sample with a slow tail", slow_tail),
            ("a list of ten timings", [3.1, 2.9, 3.0, 12.5, 3.2, 2.8, 3.0, 3.1, 2.9, 3.3]))


def _close(a, b) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _call(func, name, *args):
    try:
        return func(*args)
    except NotImplementedError:
        raise NotAttempted from None
    except Exception as exc:
        raise _Wrong(f"On {name}, your function raised {exc.__class__.__name__}: {exc}") from None


class _Wrong(Exception):
    """A learner's function failed in a way worth reporting as the message."""


def _grade_percentiles(func) -> str | None:
    if not callable(func):
        return f"Expected a function latency_percentiles(samples_ms), but got {describe(func)}."
    try:
        for name, samples in percentile_cases():
            got = _call(func, name, samples)
            if got is None:
                return f"On {name}, your function returned None: did you forget `return`?"
            if hasattr(got, "to_dict"):
                got = got.to_dict()
            if not isinstance(got, dict) or set(got) != set(KEYS):
                return (f"On {name}, your function returned {describe(got)}; return a dict with exactly the keys "
                        "'p50', 'p95' and 'p99'.")
            expected = percentiles(samples)
            values = np.asarray(samples, dtype=float)
            for key in KEYS:
                q = int(key[1:])
                value = float(got[key])
                if _close(value, expected[key]):
                    continue
                if _close(value, float(np.percentile(values, q / 100))):
                    return (f"On {name}, {key} is {value:.3f}: np.percentile takes percents (0 to 100), "
                            f"np.quantile takes fractions (0 to 1). You passed {q / 100} to np.percentile.")
                if key == "p50" and _close(value, float(values.mean())):
                    return (f"On {name}, p50 is {value:.3f}, the mean. p50 is the median: half the requests are "
                            "faster. The mean is pulled up by the few slow ones.")
                if key == "p99" and _close(value, float(values.max())):
                    return (f"On {name}, p99 is {value:.3f}, the slowest request. p99 is the time 99% of requests "
                            "beat: np.percentile(samples, 99).")
                return f"On {name}, {key} is {value:.3f}; we expected {expected[key]:.3f} (numpy's default method)."
    except _Wrong as wrong:
        return str(wrong)
    return None


q1 = CustomQuestion(
    id="mle_performance.q1",
    prompt="Write latency_percentiles(samples_ms) returning {'p50': ..., 'p95': ..., 'p99': ...} (numpy's "
           "default method).",
    grader=_grade_percentiles,
    pass_message="Your percentiles match numpy's on all three samples.",
    hints=[
        "p95 is the latency that 95% of requests beat. numpy has a function for it.",
        "np.percentile(samples, 95) takes percents from 0 to 100 (np.quantile takes fractions from 0 to 1).",
        "return {f'p{q}': float(np.percentile(samples, q)) for q in (50, 95, 99)}",
    ],
    solution_text="""
def latency_percentiles(samples_ms):
    return {f"p{q}": float(np.percentile(samples_ms, q)) for q in (50, 95, 99)}
""",
)


def _table(sizes, p50, p99, rows_per_s) -> pd.DataFrame:
    return pd.DataFrame({"batch_size": sizes, "p50_ms": p50, "p99_ms": p99, "rows_per_s": rows_per_s})


# Each case: a table and the budget. They are built so that common mistakes give
# another answer: judging p50 instead of p99, ignoring the budget, "<" instead of "<=", or taking
# the largest batch that fits rather than the one with the most rows per second.
BATCH_CASES = (
    ("a budget of 50 ms", _table([1, 8, 32, 128, 512, 2048], [2, 3, 6, 18, 40, 150], [4, 6, 12, 44, 95, 320],
                                 [500, 2700, 5300, 7100, 12800, 13600]), 50.0),
    ("a budget of exactly one row's p99", _table([1, 16, 64, 256], [3, 8, 20, 70], [5, 12, 30, 100],
                                                 [330, 2000, 3200, 3650]), 30.0),
    ("a budget where a bigger batch is slower per row", _table([1, 10, 100, 1000], [2, 4, 20, 90],
                                                              [3, 6, 30, 180], [400, 2500, 5000, 4800]),
     200.0),
)


def _most_rows(rows) -> int | None:
    """The batch size of the row with the most rows per second; ``None`` for no rows."""
    return int(rows.loc[rows["rows_per_s"].idxmax(), "batch_size"]) if len(rows) else None


def _mistake(table, budget) -> dict[str, int | None]:
    """What each common mistake picks on ``table``."""
    return {
        "p50": _most_rows(table[table["p50_ms"] <= budget]),
        "no budget": _most_rows(table),
        "strict": _most_rows(table[table["p99_ms"] < budget]),
        "largest": int(table.loc[table["p99_ms"] <= budget, "batch_size"].max()),
    }


_BATCH_MESSAGES = {
    "p50": "That batch meets the budget at p50 but not at p99: a budget is about the slow requests too, so "
           "compare the p99_ms column with the budget.",
    "no budget": "That is the batch with the most rows per second overall, but its p99 is over the budget. "
                 "Keep only the rows with p99_ms <= budget_ms first.",
    "strict": "A p99 exactly equal to the budget meets it: use <=, not <.",
    "largest": "That is the largest batch that fits, but not the one with the most rows per second among those "
               "that fit: pick by rows_per_s.",
}


def _grade_batch(func) -> str | None:
    if not callable(func):
        return f"Expected a function pick_batch_size(table, budget_ms), but got {describe(func)}."
    try:
        for name, table, budget in BATCH_CASES:
            expected = _most_rows(table[table["p99_ms"] <= budget])
            got = _call(func, name, table.copy(), budget)
            if got is None:
                return f"On {name}, your function returned None: did you forget `return`?"
            whole = isinstance(got, numbers.Integral) or (isinstance(got, float) and got.is_integer())
            if isinstance(got, bool) or not whole:
                return f"On {name}, your function returned {describe(got)}; return one batch size (an int)."
            got_int = int(got)
            if got_int == expected:
                continue
            for kind, pick in _mistake(table, budget).items():
                if pick is not None and pick != expected and got_int == pick:
                    return f"On {name}, you picked {got_int}. {_BATCH_MESSAGES[kind]}"
            return f"On {name}, you picked {got}; we expected {expected}."
    except _Wrong as wrong:
        return str(wrong)
    return None


q2 = CustomQuestion(
    id="mle_performance.q2",
    prompt="Write pick_batch_size(table, budget_ms): among the batch sizes whose p99_ms is within the budget, "
           "the one with the most rows_per_s.",
    grader=_grade_batch,
    pass_message="Your function picks the right batch size on all three tables.",
    hints=[
        "Two steps: keep the rows that meet the budget, then take the best of those.",
        "table[table['p99_ms'] <= budget_ms] keeps the rows within the budget; .idxmax() on rows_per_s finds the "
        "best row.",
        "ok = table[table['p99_ms'] <= budget_ms]; return int(ok.loc[ok['rows_per_s'].idxmax(), 'batch_size'])",
    ],
    solution_text="""
def pick_batch_size(table, budget_ms):
    within = table[table["p99_ms"] <= budget_ms]
    return int(within.loc[within["rows_per_s"].idxmax(), "batch_size"])
""",
)


q3 = CustomQuestion(
    id="mle_performance.q3",
    prompt="Write measure(fn, repeats=50, warmup=3, clock=time.perf_counter): call fn warmup times untimed, then "
           "time repeats calls one by one with clock, and return the median in milliseconds.",
    grader=fakeclock.grade_timer,
    pass_message="Your timer skips the warm-up, times each call with the clock it is given and reports the median "
                 "in ms: checked on a fake clock with cold first calls and a slow outlier.",
    hints=[
        "Three parts: a loop of warm-up calls that you do not time, a loop that times each call on its own, then "
        "the median of those times.",
        "Inside the timed loop: start = clock(); fn(); samples.append((clock() - start) * 1000). "
        "np.median(samples) is the p50.",
        "for _ in range(warmup): fn()  -- then the timed loop, and return float(np.median(samples))",
    ],
    solution_text="""
def measure(fn, repeats=50, warmup=3, clock=time.perf_counter):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeats):
        start = clock()
        fn()
        samples.append((clock() - start) * 1000)
    return float(np.median(samples))
""",
)

BATCH = 1000
COMPARISON_KEYS = ("one_row_ms", "batch_ms", "per_row_ratio")


def _grade_comparison(answer) -> str | None:
    if hasattr(answer, "to_dict"):
        answer = answer.to_dict()
    if not isinstance(answer, dict) or set(answer) != set(COMPARISON_KEYS):
        return f"Expected a dict with the keys {', '.join(COMPARISON_KEYS)}, but got {describe(answer)}."
    if not all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in answer.values()):
        return "Each value should be one number: give the medians your measure returned and the ratio."
    one, batch, ratio = (float(answer[key]) for key in COMPARISON_KEYS)
    if not all(math.isfinite(v) and v > 0 for v in (one, batch, ratio)):
        return "Timings and the ratio must be positive numbers: run the measuring cell above again."
    if one < 0.05:
        return (f"one_row_ms is {one:.4g}: that looks like seconds. A one-row DataFrame through the pipeline takes "
                "milliseconds: have measure return milliseconds.")
    if batch < 0.8 * one:  # a batch a little faster than one row is noise on a busy machine; 20% faster is not
        return (f"batch_ms ({batch:.4g}) is well below one_row_ms ({one:.4g}), but 1,000 rows cannot take less "
                "time than one, so this cannot be true: the batch pays the same fixed cost per call, and more. "
                "If it is the time per row in the batch, give the median of the whole "
                "batch call; else check that each lambda scores the rows it should, after warm-up.")
    right = one / (batch / BATCH)
    slips = ((1 / right, "divided the wrong way: the ratio is (cost per row alone) / (cost per row in the batch), "
                         "so the one-row time goes on top"),
             (one / batch, "compared one row with a whole batch: divide batch_ms by 1000 first, to get the cost "
                           "per row in the batch"),
             (batch / one, "compared a whole batch with one row, the wrong way round: the ratio is one_row_ms / "
                           "(batch_ms / 1000)"))
    if not MEASURE.accepts(ratio, right):
        for value, message in slips:
            if MEASURE.accepts(ratio, value):
                return f"per_row_ratio is {ratio:.4g}: you {message}."
        if MEASURE.rounded_too_far(ratio, right):
            return MEASURE.too_far_message()
        return (f"per_row_ratio is {ratio:.4g}, but your own timings give one_row_ms / (batch_ms / 1000) = "
                f"{right:.4g}.")
    if ratio < 1:
        return ("Your timings say a row costs more inside a batch of 1,000 than alone, which cannot be true for "
                "this model: a batch shares one call's fixed cost. Check that batch_ms times the 1,000-row batch and "
                "that both were measured after warm-up.")
    return None


q4 = CustomQuestion(
    id="mle_performance.q4",
    prompt="With your measure, time one-row predict_proba and a batch of 1,000 rows; give {'one_row_ms': ..., "
           "'batch_ms': ..., 'per_row_ratio': ...}, the ratio being the cost per row alone over the cost per row "
           "in the batch.",
    grader=_grade_comparison,
    pass_message="Your ratio follows from your own timings and can be true: one row alone pays the whole fixed "
                 "cost of a call, which a batch shares among its rows.",
    hints=[
        "The cost per row in the batch is batch_ms / 1000; the cost per row alone is one_row_ms.",
        "comparison = {'one_row_ms': one_row_ms, 'batch_ms': batch_ms, "
        "'per_row_ratio': one_row_ms / (batch_ms / 1000)}",
    ],
    solution_text="""
comparison = {"one_row_ms": one_row_ms, "batch_ms": batch_ms, "per_row_ratio": one_row_ms / (batch_ms / 1000)}
""",
)

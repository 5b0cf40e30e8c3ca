"""Three ways to score the churn pipeline, side by side: what lesson 22 and ``make bench`` compare.

- **scikit-learn pipeline**: ``predict_proba`` on a DataFrame built from the plain values;
- **ONNX Runtime**: the pipeline converted by skl2onnx (``onnxpath``), run in C++, float32 inside;
- **folded fast path**: the pipeline folded into one constant and a weight per feature (``fastpath``).

Each path starts from what a service has after validation: a ``{feature: value}`` dict for one customer and
``{feature: [values]}`` columns for a batch, so the DataFrame the pipeline needs is part of its cost.
``compare`` returns raw milliseconds and the largest probability difference of each path against
``predict_proba``; it never asserts on them: timings depend on the machine and its load.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from course_utils.mle import fastpath, onnxpath
from course_utils.mle.bench import interleaved

PATHS = ("scikit-learn pipeline", "ONNX Runtime", "folded fast path")


def scorers(pipeline) -> dict[str, tuple[Callable, Callable]]:
    """``{path: (score one dict, score columns)}`` for each of ``PATHS``; each returns probabilities as floats."""
    onnx = onnxpath.load(onnxpath.convert(pipeline))
    fast = fastpath.compile_pipeline(pipeline)
    return {
        "scikit-learn pipeline": (lambda row: float(pipeline.predict_proba(pd.DataFrame([row]))[0, 1]),
                                  lambda columns: pipeline.predict_proba(pd.DataFrame(columns))[:, 1]),
        "ONNX Runtime": (onnx.predict_one, onnx.predict_columns),
        "folded fast path": (fast.predict_one, fast.predict_columns),
    }


def compare(pipeline, rows: pd.DataFrame, n_one: int = 200, n_batch: int = 5, probe_rows: int = 200) -> dict:
    """Time each path on one row and on all of ``rows`` (interleaved), and measure its largest difference.

    Returns ``{path: {"one_ms": [...], "batch_ms": [...], "max_diff": float}}``; ``max_diff`` is the largest
    absolute difference from ``predict_proba`` over ``rows`` scored as columns and the first ``probe_rows``
    rows scored one by one.
    """
    paths = scorers(pipeline)
    row, columns = rows.iloc[0].to_dict(), rows.to_dict("list")
    expected = pipeline.predict_proba(rows)[:, 1]
    records = rows.head(probe_rows).to_dict("records")
    results: dict = {}
    for name, (one, many) in paths.items():
        by_rows = np.array([one(record) for record in records])
        diff = max(np.abs(many(columns) - expected).max(), np.abs(by_rows - expected[:len(records)]).max())
        results[name] = {"max_diff": float(diff)}
    # Interleaved: the machine's load changes during a run, and hits every path alike.
    one_ms = interleaved({name: (lambda f=one: f(row)) for name, (one, _) in paths.items()}, n_one, warmup=10)
    batch_ms = interleaved({name: (lambda f=many: f(columns)) for name, (_, many) in paths.items()}, n_batch, warmup=1)
    for name in paths:
        results[name].update(one_ms=one_ms[name], batch_ms=batch_ms[name])
    return results


def table(results: dict, batch_rows: int) -> list[str]:
    """``compare``'s results as aligned lines: p50 for one row, rows/s for the batch, and the largest difference."""
    lines = [f"   {'path':<22} {'one row p50':>12} {f'{batch_rows:,} rows p50':>16} {'rows/s':>12} "
             f"{'max |diff| vs predict_proba':>28}"]
    for name, result in results.items():
        one, batch = np.median(result["one_ms"]), np.median(result["batch_ms"])
        lines.append(f"   {name:<22} {one * 1000:>9.0f} µs {batch:>13.1f} ms {batch_rows / batch * 1000:>12,.0f} "
                     f"{result['max_diff']:>28.1e}")
    return lines

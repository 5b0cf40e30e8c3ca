"""Does the benchmark compute its percentiles and ratios correctly, and does its harness serve the real app?"""

import json

import numpy as np
import pytest

from course_utils import bench


def test_percentiles_use_numpy_linear_interpolation():
    assert bench.percentiles(np.arange(1.0, 101.0)) == pytest.approx({"p50": 50.5, "p95": 95.05, "p99": 99.01})


def fake_results():
    one = [2.0] * 99 + [4.0]
    return {
        "inprocess_one_ms": one,
        "inprocess_batch_rows_per_s": 100_000.0,
        "served_one_ms /predict": [3.0] * 99 + [6.0],
        "served_one_ms /predict/fast": [1.0] * 99 + [2.0],
        "served_one_ms /validate": [0.9] * 100,
        "served_batch_rows_per_s /predict/batch": 30_000.0,
        "served_batch_rows_per_s /predict/batch/fast": 60_000.0,
        "concurrent_rps /predict": 200.0,
        "concurrent_rps /predict/fast": 900.0,
        "concurrent_rps /validate": 1000.0,
        "load_per_request_ms": [60.0] * 10,
        "lifespan_ms": [3.0] * 10,
    }


def test_report_prints_each_ratio_from_the_raw_numbers():
    text = bench.report(fake_results())
    assert "/predict         p50 1.50x" in text
    assert "/predict/fast    p50 0.50x" in text
    assert "/predict/batch       0.30" in text and "/predict/batch/fast  0.60" in text
    assert "/predict         0.20" in text and "/predict/fast    0.90" in text
    assert "per-request model loading / lifespan loading (p50): 20.0x" in text

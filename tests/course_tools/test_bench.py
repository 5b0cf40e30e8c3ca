"""Does `make bench` print each ratio the course quotes from its raw numbers?"""

from course_tools import bench


def fake_results():
    one = [2.0] * 99 + [4.0]
    return {
        "inprocess_one_ms": one,
        "inprocess_batch_rows_per_s": 100_000.0,
        "served_one_ms /predict": [1.0] * 99 + [2.0],
        "served_one_ms /predict/pipeline": [3.0] * 99 + [6.0],
        "served_one_ms /validate": [0.9] * 100,
        "floor_ms /predict": [1.05] * 100,
        "floor_ms /validate": [1.0] * 100,
        "served_batch_rows_per_s /predict/batch": 60_000.0,
        "served_batch_rows_per_s /predict/batch/pipeline": 30_000.0,
        "concurrent_rps /predict": 900.0,
        "concurrent_rps /predict/pipeline": 200.0,
        "concurrent_rps /validate": 1000.0,
        "load_generator": "wrk",
        "load_per_request_ms": [60.0] * 10,
        "lifespan_ms": [3.0] * 10,
        "scoring_paths": {
            "scikit-learn pipeline": {"one_ms": [2.0] * 5, "batch_ms": [50.0] * 3, "max_diff": 2e-16},
            "ONNX Runtime": {"one_ms": [0.2] * 5, "batch_ms": [20.0] * 3, "max_diff": 1.2e-7},
            "folded fast path": {"one_ms": [0.01] * 5, "batch_ms": [10.0] * 3, "max_diff": 3e-16},
        },
        "scoring_batch_rows": 10_000,
    }


def test_report_prints_each_ratio_from_the_raw_numbers():
    text = bench.report(fake_results())
    assert "/predict         p50 0.50x" in text
    assert "/predict/pipeline p50 1.50x" in text
    assert "/predict/batch       0.60" in text and "/predict/batch/pipeline 0.30" in text
    assert "/predict p50 / /validate p50, the two alone: 1.05" in text
    assert "/predict         0.90" in text and "/predict/pipeline 0.20" in text
    assert "per-request model loading / lifespan loading (p50): 20.0x" in text


def test_report_prints_the_three_scoring_paths_side_by_side():
    lines = bench.report(fake_results()).splitlines()
    assert "10,000 rows p50" in lines[lines.index(next(l for l in lines if l.startswith("5."))) + 1]
    rows = {line.strip().split("  ")[0]: line.split() for line in lines if line.startswith("   ") and " µs " in line}
    assert rows["scikit-learn pipeline"][-6:] == ["2000", "µs", "50.0", "ms", "200,000", "2.0e-16"]
    assert rows["ONNX Runtime"][-6:] == ["200", "µs", "20.0", "ms", "500,000", "1.2e-07"]
    assert rows["folded fast path"][-6:] == ["10", "µs", "10.0", "ms", "1,000,000", "3.0e-16"]


def test_a_client_bound_concurrency_figure_prints_no_ratio():
    text = bench.report({**fake_results(), "load_generator": "python", "concurrent_rps /predict": 1090.0})
    assert "client-bound" in text and "/predict         1,090 req/s" in text
    assert "/predict         1.09" not in text


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
        "served_batch_rows_per_s /predict/batch": 60_000.0,
        "served_batch_rows_per_s /predict/batch/pipeline": 30_000.0,
        "concurrent_rps /predict": 900.0,
        "concurrent_rps /predict/pipeline": 200.0,
        "concurrent_rps /validate": 1000.0,
        "load_generator": "wrk",
        "load_per_request_ms": [60.0] * 10,
        "lifespan_ms": [3.0] * 10,
    }


def test_report_prints_each_ratio_from_the_raw_numbers():
    text = bench.report(fake_results())
    assert "/predict         p50 0.50x" in text
    assert "/predict/pipeline p50 1.50x" in text
    assert "/predict/batch       0.60" in text and "/predict/batch/pipeline 0.30" in text
    assert "/predict p50 / /validate p50: 1.11" in text
    assert "/predict         0.90" in text and "/predict/pipeline 0.20" in text
    assert "per-request model loading / lifespan loading (p50): 20.0x" in text


def test_a_client_bound_concurrency_figure_prints_no_ratio():
    text = bench.report({**fake_results(), "load_generator": "python", "concurrent_rps /predict": 1090.0})
    assert "client-bound" in text and "/predict         1,090 req/s" in text
    assert "/predict         1.09" not in text

"""Does the second half of `make bench` print its figures from the raw numbers, ratios computed right?"""

from course_tools import bench_scale


def test_report_prints_each_figure():
    text = bench_scale.report(
        {"1 keep-alive": 3.3, "1 fresh": 3.8, "2 keep-alive": 48.0, "2 fresh": 0.8},
        {"livez_max_ms": 44.0, "batch_ms": 257.0, "livez_n": 223},
        {"pandas": {"rows": 2_000_000, "seconds": 20.0, "peak_mib": 1500.0},
         "dask": {"rows": 2_000_000, "seconds": 40.0, "peak_mib": 300.0, "worker_peak_mib": 700.0}})
    assert "2 uvicorn workers: keep-alive 48.0 ms, fresh 0.8 ms" in text
    assert "(257 ms each): slowest of 223 answers 44 ms" in text
    assert "one pandas call on the whole frame: 100,000 rows/s, peak 1,500 MiB" in text
    assert "course score (Dask, 2 workers): 50,000 rows/s, peak 700 MiB per worker" in text
    assert "course score / pandas rows/s: 0.50" in text

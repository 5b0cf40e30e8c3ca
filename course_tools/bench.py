"""``make bench`` (``python -m course_tools.bench``): the ratios the course quotes about serving, from one run.

It starts the service and its measurement-only routes with ``course_utils.mle.bench.running_server`` (127.0.0.1,
one uvicorn worker), times them with the same helpers lesson 22 uses, and prints ratios; it never asserts them:
timings depend on the machine and its load. Last, in process, it prints the three scoring paths side by side
(scikit-learn pipeline, ONNX Runtime, folded fast path: ``course_utils.mle.runtimes``) with each one's largest
difference from ``predict_proba``.
"""

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from course_tools import bench_scale
from course_utils.mle import runtimes
from course_utils.mle.bench import (
    interleaved,
    percentiles,
    post,
    rotated,
    running_server,
)


def concurrent_rate(url: str, path: str, body: bytes, connections: int = 8, per_connection: int = 40) -> float:
    """Requests per second with ``connections`` clients, each on its own keep-alive connection."""
    import httpx

    headers = {"content-type": "application/json"}

    def worker(_):
        with httpx.Client(base_url=url, timeout=60.0) as client:
            client.post(path, content=body, headers=headers).raise_for_status()  # open the connection first
            start = time.perf_counter()
            for _ in range(per_connection):
                client.post(path, content=body, headers=headers).raise_for_status()
            return start, time.perf_counter()

    with ThreadPoolExecutor(connections) as pool:
        spans = list(pool.map(worker, range(connections)))
    elapsed = max(end for _, end in spans) - min(start for start, _ in spans)
    return connections * per_connection / elapsed


WRK_SCRIPT = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[%s]==]
"""


def wrk_rate(url: str, path: str, body: bytes, connections: int = 8, seconds: int = 5) -> float | None:
    """Requests per second measured by Debian's ``wrk`` (C, event-driven: not the bottleneck), or None without it."""
    import re
    import shutil
    import subprocess
    import tempfile

    if not shutil.which("wrk"):
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT % body.decode())
        script.flush()
        out = subprocess.run(["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "-s", script.name,
                              f"{url}{path}"], capture_output=True, text=True, timeout=seconds + 30, check=True).stdout
    return float(re.search(r"Requests/sec:\s*([\d.]+)", out).group(1))


SINGLE_PATHS = ("/predict", "/predict/pipeline", "/validate")


def _interleaved_wrk(url: str, body: bytes, rounds: int = 5, seconds: int = 3) -> dict[str, float] | None:
    """Requests/s per path from ``rounds`` short wrk runs taken in turn (a change in load hits all alike), in an
    order that rotates each round, each after a pause that lets the previous run's requests drain: with 1-second
    runs and no pause, the slow pipeline's backlog ran into the next path's window, and /predict out-ran /validate."""
    rates: dict[str, list[float]] = {path: [] for path in SINGLE_PATHS}
    for round_ in range(rounds):
        for path in rotated(list(SINGLE_PATHS), round_):
            time.sleep(1.0)
            rate = wrk_rate(url, path, body, seconds=seconds)
            if rate is None:
                return None
            rates[path].append(rate)
    return {path: float(np.mean(values)) for path, values in rates.items()}
BATCH_PATHS = ("/predict/batch", "/predict/batch/pipeline")


def _payloads(batch_rows: int):
    """One customer and ``batch_rows`` customers, each as a DataFrame and as the JSON body the service takes."""
    import pandas as pd

    from course_utils.data import load_clean, load_production
    from course_utils.mle.model import FEATURES

    rows = pd.concat([load_clean(), load_production()], ignore_index=True)[list(FEATURES)]
    one, batch = rows.iloc[[0]], rows.iloc[:batch_rows]
    return one, json.dumps(one.iloc[0].to_dict()).encode(), batch, json.dumps(batch.to_dict("list")).encode()


def _against_inprocess(client, predict, body: bytes, paths, n: int, warmup: int):
    """Interleaved milliseconds of ``predict()`` and of POSTs of ``body`` to each path: (in-process, {path: ms})."""
    samples = interleaved({"inprocess": predict, **{path: post(client, path, body) for path in paths}}, n, warmup)
    return samples.pop("inprocess"), samples


def _rows_per_s(rows: int, samples_ms) -> float:
    """Rows per second of a batch of ``rows`` rows, at the median of its timings in milliseconds."""
    return rows / (np.median(samples_ms) / 1000)


def run(n_single: int = 200, n_batch: int = 5, batch_rows: int = 10_000) -> dict:
    """Every measurement of ``make bench``, as raw numbers (milliseconds, rows/s, requests/s)."""
    import httpx

    from course_utils.mle.model import ensure_artifact

    artifact = ensure_artifact()
    one, one_body, batch, batch_body = _payloads(batch_rows)
    results: dict = {}
    with running_server() as url, httpx.Client(base_url=url, timeout=120.0) as client:
        # Each comparison is interleaved: the machine's load changes during a run, and hits both sides alike.
        inprocess, served = _against_inprocess(client, lambda: artifact.model.predict_proba(one), one_body,
                                               SINGLE_PATHS, n_single, warmup=5)
        results["inprocess_one_ms"] = inprocess
        results.update({f"served_one_ms {path}": ms for path, ms in served.items()})
        # The floor ratio from the two endpoints alone: between the 7-ms in-process and pipeline calls above, the
        # endpoint that follows a heavy call pays for it, which made /predict look 1.4 times /validate.
        floor = interleaved({path: post(client, path, one_body) for path in ("/predict", "/validate")}, 2 * n_single,
                            warmup=10)
        results.update({f"floor_ms {path}": ms for path, ms in floor.items()})
        inprocess, served = _against_inprocess(client, lambda: artifact.model.predict_proba(batch), batch_body,
                                               BATCH_PATHS, n_batch, warmup=1)
        results["inprocess_batch_rows_per_s"] = _rows_per_s(batch_rows, inprocess)
        results.update({f"served_batch_rows_per_s {path}": _rows_per_s(batch_rows, ms) for path, ms in served.items()})
        # wrk where it is installed; else the Python client, whose own cost then sets the figure.
        rates = _interleaved_wrk(url, one_body)
        results["load_generator"] = "python" if rates is None else "wrk"
        if results["load_generator"] == "python":
            rates = {path: concurrent_rate(url, path, one_body) for path in SINGLE_PATHS}
        results.update({f"concurrent_rps {path}": rps for path, rps in rates.items()})
        loading = interleaved({"per request": post(client, "/predict/load-per-request", one_body),
                               "lifespan": post(client, "/predict/pipeline", one_body)},
                              max(10, n_single // 10), warmup=2)
        results["load_per_request_ms"], results["lifespan_ms"] = loading["per request"], loading["lifespan"]
    # In process, after the server has stopped: the three scoring paths alone on the CPU.
    results["scoring_paths"] = runtimes.compare(artifact.model, batch, n_one=n_single, n_batch=n_batch)
    results["scoring_batch_rows"] = len(batch)
    return results


def report(results: dict) -> str:
    """The ratios the course quotes, one per line, from ``run``'s numbers."""
    inproc = percentiles(results["inprocess_one_ms"])
    lines = [f"Measured {dt.date.today().isoformat()} on {platform.system()} {platform.machine()}, "
             f"{os.cpu_count()} CPUs, Python {platform.python_version()}; one run, loopback, one uvicorn worker.",
             f"in-process predict_proba, one-row DataFrame: p50 {inproc['p50']:.2f} ms, p99 {inproc['p99']:.2f} ms",
             "", "1. single row through uvicorn / in-process DataFrame call (target <= 1.0):"]
    for path in SINGLE_PATHS:
        served = percentiles(results[f"served_one_ms {path}"])
        lines.append(f"   {path:<16} p50 {served['p50'] / inproc['p50']:.2f}x   p99 {served['p99'] / inproc['p99']:.2f}x"
                     f"   (served p50 {served['p50']:.2f} ms)")
    floor_p50 = percentiles(results["floor_ms /validate"])["p50"]
    lines.append(f"   scoring over the HTTP floor, /predict p50 / /validate p50, the two alone: "
                 f"{percentiles(results['floor_ms /predict'])['p50'] / floor_p50:.2f} (goal <= 1.10; "
                 f"{percentiles(results['floor_ms /predict'])['p50']:.2f} ms against {floor_p50:.2f} ms)")
    lines += ["", "2. batch of rows/s through /predict/batch (columns) / in-process rows/s (goal >= 0.9):"]
    for path in BATCH_PATHS:
        ratio = results[f"served_batch_rows_per_s {path}"] / results["inprocess_batch_rows_per_s"]
        lines.append(f"   {path:<20} {ratio:.2f}   ({results[f'served_batch_rows_per_s {path}']:,.0f} rows/s; "
                     f"in-process {results['inprocess_batch_rows_per_s']:,.0f} rows/s)")
    floor = results["concurrent_rps /validate"]
    if results.get("load_generator", "python") == "wrk":
        lines += ["", "3. requests/s with 8 concurrent connections (wrk, 5 interleaved rounds of 3 s) / the "
                      "validation-only endpoint:"]
        for path in ("/predict", "/predict/pipeline"):
            rps = results[f"concurrent_rps {path}"]
            # Above 1 cannot be true (predicting does strictly more work): noise, so no ratio is published.
            shown = f"{rps / floor:.2f}" if rps <= floor else "no ratio (above 1 cannot be true: load noise)"
            lines.append(f"   {path:<16} {shown}   ({rps:,.0f} req/s; /validate {floor:,.0f} req/s)")
    else:  # the Python client is the bottleneck: a ratio would measure it, not the server
        lines += ["", "3. requests/s with 8 concurrent connections: client-bound (no wrk found: the Python client "
                      "sets these), so no ratio:"]
        for path in SINGLE_PATHS:
            lines.append(f"   {path:<16} {results[f'concurrent_rps {path}']:,.0f} req/s")
    per_request = np.median(results["load_per_request_ms"])
    lifespan = np.median(results["lifespan_ms"])
    lines += ["", f"4. per-request model loading / lifespan loading (p50): {per_request / lifespan:.1f}x "
                  f"({per_request:.1f} ms against {lifespan:.2f} ms)"]
    paths = results["scoring_paths"]
    lines += ["", "5. three scoring paths in process, from plain values (p50; largest difference from predict_proba):",
              *runtimes.table(paths, results["scoring_batch_rows"])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run every measurement and print ``report``'s ratios; exit code 0 (it asserts nothing)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="timed single-row requests per endpoint")
    parser.add_argument("--rows", type=int, default=2_000_000, help="synthetic customers for the scoring figures")
    args = parser.parse_args(argv)
    print(report(run(n_single=args.requests)), flush=True)
    print(bench_scale.main(args.rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())

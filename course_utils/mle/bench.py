"""Measure the churn service on loopback: ``make bench`` (or ``python -m course_utils.mle.bench``).

It starts the real service (``serving.create_app``) with uvicorn in a subprocess on 127.0.0.1, one
worker, plus a few measurement-only routes on the same server:

- ``POST /validate``: parses and validates one customer, predicts nothing (the floor for a request);
- ``POST /predict/pipeline`` and ``POST /predict/batch/pipeline``: the same schemas, scored by a
  DataFrame through the pipeline, as a plain FastAPI service would (the real endpoints use
  ``fastpath.LinearScorer``);
- ``POST /predict/load-per-request``: loads the artifact on every request (the anti-pattern);
- ``POST /predict/async``: the pipeline called from an ``async def`` endpoint (it blocks the event loop).

It prints ratios from one run, never asserts them: timings depend on the machine and its load.
Every loop is bounded and every address is 127.0.0.1.
"""


import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

HOST = "127.0.0.1"


def percentiles(samples_ms) -> dict[str, float]:
    """p50, p95 and p99 of a latency sample, in the sample's unit (linear interpolation, numpy's default)."""
    values = np.asarray(samples_ms, dtype=float)
    return {f"p{q}": float(np.percentile(values, q)) for q in (50, 95, 99)}


def create_bench_app(artifact_dir: "str | None" = None):
    """The real service, plus the measurement-only routes listed in the module docstring."""
    import pandas as pd
    from fastapi import Request

    from course_utils.mle import model, serving

    artifact_dir = artifact_dir or os.environ.get("COURSE_BENCH_ARTIFACT")
    app = serving.create_app(Path(artifact_dir) if artifact_dir else None)

    @app.post("/validate")
    def validate(customer: serving.Customer) -> dict:
        return {"valid": True}

    @app.post("/predict/pipeline")
    def predict_pipeline(customer: serving.Customer, request: Request) -> serving.Prediction:
        artifact = request.app.state.artifact
        probability = float(artifact.predict_proba(pd.DataFrame([customer.model_dump()]))[0])
        return serving.Prediction(churn_probability=probability, churn=probability >= serving.THRESHOLD,
                                  model_version=artifact.version)

    @app.post("/predict/batch/pipeline", max_body_size=serving.MAX_BATCH_BODY_BYTES)
    def predict_batch_pipeline(batch: serving.CustomerBatch, request: Request) -> serving.BatchPrediction:
        artifact = request.app.state.artifact
        probabilities = artifact.predict_proba(pd.DataFrame(batch.model_dump()))
        return serving.BatchPrediction(churn_probability=probabilities.tolist(),
                                       churn=(probabilities >= serving.THRESHOLD).tolist(),
                                       model_version=artifact.version)

    @app.post("/predict/load-per-request")
    def predict_load_per_request(customer: serving.Customer) -> serving.Prediction:
        artifact = model.load_artifact(Path(artifact_dir) if artifact_dir else None)  # the anti-pattern
        probability = float(artifact.predict_proba(pd.DataFrame([customer.model_dump()]))[0])
        return serving.Prediction(churn_probability=probability, churn=probability >= serving.THRESHOLD,
                                  model_version=artifact.version)

    @app.post("/predict/async")
    async def predict_async(customer: serving.Customer, request: Request) -> serving.Prediction:
        artifact = request.app.state.artifact
        probability = float(artifact.predict_proba(pd.DataFrame([customer.model_dump()]))[0])
        return serving.Prediction(churn_probability=probability, churn=probability >= serving.THRESHOLD,
                                  model_version=artifact.version)

    return app


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(artifact_dir: Path | None = None, timeout: float = 60.0):
    """Start the bench app with uvicorn (one worker) in a subprocess; yield its base URL; stop it."""
    import httpx

    from course_utils.mle import model

    artifact_dir = model.resolve_dir(artifact_dir)
    model.ensure_artifact(artifact_dir)
    port = free_port()
    env = {**os.environ, "COURSE_BENCH_ARTIFACT": str(artifact_dir)}
    errors = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would stall the server
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "course_utils.mle.bench:create_bench_app", "--host", HOST,
         "--port", str(port), "--workers", "1", "--log-level", "warning", "--no-access-log"],
        env=env, stdout=subprocess.DEVNULL, stderr=errors)
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                errors.seek(0)
                raise RuntimeError(f"the server stopped: {errors.read().decode(errors='replace')[-500:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not answer /health in time")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        errors.close()


def time_requests(client, path: str, body: bytes, n: int, warmup: int = 10) -> list[float]:
    """Milliseconds for each of ``n`` sequential POSTs of ``body`` (after ``warmup`` untimed ones)."""
    headers = {"content-type": "application/json"}
    samples = []
    for i in range(warmup + n):
        start = time.perf_counter()
        response = client.post(path, content=body, headers=headers)
        elapsed = (time.perf_counter() - start) * 1000
        response.raise_for_status()
        if i >= warmup:
            samples.append(elapsed)
    return samples


def time_calls(func, n: int, warmup: int = 10) -> list[float]:
    """Milliseconds for each of ``n`` calls of ``func()`` (after ``warmup`` untimed ones)."""
    samples = []
    for i in range(warmup + n):
        start = time.perf_counter()
        func()
        if i >= warmup:
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def interleaved(calls: dict, n: int, warmup: int = 5) -> dict[str, list[float]]:
    """Milliseconds of ``n`` calls of each named function, taken in turn so a change in load hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in calls}
    for i in range(warmup + n):
        for name, func in calls.items():
            start = time.perf_counter()
            func()
            if i >= warmup:
                samples[name].append((time.perf_counter() - start) * 1000)
    return samples


def post(client, path: str, body: bytes):
    """A function that POSTs ``body`` as JSON to ``path`` and fails on any error status."""
    headers = {"content-type": "application/json"}
    return lambda: client.post(path, content=body, headers=headers).raise_for_status()


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


def run(n_single: int = 200, n_batch: int = 5, batch_rows: int = 10_000) -> dict:
    """Every measurement of ``make bench``, as raw numbers (milliseconds, rows/s, requests/s)."""
    import httpx
    import pandas as pd

    from course_utils.data import load_clean, load_production
    from course_utils.mle.model import FEATURES, ensure_artifact

    artifact = ensure_artifact()
    rows = pd.concat([load_clean(), load_production()], ignore_index=True)[list(FEATURES)]
    one = rows.iloc[[0]]
    one_body = json.dumps(one.iloc[0].to_dict()).encode()
    batch = rows.iloc[:batch_rows]
    batch_body = json.dumps(batch.to_dict("list")).encode()
    results: dict = {}

    with running_server() as url, httpx.Client(base_url=url, timeout=120.0) as client:
        # Each comparison is interleaved: the machine's load changes during a run, and hits both sides alike.
        single = interleaved({"inprocess": lambda: artifact.model.predict_proba(one),
                              **{path: post(client, path, one_body) for path in ("/predict", "/predict/pipeline",
                                                                                 "/validate")}}, n_single)
        results["inprocess_one_ms"] = single.pop("inprocess")
        results.update({f"served_one_ms {path}": ms for path, ms in single.items()})
        batches = interleaved({"inprocess": lambda: artifact.model.predict_proba(batch),
                               **{path: post(client, path, batch_body) for path in ("/predict/batch",
                                                                                    "/predict/batch/pipeline")}},
                              n_batch, warmup=1)
        rows_per_s = {name: batch_rows / (np.median(ms) / 1000) for name, ms in batches.items()}
        results["inprocess_batch_rows_per_s"] = rows_per_s.pop("inprocess")
        results.update({f"served_batch_rows_per_s {path}": value for path, value in rows_per_s.items()})
        for path in ("/predict", "/predict/pipeline", "/validate"):
            results[f"concurrent_rps {path}"] = concurrent_rate(url, path, one_body)
        loading = interleaved({"per request": post(client, "/predict/load-per-request", one_body),
                               "lifespan": post(client, "/predict/pipeline", one_body)}, max(10, n_single // 10), warmup=2)
        results["load_per_request_ms"], results["lifespan_ms"] = loading["per request"], loading["lifespan"]
    return results


def report(results: dict) -> str:
    """The ratios the course quotes, one per line, from ``run``'s numbers."""
    inproc = percentiles(results["inprocess_one_ms"])
    lines = [f"Measured {dt.date.today().isoformat()} on {platform.system()} {platform.machine()}, "
             f"{os.cpu_count()} CPUs, Python {platform.python_version()}; one run, loopback, one uvicorn worker.",
             f"in-process predict_proba, one-row DataFrame: p50 {inproc['p50']:.2f} ms, p99 {inproc['p99']:.2f} ms",
             "", "1. single row through uvicorn / in-process DataFrame call (target <= 1.0):"]
    for path in ("/predict", "/predict/pipeline", "/validate"):
        served = percentiles(results[f"served_one_ms {path}"])
        lines.append(f"   {path:<16} p50 {served['p50'] / inproc['p50']:.2f}x   p99 {served['p99'] / inproc['p99']:.2f}x"
                     f"   (served p50 {served['p50']:.2f} ms)")
    lines += ["", "2. batch of rows/s through /predict/batch (columns) / in-process rows/s (target >= 0.5):"]
    for path in ("/predict/batch", "/predict/batch/pipeline"):
        ratio = results[f"served_batch_rows_per_s {path}"] / results["inprocess_batch_rows_per_s"]
        lines.append(f"   {path:<20} {ratio:.2f}   ({results[f'served_batch_rows_per_s {path}']:,.0f} rows/s; "
                     f"in-process {results['inprocess_batch_rows_per_s']:,.0f} rows/s)")
    lines += ["", "3. requests/s with 8 concurrent connections / the validation-only endpoint:"]
    floor = results["concurrent_rps /validate"]
    for path in ("/predict", "/predict/pipeline"):
        rps = results[f"concurrent_rps {path}"]
        lines.append(f"   {path:<16} {rps / floor:.2f}   ({rps:,.0f} req/s; /validate {floor:,.0f} req/s)")
    per_request = np.median(results["load_per_request_ms"])
    lifespan = np.median(results["lifespan_ms"])
    lines += ["", f"4. per-request model loading / lifespan loading (p50): {per_request / lifespan:.1f}x "
                  f"({per_request:.1f} ms against {lifespan:.2f} ms)"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="timed single-row requests per endpoint")
    args = parser.parse_args(argv)
    print(report(run(n_single=args.requests)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

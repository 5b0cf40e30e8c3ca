"""Measure the churn service on loopback: what lesson 22 times, and what ``make bench`` (``course_tools.bench``) uses.

``running_server`` starts the real service (``serving.create_app``) with uvicorn in a subprocess on 127.0.0.1,
one worker, plus a few measurement-only routes on the same server:

- ``POST /validate``: parses and validates one customer, predicts nothing (the floor for a request);
- ``POST /predict/pipeline`` and ``POST /predict/batch/pipeline``: the same schemas, scored by a
  DataFrame through the pipeline, as a plain FastAPI service would (the real endpoints use
  ``fastpath.LinearScorer``);
- ``POST /predict/load-per-request``: loads the artifact on every request (the anti-pattern);
- ``POST /predict/async``: the pipeline called from an ``async def`` endpoint (it blocks the event loop).

The timers return raw milliseconds and never assert on them: timings depend on the machine and its load.
Every loop is bounded and every address is 127.0.0.1.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
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

    def scored(artifact, customer: serving.Customer) -> serving.Prediction:
        """What ``/predict`` answers for ``customer``, scored by a one-row DataFrame through the pipeline."""
        probability = float(artifact.predict_proba(pd.DataFrame([customer.model_dump()]))[0])
        return serving.Prediction(churn_probability=probability, churn=probability >= serving.THRESHOLD,
                                  model_version=artifact.version)

    @app.post("/predict/pipeline")
    def predict_pipeline(customer: serving.Customer, request: Request) -> serving.Prediction:
        return scored(request.app.state.artifact, customer)

    app.state.body_limits["/predict/batch/pipeline"] = serving.MAX_BATCH_BODY_BYTES

    @app.post("/predict/batch/pipeline")
    def predict_batch_pipeline(batch: serving.CustomerBatch, request: Request) -> serving.BatchPrediction:
        artifact = request.app.state.artifact
        probabilities = artifact.predict_proba(pd.DataFrame(batch.model_dump()))
        return serving.BatchPrediction(churn_probability=probabilities.tolist(),
                                       churn=(probabilities >= serving.THRESHOLD).tolist(),
                                       model_version=artifact.version)

    @app.post("/predict/load-per-request")
    def predict_load_per_request(customer: serving.Customer) -> serving.Prediction:
        return scored(model.load_artifact(Path(artifact_dir) if artifact_dir else None), customer)  # the anti-pattern

    @app.post("/predict/async")
    async def predict_async(customer: serving.Customer, request: Request) -> serving.Prediction:
        return scored(request.app.state.artifact, customer)

    return app


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it; another process could take it)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(artifact_dir: Path | None = None, timeout: float = 60.0, workers: int = 1):
    """Start the bench app with uvicorn (``workers`` processes) in a subprocess; yield its base URL; stop it."""
    from course_utils.mle import model

    artifact_dir = model.resolve_dir(artifact_dir)
    model.ensure_artifact(artifact_dir)
    port = free_port()
    env = {**os.environ, "COURSE_BENCH_ARTIFACT": str(artifact_dir)}
    errors = tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would stall the server
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "course_utils.mle.bench:create_bench_app", "--host", HOST,
         "--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"],
        env=env, stdout=subprocess.DEVNULL, stderr=errors)
    url = f"http://{HOST}:{port}"
    try:
        _wait_for_health(process, url, errors, timeout)
        yield url
    finally:
        stop(process)
        errors.close()


def _wait_for_health(process: subprocess.Popen, url: str, errors, timeout: float) -> None:
    """Return once ``url``/health answers 200; raise RuntimeError if the server exits or ``timeout`` s pass."""
    import httpx

    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            errors.seek(0)
            raise RuntimeError(f"the server stopped: {errors.read().decode(errors='replace')[-500:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                return
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not answer /health in time")
        time.sleep(0.1)


def stop(process: subprocess.Popen, timeout: float = 10.0, sig: int = signal.SIGTERM) -> None:
    """Send ``sig`` to ``process``, wait up to ``timeout`` seconds for it to exit, then kill it if it has not."""
    process.send_signal(sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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


def rotated(items: list, turn: int) -> list:
    """``items`` started ``turn`` places along (wrapping), so over rounds each item takes every position."""
    start = turn % len(items)
    return items[start:] + items[:start]


def interleaved(calls: dict, n: int, warmup: int = 5) -> dict[str, list[float]]:
    """Milliseconds of ``n`` calls of each named function, taken in turn so a change in load hits all alike; the
    order rotates each round, so no function always runs right after the same one (a CPU-heavy call warms or
    busies the machine for whatever follows it)."""
    samples: dict[str, list[float]] = {name: [] for name in calls}
    for i in range(warmup + n):
        for name in rotated(list(calls), i):
            func = calls[name]
            start = time.perf_counter()
            func()
            if i >= warmup:
                samples[name].append((time.perf_counter() - start) * 1000)
    return samples


def post(client, path: str, body: bytes):
    """A function that POSTs ``body`` as JSON to ``path`` and fails on any error status."""
    headers = {"content-type": "application/json"}
    return lambda: client.post(path, content=body, headers=headers).raise_for_status()


def get_latencies(url: str, path: str, n: int, fresh: bool, warmup: int = 5) -> list[float]:
    """Milliseconds of ``n`` GETs of ``path``: on one keep-alive connection, or each on a ``fresh`` one.

    ``http.client``, not httpx: a new httpx client builds a TLS context, which would dwarf a fresh connection.
    """
    import http.client
    from urllib.parse import urlsplit

    address = urlsplit(url)
    kept = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    samples = []
    try:
        for i in range(warmup + n):
            start = time.perf_counter()
            connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30) if fresh else kept
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if fresh:
                connection.close()
            if response.status != 200:
                raise RuntimeError(f"GET {path} answered {response.status}")
            if i >= warmup:
                samples.append((time.perf_counter() - start) * 1000)
    finally:
        kept.close()
    return samples


def accepted_nodelay(listening: socket.socket) -> bool:
    """Does asyncio turn on TCP_NODELAY for a connection accepted on ``listening`` (a bound socket)?

    asyncio sets it only on sockets whose ``proto`` is ``IPPROTO_TCP``; a socket made with
    ``socket.socket(AF_INET, SOCK_STREAM)`` has ``proto`` 0, as the one uvicorn shares between its workers.
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    async def check() -> bool:
        seen = asyncio.get_running_loop().create_future()

        def accepted(reader, writer):
            sock = writer.get_extra_info("socket")
            seen.set_result(bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)))
            writer.close()

        server = await asyncio.start_server(accepted, sock=listening)
        _, writer = await asyncio.open_connection(*listening.getsockname())
        result = await asyncio.wait_for(seen, 10)
        writer.close()
        server.close()
        return result

    with ThreadPoolExecutor(1) as pool:  # a thread of its own: a notebook's kernel already runs an event loop
        return pool.submit(asyncio.run, check()).result()

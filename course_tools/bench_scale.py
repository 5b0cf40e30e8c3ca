"""``make bench``'s second half: two uvicorn workers, ``/livez`` under a hostile batch, and scoring at scale.

- Workers: ``/livez`` on one keep-alive connection and on fresh connections, with one and two uvicorn
  workers (two workers share a socket whose accepted connections miss TCP_NODELAY: see lesson 22).
- ``/livez`` while a 10,000-row batch with every value wrong is checked: the slowest answer.
- Scoring ``rows`` synthetic customers from Parquet: one pandas call on the whole frame against
  ``course score``'s Dask path on a local cluster, each in a fresh process so each peak memory is its own.

Like ``course_tools.bench``, it prints figures and asserts nothing.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from course_utils.mle.bench import get_latencies, running_server


def worker_latencies(n: int = 60) -> dict[str, float]:
    """p50 ms of GET /livez: {"1 keep-alive": ..., "1 fresh": ..., "2 keep-alive": ..., "2 fresh": ...}."""
    found = {}
    for workers in (1, 2):
        with running_server(workers=workers) as url:
            for fresh in (False, True):
                found[f"{workers} {'fresh' if fresh else 'keep-alive'}"] = float(
                    np.median(get_latencies(url, "/livez", n, fresh)))
    return found


def livez_during_invalid_batch(batches: int = 3) -> dict[str, float]:
    """The slowest /livez (ms) while ``batches`` all-invalid 10,000-row batches are checked, and a batch's time."""
    import httpx

    from course_utils.mle import serving

    body = json.dumps({k: ["wrong"] * serving.MAX_BATCH_ROWS for k in serving.EXAMPLE}).encode()
    with running_server() as url:
        done, batch_ms, livez_ms = threading.Event(), [], []

        def send():
            with httpx.Client(base_url=url, timeout=120) as client:
                for _ in range(batches):
                    start = time.perf_counter()
                    client.post("/predict/batch", content=body, headers={"content-type": "application/json"})
                    batch_ms.append((time.perf_counter() - start) * 1000)
            done.set()

        sender = threading.Thread(target=send)
        sender.start()
        while not done.is_set():
            livez_ms += get_latencies(url, "/livez", 1, fresh=False, warmup=0)
        sender.join()
    return {"livez_max_ms": max(livez_ms), "batch_ms": float(np.median(batch_ms)), "livez_n": len(livez_ms)}


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def child_inprocess(path: str) -> dict:
    """One pandas call on the whole frame: read the Parquet file, score every row, keep the three columns."""
    import pandas as pd

    from course_utils.mle import model

    artifact = model.load_artifact()
    start = time.perf_counter()
    frame = pd.read_parquet(path)
    scores = pd.DataFrame({"customerID": frame["customerID"], "churn_probability": artifact.predict_proba(frame),
                           "model_version": artifact.version})
    elapsed = time.perf_counter() - start
    return {"rows": len(scores), "seconds": elapsed, "peak_mib": _peak_mib()}


def child_dask(path: str, partition_rows: int) -> dict:
    """``course score``'s path (local cluster, 2 workers of 2 GiB) from the Parquet file to a Parquet output."""
    from dask.distributed import Client

    from course_utils.mle import batch

    with batch.local_cluster(workers=2, memory_limit="2GiB") as cluster, Client(cluster) as client:
        client.run(lambda: None)  # workers up before the clock starts, as a running cluster would be
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            rows = batch.score_file(client, Path(path), Path(out) / "scores.parquet", partition_rows=partition_rows,
                                    progress=False)
            elapsed = time.perf_counter() - start
        workers = client.run(_peak_mib)
    return {"rows": rows, "seconds": elapsed, "peak_mib": _peak_mib(), "worker_peak_mib": max(workers.values())}


def scoring_at_scale(rows: int = 2_000_000, partition_rows: int = 200_000) -> dict[str, dict]:
    """Both ways of scoring ``rows`` synthetic customers, each in its own process: {"pandas": ..., "dask": ...}."""
    from course_utils.mle import batch

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "customers.parquet"
        batch.synthetic_customers(rows, seed=0).to_parquet(path, row_group_size=partition_rows // 2)
        found = {}
        for name, args in (("pandas", ["inprocess", str(path)]), ("dask", ["dask", str(path), str(partition_rows)])):
            done = subprocess.run([sys.executable, "-m", "course_tools.bench_scale", *args], capture_output=True,
                                  text=True, timeout=1800, check=True)
            found[name] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def report(workers: dict, livez: dict, scale: dict) -> str:
    """The figures, one per line."""
    lines = ["", "6. GET /livez p50, one keep-alive connection against a fresh connection per request:"]
    for count in (1, 2):
        lines.append(f"   {count} uvicorn worker{'s' if count > 1 else ' '}: keep-alive {workers[f'{count} keep-alive']:.1f} ms, "
                     f"fresh {workers[f'{count} fresh']:.1f} ms")
    lines += ["", f"7. /livez while 10,000-row all-invalid batches are refused ({livez['batch_ms']:,.0f} ms each): "
                  f"slowest of {livez['livez_n']} answers {livez['livez_max_ms']:.0f} ms (goal < 100 ms)"]
    pandas, dask = scale["pandas"], scale["dask"]
    ratio = (dask["rows"] / dask["seconds"]) / (pandas["rows"] / pandas["seconds"])
    lines += ["", f"8. scoring {pandas['rows']:,} customers from Parquet:",
              f"   one pandas call on the whole frame: {pandas['rows'] / pandas['seconds']:,.0f} rows/s, "
              f"peak {pandas['peak_mib']:,.0f} MiB",
              f"   course score (Dask, 2 workers): {dask['rows'] / dask['seconds']:,.0f} rows/s, peak "
              f"{dask['worker_peak_mib']:,.0f} MiB per worker and {dask['peak_mib']:,.0f} MiB in the client",
              f"   course score / pandas rows/s: {ratio:.2f} (goal >= 0.8)"]
    return "\n".join(lines)


def main(rows: int = 2_000_000) -> str:
    return report(worker_latencies(), livez_during_invalid_batch(), scoring_at_scale(rows))


if __name__ == "__main__":
    kind, *rest = sys.argv[1:]
    result = child_inprocess(*rest) if kind == "inprocess" else child_dask(rest[0], int(rest[1]))
    print(json.dumps(result))

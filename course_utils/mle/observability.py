"""What an operator sees of the churn service: request ids, an access log, Prometheus metrics, a prediction log.

``Observability`` is one plain ASGI middleware (no ``BaseHTTPMiddleware``: that one copies every body
through a task) wrapped around the whole app. For each HTTP request it

- takes the client's ``X-Request-ID`` if it is a short token, else makes one, and sends it back;
- refuses a body over the route's limit with a JSON 413, whether its length is declared or it arrives
  in chunks (it reads the body once, up to the limit, and hands the app that copy);
- counts the request and times it, by route template (``/predict``, never the raw path: a raw path
  would make one time series per URL a scanner tries) and status;
- writes one JSON line to the ``course.access`` logger: time, request id, method, route, status, ms.

Where the log lines go is the runner's choice, not the app's: ``log_to_stdout()`` (``course serve``
calls it) prints them; in a notebook or a test they stay in the logging system, out of cell outputs.

``PredictionLog`` appends one JSON line per scored customer, features included: it holds customer
data, so it is off unless the operator names a file (``course serve --prediction-log FILE``).
``read_prediction_log`` reads such a file back into a table, for monitoring.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
from prometheus_client import CollectorRegistry, Counter, Histogram, Info, disable_created_metrics

ACCESS_LOG = logging.getLogger("course.access")
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")  # a client's id is echoed only if it is a plain token
disable_created_metrics()  # no `*_created` series: they double the page and no dashboard of ours reads them
LOG_FIELDS = ("time", "request_id", "model_version", "churn_probability", "features")  # of a prediction log line
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


def now() -> str:
    """The current UTC time, ISO 8601 with milliseconds."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def log_to_stdout() -> None:
    """Print the access log's JSON lines on stdout (once, however often it is called)."""
    if not any(getattr(h, "course_stdout", False) for h in ACCESS_LOG.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.course_stdout = True
        handler.setFormatter(logging.Formatter("%(message)s"))
        ACCESS_LOG.addHandler(handler)
    ACCESS_LOG.setLevel(logging.INFO)


class Metrics:
    """The service's Prometheus metrics, in a registry of its own (two apps in one process do not clash)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("churn_http_requests", "HTTP requests answered.",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("churn_http_request_duration_seconds", "Time to answer an HTTP request.",
                                 ["route", "status"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.predictions = Counter("churn_predictions", "Customers scored.", registry=self.registry)
        self.model = Info("churn_model", "The model being served.", registry=self.registry)


class PredictionLog:
    """Appends one JSON line per scored customer: time, request id, model version, probability, features."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(self.path, "a", encoding="utf-8")  # append: a restart never loses earlier lines
        self._lock = threading.Lock()  # endpoints run in a thread pool: one writer at a time keeps lines whole

    def write(self, request_id: str, version: str, probabilities: Sequence[float],
              columns: Mapping[str, Sequence]) -> None:
        """Log ``probabilities[i]`` with row ``i`` of ``columns`` (``{feature: [value, ...]}``)."""
        time_now, names = now(), list(columns)
        lines = [json.dumps({"time": time_now, "request_id": request_id, "model_version": version,
                             "churn_probability": float(p), "features": dict(zip(names, values))})
                 for p, values in zip(probabilities, zip(*columns.values()))]
        with self._lock:
            self._file.write("\n".join(lines) + "\n")
            self._file.flush()

    def close(self) -> None:
        with self._lock:
            self._file.close()


class PredictionLogError(ValueError):
    """A prediction log that cannot be read; the message names the file, the line and what is wrong."""


def read_prediction_log(path: Path) -> pd.DataFrame:
    """The prediction log at ``path`` as a table, one row per line in file order: ``time``, ``request_id``,
    ``model_version``, ``churn_probability``, then one column per feature (values exactly as logged).

    Blank lines are skipped. A missing file, or a line that is not a JSON object with the fields of
    ``LOG_FIELDS`` and the same features as the first line, raises ``PredictionLogError``.
    """
    path = Path(path)
    if not path.is_file():
        raise PredictionLogError(f"There is no prediction log at {path}: the service writes one only when it is "
                                 "given a file (course serve --prediction-log FILE).")
    rows, names = [], None
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"Line {number} of {path}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise PredictionLogError(f"{where} is not valid JSON ({exc.msg}: column {exc.colno}): "
                                         "a write was cut short, or another program wrote to the file.") from None
            if not isinstance(record, dict):
                raise PredictionLogError(f"{where} is not a JSON object with the prediction's fields.")
            missing = [field for field in LOG_FIELDS if field not in record]
            if missing:
                raise PredictionLogError(f"{where} lacks the field {', '.join(missing)}.")
            features = record.pop("features")
            if not isinstance(features, dict):
                raise PredictionLogError(f"{where} has features that are not a JSON object.")
            names = list(features) if names is None else names
            if set(features) != set(names):
                other = sorted(set(features) ^ set(names))
                raise PredictionLogError(f"{where} does not have the features of the first line "
                                         f"(differs in {', '.join(other)}).")
            rows.append({**{field: record[field] for field in LOG_FIELDS[:-1]}, **features})
    return pd.DataFrame(rows, columns=[*LOG_FIELDS[:-1], *(names or [])])


def _json_error(status: int, message: str) -> tuple[dict, dict]:
    """The ASGI messages of an error answer in the one shape (see ``errors``)."""
    body = json.dumps({"detail": [{"field": "body", "message": message}], "more_problems": 0}).encode()
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]}
    return start, {"type": "http.response.body", "body": body}


class Observability:
    """The ASGI middleware described in the module docstring; ``limits`` maps a path to its body limit (the
    app's own dict, read on every request, so a route added later can get its limit too)."""

    def __init__(self, app, metrics: Metrics, limits: Mapping[str, int], default_limit: int) -> None:
        self.app, self.metrics, self.limits, self.default_limit = app, metrics, limits, default_limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope["headers"])
        given = headers.get(b"x-request-id", b"").decode("latin-1")
        request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500

        async def send_with_id(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            limit = self.limits.get(scope["path"], self.default_limit)
            body = await _read_body(receive, limit, headers) if scope["method"] in ("POST", "PUT", "PATCH") else None
            if body is False:
                limit_text = f"The body is over the limit of {limit:,} bytes for {scope['path']}."
                for message in _json_error(413, limit_text):
                    await send_with_id(message)
            else:
                await self.app(scope, _replay(body, receive) if body is not None else receive, send_with_id)
        finally:
            route = scope.get("route")
            label = route.path if route is not None else (scope["path"] if scope["path"] in self.limits else "unmatched")
            elapsed = time.perf_counter() - started
            self.metrics.requests.labels(scope["method"], label, str(status)).inc()
            self.metrics.latency.labels(label, str(status)).observe(elapsed)
            if ACCESS_LOG.isEnabledFor(logging.INFO):
                ACCESS_LOG.info(json.dumps({"time": now(), "request_id": request_id, "method": scope["method"],
                                            "route": label, "status": status, "ms": round(elapsed * 1000, 2)}))


async def _read_body(receive, limit: int, headers: Mapping[bytes, bytes]) -> bytes | bool:
    """The whole body, or False once it is known to exceed ``limit`` bytes (by its declared length or as read)."""
    declared = headers.get(b"content-length", b"")
    if declared.isdigit() and int(declared) > limit:
        return False
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away: let the app see an empty body
            return b"".join(chunks)
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > limit:
            return False
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive):
    """A ``receive`` that hands the app the body already read, then waits on the real one (for disconnects)."""
    pending = True

    async def replayed():
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed

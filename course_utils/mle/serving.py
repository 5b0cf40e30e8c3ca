"""The churn model as a web service: ``course serve`` runs it with uvicorn on 127.0.0.1.

The model is loaded once, in the lifespan handler, after its SHA-256 and scikit-learn version
are checked (``model.load_artifact``), and scores one example before the service says it is ready:
a missing or tampered artifact stops start-up.

Endpoints:

- ``GET /livez``: the process answers (a failing liveness probe means: restart me);
- ``GET /readyz``: the model is loaded and verified, 503 before (failing means: send me no traffic yet);
- ``GET /health``: both in one, with the model version and uptime (what lessons 21 and 22 call);
- ``GET /metrics``: Prometheus text format (``observability.Metrics``);
- ``GET /model``: the artifact's metadata; ``GET /docs``: Swagger UI, from files in this package;
- ``POST /predict`` (one customer) and ``POST /predict/batch`` (up to ``MAX_BATCH_ROWS``, column-wise).

The schemas are in ``schemas``, the one error shape in ``errors``, request ids, logs and metrics in
``observability``. Scoring goes through ``fastpath.LinearScorer``, the same pipeline folded into plain
arithmetic (equal to ``predict_proba`` within 1e-12, tested), because scikit-learn's per-call
DataFrame checks cost more than the model; a pipeline it cannot fold is scored by the pipeline itself.
"""

from __future__ import annotations

import logging
import math
import time
from contextlib import asynccontextmanager
from pathlib import Path

import pandas as pd
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.exceptions import HTTPException

from course_utils.mle import errors, fastpath, model
from course_utils.mle.observability import Metrics, Observability, PredictionLog
from course_utils.mle.schemas import (EXAMPLE, MAX_BATCH_BODY_BYTES, MAX_BATCH_ROWS, MAX_BODY_BYTES, MAX_PROBLEMS,
                                      THRESHOLD, BatchPrediction, Customer, CustomerBatch, ErrorBody, Health,
                                      Liveness, Prediction, Problem, Readiness)

__all__ = ["EXAMPLE", "MAX_BATCH_BODY_BYTES", "MAX_BATCH_ROWS", "MAX_BODY_BYTES", "MAX_PROBLEMS", "THRESHOLD",
           "BatchPrediction", "Customer", "CustomerBatch", "ErrorBody", "Health", "Liveness", "Prediction",
           "Problem", "Readiness", "create_app"]

DOCS_ASSETS = Path(__file__).parent / "docs_assets"  # Swagger UI's files (see its README.md): /docs needs no network
BODY_LIMITS = {"/predict": MAX_BODY_BYTES, "/predict/batch": MAX_BATCH_BODY_BYTES}
log = logging.getLogger("course.serving")


def _error(description: str) -> dict:
    return {"model": ErrorBody, "description": description}


UNAVAILABLE = {503: _error("The model is not loaded (the service is starting or stopping).")}
BODY_ERRORS = {400: _error("The body is empty or is not valid JSON."),
               413: _error(f"The body is over the limit: {MAX_BODY_BYTES:,} bytes for one customer, "
                           f"{MAX_BATCH_BODY_BYTES:,} for a batch."),
               415: _error("The body is not declared as JSON (Content-Type: application/json)."),
               422: _error(f"A field is missing, extra, of the wrong type or out of range (at most "
                           f"{MAX_PROBLEMS} problems listed, the rest counted)."), **UNAVAILABLE}
# The batch body is parsed by errors.parse_batch, off the event loop, so its schema is declared here by hand.
BATCH_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": CustomerBatch.model_json_schema()}}}}


def _artifact(request: Request) -> model.Artifact:
    artifact = getattr(request.app.state, "artifact", None)
    if artifact is None:
        raise HTTPException(503, [{"field": "model", "message": "The model is not loaded yet."}])
    return artifact


def _scorer(artifact: model.Artifact) -> fastpath.LinearScorer | None:
    """The pipeline folded into plain arithmetic, or None if it cannot be folded or disagrees on the example."""
    try:
        scorer = fastpath.compile_pipeline(artifact.model)
    except fastpath.UnsupportedPipeline:
        return None
    expected = float(artifact.predict_proba(pd.DataFrame([EXAMPLE]))[0])
    return scorer if math.isclose(scorer.predict_one(EXAMPLE), expected, abs_tol=1e-9) else None


def _score(app: FastAPI, request_id: str, columns: dict) -> list[float]:
    """Churn probabilities of ``columns`` (``{feature: [values]}``), counted and, if asked for, logged."""
    artifact, scorer = app.state.artifact, app.state.scorer
    if scorer and len(columns["gender"]) == 1:
        probabilities = [scorer.predict_one({name: values[0] for name, values in columns.items()})]
    elif scorer:
        probabilities = scorer.predict_columns(columns).tolist()
    else:
        probabilities = artifact.predict_proba(pd.DataFrame(columns)).tolist()
    app.state.metrics.predictions.inc(len(probabilities))
    if app.state.prediction_log:
        app.state.prediction_log.write(request_id, artifact.version, probabilities, columns)
    return probabilities


def create_app(artifact_dir: Path | None = None, prediction_log: Path | None = None) -> FastAPI:
    """The churn service; the artifact in ``artifact_dir`` (default ``build/churn-model``) loads at start-up.

    ``prediction_log``: a JSON-lines file that gets one line per scored customer, features included (it
    holds customer data: off unless named).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        try:
            artifact = model.load_artifact(artifact_dir)  # checks SHA-256 and scikit-learn version
        except model.ArtifactError as exc:
            log.error("Refusing to start: %s", exc)
            raise
        app.state.scorer = _scorer(artifact)  # scores the example once: ready means it can score
        app.state.metrics.model.info({"version": artifact.version,
                                      "sha256": str(artifact.metadata.get("artifact_sha256", ""))})
        app.state.prediction_log = PredictionLog(prediction_log) if prediction_log else None
        app.state.started = time.monotonic()
        app.state.artifact = artifact
        yield
        app.state.artifact = app.state.scorer = None  # release the model
        if app.state.prediction_log:
            app.state.prediction_log.close()

    app = FastAPI(title="Churn model", version=model.MODEL_VERSION, lifespan=lifespan, docs_url=None,
                  redoc_url=None, exception_handlers={RequestValidationError: errors.validation_error,
                                                      HTTPException: errors.http_error,
                                                      errors.Refusal: errors.refusal})
    app.state.artifact = app.state.scorer = app.state.prediction_log = None
    app.state.metrics, app.state.body_limits = Metrics(), dict(BODY_LIMITS)
    app.add_middleware(Observability, metrics=app.state.metrics, limits=app.state.body_limits,
                       default_limit=MAX_BODY_BYTES)
    app.mount("/docs-assets", StaticFiles(directory=DOCS_ASSETS), name="docs-assets")

    @app.get("/livez")
    def livez() -> Liveness:
        """Liveness: the process is up and answering (it says nothing about the model)."""
        return Liveness(status="alive")

    @app.get("/readyz", responses=UNAVAILABLE)
    def readyz(request: Request) -> Readiness:
        """Readiness: the model is loaded, its checks passed and it scored the example; 503 until then."""
        return Readiness(status="ready", model_version=_artifact(request).version)

    @app.get("/health", responses=UNAVAILABLE)
    def health(request: Request) -> Health:
        """Liveness and readiness in one: is the model loaded, which version, for how long."""
        artifact = _artifact(request)
        return Health(status="ok", model_loaded=True, model_version=artifact.version,
                      uptime_seconds=round(time.monotonic() - request.app.state.started, 3))

    @app.get("/metrics", response_class=Response,
             responses={200: {"content": {CONTENT_TYPE_LATEST.split(";")[0]: {"schema": {"type": "string"}}},
                              "description": "Prometheus text format."}})
    def metrics(request: Request) -> Response:
        """Request counts and latency by route and status, customers scored, the model's version."""
        return Response(generate_latest(request.app.state.metrics.registry), media_type=CONTENT_TYPE_LATEST)

    @app.get("/model", responses=UNAVAILABLE)
    def model_metadata(request: Request) -> dict:
        """The artifact's metadata: version, SHA-256, feature schema, metrics, library versions."""
        return _artifact(request).metadata

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url, title="Churn model - docs",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/docs-assets/favicon-32x32.png",
                                   swagger_ui_parameters={"validatorUrl": None})  # the badge calls an outside host

    @app.post("/predict", responses=BODY_ERRORS)
    def predict(customer: Customer, request: Request) -> Prediction:
        """Churn probability and label for one customer."""
        artifact = _artifact(request)
        [probability] = _score(request.app, request.state.request_id, {k: [v] for k, v in customer.model_dump().items()})
        return Prediction(churn_probability=probability, churn=probability >= THRESHOLD, model_version=artifact.version)

    def score_batch(request: Request, body: bytes) -> JSONResponse:
        """Parse, validate and score a batch; runs in a worker thread (see ``errors.parse_batch``)."""
        batch = errors.parse_batch(body, request.headers.get("content-type"))
        columns = {name: getattr(batch, name) for name in model.FEATURES}
        probabilities = _score(request.app, request.state.request_id, columns)
        return JSONResponse({"churn_probability": probabilities, "churn": [p >= THRESHOLD for p in probabilities],
                             "model_version": request.app.state.artifact.version})

    @app.post("/predict/batch", response_model=BatchPrediction, responses=BODY_ERRORS, openapi_extra=BATCH_BODY,
              description=f"Churn probabilities for up to {MAX_BATCH_ROWS:,} customers, one list per feature.")
    async def predict_batch(request: Request) -> Response:
        _artifact(request)
        return await run_in_threadpool(score_batch, request, await request.body())

    return app

"""The churn model as a web service: ``course serve`` runs it with uvicorn on 127.0.0.1.

The model is loaded once, in the lifespan handler, after its SHA-256 and scikit-learn version
are checked (``model.load_artifact``): a missing or tampered artifact stops start-up. Requests are
validated by strict pydantic schemas; errors name the field and the reason, never the record.

Endpoints: ``GET /health``, ``GET /model``, ``POST /predict`` (one customer) and
``POST /predict/batch`` (up to ``MAX_BATCH_ROWS`` customers, sent column-wise).

Scoring goes through ``fastpath.LinearScorer``, the same pipeline folded into plain arithmetic
(equal to ``predict_proba`` within 1e-12, tested), because scikit-learn's per-call DataFrame
checks cost more than the model; a pipeline it cannot fold is scored by the pipeline itself.

Categories are ``Literal[...]`` types, which the OpenAPI schema shows as ``enum`` lists. Enum classes
would not work here: FastAPI validates the already-parsed JSON in Python mode, where strict mode
accepts only Enum instances, never the plain strings a client sends.
"""

from __future__ import annotations

import logging
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Literal, TypeVar

import pandas as pd
from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from course_utils.mle import fastpath, model

THRESHOLD = 0.5  # probability at or above which a customer is labelled a churner
MAX_BATCH_ROWS = 10_000
MAX_BODY_BYTES = 16 * 1024  # one customer is about 600 bytes of JSON
MAX_BATCH_BODY_BYTES = 4 * 1024 * 1024  # 10,000 rows column-wise are about 1.8 MB
log = logging.getLogger("course.serving")
YesNo = Literal["Yes", "No"]
AddOn = Literal["Yes", "No", "No internet service"]


def _whole_number(value):
    """JSON has one number type: accept 5.0 as 5, but never 5.5, "5" or true (strict mode refuses those)."""
    return int(value) if type(value) is float and value.is_integer() else value


whole = BeforeValidator(_whole_number)
Tenure = Annotated[int, Field(ge=0, le=120, description="Months as a customer."), whole]
Money = Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False, description="US dollars.")]
Monthly = Annotated[float, Field(gt=0, le=1_000, allow_inf_nan=False, description="Monthly bill, US dollars.")]
Senior = Annotated[int, Field(ge=0, le=1, description="1 if 65 or older."), whole]
Gender = Literal["Female", "Male"]
Lines = Literal["Yes", "No", "No phone service"]
Internet = Literal["DSL", "Fiber optic", "No"]
Contract = Literal["Month-to-month", "One year", "Two year"]
Payment = Literal["Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)",
                  "Unknown"]
EXAMPLE = {"gender": "Female", "SeniorCitizen": 0, "Partner": "Yes", "Dependents": "No", "tenure": 5,
           "PhoneService": "Yes", "MultipleLines": "No", "InternetService": "Fiber optic", "OnlineSecurity": "No",
           "OnlineBackup": "No", "DeviceProtection": "No", "TechSupport": "No", "StreamingTV": "Yes",
           "StreamingMovies": "No", "Contract": "Month-to-month", "PaperlessBilling": "Yes",
           "PaymentMethod": "Electronic check", "MonthlyCharges": 85.5, "TotalCharges": 427.5}
STRICT = ConfigDict(strict=True, extra="forbid")  # strict: `false` or "5" is not a number here


class Customer(BaseModel):
    """One customer's features, as in the clean churn table (see data/README.md)."""

    model_config = ConfigDict(**STRICT, json_schema_extra={"examples": [EXAMPLE]})
    gender: Gender
    SeniorCitizen: Senior
    Partner: YesNo
    Dependents: YesNo
    tenure: Tenure
    PhoneService: YesNo
    MultipleLines: Lines
    InternetService: Internet
    OnlineSecurity: AddOn
    OnlineBackup: AddOn
    DeviceProtection: AddOn
    TechSupport: AddOn
    StreamingTV: AddOn
    StreamingMovies: AddOn
    Contract: Contract
    PaperlessBilling: YesNo
    PaymentMethod: Payment
    MonthlyCharges: Monthly
    TotalCharges: Money


T = TypeVar("T")
Column = Annotated[list[T], Field(min_length=1, max_length=MAX_BATCH_ROWS)]


class CustomerBatch(BaseModel):
    """Many customers, column-wise: one list per feature, all of the same length.

    Columns, not a list of row objects: each key is sent once instead of once per row (the
    body is about a third of the size), parsing is about 3x faster, and the lists become a
    DataFrame as they are (``pd.DataFrame(batch)``); ``df.to_dict("list")`` builds one.
    """

    model_config = ConfigDict(**STRICT, json_schema_extra={"examples": [{k: [v] for k, v in EXAMPLE.items()}]})
    gender: Column[Gender]
    SeniorCitizen: Column[Senior]
    Partner: Column[YesNo]
    Dependents: Column[YesNo]
    tenure: Column[Tenure]
    PhoneService: Column[YesNo]
    MultipleLines: Column[Lines]
    InternetService: Column[Internet]
    OnlineSecurity: Column[AddOn]
    OnlineBackup: Column[AddOn]
    DeviceProtection: Column[AddOn]
    TechSupport: Column[AddOn]
    StreamingTV: Column[AddOn]
    StreamingMovies: Column[AddOn]
    Contract: Column[Contract]
    PaperlessBilling: Column[YesNo]
    PaymentMethod: Column[Payment]
    MonthlyCharges: Column[Monthly]
    TotalCharges: Column[Money]

    @model_validator(mode="after")
    def same_length(self) -> CustomerBatch:
        lengths = {name: len(values) for name, values in self}
        rows = len(self.gender)
        if len(set(lengths.values())) > 1:
            odd = ", ".join(f"{name} has {n}" for name, n in lengths.items() if n != rows)
            raise ValueError(f"every column needs as many values as gender ({rows}); {odd}")
        return self


class Prediction(BaseModel):
    churn_probability: float = Field(ge=0, le=1)
    churn: bool = Field(description=f"True when churn_probability >= {THRESHOLD}.")
    model_version: str


class BatchPrediction(BaseModel):
    churn_probability: list[float] = Field(description="One per customer, in the order sent.")
    churn: list[bool]
    model_version: str


class Health(BaseModel):
    status: Literal["ok"]
    model_loaded: bool
    model_version: str
    uptime_seconds: float


class Problem(BaseModel):
    field: str = Field(description="Where the problem is, e.g. `tenure` or `tenure[3]` (row 3 of a batch).")
    message: str


class ErrorBody(BaseModel):
    detail: str | list[Problem]


def _error(description: str) -> dict:
    return {"model": ErrorBody, "description": description}


UNAVAILABLE = {503: _error("The model is not loaded (the service is starting or stopping).")}
TOO_LARGE = {"description": f"The body is over the limit: {MAX_BODY_BYTES:,} bytes for one customer, "
                            f"{MAX_BATCH_BODY_BYTES:,} for a batch.",
             "content": {"text/plain": {"schema": {"type": "string", "example": "Content Too Large"}}}}
BODY_ERRORS = {400: _error("The body is not valid JSON."), 413: TOO_LARGE,
               422: _error("A field is missing, extra, of the wrong type or out of range."), **UNAVAILABLE}


def _field(loc: tuple) -> str:
    parts = [str(p) for p in loc if p != "body"]
    name = ".".join(p for p in parts if not p.isdigit()) or "body"
    rows = "".join(f"[{p}]" for p in parts if p.isdigit())
    return name + rows


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """Name the field and the reason; leave out the rejected input, which may hold customer data."""
    errors = exc.errors()
    if any(e["type"] == "json_invalid" for e in errors):
        reason = errors[0].get("ctx", {}).get("error", "")
        return JSONResponse({"detail": f"The body is not valid JSON ({reason})."}, status_code=400)
    problems = [{"field": _field(e["loc"]), "message": e["msg"]} for e in errors]
    return JSONResponse({"detail": problems}, status_code=422)


def _artifact(request: Request) -> model.Artifact:
    artifact = getattr(request.app.state, "artifact", None)
    if artifact is None:
        raise HTTPException(503, "The model is not loaded yet.")
    return artifact


def _scorer(artifact: model.Artifact) -> fastpath.LinearScorer | None:
    """The pipeline folded into plain arithmetic (no per-call DataFrame checks), or None if it cannot be."""
    try:
        return fastpath.compile_pipeline(artifact.model)
    except fastpath.UnsupportedPipeline:
        return None


def create_app(artifact_dir: Path | None = None) -> FastAPI:
    """The churn service; the artifact in ``artifact_dir`` (default ``build/churn-model``) loads at start-up."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        try:
            app.state.artifact = model.load_artifact(artifact_dir)  # checks SHA-256 and scikit-learn version
        except model.ArtifactError as exc:
            log.error("Refusing to start: %s", exc)
            raise
        app.state.scorer = _scorer(app.state.artifact)
        app.state.started = time.monotonic()
        yield
        app.state.artifact = app.state.scorer = None  # release the model

    app = FastAPI(title="Churn model", version=model.MODEL_VERSION, lifespan=lifespan,
                  max_body_size=MAX_BODY_BYTES, exception_handlers={RequestValidationError: _validation_error})
    app.state.artifact = app.state.scorer = None

    @app.get("/health", responses=UNAVAILABLE)
    def health(request: Request) -> Health:
        """Liveness and readiness: is the model loaded, which version, for how long."""
        artifact = _artifact(request)
        return Health(status="ok", model_loaded=True, model_version=artifact.version,
                      uptime_seconds=round(time.monotonic() - request.app.state.started, 3))

    @app.get("/model", responses=UNAVAILABLE)
    def model_metadata(request: Request) -> dict:
        """The artifact's metadata: version, SHA-256, feature schema, metrics, library versions."""
        return _artifact(request).metadata

    @app.post("/predict", responses=BODY_ERRORS)
    def predict(customer: Customer, request: Request) -> Prediction:
        """Churn probability and label for one customer."""
        artifact, scorer, row = _artifact(request), request.app.state.scorer, customer.model_dump()
        probability = scorer.predict_one(row) if scorer else float(artifact.predict_proba(pd.DataFrame([row]))[0])
        return Prediction(churn_probability=probability, churn=probability >= THRESHOLD,
                          model_version=artifact.version)

    @app.post("/predict/batch", responses=BODY_ERRORS, max_body_size=MAX_BATCH_BODY_BYTES,
              description=f"Churn probabilities for up to {MAX_BATCH_ROWS:,} customers, one list per feature.")
    def predict_batch(batch: CustomerBatch, request: Request) -> BatchPrediction:
        artifact, scorer = _artifact(request), request.app.state.scorer
        columns = {name: getattr(batch, name) for name in model.FEATURES}
        probabilities = scorer.predict_columns(columns) if scorer else artifact.predict_proba(pd.DataFrame(columns))
        return BatchPrediction(churn_probability=probabilities.tolist(),
                               churn=(probabilities >= THRESHOLD).tolist(), model_version=artifact.version)

    return app


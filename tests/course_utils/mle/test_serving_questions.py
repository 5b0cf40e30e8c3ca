"""Are the five steps of the service exercise (21_mle_serving) graded three ways, with messages naming the
failing behaviour? Wrong answers are services a learner writes, each with one realistic flaw."""

import enum
import json
from contextlib import asynccontextmanager
from typing import Annotated, Literal

import pandas as pd
import pytest
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ConfigDict, Field, Strict, create_model

from corpus import Corpus, Lazy, Right, Wrong, corpus_tests
from course_tools.notebooks.markup import BEGIN
from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.mle import model, serving
from course_utils.mle.model import load_artifact
from course_utils.paths import SOLUTIONS_DIR


@pytest.fixture(scope="module", autouse=True)
def artifact_in_a_tmp_dir(tmp_path_factory):
    """Learner apps load the default artifact, as in the notebook: point the default at a private copy,
    so tests never write into the repository's build/ folder."""
    directory = model.build_artifact(tmp_path_factory.mktemp("serving-check") / "churn-model")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(model, "DEFAULT_DIR", directory)
        yield


def learner_schema(strict=True, extra="forbid", tenure=(0, 120), senior=(0, 1), monthly_max=1000, total_max=100_000,
                   plain=(), lax_floats=False, drop=None, enums=False):
    """A Customer schema as a learner would write it, with one switch per mistake."""
    fields = {}
    for name, info in serving.Customer.model_fields.items():
        if name == drop:
            continue
        if name == "tenure":
            fields[name] = (int, Field(ge=tenure[0], le=tenure[1]))
        elif name == "SeniorCitizen":
            fields[name] = (int, Field(ge=senior[0], le=senior[1]) if senior else Field())
        elif name == "MonthlyCharges":
            fields[name] = (float, Field(gt=0, le=monthly_max))
        elif name == "TotalCharges":
            fields[name] = (float, Field(ge=0, le=total_max))
        elif enums and name == "Contract":
            fields[name] = (enum.Enum("Contract", {"m": "Month-to-month", "o": "One year", "t": "Two year"}), ...)
        else:
            fields[name] = (str if name in plain else info.annotation, ...)
        if lax_floats and name in ("tenure", "SeniorCitizen"):
            fields[name] = (Annotated[int, Strict()], fields[name][1])
    config = ConfigDict(strict=strict and not lax_floats, extra=extra)
    return create_model("Customer", __config__=config, **fields)


def learner_app(schema=None, lifespan=True, pass_lifespan=True, module_level=False, health_loads=False,
                health_key="model_loaded", constant=None, class_zero=False, fixed_field=None, key="churn_probability",
                load_per_request=False, decimals=None, batch=True, reversed_batch=False, min_batch=1, max_batch=100,
                batch_extra="forbid", row_by_row=False, handler="right", manual=False):
    """A service as a learner would write it, step by step, with one switch per mistake."""
    Customer = schema or learner_schema()
    Batch = create_model("Batch", __config__=ConfigDict(strict=True, extra=batch_extra),
                         customers=(list[Customer], Field(min_length=min_batch, max_length=max_batch)))
    loaded = load_artifact() if module_level else None

    @asynccontextmanager
    async def life(app):
        app.state.artifact = load_artifact()
        yield
        app.state.artifact = None

    app = FastAPI(lifespan=life if lifespan and pass_lifespan else None)
    if module_level:
        app.state.artifact = loaded

    @app.get("/health")
    def health(request: Request):
        artifact = load_artifact() if health_loads else request.app.state.artifact
        return {health_key: artifact is not None}

    def artifact_of(request):
        return model.load_artifact() if load_per_request else request.app.state.artifact

    if manual:
        @app.post("/predict")
        def predict_manual(body: dict, request: Request):
            customer = Customer(**body)  # validated by hand: a ValidationError here is a 500
            return {key: float(artifact_of(request).predict_proba(pd.DataFrame([customer.model_dump()]))[0])}
    else:
        @app.post("/predict")
        def predict(customer: Customer, request: Request):
            if constant is not None:
                return {key: constant}
            row = {**customer.model_dump(), **(fixed_field or {})}
            probabilities = artifact_of(request).model.predict_proba(pd.DataFrame([row])[list(model.FEATURES)])
            probability = float(probabilities[0, 0 if class_zero else 1])
            return {key: probability if decimals is None else round(probability, decimals)}

    if batch:
        @app.post("/predict/batch")
        def predict_batch(batch: Batch, request: Request):
            artifact = artifact_of(request)
            if row_by_row:
                got = [float(artifact.predict_proba(pd.DataFrame([c.model_dump()]))[0]) for c in batch.customers]
            else:
                got = artifact.predict_proba(pd.DataFrame([c.model_dump() for c in batch.customers])).tolist()
            return {"churn_probability": got[::-1] if reversed_batch else got}

    if handler:
        app.add_exception_handler(RequestValidationError, HANDLERS[handler])
    return app


def _field(e):  # the field of one error, without the leading "body"
    return ".".join(str(p) for p in e["loc"][1:])


async def right_handler(request, exc):
    if any(e["type"] == "json_invalid" for e in exc.errors()):
        return JSONResponse({"detail": "The body is not valid JSON."}, status_code=400)
    return JSONResponse({"detail": [{"field": _field(e), "message": e["msg"]} for e in exc.errors()]}, 422)


async def filtering_handler(request, exc):
    status = 400 if exc.errors()[0]["type"] == "json_invalid" else 422
    kept = [{k: v for k, v in e.items() if k in ("type", "loc", "msg")} for e in exc.errors()]
    return JSONResponse({"errors": kept}, status_code=status)


def one_status(status):  # a handler answering every error alike: 400 for field errors, or 422 for broken JSON
    async def handler(request, exc):
        return JSONResponse({"detail": [{"field": _field(e), "message": e["msg"]} for e in exc.errors()]}, status)
    return handler


async def echoes_input(request, exc):
    status = 400 if exc.errors()[0]["type"] == "json_invalid" else 422
    return JSONResponse({"detail": str(exc.errors())}, status_code=status)


async def no_field(request, exc):
    status = 400 if exc.errors()[0]["type"] == "json_invalid" else 422
    return JSONResponse({"detail": "Invalid request."}, status_code=status)


async def crashes(request, exc):
    return JSONResponse({"detail": exc.errors()[0]["ctx"]["error"]}, status_code=400)


HANDLERS = {"right": right_handler, "filtering": filtering_handler, "400": one_status(400), "json422": one_status(422),
            "echo": echoes_input, "no_field": no_field, "crash": crashes}


def solution_cells() -> dict:
    """The answer cells of the solution notebook run in order, so the tests grade what learners see."""
    notebook = json.loads((SOLUTIONS_DIR / "21_mle_serving_solution.ipynb").read_text())
    namespace = {"MAX_BATCH": 100}
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code" and BEGIN in "".join(cell["source"]):
            exec(compile("".join(cell["source"]), "answer cell", "exec"), namespace)
    return namespace


def app_with(**switches):
    return Lazy(lambda: learner_app(**switches))  # built when its test runs: each app loads the model


class SeniorLiteral(serving.Customer):
    SeniorCitizen: Literal[0, 1]


SOLUTION = Lazy(lambda: solution_cells()["app"])
REFERENCE = Lazy(lambda: serving.create_app())
CORPUS = {
    "mle_serving.q1": Corpus(
        wrong=[
            Wrong(learner_schema(strict=False), says="tenure sent as the text \"5\"", seen="strict left out"),
            Wrong(learner_schema(lax_floats=True), says="TotalCharges false", seen="Strict() on the integers only"),
            Wrong(learner_schema(extra="ignore"), says="an extra field \"discount\"", seen="extra='ignore'"),
            Wrong(learner_schema(tenure=(0, None)), says="tenure 121", seen="no upper bound"),
            Wrong(learner_schema(tenure=(0, 72)), says="refuse only what cannot be true", seen="le=72 from the card"),
            Wrong(learner_schema(monthly_max=None, total_max=None), says="MonthlyCharges 1000.5",
                  seen="no upper bounds on money"),
            Wrong(learner_schema(senior=None), says="SeniorCitizen 2"),
            Wrong(learner_schema(plain=("Contract",)), says="Contract \"Weekly\"", seen="Contract: str"),
            Wrong(learner_schema(plain=("PaymentMethod",)), says="Literal[...] for PaymentMethod"),
            Wrong(learner_schema(drop="TotalCharges"), says="missing ['TotalCharges']"),
            Wrong(learner_schema(enums=True), says="It refused valid customer 1", seen="an Enum under strict mode"),
        ],
        right=[
            Right(Lazy(lambda: solution_cells()["Customer"]), how="the solution: Field(ge=..., le=...) on int/float"),
            Right(serving.Customer, how="the reference: Annotated types and a 5.0-as-5 validator"),
            Right(learner_schema(), how="built with create_model"),
            Right(SeniorLiteral, how="SeniorCitizen as Literal[0, 1]"),
        ],
    ),
    "mle_serving.q2": Corpus(
        wrong=[
            Wrong(app_with(lifespan=False, module_level=True), says="at module level", seen="no lifespan"),
            Wrong(app_with(pass_lifespan=False), says="pass lifespan=lifespan", seen="lifespan defined, not passed"),
            Wrong(app_with(health_loads=True), says="GET /health loaded the model again"),
            Wrong(app_with(health_key="ok"), says="\"model_loaded\": true"),
            Wrong("app", says="FastAPI app object"),
        ],
        right=[Right(SOLUTION, how="the solution"), Right(REFERENCE, how="the reference service"),
               Right(app_with(), how="load_artifact imported by name, still counted")],
    ),
    "mle_serving.q3": Corpus(
        wrong=[
            Wrong(app_with(constant=0.26), says="a constant, or a field left out"),
            Wrong(app_with(class_zero=True), says="probability of class 1"),
            Wrong(app_with(fixed_field={"Contract": "Month-to-month"}), says="the model says"),
            Wrong(app_with(load_per_request=True), says="more times while answering"),
            Wrong(app_with(key="probability"), says="no churn_probability field"),
            Wrong(app_with(decimals=2), says="rounded too far", seen="round(probability, 2)"),
            Wrong(app_with(schema=learner_schema(tenure=(0, 72))), says="answered 422",
                  seen="le=72 refuses a real customer"),
        ],
        right=[Right(SOLUTION, how="the solution, via Artifact.predict_proba"), Right(REFERENCE, how="the fast path"),
               Right(app_with(), how="the pipeline's predict_proba(...)[:, 1]"),
               Right(app_with(decimals=4), how="rounded to 4 decimals, as a service may")],
    ),
    "mle_serving.q4": Corpus(
        wrong=[
            Wrong(app_with(reversed_batch=True), says="in another order"),
            Wrong(app_with(max_batch=1000), says="101 customers"),
            Wrong(app_with(min_batch=0), says="no customers"),
            Wrong(app_with(batch_extra="ignore"), says="an extra field beside customers"),
            Wrong(app_with(max_batch=10), says="up to 100 is allowed"),
            Wrong(app_with(load_per_request=True), says="loaded the model again for a batch"),
        ],
        right=[Right(SOLUTION, how="one DataFrame"), Right(app_with(row_by_row=True), how="a loop, row by row")],
    ),
    "mle_serving.q5": Corpus(
        wrong=[
            Wrong(app_with(handler="400"), says="A field error is 422"),
            Wrong(app_with(handler="json422"), says="answer 400 (Bad Request)"),
            Wrong(app_with(handler="echo"), says="repeats what the client sent"),
            Wrong(app_with(handler="no_field"), says="without naming the field 'tenure'"),
            Wrong(app_with(handler="crash"), says="crashed your app (500): KeyError: 'ctx'"),
            Wrong(app_with(manual=True), says="crashed your app (500): ValidationError",
                  seen="body: dict validated by hand"),
        ],
        right=[Right(SOLUTION, how="field and message"), Right(REFERENCE, how="the reference service"),
               Right(app_with(handler="filtering"), how="the errors with input, ctx and url left out")],
    ),
}
test_corpus = corpus_tests(CORPUS)


def test_blank_is_not_attempted():
    assert all(get(f"mle_serving.q{n}").grade(...).status == NOT_ATTEMPTED for n in range(1, 6))


def test_a_step_not_written_yet_is_not_attempted():  # q4 and q5 on the app before their cells are written
    app = learner_app(batch=False, handler=None)
    assert get("mle_serving.q4").grade(app).status == NOT_ATTEMPTED
    assert get("mle_serving.q5").grade(app).status == NOT_ATTEMPTED
    assert get("mle_serving.q3").grade(app).status == PASSED


def test_a_cell_run_twice_is_explained():
    app = learner_app()

    @app.post("/predict")
    def predict_again(customer: dict):
        return {"churn_probability": 0.5}

    outcome = get("mle_serving.q3").grade(app)
    assert outcome.status == INCORRECT and "two POST /predict routes" in outcome.message


def test_a_crash_shows_the_exception_text():
    app = learner_app()
    app.router.routes = [r for r in app.router.routes if getattr(r, "path", "") != "/health"]

    @app.get("/health")
    def health():
        raise RuntimeError("boom in health")

    outcome = get("mle_serving.q2").grade(app)
    assert outcome.status == INCORRECT and "RuntimeError: boom in health" in outcome.message


def test_a_handler_added_after_a_check_takes_effect():
    """The check of q4 starts the app before the q5 cell adds its handler, as in the notebook."""
    app = learner_app(handler=None)
    assert get("mle_serving.q4").grade(app).status == PASSED
    app.add_exception_handler(RequestValidationError, right_handler)
    assert get("mle_serving.q5").grade(app).status == PASSED


def test_the_schema_bad_cases_cover_every_category_and_range():
    from course_utils.mle.serving_checks import bad_customers

    named = " ".join(name for name, _ in bad_customers())
    assert all(field in named for field in model.CATEGORICAL + model.NUMERIC)

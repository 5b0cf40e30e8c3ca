"""Is the write-the-service question of 21_mle_serving graded three ways, with messages that point at
the failing behaviour?"""

import json
from contextlib import asynccontextmanager

import pandas as pd
import pytest
from fastapi import FastAPI, Request
from pydantic import ConfigDict, Field, create_model

from course_utils.mle import model, serving
from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_tools.notebooks.markup import BEGIN
from course_utils.paths import SOLUTIONS_DIR

QID = "mle_serving.q1"


@pytest.fixture(scope="module", autouse=True)
def artifact_in_a_tmp_dir(tmp_path_factory):
    """Learner apps load the default artifact, as in the notebook: point the default at a private copy,
    so tests never write into the repository's build/ folder."""
    directory = model.build_artifact(tmp_path_factory.mktemp("serving-check") / "churn-model")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(model, "DEFAULT_DIR", directory)
        yield


def learner_app(strict=True, tenure_range=True, categories=True, forbid_extra=True, max_batch=100,
                class_zero=False, lifespan_loads=True, constant=None, fixed_field=None, reversed_batch=False,
                key="churn_probability", load_per_request=False, bounds=True, other_categories=True,
                min_batch=1, tenure_max=True):
    """An app as a learner would write it, with one switch per mistake."""
    fields = {}
    for name, info in serving.Customer.model_fields.items():
        plain = (not categories and name == "Contract") or (not other_categories and name == "gender")
        annotation = str if plain else info.annotation
        if name == "tenure":
            fields[name] = (int, Field(ge=0, le=120 if tenure_max else None) if tenure_range else Field())
        elif name == "SeniorCitizen":
            fields[name] = (int, Field(ge=0, le=1) if bounds else Field())
        elif name == "MonthlyCharges":
            fields[name] = (float, Field(gt=0) if bounds else Field(ge=0))
        elif name == "TotalCharges":
            fields[name] = (float, Field())
        else:
            fields[name] = (annotation, Field())
    config = ConfigDict(strict=strict, extra="forbid" if forbid_extra else "ignore")
    Customer = create_model("Customer", __config__=config, **fields)
    Batch = create_model("Batch", customers=(list[Customer], Field(min_length=min_batch, max_length=max_batch)))

    @asynccontextmanager
    async def lifespan(app):
        app.state.artifact = model.load_artifact() if lifespan_loads else None
        yield
        app.state.artifact = None

    app = FastAPI(lifespan=lifespan)
    column = 0 if class_zero else 1

    @app.get("/health")
    def health(request: Request):
        return {"model_loaded": request.app.state.artifact is not None}

    @app.post("/predict")
    def predict(customer: Customer, request: Request):
        if constant is not None:
            return {key: constant}
        row = {**customer.model_dump(), **(fixed_field or {})}
        frame = pd.DataFrame([row])[list(model.FEATURES)]
        artifact = model.load_artifact() if load_per_request else request.app.state.artifact
        return {key: float(artifact.model.predict_proba(frame)[0, column])}

    @app.post("/predict/batch")
    def predict_batch(batch: Batch, request: Request):
        frame = pd.DataFrame([c.model_dump() for c in batch.customers])
        probabilities = request.app.state.artifact.predict_proba(frame).tolist()
        return {"churn_probability": probabilities[::-1] if reversed_batch else probabilities}

    return app


def test_blank_is_not_attempted():
    assert get(QID).grade(...).status == NOT_ATTEMPTED


def test_something_else_than_an_app_is_refused():
    outcome = get(QID).grade("app")
    assert outcome.status == INCORRECT and "FastAPI app object" in outcome.message


@pytest.mark.parametrize("mistake, words", [
    ({"tenure_range": False}, "tenure of -1"),
    ({"categories": False}, "Contract \"Weekly\""),
    ({"forbid_extra": False}, "extra field"),
    ({"max_batch": 1000}, "101 customers"),
    ({"strict": False}, "tenure sent as the text"),
    ({"class_zero": True}, "probability of class 1"),
    ({"lifespan_loads": False}, "model_loaded"),
    ({"constant": 0.26}, "a constant, or a field left out"),
    ({"fixed_field": {"Contract": "Month-to-month"}}, "the model says"),
    ({"reversed_batch": True}, "in another order"),
    ({"key": "probability"}, "no churn_probability field"),
    ({"load_per_request": True}, "Load it once, in the lifespan"),
    ({"bounds": False}, "SeniorCitizen 5"),
    ({"other_categories": False}, "Literal[...] for gender"),
    ({"min_batch": 0}, "no customers"),
    ({"tenure_max": False}, "tenure of 121"),
])
def test_each_mistake_gets_a_message_pointing_at_it(mistake, words):
    outcome = get(QID).grade(learner_app(**mistake))
    assert outcome.status == INCORRECT and words in outcome.message, outcome.message


def test_a_crashing_endpoint_is_reported_as_a_crash():
    app = FastAPI()

    @app.get("/health")
    def health():
        return {"model_loaded": True}

    @app.post("/predict")
    def predict(body: dict):
        raise RuntimeError("boom")

    outcome = get(QID).grade(app)
    assert outcome.status == INCORRECT and "answered 500" in outcome.message


def solution_app():
    """The app from the answer cell of the solution notebook, so the test grades what learners see."""
    notebook = json.loads((SOLUTIONS_DIR / "21_mle_serving_solution.ipynb").read_text())
    [cell] = [c for c in notebook["cells"] if c["cell_type"] == "code" and BEGIN in "".join(c["source"])]
    namespace = {}
    exec(compile("".join(cell["source"]), "answer cell", "exec"), namespace)
    return namespace["app"]


def test_the_solution_app_passes():
    assert get(QID).grade(solution_app()).status == PASSED


def test_a_learner_app_without_mistakes_passes():
    assert get(QID).grade(learner_app()).status == PASSED

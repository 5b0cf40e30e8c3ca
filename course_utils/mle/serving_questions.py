"""Questions of ``21_mle_serving``: the learner writes the churn service; a battery of requests grades it.

The battery runs through Starlette's ``TestClient`` inside its ``with`` block, so the app's lifespan
runs as it would under uvicorn. Each message names the request that went wrong and what to change.
"""

from __future__ import annotations

import math
from typing import Any

from course_utils.checks import CustomQuestion, describe

MAX_BATCH = 100  # the exercise's batch limit: POST /predict/batch takes at most this many customers


def _customer() -> dict:
    from course_utils.mle.serving import EXAMPLE

    return dict(EXAMPLE)


def _expected_probability() -> float:
    import pandas as pd

    from course_utils.mle import model

    return float(model.ensure_artifact().predict_proba(pd.DataFrame([_customer()]))[0])


def _said(response) -> str:
    return f"{response.status_code} {response.text[:120]}"


def _refused(client, name: str, body: Any, path: str = "/predict") -> str | None:
    """None when the bad request got a 4xx; otherwise what happened, for the message."""
    response = client.post(path, json=body)
    if 400 <= response.status_code < 500:
        return None
    if response.status_code >= 500:
        return (f"{name}: your app crashed ({response.status_code}). Let the schema reject bad input before your "
                "code runs, so the caller gets a 422 that says which field is wrong.")
    return f"{name}: your app answered {_said(response)}, but it should refuse it with a 4xx (422)."


def _battery(client) -> str | None:
    customer = _customer()
    health = client.get("/health")
    if health.status_code != 200:
        return (f"GET /health answered {_said(health)}. It should answer 200 with model_loaded once the lifespan "
                "has loaded the model.")
    if health.json().get("model_loaded") is not True:
        return f"GET /health answered {health.json()}: it should say \"model_loaded\": true once the model is loaded."
    single = client.post("/predict", json=customer)
    if single.status_code != 200:
        return f"POST /predict with a valid customer answered {_said(single)}; it should answer 200."
    probability = single.json().get("churn_probability") if isinstance(single.json(), dict) else None
    if not isinstance(probability, float) or not math.isclose(probability, _expected_probability(), abs_tol=1e-9):
        return (f"POST /predict returned churn_probability {describe(probability)}; expected the model's "
                f"predict_proba(...)[:, 1] for that customer, {_expected_probability():.4f}. Use the probability of "
                "class 1 (churn), not the label or class 0.")
    batch = client.post("/predict/batch", json={"customers": [customer] * 3})
    if batch.status_code != 200:
        return (f"POST /predict/batch with 3 valid customers ({{\"customers\": [...]}}) answered {_said(batch)}; "
                "it should answer 200.")
    probabilities = batch.json().get("churn_probability") if isinstance(batch.json(), dict) else None
    if not isinstance(probabilities, list) or len(probabilities) != 3:
        return (f"POST /predict/batch returned churn_probability {describe(probabilities)}; expected a list with "
                "one probability per customer sent (3).")
    bad_requests = [
        ("tenure sent as the text \"5\" (wrong type: use strict=True)", {**customer, "tenure": "5"}),
        ("a customer without tenure (missing field)", {k: v for k, v in customer.items() if k != "tenure"}),
        ("tenure of -1 (out of range: add ge=0)", {**customer, "tenure": -1}),
        ("Contract \"Weekly\" (unknown category: use Literal[...] or an Enum)", {**customer, "Contract": "Weekly"}),
        ("an extra field \"discount\" (use extra=\"forbid\")", {**customer, "discount": 10}),
    ]
    for name, body in bad_requests:
        problem = _refused(client, f"POST /predict with {name}", body)
        if problem:
            return problem
    return _refused(client, f"POST /predict/batch with {MAX_BATCH + 1} customers (over the limit: "
                            f"Field(max_length={MAX_BATCH}))", {"customers": [customer] * (MAX_BATCH + 1)},
                    path="/predict/batch")


def _grade_app(app: Any) -> str | None:
    from course_utils.mle.testclient import TestClient

    if not callable(app) or not hasattr(app, "router"):
        return f"Expected your FastAPI app object (app = FastAPI(...)), but got {describe(app)}."
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            return _battery(client)
    except Exception as exc:  # start-up or shut-down of the learner's app failed
        return (f"Starting or stopping your app failed: {exc.__class__.__name__}: {exc}. Check the lifespan "
                "function: load the model before its yield.")


q1 = CustomQuestion(
    id="mle_serving.q1",
    prompt=("Write a FastAPI app with a lifespan that loads the model, GET /health, POST /predict (one customer) and "
            f"POST /predict/batch ({{\"customers\": [...]}}, at most {MAX_BATCH}), refusing bad input with 422."),
    grader=_grade_app,
    pass_message=("Your service answers valid requests like the reference model and refuses every kind of bad "
                  "input with a 4xx."),
    hints=[
        "Start from the schema: one pydantic class with the 19 fields, model_config = ConfigDict(strict=True, "
        "extra='forbid'), Literal[...] for categories and Field(ge=..., le=...) for numbers.",
        "Load the model in an @asynccontextmanager lifespan: app.state.artifact = model.load_artifact(); yield; "
        "then set it back to None. Pass lifespan=lifespan to FastAPI(...).",
        "For the batch: class Batch(BaseModel): customers: list[Customer] = Field(min_length=1, max_length=100). "
        "Build the DataFrame with pd.DataFrame([c.model_dump() for c in batch.customers]).",
    ],
    solution_text="See solutions/21_mle_serving_solution.ipynb: the answer cell holds a complete app.",
)

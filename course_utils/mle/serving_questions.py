"""Questions of ``21_mle_serving``: the learner writes the churn service; a battery of requests grades it.

The battery runs through Starlette's ``TestClient`` inside its ``with`` block, so the app's lifespan
runs as it would under uvicorn. Each message names the request that went wrong and what to change.
"""

from __future__ import annotations

import math
from typing import Any

from course_utils.checks import CustomQuestion, describe

MAX_BATCH = 100  # the exercise's batch limit: POST /predict/batch takes at most this many customers


def _customers() -> list[dict]:
    """Varied customers: the lesson's example, then the first customer of each contract and internet
    service in the clean table. A service that ignores a field, or answers a constant, fails on some."""
    from course_utils.data import load_clean
    from course_utils.mle.model import FEATURES
    from course_utils.mle.serving import EXAMPLE

    rows = load_clean().groupby(["Contract", "InternetService"], sort=True).head(1)[list(FEATURES)]
    return [dict(EXAMPLE)] + rows.to_dict("records")


def _categorical_fields() -> tuple[str, ...]:
    from course_utils.mle.model import CATEGORICAL

    return CATEGORICAL


def _expected_probabilities(customers: list[dict]) -> list[float]:
    import pandas as pd

    from course_utils.mle import model

    return [float(p) for p in model.ensure_artifact().predict_proba(pd.DataFrame(customers))]


def _wrong_probability(got: Any, expected: float, customer: dict, where: str) -> str | None:
    """None when ``got`` is the model's churn probability; otherwise the likeliest reason it is not."""
    if isinstance(got, float) and math.isclose(got, expected, abs_tol=1e-9):
        return None
    if not isinstance(got, float):
        return f"{where} returned churn_probability {describe(got)}; it should be a number, the model's probability."
    if math.isclose(got, 1 - expected, abs_tol=1e-9):
        return (f"{where} returned {got:.4f}, the probability of class 0 (staying). Use the probability of "
                "class 1 (churn): predict_proba(...)[:, 1].")
    return (f"{where} returned {got:.4f} for the {customer['Contract']}, {customer['InternetService']} customer; "
            f"the model says {expected:.4f}. Score the request's own fields, every one of them (a constant, or a "
            "field left out or fixed, gives the same answer for different customers).")


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


def _battery(client, customers: list[dict], expected: list[float]) -> str | None:
    customer = customers[0]
    health = client.get("/health")
    if health.status_code != 200:
        return (f"GET /health answered {_said(health)}. It should answer 200 with model_loaded once the lifespan "
                "has loaded the model.")
    if health.json().get("model_loaded") is not True:
        return f"GET /health answered {health.json()}: it should say \"model_loaded\": true once the model is loaded."
    for number, (one, probability) in enumerate(zip(customers, expected), start=1):
        single = client.post("/predict", json=one)
        if single.status_code != 200:
            return f"POST /predict with a valid customer answered {_said(single)}; it should answer 200."
        body = single.json()
        if not isinstance(body, dict) or "churn_probability" not in body:
            return (f"POST /predict answered {describe(body)}, with no churn_probability field: return "
                    "{\"churn_probability\": ...}.")
        problem = _wrong_probability(body["churn_probability"], probability, one, f"POST /predict (customer {number})")
        if problem:
            return problem
    batch = client.post("/predict/batch", json={"customers": customers})
    if batch.status_code != 200:
        return (f"POST /predict/batch with {len(customers)} valid customers ({{\"customers\": [...]}}) answered "
                f"{_said(batch)}; it should answer 200.")
    probabilities = batch.json().get("churn_probability") if isinstance(batch.json(), dict) else None
    if not isinstance(probabilities, list) or len(probabilities) != len(customers):
        return (f"POST /predict/batch returned churn_probability {describe(probabilities)}; expected a list with "
                f"one probability per customer sent ({len(customers)}).")
    if all(isinstance(p, float) for p in probabilities) and sorted(probabilities) == sorted(expected) \
            and probabilities != expected:
        return ("POST /predict/batch returned the right probabilities in another order: return them in the order "
                "the customers were sent.")
    for one, got, probability in zip(customers, probabilities, expected):
        problem = _wrong_probability(got, probability, one, "POST /predict/batch")
        if problem:
            return problem
    bad_requests = [
        ("tenure sent as the text \"5\" (wrong type: use strict=True)", {**customer, "tenure": "5"}),
        ("a customer without tenure (missing field)", {k: v for k, v in customer.items() if k != "tenure"}),
        ("tenure of -1 (out of range: add ge=0)", {**customer, "tenure": -1}),
        ("Contract \"Weekly\" (unknown category: use Literal[...] or an Enum)", {**customer, "Contract": "Weekly"}),
        ("an extra field \"discount\" (use extra=\"forbid\")", {**customer, "discount": 10}),
        ("tenure of 121 (out of range: add le=120)", {**customer, "tenure": 121}),
        ("SeniorCitizen 5 (it is 0 or 1: Literal[0, 1] or ge=0, le=1)", {**customer, "SeniorCitizen": 5}),
        ("MonthlyCharges of 0 (it must be above 0: gt=0)", {**customer, "MonthlyCharges": 0.0}),
    ]
    # Every category field, not only Contract: each one is a Literal[...] of the data card's values.
    bad_requests += [(f"{name} \"Unknown value\" (unknown category: use Literal[...] for {name})",
                      {**customer, name: "Unknown value"}) for name in _categorical_fields()]
    for name, body in bad_requests:
        problem = _refused(client, f"POST /predict with {name}", body)
        if problem:
            return problem
    problem = _refused(client, "POST /predict/batch with no customers (the batch holds 1 to "
                               f"{MAX_BATCH}: Field(min_length=1, ...))", {"customers": []}, path="/predict/batch")
    if problem:
        return problem
    return _refused(client, f"POST /predict/batch with {MAX_BATCH + 1} customers (over the limit: "
                            f"Field(max_length={MAX_BATCH}))", {"customers": [customer] * (MAX_BATCH + 1)},
                    path="/predict/batch")


def _grade_app(app: Any) -> str | None:
    from course_utils.mle.testclient import TestClient

    if not callable(app) or not hasattr(app, "router"):
        return f"Expected your FastAPI app object (app = FastAPI(...)), but got {describe(app)}."
    from course_utils.mle import model

    customers = _customers()
    expected = _expected_probabilities(customers)  # before counting: the check's own load is not the app's
    loads = []
    real_load = model.load_artifact

    def counted_load(*args, **kwargs):
        loads.append(1)
        return real_load(*args, **kwargs)

    # Count the app's loads during the battery: loading per request makes every call pay for it.
    model.load_artifact = counted_load
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            problem = _battery(client, customers, expected)
    except Exception as exc:  # start-up or shut-down of the learner's app failed
        return (f"Starting or stopping your app failed: {exc.__class__.__name__}: {exc}. Check the lifespan "
                "function: load the model before its yield.")
    finally:
        model.load_artifact = real_load
    if problem is None and len(loads) > 1:
        return (f"Your app loaded the model {len(loads)} times while answering the checks' requests. Load it once, "
                "in the lifespan, and keep it in app.state for every request.")
    return problem


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

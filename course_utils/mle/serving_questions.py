"""Questions of ``21_mle_serving``: the learner builds the churn service step by step; requests grade each step.

q1 checks the ``Customer`` schema directly with pydantic; q2 to q5 send what a client would send
through Starlette's ``TestClient`` (``serving_checks.run``), so the app's lifespan runs as under
uvicorn. Each message names the request that went wrong and what to change.
"""

from __future__ import annotations

from typing import Any

from course_utils.checks import CustomQuestion, NotAttempted, describe
from course_utils.mle.serving_checks import (
    MAX_BATCH,
    TENURE_MAX,
    Problem,
    bad_customers,
    customers,
    expected,
    long_standing,
    run,
    said,
    wrong_probability,
)

__all__ = ["MAX_BATCH", "TENURE_MAX", "q1", "q2", "q3", "q4", "q5"]


def _grade_schema(schema: Any) -> str | None:
    from pydantic import BaseModel, ValidationError

    from course_utils.mle.model import FEATURES

    if not (isinstance(schema, type) and issubclass(schema, BaseModel)):
        return f"Expected your Customer class (class Customer(BaseModel): ...), but got {describe(schema)}."
    names = set(schema.model_fields)
    if names != set(FEATURES):
        missing, extra = sorted(set(FEATURES) - names), sorted(names - set(FEATURES))
        return f"Customer needs exactly the 19 fields of serving.EXAMPLE; missing {missing}, not features {extra}."
    edge = {**customers()[1], "tenure": 0, "TotalCharges": 0, "MonthlyCharges": 70}
    valid = [*customers(), edge, long_standing()]
    for number, payload in enumerate(valid, start=1):
        try:
            schema.model_validate(payload)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            why = (f" A real customer can stay longer than the training data's 72 months: refuse only what cannot "
                   f"be true (tenure up to {TENURE_MAX})." if where == "tenure" and payload["tenure"] == 100 else "")
            return (f"It refused valid customer {number} ({payload['Contract']}, tenure {payload['tenure']}): "
                    f"{where}: {first['msg']}.{why}")
    for name, payload in bad_customers():
        try:
            schema.model_validate(payload)
        except ValidationError:
            continue
        except Exception as exc:  # a validator the learner wrote may raise anything
            return f"A customer with {name} crashed the schema: {exc.__class__.__name__}: {exc}."
        return f"It accepted a customer with {name}."
    return None


q1 = CustomQuestion(
    id="mle_serving.q1",
    prompt=("Write the Customer schema: the 19 fields, strict, no extra fields, Literal[...] for every category, "
            f"and ranges for the numbers (tenure 0 to {TENURE_MAX})."),
    grader=_grade_schema,
    pass_message="Your schema accepts varied real customers and refuses every wrong type, range, category and extra.",
    hints=[
        "model_config = ConfigDict(strict=True, extra='forbid'): strict refuses \"5\" and false where a number is "
        "due, forbid refuses a field you did not declare.",
        "Each category is a Literal of the data card's values, e.g. Contract: Literal['Month-to-month', 'One year', "
        "'Two year']; numbers take Field(ge=..., le=...), e.g. tenure: int = Field(ge=0, le=120).",
        "SeniorCitizen: int = Field(ge=0, le=1); MonthlyCharges: float = Field(gt=0, le=1000); "
        "TotalCharges: float = Field(ge=0, le=100_000).",
    ],
    solution_text="See solutions/21_mle_serving_solution.ipynb, the answer cell of question 1.",
)


def _health(session) -> str | None:
    response = session.send("GET", "/health")
    if response.status_code != 200:
        return (f"GET /health answered {said(response)}. It should answer 200 with model_loaded once the lifespan "
                "has loaded the model.")
    body = response.json()
    if not isinstance(body, dict) or body.get("model_loaded") is not True:
        return f"GET /health answered {body}: it should say \"model_loaded\": true once the model is loaded."
    return None


def _battery_lifespan(session) -> str | None:
    try:
        problem = _health(session)
    except Problem as exc:
        if session.at_start == 0:
            raise Problem(f"{exc} Your app loaded no model while starting: pass lifespan=lifespan to "
                          "FastAPI(...).") from None
        raise
    if problem:
        return problem
    if session.at_start == 0:
        return ("Your app did not load the model while starting: it was loaded earlier, when the cell ran "
                "(at module level). Load it in the lifespan, before its yield: a module-level load runs in every "
                "process that imports the code (tests, tools), before the server can report it, and nothing "
                "releases it at shut-down.")
    if session.at_start > 1:
        return f"Your app loaded the model {session.at_start} times while starting: once is enough."
    for _ in range(3):
        _health(session)
    if len(session.loads) > session.at_start:
        return ("GET /health loaded the model again: load it once, in the lifespan, keep it in app.state.artifact, "
                "and only read it in the endpoints.")
    return None


q2 = CustomQuestion(
    id="mle_serving.q2",
    prompt="Create app = FastAPI(lifespan=...) whose lifespan loads the model once, and GET /health.",
    grader=lambda app: run(app, _battery_lifespan),
    pass_message="Your app loads the model once, while starting, and /health says so.",
    hints=[
        "Decorate an async function lifespan(app) with @asynccontextmanager: load the model into "
        "app.state.artifact with model.load_artifact(), then yield, then set it back to None.",
        "Create the app with FastAPI(title='My churn service', lifespan=lifespan): without lifespan=... it never runs.",
        "Add @app.get('/health') on a def health(request: Request) that returns {'model_loaded': "
        "request.app.state.artifact is not None}.",
    ],
    solution_text="See solutions/21_mle_serving_solution.ipynb, the answer cell of question 2.",
)


def _predictions(session, body: Any, where: str) -> Any:
    if not isinstance(body, dict) or "churn_probability" not in body:
        raise Problem(f"{where} answered {describe(body)}, with no churn_probability field: return "
                      "{\"churn_probability\": ...}.")
    return body["churn_probability"]


def _battery_predict(session) -> str | None:
    rows = [*customers(), long_standing()]
    for number, (one, want) in enumerate(zip(rows, expected(rows)), start=1):
        response = session.send("POST", "/predict", f"customer {number}", json=one)
        if response.status_code != 200:
            return f"POST /predict with valid customer {number} answered {said(response)}; it should answer 200."
        got = _predictions(session, response.json(), "POST /predict")
        problem = wrong_probability(got, want, one, f"POST /predict (customer {number})")
        if problem:
            return problem
    if len(session.loads) > session.at_start:
        return (f"Your app loaded the model {len(session.loads) - session.at_start} more times while answering "
                f"{len(rows)} predictions: read app.state.artifact, loaded once in the lifespan.")
    return None


q3 = CustomQuestion(
    id="mle_serving.q3",
    prompt="Add POST /predict: one Customer in, {\"churn_probability\": <the model's probability of churn>} out.",
    grader=lambda app: run(app, _battery_predict, ("POST", "/predict")),
    pass_message="Your /predict answers like the model for varied customers, without loading it again.",
    hints=[
        "@app.post('/predict') def predict(customer: Customer, request: Request): FastAPI validates the body "
        "with your schema before your code runs.",
        "artifact = request.app.state.artifact; artifact.predict_proba(pd.DataFrame([customer.model_dump()])) "
        "gives the churn probabilities (class 1), one per row.",
        "return {'churn_probability': float(artifact.predict_proba(pd.DataFrame([customer.model_dump()]))[0])}",
    ],
    solution_text="See solutions/21_mle_serving_solution.ipynb, the answer cell of question 3.",
)


def _refused(session, what: str, body: Any, path: str) -> str | None:
    response = session.send("POST", path, what, json=body)
    if 400 <= response.status_code < 500:
        return None
    return f"POST {path} with {what}: your app answered {said(response)}, but it should refuse it with a 422."


def _battery_batch(session) -> str | None:
    rows = list(customers())
    want = expected(rows)
    response = session.send("POST", "/predict/batch", f"{len(rows)} customers", json={"customers": rows})
    if response.status_code != 200:
        return (f"POST /predict/batch with {len(rows)} valid customers ({{\"customers\": [...]}}) answered "
                f"{said(response)}; it should answer 200.")
    got = _predictions(session, response.json(), "POST /predict/batch")
    if not isinstance(got, list) or len(got) != len(rows):
        return (f"POST /predict/batch returned churn_probability {describe(got)}; expected a list with one "
                f"probability per customer sent ({len(rows)}).")
    if all(isinstance(p, float) for p in got) and sorted(got) == sorted(want) and got != want:
        return ("POST /predict/batch returned the right probabilities in another order: return them in the order "
                "the customers were sent.")
    for one, p, w in zip(rows, got, want):
        problem = wrong_probability(p, w, one, "POST /predict/batch")
        if problem:
            return problem
    full = session.send("POST", "/predict/batch", f"{MAX_BATCH} customers", json={"customers": [rows[0]] * MAX_BATCH})
    if full.status_code != 200:
        return f"POST /predict/batch with {MAX_BATCH} customers answered {said(full)}: up to {MAX_BATCH} is allowed."
    if len(session.loads) > session.at_start:
        return "Your app loaded the model again for a batch: read app.state.artifact, loaded once in the lifespan."
    bad = [
        (f"no customers (the batch holds 1 to {MAX_BATCH}: Field(min_length=1, ...))", {"customers": []}),
        (f"{MAX_BATCH + 1} customers (over the limit: Field(max_length={MAX_BATCH}))",
         {"customers": [rows[0]] * (MAX_BATCH + 1)}),
        ("an extra field beside customers (extra=\"forbid\" on the batch too)", {"customers": rows[:2], "note": 1}),
        ("an extra field inside customer 2 (each row is a Customer)", {"customers": [rows[0], {**rows[1], "x": 1}]}),
        ("customer 2 with tenure -1 (each row is a Customer)", {"customers": [rows[0], {**rows[1], "tenure": -1}]}),
    ]
    for what, body in bad:
        problem = _refused(session, what, body, "/predict/batch")
        if problem:
            return problem
    return None


q4 = CustomQuestion(
    id="mle_serving.q4",
    prompt=(f"Add POST /predict/batch: {{\"customers\": [1 to {MAX_BATCH} customers]}} in, "
            "{\"churn_probability\": [one per customer, in order]} out."),
    grader=lambda app: run(app, _battery_batch, ("POST", "/predict/batch")),
    pass_message="Your batch answers like the model, in order, and refuses empty, oversized and padded batches.",
    hints=[
        "class Batch(BaseModel): model_config = ConfigDict(strict=True, extra='forbid'); customers: list[Customer] "
        f"= Field(min_length=1, max_length={MAX_BATCH})",
        "One DataFrame for the whole batch: pd.DataFrame([c.model_dump() for c in batch.customers]); its rows keep "
        "the order of the list.",
        "return {'churn_probability': artifact.predict_proba(rows).tolist()}",
    ],
    solution_text="See solutions/21_mle_serving_solution.ipynb, the answer cell of question 4.",
)


PRIVATE = "jane.doe@example.com"  # a value only the request holds: an error body must not repeat it


def _wrong_field(payload: dict) -> str:
    """The one field where ``payload`` differs from the first customer (added, removed or changed)."""
    one = customers()[0]
    return next(k for k in sorted(set(one) | set(payload)) if one.get(k, ...) != payload.get(k, ...))


def _battery_errors(session) -> str | None:
    broken = session.send("POST", "/predict", "a body that is not JSON", content=b'{"tenure": 5,',
                          headers={"content-type": "application/json"})
    if broken.status_code != 400:
        return (f"POST /predict with a body that is not JSON answered {said(broken)}; answer 400 (Bad Request): "
                "nothing could be read. In your RequestValidationError handler, an error of type 'json_invalid' "
                "means the JSON itself is broken.")
    one = customers()[0]
    requests = [(name, payload, "/predict") for name, payload in bad_customers()]
    requests += [(f"an extra field \"email\": \"{PRIVATE}\"", {**one, "email": PRIVATE}, "/predict"),
                 ("customer 2 of a batch with tenure -1", {"customers": [one, {**one, "tenure": -1}]},
                  "/predict/batch")]
    for name, payload, path in requests:
        response = session.send("POST", path, name, json=payload)
        field = "tenure" if path == "/predict/batch" else _wrong_field(payload)
        if response.status_code != 422:
            why = (" A field error is 422 (Unprocessable Content): the JSON was read, a field is wrong; 400 is for "
                   "a body that is not JSON." if response.status_code == 400 else "")
            return f"POST {path} with {name}: your app answered {said(response)}; it should answer 422.{why}"
        text = response.text
        if field not in text:
            return (f"POST {path} with {name} answered 422 without naming the field {field!r}: say which field is "
                    "wrong (from each error's loc), so the caller can fix the request.")
        if PRIVATE in text or str(one["TotalCharges"]) in text:
            return (f"POST {path} with {name}: your 422 repeats what the client sent ({text[:100]}...). FastAPI's "
                    "default error puts each rejected input in the body, and error bodies end up in logs and bug "
                    "reports: return only each field and its message.")
    return None


def _grade_errors(app: Any) -> str | None:
    from fastapi.exception_handlers import request_validation_exception_handler
    from fastapi.exceptions import RequestValidationError

    handlers = getattr(app, "exception_handlers", None)
    if isinstance(handlers, dict) and handlers.get(RequestValidationError) is request_validation_exception_handler:
        raise NotAttempted  # FastAPI's default handler: the learner has not added one yet
    return run(app, _battery_errors)


q5 = CustomQuestion(
    id="mle_serving.q5",
    prompt=("Add a RequestValidationError handler: 400 for a body that is not JSON; 422 for a field error, naming "
            "each wrong field and its message, never the input."),
    grader=_grade_errors,
    pass_message=("Your errors tell the caller what to fix (400 for broken JSON, 422 naming the field) and never "
                  "repeat the customer's data."),
    hints=[
        "@app.exception_handler(RequestValidationError) async def validation_error(request, exc): exc.errors() is a "
        "list of dicts with 'type', 'loc', 'msg' and 'input'; leave out 'input'.",
        "When any(e['type'] == 'json_invalid' for e in exc.errors()), the body is not JSON: answer "
        "JSONResponse({'detail': 'The body is not valid JSON.'}, status_code=400).",
        "return JSONResponse({'detail': [{'field': '.'.join(str(p) for p in e['loc'][1:]), 'message': e['msg']} "
        "for e in exc.errors()]}, status_code=422)",
    ],
    solution_text="See solutions/21_mle_serving_solution.ipynb, the answer cell of question 5.",
)

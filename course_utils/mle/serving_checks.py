"""What the checks of ``21_mle_serving`` send: varied customers, bad payloads, and a client that counts loads.

``run(app, battery)`` starts the learner's app in Starlette's ``TestClient`` (its lifespan runs as
under uvicorn), counts the model loads (calls of ``model.verify``, which ``load_artifact`` runs
however the learner imported it), and turns a crash of the app into a message with the
exception's own text. A battery returns a message, or raises ``Problem`` with one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from course_utils.checks import NotAttempted, describe
from course_utils.checks.tolerance import PROPORTION

MAX_BATCH = 100  # the exercise's batch limit: POST /predict/batch takes 1 to this many customers
TENURE_MAX = 120  # months; the data card's customers have 0 to 72 (see the exercise's question 1)
MONTHLY_MAX, TOTAL_MAX = 1_000, 100_000  # US dollars: sanity limits, as in the reference service


class Problem(Exception):
    """A message for the learner, raised from inside a battery of requests."""


@cache
def customers() -> tuple[dict, ...]:
    """Varied customers: the lesson's example, then the first customer of each contract and internet
    service in the clean table. A service that ignores a field, or answers a constant, fails on some."""
    from course_utils.data import load_clean
    from course_utils.mle.model import FEATURES
    from course_utils.mle.serving import EXAMPLE

    rows = load_clean().groupby(["Contract", "InternetService"], sort=True).head(1)[list(FEATURES)]
    return (dict(EXAMPLE), *rows.to_dict("records"))


def long_standing() -> dict:
    """A real customer of 100 months: beyond the training data's 72, well inside the schema's 120."""
    return {**customers()[0], "tenure": 100, "Contract": "Two year", "TotalCharges": 8550.0}


@cache
def _reference():
    """The model the answers are compared with, loaded once per process (so it never counts as the app's load)."""
    from course_utils.mle import model

    return model.ensure_artifact()


def expected(rows) -> list[float]:
    """The model's churn probability (class 1) for each customer."""
    import pandas as pd

    return [float(p) for p in _reference().predict_proba(pd.DataFrame(list(rows)))]


def bad_customers() -> list[tuple[str, dict]]:
    """(what is wrong and how to refuse it, payload): every type, range and category rule of the schema."""
    from course_utils.mle.model import CATEGORICAL

    one = customers()[0]
    bad = [
        ("tenure sent as the text \"5\" (wrong type: strict=True)", {**one, "tenure": "5"}),
        ("TotalCharges false (lax mode reads it as 0.0: strict=True)", {**one, "TotalCharges": False}),
        ("no tenure (missing field)", {k: v for k, v in one.items() if k != "tenure"}),
        ("an extra field \"discount\" (extra=\"forbid\")", {**one, "discount": 10}),
        ("tenure -1 (add ge=0)", {**one, "tenure": -1}),
        (f"tenure {TENURE_MAX + 1} (add le={TENURE_MAX})", {**one, "tenure": TENURE_MAX + 1}),
        ("SeniorCitizen 2 (it is 0 or 1: ge=0, le=1)", {**one, "SeniorCitizen": 2}),
        ("SeniorCitizen -1 (it is 0 or 1: ge=0, le=1)", {**one, "SeniorCitizen": -1}),
        ("MonthlyCharges 0 (a bill is above 0: gt=0)", {**one, "MonthlyCharges": 0.0}),
        ("MonthlyCharges -5.0 (a bill is above 0: gt=0)", {**one, "MonthlyCharges": -5.0}),
        (f"MonthlyCharges {MONTHLY_MAX + 0.5} (add le={MONTHLY_MAX})", {**one, "MonthlyCharges": MONTHLY_MAX + 0.5}),
        ("TotalCharges -1.0 (add ge=0)", {**one, "TotalCharges": -1.0}),
        (f"TotalCharges {TOTAL_MAX + 0.5} (add le={TOTAL_MAX})", {**one, "TotalCharges": TOTAL_MAX + 0.5}),
        ("Partner \"yes\" (the data card's values are exact: \"Yes\")", {**one, "Partner": "yes"}),
        ("Contract \"Weekly\" (not a contract: Literal[...])", {**one, "Contract": "Weekly"}),
    ]
    return bad + [(f"{name} \"Unknown value\" (use Literal[...] for {name})", {**one, name: "Unknown value"})
                  for name in CATEGORICAL]


def wrong_probability(got: Any, want: float, customer: dict, where: str) -> str | None:
    """None when ``got`` is the model's churn probability (within the course's PROPORTION tolerance: a service
    may round to 3 or more decimals); otherwise the likeliest reason it is not."""
    if isinstance(got, float) and PROPORTION.accepts(got, want):
        return None
    if not isinstance(got, float):
        return f"{where} returned churn_probability {describe(got)}; it should be a number, the model's probability."
    if PROPORTION.accepts(got, 1 - want):
        return (f"{where} returned {got:.4f}, the probability of class 0 (staying). Use the probability of "
                "class 1 (churn): predict_proba(...)[:, 1], or the Artifact's predict_proba.")
    if PROPORTION.rounded_too_far(got, want):
        return f"{where} returned {got} where the model says {want:.4f}. {PROPORTION.too_far_message()}"
    return (f"{where} returned {got:.4f} for the {customer['Contract']}, {customer['InternetService']} customer; "
            f"the model says {want:.4f}. Score the request's own fields, every one of them (a constant, or a "
            "field left out or fixed, gives the same answer for different customers).")


@dataclass
class Session:
    """The learner's running app: requests that turn a crash into a ``Problem``, and the model loads so far."""

    client: Any
    loads: list = field(default_factory=list)
    at_start: int = 0

    def send(self, method: str, path: str, what: str = "", **kwargs):
        try:
            return self.client.request(method, path, **kwargs)
        except Exception as exc:  # raised by the learner's app, passed on by TestClient
            raise Problem(f"{method} {path}{' with ' + what if what else ''} crashed your app (500): "
                          f"{exc.__class__.__name__}: {exc}") from None


def said(response) -> str:
    return f"{response.status_code} {response.text[:160]}"


def _duplicates(app) -> str | None:
    seen = set()
    for route in getattr(app, "routes", []):
        for method in sorted(getattr(route, "methods", None) or ()):
            key = (method, getattr(route, "path", ""))
            if key in seen:
                return (f"Your app has two {method} {key[1]} routes, and FastAPI answers with the first one, so a "
                        "fixed version never runs. Re-run the cell that creates `app`, then each cell after it once.")
            seen.add(key)
    return None


def run(app: Any, battery, route: tuple[str, str] | None = None) -> str | None:
    """Start ``app``, run ``battery(session)`` and return its message (None when every request went right).

    Not attempted (``NotAttempted``) when the app has no ``route`` (method, path) yet: that step's cell is unwritten.
    """
    from course_utils.mle import model
    from course_utils.mle.testclient import TestClient

    if not callable(app) or not hasattr(app, "router"):
        return f"Expected your FastAPI app object (app = FastAPI(...)), but got {describe(app)}."
    if route and not any(route[0] in (getattr(r, "methods", None) or ()) and getattr(r, "path", "") == route[1]
                         for r in app.routes):
        raise NotAttempted
    problem = _duplicates(app)
    if problem:
        return problem
    _reference()  # the check's own load happens before counting
    session, real_verify = Session(None), model.verify

    def counted(*args, **kwargs):
        session.loads.append(1)
        return real_verify(*args, **kwargs)

    app.middleware_stack = None  # rebuilt at start-up, so exception handlers added in later cells take effect
    model.verify = counted
    try:
        with TestClient(app) as client:
            session.client, session.at_start = client, len(session.loads)
            return battery(session)
    except Problem as exc:
        return str(exc)
    except Exception as exc:  # start-up or shut-down of the learner's app failed
        return (f"Starting or stopping your app failed: {exc.__class__.__name__}: {exc}. Check the lifespan "
                "function: load the model before its yield.")
    finally:
        model.verify = real_verify

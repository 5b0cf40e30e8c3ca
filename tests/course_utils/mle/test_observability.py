"""Can an operator run the churn service: request ids, an access log line per request, metrics that move,
liveness apart from readiness, a prediction log only when asked for, and docs that need no network?"""

import json
import logging
import re

import numpy as np
import pandas as pd
import pytest

from course_utils.data import load_clean
from course_utils.mle import model, observability, serving
from course_utils.mle.testclient import TestClient

EXAMPLE = serving.EXAMPLE


@pytest.fixture(scope="module")
def artifact_dir(tmp_path_factory):
    return model.build_artifact(tmp_path_factory.mktemp("observability") / "churn-model")


@pytest.fixture
def client(artifact_dir):
    with TestClient(serving.create_app(artifact_dir)) as c:
        yield c


def sample(metrics_text: str, name: str, **labels) -> float:
    """The value of one series in a Prometheus text page (0 if it is absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in metrics_text.splitlines():
        series, _, value = line.rpartition(" ")
        if series == (f"{name}{{{wanted}}}" if labels else name):
            return float(value)
    return 0.0


# --- request ids -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/livez", "/readyz", "/health", "/metrics", "/model", "/nowhere"])
def test_every_response_carries_a_fresh_request_id(client, path):
    first, second = client.get(path).headers["x-request-id"], client.get(path).headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second


@pytest.mark.parametrize("body, status", [(EXAMPLE, 200), ({**EXAMPLE, "tenure": -1}, 422)])
def test_a_clients_request_id_is_echoed(client, body, status):
    response = client.post("/predict", json=body, headers={"X-Request-ID": "checkout-42.a:b"})
    assert response.status_code == status and response.headers["x-request-id"] == "checkout-42.a:b"


@pytest.mark.parametrize("bad", ["has space", "x" * 129, "<script>", "semi;colon"])
def test_a_request_id_that_is_not_a_plain_token_is_replaced(client, bad):
    given = client.get("/livez", headers={"X-Request-ID": bad}).headers["x-request-id"]
    assert given != bad and re.fullmatch(r"[0-9a-f]{32}", given)


def test_a_refused_oversized_body_still_gets_one_request_id(client):
    response = client.post("/predict", content=b"{" + b" " * 20_000 + b"}", headers={
        "content-type": "application/json", "x-request-id": "big-1"})
    assert response.status_code == 413 and response.headers.get_list("x-request-id") == ["big-1"]


# --- the access log ---------------------------------------------------------------------------------

def test_one_json_access_line_per_request(client, caplog):
    caplog.set_level(logging.INFO, logger="course.access")
    client.post("/predict", json=EXAMPLE, headers={"X-Request-ID": "r-1"})
    client.get("/nowhere/7")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "course.access"]
    assert [(e["request_id"], e["method"], e["route"], e["status"]) for e in lines] == [
        ("r-1", "POST", "/predict", 200), (lines[1]["request_id"], "GET", "unmatched", 404)]
    assert all(e["ms"] >= 0 and e["time"].endswith("+00:00") for e in lines)
    assert "Fiber optic" not in caplog.text  # the access log never holds features


def test_log_to_stdout_prints_the_lines_once(artifact_dir, capsys):
    observability.log_to_stdout()
    observability.log_to_stdout()
    try:
        with TestClient(serving.create_app(artifact_dir)) as c:
            c.get("/livez", headers={"X-Request-ID": "stdout-1"})
        [line] = [json.loads(x) for x in capsys.readouterr().out.splitlines() if "stdout-1" in x]
        assert line["route"] == "/livez" and line["status"] == 200
    finally:
        for handler in list(observability.ACCESS_LOG.handlers):
            observability.ACCESS_LOG.removeHandler(handler)
        observability.ACCESS_LOG.setLevel(logging.NOTSET)


# --- metrics -----------------------------------------------------------------------------------------

def test_metrics_move_after_predictions(client, artifact_dir):
    before = client.get("/metrics").text
    client.post("/predict", json=EXAMPLE)
    client.post("/predict/batch", json={k: [v] * 7 for k, v in EXAMPLE.items()})
    client.post("/predict", json={**EXAMPLE, "tenure": -1})
    after = client.get("/metrics")
    assert after.headers["content-type"].startswith("text/plain; version=")
    text = after.text
    assert sample(text, "churn_predictions_total") - sample(before, "churn_predictions_total") == 8
    for route, status, n in [("/predict", 200, 1), ("/predict/batch", 200, 1), ("/predict", 422, 1)]:
        counted = sample(text, "churn_http_requests_total", method="POST", route=route, status=status)
        timed = sample(text, "churn_http_request_duration_seconds_count", route=route, status=status)
        assert counted - sample(before, "churn_http_requests_total", method="POST", route=route, status=status) == n
        assert timed == counted
    sha256 = model.file_hash(artifact_dir / "model.skops")
    assert sample(text, "churn_model_info", sha256=sha256, version="1.0.0") == 1


def test_metrics_label_routes_by_template_not_raw_path(client):
    for n in range(5):
        client.get(f"/scan/{n}")
    text = client.get("/metrics").text
    assert sample(text, "churn_http_requests_total", method="GET", route="unmatched", status=404) == 5
    assert "/scan/" not in text


# --- liveness and readiness ------------------------------------------------------------------------------

def test_livez_and_readyz_before_and_after_start_up(artifact_dir):
    app = serving.create_app(artifact_dir)
    cold = TestClient(app)  # not entered: the lifespan has not run, no model is loaded
    assert cold.get("/livez").json() == {"status": "alive"}
    assert cold.get("/readyz").status_code == 503
    with TestClient(app) as warm:
        assert warm.get("/readyz").json() == {"status": "ready", "model_version": "1.0.0"}


# --- the prediction log ----------------------------------------------------------------------------------

def test_the_prediction_log_is_off_unless_named(client):
    assert client.app.state.prediction_log is None


def test_the_prediction_log_holds_one_line_per_customer(artifact_dir, tmp_path):
    path = tmp_path / "logs" / "predictions.jsonl"
    rows = load_clean().head(5)[list(model.FEATURES)]
    with TestClient(serving.create_app(artifact_dir, prediction_log=path)) as c:
        c.post("/predict", json=EXAMPLE, headers={"X-Request-ID": "one"})
        c.post("/predict/batch", json=rows.to_dict("list"), headers={"X-Request-ID": "many"})
        c.post("/predict", json={**EXAMPLE, "tenure": -1})  # refused: not scored, not logged
    lines = [json.loads(x) for x in path.read_text().splitlines()]
    assert [x["request_id"] for x in lines] == ["one"] + ["many"] * 5
    expected = model.load_artifact(artifact_dir).predict_proba(pd.concat([pd.DataFrame([EXAMPLE]), rows]))
    np.testing.assert_allclose([x["churn_probability"] for x in lines], expected, atol=1e-12)
    assert lines[0]["features"] == EXAMPLE and lines[3]["features"] == rows.iloc[2].to_dict()
    assert {x["model_version"] for x in lines} == {"1.0.0"} and all(x["time"].endswith("+00:00") for x in lines)


def test_the_prediction_log_appends_across_restarts(artifact_dir, tmp_path):
    path = tmp_path / "predictions.jsonl"
    for _ in range(2):
        with TestClient(serving.create_app(artifact_dir, prediction_log=path)) as c:
            c.post("/predict", json=EXAMPLE)
    assert len(path.read_text().splitlines()) == 2


def test_reading_the_prediction_log_gives_back_what_was_scored(artifact_dir, tmp_path):
    """Does read_prediction_log give one row per customer, in order, with the features exactly as sent?"""
    path = tmp_path / "predictions.jsonl"
    rows = load_clean().iloc[10:16][list(model.FEATURES)].reset_index(drop=True)
    with TestClient(serving.create_app(artifact_dir, prediction_log=path)) as c:
        c.post("/predict/batch", json=rows.iloc[:4].to_dict("list"), headers={"X-Request-ID": "first"})
        c.post("/predict/batch", json=rows.iloc[4:].to_dict("list"), headers={"X-Request-ID": "second"})
    log = observability.read_prediction_log(path)
    assert list(log.columns) == ["time", "request_id", "model_version", "churn_probability", *model.FEATURES]
    assert log["request_id"].tolist() == ["first"] * 4 + ["second"] * 2
    pd.testing.assert_frame_equal(log[list(model.FEATURES)], rows, check_dtype=False)
    assert log["tenure"].dtype.kind == "i" and log["MonthlyCharges"].dtype.kind == "f"
    np.testing.assert_allclose(log["churn_probability"], model.load_artifact(artifact_dir).predict_proba(rows),
                               atol=1e-12)


def test_an_empty_prediction_log_reads_as_an_empty_table(tmp_path):
    path = tmp_path / "predictions.jsonl"
    path.write_text("\n")
    log = observability.read_prediction_log(path)
    assert log.empty and list(log.columns) == ["time", "request_id", "model_version", "churn_probability"]


GOOD = {"time": "2026-12-02T10:00:00.000+00:00", "request_id": "r1", "model_version": "1.0.0",
        "churn_probability": 0.25, "features": {"tenure": 3, "Contract": "One year"}}
GOOD_LINE = json.dumps(GOOD)


@pytest.mark.parametrize("bad_line, says", [
    (GOOD_LINE[:30], "Line 2 of {path} is not valid JSON (Invalid control character at: column 31): a write was"),
    ("[1, 2]", "Line 2 of {path} is not a JSON object"),
    (json.dumps({k: v for k, v in GOOD.items() if k != "model_version"}),
     "Line 2 of {path} lacks the field model_version."),
    (json.dumps({**GOOD, "features": [3, "One year"]}), "Line 2 of {path} has features that are not a JSON object."),
    (json.dumps({**GOOD, "features": {"months": 3, "Contract": "One year"}}),
     "Line 2 of {path} does not have the features of the first line (differs in months, tenure)."),
])
def test_a_bad_prediction_log_line_is_named_with_what_is_wrong(tmp_path, bad_line, says):
    """Does a cut-short or foreign line raise one sentence naming the file, the line and the fault?"""
    path = tmp_path / "predictions.jsonl"
    path.write_text(f"{GOOD_LINE}\n{bad_line}\n{GOOD_LINE}\n")
    with pytest.raises(observability.PredictionLogError) as caught:
        observability.read_prediction_log(path)
    assert str(caught.value).startswith(says.format(path=path)), str(caught.value)


def test_a_missing_prediction_log_says_how_to_get_one(tmp_path):
    with pytest.raises(observability.PredictionLogError, match=r"There is no prediction log at .*--prediction-log"):
        observability.read_prediction_log(tmp_path / "nowhere.jsonl")


# --- docs that need no network ---------------------------------------------------------------------------

def test_docs_name_no_outside_host_and_their_assets_are_served(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    assert not re.search(r"(https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]", page.text), "the page names an outside host"
    assets = re.findall(r'(?:href|src)="(/docs-assets/[^"]+)"', page.text)
    assert len(assets) == 3
    for asset in assets:
        shipped = (serving.DOCS_ASSETS / asset.removeprefix("/docs-assets/")).read_bytes()
        assert client.get(asset).content == shipped, asset


def test_the_docs_page_points_at_the_openapi_document(client):
    assert "url: '/openapi.json'" in client.get("/docs").text
    assert client.get("/openapi.json").json()["info"]["title"] == "Churn model"
    assert client.get("/redoc").status_code == 404  # ReDoc would load from a CDN: it is switched off

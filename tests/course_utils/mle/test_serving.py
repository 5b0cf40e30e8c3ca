"""Does the churn service answer every request correctly, refuse bad input with a 4xx that says why,
and refuse to start on a missing or tampered artifact?"""

import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.config import SchemathesisConfig

from course_utils.mle import model, serving
from course_utils.data import load_clean
from course_utils.mle.testclient import TestClient

EXAMPLE = serving.EXAMPLE
# Built at import, in a folder of this process's own, because schemathesis reads the schema (and so
# starts the app's lifespan) when the module loads; removed when the process exits.
_ARTIFACT_HOME = tempfile.TemporaryDirectory(prefix="course-serving-")
ARTIFACT_DIR = model.build_artifact(Path(_ARTIFACT_HOME.name) / "churn-model")
# All checks run. One is told a fact the schema cannot state: JSON Schema has no way to say that the
# batch's columns must be equally long, so a schema-valid batch with columns of different lengths
# is rightly refused with 422.
FUZZ_CONFIG = SchemathesisConfig.from_dict({"operations": [{
    "include-path": "/predict/batch",
    "checks": {"positive_data_acceptance": {"expected-statuses": ["2XX", 422]}},
}]})
fuzz_schema = schemathesis.openapi.from_asgi("/openapi.json", serving.create_app(ARTIFACT_DIR), config=FUZZ_CONFIG)


@pytest.fixture(scope="module")
def artifact_dir():
    return ARTIFACT_DIR


@pytest.fixture(scope="module")
def client(artifact_dir):
    with TestClient(serving.create_app(artifact_dir)) as c:
        yield c


def problems(response, status=422):
    """The (field, message) pairs of an error answer with ``status``."""
    assert response.status_code == status, response.text
    return [(p["field"], p["message"]) for p in response.json()["detail"]]


# --- the endpoints -----------------------------------------------------------------------------

def test_health_reports_the_loaded_model(client):
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["model_loaded"] is True and body["model_version"] == "1.0.0"
    assert body["uptime_seconds"] >= 0


def test_model_returns_the_artifact_metadata(client, artifact_dir):
    assert client.get("/model").json() == model.read_metadata(artifact_dir)


def test_predict_matches_the_model_in_process(client, artifact_dir):
    body = client.post("/predict", json=EXAMPLE).json()
    expected = model.load_artifact(artifact_dir).predict_proba(pd.DataFrame([EXAMPLE]))[0]
    assert body == {"churn_probability": pytest.approx(expected, abs=1e-12), "churn": bool(expected >= 0.5),
                    "model_version": "1.0.0"}


def test_batch_matches_the_model_in_process_row_for_row(client, artifact_dir):
    df = load_clean().head(300)
    columns = df[list(model.FEATURES)].to_dict("list")
    body = client.post("/predict/batch", json=columns).json()
    expected = model.load_artifact(artifact_dir).predict_proba(df)
    np.testing.assert_allclose(body["churn_probability"], expected, atol=1e-12)
    assert body["churn"] == (expected >= serving.THRESHOLD).tolist() and body["model_version"] == "1.0.0"


def test_a_pipeline_that_cannot_be_folded_is_scored_by_the_pipeline(artifact_dir, monkeypatch):
    def refuse(pipeline):
        raise serving.fastpath.UnsupportedPipeline("not linear")

    monkeypatch.setattr(serving.fastpath, "compile_pipeline", refuse)
    with TestClient(serving.create_app(artifact_dir)) as fallback:
        assert fallback.app.state.scorer is None
        body = fallback.post("/predict", json=serving.EXAMPLE).json()
    expected = model.load_artifact(artifact_dir).predict_proba(pd.DataFrame([serving.EXAMPLE]))[0]
    assert body["churn_probability"] == expected


def test_every_clean_customer_is_accepted_by_the_schema():
    """Are the schema's categories and ranges wide enough for every customer the model was trained on?"""
    df = load_clean()[list(model.FEATURES)]
    serving.CustomerBatch.model_validate(df.to_dict("list"))


def test_schema_categories_are_the_models_categories(artifact_dir):
    schema = model.read_metadata(artifact_dir)["feature_schema"]
    properties = serving.Customer.model_json_schema()["properties"]
    for name in model.CATEGORICAL:
        assert sorted(properties[name]["enum"]) == schema[name]["values"], name
    assert sorted(properties) == sorted(model.FEATURES)


# --- bad input: always a 4xx that names the field, never a 5xx -----------------------------------

@pytest.mark.parametrize("change, field, message", [
    ({"tenure": "5"}, "tenure", "valid integer"),
    ({"tenure": 5.5}, "tenure", "valid integer"),
    ({"SeniorCitizen": False}, "SeniorCitizen", "valid integer"),
    ({"MonthlyCharges": "85.5"}, "MonthlyCharges", "valid number"),
    ({"tenure": -1}, "tenure", "greater than or equal to 0"),
    ({"MonthlyCharges": 0}, "MonthlyCharges", "greater than 0"),
    ({"tenure": 500}, "tenure", "less than or equal to 120"),
    ({"Contract": "Weekly"}, "Contract", "'Month-to-month', 'One year' or 'Two year'"),
    ({"Partner": "yes"}, "Partner", "'Yes' or 'No'"),
    ({"loyalty_points": 3}, "loyalty_points", "Extra inputs are not permitted"),
])
def test_each_kind_of_bad_field_is_named_with_its_reason(client, change, field, message):
    found = problems(client.post("/predict", json={**EXAMPLE, **change}))
    assert len(found) == 1 and found[0][0] == field and message in found[0][1], found


def test_a_whole_float_counts_as_an_integer(client):
    """JSON has one number type, so 5.0 is the integer 5 (as JSON Schema says too)."""
    assert client.post("/predict", json={**EXAMPLE, "tenure": 5.0}).json() == client.post("/predict", json=EXAMPLE).json()


def test_a_missing_field_is_named(client):
    body = {k: v for k, v in EXAMPLE.items() if k != "tenure"}
    assert problems(client.post("/predict", json=body)) == [("tenure", "Field required")]


def test_errors_do_not_echo_the_customer_record(client):
    response = client.post("/predict", json={**EXAMPLE, "tenure": -1, "PaymentMethod": "Cash"})
    text = response.text
    assert response.status_code == 422
    assert "Fiber optic" not in text and "427.5" not in text and "Cash" not in text and '"input"' not in text


@pytest.mark.parametrize("content, content_type, status, words", [
    (b"", "application/json", 400, "The body is empty"),
    (b"", "text/plain", 400, "The body is empty"),
    (b"   ", "application/json", 400, "not valid JSON"),
    (b"{oops", "application/json", 400, "not valid JSON"),
    (b"[1, 2]", "application/json", 422, "valid dictionary"),
    (b"null", "application/json", 422, "valid dictionary"),
    (b'{"tenure": NaN}', "application/json", 422, "Input should be a valid"),  # an integer; for a batch, a list
    (json.dumps(EXAMPLE).encode(), "text/plain", 415, "must be JSON (Content-Type: application/json), not text/plain"),
    (json.dumps(EXAMPLE).encode(), "application/xml", 415, "not application/xml"),
    (json.dumps(EXAMPLE).encode(), "", 415, "not undeclared"),
])
@pytest.mark.parametrize("path", ["/predict", "/predict/batch"])
def test_unusable_bodies_get_a_4xx_that_says_why(client, path, content, content_type, status, words):
    response = client.post(path, content=content, headers={"content-type": content_type})
    found = problems(response, status)
    assert any(words in message for _, message in found), found
    if status != 422:  # the body as a whole is unusable: one problem, about the body
        assert [field for field, _ in found] == ["body"], found


def test_infinite_charges_are_refused(client):
    body = json.dumps(EXAMPLE).replace("85.5", "Infinity").encode()
    response = client.post("/predict", content=body, headers={"content-type": "application/json"})
    assert problems(response) == [("MonthlyCharges", "Input should be a finite number")]


def test_an_oversized_body_is_refused_with_413_before_parsing(client):
    padding = {**EXAMPLE, "note": "x" * serving.MAX_BODY_BYTES}
    response = client.post("/predict", json=padding)
    assert problems(response, 413) == [("body", "The body is over the limit of 16,384 bytes for /predict.")]


def test_the_largest_batch_fits_the_body_limit_and_one_more_row_does_not_validate(client):
    """Does a full batch of the longest values (and long floats) fit under the batch body limit?"""
    longest = {name: max(p["enum"], key=len)
               for name, p in serving.Customer.model_json_schema()["properties"].items() if "enum" in p}
    longest.update(SeniorCitizen=1, tenure=120, MonthlyCharges=999.9999999999999, TotalCharges=99999.99999999999)
    biggest = {k: [v] * serving.MAX_BATCH_ROWS for k, v in longest.items()}
    assert len(json.dumps(biggest)) < serving.MAX_BATCH_BODY_BYTES
    too_many = {k: [v] * (serving.MAX_BATCH_ROWS + 1) for k, v in EXAMPLE.items()}
    found = problems(client.post("/predict/batch", json=too_many))
    assert ("tenure", f"List should have at most {serving.MAX_BATCH_ROWS} items after validation, not "
                      f"{serving.MAX_BATCH_ROWS + 1}") in found


def test_batch_errors_point_at_the_row(client):
    columns = {k: [v] * 3 for k, v in EXAMPLE.items()}
    columns["tenure"] = [1, 2, -3]
    assert problems(client.post("/predict/batch", json=columns)) == [
        ("tenure[2]", "Input should be greater than or equal to 0")]


def test_batch_columns_of_different_lengths_are_refused(client):
    columns = {k: [v] * 3 for k, v in EXAMPLE.items()}
    columns["tenure"] = [1, 2]
    [(field, message)] = problems(client.post("/predict/batch", json=columns))
    assert field == "body" and "as many values as gender (3); tenure has 2" in message


def test_an_empty_batch_is_refused(client):
    found = problems(client.post("/predict/batch", json={k: [] for k in EXAMPLE}))
    assert ("gender", "List should have at least 1 item after validation, not 0") in found


def test_a_batch_over_the_body_limit_gets_413(client):
    response = client.post("/predict/batch", content=b" " * (serving.MAX_BATCH_BODY_BYTES + 1),
                           headers={"content-type": "application/json"})
    assert problems(response, 413) == [("body", "The body is over the limit of 4,194,304 bytes for /predict/batch.")]


def test_a_chunked_body_over_the_limit_gets_the_same_json_413(client):
    """No Content-Length to refuse by: the limit is counted as the body arrives."""
    chunks = iter([b"{" + b" " * 10_000, b" " * 10_000, b"}"])
    response = client.post("/predict", content=chunks, headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    assert problems(response, 413) == [("body", "The body is over the limit of 16,384 bytes for /predict.")]


# --- start-up and shut-down ----------------------------------------------------------------------

def test_lifespan_loads_the_model_and_releases_it(artifact_dir):
    app = serving.create_app(artifact_dir)
    assert app.state.artifact is None
    with TestClient(app) as c:
        assert isinstance(app.state.artifact, model.Artifact)
        assert c.get("/health").status_code == 200
    assert app.state.artifact is None


def test_without_a_loaded_model_endpoints_answer_503(artifact_dir):
    client = TestClient(serving.create_app(artifact_dir))  # not entered: the lifespan never runs
    assert client.get("/health").status_code == 503
    response = client.post("/predict", json=EXAMPLE)
    assert problems(response, 503) == [("model", "The model is not loaded yet.")]
    assert client.get("/readyz").status_code == 503 and client.get("/livez").status_code == 200


def test_a_tampered_artifact_stops_start_up_with_one_line(artifact_dir, tmp_path, caplog):
    for path in artifact_dir.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    with open(tmp_path / "model.skops", "ab") as handle:
        handle.write(b"\0")
    with pytest.raises(model.ArtifactError, match="does not match the SHA-256"):
        with TestClient(serving.create_app(tmp_path)):
            pass
    [record] = [r for r in caplog.records if r.name == "course.serving"]
    assert record.getMessage().startswith("Refusing to start: model.skops does not match")
    assert "\n" not in record.getMessage()


def test_a_missing_artifact_stops_start_up(tmp_path):
    with pytest.raises(model.ArtifactError, match="No model artifact"):
        with TestClient(serving.create_app(tmp_path / "nothing")):
            pass


# --- the OpenAPI contract --------------------------------------------------------------------------

def test_openapi_declares_every_status_code_and_an_example(client):
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert set(paths["/predict"]["post"]["responses"]) == {"200", "400", "413", "415", "422", "503"}
    assert set(paths["/predict/batch"]["post"]["responses"]) == {"200", "400", "413", "415", "422", "503"}
    for path in ("/health", "/readyz", "/model"):
        assert set(paths[path]["get"]["responses"]) == {"200", "503"}, path
    assert set(paths["/livez"]["get"]["responses"]) == set(paths["/metrics"]["get"]["responses"]) == {"200"}
    batch_body = paths["/predict/batch"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert batch_body == serving.CustomerBatch.model_json_schema()
    schemas = spec["components"]["schemas"]
    assert schemas["Customer"]["examples"] == [EXAMPLE]
    assert schemas["Customer"]["additionalProperties"] is False
    assert f"{serving.MAX_BATCH_ROWS:,}" in paths["/predict/batch"]["post"]["description"]


# --- property-based fuzzing of the whole API with schemathesis ------------------------------------

# Hypothesis drives each operation directly (one plain test per operation and mode): schemathesis's own
# parametrize packs phases into pytest subtests, of which pytest-xdist runs only the first.
FUZZ_EXAMPLES = 260  # per body operation and mode: 2 operations x 2 modes x 260 = 1,040 requests at least
OPERATIONS = {op.label: op for op in (result.ok() for result in fuzz_schema.get_all_operations())}


MODES = [(label, mode) for label in sorted(OPERATIONS) for mode in schemathesis.GenerationMode
         if label.startswith("POST") or mode is schemathesis.GenerationMode.POSITIVE]  # a GET has no input to break


@pytest.mark.parametrize("label, mode", MODES)
def test_every_generated_request_meets_the_openapi_contract(label, mode):
    """Does every generated request, valid or not, get a declared status and a conforming body, never a 5xx?"""
    sent = []

    @given(case=OPERATIONS[label].as_strategy(generation_mode=mode))
    @settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def check(case):
        sent.append(case)
        case.call_and_validate()

    check()
    if label.startswith("POST"):
        assert len(sent) >= FUZZ_EXAMPLES, f"only {len(sent)} requests were generated for {label}"

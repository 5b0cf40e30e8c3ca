"""Does every error come in one JSON shape, with at most 20 problems listed and the rest counted, and does
the service keep answering /livez while it checks a huge invalid batch?"""

import json
import threading
import time

import httpx
import pytest

from course_utils.mle import bench, errors, serving
from course_utils.mle.testclient import TestClient

EXAMPLE = serving.EXAMPLE
ROWS = serving.MAX_BATCH_ROWS
ALL_WRONG = {k: ["wrong"] * ROWS for k in EXAMPLE}  # every one of 19 x 10,000 values is refused


@pytest.fixture(scope="module")
def client():
    with TestClient(serving.create_app()) as c:
        yield c


def test_a_batch_with_every_value_wrong_lists_20_problems_and_counts_the_rest(client):
    response = client.post("/predict/batch", json=ALL_WRONG)
    body = response.json()
    assert response.status_code == 422 and len(body["detail"]) == serving.MAX_PROBLEMS == 20
    assert body["more_problems"] == len(EXAMPLE) * ROWS - 20
    assert len(response.content) < 5_000  # the uncapped answer was 16.8 MB
    assert body["detail"][0] == {"field": "gender[0]", "message": "Input should be 'Female' or 'Male'"}


def test_problems_in_later_chunks_keep_their_row_numbers(client):
    columns = {k: [v] * 1_200 for k, v in EXAMPLE.items()}
    columns["tenure"][1_150] = -1
    columns["Contract"][3] = "Weekly"
    body = client.post("/predict/batch", json=columns).json()
    assert [p["field"] for p in body["detail"]] == ["Contract[3]", "tenure[1150]"] and body["more_problems"] == 0


def test_a_batch_of_wrong_shape_is_named_without_checking_each_value(client):
    columns = {k: ["wrong"] * 50 for k in EXAMPLE if k != "tenure"}
    columns["loyalty"] = [1]
    found = {(p["field"], p["message"]) for p in client.post("/predict/batch", json=columns).json()["detail"]}
    assert found == {("tenure", "Field required"), ("loyalty", "Extra inputs are not permitted")}


@pytest.mark.parametrize("path", ["/predict", "/predict/batch"])
@pytest.mark.parametrize("content, status", [(b"", 400), (b"{oops", 400), (b"\xff\xfe{}", 400), (b"[1]", 422)])
def test_every_error_status_has_the_one_shape(client, path, content, status):
    response = client.post(path, content=content, headers={"content-type": "application/json"})
    assert response.status_code == status and response.headers["content-type"] == "application/json"
    assert set(response.json()) == {"detail", "more_problems"} and response.json()["detail"]


@pytest.mark.parametrize("method, path, status", [("GET", "/nowhere", 404), ("GET", "/predict", 405),
                                                  ("DELETE", "/livez", 405)])
def test_routing_errors_have_the_one_shape_too(client, method, path, status):
    response = client.request(method, path)
    assert response.status_code == status
    assert response.json()["detail"][0]["field"] == "request" and response.json()["more_problems"] == 0


def test_the_error_body_schema_caps_its_list():
    assert serving.ErrorBody.model_json_schema()["properties"]["detail"]["maxItems"] == errors.MAX_PROBLEMS


def test_livez_answers_while_a_huge_invalid_batch_is_checked():
    """Validation runs off the event loop, a chunk at a time: /livez must answer during it, not after."""
    body = json.dumps(ALL_WRONG).encode()
    with bench.running_server() as url:
        done, answered_during = threading.Event(), []

        def send_batch():
            with httpx.Client(base_url=url, timeout=60) as batch_client:
                for _ in range(3):  # three in a row, so the window is wide enough to poll in
                    assert batch_client.post("/predict/batch", content=body,
                                             headers={"content-type": "application/json"}).status_code == 422
            done.set()

        with httpx.Client(base_url=url, timeout=60) as probe:
            probe.get("/livez")
            sender = threading.Thread(target=send_batch)
            sender.start()
            while not done.is_set():
                response = probe.get("/livez")
                if not done.is_set():
                    answered_during.append(response.status_code)
                time.sleep(0.005)
            sender.join()
    assert answered_during and set(answered_during) == {200}

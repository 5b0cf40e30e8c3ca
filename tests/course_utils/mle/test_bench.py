"""Does lesson 22's timing kit compute percentiles correctly, and do its measurement routes serve the real app?"""

import numpy as np
import pytest

from course_utils.mle import bench


def test_percentiles_use_numpy_linear_interpolation():
    assert bench.percentiles(np.arange(1.0, 101.0)) == pytest.approx({"p50": 50.5, "p95": 95.05, "p99": 99.01})


@pytest.fixture(scope="module")
def bench_client(tmp_path_factory):
    from course_utils.mle import model
    from course_utils.mle.testclient import TestClient

    artifact_dir = model.build_artifact(tmp_path_factory.mktemp("bench") / "churn-model")
    with TestClient(bench.create_bench_app(str(artifact_dir))) as client:
        yield client


def test_every_measurement_route_agrees_with_the_real_predict(bench_client):
    from course_utils.mle.serving import EXAMPLE

    real = bench_client.post("/predict", json=EXAMPLE).json()
    for path in ("/predict/pipeline", "/predict/load-per-request", "/predict/async"):
        answer = bench_client.post(path, json=EXAMPLE).json()
        assert answer["churn"] == real["churn"] and answer["model_version"] == real["model_version"], path
        assert answer["churn_probability"] == pytest.approx(real["churn_probability"], abs=1e-12), path
    assert bench_client.post("/validate", json=EXAMPLE).json() == {"valid": True}


def test_the_pipeline_batch_route_agrees_with_the_real_batch(bench_client):
    from course_utils.data import load_production
    from course_utils.mle.model import FEATURES

    columns = load_production()[list(FEATURES)].head(50).to_dict("list")
    real = bench_client.post("/predict/batch", json=columns).json()
    plain = bench_client.post("/predict/batch/pipeline", json=columns).json()
    assert plain["churn"] == real["churn"]
    np.testing.assert_allclose(plain["churn_probability"], real["churn_probability"], rtol=0, atol=1e-12)


def test_measurement_routes_validate_like_the_service(bench_client):
    from course_utils.mle.serving import EXAMPLE

    for path in ("/validate", "/predict/pipeline", "/predict/async"):
        response = bench_client.post(path, json={**EXAMPLE, "tenure": -1})
        assert response.status_code == 422 and response.json()["detail"][0]["field"] == "tenure", path


def test_interleaved_times_every_call_n_times():
    calls = []
    samples = bench.interleaved({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, n=3, warmup=1)
    assert calls == ["a", "b", "b", "a"] * 2  # the order rotates, so neither always follows the other
    assert {name: len(ms) for name, ms in samples.items()} == {"a": 3, "b": 3}


def test_interleaved_calls_rotate_so_none_always_follows_the_same_one():
    """Does each function run in every position, so a heavy call does not always slow the same neighbour?"""
    order = []
    bench.interleaved({name: (lambda name=name: order.append(name)) for name in "abc"}, n=3, warmup=0)
    assert order == list("abcbcacab")


def test_running_server_serves_on_loopback_and_stops(tmp_path):
    import httpx

    from course_utils.mle import model

    artifact_dir = model.build_artifact(tmp_path / "churn-model")
    with bench.running_server(artifact_dir) as url:
        assert url.startswith("http://127.0.0.1:")
        assert httpx.get(f"{url}/health").json()["model_loaded"] is True
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/health", timeout=2.0)

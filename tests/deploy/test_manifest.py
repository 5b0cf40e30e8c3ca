"""Does the Kubernetes manifest probe routes the service really has, each answering as the probe expects?"""

import yaml

from course_utils.mle import dockerfile, serving
from course_utils.mle.testclient import TestClient
from course_utils.paths import ROOT

MANIFEST = ROOT / "deploy" / "churn-service.yaml"


def container():
    deployment = next(d for d in yaml.safe_load_all(MANIFEST.read_text()) if d["kind"] == "Deployment")
    [spec] = deployment["spec"]["template"]["spec"]["containers"]
    return spec


def test_the_three_probes_are_there_and_point_at_the_named_port():
    spec = container()
    ports = {p["name"]: p["containerPort"] for p in spec["ports"]}
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert spec[probe]["httpGet"]["port"] in ports, probe
    command = dockerfile.command((ROOT / "serving.Dockerfile").read_text())
    assert ports["http"] == int(command[command.index("--port") + 1])  # the port the image listens on


def test_liveness_answers_before_the_model_loads_and_readiness_only_after():
    spec = container()
    live, ready = spec["livenessProbe"]["httpGet"]["path"], spec["readinessProbe"]["httpGet"]["path"]
    assert spec["startupProbe"]["httpGet"]["path"] == live
    app = serving.create_app()
    routes = {route.path for route in app.routes if "GET" in getattr(route, "methods", ())}
    assert {live, ready} <= routes
    cold = TestClient(app)  # the lifespan has not run: no model yet
    assert cold.get(live).status_code == 200 and cold.get(ready).status_code == 503
    with TestClient(app) as warm:
        assert warm.get(live).status_code == 200 and warm.get(ready).status_code == 200


def test_memory_has_a_request_and_a_higher_limit():
    resources = container()["resources"]
    mebibytes = {k: int(v["memory"].removesuffix("Mi")) for k, v in resources.items()}
    assert 256 <= mebibytes["requests"] < mebibytes["limits"]

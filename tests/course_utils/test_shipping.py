"""Does the Dockerfile copy only files that exist, run the real service as a non-root user with a
health check, and does the CI workflow run the CI entry point, then build and try the image?"""

import importlib

import yaml
from fastapi import FastAPI

from course_utils import serving, shipping
from course_utils.paths import ROOT

DOCKERFILE_TEXT = shipping.DOCKERFILE.read_text()


def test_instructions_join_continuations_and_skip_comments():
    text = "# a comment\nFROM python:3.11-slim\nRUN pip install \\\n    a b\n\nUSER app\n"
    assert shipping.instructions(text) == [("FROM", "python:3.11-slim"), ("RUN", "pip install a b"),
                                           ("USER", "app")]


def test_copied_sources_skip_destinations_flags_and_other_stages():
    text = ('COPY a.txt b/ ./\nCOPY --chown=app:app ["c d.txt", "/x/"]\nCOPY --from=builder /wheels /wheels\n'
            "ADD e.tar.gz /opt/\n")
    assert shipping.copied_sources(text) == ["a.txt", "b/", "c d.txt", "e.tar.gz"]


def test_command_is_the_last_cmd():
    assert shipping.command('CMD ["a"]\nCMD ["b", "c"]\n') == ["b", "c"]
    assert shipping.command("FROM x\n") == []


def test_every_file_the_dockerfile_copies_exists():
    sources = shipping.copied_sources(DOCKERFILE_TEXT)
    assert "course_utils/" in sources and "requirements.lock" in sources
    for source in sources:
        assert (ROOT / source).exists(), f"the Dockerfile copies {source}, which is not in the repository"


def test_the_image_command_runs_the_real_app_with_one_worker():
    cmd = shipping.command(DOCKERFILE_TEXT)
    assert cmd[0] == "uvicorn"
    module_name, attribute = cmd[1].split(":")
    app = getattr(importlib.import_module(module_name), attribute)
    assert app is serving.app and isinstance(app, FastAPI)
    assert cmd[cmd.index("--workers") + 1] == "1"
    paths = {route.path for route in app.routes}
    assert {"/health", "/predict", "/predict/batch"} <= paths


def test_the_image_trains_its_model_runs_as_non_root_and_checks_health():
    steps = shipping.instructions(DOCKERFILE_TEXT)
    words = [word for word, _ in steps]
    assert steps[0] == ("FROM", "python:3.11-slim")
    assert any(word == "RUN" and "course model build" in args for word, args in steps)
    users = [args for word, args in steps if word == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert words.index("USER") < words.index("CMD")
    [health] = [args for word, args in steps if word == "HEALTHCHECK"]
    port = shipping.command(DOCKERFILE_TEXT)[shipping.command(DOCKERFILE_TEXT).index("--port") + 1]
    assert f"127.0.0.1:{port}/health" in health


def test_ci_workflow_runs_the_ci_entry_point_then_builds_and_smoke_tests_the_image():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    runs = {name: "\n".join(step.get("run", "") for step in job["steps"]) for name, job in workflow["jobs"].items()}
    assert ".ci/run" in runs["test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "docker build -f serving.Dockerfile" in runs["image"] and "/predict" in runs["image"]
    assert workflow["jobs"]["image"]["needs"] == "test"

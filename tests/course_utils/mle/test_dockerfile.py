"""Does the Dockerfile build in two stages from files that exist, hand only the artifact to a runtime
stage that installs only the service's packages, run the real service as a non-root user with a health
check, and does the CI workflow run the CI entry point, then build and try the image?"""

import fnmatch
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from fastapi import FastAPI

from course_tools import cli, model_commands, service_commands
from course_utils.mle import dockerfile, model, observability
from course_utils.paths import ROOT

DOCKERFILE_TEXT = dockerfile.DOCKERFILE.read_text()
TRAIN, RUNTIME = dockerfile.stages(DOCKERFILE_TEXT)


def test_instructions_join_continuations_and_skip_comments():
    text = "# a comment\nFROM python:3.11-slim\nRUN pip install \\\n    a b\n\nUSER app\n"
    assert dockerfile.instructions(text) == [("FROM", "python:3.11-slim"), ("RUN", "pip install a b"),
                                           ("USER", "app")]


def test_copied_sources_skip_destinations_flags_and_other_stages():
    text = ('COPY a.txt b/ ./\nCOPY --chown=app:app ["c d.txt", "/x/"]\nCOPY --from=builder /wheels /wheels\n'
            "ADD e.tar.gz /opt/\n")
    assert dockerfile.copied_sources(text) == ["a.txt", "b/", "c d.txt", "e.tar.gz"]


def test_stages_are_named_and_know_what_they_copy_from_where():
    text = ("FROM python:3.11 AS build\nRUN make\nFROM --platform=linux/amd64 python:3.11-slim\n"
            "COPY --from=build /out /app/out\nCOPY --chown=app a.txt ./\n")
    build, final = dockerfile.stages(text)
    assert (build.name, build.image, build.steps) == ("build", "python:3.11", (("RUN", "make"),))
    assert (final.name, final.image) == ("1", "python:3.11-slim")
    assert final.copies == [dockerfile.Copy(("/out",), "/app/out", "build"), dockerfile.Copy(("a.txt",), "./", None)]


def test_command_is_the_last_cmd():
    assert dockerfile.command('CMD ["a"]\nCMD ["b", "c"]\n') == ["b", "c"]
    assert dockerfile.command("FROM x\n") == []


def test_packages_for_follows_extras_and_their_markers():
    base = set(dockerfile.packages_for("ds-vs-mle-course"))
    serving = set(dockerfile.packages_for("ds-vs-mle-course[serving]"))
    lab = set(dockerfile.packages_for("ds-vs-mle-course[lab]"))
    assert {"ds-vs-mle-course", "scikit-learn", "numpy"} <= base and "fastapi" not in base
    assert base < serving < lab and {"fastapi", "uvicorn", "starlette"} <= serving
    assert "jupyterlab" not in serving and "jupyterlab" in lab
    assert "nbgrader" not in lab and "pytest" not in lab


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Whether a .dockerignore pattern matches ``path`` or a folder above it (no ``!`` exceptions here)."""
    parts = Path(path).parts
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    return any(fnmatch.fnmatchcase(prefix, pattern) for prefix in prefixes for pattern in patterns)


def test_every_file_the_dockerfile_copies_exists_and_reaches_the_build_context():
    sources = dockerfile.copied_sources(DOCKERFILE_TEXT)
    assert "course_utils/" in sources and "requirements.lock" in sources
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert not any(p.startswith("!") for p in patterns), "dockerignored() does not handle ! exceptions"
    for source in sources:
        assert (ROOT / source).exists(), f"the Dockerfile copies {source}, which is not in the repository"
        assert not dockerignored(source.rstrip("/"), patterns), f".dockerignore leaves {source} out"
    for heavy in (".venv/bin/python", ".git/HEAD", "build/churn-model/model.skops", "notebooks/x.ipynb",
                  "course_utils/__pycache__/cli.cpython-311.pyc"):
        assert dockerignored(heavy, patterns), f"{heavy} would be sent to the Docker daemon"


def test_both_stages_start_from_the_same_pinned_slim_python():
    assert (TRAIN.name, RUNTIME.name) == ("train", "runtime")
    assert re.fullmatch(r"python:3\.11\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?", TRAIN.image)
    assert RUNTIME.image == TRAIN.image  # the artifact is loaded by the Python that built it


def run_lines(stage: dockerfile.Stage) -> list[str]:
    return [args for word, args in stage.steps if word == "RUN"]


def test_the_train_stage_installs_the_base_set_and_builds_the_artifact_from_the_shipped_data():
    [install] = [line for line in run_lines(TRAIN) if line.startswith("pip install")]
    assert install == "pip install -c requirements.lock ."
    [build] = [line for line in run_lines(TRAIN) if "course model build" in line]
    args = cli.build_parser().parse_args(build.split()[1:])
    assert args.func is model_commands.cmd_model_build and args.dir == Path("/artifact")
    assert args.data == Path("data/telco_churn_clean.csv")
    assert any(copy.sources == (str(args.data),) for copy in TRAIN.copies)


def test_the_runtime_stage_installs_only_the_serving_set_and_takes_only_the_artifact():
    [install] = [line for line in run_lines(RUNTIME) if line.startswith("pip install")]
    assert install == 'pip install -c requirements.lock ".[serving]"'
    assert "-e" not in install.split()  # a real install, as in production: nothing points back at /src
    sources = [source for copy in RUNTIME.copies if copy.stage is None for source in copy.sources]
    assert not any(source.startswith(("data", "notebooks", "solutions", "tests")) for source in sources)
    [from_train] = [copy for copy in RUNTIME.copies if copy.stage is not None]
    assert from_train == dockerfile.Copy(("/artifact",), "/artifact", TRAIN.name)


def test_the_image_command_serves_the_copied_artifact_with_one_worker(monkeypatch):
    cmd = dockerfile.command(DOCKERFILE_TEXT)
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts[cmd[0]] == "course_tools.cli:main"
    args = cli.build_parser().parse_args(cmd[1:])
    assert args.func is service_commands.cmd_serve and args.host == "0.0.0.0" and args.dir == Path("/artifact")
    started = {}
    monkeypatch.setattr(model, "load_artifact", lambda directory, public_key=None: None)  # /artifact: only in the image
    monkeypatch.setattr(observability, "log_to_stdout", lambda: None)  # would outlive this test's captured stdout
    monkeypatch.setattr("uvicorn.run", lambda app, **options: started.update(app=app, **options))
    assert args.func(args) == 0
    assert isinstance(started["app"], FastAPI) and started["workers"] == 1 and started["port"] == 8000
    assert {"/health", "/predict", "/predict/batch"} <= {route.path for route in started["app"].routes}


def test_the_image_runs_as_non_root_and_checks_health():
    words = [word for word, _ in RUNTIME.steps]
    users = [args for word, args in RUNTIME.steps if word == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert words.index("USER") < words.index("CMD")
    [health] = [args for word, args in RUNTIME.steps if word == "HEALTHCHECK"]
    port = dockerfile.command(DOCKERFILE_TEXT)[dockerfile.command(DOCKERFILE_TEXT).index("--port") + 1]
    assert f"127.0.0.1:{port}/readyz" in health  # healthy means ready to serve, not merely running


@pytest.mark.parametrize("route", ["/readyz", "/livez", "/health"])
def test_review_accepts_a_health_check_on_any_health_route(route):
    assert dockerfile.review(DOCKERFILE_TEXT.replace("8000/readyz", f"8000{route}")) == []


def test_review_names_the_health_routes_when_the_check_calls_another():
    assert dockerfile.review(DOCKERFILE_TEXT.replace("8000/readyz", "8000/predict")) == [
        "The HEALTHCHECK does not call a health route: /readyz (ready to serve, the best fit), /livez or /health."]


def test_ci_workflow_runs_the_ci_entry_point_then_builds_and_smoke_tests_the_image():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text())
    runs = {name: "\n".join(step.get("run", "") for step in job["steps"]) for name, job in workflow["jobs"].items()}
    assert ".ci/run" in runs["test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "docker build -f serving.Dockerfile" in runs["image"] and "/predict" in runs["image"]
    assert workflow["jobs"]["image"]["needs"] == "test"


def test_review_finds_nothing_wrong_with_the_course_dockerfile():
    assert dockerfile.review(DOCKERFILE_TEXT) == []


def test_review_names_each_flaw_of_a_first_attempt_once():
    text = ("FROM python:3.11\nCOPY . .\nRUN pip install fastapi\nRUN pip install .\n"
            "USER app\nHEALTHCHECK CMD curl -f http://127.0.0.1:8000/health\n"
            'CMD ["uvicorn", "course_utils.mle.serving:app", "--port", "8080"]\nEXPOSE 8000\n')
    problems = dockerfile.review(text)
    expected_starts = ["FROM python:3.11:", "COPY .:", "A pip install without requirements.lock",
                       "pip keeps its download cache", "The model is not built", "USER app:",
                       "The HEALTHCHECK uses curl", "CMD should start the service with course serve",
                       "The server listens on its default",
                       "CMD listens on port 8080"]
    assert len(problems) == len(expected_starts)
    assert all(p.startswith(s) for p, s in zip(problems, expected_starts)), problems


def test_review_accepts_a_digest_a_numeric_user_and_a_model_from_a_build_stage():
    text = ("FROM python:3.11@sha256:abc AS train\nCOPY requirements.lock pyproject.toml README.md ./\n"
            "COPY course_utils course_utils\nCOPY course_tools/ course_tools/\nCOPY data/ data/\n"
            "RUN pip install -c requirements.lock . && course model build --dir /artifact --data data/x.csv\n"
            "FROM python:3.11.17-slim@sha256:abc\nCOPY requirements.lock ./\nCOPY --from=train /artifact /artifact\n"
            "RUN pip install --no-cache-dir -r requirements.lock\nUSER 10001:10001\n"
            'HEALTHCHECK CMD ["python", "-c", "import urllib.request as u; '
            'u.urlopen(\'http://127.0.0.1:8000/livez\')"]\n'
            'CMD ["course", "serve", "--host=0.0.0.0", "--dir", "/artifact/"]\n')
    assert dockerfile.review(text) == []


def test_review_wants_the_package_files_where_pip_installs_the_package():
    text = DOCKERFILE_TEXT.replace("COPY course_tools/ course_tools/\n", "", 1)
    assert any("does not copy course_tools" in problem for problem in dockerfile.review(text))


def test_review_wants_the_model_built_from_copied_data_and_served_from_its_folder():
    no_data = DOCKERFILE_TEXT.replace("COPY data/telco_churn_clean.csv data/\n", "")
    assert dockerfile.review(no_data) == ["course model build reads data/telco_churn_clean.csv, but no COPY brings "
                                          "it into this stage."]
    implicit = DOCKERFILE_TEXT.replace(" --data data/telco_churn_clean.csv", "")
    assert "needs --dir and --data" in dockerfile.review(implicit)[0]
    elsewhere = DOCKERFILE_TEXT.replace('"--dir", "/artifact"', '"--dir", "/model"')
    assert dockerfile.review(elsewhere) == ["course serve --dir should name the folder the image's model is in "
                                            "(/artifact)."]

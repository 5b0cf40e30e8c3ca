"""Does the package, installed as the image's runtime stage installs it (non-editable, the [serving]
extra, requirements.lock as constraints, into a fresh environment outside the repository), train its
model and serve it from explicit paths, explain bad input in one line, and bring no lab or test tools?

No Docker engine is needed: this does what serving.Dockerfile does, in a virtual environment. It needs
the package registry, and is skipped with a one-line reason when the registry cannot be reached.
"""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import httpx
import pytest

from course_utils.mle import serving, dockerfile
from course_utils.mle.bench import free_port, stop
from course_utils.lock import normalise
from course_utils.paths import ROOT

pytestmark = pytest.mark.registry

CLEAN_CSV = ROOT / "data" / "telco_churn_clean.csv"
LAB_AND_TEST_TOOLS = ("jupyterlab", "notebook", "ipykernel", "matplotlib", "nbgrader", "pytest", "playwright")
# pip and the venv inherit this machine's settings, but not a PYTHONPATH that could reach the repository.
ENV = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}


def run(*args, **options) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, env=ENV, **options)


@pytest.fixture(scope="module")
def venv(registry, tmp_path_factory):
    """A fresh environment with the package installed as the image's runtime stage installs it (removed after)."""
    base = tmp_path_factory.mktemp("container")
    assert not base.is_relative_to(ROOT)
    # Copy what the runtime stage copies, and nothing else: building in place would leave build/ and
    # *.egg-info in the repository, and a file the image lacks would be found here anyway.
    src = base / "src"
    runtime_stage = dockerfile.stages(dockerfile.DOCKERFILE.read_text())[-1]
    for copy in runtime_stage.copies:
        for source in copy.sources if copy.stage is None else ():
            target = src / source
            target.parent.mkdir(parents=True, exist_ok=True)
            if (ROOT / source).is_dir():
                shutil.copytree(ROOT / source, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(ROOT / source, target)
    env = base / "venv"
    created = run(sys.executable, "-m", "venv", env, timeout=120)
    assert created.returncode == 0, created.stderr
    installed = run(env / "bin" / "python", "-m", "pip", "install", "--no-cache-dir", "--disable-pip-version-check",
                    "-c", src / "requirements.lock", f"{src}[serving]", timeout=900)
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    yield env
    shutil.rmtree(base)  # about 400 MB


@pytest.fixture
def workdir(tmp_path):
    """A working directory outside the repository, as in the image."""
    (tmp_path / "work").mkdir()
    return tmp_path / "work"


def course(venv, workdir, *args, timeout=300) -> subprocess.CompletedProcess:
    return run(venv / "bin" / "course", *args, cwd=workdir, timeout=timeout)


def site_packages(venv):
    [path] = (venv / "lib").glob("python3.*/site-packages")
    return path


def test_the_environment_holds_the_serving_set_and_no_lab_or_test_tools(venv):
    listed = run(venv / "bin" / "python", "-m", "pip", "list", "--format=json", "--disable-pip-version-check")
    names = {normalise(package["name"]) for package in json.loads(listed.stdout)} - {"pip", "setuptools"}
    assert {"ds-vs-mle-course", "fastapi", "uvicorn", "scikit-learn", "skops"} <= names
    assert names.isdisjoint(LAB_AND_TEST_TOOLS), sorted(names & set(LAB_AND_TEST_TOOLS))
    assert names == set(dockerfile.packages_for("ds-vs-mle-course[serving]"))  # what lesson 24 counts
    check = run(venv / "bin" / "python", "-m", "pip", "check", "--disable-pip-version-check")
    assert check.returncode == 0, check.stdout
    # From a folder outside the repository: `python -c` puts the working directory first on sys.path.
    where = run(venv / "bin" / "python", "-c", "import course_utils; print(course_utils.__file__)", cwd=venv)
    assert where.stdout.startswith(str(site_packages(venv))), "the package is not a real (non-editable) install"


@contextlib.contextmanager
def running(venv, workdir, artifact, port):
    """`course serve` in its own process on 127.0.0.1; yields a client once /health answers; always stops it."""
    errors = (workdir / "serve.err").open("w+")  # a file, not a pipe: a full pipe would stall the server
    process = subprocess.Popen([str(venv / "bin" / "course"), "serve", "--dir", str(artifact), "--port", str(port)],
                               cwd=workdir, env=ENV, stdout=subprocess.DEVNULL, stderr=errors)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    client.get("/health")
                    break
                except httpx.TransportError:
                    errors.seek(0)
                    assert process.poll() is None, f"course serve exited: {errors.read()}"
                    assert time.monotonic() < deadline, "course serve did not answer within 60 s"
                    time.sleep(0.2)
            yield client
    finally:
        stop(process, timeout=30, sig=signal.SIGINT)
        errors.close()


def test_the_installed_course_builds_from_explicit_paths_and_serves(venv, workdir):
    artifact = workdir / "artifact"
    built = course(venv, workdir, "model", "build", "--dir", artifact, "--data", CLEAN_CSV)
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in artifact.iterdir()) == ["MODEL_CARD.md", "metadata.json", "model.skops"]
    with running(venv, workdir, artifact, free_port()) as client:
        health = client.get("/health")
        assert health.status_code == 200 and health.json()["model_loaded"]
        prediction = client.post("/predict", json=serving.EXAMPLE)
        assert prediction.status_code == 200, prediction.text
        assert 0 <= prediction.json()["churn_probability"] <= 1
    assert not (site_packages(venv) / "build").exists()


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr  # one line, no traceback
    return result.stderr


def test_the_installed_course_explains_bad_input_in_one_line(venv, workdir):
    default_data = site_packages(venv) / "data" / "telco_churn_clean.csv"
    err = one_line_error(course(venv, workdir, "model", "build", "--dir", workdir / "a"))
    assert str(default_data) in err and "--data" in err
    err = one_line_error(course(venv, workdir, "model", "build", "--dir", workdir / "a", "--data", "/nonexistent.csv"))
    assert "/nonexistent.csv" in err and "--data" in err
    err = one_line_error(course(venv, workdir, "model", "build", "--data", CLEAN_CSV))
    assert "--dir" in err  # the default would be inside site-packages
    err = one_line_error(course(venv, workdir, "serve", "--dir", "/nonexistent"))
    assert "/nonexistent" in err and err.count(". ") == 0
    assert "--dir" in one_line_error(course(venv, workdir, "serve"))
    assert "installed copy" in one_line_error(course(venv, workdir, "data"))
    assert not (site_packages(venv) / "build").exists() and not default_data.parent.exists()
    assert not (workdir / "a").exists()

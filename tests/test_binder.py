"""Will Binder (repo2docker) understand this repository?"""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_tools.lockfile import read_environment_pins
from course_utils.paths import ROOT


@pytest.fixture(scope="module")
def dockerfile():
    exe = Path(sys.executable).parent / "jupyter-repo2docker"
    if not exe.exists():
        exe = shutil.which("jupyter-repo2docker")
    result = subprocess.run([str(exe), "--no-build", "--no-run", str(ROOT)], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_repo2docker_installs_environment_yml_before_copying_the_repo(dockerfile):
    # The environment is copied and installed on its own, so Binder can cache it across commits.
    copy_env = dockerfile.index("src/environment.yml ${REPO_DIR}/environment.yml")
    assert 'env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"' in dockerfile
    assert copy_env < dockerfile.index("src/ ${REPO_DIR}/\n")


def test_repo2docker_runs_postbuild(dockerfile):
    assert "RUN ./postBuild" in dockerfile


def test_postbuild_installs_the_package_without_dependencies():
    text = (ROOT / "postBuild").read_text()
    assert text.startswith("#!/bin/bash\n") and "set -e" in text
    assert "pip install --no-deps -e ." in text
    assert "course model build" in text


def test_there_is_no_binder_folder_that_would_hide_root_config():
    assert not (ROOT / "binder").exists() and not (ROOT / ".binder").exists()


# Conda names in repo2docker's base lock that are Jupyter's own packages, with their names on PyPI.
CONDA_TO_PIP = {"jupyterhub-base": "jupyterhub", "nbconvert-core": "nbconvert"}
JUPYTER_NAMES = ("jupyter", "notebook", "ipywidgets", "ipykernel", "widgetsnbextension", "nbformat", "nbclient",
                 "nbconvert")


def binder_base_jupyter_pins() -> list[str]:
    """``name==version`` of the Jupyter packages in repo2docker's own base environment for Python 3.11."""
    # Found without importing repo2docker, whose import warns about a moved logging module.
    package = Path(importlib.util.find_spec("repo2docker").submodule_search_locations[0])
    lock = package / "buildpacks" / "conda" / "environment.py-3.11-linux-64.lock"
    pins = []
    for line in lock.read_text().splitlines():
        if not line.startswith("https://"):
            continue
        name, version, _build = line.rsplit("/", 1)[1].split("#")[0].removesuffix(".conda").rsplit("-", 2)
        # jupyterhub-singleuser is a conda-only bundle; pip's jupyterhub holds the single-user server.
        if name.startswith(JUPYTER_NAMES) and name != "jupyterhub-singleuser":
            pins.append(f"{CONDA_TO_PIP.get(name, name)}=={version}")
    return pins


def test_the_binder_base_lock_is_found_and_holds_the_conflicting_notebook():
    pins = binder_base_jupyter_pins()
    assert "notebook==7.4.7" in pins and "jupyterlab==4.4.9" in pins and "jupyterhub==5.4.0" in pins


@pytest.mark.registry
def test_binder_build_leaves_a_consistent_environment_that_the_doctor_passes(registry, tmp_path):
    """Binder's order: its base Jupyter packages, then environment.yml's pip section, then postBuild."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(".venv", "build", ".git", "test-artifacts", "*.egg-info",
                                                              "__pycache__"))
    venv = tmp_path / "binder-env"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / "bin"
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]

    def run(args, **kwargs):
        result = subprocess.run(args, capture_output=True, text=True, timeout=900, **kwargs)
        assert result.returncode == 0, f"{' '.join(map(str, args))}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        return result

    run(pip + binder_base_jupyter_pins())
    env_pins = [f"{name}=={version}" for name, version in read_environment_pins(repo / "environment.yml").items()]
    run(pip + env_pins)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env.pop("COURSE_PROGRESS_FILE", None)
    run(["bash", "./postBuild"], cwd=repo, env=env)
    run([str(bin_dir / "python"), "-m", "pip", "check"], env=env)
    doctor = run([str(bin_dir / "course"), "doctor"], cwd=tmp_path, env=env)
    assert doctor.stdout.strip().endswith("All checks passed: you are ready."), doctor.stdout

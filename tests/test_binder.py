"""Will Binder (repo2docker) understand this repository?"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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

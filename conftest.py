"""Test-session settings shared by the unit tests and the nbval runs.

Every notebook's kernel starts with its own empty progress file, so a notebook's stored outputs
never depend on which notebooks ran before it, and no test ever touches the real progress file in
the learner's home, nor the learner's MLflow store or signing keys under build/.
"""

import os
import tempfile
from pathlib import Path

import pytest

_SESSION_DIR = Path(tempfile.mkdtemp(prefix="course-tests-"))
os.environ["COURSE_PROGRESS_FILE"] = str(_SESSION_DIR / "progress.json")
# MLflow stores too: a test never adds runs to the learner's own store under build/mlflow.
os.environ["COURSE_TRACKING_DIR"] = str(_SESSION_DIR / "mlflow")
os.environ["COURSE_KEY_DIR"] = str(_SESSION_DIR / "keys")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # nbval starts a notebook's kernel while setting up its first cell, inheriting os.environ.
    path = Path(str(item.fspath))
    if path.suffix == ".ipynb":
        os.environ["COURSE_PROGRESS_FILE"] = str(_SESSION_DIR / f"{path.parent.name}-{path.stem}.json")

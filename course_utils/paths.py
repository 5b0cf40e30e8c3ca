"""Every path the course uses, resolved from this package's location (never the working directory).

In the course repository (a checkout, installed editable) ``ROOT`` is the repository. A copy
installed with ``pip install .`` lives in site-packages, where ``ROOT`` is site-packages itself and
none of the folders below exist: ``CHECKOUT`` is then False, and commands that need a data file or
an artifact folder must be given one (``course model build --dir D --data FILE``, ``course serve --dir D``).

What the course writes and can rebuild (the model artifact, signing keys, the MLflow store) goes to
``BUILD_DIR``: ``$COURSE_STATE_DIR`` when set (``~`` and ``$VARS`` expanded); else ``build/`` in a checkout
the user may write to; else a folder of the user's own, ``$XDG_STATE_HOME/ds-vs-mle-course`` (by default
``~/.local/state/ds-vs-mle-course``), so that learners sharing a read-only install on a hub each get theirs.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKOUT = (ROOT / "pyproject.toml").is_file()  # site-packages never holds a pyproject.toml of its own
DATA_DIR = ROOT / "data"
NOTEBOOKS_DIR = ROOT / "notebooks"
SOLUTIONS_DIR = ROOT / "solutions"
EXERCISES_DIR = ROOT / "exercises"
LOCK_FILE = ROOT / "requirements.lock"
DEV_LOCK_FILE = ROOT / "requirements-dev.lock"
ENVIRONMENT_FILE = ROOT / "environment.yml"
STATE_ENV = "COURSE_STATE_DIR"


def writable(folder: Path) -> bool:
    """Whether this user can create files in ``folder``, or create ``folder`` under its nearest existing parent."""
    target = Path(folder)
    while not target.exists() and target != target.parent:
        target = target.parent
    return target.is_dir() and os.access(target, os.W_OK | os.X_OK)


def state_dir() -> Path:
    """Where the course writes what it can rebuild (see the module docstring)."""
    if os.environ.get(STATE_ENV):
        return Path(os.path.expandvars(os.environ[STATE_ENV])).expanduser()
    if CHECKOUT and writable(ROOT / "build"):
        return ROOT / "build"
    state_home = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(state_home) / "ds-vs-mle-course"


BUILD_DIR = state_dir()


def shown(path: Path) -> str:
    """``path`` as a learner should read it: relative to the repository when inside it, else with ``~``."""
    path = Path(path)
    for base, prefix in ((ROOT, ""), (Path.home(), "~/")):
        try:
            return prefix + str(path.relative_to(base))
        except ValueError:
            continue
    return str(path)

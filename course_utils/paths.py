"""Every path the course uses, resolved from this package's location (never the working directory).

In the course repository (a checkout, installed editable) ``ROOT`` is the repository. A copy
installed with ``pip install .`` lives in site-packages, where ``ROOT`` is site-packages itself and
none of the folders below exist: ``CHECKOUT`` is then False, and commands that need a data file or
an artifact folder must be given one (``course model build --dir D --data FILE``, ``course serve --dir D``).
"""

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

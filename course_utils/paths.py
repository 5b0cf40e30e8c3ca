"""Every path the course uses, resolved from this package's location (never the working directory)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
NOTEBOOKS_DIR = ROOT / "notebooks"
SOLUTIONS_DIR = ROOT / "solutions"
EXERCISES_DIR = ROOT / "exercises"
LOCK_FILE = ROOT / "requirements.lock"
DEV_LOCK_FILE = ROOT / "requirements-dev.lock"
ENVIRONMENT_FILE = ROOT / "environment.yml"

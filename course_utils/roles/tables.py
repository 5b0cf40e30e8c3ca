"""Facts and figures about the two roles, taken from the three seed articles.

The tables live in ``data/roles/`` as tidy CSV files (one fact per row), each row
naming its article in ``source`` with the short names of ``REFERENCES.md``. Figures
the articles disagree on, such as salaries, stay as separate rows: nothing here
averages them.
"""

from __future__ import annotations

import pandas as pd

from course_utils.data import DataFileError
from course_utils.paths import DATA_DIR

ROLES_DIR = DATA_DIR / "roles"
SOURCES = ("novustech", "igmguru", "devto")
ROLES = {"DS": "data scientist", "MLE": "machine learning engineer", "AIE": "AI engineer"}
TABLES = (
    "career_ladder", "daily_tasks", "definitions", "education", "genai", "lifecycle",
    "preferences", "responsibilities", "salaries", "skills", "stakeholders", "tools",
)
LIFECYCLE_STAGES = ("frame", "data", "explore", "model", "deploy", "monitor", "retrain")


def load(name: str) -> pd.DataFrame:
    """One table of ``data/roles/`` by name (``"salaries"``, ``"tools"``...).

    ``ValueError`` for a name that is not in ``TABLES``; ``DataFileError`` if the file
    is missing, unreadable, or has a row whose ``source`` is not one of ``SOURCES``.
    """
    if name not in TABLES:
        raise ValueError(f"No roles table called {name!r}. Choose one of: {', '.join(TABLES)}.")
    path = ROLES_DIR / f"{name}.csv"
    try:
        table = pd.read_csv(path)
    except FileNotFoundError:
        raise DataFileError(f"roles/{name}.csv is missing from {DATA_DIR}. Restore it from the course repository.") from None
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataFileError(f"roles/{name}.csv could not be read ({exc.__class__.__name__}).") from None
    unknown = sorted(set(table.get("source", pd.Series(["(no source column)"]))) - set(SOURCES))
    if unknown:
        raise DataFileError(f"roles/{name}.csv names sources that REFERENCES.md does not list: {unknown}.")
    return table


def salary_ranges() -> pd.DataFrame:
    """The salary figures, one row per role per place it is stated, with a readable ``label``.

    ``label`` reads like ``"$120k-170k"``, with a ``+`` when the article leaves the top
    open and a ``~`` when it calls the figure approximate.
    """
    table = load("salaries")
    table["label"] = [
        f"{'~' if approx else ''}${low // 1000}k-{high // 1000}k{'+' if open_ended else ''}"
        for low, high, open_ended, approx in zip(
            table["low_usd"], table["high_usd"], table["open_ended"], table["approximate"]
        )
    ]
    return table


def lifecycle() -> pd.DataFrame:
    """The lifecycle activities, one row per stage and role, in the order of ``LIFECYCLE_STAGES``."""
    return load("lifecycle").sort_values(["stage_order", "role"], kind="stable").reset_index(drop=True)

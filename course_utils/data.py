"""Loaders for the course data, and the reference cleaning of the raw churn export.

Every loader reads from ``data/`` next to this package, so a notebook works from any
working directory; ``load_clean`` also reads another copy of the clean table (``course model
build --data FILE``). A missing or damaged file raises ``DataFileError`` with a sentence
that says how to fix it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from course_utils.paths import DATA_DIR

CLEAN_FILE = "telco_churn_clean.csv"
# Yes/no features stay "Yes"/"No" text once cleaned; Churn, yes/no in the raw export too, becomes 0/1 instead.
YES_NO_FEATURES = ("Partner", "Dependents", "PhoneService", "PaperlessBilling")
_YES = {"yes", "y"}
_NO = {"no", "n"}


class DataFileError(RuntimeError):
    """A course data file is missing or unreadable."""


def _read(name: str, path: Path | None = None, **kwargs) -> pd.DataFrame:
    """``data/NAME``, or the file at ``path`` if given."""
    path = DATA_DIR / name if path is None else Path(path)
    # `course data` rebuilds only the shipped files; another copy must be fixed or replaced by its owner.
    fix = "run `course data` to rebuild it" if path == DATA_DIR / name else f"it should be a copy of data/{name}"
    try:
        return pd.read_csv(path, **kwargs)
    except FileNotFoundError:
        raise DataFileError(f"{path.name} is missing from {path.parent}: {fix}.") from None
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path} could not be read ({exc.__class__.__name__}): {fix}.") from None


def data_path(name: str) -> Path:
    """Absolute path of a file in ``data/`` (for tools such as DuckDB that read files directly)."""
    return DATA_DIR / name


def load_raw() -> pd.DataFrame:
    """The messy customer export, exactly as shipped (every column read as text)."""
    return _read("telco_churn_raw.csv", dtype=str, keep_default_na=False)


def load_clean(path: Path | None = None) -> pd.DataFrame:
    """The cleaned customer table: one row per customer, ``Churn`` as 0/1 (from ``path``, default data/)."""
    return _read(CLEAN_FILE, path)


def load_experiment() -> pd.DataFrame:
    """The retention-offer A/B test: ``group``, ``enrolled_day`` and ``churned_90d`` per customer."""
    return _read("retention_experiment.csv")


def load_production() -> pd.DataFrame:
    """Six monthly batches of production customers, with a ``month`` column and late-arriving ``Churn``."""
    return _read("production_batches.csv")


def normalise_yes_no(values: pd.Series) -> pd.Series:
    """Map the spellings of yes and no (``" Yes"``, ``"Y"``, ``"no"``...) to ``"Yes"``/``"No"``.

    Anything else is kept as it is, so an unexpected value stays visible.
    """
    folded = values.str.strip().str.lower()
    return values.mask(folded.isin(_YES), "Yes").mask(folded.isin(_NO), "No")


def clean_churn(raw: pd.DataFrame) -> pd.DataFrame:
    """The reference cleaning of ``load_raw()``'s all-text table, in the order the lesson teaches it.

    1. Drop exact duplicate rows (the same record exported twice).
    2. Normalise yes/no spellings; ``Churn`` becomes 0/1.
    3. ``TotalCharges`` to numbers; a blank means a brand-new customer, billed 0.
    4. Drop rows with impossible values (negative tenure or monthly charges).
    5. A missing payment method becomes the category ``"Unknown"``.
    """
    df = raw.drop_duplicates().copy()
    for col in YES_NO_FEATURES:
        df[col] = normalise_yes_no(df[col])
    df["Churn"] = normalise_yes_no(df["Churn"]).map({"Yes": 1, "No": 0}).astype(int)
    df["TotalCharges"] = pd.to_numeric(df["TotalCharges"].str.strip().replace("", "0"))
    df["tenure"] = pd.to_numeric(df["tenure"]).astype(int)
    df["MonthlyCharges"] = pd.to_numeric(df["MonthlyCharges"])
    df["SeniorCitizen"] = pd.to_numeric(df["SeniorCitizen"]).astype(int)
    df = df[(df["tenure"] >= 0) & (df["MonthlyCharges"] > 0)]
    df["PaymentMethod"] = df["PaymentMethod"].replace("", "Unknown")
    return df.reset_index(drop=True)

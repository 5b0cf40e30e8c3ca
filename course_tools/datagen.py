"""Seeded generator for every data file the course ships in ``data/``.

The data are synthetic. They follow the columns of the public Telco customer-churn
schema and carry planted effects (so the EDA has true answers) and planted mess (so
the cleaning lesson has real work). ``data/README.md`` is the data card.

Contract: the same package versions give byte-identical files on every run.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from course_tools.traps import TRAPS, plant_traps

SEED = 20261123
N_CUSTOMERS = 7000
N_DUPLICATES = 35
CHURN_RATE = 0.26

CONTRACTS = ("Month-to-month", "One year", "Two year")
INTERNET = ("DSL", "Fiber optic", "No")
PAYMENTS = ("Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)")
ADD_ONS = ("OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies")
PRODUCTION_MONTHS = ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06")


@dataclass(frozen=True)
class Market:
    """What shapes a population of customers; production months change some of it."""

    contract_mix: tuple[float, float, float] = (0.55, 0.21, 0.24)
    internet_mix: tuple[float, float, float] = (0.34, 0.44, 0.22)
    price_factor: float = 1.0
    # Extra churn log-odds for long-tenure fibre customers (a competitor's fibre offer).
    competitor_pull: float = 0.0


TRAINING_MARKET = Market()
# Months 1-2 look like training; a price rise lands in month 3; the contract mix
# drifts to month-to-month from month 4; a competitor's offer changes who leaves in 5-6.
PRODUCTION_MARKETS = (
    TRAINING_MARKET,
    TRAINING_MARKET,
    Market(price_factor=1.12),
    Market(contract_mix=(0.66, 0.17, 0.17), price_factor=1.12),
    Market(contract_mix=(0.70, 0.15, 0.15), internet_mix=(0.28, 0.52, 0.20), price_factor=1.12, competitor_pull=1.4),
    Market(contract_mix=(0.72, 0.14, 0.14), internet_mix=(0.26, 0.54, 0.20), price_factor=1.12, competitor_pull=1.8),
)


def customer_ids(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` distinct ids shaped like the Telco ones, e.g. ``7590-VHVEG``."""
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    ids: list[str] = []
    seen: set[str] = set()
    while len(ids) < n:
        digits = rng.integers(0, 10_000, size=n)
        codes = letters[rng.integers(0, 26, size=(n, 5))]
        for d, c in zip(digits, codes):
            cid = f"{d:04d}-{''.join(c)}"
            if cid not in seen and len(ids) < n:
                seen.add(cid)
                ids.append(cid)
    return np.array(ids)


def _yes_no(rng: np.random.Generator, p_yes: np.ndarray | float, n: int) -> np.ndarray:
    """``n`` draws of ``"Yes"`` (with probability ``p_yes``, per row if an array) or ``"No"``."""
    return np.where(rng.random(n) < p_yes, "Yes", "No")


def _churn_logit(df: pd.DataFrame, market: Market) -> np.ndarray:
    """Log-odds of churning, before the intercept: the planted effects of the data card."""
    contract = df["Contract"].map({"Month-to-month": 1.0, "One year": -0.4, "Two year": -1.6}).to_numpy()
    internet = df["InternetService"].map({"DSL": 0.0, "Fiber optic": 0.75, "No": -0.8}).to_numpy()
    tenure = df["tenure"].to_numpy()
    logit = (
        contract
        + internet
        - 0.032 * tenure
        + 0.5 * (df["PaymentMethod"] == "Electronic check")
        + 0.3 * df["SeniorCitizen"]
        + 0.25 * (df["PaperlessBilling"] == "Yes")
        - 0.35 * (df["TechSupport"] == "Yes")
        - 0.35 * (df["OnlineSecurity"] == "Yes")
        - 0.15 * (df["Partner"] == "Yes")
        + 0.006 * (df["MonthlyCharges"].to_numpy() - 65)
    )
    long_fibre = (df["InternetService"] == "Fiber optic") & (tenure >= 24)
    return np.asarray(logit + market.competitor_pull * long_fibre, dtype=float)


def _intercept_for(logit: np.ndarray, rate: float) -> float:
    """Intercept that makes the mean churn probability equal ``rate`` (bisection)."""
    lo, hi = -10.0, 10.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if np.mean(1 / (1 + np.exp(-(logit + mid)))) < rate:
            lo = mid
        else:
            hi = mid
    return round((lo + hi) / 2, 6)


def simulate_customers(rng: np.random.Generator, ids: np.ndarray, market: Market) -> pd.DataFrame:
    """A clean population of customers without churn labels, in the Telco columns."""
    n = len(ids)
    contract = rng.choice(CONTRACTS, size=n, p=market.contract_mix)
    mean_tenure = pd.Series(contract).map({"Month-to-month": 16.0, "One year": 38.0, "Two year": 55.0}).to_numpy()
    tenure = np.clip(np.round(rng.gamma(2.0, mean_tenure / 2.0)), 0, 72).astype(int)
    partner = _yes_no(rng, 0.48, n)
    internet = rng.choice(INTERNET, size=n, p=market.internet_mix)
    phone = _yes_no(rng, 0.9, n)
    df = pd.DataFrame(
        {
            "customerID": ids,
            "gender": rng.choice(["Female", "Male"], size=n),
            "SeniorCitizen": (rng.random(n) < 0.16).astype(int),
            "Partner": partner,
            "Dependents": _yes_no(rng, np.where(partner == "Yes", 0.5, 0.12), n),
            "tenure": tenure,
            "PhoneService": phone,
            "MultipleLines": np.where(phone == "Yes", _yes_no(rng, 0.2 + 0.006 * tenure, n), "No phone service"),
            "InternetService": internet,
        }
    )
    add_on_p = {"OnlineSecurity": 0.35, "OnlineBackup": 0.42, "DeviceProtection": 0.42,
                "TechSupport": 0.35, "StreamingTV": 0.5, "StreamingMovies": 0.5}
    for col in ADD_ONS:
        df[col] = np.where(internet == "No", "No internet service", _yes_no(rng, add_on_p[col] + 0.003 * tenure, n))
    df["Contract"] = contract
    df["PaperlessBilling"] = _yes_no(rng, 0.59, n)
    p_echeck = np.where(contract == "Month-to-month", 0.46, 0.18)
    rest = rng.choice(PAYMENTS[1:], size=n)
    df["PaymentMethod"] = np.where(rng.random(n) < p_echeck, PAYMENTS[0], rest)
    base = pd.Series(internet).map({"DSL": 45.0, "Fiber optic": 72.0, "No": 20.0}).to_numpy()
    extras = (
        5.0 * (phone == "Yes")
        + 5.0 * (df["MultipleLines"] == "Yes")
        + sum(5.0 * (df[c] == "Yes") for c in ADD_ONS[:4])
        + sum(9.0 * (df[c] == "Yes") for c in ADD_ONS[4:])
    )
    monthly = (base + extras + rng.normal(0, 1.5, n)) * market.price_factor
    df["MonthlyCharges"] = np.round(np.maximum(monthly, 18.25), 2)
    df["TotalCharges"] = np.round(df["MonthlyCharges"] * tenure * rng.uniform(0.96, 1.04, n), 2)
    return df


def add_churn(rng: np.random.Generator, df: pd.DataFrame, market: Market, intercept: float) -> pd.DataFrame:
    """Draw the 0/1 ``Churn`` label from the planted churn model."""
    p = 1 / (1 + np.exp(-(_churn_logit(df, market) + intercept)))
    return df.assign(Churn=(rng.random(len(df)) < p).astype(int))


def make_clean(rng: np.random.Generator, ids: np.ndarray) -> tuple[pd.DataFrame, float]:
    """The training population with churn, and the intercept that sets its churn rate."""
    df = simulate_customers(rng, ids, TRAINING_MARKET)
    intercept = _intercept_for(_churn_logit(df, TRAINING_MARKET), CHURN_RATE)
    return add_churn(rng, df, TRAINING_MARKET, intercept), intercept


def make_raw(rng: np.random.Generator, clean: pd.DataFrame) -> pd.DataFrame:
    """The clean table as a messy export: the problems the cleaning lesson repairs."""
    raw = clean.copy()
    raw["Churn"] = np.where(raw["Churn"] == 1, "Yes", "No")
    raw = raw.astype({"tenure": float, "MonthlyCharges": float})
    n = len(raw)
    # Brand-new customers have not been billed yet: the export writes a blank.
    total = raw["TotalCharges"].map(lambda v: f"{v:.2f}").where(raw["tenure"] > 0, " ")
    raw["TotalCharges"] = total
    # Hand-typed yes/no fields in a few inconsistent spellings.
    variants = {"Yes": ["yes", "Y", "YES", " Yes"], "No": ["no", "N", "NO", "No "]}
    for col in ("Partner", "Dependents", "PaperlessBilling", "Churn"):
        rows = np.flatnonzero(rng.random(n) < 0.03)
        picks = rng.integers(0, 4, size=len(rows))
        for row, pick in zip(rows, picks):
            raw.iloc[row, raw.columns.get_loc(col)] = variants[raw.iloc[row][col]][pick]
    # Impossible values: a negative tenure and negative monthly charges (traps.py plants the subtler ones).
    bad = rng.choice(n, size=12, replace=False)
    raw.loc[raw.index[bad[:7]], "tenure"] = -1.0
    raw.loc[raw.index[bad[7:]], "MonthlyCharges"] = -raw.loc[raw.index[bad[7:]], "MonthlyCharges"]
    # Missing values: payment method not recorded.
    missing = rng.choice(np.setdiff1d(np.arange(n), bad), size=60, replace=False)
    raw.loc[raw.index[missing], "PaymentMethod"] = np.nan
    # Duplicated rows: the same record exported twice.
    dup = raw.iloc[rng.choice(n, size=N_DUPLICATES, replace=False)]
    raw = pd.concat([raw, dup], ignore_index=True)
    order = rng.permutation(len(raw))
    raw = raw.iloc[order].reset_index(drop=True)
    return raw.astype({"tenure": "Int64"})


def make_experiment(rng: np.random.Generator, ids: np.ndarray) -> pd.DataFrame:
    """A randomised retention-offer test on month-to-month customers.

    Control churns at about 30% within 90 days, treatment at about 26%.
    """
    n = len(ids)
    group = np.where(rng.permutation(n) < n // 2, "treatment", "control")
    p = np.where(group == "treatment", 0.26, 0.30)
    return pd.DataFrame(
        {
            "customerID": ids,
            "group": group,
            "enrolled_day": rng.integers(1, 29, size=n),
            "churned_90d": (rng.random(n) < p).astype(int),
        }
    ).sort_values(["enrolled_day", "customerID"], ignore_index=True)


def make_production(rng: np.random.Generator, ids: np.ndarray, intercept: float) -> pd.DataFrame:
    """Six monthly batches of scored customers, with churn labels that arrived later."""
    per_month = len(ids) // len(PRODUCTION_MONTHS)
    frames = []
    for i, (month, market) in enumerate(zip(PRODUCTION_MONTHS, PRODUCTION_MARKETS)):
        batch = simulate_customers(rng, ids[i * per_month:(i + 1) * per_month], market)
        frames.append(add_churn(rng, batch, market, intercept).assign(month=month))
    df = pd.concat(frames, ignore_index=True)
    return df[["month", *df.columns[:-1]]]


def generate_all(seed: int = SEED) -> dict[str, pd.DataFrame]:
    """Every generated table, keyed by its file name in ``data/``."""
    rng = np.random.default_rng(seed)
    ids = customer_ids(rng, N_CUSTOMERS + 5000 + 6000)
    clean, intercept = make_clean(rng, ids[:N_CUSTOMERS])
    raw = make_raw(rng, clean)
    experiment = make_experiment(rng, ids[N_CUSTOMERS:N_CUSTOMERS + 5000])
    production = make_production(rng, ids[N_CUSTOMERS + 5000:], intercept)
    # The traps draw from their own stream, after everything else, so no other table moves.
    trap_rng = np.random.default_rng([seed, 1])
    fresh = [i for i in customer_ids(trap_rng, 2 * len(TRAPS)) if i not in set(ids)]
    raw = plant_traps(trap_rng, _as_text(raw), fresh)
    # Imported here: the reference cleaning lives with the loaders, and its output is the clean file.
    from course_utils.data import clean_churn

    return {
        "telco_churn_raw.csv": raw,
        "telco_churn_clean.csv": clean_churn(raw),
        "retention_experiment.csv": experiment,
        "production_batches.csv": production,
    }


def _as_text(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` as ``load_raw`` will see it once written: every cell text, blanks as ''."""
    return pd.read_csv(io.BytesIO(to_csv_bytes(df)), dtype=str, keep_default_na=False)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """``df`` as the exact bytes of its shipped file: UTF-8 CSV, no index, ``\\n`` line ends."""
    buffer = io.StringIO()
    df.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def write_all(data_dir: Path) -> list[Path]:
    """Write every generated file into ``data_dir``; return the paths written."""
    data_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in generate_all().items():
        path = data_dir / name
        path.write_bytes(to_csv_bytes(df))
        written.append(path)
    return written


def stale_files(data_dir: Path) -> list[str]:
    """Names of generated files that are missing or differ from a fresh generation."""
    stale = []
    for name, df in generate_all().items():
        path = data_dir / name
        if not path.exists() or path.read_bytes() != to_csv_bytes(df):
            stale.append(name)
    return stale

"""Drift checks for the monitoring lesson, written in the open with numpy and scipy.

**Drift** means the data a model sees in production no longer looks like the data it was
trained on. Two measures compare a production window with the training reference:

- the **population stability index** (PSI): ``sum((q - p) * ln(q / p))`` over bins, where
  ``p`` and ``q`` are the reference's and the window's shares of rows in each bin. Numeric
  features use ten quantile bins of the reference; categorical features use their categories.
  The usual reading (below 0.1 stable, 0.1 to 0.25 moderate, above 0.25 large) ignores how
  many rows the window has, so small windows cross 0.1 by chance.
- the **Kolmogorov-Smirnov** (KS) test from scipy for numeric features: its statistic is the
  largest gap between the two cumulative distributions, and its p-value does account for
  sample size. Categorical features get a chi-square test of the category counts instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

EMPTY_SHARE = 1e-4  # stands in for an empty bin's share, so ln(q / p) stays finite
MODERATE, LARGE = 0.1, 0.25


def quantile_edges(reference, bins: int = 10) -> np.ndarray:
    """The inner cut points of ``bins`` quantile bins of ``reference`` (repeated cuts merged)."""
    return np.unique(np.quantile(np.asarray(reference, dtype=float), np.linspace(0, 1, bins + 1)[1:-1]))


def bin_shares(values, edges: np.ndarray) -> np.ndarray:
    """The share of ``values`` in each bin cut at ``edges``; the outer bins are open-ended."""
    values = np.asarray(values, dtype=float)
    return np.bincount(np.searchsorted(edges, values, side="right"), minlength=len(edges) + 1) / len(values)


def psi_from_shares(p: np.ndarray, q: np.ndarray) -> float:
    """``sum((q - p) * ln(q / p))``, with an empty share counted as ``EMPTY_SHARE``."""
    p, q = np.maximum(p, EMPTY_SHARE), np.maximum(q, EMPTY_SHARE)
    return float(np.sum((q - p) * np.log(q / p)))


def psi(reference, current, bins: int = 10) -> float:
    """PSI of ``current`` against ``reference`` (numbers), over ``bins`` quantile bins of the reference.

    The outer bins are open, so values beyond the reference's range still count.
    Identical distributions give 0; the result is never negative.
    """
    edges = quantile_edges(reference, bins)
    return psi_from_shares(bin_shares(reference, edges), bin_shares(current, edges))


def category_psi(reference, current) -> float:
    """PSI over the categories seen in either sample (a category missing from one counts as empty)."""
    reference, current = pd.Series(reference), pd.Series(current)
    categories = sorted(set(reference.unique()) | set(current.unique()), key=str)
    p = reference.value_counts(normalize=True).reindex(categories, fill_value=0).to_numpy()
    q = current.value_counts(normalize=True).reindex(categories, fill_value=0).to_numpy()
    return psi_from_shares(p, q)


def level(value: float) -> str:
    """The conventional reading of a PSI value: ``"stable"``, ``"moderate"`` or ``"large"``."""
    return "large" if value >= LARGE else "moderate" if value >= MODERATE else "stable"


def feature_drift(reference: pd.Series, current: pd.Series) -> dict:
    """PSI and a test for one feature: KS for numbers, chi-square on counts for categories."""
    if pd.api.types.is_numeric_dtype(reference):
        ks = stats.ks_2samp(reference, current)
        return {"kind": "numeric", "psi": psi(reference, current), "test": "KS",
                "statistic": float(ks.statistic), "p_value": float(ks.pvalue)}
    counts = pd.crosstab(pd.concat([reference, current]).to_numpy(),
                         np.repeat(["reference", "current"], [len(reference), len(current)]))
    chi2 = stats.chi2_contingency(counts.to_numpy())
    return {"kind": "category", "psi": category_psi(reference, current), "test": "chi-square",
            "statistic": float(chi2.statistic), "p_value": float(chi2.pvalue)}


def drift_report(reference: pd.DataFrame, current: pd.DataFrame, features=None) -> pd.DataFrame:
    """One row per feature, largest PSI first: kind, PSI, its reading, test, statistic and p-value."""
    features = list(features if features is not None else reference.columns)
    rows = [{"feature": f, **feature_drift(reference[f], current[f])} for f in features]
    report = pd.DataFrame(rows).set_index("feature")
    report.insert(2, "level", report["psi"].map(level))
    return report.sort_values("psi", ascending=False)


def monthly_psi(reference: pd.DataFrame, production: pd.DataFrame, features, month_col: str = "month"
                ) -> pd.DataFrame:
    """PSI of each feature (columns) for each month of ``production`` (rows) against ``reference``."""
    table = {}
    for month, batch in production.groupby(month_col, sort=True):
        table[month] = {f: (psi if pd.api.types.is_numeric_dtype(reference[f]) else category_psi)(
            reference[f], batch[f]) for f in features}
    return pd.DataFrame(table).T.rename_axis(month_col)


def null_windows(reference, pool, window: int, n_windows: int = 200, seed: int = 0) -> pd.DataFrame:
    """PSI, KS statistic and KS p-value of ``n_windows`` random windows of ``window`` rows from ``pool``.

    With ``pool`` drawn from the same population as ``reference`` (no drift), this shows what
    chance alone produces at that window size.
    """
    rng = np.random.default_rng(seed)
    reference, pool = np.asarray(reference, dtype=float), np.asarray(pool, dtype=float)
    edges = quantile_edges(reference)  # cut once: the reference does not change between windows
    p = bin_shares(reference, edges)
    rows = []
    for _ in range(n_windows):
        sample = rng.choice(pool, size=window, replace=False)
        ks = stats.ks_2samp(reference, sample)
        rows.append({"psi": psi_from_shares(p, bin_shares(sample, edges)), "ks_statistic": float(ks.statistic),
                     "ks_p_value": float(ks.pvalue)})
    return pd.DataFrame(rows)

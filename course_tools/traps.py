"""Rows planted in the raw export so that each wrong way of cleaning gives its own, visibly wrong number.

Without them, comparing the text (``"-5" < "0"``), counting before dropping duplicates,
testing ``< 0`` instead of ``<= 0`` and adding the two conditions instead of or-ing them all
give the right count of impossible rows by luck, and a churn rate without deduplication is
within rounding of the right one. Every planted row is impossible or an exact copy, so the
reference cleaning drops it and the clean table does not change. They come from their own
random stream, so the other generated tables do not change either.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# (tenure, MonthlyCharges) as the export writes them; None keeps the copied customer's value, "-" negates it.
# "0.00" sorts above "0" as text, "0" does not; both are 0 once converted. Three rows have both problems.
TRAPS = (
    (None, "0.00"),
    (None, "0.00"),
    (None, "0"),
    (None, "0"),
    ("-1", "-"),
    ("-1", "-"),
    ("-1", "-"),
)
# The trap the export also writes twice (a zero charge): counting before dropping duplicates overcounts.
DUPLICATED_TRAPS = (2,)
# Leavers whose record the export writes twice: without deduplication the churn rate is visibly too high.
N_LEAVER_COPIES = 20


def plant_traps(rng: np.random.Generator, raw: pd.DataFrame, fresh_ids: list[str]) -> pd.DataFrame:
    """``raw`` (every cell text, as ``load_raw`` reads it) with the trap rows and their copies inserted.

    The rows of ``raw`` keep their order; each trap copies a plausible customer under a new id, with
    ``Churn`` "No". ``N_LEAVER_COPIES`` churners are exported twice, each copy after its original.
    """
    tenure, monthly = pd.to_numeric(raw["tenure"]), pd.to_numeric(raw["MonthlyCharges"])
    plausible = np.flatnonzero((tenure > 0) & (monthly > 0) & (raw["PaymentMethod"] != "")
                               & ~raw.duplicated(keep=False))
    traps = raw.iloc[rng.choice(plausible, size=len(TRAPS), replace=False)].copy()
    traps["customerID"] = fresh_ids[:len(TRAPS)]
    for row, (bad_tenure, bad_monthly) in enumerate(TRAPS):
        if bad_tenure is not None:
            traps.iloc[row, traps.columns.get_loc("tenure")] = bad_tenure
        column = traps.columns.get_loc("MonthlyCharges")
        traps.iloc[row, column] = "-" + traps.iloc[row, column] if bad_monthly == "-" else bad_monthly
    # Stayers: keeping the impossible rows then lowers the churn rate by more than rounding would.
    traps["Churn"] = "No"
    extra = pd.concat([traps, traps.iloc[list(DUPLICATED_TRAPS)]], ignore_index=True)
    rows = pd.concat([raw, extra], ignore_index=True)
    # Spread the new rows at random positions; the old rows stay in their order between them.
    slots = np.zeros(len(rows), dtype=bool)
    slots[rng.choice(len(rows), size=len(extra), replace=False)] = True
    order = np.empty(len(rows), dtype=int)
    order[slots] = len(raw) + rng.permutation(len(extra))
    order[~slots] = np.arange(len(raw))
    rows = rows.iloc[order].reset_index(drop=True)
    leaver = rows["Churn"].str.strip().str.lower().isin(["yes", "y"]) & ~rows.duplicated(keep=False)
    sources = rng.choice(np.flatnonzero(leaver), size=N_LEAVER_COPIES, replace=False)
    # Each copy lands after its original, so deduplication keeps the same rows in the same order.
    keys = np.concatenate([np.arange(len(rows)), rng.uniform(sources + 0.5, len(rows))])
    return pd.concat([rows, rows.iloc[sources]], ignore_index=True).iloc[np.argsort(keys, kind="stable")] \
        .reset_index(drop=True)

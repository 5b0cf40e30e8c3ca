"""Questions of ``23_mle_monitoring``: write PSI, flag the drifted month, choose a window size."""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from course_utils.checks import COUNT, CustomQuestion, Mistake, NotAttempted, ValueQuestion, describe

# drift imports scipy: the functions below import it when they run, so importing this module stays light.


@cache
def cases() -> tuple:
    """(name, reference, current) samples the learner's PSI is called on, drawn once on first use.

    The same data, a shift inside the reference's range, half the rows beyond its maximum, and every
    row beyond it (so nine bins are empty).
    """
    rng = np.random.default_rng(23)
    reference = rng.normal(70.0, 20.0, 1000)
    inside = np.clip(rng.normal(78.0, 20.0, 600), reference.min(), reference.max())
    half_beyond = np.concatenate([rng.normal(70.0, 20.0, 200), rng.uniform(200.0, 260.0, 200)])
    all_beyond = rng.uniform(200.0, 260.0, 300)
    return (("the reference against itself", reference, reference.copy()),
            ("a shift inside the reference's range", reference, inside),
            ("half the rows beyond the reference's maximum", reference, half_beyond),
            ("every row beyond the reference's maximum", reference, all_beyond))


def _drops_outside(reference, current, bins=10):
    """The usual slip: ``np.histogram`` on the reference's full quantile range drops values beyond it."""
    from course_utils.mle import drift

    edges = np.quantile(reference, np.linspace(0, 1, bins + 1))
    p = np.histogram(reference, edges)[0] / len(reference)
    counts = np.histogram(current, edges)[0]
    return drift.psi_from_shares(p, counts / max(counts.sum(), 1))


def _equal_width(reference, current, bins=10):
    from course_utils.mle import drift

    edges = np.linspace(reference.min(), reference.max(), bins + 1)[1:-1]
    return drift.psi_from_shares(drift.bin_shares(reference, edges), drift.bin_shares(current, edges))


def _counts(reference, current, bins=10):
    from course_utils.mle import drift

    edges = drift.quantile_edges(reference, bins)
    p = drift.bin_shares(reference, edges) * len(reference)
    q = drift.bin_shares(current, edges) * len(current)
    return float(np.sum((q - p) * np.log(np.maximum(q, 1e-4) / np.maximum(p, 1e-4))))


def _floor_in_log_only(reference, current, bins=10):
    """Lesson 23's one-line PSI: true shares in the difference, floored shares only inside the logarithm."""
    from course_utils.mle import drift

    edges = drift.quantile_edges(reference, bins)
    p, q = drift.bin_shares(reference, edges), drift.bin_shares(current, edges)
    floor = drift.EMPTY_SHARE
    return float(np.sum((q - p) * np.log(np.maximum(q, floor) / np.maximum(p, floor))))


def _bins_from_current(reference, current, bins=10):
    from course_utils.mle import drift

    return drift.psi(current, reference, bins)


def _percent(reference, current, bins=10):
    """Shares in percent (0 to 100) rather than fractions: every term grows a hundredfold."""
    from course_utils.mle import drift

    edges = drift.quantile_edges(reference, bins)
    p, q = (np.maximum(drift.bin_shares(values, edges) * 100, drift.EMPTY_SHARE) for values in (reference, current))
    return float(np.sum((q - p) * np.log(q / p)))


def _added_floor(reference, current, bins=10):
    """0.0001 added to every share instead of replacing the shares that are 0."""
    from course_utils.mle import drift

    edges = drift.quantile_edges(reference, bins)
    p, q = (drift.bin_shares(values, edges) + drift.EMPTY_SHARE for values in (reference, current))
    return float(np.sum((q - p) * np.log(q / p)))


# A wrong PSI learners really write, and what to tell them; tried on the first case that fails.
_DIAGNOSES = (
    (_drops_outside, "Values beyond the reference's range are being dropped: with np.histogram and the "
                     "quantiles from 0 to 1 as edges, anything above the reference's maximum falls outside "
                     "every bin. Make the outer bins open (edges -inf and +inf, or np.searchsorted on the "
                     "inner cut points)."),
    (_equal_width, "Those look like equal-width bins. PSI here uses quantile bins of the reference: cut at "
                   "np.quantile(reference, [0.1, 0.2, ..., 0.9]), so each bin holds a tenth of the reference."),
    (_counts, "Those look like counts, not shares. Divide each bin's count by the number of rows in its own "
              "sample, so reference and current shares each add up to 1."),
    (_bins_from_current, "The bins seem to come from the current sample. Cut the bins at quantiles of the "
                         "reference (the training data), then count both samples in those same bins."),
    (_percent, "That is a hundred times too large: the shares look like percents (0 to 100). Use fractions "
               "(count / number of rows), so each sample's shares add up to 1."),
    (_added_floor, "Close, but 0.0001 seems added to every share. Replace only the shares that are 0 "
                   "(np.maximum(shares, 0.0001)), so the other bins keep their true share."),
)


def _grade_psi(func) -> str | None:
    from course_utils.mle import drift

    if not callable(func):
        return f"Expected a function psi(reference, current, bins=10), but got {describe(func)}."
    for name, reference, current in cases():
        expected = drift.psi(reference, current)
        try:
            got = func(reference.copy(), current.copy())
        except NotImplementedError:
            raise NotAttempted from None
        except Exception as exc:
            return f"On {name}, your function raised {exc.__class__.__name__}: {exc}"
        if got is None:
            return f"On {name}, your function returned None: did you forget `return`?"
        try:
            got = float(got)
        except (TypeError, ValueError):
            return f"On {name}, your function returned {describe(got)}; return one number (a float)."
        # Flooring the shares only inside the logarithm (lesson 23's one-liner) is an equally right PSI.
        if any(math.isclose(got, right, rel_tol=1e-6, abs_tol=1e-9)
               for right in (expected, _floor_in_log_only(reference, current))):
            continue
        if not math.isfinite(got):
            return (f"On {name}, your PSI is {got}: an empty bin gives a share of 0, and ln(0) is infinite. "
                    f"Replace shares of 0 by {drift.EMPTY_SHARE} before taking the logarithm.")
        if got < 0:
            return (f"On {name}, your PSI is negative ({got:.4f}). Each term (q - p) * ln(q / p) is at least 0: "
                    "ln(p / q) instead of ln(q / p) flips the sign; the difference and the ratio must put the "
                    "current share q in the same place.")
        for wrong, message in _DIAGNOSES:
            if math.isclose(got, wrong(reference, current), rel_tol=1e-6, abs_tol=1e-9):
                return f"On {name}: {message}"
        return f"On {name}, your function returned {got:.4f}; we expected {expected:.4f}."
    return None


q1 = CustomQuestion(
    id="mle_monitoring.q1",
    prompt="Write psi(reference, current, bins=10): the population stability index over quantile bins of the "
           "reference, with open outer bins and empty shares replaced by 0.0001.",
    grader=_grade_psi,
    pass_message="Your PSI matches the reference on identical data, a shift inside the range and a shift "
                 "beyond it.",
    hints=[
        "Three steps: cut points from the reference, the share of each sample in each bin, then the sum.",
        "Cut points: np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1]) gives the nine inner edges. "
        "np.searchsorted(edges, values, side='right') gives each value's bin number (0 to 9), and "
        "np.bincount(..., minlength=bins) / len(values) turns bin numbers into shares.",
        "p = np.maximum(p, 0.0001); q = np.maximum(q, 0.0001); return float(np.sum((q - p) * np.log(q / p)))",
    ],
    solution_text="""
def psi(reference, current, bins=10):
    reference, current = np.asarray(reference, float), np.asarray(current, float)
    edges = np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1])
    p = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=bins) / len(reference)
    q = np.bincount(np.searchsorted(edges, current, side="right"), minlength=bins) / len(current)
    p, q = np.maximum(p, 0.0001), np.maximum(q, 0.0001)
    return float(np.sum((q - p) * np.log(q / p)))
""",
)


def _first_large_month() -> str:
    from course_utils.data import load_clean, load_production
    from course_utils.mle import drift

    table = drift.monthly_psi(load_clean(), load_production(), ["MonthlyCharges"])["MonthlyCharges"]
    return str(table[table >= drift.LARGE].index[0])


q2 = ValueQuestion(
    id="mle_monitoring.q2",
    prompt="Which is the first month whose MonthlyCharges PSI against the training data is 0.25 or more?",
    expected=_first_large_month,
    mistakes=[
        Mistake("2026-05", "2026-05 is when the model's accuracy falls (a competitor changes who churns). The "
                           "prices moved earlier: look at the PSI of MonthlyCharges month by month."),
        Mistake("2026-04", "2026-04 is the contract-mix change; MonthlyCharges had already moved. Look for the "
                           "first month at or above 0.25."),
        Mistake("2026-01", "2026-01 is the first month of production, and it looks like training (PSI near 0): "
                           "the threshold seems read the wrong way. Keep the months whose PSI is at or above "
                           "0.25, then take the first."),
        Mistake("2026-06", "2026-06 is the month with the largest PSI, not the first at or above 0.25: the "
                           "alarm should ring the first month the threshold is crossed."),
    ],
    hints=[
        "Apply your psi to load_clean()['MonthlyCharges'] and each month's MonthlyCharges from load_production().",
        "Group the production rows by month and apply your psi to each month's MonthlyCharges against the "
        "reference's MonthlyCharges; keep the months at 0.25 or more and take the first.",
        "values = production.groupby('month')['MonthlyCharges'].apply(lambda m: psi(reference['MonthlyCharges'], m))",
    ],
    solution_text="""
values = production.groupby("month")["MonthlyCharges"].apply(lambda m: psi(reference["MonthlyCharges"], m))
drifted_month = values[values >= 0.25].index[0]
""",
)

WINDOWS = (50, 100, 200, 500)


def _smallest_quiet_window() -> int:
    """The smallest window size at which fewer than 5% of undrifted windows cross PSI 0.1."""
    from course_utils.data import load_clean, load_production
    from course_utils.mle import drift

    production = load_production()
    pool = production.loc[production["month"].isin(["2026-01", "2026-02"]), "MonthlyCharges"]
    for window in WINDOWS:
        rate = (drift.null_windows(load_clean()["MonthlyCharges"], pool, window, n_windows=100)["psi"]
                > drift.MODERATE).mean()
        if rate < 0.05:
            return window
    return WINDOWS[-1]


q3 = ValueQuestion(
    id="mle_monitoring.q3",
    prompt="From the table of false-alarm rates, what is the smallest window size (rows) at which fewer than 5% "
           "of undrifted windows have a PSI above 0.1?",
    expected=_smallest_quiet_window,
    tolerance=COUNT,
    mistakes=[
        Mistake(50, "At 50 rows most undrifted windows cross 0.1: that is the window size to avoid. Look for the "
                    "smallest size whose false-alarm rate is under 0.05."),
        Mistake(100, "At 100 rows the false-alarm rate is still far above 5%: keep the sizes whose rate is under "
                     "0.05, not over it. Look one size further."),
        Mistake(500, "500 rows is quiet, but a smaller window already is: smaller windows notice drift sooner, so "
                     "take the smallest size under 5%."),
        Mistake(lambda a: isinstance(a, float) and 0 <= a <= 1, "That looks like a rate. The question asks for "
                                                                 "the window size, in rows."),
    ],
    hints=[
        "Each row of the table is one window size; its rate is the share of undrifted windows above PSI 0.1.",
        "rates[rates < 0.05].index.min() gives the smallest window size under 5%.",
    ],
    solution_text="smallest_window = int(rates[rates < 0.05].index.min())",
)

NUMERIC = ("SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges")
TESTS_PER_MONTH = 19  # a monitor tests every feature of the model each month


def _ks_flagged(month: str = "2026-03", threshold: float = 0.05 / TESTS_PER_MONTH) -> list[str]:
    """The numeric features whose KS p-value for ``month`` against the training data is below ``threshold``."""
    from scipy import stats

    from course_utils.data import load_clean, load_production

    reference, production = load_clean(), load_production()
    batch = production[production["month"] == month]
    return [f for f in NUMERIC if stats.ks_2samp(reference[f], batch[f]).pvalue < threshold]


q4 = ValueQuestion(
    id="mle_monitoring.q4",
    prompt="In March, which numeric features have a KS p-value below the Bonferroni threshold 0.05 / 19? A list "
           "of names; order does not matter.",
    expected=_ks_flagged,
    ordered=False,
    mistakes=[
        Mistake(["MonthlyCharges", "TotalCharges"],
                "TotalCharges's p-value (about 0.005) is below 0.05 but not below 0.05 / 19, about 0.0026: the "
                "threshold seems uncorrected, or divided by the 4 numeric features only. The monitor runs 19 tests "
                "a month, and about one of them falls below 0.05 by chance."),
        Mistake(["SeniorCitizen", "tenure", "TotalCharges"],
                "Those are the features whose p-value is above the threshold: the threshold is read the wrong way. "
                "A small p-value is the evidence of drift, so keep p < 0.05 / 19."),
        Mistake(list(NUMERIC), "That is every numeric feature: keep only those whose p-value is below 0.05 / 19."),
        Mistake([], "No feature? MonthlyCharges's p-value is far below the threshold. Compare the p-value "
                    "(.pvalue), not the statistic, and keep the features below the threshold."),
    ],
    hints=[
        "stats.ks_2samp(a, b) returns a result with .statistic and .pvalue; a small p-value means the two samples "
        "are unlikely to come from the same population.",
        "march = production[production['month'] == '2026-03']; "
        "pvalues = {f: stats.ks_2samp(reference[f], march[f]).pvalue for f in numeric}",
    ],
    solution_text="""
march = production[production["month"] == "2026-03"]
pvalues = {f: stats.ks_2samp(reference[f], march[f]).pvalue for f in numeric}
ks_flagged = [f for f, p in pvalues.items() if p < 0.05 / 19]
""",
)

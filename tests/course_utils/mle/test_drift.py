"""Do the drift measures give the values their definitions promise, on known samples?"""

import numpy as np
import pandas as pd
import pytest

from course_utils.mle import drift
from course_utils.data import load_clean, load_production
from course_utils.mle.model import FEATURES


def test_psi_of_identical_samples_is_zero():
    x = np.random.default_rng(0).normal(size=500)
    assert drift.psi(x, x) == 0.0


def test_psi_matches_the_formula_on_a_hand_worked_example():
    """Reference 0..99 in ten quantile bins; current puts every value in the top bin."""
    reference = np.arange(100.0)
    current = np.full(50, 1000.0)
    p, q = np.full(10, 0.1), np.r_[np.full(9, drift.EMPTY_SHARE), 1.0]
    assert drift.psi(reference, current) == pytest.approx(np.sum((q - p) * np.log(q / p)))


def test_values_beyond_the_reference_still_count():
    reference = np.arange(100.0)
    assert drift.bin_shares([-5.0, 500.0], drift.quantile_edges(reference)).tolist() == [0.5] + [0.0] * 8 + [0.5]


def test_psi_grows_with_the_shift():
    rng = np.random.default_rng(1)
    reference = rng.normal(size=2000)
    values = [drift.psi(reference, rng.normal(shift, 1, 2000)) for shift in (0.0, 0.3, 1.0)]
    assert values == sorted(values) and values[0] < 0.02 and values[2] > 0.25


def test_category_psi_counts_a_vanished_category():
    reference = pd.Series(["a"] * 90 + ["b"] * 10)
    assert drift.category_psi(reference, reference) == 0.0
    p, q = np.array([0.9, 0.1]), np.array([1.0, drift.EMPTY_SHARE])
    assert drift.category_psi(reference, pd.Series(["a"] * 50)) == pytest.approx(np.sum((q - p) * np.log(q / p)))


def test_levels_follow_the_usual_thresholds():
    assert [drift.level(v) for v in (0.05, 0.1, 0.2, 0.25, 1.0)] == ["stable", "moderate", "moderate", "large",
                                                                      "large"]


def test_report_finds_the_price_rise_and_the_contract_mix_in_april():
    production = load_production()
    report = drift.drift_report(load_clean(), production[production["month"] == "2026-04"], FEATURES)
    assert report.index[0] == "MonthlyCharges" and report.loc["MonthlyCharges", "level"] == "large"
    assert report.loc["MonthlyCharges", "test"] == "KS" and report.loc["MonthlyCharges", "p_value"] < 1e-6
    assert report.loc["Contract", "test"] == "chi-square" and report.loc["Contract", "p_value"] < 1e-6
    assert list(report.columns) == ["kind", "psi", "level", "test", "statistic", "p_value"]


def test_monthly_psi_flags_march_onwards_for_prices():
    table = drift.monthly_psi(load_clean(), load_production(), ["MonthlyCharges", "Contract"])
    flagged = table.index[table["MonthlyCharges"] >= drift.LARGE].tolist()
    assert flagged == ["2026-03", "2026-04", "2026-05", "2026-06"]
    assert table.loc["2026-06", "Contract"] > table.loc["2026-01", "Contract"]


def test_small_undrifted_windows_cross_the_threshold_by_chance():
    rng = np.random.default_rng(2)
    reference, pool = rng.normal(size=5000), rng.normal(size=5000)
    small = drift.null_windows(reference, pool, 50, n_windows=60)
    large = drift.null_windows(reference, pool, 1000, n_windows=20)
    assert (small["psi"] > drift.MODERATE).mean() > 0.5
    assert (large["psi"] > drift.MODERATE).mean() == 0.0
    assert list(small.columns) == ["psi", "ks_statistic", "ks_p_value"]
    assert small["ks_statistic"].median() > large["ks_statistic"].median()


def test_null_windows_are_reproducible():
    rng = np.random.default_rng(3)
    reference, pool = rng.normal(size=500), rng.normal(size=500)
    pd.testing.assert_frame_equal(drift.null_windows(reference, pool, 50, 10, seed=4),
                                  drift.null_windows(reference, pool, 50, 10, seed=4))

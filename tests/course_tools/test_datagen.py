"""Are the shipped data files exactly what the generator makes, with the planted effects and mess?"""

import numpy as np
import pandas as pd
import pytest

from course_tools import datagen, traps
from course_utils.paths import DATA_DIR


@pytest.fixture(scope="module")
def tables():
    return datagen.generate_all()


def test_shipped_files_are_byte_identical_to_a_fresh_generation():
    assert datagen.stale_files(DATA_DIR) == []


def test_a_changed_file_is_reported_stale(tmp_path):
    datagen.write_all(tmp_path)
    (tmp_path / "retention_experiment.csv").write_text("tampered\n")
    assert datagen.stale_files(tmp_path) == ["retention_experiment.csv"]


def test_generation_is_deterministic(tables):
    again = datagen.generate_all()
    for name, df in tables.items():
        assert datagen.to_csv_bytes(df) == datagen.to_csv_bytes(again[name])


def test_overall_churn_is_about_26_percent(tables):
    assert tables["telco_churn_clean.csv"]["Churn"].mean() == pytest.approx(0.26, abs=0.01)


def test_month_to_month_churns_far_more_than_two_year(tables):
    by_contract = tables["telco_churn_clean.csv"].groupby("Contract")["Churn"].mean()
    assert by_contract["Month-to-month"] > 0.35
    assert by_contract["Two year"] < 0.06


def test_churn_falls_with_tenure(tables):
    clean = tables["telco_churn_clean.csv"]
    by_year = clean.groupby(np.minimum(clean["tenure"] // 12, 5))["Churn"].mean()
    assert list(by_year) == sorted(by_year, reverse=True)


def test_fibre_and_electronic_check_churn_more(tables):
    clean = tables["telco_churn_clean.csv"]
    internet = clean.groupby("InternetService")["Churn"].mean()
    payment = clean.groupby("PaymentMethod")["Churn"].mean()
    assert internet["Fiber optic"] > internet["DSL"] > internet["No"]
    assert payment["Electronic check"] == payment.max()


def test_raw_export_carries_the_documented_mess(tables):
    raw = tables["telco_churn_raw.csv"]
    tenure, monthly = pd.to_numeric(raw["tenure"]), pd.to_numeric(raw["MonthlyCharges"])
    n_traps = len(traps.TRAPS)
    n_copies = datagen.N_DUPLICATES + len(traps.DUPLICATED_TRAPS) + traps.N_LEAVER_COPIES
    assert len(raw) == datagen.N_CUSTOMERS + n_traps + n_copies
    assert raw.duplicated().sum() == n_copies
    assert raw["customerID"].nunique() == datagen.N_CUSTOMERS + n_traps
    assert (raw["TotalCharges"] == " ").sum() == 6
    assert (tenure < 0).sum() >= 7
    assert (monthly < 0).sum() >= 5
    assert (raw["PaymentMethod"] == "").sum() >= 60
    assert set(raw["Churn"]) > {"Yes", "No"}


def test_traps_give_each_wrong_count_of_impossible_rows_its_own_value(tables):
    """Do text comparison, no deduplication, < 0, adding the conditions and tenure <= 0 all miscount?"""
    raw = tables["telco_churn_raw.csv"]
    rows = list(dict.fromkeys(tuple(r) for r in raw.itertuples(index=False)))  # distinct rows, in order
    tenure_at, monthly_at = raw.columns.get_loc("tenure"), raw.columns.get_loc("MonthlyCharges")

    def count(rows, tenure_bad, monthly_bad, combine=lambda t, m: t or m):
        return sum(combine(tenure_bad(r[tenure_at]), monthly_bad(r[monthly_at])) for r in rows)

    negative, not_positive = (lambda v: float(v) < 0), (lambda v: float(v) <= 0)
    right = count(rows, negative, not_positive)
    wrong = {
        "text": count(rows, lambda v: v < "0", lambda v: v <= "0"),
        "before dedup": count(list(raw.itertuples(index=False)), negative, not_positive),
        "< 0": count(rows, negative, negative),
        "added": count(rows, negative, not_positive, lambda t, m: t + m),
        "tenure <= 0": count(rows, not_positive, not_positive),
        "tenure only": count(rows, negative, lambda v: False),
        "charges only": count(rows, lambda v: False, not_positive),
    }
    assert len(set(wrong.values())) == len(wrong) and right not in wrong.values()


def test_skipping_a_cleaning_step_moves_the_churn_rate_beyond_rounding(tables):
    """Are the churn rates without deduplication, or keeping impossible rows, more than 0.0005 from the right one?"""
    raw, clean = tables["telco_churn_raw.csv"], tables["telco_churn_clean.csv"]
    churned = raw["Churn"].str.strip().str.lower().isin(["yes", "y"])
    possible = (pd.to_numeric(raw["tenure"]) >= 0) & (pd.to_numeric(raw["MonthlyCharges"]) > 0)
    first = ~raw.duplicated()
    right = clean["Churn"].mean()
    for wrong in (churned[first].mean(), churned[possible].mean(), churned.mean()):
        assert abs(wrong - right) > 5e-4


def test_traps_change_only_the_raw_export(tables, monkeypatch):
    """Is every other table byte-identical to a generation without the planted rows?"""
    monkeypatch.setattr(traps, "TRAPS", ())
    monkeypatch.setattr(traps, "DUPLICATED_TRAPS", ())
    monkeypatch.setattr(traps, "N_LEAVER_COPIES", 0)
    without = datagen.generate_all()
    assert len(without["telco_churn_raw.csv"]) == datagen.N_CUSTOMERS + datagen.N_DUPLICATES
    for name in ("telco_churn_clean.csv", "retention_experiment.csv", "production_batches.csv"):
        assert datagen.to_csv_bytes(without[name]) == datagen.to_csv_bytes(tables[name]), name


def test_ids_never_repeat_across_tables(tables):
    ids = [set(tables[n]["customerID"]) for n in ("telco_churn_clean.csv", "retention_experiment.csv",
                                                   "production_batches.csv")]
    assert not (ids[0] & ids[1]) and not (ids[0] & ids[2]) and not (ids[1] & ids[2])


def test_experiment_has_a_modest_treatment_effect(tables):
    rates = tables["retention_experiment.csv"].groupby("group")["churned_90d"].mean()
    assert 0.02 < rates["control"] - rates["treatment"] < 0.07


def test_production_drifts_after_the_first_two_months(tables):
    prod = tables["production_batches.csv"]
    charges = prod.groupby("month")["MonthlyCharges"].mean()
    m2m = prod.assign(m2m=prod["Contract"] == "Month-to-month").groupby("month")["m2m"].mean()
    assert charges["2026-02"] == pytest.approx(charges["2026-01"], rel=0.03)
    assert charges["2026-03"] > 1.08 * charges["2026-01"]
    assert m2m["2026-04"] > m2m["2026-01"] + 0.08
    assert list(prod["month"].unique()) == list(datagen.PRODUCTION_MONTHS)

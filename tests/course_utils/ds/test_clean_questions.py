"""Are the questions of 10_ds_frame_and_clean graded three ways: blank, wrong, right?"""

import pandas as pd
import pytest

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.data import clean_churn, load_clean, load_raw

IDS = ["ds_clean.q1", "ds_clean.q2", "ds_clean.q3", "ds_clean.q4", "ds_clean.q5"]


@pytest.mark.parametrize("qid", IDS)
def test_blank_is_not_attempted(qid):
    """Is the exercise's starting blank graded as not attempted?"""
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_q1_counts_only_the_extra_copies():
    """Does q1 accept raw.duplicated().sum() and explain the keep=False double count?"""
    q = get("ds_clean.q1")
    raw = load_raw()
    assert q.grade(int(raw.duplicated().sum())).status == PASSED
    twice = q.grade(int(raw.duplicated(keep=False).sum()))
    assert twice.status == INCORRECT and "both copies" in twice.message
    all_removed = q.grade(len(raw) - len(load_clean()))
    assert all_removed.status == INCORRECT and "whole cleaning" in all_removed.message
    assert "Zero would mean" in q.grade(0).message


def test_q2_fills_blanks_with_zero():
    """Does q2 pass a converter that fills blanks with 0, and explain why NaN is wrong?"""
    q = get("ds_clean.q2")

    def right(values):
        return pd.to_numeric(values.str.strip().replace("", "0"))

    def coerces_to_nan(values):
        return pd.to_numeric(values, errors="coerce")

    def empty_body(values):
        """The generated exercise's stub."""

    def misses_blanks(values):
        return pd.to_numeric(values)

    def keeps_text(values):
        return values.str.strip().replace("", "0")

    assert q.grade(right).status == PASSED
    nan = q.grade(coerces_to_nan)
    assert nan.status == INCORRECT and "not NaN" in nan.message
    unparsed = q.grade(misses_blanks)
    assert unparsed.status == INCORRECT and "strip the spaces" in unparsed.message
    assert "returns text" in q.grade(keeps_text).message
    assert q.grade(empty_body).status == NOT_ATTEMPTED
    assert "forget `return`" in q.grade(lambda values: print(values)).message


def test_q3_needs_both_conditions():
    """Does q3 want both impossible conditions, and say which one is missing?"""
    q = get("ds_clean.q3")
    rows = raw_rows_after_dedup()
    negative_tenure = sum(float(r["tenure"]) < 0 for r in rows)
    no_charges = sum(float(r["MonthlyCharges"]) <= 0 for r in rows)
    either = sum(float(r["tenure"]) < 0 or float(r["MonthlyCharges"]) <= 0 for r in rows)
    assert q.grade(either).status == PASSED
    tenure_only = q.grade(negative_tenure)
    assert tenure_only.status == INCORRECT and "only the negative tenures" in tenure_only.message
    charges_only = q.grade(no_charges)
    assert charges_only.status == INCORRECT and "only the negative monthly charges" in charges_only.message


def raw_rows_after_dedup() -> list[dict]:
    """The raw export's rows as dicts, each distinct row once (a plain-Python deduplication)."""
    seen, rows = set(), []
    for row in load_raw().to_dict("records"):
        key = tuple(row.values())
        if key not in seen:
            seen.add(key)
            rows.append(row)
    return rows


def test_q4_rate_is_a_fraction_of_the_clean_table():
    """Does q4 accept the clean churn rate and name the percent and spelling mistakes?"""
    q = get("ds_clean.q4")
    rate = float(clean_churn(load_raw())["Churn"].mean())
    assert q.grade(rate).status == PASSED
    percent = q.grade(rate * 100)
    assert percent.status == INCORRECT and "percentage" in percent.message
    exact_yes = q.grade(float((load_raw()["Churn"] == "Yes").mean()))
    assert exact_yes.status == INCORRECT and "exact spelling" in exact_yes.message
    rows = raw_rows_after_dedup()
    kept = sum(r["Churn"].strip().lower() in ("yes", "y") for r in rows) / len(rows)
    impossible_kept = q.grade(kept)
    assert impossible_kept.status == INCORRECT and "drop the impossible values" in impossible_kept.message
    assert "rounded" in q.grade(round(rate, 2)).message


def test_q5_runs_the_query_on_the_clean_table():
    """Does q5 run the learner's SQL and recognise percentages, counts and syntax errors?"""
    q = get("ds_clean.q5")
    assert q.grade("SELECT Contract, AVG(Churn) AS churn_rate FROM clean GROUP BY Contract").status == PASSED
    percent = q.grade("SELECT Contract, 100 * AVG(Churn) FROM clean GROUP BY Contract")
    assert percent.status == INCORRECT and "percentages" in percent.message
    counts = q.grade("SELECT Contract, SUM(Churn) FROM clean GROUP BY Contract")
    assert counts.status == INCORRECT and "counts" in counts.message
    broken = q.grade("SELEC Contract FROM clean")
    assert broken.status == INCORRECT and "could not run" in broken.message


@pytest.mark.parametrize("query", [
    "SELECT AVG(Churn) AS churn_rate, Contract FROM clean GROUP BY Contract",
    "SELECT Contract, SUM(Churn) * 1.0 / COUNT(*) AS rate FROM clean GROUP BY Contract ORDER BY rate DESC",
])
def test_q5_accepts_honestly_different_right_queries(query):
    assert get("ds_clean.q5").grade(query).status == PASSED


def test_q5_says_what_a_query_without_the_contract_returns():
    outcome = get("ds_clean.q5").grade("SELECT AVG(Churn), COUNT(*) FROM clean GROUP BY Contract")
    assert outcome.status == INCORRECT and "one column of each" in outcome.message

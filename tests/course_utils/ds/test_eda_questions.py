"""Are the questions of 11_ds_eda graded three ways: blank, wrong, right?"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.data import load_clean

IDS = ["ds_eda.q1", "ds_eda.q2", "ds_eda.q3", "ds_eda.q4", "ds_eda.q5", "ds_eda.q6", "ds_eda.q7"]


@pytest.fixture(scope="module")
def df():
    return load_clean()


@pytest.mark.parametrize("qid", IDS)
def test_blank_is_not_attempted(qid):
    """Is the exercise's starting blank graded as not attempted?"""
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_q1_rates_by_contract(df):
    """Does q1 accept fractions per contract and explain percentages and counts?"""
    q = get("ds_eda.q1")
    rates = df.groupby("Contract")["Churn"].mean()
    assert q.grade(rates).status == PASSED
    assert "percentages" in q.grade(rates * 100).message
    assert "numbers of customers" in q.grade(df["Contract"].value_counts()).message


def test_q2_highest_segment(df):
    """Does q2 accept idxmax's tuple and name the swapped order and the lowest segment?"""
    q = get("ds_eda.q2")
    rates = df.pivot_table(index="Contract", columns="InternetService", values="Churn", aggfunc="mean").stack()
    highest, lowest = rates.sort_values().index[-1], rates.sort_values().index[0]
    assert q.grade(highest).status == PASSED
    assert "lowest" in q.grade(lowest).message
    assert "wrong order" in q.grade((highest[1], highest[0])).message


def test_q3_median_not_mean(df):
    """Does q3 accept the medians and recognise means and swapped values?"""
    q = get("ds_eda.q3")
    assert q.grade(df.groupby("Churn")["tenure"].median()).status == PASSED
    means = q.grade(df.groupby("Churn")["tenure"].mean())
    assert means.status == INCORRECT and "means" in means.message
    medians = {c: float(df.loc[df["Churn"] == c, "tenure"].median()) for c in (0, 1)}
    assert "swapped" in q.grade({0: medians[1], 1: medians[0]}).message
    assert "Key the medians" in q.grade({"stayed": medians[0], "churned": medians[1]}).message


def test_q4_band_includes_twelve(df):
    """Does q4 want tenure <= 12 and explain the off-by-one and the percentage?"""
    q = get("ds_eda.q4")
    right = df.loc[df["tenure"] <= 12, "Churn"].mean()
    assert q.grade(right).status == PASSED
    assert "<= 12" in q.grade(df.loc[df["tenure"] < 12, "Churn"].mean()).message
    assert "percentage" in q.grade(right * 100).message
    assert "overall churn rate" in q.grade(df["Churn"].sum() / len(df)).message


def test_q5_correlation_sign(df):
    """Does q5 accept the Pearson correlation and catch a flipped sign?"""
    q = get("ds_eda.q5")
    corr = df["tenure"].corr(df["Churn"])
    assert q.grade(corr).status == PASSED
    flipped = q.grade(-corr)
    assert flipped.status == INCORRECT and "negative" in flipped.message


def test_q6_interaction_needs_both_conditions(df):
    """Does q6 want both conditions and say which one is missing?"""
    q = get("ds_eda.q6")
    monthly = df["Contract"] == "Month-to-month"
    first_year = df["tenure"] <= 12
    assert q.grade(df.loc[monthly & first_year, "Churn"].mean()).status == PASSED
    assert "whatever their contract" in q.grade(df.loc[first_year, "Churn"].mean()).message
    assert "first-year condition" in q.grade(df.loc[monthly, "Churn"].mean()).message


def _chart(values, xlabel="Churn rate (%)", title="Electronic check churns most"):
    fig, ax = plt.subplots()
    ax.barh(values.index, values.values)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    return ax


def test_q7_checks_the_chart_data_not_pixels(df):
    """Does q7 pass bars of the rates (in % or fractions) and explain counts, labels and titles?"""
    q = get("ds_eda.q7")
    rates = df.groupby("PaymentMethod")["Churn"].mean()
    assert q.grade(_chart(rates * 100)).status == PASSED
    assert q.grade(_chart(rates, xlabel="Churn rate (share of customers)")).status == PASSED
    counts = q.grade(_chart(df["PaymentMethod"].value_counts()))
    assert counts.status == INCORRECT and "number of customers" in counts.message
    assert "say so in the axis label" in q.grade(_chart(rates * 100, xlabel="Churn rate")).message
    assert "title" in q.grade(_chart(rates * 100, title="")).message
    assert "Label the axis of the rates" in q.grade(_chart(rates, xlabel="")).message
    assert "Expected a matplotlib Axes" in q.grade("a chart").message
    vertical = rates.plot.bar(ax=plt.subplots()[1], title="Electronic check churns most")
    assert "ax.set_ylabel" in q.grade(vertical).message
    vertical.set_ylabel("Churn rate (share)")
    assert q.grade(vertical).status == PASSED
    fig, empty = plt.subplots()
    assert q.grade(empty).status == NOT_ATTEMPTED
    plt.close("all")

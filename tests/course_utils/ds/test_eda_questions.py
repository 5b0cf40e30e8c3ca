"""Are the questions of 11_ds_eda graded three ways: blank, wrong, right?"""

import matplotlib

matplotlib.use("Agg")

import csv
import statistics
from functools import cache

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from corpus import Corpus, Lazy, Right, Wrong, corpus_tests

from course_utils.checks import NOT_ATTEMPTED, PASSED, get
from course_utils.data import data_path, load_clean

IDS = ["ds_eda.q1", "ds_eda.q2", "ds_eda.q3", "ds_eda.q4", "ds_eda.q5", "ds_eda.q6", "ds_eda.q7"]


@cache
def rows() -> list[dict]:
    """The clean table read with the csv module: an independent route to every expected value."""
    with open(data_path("telco_churn_clean.csv"), newline="") as f:
        return [{**r, "tenure": int(r["tenure"]), "Churn": int(r["Churn"])} for r in csv.DictReader(f)]


def rate(keep=lambda r: True) -> float:
    chosen = [r["Churn"] for r in rows() if keep(r)]
    return sum(chosen) / len(chosen)


def by(column: str, value=lambda rs: sum(r["Churn"] for r in rs) / len(rs)) -> dict:
    groups: dict = {}
    for r in rows():
        groups.setdefault(r[column], []).append(r)
    return {k: value(v) for k, v in groups.items()}


def pearson(xs, ys) -> float:
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    return cov / (sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys)) ** 0.5


def tenure_corr() -> float:
    return pearson([r["tenure"] for r in rows()], [r["Churn"] for r in rows()])


def segments(second: str = "SeniorCitizen", value=lambda churn: sum(churn) / len(churn)) -> dict:
    """``value`` of the Churn values of each (Contract, ``second``) segment."""
    groups: dict = {}
    for r in rows():
        groups.setdefault((r["Contract"], int(r[second]) if second == "SeniorCitizen" else r[second]), []) \
            .append(r["Churn"])
    return {k: value(v) for k, v in groups.items()}


def best(values: dict):
    return max(values, key=values.get)


def medians() -> dict:
    return {c: statistics.median(r["tenure"] for r in rows() if r["Churn"] == c) for c in (0, 1)}


MONTHLY = (lambda r: r["Contract"] == "Month-to-month")


def chart(values: dict, xlabel="Churn rate (%)", title="Electronic check churns most", vertical=False):
    fig, ax = plt.subplots()
    (ax.bar if vertical else ax.barh)(list(values), list(values.values()))
    (ax.set_ylabel if vertical else ax.set_xlabel)(xlabel)
    ax.set_title(title)
    return ax


def percent(values: dict) -> dict:
    return {k: 100 * v for k, v in values.items()}


def payment_rates() -> dict:
    return by("PaymentMethod")


def titled(title: str):
    return Lazy(lambda: chart(percent(payment_rates()), title=title))


CORPUS = {
    "ds_eda.q1": Corpus(
        wrong=[
            Wrong(Lazy(lambda: percent(by("Contract"))), says="percentages"),
            Wrong(Lazy(lambda: by("Contract", len)), says="numbers of customers"),
            Wrong(Lazy(lambda: by("Contract", lambda rs: sum(r["Churn"] for r in rs))), says="numbers of churners"),
            Wrong(Lazy(lambda: {k: 1 - v for k, v in by("Contract").items()}), says="stayed"),
            Wrong(Lazy(lambda: load_clean().query("Churn == 1")["Contract"].value_counts(normalize=True)),
                  says="share of all churners", seen="value_counts(normalize=True) on the churners"),
            Wrong(Lazy(lambda: by("InternetService")), says="three contract types"),
        ],
        right=[
            Right(Lazy(lambda: by("Contract")), how="a dict built with the csv module"),
            Right(Lazy(lambda: load_clean().groupby("Contract")["Churn"].mean().round(3)), how="rounded to 3 decimals"),
            Right(Lazy(lambda: pd.crosstab(load_clean()["Contract"], load_clean()["Churn"], normalize="index")[1]),
                  how="crosstab normalised by row"),
        ],
    ),
    "ds_eda.q2": Corpus(
        wrong=[
            Wrong(Lazy(lambda: best(segments())[::-1]), says="wrong order"),
            Wrong(Lazy(lambda: min(segments(), key=segments().get)), says="lowest churn"),
            Wrong(Lazy(lambda: best(segments(value=sum))), says="most churners", seen="idxmax of the sum"),
            Wrong(Lazy(lambda: best(segments(value=len))), says="most churners", seen="idxmax of the size"),
            Wrong(Lazy(lambda: best(segments("InternetService"))), says="as in the lesson"),
            Wrong(Lazy(lambda: (best(segments())[0], True)), says="1 for seniors", seen="senior as a bool"),
            Wrong(Lazy(lambda: max(segments().values())), says="Expected a list", seen="the rate, not the segment"),
            Wrong("Month-to-month, 1", says="Expected a list", seen="one string"),
        ],
        right=[
            Right(Lazy(lambda: best(segments())), how="plain Python max over a dict"),
            Right(Lazy(lambda: list(best(segments()))), how="a list instead of a tuple"),
            Right(Lazy(lambda: load_clean().pivot_table(index="Contract", columns="SeniorCitizen", values="Churn")
                       .stack().idxmax()), how="pivot_table, stack, idxmax (NumPy integer)"),
        ],
    ),
    "ds_eda.q3": Corpus(
        wrong=[
            Wrong(Lazy(lambda: load_clean().groupby("Churn")["tenure"].mean()), says="means"),
            Wrong(Lazy(lambda: {0: medians()[1], 1: medians()[0]}), says="swapped"),
            Wrong(Lazy(lambda: {"stayed": medians()[0], "churned": medians()[1]}), says="Key the medians"),
            Wrong(Lazy(lambda: statistics.median(r["tenure"] for r in rows())), says="Expected a dict or a Series",
                  seen="the median of everyone"),
        ],
        right=[
            Right(Lazy(medians), how="statistics.median per group"),
            Right(Lazy(lambda: {k: int(v) for k, v in medians().items()}), how="as ints"),
            Right(Lazy(lambda: load_clean().groupby("Churn")["tenure"].quantile(0.5)), how="the 0.5 quantile"),
        ],
    ),
    "ds_eda.q4": Corpus(
        wrong=[
            Wrong(Lazy(lambda: 100 * rate(lambda r: r["tenure"] <= 12)), says="percentage"),
            Wrong(Lazy(lambda: rate(lambda r: r["tenure"] < 12)), says="includes 12 months"),
            Wrong(Lazy(lambda: rate(lambda r: 0 < r["tenure"] <= 12)), says="includes tenure 0"),
            Wrong(Lazy(lambda: rate()), says="overall churn rate"),
            Wrong(Lazy(lambda: sum(r["tenure"] <= 12 for r in rows() if r["Churn"]) / sum(r["Churn"] for r in rows())),
                  says="share of churners who are in their first year"),
            Wrong(Lazy(lambda: round(rate(lambda r: r["tenure"] <= 12), 2)), says="rounded too far"),
        ],
        right=[
            Right(Lazy(lambda: rate(lambda r: r["tenure"] <= 12)), how="plain Python"),
            Right(Lazy(lambda: round(rate(lambda r: r["tenure"] <= 12), 3)), how="rounded to 3 decimals"),
            Right(Lazy(lambda: load_clean().assign(b=lambda d: pd.cut(d["tenure"], [-1, 12, 24, 48, 72]))
                       .groupby("b", observed=True)["Churn"].mean().iloc[0]), how="the first band of pd.cut"),
        ],
    ),
    "ds_eda.q5": Corpus(
        wrong=[
            Wrong(Lazy(lambda: -tenure_corr()), says="Check the sign"),
            Wrong(1.0, says="with itself"),
            Wrong(Lazy(lambda: load_clean()["tenure"].corr(load_clean()["Churn"], method="spearman")), says="Spearman"),
            Wrong(Lazy(lambda: load_clean()["tenure"].corr(load_clean()["Churn"], method="kendall")), says="Kendall"),
            Wrong(Lazy(lambda: tenure_corr() ** 2), says="squared"),
            Wrong(Lazy(lambda: load_clean()["MonthlyCharges"].corr(load_clean()["Churn"])), says="MonthlyCharges"),
            Wrong(Lazy(lambda: load_clean()["TotalCharges"].corr(load_clean()["Churn"])), says="TotalCharges"),
        ],
        right=[
            Right(Lazy(tenure_corr), how="Pearson by hand"),
            Right(Lazy(lambda: np.corrcoef(load_clean()["tenure"], load_clean()["Churn"])[0, 1]), how="np.corrcoef"),
            Right(Lazy(lambda: round(tenure_corr(), 3)), how="rounded to 3 decimals"),
        ],
    ),
    "ds_eda.q6": Corpus(
        wrong=[
            Wrong(Lazy(lambda: 100 * rate(lambda r: MONTHLY(r) and r["tenure"] <= 12)), says="percentage"),
            Wrong(Lazy(lambda: rate(lambda r: r["tenure"] <= 12)), says="one condition only"),
            Wrong(Lazy(lambda: rate(MONTHLY)), says="one condition only"),
            Wrong(Lazy(lambda: rate(lambda r: MONTHLY(r) and r["tenure"] < 12)), says="not < 12"),
            Wrong(Lazy(lambda: rate(lambda r: MONTHLY(r) or r["tenure"] <= 12)), says="either condition"),
        ],
        right=[
            Right(Lazy(lambda: rate(lambda r: MONTHLY(r) and r["tenure"] <= 12)), how="plain Python"),
            Right(Lazy(lambda: load_clean().query("Contract == 'Month-to-month' and tenure <= 12")["Churn"].mean()),
                  how="DataFrame.query"),
            Right(Lazy(lambda: round(rate(lambda r: MONTHLY(r) and r["tenure"] <= 12), 3)), how="rounded"),
        ],
    ),
    "ds_eda.q7": Corpus(
        wrong=[
            Wrong(Lazy(lambda: chart(by("PaymentMethod", len))), says="number of customers"),
            Wrong(Lazy(lambda: chart({k: 1 - v for k, v in payment_rates().items()})), says="stayed"),
            Wrong(Lazy(lambda: chart(load_clean().query("Churn == 1")["PaymentMethod"].value_counts(normalize=True)
                                     .to_dict())), says="share of all churners"),
            Wrong(Lazy(lambda: chart({k: round(v) for k, v in percent(payment_rates()).items()})),
                  says="rounded too far"),
            Wrong(Lazy(lambda: chart(percent(payment_rates()), xlabel="Churn rate")), says="say so in the axis label"),
            Wrong(Lazy(lambda: chart(payment_rates(), xlabel="")), says="Label the axis of the rates"),
            Wrong(Lazy(lambda: chart(payment_rates())), says="but the axis label says percent",
                  seen="a walk-through: fraction bars under the hint's 'Churn rate (%)' label"),
            Wrong(Lazy(lambda: chart(payment_rates(), xlabel="Churn rate")), says="Say the unit",
                  seen="a walk-through: fraction bars labelled without a unit"),
            Wrong(Lazy(lambda: chart(payment_rates(), xlabel="", vertical=True)), says="ax.set_ylabel"),
            Wrong(titled(""), says="title that states the finding"),
            Wrong(titled("Churn rate by payment method"), says="not the finding"),
            Wrong(titled("Mailed check customers churn most"), says="the data say otherwise"),
            Wrong(titled("Credit card customers churn the most"), says="the data say otherwise"),
            Wrong(titled("Electronic check customers churn least"), says="the data say otherwise"),
            Wrong(titled("Unknown payment method churns most"), says="the data say otherwise",
                  seen="the small group's bar looks tall"),
            Wrong(titled("Mailed check churns more than electronic check"), says="the data say otherwise"),
            Wrong(titled("Churn is highest for electronic check, lowest for mailed check"), says="the data say otherwise"),
            Wrong(titled("Electronic check churns most (45%)"), says="quotes 45%"),
            Wrong("a chart", says="Expected a matplotlib Axes"),
        ],
        right=[
            Right(titled("Electronic check customers churn most"), how="the worked title"),
            Right(Lazy(lambda: chart(payment_rates(), xlabel="Churn rate (share of customers)",
                                     title="Churn is highest for electronic check, lowest for credit card")),
                  how="fractions, two findings"),
            Right(Lazy(lambda: chart(percent(payment_rates()), vertical=True,
                                     title="Automatic payers churn least; e-check most")),
                  how="vertical bars, a group of methods"),
            Right(titled("Electronic-check customers leave at 37%, twice the rate of card payers"),
                  how="a quoted percentage and a comparison"),
            Right(titled("Electronic check churns more than mailed check (37% vs 20%)"), how="a comparison with than"),
        ],
    ),
}

test_corpus = corpus_tests(CORPUS)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("qid", IDS)
def test_blank_is_not_attempted(qid):
    """Is the exercise's starting blank graded as not attempted?"""
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_q7_an_empty_axes_is_not_attempted():
    assert get("ds_eda.q7").grade(plt.subplots()[1]).status == NOT_ATTEMPTED


def test_q7_passes_the_lessons_own_chart_helper():
    """Does the chart drawn by plot_churn_rate (title naming the top method and its rate) pass?"""
    from course_utils.ds.eda import churn_rate_by, plot_churn_rate

    ax = plot_churn_rate(churn_rate_by(load_clean(), "PaymentMethod"), "PaymentMethod")
    assert get("ds_eda.q7").grade(ax).status == PASSED

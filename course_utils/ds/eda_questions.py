"""Questions of ``11_ds_eda``: churn by segment, tenure, correlation, an interaction and a chart."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import pandas as pd

from course_utils.checks import (
    MEASURE, PROPORTION, CustomQuestion, Mistake, ValueQuestion, percent_of,
)
from course_utils.data import load_clean
from course_utils.ds.chart_checks import grade_rate_chart


def _rates(column: str) -> dict:
    return load_clean().groupby(column)["Churn"].mean().to_dict()


def _scaled(answer, expected: Mapping, factor: float, offset: float = 0.0) -> bool:
    """Whether ``answer`` is ``expected`` with every value times ``factor``, plus ``offset`` (key by key)."""
    answer = answer.to_dict() if isinstance(answer, pd.Series) else answer
    return (isinstance(answer, Mapping) and set(answer) == set(expected)
            and all(math.isclose(answer[k], v * factor + offset, rel_tol=1e-3, abs_tol=PROPORTION.abs_tol)
                    for k, v in expected.items()))


def _share_of_churners(column: str) -> dict:
    """Each value's share of all churners: a rate divided by the wrong total."""
    return load_clean().loc[lambda df: df["Churn"] == 1, column].value_counts(normalize=True).to_dict()


def _counts(column: str) -> dict:
    return load_clean()[column].value_counts().to_dict()


q1 = ValueQuestion(
    id="ds_eda.q1",
    prompt="What is the churn rate of each contract type (a Series or dict of fractions)?",
    expected=lambda: _rates("Contract"),
    tolerance=PROPORTION,
    mistakes=[
        Mistake(lambda a: _scaled(a, _rates("Contract"), 100),
                "Those are percentages. Give each rate as a fraction: 41% is 0.41."),
        Mistake(lambda a: _scaled(a, _counts("Contract"), 1),
                "Those are the numbers of customers per contract. The rate is the mean of Churn in each group."),
        Mistake(lambda a: isinstance(a, Mapping) and set(a) != set(_rates("Contract")),
                "The keys should be the three contract types, exactly as spelled in the data. "
                "Group by the Contract column."),
        Mistake(lambda a: _scaled(a, load_clean().groupby("Contract")["Churn"].sum().to_dict(), 1),
                "Those are the numbers of churners per contract (a sum). The rate is the mean of Churn in each group."),
        Mistake(lambda a: _scaled(a, _rates("Contract"), -1, 1),
                "Those are the shares of customers who stayed. The churn rate is the mean of Churn itself."),
        Mistake(lambda a: _scaled(a, _share_of_churners("Contract"), 1),
                "Those are each contract's share of all churners (they add up to 1). The churn rate divides "
                "a contract's churners by that contract's customers."),
    ],
    hints=[
        "Split the customers by contract type, then take the share of churners in each group.",
        "groupby('Contract') followed by the mean of the 0/1 Churn column gives one rate per contract.",
        "churn_by_contract = df.groupby('Contract')['Churn'].mean()",
    ],
    solution_text="churn_by_contract = df.groupby('Contract')['Churn'].mean()",
)

def _segments(stat: str = "mean", columns=("Contract", "SeniorCitizen")) -> pd.Series:
    return load_clean().groupby(list(columns))["Churn"].agg(stat)


# Contract x SeniorCitizen: the riskiest segment is small, so the most churners (a sum) or customers are elsewhere.
q2 = ValueQuestion(
    id="ds_eda.q2",
    prompt="Which combination of Contract and SeniorCitizen has the highest churn rate? "
           "Give a tuple (contract, SeniorCitizen value, 0 or 1).",
    expected=lambda: _segments().idxmax(),
    mistakes=[
        Mistake(lambda a: q2.matches(a, _segments().idxmax()[::-1]),
                "Right segment, wrong order: give (contract, senior citizen)."),
        Mistake(lambda a: q2.matches(a, _segments().idxmin()),
                "That is the segment with the lowest churn. Sort descending, or use idxmax()."),
        Mistake(lambda a: q2.matches(a, _segments("sum").idxmax()) or q2.matches(a, _segments("size").idxmax()),
                "That segment has the most churners (and the most customers), not the highest churn rate. "
                "The rate is the mean of Churn in each segment, not its sum or its count."),
        Mistake(lambda a: q2.matches(a, _segments(columns=("Contract", "InternetService")).idxmax()),
                "That combines Contract with InternetService, as in the lesson. This question asks for "
                "Contract and SeniorCitizen."),
        Mistake(lambda a: q2.matches(a[0], _segments().idxmax()[0]) and a[1] in (True, "Yes", "yes"),
                "Right segment, but give SeniorCitizen as the data store it: 1 for seniors, 0 for the others."),
    ],
    hints=[
        "Group by two columns at once: df.groupby(['Contract', 'SeniorCitizen']).",
        "The mean of Churn per group is its rate; idxmax() returns the label (here a tuple) of the largest.",
        "top_segment = df.groupby(['Contract', 'SeniorCitizen'])['Churn'].mean().idxmax()",
    ],
    solution_text="top_segment = df.groupby(['Contract', 'SeniorCitizen'])['Churn'].mean().idxmax()",
)


def _median_tenure() -> dict:
    return load_clean().groupby("Churn")["tenure"].median().to_dict()


def _mean_tenure() -> dict:
    return load_clean().groupby("Churn")["tenure"].mean().to_dict()


q3 = ValueQuestion(
    id="ds_eda.q3",
    prompt="What is the median tenure of stayers (Churn 0) and churners (Churn 1)? "
           "A Series or dict keyed by 0 and 1.",
    expected=_median_tenure,
    tolerance=MEASURE,
    mistakes=[
        Mistake(lambda a: _scaled(a, _mean_tenure(), 1),
                "Those are the means. Tenure is skewed (many new customers), so the lesson uses the median."),
        Mistake(lambda a: isinstance(a, Mapping) and set(a) == {0, 1}
                and a[0] == _median_tenure()[1] and a[1] == _median_tenure()[0],
                "The values are swapped: key 0 is the stayers and key 1 the churners."),
        Mistake(lambda a: isinstance(a, Mapping) and set(a) != {0, 1},
                "Key the medians by the Churn values 0 (stayed) and 1 (churned), as groupby('Churn') gives them."),
    ],
    hints=[
        "Split by the Churn column (0 = stayed, 1 = churned) and summarise tenure in each group.",
        "The median is the middle value: .median(), not .mean().",
        "median_tenure = df.groupby('Churn')['tenure'].median()",
    ],
    solution_text="median_tenure = df.groupby('Churn')['tenure'].median()",
)


def _near(value: Callable[[], float], right: Callable[[], float]) -> Callable[[object], bool]:
    """A ``Mistake`` predicate: the answer is ``value()`` within the proportion tolerance, or ``value()`` rounded
    too far when it is not also ``right()`` rounded too far (then the rounding message is the honest one)."""
    return lambda answer: PROPORTION.accepts(answer, value()) or (
        PROPORTION.rounded_too_far(answer, value()) and not PROPORTION.rounded_too_far(answer, right()))


def _rate_where(mask: Callable[[pd.DataFrame], pd.Series]) -> float:
    """The churn rate of the clean table's rows selected by ``mask(df)``."""
    df = load_clean()
    return float(df.loc[mask(df), "Churn"].mean())


def _first_year_rate() -> float:
    return _rate_where(lambda df: df["tenure"] <= 12)


q4 = ValueQuestion(
    id="ds_eda.q4",
    prompt="What is the churn rate of customers in the 0-12 tenure band (tenure of 12 months or less)?",
    expected=_first_year_rate,
    tolerance=PROPORTION,
    mistakes=[
        Mistake(percent_of(_first_year_rate, abs_tol=PROPORTION.too_far),
                "That looks like a percentage. Give the rate as a fraction."),
        Mistake(_near(lambda: _rate_where(lambda df: df["tenure"] < 12), _first_year_rate),
                "Almost: the band includes 12 months. Use tenure <= 12, not < 12."),
        Mistake(_near(lambda: float(load_clean()["Churn"].mean()), _first_year_rate),
                "That is the overall churn rate. Keep only the customers with tenure <= 12 first."),
        Mistake(_near(lambda: _rate_where(lambda df: (df["tenure"] > 0) & (df["tenure"] <= 12)), _first_year_rate),
                "Almost: the band includes tenure 0, the customers who joined this month. Use tenure <= 12 alone."),
        Mistake(_near(lambda: float((load_clean().query("Churn == 1")["tenure"] <= 12).mean()), _first_year_rate),
                "That is the share of churners who are in their first year. The question asks the reverse: "
                "the share of first-year customers who churn."),
    ],
    hints=[
        "Filter the rows first, then take the churn rate of what is left.",
        "df[df['tenure'] <= 12] keeps the first-year customers (0 included).",
        "first_year_rate = df.loc[df['tenure'] <= 12, 'Churn'].mean()",
    ],
    solution_text="first_year_rate = df.loc[df['tenure'] <= 12, 'Churn'].mean()",
)


def _tenure_corr(method: str = "pearson") -> float:
    df = load_clean()
    return float(df["tenure"].corr(df["Churn"], method=method))


q5 = ValueQuestion(
    id="ds_eda.q5",
    prompt="What is the (Pearson) correlation between tenure and Churn?",
    expected=_tenure_corr,
    tolerance=PROPORTION,
    mistakes=[
        Mistake(_near(lambda: -_tenure_corr(), _tenure_corr),
                "Check the sign: churn falls as tenure grows, so the correlation is negative."),
        Mistake(lambda a: math.isclose(a, 1.0, abs_tol=1e-9),
                "1 is the correlation of a column with itself: pass the other column to corr()."),
        Mistake(_near(lambda: _tenure_corr("spearman"), _tenure_corr),
                "That is Spearman's rank correlation. The question asks for Pearson's, corr()'s default."),
        Mistake(_near(lambda: _tenure_corr("kendall"), _tenure_corr),
                "That is Kendall's rank correlation. The question asks for Pearson's, corr()'s default."),
        Mistake(_near(lambda: _tenure_corr() ** 2, _tenure_corr),
                "That is the squared correlation (r squared), which loses the sign. Give r itself."),
        Mistake(_near(lambda: float(load_clean()["MonthlyCharges"].corr(load_clean()["Churn"])), _tenure_corr),
                "That is the correlation of MonthlyCharges with Churn. Use the tenure column."),
        Mistake(_near(lambda: float(load_clean()["TotalCharges"].corr(load_clean()["Churn"])), _tenure_corr),
                "That is the correlation of TotalCharges with Churn. Use the tenure column."),
    ],
    hints=[
        "Correlation measures how two columns move together, from -1 to 1.",
        "Series.corr(other) gives the Pearson correlation of two columns.",
        "tenure_churn_corr = df['tenure'].corr(df['Churn'])",
    ],
    solution_text="tenure_churn_corr = df['tenure'].corr(df['Churn'])",
)


def _monthly(df: pd.DataFrame) -> pd.Series:
    return df["Contract"] == "Month-to-month"


def _new_monthly_rate() -> float:
    return _rate_where(lambda df: (df["Contract"] == "Month-to-month") & (df["tenure"] <= 12))


q6 = ValueQuestion(
    id="ds_eda.q6",
    prompt="What is the churn rate of month-to-month customers in their first year (tenure <= 12)?",
    expected=_new_monthly_rate,
    tolerance=PROPORTION,
    mistakes=[
        Mistake(percent_of(_new_monthly_rate, abs_tol=PROPORTION.too_far),
                "That looks like a percentage. Give the rate as a fraction."),
        # All month-to-month and all first-year customers churn at almost the same rate: one message for both.
        Mistake(lambda a: _near(_first_year_rate, _new_monthly_rate)(a)
                and _near(lambda: _rate_where(_monthly), _new_monthly_rate)(a),
                "That is one condition only: all first-year customers (whatever their contract) and all "
                "month-to-month customers churn at almost that rate. Keep the customers who meet both."),
        Mistake(_near(_first_year_rate, _new_monthly_rate),
                "That is all first-year customers, whatever their contract. Add the month-to-month condition."),
        Mistake(_near(lambda: _rate_where(lambda df: df["Contract"] == "Month-to-month"), _new_monthly_rate),
                "That is all month-to-month customers. Add the first-year condition (tenure <= 12)."),
        Mistake(_near(lambda: _rate_where(lambda df: _monthly(df) & (df["tenure"] < 12)), _new_monthly_rate),
                "Almost: the first year includes 12 months. Use tenure <= 12, not < 12."),
        Mistake(_near(lambda: _rate_where(lambda df: _monthly(df) | (df["tenure"] <= 12)), _new_monthly_rate),
                "That keeps customers who meet either condition (|). Keep those who meet both, with &."),
    ],
    hints=[
        "Two conditions at once: the contract and the tenure.",
        "Combine conditions with &, each in its own parentheses.",
        "df.loc[(df['Contract'] == 'Month-to-month') & (df['tenure'] <= 12), 'Churn'].mean()",
    ],
    solution_text="mask = (df['Contract'] == 'Month-to-month') & (df['tenure'] <= 12)\n"
                  "new_monthly_rate = df.loc[mask, 'Churn'].mean()",
)


# The words a title may use for a payment method, or for both automatic ones.
_AUTOMATIC = ("Bank transfer (automatic)", "Credit card (automatic)")
PAYMENT_ALIASES = {
    "electronic": "Electronic check", "e-check": "Electronic check", "echeck": "Electronic check",
    "mailed": "Mailed check", "mail": "Mailed check", "bank": _AUTOMATIC[0], "transfer": _AUTOMATIC[0],
    "credit": _AUTOMATIC[1], "card": _AUTOMATIC[1], "unknown": "Unknown", "missing": "Unknown",
    "automatic": _AUTOMATIC, "autopay": _AUTOMATIC, "auto-pay": _AUTOMATIC,
}


def _grade_chart(ax) -> str | None:
    return grade_rate_chart(ax, _rates("PaymentMethod"), _counts("PaymentMethod"), PAYMENT_ALIASES,
                            shares=_share_of_churners("PaymentMethod"))


q7 = CustomQuestion(
    id="ds_eda.q7",
    prompt="Draw a bar chart of the churn rate per PaymentMethod, with labelled axes and a title "
           "that states the finding, and pass its Axes.",
    grader=_grade_chart,
    pass_message="Well done: the bars show the right rates, the axes are labelled, and the title is true.",
    hints=[
        "First compute the rate per method, as in question 1 but with PaymentMethod.",
        "fig, ax = plt.subplots() gives an Axes; ax.barh(names, values) draws horizontal bars.",
        "Draw percent with ax.barh(names, [100 * v for v in values]), then ax.set_xlabel('Churn rate (%)'), "
        "ax.set_ylabel('Payment method'), a title that states the finding, and pass ax to the check.",
    ],
    solution_text="rates = df.groupby('PaymentMethod')['Churn'].mean().sort_values()\n"
                  "fig, ax = plt.subplots()\n"
                  "ax.barh(rates.index, rates * 100)\n"
                  "ax.set_xlabel('Churn rate (%)')\n"
                  "ax.set_title('Electronic check customers churn most')\n"
                  "plt.show()",
)

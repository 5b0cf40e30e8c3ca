"""Questions of ``11_ds_eda``: churn by segment, tenure, correlation, an interaction and a chart."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import pandas as pd

from course_utils.checks import CustomQuestion, Mistake, NotAttempted, ValueQuestion, percent_of
from course_utils.data import load_clean


def _rates(column: str) -> dict:
    return load_clean().groupby(column)["Churn"].mean().to_dict()


def _scaled(answer, expected: Mapping, factor: float) -> bool:
    return (isinstance(answer, Mapping) and set(answer) == set(expected)
            and all(math.isclose(answer[k], v * factor, rel_tol=1e-3) for k, v in expected.items()))


def _counts(column: str) -> dict:
    return load_clean()[column].value_counts().to_dict()


q1 = ValueQuestion(
    id="ds_eda.q1",
    prompt="What is the churn rate of each contract type (a Series or dict of fractions)?",
    expected=lambda: _rates("Contract"),
    abs_tol=1e-4,
    mistakes=[
        Mistake(lambda a: _scaled(a, _rates("Contract"), 100),
                "Those are percentages. Give each rate as a fraction: 41% is 0.41."),
        Mistake(lambda a: _scaled(a, _counts("Contract"), 1),
                "Those are the numbers of customers per contract. The rate is the mean of Churn in each group."),
        Mistake(lambda a: isinstance(a, Mapping) and set(a) != set(_rates("Contract")),
                "The keys should be the three contract types, exactly as spelled in the data. "
                "Group by the Contract column."),
    ],
    hints=[
        "Split the customers by contract type, then take the share of churners in each group.",
        "groupby('Contract') followed by the mean of the 0/1 Churn column gives one rate per contract.",
        "churn_by_contract = df.groupby('Contract')['Churn'].mean()",
    ],
    solution_text="churn_by_contract = df.groupby('Contract')['Churn'].mean()",
)

def _segment_rates():
    return load_clean().groupby(["Contract", "InternetService"])["Churn"].mean()


q2 = ValueQuestion(
    id="ds_eda.q2",
    prompt="Which combination of Contract and InternetService has the highest churn rate? "
           "Give a tuple (contract, internet service).",
    expected=lambda: _segment_rates().idxmax(),
    mistakes=[
        Mistake(lambda a: q2.matches(a, _segment_rates().idxmax()[::-1]),
                "Right segment, wrong order: give (contract, internet service)."),
        Mistake(lambda a: q2.matches(a, _segment_rates().idxmin()),
                "That is the segment with the lowest churn. Sort descending, or use idxmax()."),
    ],
    hints=[
        "Group by two columns at once: df.groupby(['Contract', 'InternetService']).",
        "The mean of Churn per group is its rate; idxmax() returns the label (here a tuple) of the largest.",
        "top_segment = df.groupby(['Contract', 'InternetService'])['Churn'].mean().idxmax()",
    ],
    solution_text="top_segment = df.groupby(['Contract', 'InternetService'])['Churn'].mean().idxmax()",
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
    abs_tol=1e-9,
    mistakes=[
        Mistake(lambda a: _scaled(a, _mean_tenure(), 1),
                "Those are the means. Tenure is skewed (many new customers), so the lesson uses the median."),
        Mistake(lambda a: isinstance(a, Mapping) and set(a) == {0, 1}
                and a[0] == _median_tenure()[1] and a[1] == _median_tenure()[0],
                "The values are swapped: key 0 is the stayers and key 1 the churners."),
        Mistake(lambda a: isinstance(a, Mapping) and set(a) != {0, 1},
                "Key the medians by the Churn values 0 (stayed) and 1 (churned), as groupby('Churn') gives them."),
        Mistake(lambda a: not isinstance(a, Mapping),
                "Give both medians at once, keyed by the Churn value: groupby('Churn')['tenure'].median()."),
    ],
    hints=[
        "Split by the Churn column (0 = stayed, 1 = churned) and summarise tenure in each group.",
        "The median is the middle value: .median(), not .mean().",
        "median_tenure = df.groupby('Churn')['tenure'].median()",
    ],
    solution_text="median_tenure = df.groupby('Churn')['tenure'].median()",
)


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
    abs_tol=5e-4,
    rel_tol=0.0,
    mistakes=[
        Mistake(percent_of(_first_year_rate, abs_tol=5e-3),
                "That looks like a percentage. Give the rate as a fraction."),
        Mistake(lambda a: math.isclose(a, _rate_where(lambda df: df["tenure"] < 12), abs_tol=2e-4),
                "Almost: the band includes 12 months. Use tenure <= 12, not < 12."),
        Mistake(lambda a: math.isclose(a, float(load_clean()["Churn"].mean()), abs_tol=2e-4),
                "That is the overall churn rate. Keep only the customers with tenure <= 12 first."),
    ],
    hints=[
        "Filter the rows first, then take the churn rate of what is left.",
        "df[df['tenure'] <= 12] keeps the first-year customers (0 included).",
        "first_year_rate = df.loc[df['tenure'] <= 12, 'Churn'].mean()",
    ],
    solution_text="first_year_rate = df.loc[df['tenure'] <= 12, 'Churn'].mean()",
)


def _tenure_corr() -> float:
    df = load_clean()
    return float(df["tenure"].corr(df["Churn"]))


q5 = ValueQuestion(
    id="ds_eda.q5",
    prompt="What is the (Pearson) correlation between tenure and Churn?",
    expected=_tenure_corr,
    abs_tol=5e-3,
    rel_tol=0.0,
    mistakes=[
        Mistake(lambda a: math.isclose(a, -_tenure_corr(), abs_tol=5e-3),
                "Check the sign: churn falls as tenure grows, so the correlation is negative."),
        Mistake(lambda a: math.isclose(a, 1.0, abs_tol=1e-9),
                "1 is the correlation of a column with itself: pass the other column to corr()."),
    ],
    hints=[
        "Correlation measures how two columns move together, from -1 to 1.",
        "Series.corr(other) gives the Pearson correlation of two columns.",
        "tenure_churn_corr = df['tenure'].corr(df['Churn'])",
    ],
    solution_text="tenure_churn_corr = df['tenure'].corr(df['Churn'])",
)


def _new_monthly_rate() -> float:
    return _rate_where(lambda df: (df["Contract"] == "Month-to-month") & (df["tenure"] <= 12))


q6 = ValueQuestion(
    id="ds_eda.q6",
    prompt="What is the churn rate of month-to-month customers in their first year (tenure <= 12)?",
    expected=_new_monthly_rate,
    abs_tol=5e-4,
    rel_tol=0.0,
    mistakes=[
        Mistake(percent_of(_new_monthly_rate, abs_tol=5e-3),
                "That looks like a percentage. Give the rate as a fraction."),
        Mistake(lambda a: math.isclose(a, _first_year_rate(), abs_tol=2e-4),
                "That is all first-year customers, whatever their contract. Add the month-to-month condition."),
        Mistake(lambda a: math.isclose(a, _rate_where(lambda df: df["Contract"] == "Month-to-month"), abs_tol=2e-4),
                "That is all month-to-month customers. Add the first-year condition (tenure <= 12)."),
    ],
    hints=[
        "Two conditions at once: the contract and the tenure.",
        "Combine conditions with &, each in its own parentheses.",
        "df.loc[(df['Contract'] == 'Month-to-month') & (df['tenure'] <= 12), 'Churn'].mean()",
    ],
    solution_text="mask = (df['Contract'] == 'Month-to-month') & (df['tenure'] <= 12)\n"
                  "new_monthly_rate = df.loc[mask, 'Churn'].mean()",
)


def _bar_values(ax) -> dict[str, list[float]]:
    """Candidate bar values by the axis that shows them: heights (vertical bars, y) and widths (horizontal, x)."""
    patches = [p for p in ax.patches if hasattr(p, "get_height")]
    return {"y": [p.get_height() for p in patches], "x": [p.get_width() for p in patches]}


def _grade_chart(ax) -> str | None:
    if not hasattr(ax, "patches") or not hasattr(ax, "get_title"):
        return f"Expected a matplotlib Axes (the ax of fig, ax = plt.subplots()), but got {type(ax).__name__}."
    expected = _rates("PaymentMethod")
    if not ax.patches:
        raise NotAttempted
    ax.figure.canvas.draw()
    labels = {t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()}
    want = sorted(expected.values())
    counts = sorted(_counts("PaymentMethod").values())
    value_axis, in_percent = None, False
    for axis, values in _bar_values(ax).items():
        got = sorted(values)
        if len(got) != len(want):
            continue
        if all(math.isclose(g, c, rel_tol=1e-6) for g, c in zip(got, counts)):
            return "The bars show the number of customers per method. Plot the churn rate (the mean of Churn) instead."
        if all(math.isclose(g, w, abs_tol=1e-4) for g, w in zip(got, want)):
            value_axis = axis
        elif all(math.isclose(g, 100 * w, abs_tol=1e-2) for g, w in zip(got, want)):
            value_axis, in_percent = axis, True
    if value_axis is None:
        return (f"Expected one bar per payment method ({len(want)} bars) whose lengths are the churn rates; "
                f"found {len(ax.patches)} bars with other values.")
    if not set(expected) <= labels:
        return "Label each bar with its payment method: the method names should appear as tick labels."
    rate_label = (ax.get_ylabel() if value_axis == "y" else ax.get_xlabel()).lower()
    if not rate_label.strip():
        setter = "ax.set_ylabel" if value_axis == "y" else "ax.set_xlabel"
        return f"Label the axis of the rates, with its unit, e.g. {setter}('Churn rate (%)')."
    if in_percent and "%" not in rate_label and "percent" not in rate_label:
        return "Your bars are in percent: say so in the axis label, e.g. 'Churn rate (%)'."
    if not ax.get_title().strip():
        return "Give the chart a title that states the finding, e.g. which method churns most."
    return None


q7 = CustomQuestion(
    id="ds_eda.q7",
    prompt="Draw a bar chart of the churn rate per PaymentMethod, with labelled axes and a title "
           "that states the finding, and pass its Axes.",
    grader=_grade_chart,
    pass_message="Well done: the bars show the right rates, and the chart is labelled.",
    hints=[
        "First compute the rate per method, as in question 1 but with PaymentMethod.",
        "fig, ax = plt.subplots() gives an Axes; ax.barh(names, values) draws horizontal bars.",
        "Add ax.set_xlabel('Churn rate (%)'), ax.set_title('Electronic check churns most') and pass ax to the check.",
    ],
    solution_text="rates = df.groupby('PaymentMethod')['Churn'].mean().sort_values()\n"
                  "fig, ax = plt.subplots()\n"
                  "ax.barh(rates.index, rates * 100)\n"
                  "ax.set_xlabel('Churn rate (%)')\n"
                  "ax.set_title('Electronic check customers churn most')\n"
                  "plt.show()",
)

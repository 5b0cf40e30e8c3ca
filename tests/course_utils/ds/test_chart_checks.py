"""Does the title reader pass true findings, name false ones, and leave what it cannot read unjudged?"""

import pytest

from course_utils.ds.chart_checks import title_problem

RATES = {"Apples": 0.40, "Pears": 0.25, "Plums": 0.10, "Figs": 0.12}
ALIASES = {"apple": "Apples", "stone fruit": ("Plums",), "small fruit": ("Plums", "Figs")}


@pytest.mark.parametrize("title", [
    "Apples churn most",
    "Churn is highest for apples, lowest for plums",
    "Small fruit churn least",
    "Apple buyers churn more than pear buyers (40% vs 25%)",
    "Apples: 40%, the highest",
    "Pears churn less than apples",
    "Apples churn 15 points above pears",
    "Figs and plums churn least",
    "Plums have the most loyal buyers",
])
def test_true_findings_pass(title):
    assert title_problem(title, RATES, ALIASES) is None


@pytest.mark.parametrize(("title", "says"), [
    ("Pears churn most", "the most churn for Pears,"),
    ("Apples churn least", "the least churn for Apples,"),
    ("Plums churn more than apples", "more churn for Plums than for Apples"),
    ("Apples churn most (50%)", "quotes 50%"),
    ("Churn by fruit", "not the finding"),
    ("", "Give the chart a title"),
    ("Apples are not the safest", "not the finding"),
    ("Pears and plums churn least", "the least churn for Pears and Plums,"),
    ("Apple buyers are the most likely to stay", "the least churn for Apples,"),
])
def test_false_or_missing_findings_are_named(title, says):
    assert says in title_problem(title, RATES, ALIASES)

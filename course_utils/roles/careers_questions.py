"""Questions of ``40_careers``: a short quiz on reading the roles tables honestly."""

from __future__ import annotations

from course_utils.checks import Mistake, ValueQuestion
from course_utils.roles.tables import load


def _ds_rows(section: str | None = None):
    """The data-scientist salary statements, all of them or those of one ``section`` of the article."""
    ds = load("salaries").query("role == 'DS'")
    return ds if section is None else ds[ds["section"] == section]


def _span(rows) -> list[int]:
    return [int(rows["low_usd"].min()), int(rows["high_usd"].max())]


def _ds_span() -> list[int]:
    return _span(_ds_rows())


def _ds_average() -> list[float]:
    ds = _ds_rows()
    return [float(ds["low_usd"].mean()), float(ds["high_usd"].mean())]


def _mle_only_categories() -> list[str]:
    tools = load("tools")
    roles_per_category = tools.groupby("category")["role"].agg(set)
    return sorted(c for c, r in roles_per_category.items() if r == {"MLE"})


q1 = ValueQuestion(
    id="careers.q1",
    prompt="The span of every data-scientist salary statement: [lowest low_usd, highest high_usd].",
    expected=_ds_span,
    mistakes=[
        Mistake(lambda a: q1.matches(a, _ds_average()),
                "That is the average of the two ranges: a figure no article reported. Take the lowest low end "
                "and the highest high end instead, so the span shows the disagreement."),
        Mistake(lambda a: q1.matches(a, _span(_ds_rows("salary table"))),
                "That is only the salary table. The FAQ of the same article gives another range: "
                "include every data-scientist row."),
        Mistake(lambda a: q1.matches(a, _span(_ds_rows("FAQ"))),
                "That is only the FAQ. The salary table gives another range: include every "
                "data-scientist row."),
        Mistake(lambda a: isinstance(a, list) and len(a) == 2
                and max(a) >= load("salaries").query("role != 'DS'")["high_usd"].max(),
                "That span includes ML-engineer or AI-engineer rows: keep only role == 'DS'."),
        Mistake(lambda a: isinstance(a, list) and len(a) == 2 and max(a) < 1000,
                "The table stores whole dollars (low_usd, high_usd), not thousands: use the values as they are."),
    ],
    hints=[
        "Filter roles.load('salaries') to the data-scientist rows.",
        "The span runs from the smallest low_usd to the largest high_usd of those rows.",
        "ds = salaries[salaries['role'] == 'DS']; answer = [ds['low_usd'].min(), ds['high_usd'].max()]",
    ],
    solution_text=(
        "salaries = roles.load('salaries')\n"
        "ds = salaries[salaries['role'] == 'DS']\n"
        "ds_span = [int(ds['low_usd'].min()), int(ds['high_usd'].max())]"
    ),
)

q2 = ValueQuestion(
    id="careers.q2",
    prompt="Which tool categories do the articles name for ML engineers only? A list of category names.",
    expected=_mle_only_categories,
    ordered=False,
    mistakes=[
        Mistake(lambda a: isinstance(a, list) and "big data" in a,
                "Big data is named for both roles: data scientists use Apache Spark too. Keep only the categories "
                "whose set of roles is exactly {'MLE'}."),
        Mistake(lambda a: isinstance(a, list) and set(a) >= {"notebooks", "visualisation"},
                "Notebooks and visualisation are data-science-only categories. The question asks for the "
                "ML-engineer side."),
        Mistake(lambda a: isinstance(a, list) and any(t in a for t in ("Docker", "TorchServe", "MLflow")),
                "Those are tools, not categories: group by the category column."),
    ],
    hints=[
        "Group roles.load('tools') by category and collect the set of roles in each group.",
        "tools.groupby('category')['role'].agg(set) gives {'DS'}, {'MLE'} or {'DS', 'MLE'} per category.",
        "Keep the categories whose set equals {'MLE'}.",
    ],
    solution_text=(
        "tools = roles.load('tools')\n"
        "roles_per_category = tools.groupby('category')['role'].agg(set)\n"
        "mle_only = [c for c, r in roles_per_category.items() if r == {'MLE'}]"
    ),
)

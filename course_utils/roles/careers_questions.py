"""Questions of ``40_careers``: a short quiz on reading the roles tables honestly."""

from __future__ import annotations

from course_utils.checks import COUNT, MONEY, Mistake, ValueQuestion
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
    tolerance=MONEY,
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
        Mistake(lambda a: isinstance(a, list) and len(a) == 2 and a[0] > a[1],
                "The two ends are swapped: give [lowest low_usd, highest high_usd], the low end first."),
        Mistake(lambda a: isinstance(a, list) and len(a) == 2
                and max(a) >= load("salaries").query("role != 'DS'")["high_usd"].max(),
                "That span includes ML-engineer or AI-engineer rows: keep only role == 'DS'."),
        Mistake(lambda a: isinstance(a, list) and len(a) == 2 and max(a) < 1000,
                "The table stores whole dollars (low_usd, high_usd), not thousands: use the values as they are."),
    ],
    hints=[
        "Filter tables.load('salaries') to the data-scientist rows.",
        "The span runs from the smallest low_usd to the largest high_usd of those rows.",
        "ds = salaries[salaries['role'] == 'DS']; answer = [ds['low_usd'].min(), ds['high_usd'].max()]",
    ],
    solution_text=(
        "salaries = tables.load('salaries')\n"
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
        "Group tables.load('tools') by category and collect the set of roles in each group.",
        "tools.groupby('category')['role'].agg(set) gives {'DS'}, {'MLE'} or {'DS', 'MLE'} per category.",
        "Keep the categories whose set equals {'MLE'}.",
    ],
    solution_text=(
        "tools = tables.load('tools')\n"
        "roles_per_category = tools.groupby('category')['role'].agg(set)\n"
        "mle_only = [c for c, r in roles_per_category.items() if r == {'MLE'}]"
    ),
)


def _titles(role: str | None = "MLE", section: str | None = None):
    """Titles of the career ladder table for ``role`` and ``section`` (None: every one), repeats kept."""
    ladder = load("career_ladder")
    if role is not None:
        ladder = ladder[ladder["role"] == role]
    if section is not None:
        ladder = ladder[ladder["section"] == section]
    return ladder["title"]


def _is_count(answer: object) -> bool:
    return isinstance(answer, (int, float)) and not isinstance(answer, bool)


q3 = ValueQuestion(
    id="careers.q3",
    prompt="How many different job titles does novustech name on the ML engineer's growth path, "
           "over both places it lists them?",
    expected=lambda: _titles().nunique(),
    tolerance=COUNT,
    mistakes=[
        Mistake(lambda a: _is_count(a) and a == len(_titles()),
                "That counts rows, and some titles are in both lists (AI Architect, Principal Engineer). "
                "Count each title once: .nunique()."),
        Mistake(lambda a: _is_count(a) and a in {_titles(section=s).nunique()
                                                 for s in load("career_ladder")["section"].unique()},
                "That is one of the two lists. The article names the next steps twice, in its introduction "
                "and its career-growth section: count the titles of both."),
        Mistake(lambda a: _is_count(a) and a == _titles(role=None).nunique(),
                "That counts the data scientist's titles too: keep role == 'MLE'."),
        Mistake(lambda a: _is_count(a)
                and a == len(set(_titles(section="introduction")) & set(_titles(section="career growth"))),
                "That is the number of titles the two lists share. The question asks for every different title."),
    ],
    hints=[
        "Keep the rows of tables.load('career_ladder') whose role is 'MLE', from both sections.",
        "A title listed in both sections is one title: count distinct values, not rows.",
        "ladder[ladder['role'] == 'MLE']['title'].nunique()",
    ],
    solution_text=(
        "ladder = tables.load('career_ladder')\n"
        "mle_titles = ladder[ladder['role'] == 'MLE']['title'].nunique()"
    ),
)

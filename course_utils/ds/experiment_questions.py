"""Questions of ``12_ds_experiment``: the retention offer's effect, its interval, its p-value, the call.

The exercise's first cell defines ``counts`` (each group's churn proportion and size) and the group
sizes ``n_c`` and ``n_t``, so every answer below can be written from it alone.
"""

from __future__ import annotations

import math
from functools import cache

from course_utils.checks import P_VALUE, PROPORTION, Mistake, ValueQuestion
from course_utils.data import load_experiment

# scipy is imported inside the functions that grade, so importing the questions stays light.


@cache
def _numbers() -> dict[str, float]:
    """Difference of churn proportions, its relative change, unpooled standard error and pooled two-sided z test."""
    from scipy import stats

    df = load_experiment()
    by_group = df.groupby("group")["churned_90d"]
    p_c, p_t = by_group.mean()["control"], by_group.mean()["treatment"]
    n_c, n_t = by_group.size()["control"], by_group.size()["treatment"]
    diff = p_t - p_c
    se = math.sqrt(p_c * (1 - p_c) / n_c + p_t * (1 - p_t) / n_t)
    pooled = df["churned_90d"].mean()
    z = diff / math.sqrt(pooled * (1 - pooled) * (1 / n_c + 1 / n_t))
    return {"diff": float(diff), "relative": float(diff / p_c), "se": se, "z": float(z),
            "p": float(2 * stats.norm.sf(abs(z)))}


def _near(a, b) -> bool:
    """Whether ``a`` would pass for ``b`` under the proportion rule: how a known mistake is recognised."""
    return PROPORTION.accepts(a, b)


def _churner_counts() -> dict[str, int]:
    return load_experiment().groupby("group")["churned_90d"].sum().astype(int).to_dict()


q1 = ValueQuestion(
    id="ds_experiment.q1",
    prompt="What is the difference in 90-day churn proportions, treatment minus control (a fraction)?",
    expected=lambda: _numbers()["diff"],
    tolerance=PROPORTION,
    mistakes=[
        Mistake(lambda a: _near(a, -_numbers()["diff"]),
                "The sign is flipped: take treatment minus control. A negative difference means the offer lowered churn."),
        Mistake(lambda a: math.isclose(a, 100 * _numbers()["diff"], abs_tol=0.05),
                "That is in percentage points. Give the difference as a fraction: -3.9 points is -0.039."),
        Mistake(lambda a: math.isclose(abs(a), abs(_numbers()["relative"]), abs_tol=2e-3),
                "That is the relative change (the difference divided by the control rate). "
                "We want the absolute difference of the two proportions."),
        Mistake(lambda a: abs(a) == abs(_churner_counts()["treatment"] - _churner_counts()["control"]),
                "That is a difference of churner counts. Compare proportions: the mean of churned_90d in each group."),
    ],
    hints=[
        "First compute the churn proportion of each group: the mean of churned_90d per group.",
        "df.groupby('group')['churned_90d'].mean() gives both proportions; counts['mean'] holds them too.",
        "rates = df.groupby('group')['churned_90d'].mean(); diff = rates['treatment'] - rates['control']",
    ],
    solution_text="rates = df.groupby('group')['churned_90d'].mean()\n"
                  "diff = rates['treatment'] - rates['control']",
)


def _interval(level: float = 0.95) -> list[float]:
    """The unpooled ``level`` confidence interval of the difference, [low, high]."""
    from scipy import stats

    z_crit = stats.norm.ppf(0.5 + level / 2)
    n = _numbers()
    return [n["diff"] - z_crit * n["se"], n["diff"] + z_crit * n["se"]]


def _pair(a, low: float, high: float) -> bool:
    return len(a) == 2 and _near(a[0], low) and _near(a[1], high)


q2 = ValueQuestion(
    id="ds_experiment.q2",
    prompt="What is the 95% confidence interval of that difference? A tuple (low, high) of fractions.",
    expected=_interval,
    tolerance=PROPORTION,
    mistakes=[
        Mistake(lambda a: _pair(a, -_interval()[1], -_interval()[0]),
                "That is the interval of control minus treatment. Use treatment minus control, as in question 1."),
        Mistake(lambda a: _pair(a, _interval()[1], _interval()[0]),
                "The bounds are in the wrong order: give (low, high)."),
        Mistake(lambda a: _pair(a, *_interval(0.90)),
                "That is a 90% interval (1.645). A 95% interval uses 1.96 standard errors on each side."),
        Mistake(lambda a: len(a) == 2 and all(math.isclose(x / 100, e, abs_tol=5e-4) for x, e in zip(a, _interval())),
                "Those are percentage points. Give both bounds as fractions."),
        Mistake(lambda a: _pair(a, _numbers()["diff"] - _numbers()["se"], _numbers()["diff"] + _numbers()["se"]),
                "That interval is one standard error wide on each side. Multiply the standard error by 1.96."),
        Mistake(lambda a: len(a) == 2 and a[1] - a[0] > 0.5,
                "That interval is far too wide: it uses standard deviations. The standard error divides each "
                "group's p(1-p) by its size before the square root: sqrt(p_c*(1-p_c)/n_c + p_t*(1-p_t)/n_t)."),
    ],
    hints=[
        "The interval is the difference plus and minus 1.96 standard errors.",
        "The standard error of a difference of two proportions is sqrt(p_c*(1-p_c)/n_c + p_t*(1-p_t)/n_t).",
        "p_c, p_t = counts.loc['control', 'mean'], counts.loc['treatment', 'mean']; "
        "se = np.sqrt(p_c*(1-p_c)/n_c + p_t*(1-p_t)/n_t); ci = (p_t - p_c - 1.96*se, p_t - p_c + 1.96*se)",
    ],
    solution_text="p_c, p_t = counts.loc['control', 'mean'], counts.loc['treatment', 'mean']\n"
                  "se = np.sqrt(p_c * (1 - p_c) / n_c + p_t * (1 - p_t) / n_t)\n"
                  "z_crit = stats.norm.ppf(0.975)  # 1.96\n"
                  "ci = (p_t - p_c - z_crit * se, p_t - p_c + z_crit * se)",
)

q3 = ValueQuestion(
    id="ds_experiment.q3",
    prompt="What is the two-sided p-value of the two-proportion z test (pooled standard error)?",
    expected=lambda: _numbers()["p"],
    tolerance=P_VALUE,
    mistakes=[
        Mistake(lambda a: abs(a) > 1 and math.isclose(abs(a), abs(_numbers()["z"]), abs_tol=0.05),
                "That is the z statistic, not the p-value. The p-value is the probability of a z at least this "
                "far from 0 if the offer did nothing: 2 * stats.norm.sf(abs(z))."),
        Mistake(lambda a: P_VALUE.accepts(a, _numbers()["p"] / 2),
                "That is the one-sided p-value. The test is two-sided (the offer could raise or lower churn): "
                "double it, 2 * stats.norm.sf(abs(z))."),
        Mistake(lambda a: P_VALUE.accepts(a, 1 - _numbers()["p"]) or P_VALUE.accepts(a, 1 - _numbers()["p"] / 2),
                "That is the probability of a less extreme result. Use the survival function: "
                "stats.norm.sf(abs(z)), not stats.norm.cdf(abs(z))."),
        Mistake(lambda a: math.isclose(a, 100 * _numbers()["p"], abs_tol=0.05),
                "That looks like a percentage. A p-value is a probability between 0 and 1."),
    ],
    hints=[
        "First the z statistic: the difference divided by its standard error under 'no effect' "
        "(pooled proportion p of both groups together).",
        "Pooled standard error: sqrt(p*(1-p)*(1/n_c + 1/n_t)). Then z = (p_t - p_c) / se_pooled.",
        "p_value = 2 * stats.norm.sf(abs(z)). Do not submit z itself.",
    ],
    solution_text="p_pool = df['churned_90d'].mean()\n"
                  "se_pool = np.sqrt(p_pool * (1 - p_pool) * (1 / n_c + 1 / n_t))\n"
                  "z = (counts.loc['treatment', 'mean'] - counts.loc['control', 'mean']) / se_pool\n"
                  "p_value = 2 * stats.norm.sf(abs(z))",
)

q4 = ValueQuestion(
    id="ds_experiment.q4",
    prompt="Ship the offer? True if p < 0.05 and the whole 95% interval shows a reduction of at least "
           "1 percentage point.",
    expected=lambda: bool(_numbers()["p"] < 0.05 and _interval()[1] <= -0.01),
    mistakes=[
        Mistake(False, "Look again at both conditions: the p-value is well below 0.05, and the interval's upper "
                       "bound (the smallest plausible reduction) is below -0.01, i.e. a reduction of more than 1 point."),
    ],
    hints=[
        "Two conditions: statistical (the p-value) and practical (the size of the effect).",
        "The interval's upper bound is the smallest reduction consistent with the data. Is it below -0.01?",
        "ship = (p_value < 0.05) and (ci[1] <= -0.01)",
    ],
    solution_text="ship = bool(p_value < 0.05 and ci[1] <= -0.01)",
)

"""Are the monitoring lesson's questions graded three ways, with specific messages for real mistakes?"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.data import load_clean, load_production
from course_utils.mle import drift
from course_utils.mle.monitoring_questions import NUMERIC
from corpus import Corpus, Lazy, Right, Wrong, corpus_tests


@pytest.mark.parametrize("qid", [f"mle_monitoring.q{n}" for n in (1, 2, 3, 4)])
def test_blank_is_not_attempted(qid):
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def learner_psi(reference, current, bins=10):
    """The worked solution, written as a learner would."""
    reference, current = np.asarray(reference, float), np.asarray(current, float)
    edges = np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1])
    p = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=bins) / len(reference)
    q = np.bincount(np.searchsorted(edges, current, side="right"), minlength=bins) / len(current)
    p, q = np.maximum(p, 0.0001), np.maximum(q, 0.0001)
    return float(np.sum((q - p) * np.log(q / p)))


def test_q1_passes_a_correct_psi_and_the_exercise_stub_is_not_attempted():
    q = get("mle_monitoring.q1")
    assert q.grade(learner_psi).status == PASSED
    assert q.grade(drift.psi).status == PASSED

    def stub(reference, current, bins=10):
        """The generated exercise's empty body."""

    assert q.grade(stub).status == NOT_ATTEMPTED

    def no_return(reference, current, bins=10):
        drift.psi(reference, current, bins)

    assert "did you forget `return`?" in q.grade(no_return).message


def histogram_psi(reference, current, bins=10):
    edges = np.quantile(reference, np.linspace(0, 1, bins + 1))
    p = np.histogram(reference, edges)[0] / len(reference)
    counts = np.histogram(current, edges)[0]
    q = counts / counts.sum()
    p, q = np.maximum(p, 0.0001), np.maximum(q, 0.0001)
    return float(np.sum((q - p) * np.log(q / p)))


def equal_width_psi(reference, current, bins=10):
    edges = np.linspace(reference.min(), reference.max(), bins + 1)[1:-1]
    p = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=bins) / len(reference)
    q = np.bincount(np.searchsorted(edges, current, side="right"), minlength=bins) / len(current)
    p, q = np.maximum(p, 0.0001), np.maximum(q, 0.0001)
    return float(np.sum((q - p) * np.log(q / p)))


def counts_psi(reference, current, bins=10):
    edges = np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1])
    p = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=bins).astype(float)
    q = np.bincount(np.searchsorted(edges, current, side="right"), minlength=bins).astype(float)
    p, q = np.maximum(p, 0.0001), np.maximum(q, 0.0001)
    return float(np.sum((q - p) * np.log(q / p)))


def no_floor_psi(reference, current, bins=10):
    edges = np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1])
    p = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=bins) / len(reference)
    q = np.bincount(np.searchsorted(edges, current, side="right"), minlength=bins) / len(current)
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum((q - p) * np.log(q / p)))


def flipped_psi(reference, current, bins=10):
    return -learner_psi(reference, current, bins)


@pytest.mark.parametrize("wrong, words", [
    (histogram_psi, "beyond the reference's range are being dropped"),
    (equal_width_psi, "equal-width bins"),
    (counts_psi, "counts, not shares"),
    (no_floor_psi, "ln(0) is infinite"),
    (flipped_psi, "negative"),
    (lambda reference, current, bins=10: 0.5, "we expected"),
    (lambda reference, current, bins=10: [0.1, 0.2], "return one number"),
])
def test_q1_names_the_mistake(wrong, words):
    outcome = get("mle_monitoring.q1").grade(wrong)
    assert outcome.status == INCORRECT and words in outcome.message


def test_q1_refuses_a_number_and_reports_a_crash():
    q = get("mle_monitoring.q1")
    assert "Expected a function" in q.grade(0.25).message

    def crashes(reference, current, bins=10):
        raise KeyError("month")

    outcome = q.grade(crashes)
    assert outcome.status == INCORRECT and "raised KeyError" in outcome.message


def cut_psi(reference, current):
    """PSI over ten quantile bins of the reference, with pandas' cut and open outer bins."""
    edges = [-np.inf, *np.quantile(reference, np.arange(1, 10) / 10), np.inf]
    p, q = (pd.cut(pd.Series(values), edges, right=False).value_counts(normalize=True, sort=False).clip(lower=0.0001)
            for values in (reference, current))
    return float(((q - p) * np.log(q / p)).sum())


def test_q2_right_and_wrong():
    q = get("mle_monitoring.q2")
    reference, production = load_clean()["MonthlyCharges"], load_production()
    by_month = {month: cut_psi(reference, batch["MonthlyCharges"]) for month, batch in production.groupby("month")}
    assert q.grade(min(month for month, value in by_month.items() if value >= 0.25)).status == PASSED
    late = q.grade("2026-05")
    assert late.status == INCORRECT and "accuracy falls" in late.message
    assert "contract-mix" in q.grade("2026-04").message
    assert "Expected text" in q.grade(0.376).message


def false_alarm_rate(window: int) -> float:
    """The share of 100 undrifted windows (months 1 and 2, drawn as drift.null_windows draws them) above 0.1."""
    reference, production = load_clean()["MonthlyCharges"].to_numpy(), load_production()
    pool = production.loc[production["month"].isin(["2026-01", "2026-02"]), "MonthlyCharges"].to_numpy()
    rng = np.random.default_rng(0)
    return float(np.mean([cut_psi(reference, rng.choice(pool, size=window, replace=False)) > 0.1
                          for _ in range(100)]))


def test_q3_right_and_wrong():
    q = get("mle_monitoring.q3")
    assert q.grade(next(w for w in (50, 100, 200, 500) if false_alarm_rate(w) < 0.05)).status == PASSED
    assert "window size to avoid" in q.grade(50).message
    assert "take the smallest size" in q.grade(500).message
    assert "looks like a rate" in q.grade(0.01).message


def percent_psi(reference, current, bins=10):
    edges = np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1])
    p = 100 * np.bincount(np.searchsorted(edges, reference, side="right"), minlength=bins) / len(reference)
    q = 100 * np.bincount(np.searchsorted(edges, current, side="right"), minlength=bins) / len(current)
    p, q = np.maximum(p, 0.0001), np.maximum(q, 0.0001)
    return float(np.sum((q - p) * np.log(q / p)))


def plus_epsilon_psi(reference, current, bins=10):
    edges = np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1])
    p = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=bins) / len(reference) + 0.0001
    q = np.bincount(np.searchsorted(edges, current, side="right"), minlength=bins) / len(current) + 0.0001
    return float(np.sum((q - p) * np.log(q / p)))


def ln_p_over_q_psi(reference, current, bins=10):
    edges = np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1])
    p = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=bins) / len(reference)
    q = np.bincount(np.searchsorted(edges, current, side="right"), minlength=bins) / len(current)
    p, q = np.maximum(p, 0.0001), np.maximum(q, 0.0001)
    return float(np.sum((q - p) * np.log(p / q)))


def current_bins_psi(reference, current, bins=10):
    """Cut points from the current window instead of the reference."""
    return learner_psi(current, reference, bins)


def digitize_psi(reference, current, bins=10):
    """np.digitize on the inner edges, shares with np.histogram-free counting, a loop over bins."""
    edges = np.quantile(np.asarray(reference), [i / bins for i in range(1, bins)])
    shares = []
    for values in (np.asarray(reference), np.asarray(current)):
        index = np.digitize(values, edges)
        shares.append(np.array([max((index == b).mean(), 0.0001) for b in range(bins)]))
    p, q = shares
    return sum((q - p) * np.log(q / p))


def series_psi(reference, current, bins=10):
    """pandas' cut with open outer bins, returning a numpy float."""
    return np.float64(cut_psi(pd.Series(reference), pd.Series(current)))


def _month_psi(psi):
    reference, production = load_clean()["MonthlyCharges"], load_production()
    return production.groupby("month")["MonthlyCharges"].apply(lambda m: psi(reference, m))


def _rates():
    return pd.Series({w: false_alarm_rate(w) for w in (50, 100, 200, 500)})


def lesson_one_liner_psi(reference, current, bins=10):
    """PSI as lesson 23 prints it: true shares in the difference, a floor of 1e-4 only inside the log."""
    edges = np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1])
    p = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=bins) / len(reference)
    q = np.bincount(np.searchsorted(edges, current, side="right"), minlength=bins) / len(current)
    return float(np.sum((q - p) * np.log(np.maximum(q, 1e-4) / np.maximum(p, 1e-4))))


CORPUS = {
    "mle_monitoring.q1": Corpus(
        wrong=[
            Wrong(current_bins_psi, says="bins seem to come from the current sample",
                  seen="np.quantile(current, ...) for the cut points: the window defines its own bins"),
            Wrong(ln_p_over_q_psi, says="ln(p / q) instead of ln(q / p)", seen="the ratio written the other way"),
            Wrong(percent_psi, says="percents", seen="value_counts(normalize=True) * 100 kept from an EDA cell"),
            Wrong(no_floor_psi, says="ln(0) is infinite", seen="no floor for empty bins"),
            Wrong(plus_epsilon_psi, says="added to every share", seen="p + 1e-4 as a smoothing habit"),
            Wrong(histogram_psi, says="being dropped", seen="np.histogram on the 0..1 quantiles"),
        ],
        right=[
            Right(learner_psi, how="searchsorted and bincount"),
            Right(lesson_one_liner_psi, how="lesson 23's one-liner: floored shares only inside the logarithm"),
            Right(digitize_psi, how="np.digitize and a loop over bins, a Python sum"),
            Right(series_psi, how="pandas cut on Series, a numpy float returned"),
        ],
    ),
    "mle_monitoring.q2": Corpus(
        wrong=[
            Wrong("2026-01", says="threshold seems read the wrong way", seen="first month below 0.25"),
            Wrong("2026-06", says="largest PSI", seen="values.idxmax()"),
            Wrong("2026-05", says="accuracy falls", seen="the month the model's accuracy falls"),
            Wrong(2, says="Expected text", seen="the position of the month, from np.argmax"),
        ],
        right=[
            Right(Lazy(lambda: (lambda v: v[v >= 0.25].index[0])(_month_psi(cut_psi))), how="pandas cut PSI"),
            Right(Lazy(lambda: " " + str(_month_psi(drift.psi).ge(0.25).idxmax()) + " "),
                  how="idxmax of a boolean Series, with spaces around"),
        ],
    ),
    "mle_monitoring.q3": Corpus(
        wrong=[
            Wrong(50, says="window size to avoid", seen="the size with the highest rate"),
            Wrong(100, says="under 0.05, not over", seen="the threshold read the wrong way"),
            Wrong(500, says="take the smallest size", seen="the quietest window"),
            Wrong(0.01, says="looks like a rate", seen="the rate instead of the size"),
            Wrong("200 rows", says="Expected a number", seen="the size as text"),
        ],
        right=[
            Right(Lazy(lambda: (lambda r: int(r[r < 0.05].index.min()))(_rates())), how="an int from the table"),
            Right(Lazy(lambda: np.float64((lambda r: r[r < 0.05].index[0])(_rates()))), how="a numpy float"),
        ],
    ),
    "mle_monitoring.q4": Corpus(
        wrong=[
            Wrong(Lazy(lambda: ks_march(0.05)), says="threshold seems uncorrected", seen="p < 0.05, no correction"),
            Wrong(Lazy(lambda: ks_march(0.05 / 4)), says="divided by the 4 numeric features",
                  seen="Bonferroni over the features in the loop only"),
            Wrong(Lazy(lambda: [f for f, p in ks_march_pvalues().items() if p > 0.05 / 19]),
                  says="read the wrong way", seen="p > threshold taken as drift"),
            Wrong(Lazy(lambda: [f for f, s in ks_march_statistics().items() if s < 0.05 / 19]),
                  says="not the statistic", seen="the statistic compared with the p-value threshold"),
            Wrong("MonthlyCharges", says="Expected a list", seen="one name as text"),
        ],
        right=[
            Right(Lazy(lambda: ks_march(0.05 / 19)), how="a list from scipy"),
            Right(Lazy(lambda: drift.drift_report(load_clean(), march(), list(NUMERIC))
                       .query("p_value < 0.05 / 19").index), how="drift_report's index"),
            Right(Lazy(lambda: set(ks_march(0.0026))), how="a set, the threshold rounded"),
        ],
    ),
}
test_corpus = corpus_tests(CORPUS)


def march():
    production = load_production()
    return production[production["month"] == "2026-03"]


def ks_march_pvalues() -> dict:
    reference, batch = load_clean(), march()
    return {f: stats.ks_2samp(reference[f], batch[f]).pvalue for f in NUMERIC}


def ks_march_statistics() -> dict:
    reference, batch = load_clean(), march()
    return {f: stats.ks_2samp(reference[f], batch[f]).statistic for f in NUMERIC}


def ks_march(threshold: float) -> list:
    return [f for f, p in ks_march_pvalues().items() if p < threshold]

"""Are the questions of 10_ds_frame_and_clean graded three ways: blank, wrong, right?"""

from functools import cache

import numpy as np
import pandas as pd
import pytest
from corpus import Corpus, Lazy, Right, Wrong, corpus_tests

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.data import clean_churn, load_clean, load_raw

IDS = ["ds_clean.q1", "ds_clean.q2", "ds_clean.q3", "ds_clean.q4", "ds_clean.q5"]


@cache
def raw_rows(dedup: bool = True) -> list[dict]:
    """The raw export's rows as dicts (text values), each distinct row once unless ``dedup`` is False."""
    seen, rows = set(), []
    for row in load_raw().to_dict("records"):
        key = tuple(row.values())
        if key not in seen or not dedup:
            seen.add(key)
            rows.append(row)
    return rows


def count_rows(tenure_bad, monthly_bad, combine=lambda t, m: t or m, dedup=True) -> int:
    """How many raw rows ``combine`` flags, from the text of tenure and MonthlyCharges."""
    return sum(combine(tenure_bad(r["tenure"]), monthly_bad(r["MonthlyCharges"])) for r in raw_rows(dedup))


NEGATIVE, NOT_POSITIVE, NEVER = (lambda v: float(v) < 0), (lambda v: float(v) <= 0), (lambda v: False)


def churned(rows: list[dict]) -> float:
    return sum(r["Churn"].strip().lower() in ("yes", "y") for r in rows) / len(rows)


def possible(rows: list[dict]) -> list[dict]:
    return [r for r in rows if float(r["tenure"]) >= 0 and float(r["MonthlyCharges"]) > 0]


def clean_rate() -> float:
    return churned(possible(raw_rows()))


def coerces_to_nan(values):
    return pd.to_numeric(values, errors="coerce")


def strips_only(values):
    return pd.to_numeric(values.str.strip())


def misses_blanks(values):
    return pd.to_numeric(values)


def keeps_text(values):
    return values.str.strip().replace("", "0")


def to_whole_numbers(values):
    return values.str.strip().replace("", "0").astype(int)


def fills_the_mean(values):
    numbers = pd.to_numeric(values.str.strip().replace("", np.nan))
    return numbers.fillna(numbers.mean())


def right_converter(values):
    return pd.to_numeric(values.str.strip().replace("", "0"))


def coerce_then_fill(values):
    return pd.to_numeric(values, errors="coerce").fillna(0)


def as_a_list(values):
    return [float(v) if v.strip() else 0.0 for v in values]


def by_regex(values):
    return values.replace(r"^\s*$", "0", regex=True).astype(float)


CORPUS = {
    "ds_clean.q1": Corpus(
        wrong=[
            Wrong(Lazy(lambda: int(load_raw().duplicated(keep=False).sum())), says="both copies",
                  seen="duplicated(keep=False), to see every row involved"),
            Wrong(Lazy(lambda: len(load_raw()) - len(load_clean())), says="whole cleaning",
                  seen="raw rows minus clean rows"),
            Wrong(Lazy(lambda: len(raw_rows())), says="rows left after dropping",
                  seen="len(raw.drop_duplicates())"),
            Wrong(Lazy(lambda: len(load_raw())), says="rows of the raw export", seen="len(raw)"),
            Wrong(0, says="Zero would mean", seen="duplicated() on a cleaned table"),
        ],
        right=[
            Right(Lazy(lambda: len(load_raw()) - len(raw_rows())), how="rows minus distinct rows, plain Python"),
            Right(Lazy(lambda: np.int64(load_raw().duplicated().sum())), how="a NumPy integer"),
            Right(Lazy(lambda: float(load_raw().duplicated().sum())), how="as a float"),
        ],
    ),
    "ds_clean.q2": Corpus(
        wrong=[
            Wrong(coerces_to_nan, says="not NaN", seen="errors='coerce' turns blanks into NaN"),
            Wrong(strips_only, says="not NaN", seen="strip, but '' stays NaN for pd.to_numeric"),
            Wrong(misses_blanks, says="spaces cannot be read", seen="pd.to_numeric straight on the text"),
            Wrong(keeps_text, says="returns text", seen="forgot the conversion"),
            Wrong(to_whole_numbers, says="which has no blank", seen="astype(int) on '29.85'"),
            Wrong(fills_the_mean, says="not another value", seen="filled blanks with the mean"),
            Wrong(lambda values: print(values), says="forget `return`", seen="printed instead of returned"),
            Wrong("pd.to_numeric", says="Expected a function", seen="passed text"),
        ],
        right=[
            Right(right_converter, how="strip, replace '' by '0', to_numeric"),
            Right(coerce_then_fill, how="coerce, then fillna(0)"),
            Right(as_a_list, how="a list comprehension returning a list"),
            Right(by_regex, how="a regex for blank-or-spaces, then astype(float)"),
        ],
    ),
    "ds_clean.q3": Corpus(
        wrong=[
            Wrong(Lazy(lambda: count_rows(NEGATIVE, NEVER)), says="only the negative tenures"),
            Wrong(Lazy(lambda: count_rows(NEVER, NOT_POSITIVE)), says="only the monthly charges of 0 or less"),
            Wrong(Lazy(lambda: count_rows(NEVER, NEGATIVE)), says="only the negative monthly charges"),
            Wrong(Lazy(lambda: count_rows(NEGATIVE, NEGATIVE)), says="not < 0", seen="MonthlyCharges < 0"),
            Wrong(Lazy(lambda: count_rows(lambda v: v < "0", lambda v: v <= "0")), says="compared text",
                  seen="the raw text compared with '0'"),
            Wrong(Lazy(lambda: count_rows(NEGATIVE, NOT_POSITIVE, dedup=False)), says="before dropping the duplicates"),
            Wrong(Lazy(lambda: count_rows(NEGATIVE, NOT_POSITIVE, lambda t, m: t + m)), says="counts twice",
                  seen="the two counts added"),
            Wrong(Lazy(lambda: count_rows(NEGATIVE, NOT_POSITIVE, lambda t, m: t and m)), says="only the rows with both"),
            Wrong(Lazy(lambda: count_rows(NOT_POSITIVE, NOT_POSITIVE)), says="joined this month",
                  seen="tenure <= 0"),
            Wrong(Lazy(lambda: pd.to_numeric(load_raw().drop_duplicates()["tenure"]) < 0), says="Expected a number",
                  seen="the mask, without .sum()"),
        ],
        right=[
            Right(Lazy(lambda: count_rows(NEGATIVE, NOT_POSITIVE)), how="plain Python over distinct rows"),
            Right(Lazy(lambda: len(load_raw().drop_duplicates()) - len(load_clean())), how="rows the last step drops"),
            Right(Lazy(lambda: float(count_rows(NEGATIVE, NOT_POSITIVE))), how="as a float"),
        ],
    ),
    "ds_clean.q4": Corpus(
        wrong=[
            Wrong(Lazy(lambda: 100 * clean_rate()), says="percentage"),
            Wrong(Lazy(lambda: 1 - clean_rate()), says="stayed"),
            Wrong(Lazy(lambda: float((load_raw()["Churn"] == "Yes").mean())), says="exact spelling"),
            Wrong(Lazy(lambda: churned(raw_rows())), says="drop the impossible values",
                  seen="deduplicated and normalised, impossible rows kept"),
            Wrong(Lazy(lambda: churned(possible(raw_rows(dedup=False)))), says="duplicates are still there"),
            Wrong(Lazy(lambda: round(churned(possible(raw_rows(dedup=False))), 3)), says="duplicates are still there",
                  seen="the same, rounded to 3 decimals"),
            Wrong(Lazy(lambda: churned(raw_rows(dedup=False))), says="only the spellings fixed"),
            Wrong(Lazy(lambda: round(clean_rate(), 2)), says="rounded too far"),
        ],
        right=[
            Right(Lazy(lambda: float(clean_churn(load_raw())["Churn"].mean())), how="the reference cleaning"),
            Right(Lazy(clean_rate), how="plain Python over distinct possible rows"),
            Right(Lazy(lambda: round(clean_rate(), 3)), how="rounded to 3 decimals"),
            Right(Lazy(lambda: load_clean()["Churn"].mean()), how="a NumPy float from the clean file"),
        ],
    ),
    "ds_clean.q5": Corpus(
        wrong=[
            Wrong("SELECT Contract, 100 * AVG(Churn) FROM clean GROUP BY Contract", says="percentages"),
            Wrong("SELECT Contract, SUM(Churn) FROM clean GROUP BY Contract", says="counts"),
            Wrong("SELECT Contract, AVG(1 - Churn) FROM clean GROUP BY Contract", says="stayed"),
            Wrong("SELECT Contract, COUNT(Churn) / COUNT(*) FROM clean GROUP BY Contract", says="counts every row"),
            Wrong("SELECT Contract, AVG(Churn) FROM clean WHERE Churn = 1 GROUP BY Contract", says="WHERE keeps only"),
            Wrong("SELECT Contract, ROUND(AVG(Churn), 2) FROM clean GROUP BY Contract", says="rounded too far"),
            Wrong("SELECT Contract, AVG(Churn) FROM clean GROUP BY Contract, InternetService",
                  says="group by Contract alone"),
            Wrong("SELECT Contract, AVG(Churn) FROM df GROUP BY Contract", says="table is called clean"),
            Wrong("SELECT Contract, AVG(Churn) FROM clean", says="must be in the GROUP BY"),
            Wrong("SELECT Contract, AVG(churned) FROM clean GROUP BY Contract", says="misspelled"),
            Wrong("SELECT Contract, AVG(Contract) FROM clean GROUP BY Contract", says="cannot take that column"),
            Wrong("SELEC Contract FROM clean", says="syntax error"),
            Wrong("SELECT AVG(Churn), COUNT(*) FROM clean GROUP BY Contract", says="one column of each"),
            Wrong("SELECT Contract, AVG(Churn), COUNT(*) FROM clean GROUP BY Contract", says="return two"),
            Wrong(Lazy(lambda: load_clean().groupby("Contract")["Churn"].mean()), says="as text"),
        ],
        right=[
            Right("SELECT Contract, AVG(Churn) AS churn_rate FROM clean GROUP BY Contract", how="the worked query"),
            Right("SELECT AVG(Churn) AS churn_rate, Contract FROM clean GROUP BY Contract", how="columns swapped"),
            Right("SELECT Contract, SUM(Churn) * 1.0 / COUNT(*) AS rate FROM clean GROUP BY Contract "
                  "ORDER BY rate DESC", how="sum over count, ordered"),
            Right("SELECT Contract, ROUND(AVG(CASE WHEN Churn = 1 THEN 1.0 ELSE 0 END), 3) FROM clean "
                  "GROUP BY 1", how="CASE WHEN, rounded to 3 decimals, GROUP BY position"),
        ],
    ),
}

test_corpus = corpus_tests(CORPUS)


@pytest.mark.parametrize("qid", IDS)
def test_blank_is_not_attempted(qid):
    """Is the exercise's starting blank graded as not attempted?"""
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_q2_stub_and_blank_query_are_not_attempted():
    """Are the generated exercise's empty function body and an empty query not attempted?"""
    def empty_body(values):
        """The generated exercise's stub."""

    assert get("ds_clean.q2").grade(empty_body).status == NOT_ATTEMPTED
    assert get("ds_clean.q5").grade("  ").status == NOT_ATTEMPTED


def test_q3_every_wrong_count_differs_from_the_right_one():
    """Does the data make each wrong way of counting impossible rows give a count of its own?"""
    right = count_rows(NEGATIVE, NOT_POSITIVE)
    wrong = [entry.answer.build() for entry in CORPUS["ds_clean.q3"].wrong[:9]]
    assert len(set(wrong)) == len(wrong) and right not in wrong


def test_q4_percent_message_does_not_catch_a_rate_of_one_percent():
    """Is 1 (a fraction of 100%) told apart from a percentage?"""
    outcome = get("ds_clean.q4").grade(1)
    assert outcome.status == INCORRECT and "percentage" not in outcome.message


def test_q5_passes_the_rate_on_the_csv_file_too():
    """Does a query on the CSV file (another way to reach the same table) pass?"""
    from course_utils.data import data_path

    query = f"SELECT Contract, AVG(Churn) FROM read_csv('{data_path('telco_churn_clean.csv')}') GROUP BY Contract"
    assert get("ds_clean.q5").grade(query).status == PASSED

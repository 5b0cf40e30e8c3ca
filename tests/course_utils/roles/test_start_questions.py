"""Is the warm-up question of 00_start_here graded three ways?"""

import csv

import numpy as np
import pytest
from corpus import Corpus, Right, Wrong, corpus_tests

from course_utils.checks import INCORRECT, NOT_ATTEMPTED, PASSED, get
from course_utils.paths import DATA_DIR


def csv_shape(name: str) -> tuple[int, int]:
    """Rows and columns of data/NAME, read with the csv module rather than pandas."""
    with open(DATA_DIR / name, newline="") as f:
        header, *rows = csv.reader(f)
    return len(rows), len(header)


@pytest.mark.parametrize("qid", ["start.q1"])
def test_blank_is_not_attempted(qid):
    assert get(qid).grade(...).status == NOT_ATTEMPTED


def test_q1_right_and_wrong():
    q = get("start.q1")
    n_rows, n_columns = csv_shape("telco_churn_clean.csv")
    assert q.grade(n_rows).status == PASSED
    raw_count = q.grade(csv_shape("telco_churn_raw.csv")[0])
    assert raw_count.status == INCORRECT and "raw export" in raw_count.message
    columns = q.grade(n_columns)
    assert columns.status == INCORRECT and "number of columns" in columns.message


def raw_distinct_ids() -> int:
    with open(DATA_DIR / "telco_churn_raw.csv", newline="") as f:
        return len({row["customerID"] for row in csv.DictReader(f)})


N_ROWS, N_COLUMNS = csv_shape("telco_churn_clean.csv")

CORPUS = {
    "start.q1": Corpus(
        wrong=[
            Wrong(csv_shape("telco_churn_raw.csv")[0], says="raw export", seen="loading load_raw() by habit"),
            Wrong(raw_distinct_ids(), says="distinct IDs in the raw export", seen="df['customerID'].nunique() on raw"),
            Wrong(N_COLUMNS, says="number of columns", seen="df.shape[1]"),
            Wrong(N_ROWS * N_COLUMNS, says="df.size", seen="df.size"),
            Wrong((N_ROWS, N_COLUMNS), says="That is df.shape", seen="df.shape"),
            Wrong(str(N_ROWS), says="as text in quotes", seen="a number typed in quotes"),
            Wrong("many", says="Expected a number", seen="a word"),
        ],
        right=[
            Right(N_ROWS, how="len(df)"),
            Right(np.int64(N_ROWS), how="df.shape[0] or a numpy count"),
            Right(float(N_ROWS), how="a float from a sum of ones"),
        ],
    ),
}
test_corpus = corpus_tests(CORPUS)
